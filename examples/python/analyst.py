"""An analyst's month: free hours per chair and per professional per day at the example clinic,
written to a CSV and drawn as a heatmap; then, from the engine's KPIs over November
(examples/clinic/month.json, docs/operations.md), occupancy per chair and per professional per day
(closed days drawn as closed, not as 0 %) and a lead-time histogram.

    python examples/python/analyst.py [OUTDIR]      (default: build/analyst)

Writes free_hours.csv, free_hours.png, occupancy.csv, occupancy.png and lead_time.png into OUTDIR.

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
    kpi_plots(outdir)
    return 0


def kpi_plots(outdir: pathlib.Path) -> None:
    """Occupancy per chair and professional per day, and lead times, from Clinic.kpis."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.patches import Patch, Rectangle

    clinic = booking.Clinic.from_path(EXAMPLE / "clinic.json", bookings=EXAMPLE / "month.json")
    first, last = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
    kpis = clinic.kpis(first, last)
    (outdir / "occupancy.csv").write_text(kpis.to_csv(), encoding="utf-8", newline="")
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    print(f"November: {kpis.bookings['total']} bookings, no-show rate {kpis.no_show_rate}, "
          f"cancellation rate {kpis.cancellation_rate}, median lead time {kpis.lead_time['median_minutes']} minutes")

    # Rows: (label, {date: occupancy or None for closed}).
    rows: list[tuple[str, dict[str, float | None]]] = []
    for kind, key in (("chairs", "chair"), ("professionals", "professional")):
        table: dict[tuple[str, str], dict[str, float | None]] = defaultdict(dict)
        for r in getattr(kpis, kind):
            table[(r["site"], r[key])][r["date"]] = r["occupancy"]
        rows += [(f"{key} {site}/{ident}", values) for (site, ident), values in table.items()]
    grid = np.ma.masked_invalid(np.array(
        [[np.nan if values.get(d.isoformat()) is None else values[d.isoformat()] for d in days] for _, values in rows],
        dtype=float))
    fig, ax = plt.subplots(figsize=(13, 0.45 * len(rows) + 1.8))
    cmap = plt.get_cmap("viridis").copy()
    cmap.set_bad("white")
    image = ax.imshow(grid, aspect="auto", cmap=cmap, vmin=0, vmax=1)
    for y, (_, values) in enumerate(rows):  # closed days: hatched, never a colour of the 0 % scale
        for x, d in enumerate(days):
            if values.get(d.isoformat()) is None:
                ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor="lightgrey", hatch="//", edgecolor="grey", lw=0))
    ax.set_yticks(range(len(rows)), [label for label, _ in rows])
    ax.set_xticks(range(0, len(days), 2), [days[i].strftime("%d %a") for i in range(0, len(days), 2)], rotation=60)
    ax.set_title("Occupancy per day (booked / open minutes), November 2026")
    fig.colorbar(image, ax=ax, label="occupancy")
    ax.legend(handles=[Patch(facecolor="lightgrey", hatch="//", edgecolor="grey", label="closed")],
              loc="upper left", bbox_to_anchor=(1.12, 1.0))
    fig.tight_layout()
    fig.savefig(outdir / "occupancy.png", dpi=110)
    plt.close(fig)

    buckets = kpis.lead_time["buckets"]
    labels = [f"{b['from_days']}–{b['to_days']} d" if b["to_days"] is not None else f"≥ {b['from_days']} d" for b in buckets]
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.bar(labels, [b["count"] for b in buckets], color="tab:blue")
    ax.set_xlabel("lead time (booking made → appointment)")
    ax.set_ylabel("bookings")
    ax.set_title(f"Lead times, November 2026 (median {kpis.lead_time['median_minutes'] / 1440:.1f} days)")
    fig.tight_layout()
    fig.savefig(outdir / "lead_time.png", dpi=110)
    plt.close(fig)
    print(f"wrote {outdir / 'occupancy.csv'}, {outdir / 'occupancy.png'} and {outdir / 'lead_time.png'}")


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "analyst"))
