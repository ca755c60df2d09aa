"""A race harness for booking stores: many HTTP clients against the service, then an independent audit.

    from race import run_race
    report = run_race("sqlite:///build/race.db", clients=32, seconds=4.0)
    print(report.summary()); assert report.ok, report.problems

``run_race`` starts the service (examples/service/app.py) with uvicorn in this process on 127.0.0.1 (a
free port, a thread), over the store at ``store_url``, on a small clinic (:func:`race_clinic`: three
professionals, three chairs, an x-ray of capacity 2, twenty starts on one day, and half the moves to the same
starts on the next day). ``clients`` threads, each
with its own keep-alive ``http.client`` connection, book, move, cancel, cancel-then-rebook and replay
idempotent requests on the same slots for ``seconds`` (or ``max_ops`` each), recording every answer.

Then the audit, which does not use the engine or the store's code: the rows are read straight from the
database (:data:`READERS`: SQL for ``sqlite``; other backends register their own reader), and each
booking's intervals are computed here from the treatment definitions in the clinic JSON:

* no two active bookings overlap on a professional (professional segments) or a chair (the chair window,
  buffers included), and no resource is used by more than its capacity at any instant;
* every acknowledged (2xx) booking is present, in the state (start, professional, chair, status) of the
  last acknowledged answer about it;
* every refusal (409) carried at least one conflict with a code; no client saw a 5xx or a broken connection.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import http.client
import json
import os
import random
import socket
import sqlite3
import sys
import threading
import time
from typing import Any, Callable, Iterator, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVICE = os.path.join(ROOT, "examples", "service")
TENANT = "race"
SITE = "s1"
PROFESSIONALS = ("p1", "p2", "p3")
CHAIRS = ("c1", "c2", "c3")
TREATMENTS = ("short", "scan", "long")
ACTIVE = ("pending", "confirmed", "completed", "no_show")  # statuses that occupy time (docs/semantics.md)


def race_day(today: Optional[_dt.date] = None) -> _dt.date:
    """The day the clients fight over: two days from today (inside the clinic's advance window)."""
    return (today or _dt.datetime.now(_dt.timezone.utc).date()) + _dt.timedelta(days=2)


def race_clinic() -> dict[str, Any]:
    """A clinic open every day 08:00-20:00 UTC: three professionals doing every treatment, three chairs,
    an x-ray of capacity 2 (three concurrent ``scan`` bookings are one too many)."""
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    hours = {d: [["08:00", "20:00"]] for d in days}
    return {
        "tenant": {"id": TENANT, "name": "Race clinic"},
        "policies": {"min_notice_minutes": 0, "max_advance_days": 30, "slot_step_minutes": 15},
        "sites": [{"id": SITE, "name": "Race site", "timezone": "UTC", "country": "CL", "hours": hours,
                   "chairs": [{"id": c, "tags": []} for c in CHAIRS],
                   "resources": [{"id": "xray", "capacity": 2}]}],
        "professionals": [{"id": p, "name": p.upper(), "treatments": list(TREATMENTS),
                           "schedule": [{"site": SITE, "days": days, "hours": [["08:00", "20:00"]]}]}
                          for p in PROFESSIONALS],
        "treatments": [
            {"id": "short", "name": "Short", "segments": [{"minutes": 30, "professional": True}]},
            {"id": "scan", "name": "Scan", "buffer_after": 5,
             "segments": [{"minutes": 10, "professional": False, "resources": ["xray"]},
                          {"minutes": 20, "professional": True}]},
            {"id": "long", "name": "Long", "buffer_before": 5, "buffer_after": 10,
             "segments": [{"minutes": 45, "professional": True}]},
        ],
    }


def race_starts(day: _dt.date, count: int = 20) -> list[str]:
    """``count`` starts 15 minutes apart from 09:00 UTC: overlapping variants of the same slots."""
    first = _dt.datetime.combine(day, _dt.time(9, 0), tzinfo=_dt.timezone.utc)
    return [(first + _dt.timedelta(minutes=15 * i)).strftime("%Y-%m-%dT%H:%M:%SZ") for i in range(count)]


# ------------------------------------------------------------------------------------ independent audit

def read_sqlite(store_url: str, tenant: str) -> list[dict[str, Any]]:
    """Every booking row of the tenant, by plain SQL on the SQLite file (not through the store)."""
    from urllib.parse import urlsplit
    path = urlsplit(store_url).path[1:]
    conn = sqlite3.connect(path, timeout=30)
    try:
        rows = conn.execute("SELECT id, site, professional, chair, treatment, start, status FROM bookings "
                            "WHERE tenant = ?", (tenant,)).fetchall()
    finally:
        conn.close()
    keys = ("id", "site", "professional", "chair", "treatment", "start", "status")
    return [dict(zip(keys, r)) for r in rows]


#: Store URL scheme -> function(store_url, tenant) returning every stored booking row of the tenant
#: (id, site, professional, chair, treatment, start, status), read without the store's code.
READERS: dict[str, Callable[[str, str], list[dict[str, Any]]]] = {"sqlite": read_sqlite}


def _instant(text: str) -> _dt.datetime:
    return _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def intervals(clinic: dict[str, Any], row: dict[str, Any]) -> list[tuple[str, str, _dt.datetime, _dt.datetime]]:
    """What a booking occupies, from the treatment's definition: (kind, what, from, to) half-open ranges.
    ``what`` is the professional id, ``site/chair`` or ``site/resource``."""
    treatment = next(t for t in clinic["treatments"] if t["id"] == row["treatment"])
    start = _instant(row["start"])
    out = []
    t = start
    for seg in treatment["segments"]:
        end = t + _dt.timedelta(minutes=seg["minutes"])
        if seg.get("professional", True):
            out.append(("professional", row["professional"], t, end))
        for resource in seg.get("resources", []):
            out.append(("resource", f"{row['site']}/{resource}", t, end))
        t = end
    chair_from = start - _dt.timedelta(minutes=treatment.get("buffer_before", 0))
    chair_to = t + _dt.timedelta(minutes=treatment.get("buffer_after", 0))
    out.append(("chair", f"{row['site']}/{row['chair']}", chair_from, chair_to))
    return out


def overlaps(clinic: dict[str, Any], rows: list[dict[str, Any]]) -> list[str]:
    """Every over-use among the active rows: two bookings on one professional or chair at once, or more
    concurrent uses of a resource than its capacity."""
    capacity = {f"{s['id']}/{r['id']}": r["capacity"] for s in clinic["sites"] for r in s.get("resources", [])}
    by_what: dict[tuple[str, str], list[tuple[_dt.datetime, _dt.datetime, str]]] = {}
    for row in rows:
        if row["status"] not in ACTIVE:
            continue
        for kind, what, a, b in intervals(clinic, row):
            by_what.setdefault((kind, what), []).append((a, b, row["id"]))
    found = []
    for (kind, what), spans in by_what.items():
        limit = capacity.get(what, 1) if kind == "resource" else 1
        events = sorted([(a, 1, i) for a, b, i in spans] + [(b, -1, i) for a, b, i in spans])  # ends first
        using: set[str] = set()
        for at, delta, booking_id in events:
            if delta < 0:
                using.discard(booking_id)
                continue
            using.add(booking_id)
            if len(using) > limit:
                found.append(f"{kind} {what} at {at.isoformat()}: {sorted(using)} (limit {limit})")
    return found


# --------------------------------------------------------------------------------------------- service

@contextlib.contextmanager
def serve(store_url: str, clinics: dict[str, str], *, now: _dt.datetime,
          alternatives_limit: Optional[int] = None) -> Iterator[tuple[str, int]]:
    """The service over a store at ``store_url``, with uvicorn in a thread on 127.0.0.1 and a free port.
    ``alternatives_limit`` overrides the store's (0: refusals without the engine's alternatives search,
    for a slow backend)."""
    import uvicorn

    if SERVICE not in sys.path:
        sys.path.insert(0, SERVICE)
    import app as service  # examples/service/app.py

    from booking.store import open_store

    store = open_store(store_url, clinics)
    if alternatives_limit is not None:
        setattr(store, "alternatives_limit", alternatives_limit)
    application = service.create_app(store, now=lambda: now)
    # proto=IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY on accepted connections only when the listening
    # socket says TCP, and without it each keep-alive response waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]

    class Server(uvicorn.Server):
        def install_signal_handlers(self) -> None:  # not the main thread
            pass

    server = Server(uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning",
                                   timeout_keep_alive=30, lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the service did not start")
            time.sleep(0.01)
        yield "127.0.0.1", port
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        sock.close()
        store.close()


class _Connection(http.client.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        # Without it, a small request waits for the server's delayed ACK (~40 ms) behind Nagle's algorithm.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class Client:
    """One keep-alive HTTP connection to the service, speaking JSON for one tenant."""

    def __init__(self, host: str, port: int, tenant: str) -> None:
        self.host, self.port, self.tenant = host, port, tenant
        self.conn = _Connection(host, port, timeout=60)

    def call(self, method: str, path: str, body: Optional[dict[str, Any]] = None,
             headers: Optional[dict[str, str]] = None) -> tuple[int, Any, dict[str, str]]:
        h = {"X-Tenant-Id": self.tenant, "Content-Type": "application/json"}
        h.update(headers or {})
        data = json.dumps(body).encode() if body is not None else None
        self.conn.request(method, path, body=data, headers=h)
        response = self.conn.getresponse()
        raw = response.read()
        payload = json.loads(raw) if raw else None
        return response.status, payload, {k.lower(): v for k, v in response.getheaders()}

    def close(self) -> None:
        self.conn.close()


# ------------------------------------------------------------------------------------------------ race

@dataclasses.dataclass
class RaceReport:
    store_url: str
    clients: int
    seconds: float = 0.0
    attempts: int = 0
    booked: int = 0
    refused: int = 0
    moved: int = 0
    move_refused: int = 0
    cancelled: int = 0
    replays: int = 0
    server_errors: int = 0
    broken: int = 0
    refusals_without_reason: int = 0
    stored: int = 0
    active: int = 0
    overlaps: list[str] = dataclasses.field(default_factory=list)
    lost: list[str] = dataclasses.field(default_factory=list)
    problems: list[str] = dataclasses.field(default_factory=list)
    codes: dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.overlaps or self.lost or self.problems or self.server_errors or self.broken
                    or self.refusals_without_reason)

    def summary(self) -> str:
        rate = self.attempts / self.seconds if self.seconds else 0.0
        return (f"{self.store_url}: {self.clients} clients, {self.seconds:.1f} s: attempts={self.attempts} "
                f"booked={self.booked} refused={self.refused} moved={self.moved} move_refused={self.move_refused} "
                f"cancelled={self.cancelled} replays={self.replays} 5xx={self.server_errors} broken={self.broken} "
                f"stored={self.stored} active={self.active} overlaps={len(self.overlaps)} lost={len(self.lost)} "
                f"throughput={rate:.0f} ops/s conflicts={dict(sorted(self.codes.items()))}")


class _Worker:
    """One client: its own bookings (id -> last acknowledged state) and its counters."""

    def __init__(self, n: int, client: Client, starts: list[str], next_day: list[str], report: RaceReport,
                 lock: threading.Lock, stop_at: float, max_ops: Optional[int]) -> None:
        self.n, self.client, self.starts = n, client, starts
        self.next_day = next_day
        self.report, self.lock, self.stop_at, self.max_ops = report, lock, stop_at, max_ops
        self.rng = random.Random(1000 + n)
        self.mine: dict[str, dict[str, Any]] = {}  # acknowledged, active or cancelled: the expected state
        self.counts: dict[str, int] = {}
        self.codes: dict[str, int] = {}
        self.problems: list[str] = []
        self.keys = 0

    def count(self, what: str, k: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + k

    def call(self, method: str, path: str, body: Optional[dict[str, Any]] = None,
             headers: Optional[dict[str, str]] = None) -> tuple[int, Any, dict[str, str]]:
        self.count("attempts")
        try:
            status, payload, h = self.client.call(method, path, body, headers)
        except (OSError, http.client.HTTPException) as e:
            self.count("broken")
            self.problems.append(f"client {self.n}: {method} {path}: {e!r}")
            self.client.close()
            self.client = Client(self.client.host, self.client.port, self.client.tenant)
            return 0, None, {}
        if status >= 500:
            self.count("server_errors")
            self.problems.append(f"client {self.n}: {method} {path} -> {status} {payload}")
        elif status == 409:
            conflicts = (payload or {}).get("conflicts") or []
            if not conflicts or not all(c.get("code") for c in conflicts):
                self.count("refusals_without_reason")
                self.problems.append(f"client {self.n}: 409 without a reason: {payload}")
            for c in conflicts:
                self.codes[c.get("code", "?")] = self.codes.get(c.get("code", "?"), 0) + 1
        return status, payload, h

    def request(self) -> dict[str, Any]:
        body: dict[str, Any] = {"site": SITE, "professional": self.rng.choice(PROFESSIONALS),
                                "treatment": self.rng.choice(TREATMENTS), "start": self.rng.choice(self.starts)}
        if self.rng.random() < 0.3:
            body["chair"] = self.rng.choice(CHAIRS)
        if self.rng.random() < 0.2:  # one patient per request: the race is about slots (a patient's own
            # overlaps are refused by design, patient_busy, and tested in store_cases.py)
            body["patient"] = f"patient {self.n}-{self.rng.randrange(10**9)}"
        return body

    def remember(self, doc: dict[str, Any]) -> None:
        self.mine[doc["id"]] = {k: doc[k] for k in ("id", "site", "professional", "chair", "treatment", "start", "status")}

    def book(self, body: Optional[dict[str, Any]] = None) -> None:
        body = body or self.request()
        self.keys += 1
        key = f"race-{self.n}-{self.keys}"
        status, payload, _ = self.call("POST", "/booking/reservations", body, {"Idempotency-Key": key})
        if status == 201:
            self.count("booked")
            self.remember(payload["booking"])
        elif status == 409:
            self.count("refused")
        elif status:
            self.problems.append(f"client {self.n}: book {body} -> {status} {payload}")
        if status and self.rng.random() < 0.1:  # a client retrying the same request: the same answer again
            again, replay, headers = self.call("POST", "/booking/reservations", body, {"Idempotency-Key": key})
            self.count("replays")
            same_booking = (replay or {}).get("booking", {}) or {}
            first = (payload or {}).get("booking", {}) or {}
            if again != status or headers.get("idempotent-replayed") != "true" or same_booking.get("id") != first.get("id"):
                self.problems.append(f"client {self.n}: replay of {key}: {status} then {again} {replay}")

    def active_ids(self) -> list[str]:
        return [i for i, d in self.mine.items() if d["status"] in ACTIVE]

    def move(self) -> None:
        ids = self.active_ids()
        if not ids:
            return self.book()
        booking_id = self.rng.choice(ids)
        # Half the moves fight for the contended day; the other half go to the next day, where only
        # moves compete, so some moves succeed in every interleaving (a run once refused all 23).
        targets = self.starts if self.rng.random() < 0.5 else self.next_day
        changes: dict[str, Any] = {"start": self.rng.choice(targets)}
        if self.rng.random() < 0.3:
            changes["professional"] = self.rng.choice(PROFESSIONALS)
        status, payload, _ = self.call("PATCH", f"/booking/reservations/{booking_id}", changes)
        if status == 200:
            self.count("moved")
            self.remember(payload["booking"])
        elif status == 409:
            self.count("move_refused")
        elif status:
            self.problems.append(f"client {self.n}: move {booking_id} {changes} -> {status} {payload}")

    def cancel(self, rebook: bool = False) -> None:
        ids = self.active_ids()
        if not ids:
            return self.book()
        booking_id = self.rng.choice(ids)
        before = dict(self.mine[booking_id])
        status, payload, _ = self.call("DELETE", f"/booking/reservations/{booking_id}")
        if status == 200 and payload["booking"]["status"] == "cancelled":
            self.count("cancelled")
            self.mine[booking_id]["status"] = "cancelled"
        elif status:
            self.problems.append(f"client {self.n}: cancel {booking_id} -> {status} {payload}")
        if rebook:  # the freed slot, at once: this client or another one gets it, never both
            self.book({k: before[k] for k in ("site", "professional", "treatment", "start")})

    def run(self) -> None:
        ops = 0
        try:
            # The opening burst: every client asks for a scan at the first start, a third of them per
            # professional. One per professional gets past professional_busy, three chairs are free,
            # and the x-ray has two units: the third of those is resource_full, every run.
            self.book({"site": SITE, "professional": PROFESSIONALS[self.n % len(PROFESSIONALS)],
                       "treatment": "scan", "start": self.starts[0]})
            ops += 1
            while time.monotonic() < self.stop_at and (self.max_ops is None or ops < self.max_ops):
                r = self.rng.random()
                if r < 0.5:
                    self.book()
                elif r < 0.7:
                    self.move()
                elif r < 0.85:
                    self.cancel()
                else:
                    self.cancel(rebook=True)
                ops += 1
        finally:
            self.client.close()


def run_race(store_url: str, *, clients: int = 32, seconds: float = 4.0, max_ops: Optional[int] = None,
             reader: Optional[Callable[[str, str], list[dict[str, Any]]]] = None,
             today: Optional[_dt.date] = None, alternatives_limit: Optional[int] = None) -> RaceReport:
    """The race over the store at ``store_url`` (a fresh, empty database is the caller's business), then the
    audit. ``reader`` reads the stored rows without the store (default: :data:`READERS` by URL scheme)."""
    scheme = store_url.split(":", 1)[0]
    reader = reader or READERS.get(scheme)
    if reader is None:
        raise ValueError(f"no independent reader for {scheme!r} stores: register one in race.READERS")
    clinic = race_clinic()
    day = race_day(today)
    now = _dt.datetime.combine(day - _dt.timedelta(days=1), _dt.time(12, 0), tzinfo=_dt.timezone.utc)
    starts = race_starts(day)
    next_day = race_starts(day + _dt.timedelta(days=1))  # where half the moves go (_Worker.move)
    report = RaceReport(store_url=store_url, clients=clients)
    lock = threading.Lock()
    with serve(store_url, {TENANT: json.dumps(clinic)}, now=now, alternatives_limit=alternatives_limit) as (host, port):
        began = time.monotonic()
        workers = [_Worker(i, Client(host, port, TENANT), starts, next_day, report, lock, began + seconds, max_ops)
                   for i in range(clients)]
        barrier = threading.Barrier(clients)

        def go(w: _Worker) -> None:
            barrier.wait()
            w.run()

        threads = [threading.Thread(target=go, args=(w,)) for w in workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        report.seconds = time.monotonic() - began

        # The service answers GET for every acknowledged booking too (through the store: a second view).
        probe = Client(host, port, TENANT)
        other = Client(host, port, "nobody")
        try:
            for w in workers:
                for booking_id, expected in w.mine.items():
                    status, payload, _ = probe.call("GET", f"/booking/reservations/{booking_id}")
                    if status != 200 or payload["booking"]["status"] != expected["status"]:
                        report.problems.append(f"GET {booking_id} -> {status} {payload}, expected {expected}")
            if workers and workers[0].mine:
                status, _, _ = other.call("GET", f"/booking/reservations/{next(iter(workers[0].mine))}")
                if status != 404:
                    report.problems.append(f"another tenant saw a booking: {status}")
        finally:
            probe.close()
            other.close()

    for w in workers:
        for k, v in w.counts.items():
            setattr(report, k, getattr(report, k) + v)
        for k, v in w.codes.items():
            report.codes[k] = report.codes.get(k, 0) + v
        report.problems.extend(w.problems)

    rows = reader(store_url, TENANT)
    report.stored = len(rows)
    report.active = sum(1 for r in rows if r["status"] in ACTIVE)
    report.overlaps = overlaps(clinic, rows)
    by_id = {r["id"]: r for r in rows}
    for w in workers:
        for booking_id, expected in w.mine.items():
            row = by_id.get(booking_id)
            if row is None:
                report.lost.append(f"{booking_id}: acknowledged, not stored")
                continue
            fields = ("professional", "chair", "treatment", "status")
            if any(row[f] != expected[f] for f in fields) or _instant(row["start"]) != _instant(expected["start"]):
                report.lost.append(f"{booking_id}: stored {row}, last acknowledged {expected}")
    acked = sum(len(w.mine) for w in workers)
    if report.stored != acked:  # every stored booking was acknowledged to someone (none half-written)
        report.problems.append(f"{report.stored} bookings stored, {acked} acknowledged")
    return report


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="race clients against the booking service over a store")
    parser.add_argument("store", nargs="?", default="sqlite:///build/race.db")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=4.0)
    args = parser.parse_args()
    if args.store.startswith("sqlite:///") and os.path.exists(args.store[len("sqlite:///"):]):
        raise SystemExit(f"{args.store} exists: the race needs an empty database")
    result = run_race(args.store, clients=args.clients, seconds=args.seconds)
    print(result.summary())
    for p in (result.overlaps + result.lost + result.problems)[:20]:
        print("  ", p)
    sys.exit(0 if result.ok else 1)
