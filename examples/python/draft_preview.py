"""Preview a configuration draft before publishing it: what changes, which bookings break, who set what.

    python examples/python/draft_preview.py [published.json draft.json bookings.json]
"""
from __future__ import annotations

import datetime as dt
import pathlib
import sys
from zoneinfo import ZoneInfo

import booking

HERE = pathlib.Path(__file__).resolve().parents[1] / "clinic"


def main(argv: list[str]) -> int:
    published, draft, bookings = (pathlib.Path(a) for a in argv) if len(argv) == 3 else (
        HERE / "clinic.json", HERE / "draft.json", HERE / "bookings.json")
    now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("America/Santiago"))

    changes = booking.diff(published, draft)
    print(f"{len(changes)} pending changes:")
    for c in changes:
        print(f"  {c.op:9} {c.path}")

    sim = booking.simulate(published, draft, bookings, from_=dt.date(2026, 12, 7), to=dt.date(2026, 12, 20), now=now)
    t = sim.totals
    print(f"slots: {t['before']} -> {t['after']} (+{t['added']} / -{t['removed']})")
    lost: dict[tuple[dt.date, str], int] = {}
    for row in sim.rows:
        if row.removed:
            lost[(row.date, row.chair)] = lost.get((row.date, row.chair), 0) + row.removed
    for (day, chair), n in sorted(lost.items(), key=lambda kv: -kv[1])[:5]:
        print(f"  {day:%a %d %b} chair {chair}: -{n}")
    for b in sim.broken:
        reasons = "; ".join(c.message for c in b.conflicts)
        print(f"  would break {b.id} ({b.professional}, {b.start:%a %d %b %H:%M}): {reasons}")

    r = booking.resolve(draft, site="santiago-centro", professional="dra-soto")
    notice = r.provenance["/policies/min_notice_minutes"]
    print(f"minimum notice for dra-soto at santiago-centro: {r['/policies/min_notice_minutes']} min, "
          f"set by the {notice.layer} layer at {notice.source}")
    return 0 if sim else 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
