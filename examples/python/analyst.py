"""An analyst's month: free hours per chair and per professional per day at the example clinic,
written to a CSV and drawn as a heatmap.

    python examples/python/analyst.py [OUTDIR]      (default: build/analyst)

Free time is measured from the engine's answer, so it honours hours, closures, absences, blocks,
bookings, buffers and DST exactly: a chair is "free" at an instant when some bookable 20-minute
control could use it then.
"""
from __future__ import annotations

import csv
import datetime as dt
import pathlib
import sys
from collections import defaultdict
from zoneinfo import ZoneInfo

import booking

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clinic"
SITE = "santiago-centro"


def merged_hours(spans: list[tuple[dt.datetime, dt.datetime]]) -> float:
    """Hours covered by a union of intervals."""
    total = dt.timedelta()
    end: dt.datetime | None = None
    start: dt.datetime | None = None
    for s, e in sorted(spans, key=lambda x: x[0].timestamp()):
        if end is None or s.timestamp() > end.timestamp():
            if start is not None and end is not None:
                total += end - start
            start, end = s, e
        elif e.timestamp() > end.timestamp():
            end = e
    if start is not None and end is not None:
        total += end - start
    return total.total_seconds() / 3600


def main(outdir: pathlib.Path) -> int:
    clinic = booking.Clinic.from_path(EXAMPLE / "clinic.json", bookings=EXAMPLE / "bookings.json")
    zone: ZoneInfo = clinic.sites[SITE]
    month = clinic.availability(site=SITE, treatment="control", from_=dt.date(2026, 12, 1), to=dt.date(2026, 12, 31),
                                now=dt.datetime(2026, 11, 25, 9, 0, tzinfo=zone))
    print(f"{len(month)} free (start, professional) pairs in December at {SITE}")

    # (kind, id) -> day -> spans in which it could take the 20-minute control.
    spans: dict[tuple[str, str], dict[dt.date, list[tuple[dt.datetime, dt.datetime]]]] = defaultdict(lambda: defaultdict(list))
    for slot in month:
        day = slot.start.date()
        spans[("professional", slot.professional)][day].append((slot.start, slot.end))
        for chair in slot.chairs:
            spans[("chair", chair)][day].append((slot.start, slot.end))

    days = [dt.date(2026, 12, 1) + dt.timedelta(days=i) for i in range(31)]
    rows = sorted(spans)
    table = [[merged_hours(spans[r].get(d, [])) for d in days] for r in rows]

    outdir.mkdir(parents=True, exist_ok=True)
    with open(outdir / "free_hours.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["kind", "id", "date", "free_hours"])
        for (kind, ident), values in zip(rows, table):
            for d, h in zip(days, values):
                w.writerow([kind, ident, d.isoformat(), f"{h:.2f}"])

    try:
        import matplotlib
    except ImportError:
        sys.exit(f"the CSV is in {outdir}; the heatmap needs matplotlib: pip install 'chairbook[examples]' "
                 "(or, in the repository, pip install '.[examples]')")

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(12, 0.45 * len(rows) + 1.5))
    image = ax.imshow(table, aspect="auto", cmap="viridis")
    ax.set_yticks(range(len(rows)), [f"{k} {i}" for k, i in rows])
    ax.set_xticks(range(0, 31, 2), [days[i].strftime("%d %a") for i in range(0, 31, 2)], rotation=60)
    ax.set_title(f"Free hours per day, {SITE}, December 2026 (20-minute control)")
    fig.colorbar(image, ax=ax, label="hours")
    fig.tight_layout()
    fig.savefig(outdir / "free_hours.png", dpi=110)
    print(f"wrote {outdir / 'free_hours.csv'} and {outdir / 'free_hours.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "analyst"))
