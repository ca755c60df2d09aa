"""booking.store over PostgreSQL: the shared store cases, the constraints that refuse a double booking
even when the application writes wrong rows, the race through the service, and a server crash.

Needs BOOKING_TEST_POSTGRES (scripts/with-postgres.sh sets it, and BOOKING_TEST_POSTGRES_CTL for the
crash test); skipped without it. Each test gets a database of its own.

    scripts/with-postgres.sh build/python-venv/bin/python -m pytest -q tests/python/test_store_postgres.py
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import threading
import time
import uuid
from typing import Any, Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

URL = os.environ.get("BOOKING_TEST_POSTGRES")
if not URL:
    pytest.skip("BOOKING_TEST_POSTGRES is not set (run under scripts/with-postgres.sh)", allow_module_level=True)

import psycopg  # noqa: E402
from psycopg import errors as pg_errors  # noqa: E402

import booking  # noqa: E402
import race  # noqa: E402
from booking.store import ClaimCollision, open_store  # noqa: E402
from booking.store.postgres import PostgresStore  # noqa: E402
from booking.store.remote import StoreUnavailable  # noqa: E402
from store_cases import *  # noqa: E402,F401,F403  (the shared cases, collected here)
from store_cases import CLINIC, CLINICS, NOW, SOTO_10, Raw  # noqa: E402


def database_url(name: str) -> str:
    parts = urlsplit(URL or "")
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture
def db_url() -> Iterator[str]:
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(URL or "", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = database_url(name)
    yield url
    with psycopg.connect(URL or "", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def store(db_url: str) -> Iterator[PostgresStore]:
    s = open_store(db_url, CLINICS)
    assert isinstance(s, PostgresStore)
    yield s
    s.close()


def sql(url: str, query: str, *args: Any) -> list[tuple[Any, ...]]:
    """An independent query: its own connection, not the store's pool or code."""
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(query, args).fetchall()


@pytest.fixture
def raw(store: PostgresStore) -> Raw:
    def claims(tenant: str) -> dict[str, str]:
        return dict(sql(store.url, "SELECT key, booking_id FROM claims WHERE tenant = %s", tenant))  # type: ignore[arg-type]

    def bookings(tenant: str) -> dict[str, tuple[str, str]]:
        rows = sql(store.url, "SELECT id, to_char(start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), status "
                   "FROM bookings WHERE tenant = %s", tenant)
        return {r[0]: (r[1], r[2]) for r in rows}

    return Raw(claims, bookings)


# ------------------------------------------------------------------------------ the database refuses

def test_the_claims_primary_key_refuses_a_second_holder_even_without_the_engine(store: PostgresStore) -> None:
    out = store.book("sonrisa", SOTO_10, now=NOW)
    assert out.booking is not None
    key = out.booking["claims"][0]
    with psycopg.connect(store.url) as conn:  # application code gone wrong: it writes what it likes
        conn.execute("INSERT INTO bookings (tenant, id, site, professional, chair, treatment, start, status, doc) "
                     "VALUES ('sonrisa', 'intruder', 'santiago-centro', 'dra-soto', 'c2', 'limpieza', "
                     "'2026-12-07T13:00:00Z', 'confirmed', '{}')")
        with pytest.raises(pg_errors.UniqueViolation, match="claims_pkey"):
            conn.execute("INSERT INTO claims (tenant, key, booking_id) VALUES ('sonrisa', %s, 'intruder')", (key,))
        conn.rollback()
        with pytest.raises(pg_errors.ForeignKeyViolation):  # a claim names a stored booking
            conn.execute("INSERT INTO claims (tenant, key, booking_id) VALUES ('sonrisa', 'k', 'nobody')")
        conn.rollback()
        # Keys are per tenant: the same text under another tenant is another key.
        conn.execute("INSERT INTO bookings (tenant, id, site, professional, chair, treatment, start, status, doc) "
                     "VALUES ('otra', 'x', 'santiago-centro', 'dra-soto', 'c1', 'limpieza', "
                     "'2026-12-07T13:00:00Z', 'confirmed', '{}')")
        conn.execute("INSERT INTO claims (tenant, key, booking_id) VALUES ('otra', %s, 'x')", (key,))
        conn.rollback()


