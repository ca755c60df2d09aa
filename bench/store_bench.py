"""Booking throughput and latency of the stores, with 1, 8 and 32 concurrent clients (not a test).

    build/python-venv/bin/python bench/store_bench.py                   # SQLite, 1/8/32 clients
    build/python-venv/bin/python bench/store_bench.py --smoke           # a few seconds
    build/python-venv/bin/python bench/store_bench.py --store postgresql://... --store dynamodb://...
    build/python-venv/bin/python bench/store_bench.py --http            # through the HTTP service too
    build/python-venv/bin/python bench/store_bench.py --workload contended

Each run books on a fresh tenant (``bench-<random>``), so a persistent database may be reused. Workloads:
``free`` — client i books professional i's free slots one after another (every booking succeeds; the cost
of a write and of the engine's check over a growing day); ``contended`` — every client books random starts
of three professionals (most are refused: the cost of a refusal and of contention). A SQLite URL without
a path (``sqlite``) means a new file under build/bench/. Latency is per ``book`` call (or HTTP request).
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import random
import statistics
import sys
import threading
import time
import uuid
from typing import Any, Callable, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "python"))

from booking.store import open_store  # noqa: E402

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def bench_clinic(tenant: str, professionals: int) -> dict[str, Any]:
    """A site open 06:00-22:00 UTC every day, one chair per professional, a 30-minute treatment."""
    hours = {d: [["06:00", "22:00"]] for d in DAYS}
    return {
        "tenant": {"id": tenant, "name": "Bench"},
        "policies": {"min_notice_minutes": 0, "max_advance_days": 60, "slot_step_minutes": 30},
        "sites": [{"id": "s", "name": "Bench site", "timezone": "UTC", "country": "CL", "hours": hours,
                   "chairs": [{"id": f"k{i:02d}", "tags": []} for i in range(professionals)]}],
        "professionals": [{"id": f"p{i:02d}", "name": f"P{i}", "treatments": ["short"],
                           "schedule": [{"site": "s", "days": DAYS, "hours": [["06:00", "22:00"]]}]}
                          for i in range(professionals)],
        "treatments": [{"id": "short", "name": "Short", "segments": [{"minutes": 30, "professional": True}]}],
    }


def requests_for(workload: str, client: int, ops: int, day0: _dt.date, rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for n in range(ops):
        if workload == "free":
            day = day0 + _dt.timedelta(days=n // 32)
            start = _dt.datetime.combine(day, _dt.time(6, 0), tzinfo=_dt.timezone.utc) + _dt.timedelta(minutes=30 * (n % 32))
            out.append({"site": "s", "professional": f"p{client:02d}", "treatment": "short", "chair": f"k{client:02d}",
                        "start": start.strftime("%Y-%m-%dT%H:%M:%SZ")})
        else:
            start = _dt.datetime.combine(day0, _dt.time(9, 0), tzinfo=_dt.timezone.utc) + _dt.timedelta(minutes=30 * rng.randrange(20))
            out.append({"site": "s", "professional": f"p{rng.randrange(3):02d}", "treatment": "short",
                        "start": start.strftime("%Y-%m-%dT%H:%M:%SZ")})
    return out


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def fresh_url(url: str, label: str) -> str:
    if url == "sqlite":
        folder = os.path.join(ROOT, "build", "bench")
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, f"store-{label}.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        return f"sqlite:///{path}"
    return url


def run(url: str, clients: int, ops: int, workload: str, http: bool) -> dict[str, Any]:
    tenant = f"bench-{uuid.uuid4().hex[:8]}"
    clinic = bench_clinic(tenant, max(clients, 3))
    day0 = _dt.datetime.now(_dt.timezone.utc).date() + _dt.timedelta(days=1)
    now = _dt.datetime.combine(day0, _dt.time(0, 0), tzinfo=_dt.timezone.utc)
    url = fresh_url(url, f"{workload}-{clients}")
    latencies: list[float] = []
    counts = {"booked": 0, "refused": 0, "errors": 0}
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def work(call: Callable[[dict[str, Any]], str], client: int) -> None:
        reqs = requests_for(workload, client, ops, day0, random.Random(client))
        mine: list[float] = []
        seen = {"booked": 0, "refused": 0, "errors": 0}
        barrier.wait()
        for r in reqs:
            t = time.perf_counter()
            try:
                seen[call(r)] += 1
            except Exception:  # noqa: BLE001 - a benchmark counts failures, the tests explain them
                seen["errors"] += 1
            mine.append(time.perf_counter() - t)
        with lock:
            latencies.extend(mine)
            for k, v in seen.items():
                counts[k] += v

    def drive(make_call: Callable[[int], Callable[[dict[str, Any]], str]]) -> float:
        threads = [threading.Thread(target=work, args=(make_call(i), i)) for i in range(clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.perf_counter() - t0

    if http:
        import race
        with race.serve(url, {tenant: json.dumps(clinic)}, now=now) as (host, port):
            def http_call(i: int) -> Callable[[dict[str, Any]], str]:
                c = race.Client(host, port, tenant)

                def call(r: dict[str, Any]) -> str:
                    status, _, _ = c.call("POST", "/booking/reservations", r)
                    return {201: "booked", 409: "refused"}.get(status, "errors")
                return call
            elapsed = drive(http_call)
    else:
        store = open_store(url, {tenant: json.dumps(clinic)})
        try:
            def store_call(i: int) -> Callable[[dict[str, Any]], str]:
                def call(r: dict[str, Any]) -> str:
                    return "booked" if store.book(tenant, r, now=now).ok else "refused"
                return call
            elapsed = drive(store_call)
        finally:
            store.close()
    done = counts["booked"] + counts["refused"] + counts["errors"]
    return {"store": url.split("?")[0] if not url.startswith("sqlite") else "sqlite", "via": "http" if http else "store",
            "workload": workload, "clients": clients, "ops": done, **counts, "seconds": round(elapsed, 3),
            "ops_per_s": round(done / elapsed, 1), "booked_per_s": round(counts["booked"] / elapsed, 1),
            "p50_ms": round(percentile(latencies, 50) * 1000, 2), "p99_ms": round(percentile(latencies, 99) * 1000, 2),
            "mean_ms": round(statistics.fmean(latencies) * 1000, 2) if latencies else None}


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", action="append", help="store URL (repeat; default: a fresh SQLite file)")
    parser.add_argument("--clients", default="1,8,32", help="client counts, comma-separated (default %(default)s)")
    parser.add_argument("--ops", type=int, default=100, help="book calls per client (default %(default)s)")
    parser.add_argument("--workload", choices=["free", "contended"], default="free")
    parser.add_argument("--http", action="store_true", help="also measure through the HTTP service")
    parser.add_argument("--smoke", action="store_true", help="a quick run: 10 calls per client")
    parser.add_argument("--json", help="also write the rows to this JSON file")
    args = parser.parse_args(argv)
    ops = 10 if args.smoke else args.ops
    rows = []
    print(f"{'store':<12} {'via':<6} {'workload':<10} {'clients':>7} {'ops':>6} {'booked':>6} {'refused':>7} "
          f"{'errors':>6} {'ops/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for url in args.store or ["sqlite"]:
        for via_http in ([False, True] if args.http else [False]):
            for clients in (int(c) for c in args.clients.split(",")):
                row = run(url, clients, ops, args.workload, via_http)
                rows.append(row)
                print(f"{row['store'][:12]:<12} {row['via']:<6} {row['workload']:<10} {row['clients']:>7} {row['ops']:>6} "
                      f"{row['booked']:>6} {row['refused']:>7} {row['errors']:>6} {row['ops_per_s']:>8} "
                      f"{row['p50_ms']:>8} {row['p99_ms']:>8}", flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=1)
    return 1 if any(r["errors"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
