#!/usr/bin/env python3
"""Writes examples/clinic/month.json: November 2026 at the example clinic, with outcomes.

Deterministic (a seeded generator): each professional fills their working hours with appointments
back to back on their own chair, with gaps, so that no two bookings collide (`booking validate`
passes); until 26 November most are completed, some no-shows and cancellations, and from the 27th
they are still confirmed or pending (the reminder examples look from the 26th); each says when it was made
(created_at, hours to six weeks before). The KPI and reminder examples read it (docs/operations.md).
"""
import datetime as dt
import json
import pathlib
import random

ROOT = pathlib.Path(__file__).resolve().parent.parent
CLINIC = json.loads((ROOT / "examples/clinic/clinic.json").read_text())
rng = random.Random(2026)
TREATMENTS = {t["id"]: t for t in CLINIC["treatments"]}
OFFSETS = {"santiago-centro": -3, "lima-miraflores": -5}  # November: Santiago on summer time, Lima fixed
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
# Whose chair: a professional works on one chair per day (extraccion needs the surgery chair c1/m1).
UPCOMING = dt.date(2026, 11, 27)  # the examples look at the month from 2026-11-26 (docs/operations.md)
CHAIRS = {"dra-soto": ["c1"], "dr-rojas": ["c2", "c3"], "dra-quispe": ["m1"]}


def minutes(clock):
    h, m = clock.split(":")
    return int(h) * 60 + int(m)


def stamp(day, minute, offset):
    local = dt.datetime(day.year, day.month, day.day) + dt.timedelta(minutes=minute)
    return local.strftime("%Y-%m-%dT%H:%M:00") + f"{offset:+03d}:00"


bookings = []
n = 0
for i in range(30):
    day = dt.date(2026, 11, 1) + dt.timedelta(days=i)
    wd = DAYS[day.weekday()]
    for p in CLINIC["professionals"]:
        chairs = CHAIRS[p["id"]]
        chair = chairs[i % len(chairs)]
        for entry in p["schedule"]:
            if wd not in entry["days"]:
                continue
            site = next(s for s in CLINIC["sites"] if s["id"] == entry["site"])
            offset = OFFSETS[site["id"]]
            for lo, hi in entry["hours"]:
                t, end = minutes(lo), minutes(hi)
                # the site's span that holds these working hours: chair windows stay inside it
                open_lo, open_hi = next((minutes(a), minutes(b)) for a, b in site["hours"][wd]
                                        if minutes(a) <= t and end <= minutes(b))
                while True:
                    tid = rng.choice(p["treatments"])
                    tr = TREATMENTS[tid]
                    if tr.get("chair_tags") and chair not in ("c1", "m1"):
                        continue
                    dur = sum(s["minutes"] for s in tr["segments"])
                    start = -(-(max(t, open_lo) + tr.get("buffer_before", 0)) // 15) * 15
                    window_end = start + dur + tr.get("buffer_after", 0)
                    if start + dur > end or window_end > open_hi:
                        break
                    n += 1
                    roll = rng.random()
                    if day >= UPCOMING:  # not yet happened on 2026-11-26: no outcome
                        status = "cancelled" if roll < 0.05 else "pending" if roll < 0.25 else "confirmed"
                    else:
                        status = "cancelled" if roll < 0.12 else "no_show" if roll < 0.20 else "completed"
                    lead = rng.choice([rng.randint(60, 24 * 60), rng.randint(24 * 60, 7 * 1440), rng.randint(7 * 1440, 42 * 1440)])
                    start_utc = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone(dt.timedelta(hours=offset))) + \
                        dt.timedelta(minutes=start)
                    created = (start_utc - dt.timedelta(minutes=lead)).astimezone(dt.timezone.utc)
                    bookings.append({"id": f"n{n:03d}", "site": site["id"], "professional": p["id"], "chair": chair,
                                     "treatment": tid, "start": stamp(day, start, offset), "status": status,
                                     "created_at": created.strftime("%Y-%m-%dT%H:%M:00Z")})
                    t = window_end + rng.choice([0, 0, 15, 30, 60, 90])

out = ROOT / "examples/clinic/month.json"
lines = ",\n  ".join(json.dumps(b, ensure_ascii=False) for b in bookings)
out.write_text('{"bookings": [\n  ' + lines + "\n]}\n")  # one booking per line
print(f"wrote {len(bookings)} bookings to {out.relative_to(ROOT)}")
