"""Throughput of booking.dask: many tenants' month of availability on a LocalCluster with 1 and 2
worker processes (not a test: numbers go into bench/README.md, "Many tenants on Dask").

    build/python-venv/bin/python bench/dask_bench.py [TENANTS] [THREADS_PER_WORKER]   # 1000, 1

Tenants cycle through bench/workloads.h's shapes santiago-month-1, santiago-month-8 and base-30d
(examples/python/dask_tenants.py generates them, in three zones); each is asked for 30 days of its
one treatment. Reported: tenants and slots per second end to end (documents sent, engines built on
the workers, slots back as a Dask DataFrame reduced to counts per tenant), generation excluded.
"""
from __future__ import annotations

import os
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples" / "python"))

from dask.distributed import Client, LocalCluster  # noqa: E402

import booking.dask  # noqa: E402
from dask_tenants import tenants_table  # noqa: E402


def run(tenants, workers: int, threads: int) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    with LocalCluster(n_workers=workers, threads_per_worker=threads, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster, Client(cluster) as client:
        client.run(lambda: __import__("booking.dask"))  # imports outside the timing
        cpu0 = sum(client.run(time.process_time).values())
        own0 = time.process_time()  # this process: the client and LocalCluster's scheduler
        start = time.perf_counter()
        slots = booking.dask.availability(tenants, from_="2026-12-01", to="2026-12-30", now="2026-11-30T12:00:00Z",
                                          npartitions=4 * workers * threads)
        counts = slots.groupby("tenant").size().compute()
        elapsed = time.perf_counter() - start
        cpu = sum(client.run(time.process_time).values()) - cpu0  # the workers' CPU seconds
        own = time.process_time() - own0
    assert len(counts) == len(tenants), (len(counts), len(tenants))
    print(f"  client + scheduler CPU {own:.1f} s")
    return elapsed, cpu, int(counts.sum())


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    t0 = time.perf_counter()
    tenants = tenants_table(n)
    print(f"generated {n} tenants in {time.perf_counter() - t0:.1f} s "
          f"({tenants['clinic'].str.len().sum() / 1e6:.1f} MB clinics, {tenants['bookings'].str.len().sum() / 1e6:.1f} MB bookings)")
    results = {}
    for workers in (1, 2):
        elapsed, cpu, slots = run(tenants, workers, threads)
        results[workers] = elapsed
        print(f"{workers} worker(s) x {threads} thread(s): {elapsed:.1f} s, {n / elapsed:.1f} tenants/s, "
              f"{slots / elapsed / 1e3:.0f}k slots/s ({slots} slots); workers' CPU {cpu:.1f} s = "
              f"{cpu / n * 1e3:.0f} ms per tenant; load average {os.getloadavg()[0]:.1f}")
    print(f"speed-up 1 -> 2 workers: {results[1] / results[2]:.2f}x")


if __name__ == "__main__":
    main()