def _intruder(conn: psycopg.Connection[Any], booking_id: str, tenant: str = "sonrisa") -> None:
    conn.execute("INSERT INTO bookings (tenant, id, site, professional, chair, treatment, start, status, doc) "
                 "VALUES (%s, %s, 'santiago-centro', 'dra-soto', 'c1', 'limpieza', '2026-12-07T13:00:00Z', "
                 "'confirmed', '{}')", (tenant, booking_id))


def test_the_exclusion_constraint_refuses_overlapping_spans_at_any_granularity(store: PostgresStore) -> None:
    store.list("sonrisa")  # creates the schema
    with psycopg.connect(store.url) as conn:
        for b in ("a", "b"):
            _intruder(conn, b)
        _intruder(conn, "c", tenant="otra")
        span = "INSERT INTO spans (tenant, kind, thing, span, booking_id) VALUES (%s, %s, %s, tstzrange(%s, %s), %s)"
        conn.execute(span, ("sonrisa", "chair", "santiago-centro/c1", "2026-12-07T13:00Z", "2026-12-07T13:47Z", "a"))
        # One minute of overlap, off any bucket grid: refused by the database itself.
        with pytest.raises(pg_errors.ExclusionViolation, match="spans_do_not_overlap"):
            conn.execute(span, ("sonrisa", "chair", "santiago-centro/c1", "2026-12-07T13:46Z", "2026-12-07T14:00Z", "b"))
        conn.rollback()
        for b in ("a", "b"):
            _intruder(conn, b)
        _intruder(conn, "c", tenant="otra")
        conn.execute(span, ("sonrisa", "chair", "santiago-centro/c1", "2026-12-07T13:00Z", "2026-12-07T13:47Z", "a"))
        # Touching ranges, another chair, another kind, another tenant: all allowed.
        conn.execute(span, ("sonrisa", "chair", "santiago-centro/c1", "2026-12-07T13:47Z", "2026-12-07T14:00Z", "b"))
        conn.execute(span, ("sonrisa", "chair", "santiago-centro/c2", "2026-12-07T13:00Z", "2026-12-07T14:00Z", "b"))
        conn.execute(span, ("sonrisa", "professional", "santiago-centro/c1", "2026-12-07T13:00Z", "2026-12-07T14:00Z", "b"))
        conn.execute(span, ("otra", "chair", "santiago-centro/c1", "2026-12-07T13:00Z", "2026-12-07T14:00Z", "c"))
        conn.rollback()


def test_the_engines_ranges_are_stored_as_spans_and_a_wrong_claim_set_is_still_refused(store: PostgresStore) -> None:
    # Application code that writes wrong claim keys (none at all) for a second, overlapping booking: the
    # exclusion constraint on the engine's ranges refuses it, and the store turns that into a retry.
    clinic = booking.Clinic(CLINIC, "[]")
    ranges = clinic.check({**SOTO_10, "now": NOW.isoformat()}).to_dict()["ranges"]
    assert {r["kind"] for r in ranges} >= {"professional", "chair"}
    first = store.book("sonrisa", SOTO_10, now=NOW)
    assert first.booking is not None and "ranges" not in first.booking  # write-only: not in answers
    # Every booking's ranges are stored as spans (base.booking_document passes them to the store).
    spans = sql(store.url, "SELECT kind, thing, lower(span), upper(span) FROM spans WHERE booking_id = %s",
                first.booking["id"])
    assert len(spans) == len(ranges)
    assert {(k, t) for k, t, _, _ in spans} == {("professional", "dra-soto"), ("chair", "santiago-centro/c1")}
    chair = next(r for r in ranges if r["kind"] == "chair")
    assert [(lo, hi) for k, _, lo, hi in spans if k == "chair"] == \
        [(dt.datetime.fromisoformat(chair["from"].replace("Z", "+00:00")),
          dt.datetime.fromisoformat(chair["to"].replace("Z", "+00:00")))]
    wrong = {**first.booking, "id": "wrong", "claims": [], "ranges": ranges}
    with pytest.raises(ClaimCollision, match="spans_do_not_overlap"):
        with store._transaction("sonrisa") as tx:
            tx.insert(wrong)
    assert sql(store.url, "SELECT count(*) FROM bookings WHERE id = 'wrong'") == [(0,)]  # rolled back whole
    # A move replaces the spans; a cancel removes them.
    moved = store.move("sonrisa", first.booking["id"], {"start": "2026-12-07T11:00:00-03:00"}, now=NOW)
    assert moved.ok
    after = sql(store.url, "SELECT lower(span) FROM spans WHERE booking_id = %s AND kind = 'professional'",
                first.booking["id"])
    assert after == [(dt.datetime(2026, 12, 7, 14, 0, tzinfo=dt.timezone.utc),)]
    store.cancel("sonrisa", first.booking["id"], now=NOW)
    assert sql(store.url, "SELECT count(*) FROM spans") == [(0,)]


