"""Best-slot ranking ("perfect day") on the example clinic: one simulated week of requests, booked
first-fit and ranked, and the idle time each leaves.

    python examples/python/perfect_day.py [--seed N] [--seeds N] [--requests N] [--json]

Each request asks for a treatment on one day of the week 2026-12-14 to 2026-12-19 at
santiago-centro and arrives at some moment of the week before (requests are answered in arrival
order, each against the bookings made so far). The patient takes the first slot offered:

* ``first-fit``: the engine's default order (earliest start, then professional; first free chair);
* ``compact``: ``order="compact"`` (the slots that leave the fewest idle gaps first, best chair first);
* ``compact + held``: the same, with chair c1's weekday mornings held for extractions until 24 hours
  before (a reservation), as a clinic that keeps its surgery chair for surgery would.

Idle time is measured here, independently of the engine's scoring, from the bookings made and the
engine's ``hours`` (opening and working hours of each date): a gap on a chair, or in a
professional's working time, is idle when no treatment that could use it fits in it at a start of
the 15-minute grid. The figures for the default seed are in docs/booking-rules.md.
"""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import pathlib
import random
import sys
from typing import Any, Optional
from zoneinfo import ZoneInfo

import booking

HERE = pathlib.Path(__file__).resolve().parents[1] / "clinic"
SITE = "santiago-centro"
ZONE = ZoneInfo("America/Santiago")
WEEK = [dt.date(2027, 1, 11) + dt.timedelta(days=k) for k in range(6)]  # Monday to Saturday
#: How often each treatment is asked for.
MIX = {"limpieza": 40, "control": 30, "endodoncia": 15, "extraccion": 15}
HELD = [{"chairs": ["c1"], "days": ["mon", "tue", "wed", "thu", "fri"], "hours": [["09:00", "13:00"]],
         "treatments": ["extraccion"], "release_hours": 24, "reason": "cirugía"}]

Span = tuple[dt.datetime, dt.datetime]


def requests(seed: int, n: int) -> list[tuple[dt.datetime, str, dt.date]]:
    """(arrival, treatment, day) for n requests, in arrival order, over the week before WEEK."""
    rng = random.Random(seed)
    first = dt.datetime(2027, 1, 4, 9, 0, tzinfo=ZONE)
    out = []
    for _ in range(n):
        arrival = first + dt.timedelta(minutes=rng.randrange(7 * 24 * 60 - 15 * 60))
        treatment = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        out.append((arrival, treatment, rng.choice(WEEK)))
    return sorted(out)


def book_week(clinic_doc: dict[str, Any], order: str, asks: list[tuple[dt.datetime, str, dt.date]]) -> list[dict[str, Any]]:
    """Books each request on the first slot offered in `order`; returns the bookings made."""
    clinic = booking.Clinic(clinic_doc)
    made: list[dict[str, Any]] = []
    for i, (arrival, treatment, day) in enumerate(asks):
        clinic.set_bookings(made)
        slots = clinic.availability(site=SITE, treatment=treatment, from_=day, to=day, now=arrival, order=order)
        if len(slots) == 0:
            continue  # nothing that day: the request goes unserved
        s = slots[0]
        made.append({"id": f"r{i}", "site": SITE, "professional": s.professional, "chair": s.chair,
                     "treatment": treatment, "start": s.start.isoformat()})
    return made


def local_spans(day: dt.date, hours: list[list[str]]) -> list[Span]:
    out = []
    for a, b in hours:
        lo = dt.datetime.combine(day, dt.time.fromisoformat(a), ZONE)
        hi = dt.datetime.combine(day, dt.time.fromisoformat(b), ZONE) if b != "24:00" else \
            dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), ZONE)
        out.append((lo.astimezone(dt.timezone.utc), hi.astimezone(dt.timezone.utc)))
    return out


def gaps(free: list[Span], busy: list[Span]) -> list[Span]:
    """The free time left in `free` once `busy` is taken out."""
    out = []
    for lo, hi in free:
        at = lo
        for b_lo, b_hi in sorted(busy):
            if b_hi <= at or b_lo >= hi:
                continue
            if b_lo > at:
                out.append((at, b_lo))
            at = max(at, b_hi)
        if at < hi:
            out.append((at, hi))
    return out


