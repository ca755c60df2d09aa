"""Many tenants on Dask: generated clinics of the benchmarks' shapes, their month's free slots on a
local cluster, and a table of slots per tenant and professional.

    pip install 'chairbook[dask]'
    python examples/python/dask_tenants.py [TENANTS] [WORKERS]        # 50 tenants, 2 workers

On a real cluster, replace the LocalCluster by ``Client("tcp://scheduler:8786")`` (docs/python.md,
"Many tenants"). ``bench_clinic`` is also the generator of bench/dask_bench.py and the Dask tests.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import sys
from typing import Any
from zoneinfo import ZoneInfo

COUNTRIES = {"America/Santiago": "CL", "Europe/Madrid": "ES", "America/Lima": "PE"}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
#: (name, professionals, chairs, bookings per professional): bench/workloads.h's santiago-month-1,
#: santiago-month-8 and base-30d (500 bookings for 8 professionals, about 60 each).
SHAPES = [("santiago-month-1", 1, 10, 60), ("santiago-month-8", 8, 10, 60), ("base-30d", 8, 10, 62)]


def _clock(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def _hours(i: int) -> list[tuple[int, int]]:
    """Professional i's weekday hours, shifted as in bench/workloads.h."""
    if i == 0:
        return [(9 * 60, 13 * 60), (14 * 60, 19 * 60)]
    shift = (i % 4) * 30 - 30
    return [(9 * 60 + shift, 13 * 60 + shift), (14 * 60 + shift, min(19 * 60, 18 * 60 + shift))]


def bench_clinic(tenant: str, professionals: int = 8, chairs: int = 10, per_professional: int = 60,
                 zone: str = "America/Santiago", days: int = 30, seed: int = 42) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A clinic and its bookings in the shape of bench/workloads.h's ``make``: one site open
    Mon–Fri 08:30–20:00 and Sat 09:00–13:00, a 45-minute treatment on a 15-minute step, bookings of
    45 minutes on the grid inside the professional's hours, never overlapping for a professional or
    a chair, in December 2026."""
    rng = random.Random(seed)
    hours = {d: [["08:30", "13:30"], ["13:30", "20:00"]] for d in WEEKDAYS}
    hours["sat"] = [["09:00", "13:00"]]
    pros = [{"id": f"p{p}", "treatments": ["t45"], "schedule": [
        {"site": "s", "days": WEEKDAYS, "hours": [[_clock(a), _clock(b)] for a, b in _hours(p)]},
        {"site": "s", "days": ["sat"], "hours": [["09:00", "13:00"]]}]} for p in range(professionals)]
    clinic = {
        "tenant": {"id": tenant},
        "policies": {"min_notice_minutes": 120, "max_advance_days": 120, "slot_step_minutes": 15},
        "sites": [{"id": "s", "timezone": zone, "country": COUNTRIES.get(zone, "CL"), "hours": hours,
                   "chairs": [{"id": f"c{c}", "tags": []} for c in range(chairs)]}],
        "professionals": pros,
        "treatments": [{"id": "t45", "segments": [{"minutes": 45}]}],
    }
    tz, first = ZoneInfo(zone), dt.date(2026, 12, 1)
    busy_pro: list[set[int]] = [set() for _ in range(professionals)]  # 15-minute cells, UTC
    busy_chair: list[set[int]] = [set() for _ in range(chairs)]
    bookings: list[dict[str, Any]] = []
    wanted = per_professional * professionals
    for attempt in range(wanted * 200):
        if len(bookings) >= wanted:
            break
        p = len(bookings) // per_professional
        day = first + dt.timedelta(days=rng.randrange(days))
        if day.weekday() == 6:
            continue
        a, b = rng.choice([(9 * 60, 13 * 60)] if day.weekday() == 5 else _hours(p))
        local = a + rng.randrange((b - a - 45) // 15 + 1) * 15
        start = dt.datetime.combine(day, dt.time(local // 60, local % 60), tz)
        cell = int(start.timestamp()) // 900
        cells = {cell, cell + 1, cell + 2}
        if cells & busy_pro[p]:
            continue
        chair = next((c for c in ((rng.randrange(chairs) + k) % chairs for k in range(chairs))
                      if not cells & busy_chair[c]), None)
        if chair is None:
            continue
        busy_pro[p] |= cells
        busy_chair[chair] |= cells
        bookings.append({"id": f"b{len(bookings)}", "site": "s", "professional": f"p{p}", "chair": f"c{chair}",
                         "treatment": "t45", "start": start.isoformat()})
    return clinic, bookings


def tenants_table(n: int, zones: tuple[str, ...] = ("America/Santiago", "Europe/Madrid", "America/Lima")) -> Any:
    """``n`` tenants cycling through the three shapes and ``zones``, as a pandas DataFrame of JSON
    text (columns tenant, clinic, bookings)."""
    import pandas as pd

    rows = []
    for i in range(n):
        _, pros, chairs, per = SHAPES[i % len(SHAPES)]
        clinic, bookings = bench_clinic(f"t{i:05d}", pros, chairs, per, zones[i % len(zones)], seed=i)
        rows.append({"tenant": f"t{i:05d}", "clinic": json.dumps(clinic), "bookings": json.dumps(bookings)})
    return pd.DataFrame(rows).astype("string")


def main() -> None:
    from dask.distributed import Client, LocalCluster

    import booking.dask

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    tenants = tenants_table(n)
    with LocalCluster(n_workers=workers, threads_per_worker=2, host="127.0.0.1",  # type: ignore[no-untyped-call]
                      dashboard_address="127.0.0.1:0") as cluster, Client(cluster):  # type: ignore[no-untyped-call]
        slots = booking.dask.availability(tenants, from_="2026-12-01", to="2026-12-30", now="2026-11-30T12:00:00Z")
        per_tenant = slots.groupby(["tenant", "professional"]).size().compute()
    print(per_tenant.groupby(level=0).sum().describe())
    print(f"{int(per_tenant.sum())} free slots across {n} tenants")


if __name__ == "__main__":
    main()