def test_two_stores_creating_the_schema_at_once(db_url: str) -> None:
    errors: list[BaseException] = []

    def go() -> None:
        try:
            s = open_store(db_url, CLINICS)
            s.list("sonrisa")
            s.close()
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=go) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sql(db_url, "SELECT extname FROM pg_extension WHERE extname = 'btree_gist'") == [("btree_gist",)]


def test_an_unreachable_server_is_store_unavailable() -> None:
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there
    store = PostgresStore(f"postgresql://postgres@127.0.0.1:{port}/none", CLINICS, timeout=1.0)
    try:
        with pytest.raises(StoreUnavailable, match="PostgreSQL is unavailable"):
            store.book("sonrisa", SOTO_10, now=NOW)
    finally:
        store.close()


# ------------------------------------------------------------------------------ races through the service

def read_postgres(store_url: str, tenant: str) -> list[dict[str, Any]]:
    """race.READERS entry: every booking row of the tenant by plain SQL."""
    rows = sql(store_url, "SELECT id, site, professional, chair, treatment, "
               "to_char(start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), status FROM bookings "
               "WHERE tenant = %s", tenant)
    keys = ("id", "site", "professional", "chair", "treatment", "start", "status")
    return [dict(zip(keys, r)) for r in rows]


race.READERS["postgresql"] = read_postgres


def test_32_clients_racing_on_postgres_never_overbook_and_lose_nothing(db_url: str) -> None:
    report = race.run_race(db_url, clients=32, seconds=60.0, max_ops=15)  # bounded by count: a slow machine does the same work
    print(report.summary())
    assert report.ok, (report.overlaps + report.lost + report.problems)[:10]
    assert report.overlaps == [] and report.lost == [] and report.server_errors == 0
    assert report.booked >= 50 and report.refused >= 50 and report.moved > 0 and report.cancelled > 0
    assert report.active > 0 and report.stored == report.booked


@dataclasses.dataclass
class Crash:
    clinic: dict[str, Any]
    acked: dict[str, dict[str, Any]]  # booking id -> last acknowledged state
    unavailable: list[Any]  # the bodies of 503 answers
    others: list[str]  # any other failure a client saw
    before_crash: int  # 2xx answers before the crash
    after: int  # 2xx answers after the restart
    rows: dict[str, dict[str, Any]]  # read by independent SQL after the restart
    in_flight: set[str] = dataclasses.field(default_factory=set)  # cancels never answered