def idle(clinic_doc: dict[str, Any], made: list[dict[str, Any]]) -> dict[str, int]:
    """Idle minutes on chairs and professionals over the week, and what was booked. A gap is idle
    when no treatment that could use it fits in it at a start of the site's grid (the slot step,
    counted in UTC minutes: Santiago's offsets are whole hours)."""
    clinic = booking.Clinic(clinic_doc)
    treatments = {t["id"]: t for t in clinic_doc["treatments"]}
    site = next(s for s in clinic_doc["sites"] if s["id"] == SITE)
    step = int(clinic_doc["policies"]["slot_step_minutes"])
    minute = dt.timedelta(minutes=1)
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)

    def shape(t: dict[str, Any], who: str) -> tuple[int, int]:
        """(lo, hi) minutes from the start: the chair window, or first to last professional segment."""
        if who == "chair":
            return -int(t.get("buffer_before", 0)), sum(s["minutes"] for s in t["segments"]) + int(t.get("buffer_after", 0))
        at, lo, hi = 0, None, 0
        for seg in t["segments"]:
            if seg.get("professional", True):
                lo = at if lo is None else lo
                hi = at + seg["minutes"]
            at += seg["minutes"]
        return int(lo or 0), hi

    def fits(gap: Span, shapes: list[tuple[int, int]]) -> bool:
        a, b = ((x - epoch) // minute for x in gap)
        return any(-(-(a - lo) // step) * step + hi <= b for lo, hi in shapes)

    def parts(b: dict[str, Any], who: str) -> list[Span]:
        start = dt.datetime.fromisoformat(b["start"]).astimezone(dt.timezone.utc)
        t = treatments[b["treatment"]]
        if who == "chair":
            lo, hi = shape(t, "chair")
            return [(start + lo * minute, start + hi * minute)]
        out, at = [], start
        for seg in t["segments"]:
            end = at + seg["minutes"] * minute
            if seg.get("professional", True):
                out.append((at, end))
            at = end
        return out

    def idle_in(free: list[Span], busy: list[Span], shapes: list[tuple[int, int]]) -> int:
        return sum((hi - lo) // minute for lo, hi in gaps(free, busy) if not fits((lo, hi), shapes))

    result = {"bookings": len(made), "booked_minutes": 0, "chair_idle": 0, "professional_idle": 0}
    for b in made:
        result["booked_minutes"] += sum(s["minutes"] for s in treatments[b["treatment"]]["segments"])
    pros = [p for p in clinic_doc["professionals"] if any(e["site"] == SITE for e in p.get("schedule", []))]
    for day in WEEK:
        opened = local_spans(day, clinic.hours(SITE, day)["open"]["hours"])
        for chair in site["chairs"]:
            tags = set(chair.get("tags", []))
            shapes = [shape(t, "chair") for t in treatments.values() if set(t.get("chair_tags", [])) <= tags]
            busy = [w for b in made if b["chair"] == chair["id"] for w in parts(b, "chair")]
            result["chair_idle"] += idle_in(opened, busy, shapes)
        for p in pros:
            works = local_spans(day, clinic.hours(SITE, day, professional=p["id"])["works"]["hours"])
            shapes = [shape(treatments[t], "professional") for t in p["treatments"]]
            busy = [w for b in made if b["professional"] == p["id"] for w in parts(b, "professional")]
            result["professional_idle"] += idle_in(works, busy, shapes)
    return result


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--requests", type=int, default=110)
    ap.add_argument("--seeds", type=int, default=1, help="sum over this many weeks (seeds --seed, --seed + 1, ...)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    clinic_doc = json.loads((HERE / "clinic.json").read_text(encoding="utf-8"))
    held_doc = copy.deepcopy(clinic_doc)
    next(s for s in held_doc["sites"] if s["id"] == SITE)["reservations"] = HELD
    rows: dict[str, dict[str, int]] = {}
    asked, asked_extractions = 0, 0
    for seed in range(args.seed, args.seed + args.seeds):
        asks = requests(seed, args.requests)
        asked += len(asks)
        asked_extractions += sum(1 for _, t, _ in asks if t == "extraccion")
        for name, doc, order in (("first-fit", clinic_doc, "start"), ("compact", clinic_doc, "compact"),
                                 ("compact + held", held_doc, "compact")):
            made = book_week(doc, order, asks)
            got = idle(clinic_doc, made)
            got["extractions"] = sum(1 for b in made if b["treatment"] == "extraccion")
            row = rows.setdefault(name, dict.fromkeys(got, 0))
            for key, value in got.items():
                row[key] += value
    if args.json:
        print(json.dumps({"seed": args.seed, "seeds": args.seeds, "requests": asked, "extractions_asked": asked_extractions,
                          "rows": rows}))
        return 0
    weeks = f"seed {args.seed}" if args.seeds == 1 else f"{args.seeds} weeks, seeds {args.seed}-{args.seed + args.seeds - 1}"
    print(f"{asked} requests ({asked_extractions} extractions) for {WEEK[0]} to {WEEK[-1]} at {SITE}, {weeks}")
    print(f"{'':16}{'booked':>8}{'minutes':>9}{'chair idle':>12}{'prof. idle':>12}{'extractions':>13}")
    for name, r in rows.items():
        print(f"{name:16}{r['bookings']:>8}{r['booked_minutes']:>9}{r['chair_idle']:>12}{r['professional_idle']:>12}"
              f"{r['extractions']:>13}")
    base, best = rows["first-fit"], rows["compact"]
    saved = base["chair_idle"] + base["professional_idle"] - best["chair_idle"] - best["professional_idle"]
    print(f"compact ranking leaves {saved} fewer idle minutes than first-fit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