@pytest.fixture(scope="module")
def crash() -> Iterator[Crash]:
    """8 clients book and cancel through the service; after 2 s the server is stopped with
    ``pg_ctl stop -m immediate`` (no checkpoint, like a crash), restarted 1.5 s later (crash recovery
    takes a few seconds more), and the clients go on for 4 s once it accepts connections again."""
    ctl = os.environ.get("BOOKING_TEST_POSTGRES_CTL")
    if not ctl:
        pytest.skip("needs BOOKING_TEST_POSTGRES_CTL (scripts/with-postgres.sh) to stop and restart the server")
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(URL or "", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    db_url = database_url(name)
    clinic = race.race_clinic()
    day = race.race_day()
    now = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(12, 0), tzinfo=dt.timezone.utc)
    starts = race.race_starts(day)
    acked: dict[str, dict[str, Any]] = {}  # booking id -> last acknowledged state
    in_flight: set[str] = set()  # cancels sent but never answered (the server died meanwhile)
    unavailable: list[Any] = []
    others: list[str] = []
    lock = threading.Lock()
    end: list[float] = []  # set once the server is back: the clients go on for 4 s more
    answered: list[float] = []  # when each 2xx answer came

    with race.serve(db_url, {race.TENANT: json.dumps(clinic)}, now=now) as (host, port):
        def client(n: int) -> None:
            import random
            rng = random.Random(n)
            c = race.Client(host, port, race.TENANT)
            i = 0
            try:
                while not end or time.monotonic() < end[0]:
                    i += 1
                    body = {"site": race.SITE, "professional": rng.choice(race.PROFESSIONALS),
                            "treatment": rng.choice(race.TREATMENTS), "start": rng.choice(starts)}
                    with lock:
                        mine = [b for b, d in acked.items() if d.get("client") == n and d["status"] == "confirmed"]
                    booking_id = None
                    try:
                        if mine and rng.random() < 0.3:
                            booking_id = rng.choice(mine)
                            with lock:  # until its answer arrives, the cancel may or may not have committed
                                in_flight.add(booking_id)
                            status, payload, _ = c.call("DELETE", f"/booking/reservations/{booking_id}")
                        else:
                            status, payload, _ = c.call("POST", "/booking/reservations", body,
                                                        {"Idempotency-Key": f"crash-{n}-{i}"})
                    except (OSError, ValueError) as e:  # ValueError: an answer that is not JSON
                        with lock:
                            others.append(f"client {n}: {e!r}")
                        c.close()
                        c = race.Client(host, port, race.TENANT)
                        continue
                    with lock:
                        if booking_id is not None and status in (200, 409):
                            in_flight.discard(booking_id)  # answered: its outcome is known
                        if status in (200, 201):
                            acked[payload["booking"]["id"]] = {**payload["booking"], "client": n}
                            answered.append(time.monotonic())
                        elif status == 503:
                            unavailable.append(payload)
                        elif status != 409:
                            others.append(f"client {n}: {status} {payload}")
                    time.sleep(0.005)
            finally:
                c.close()

        threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        time.sleep(2.0)
        subprocess.run([ctl, "stop"], check=True, capture_output=True)  # pg_ctl stop -m immediate
        time.sleep(1.5)
        subprocess.run([ctl, "start"], check=True, capture_output=True)  # returns once it accepts connections
        back_at = time.monotonic()
        end.append(back_at + 4.0)
        for t in threads:
            t.join(timeout=120)
        before_crash = sum(1 for t in answered if t < back_at - 1.5)
        after = sum(1 for t in answered if t > back_at)

    rows = {r["id"]: r for r in read_postgres(db_url, race.TENANT)}  # independent SQL after the restart
    yield Crash(clinic, acked, unavailable, others, before_crash, after, rows, in_flight)
    with psycopg.connect(URL or "", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_server_crash_during_a_race_loses_no_acknowledged_booking(crash: Crash) -> None:
    for booking_id, doc in crash.acked.items():
        assert booking_id in crash.rows, f"acknowledged {booking_id} lost"
        if booking_id in crash.in_flight and crash.rows[booking_id]["status"] == "cancelled":
            continue  # a cancel the crash cut off after its commit, before its answer: not an acknowledged state lost
        assert crash.rows[booking_id]["status"] == doc["status"], (crash.rows[booking_id], doc)
    assert race.overlaps(crash.clinic, list(crash.rows.values())) == []
    # It booked before the crash and again after the restart.
    assert crash.before_crash > 0 and crash.after > 0, (crash.before_crash, crash.after)
    assert crash.unavailable or crash.others, "no client saw the server down"


def test_while_the_server_is_down_clients_get_503_with_a_reason(crash: Crash) -> None:
    assert crash.others == [], crash.others[:5]
    assert crash.unavailable, "no client saw the server down"
    for p in crash.unavailable:
        assert p and p.get("error", {}).get("code") == "store_unavailable" and p["error"].get("message"), p
