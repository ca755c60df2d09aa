"""booking.store over SQLite: book, move, cancel, idempotency, tenant scoping, and the unique claim keys.

    store = open_store("sqlite:///path.db", {tenant: clinic_json})
    store.book(tenant, {site, professional, treatment, start, chair?, patient?, slot?}, now=, idempotency_key=)
    store.move(tenant, id, changes, now=, idempotency_key=)  store.cancel(tenant, id, now=)
    store.get(tenant, id)  store.list(tenant, site=)  store.close()
"""
from __future__ import annotations

import datetime as dt
import json
import pathlib
import sqlite3
import threading
from typing import Any, Iterator

import pytest

import booking
from booking.store import IdempotencyConflict, Outcome, base, open_store
from booking.store.sqlite import SQLiteStore
from store_cases import (Raw, test_cancel_and_move_follow_the_engines_policy_windows,  # noqa: F401 (run here too)
                         test_one_patient_is_never_booked_twice_at_once)

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLINIC = (ROOT / "examples" / "clinic" / "clinic.json").read_text()
OTHER = json.dumps({**json.loads(CLINIC), "tenant": {"id": "otra", "name": "Otra"}})
NOW = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-3)))
SOTO_10 = {"site": "santiago-centro", "professional": "dra-soto", "treatment": "limpieza",
           "start": "2026-12-07T10:00:00-03:00"}


@pytest.fixture
def store(tmp_path: pathlib.Path) -> Iterator[SQLiteStore]:
    s = open_store(f"sqlite:///{tmp_path / 'store.db'}", {"sonrisa": CLINIC, "otra": OTHER})
    assert isinstance(s, SQLiteStore)
    yield s
    s.close()


@pytest.fixture
def raw(store: SQLiteStore) -> "Raw":
    """The database read with sqlite3 alone, for the cases shared with the server stores."""
    def query(sql: str, tenant: str) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(store.path)
        try:
            return conn.execute(sql, (tenant,)).fetchall()
        finally:
            conn.close()
    return Raw(lambda t: dict(query("SELECT key, booking_id FROM claims WHERE tenant = ?", t)),
               lambda t: {r[0]: (r[1], r[2]) for r in query("SELECT id, start, status FROM bookings WHERE tenant = ?", t)})


def claims_table(store: SQLiteStore) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(store.path)
    try:
        return sorted(conn.execute("SELECT tenant, key, booking_id FROM claims").fetchall())
    finally:
        conn.close()


def test_a_booking_is_stored_with_its_claim_keys(store: SQLiteStore) -> None:
    out = store.book("sonrisa", {**SOTO_10, "patient": "Ana"}, now=NOW)
    assert out.ok and out.status == "booked"
    doc = out.booking
    assert doc is not None
    assert doc["start"] == "2026-12-07T13:00:00Z" and doc["chair"] == "c1" and doc["status"] == "confirmed"
    assert doc["patient"] == "Ana" and len(doc["id"]) == 32
    assert "sonrisa/professional/dra-soto/20261207T1300Z" in doc["claims"]
    assert store.get("sonrisa", doc["id"]) == doc
    assert store.list("sonrisa") == [doc] and store.list("sonrisa", site="lima-miraflores") == []
    assert {(t, k) for t, k, _ in claims_table(store)} == {("sonrisa", k) for k in doc["claims"]}


def test_the_second_booking_of_a_slot_is_refused_with_the_engines_reasons(store: SQLiteStore) -> None:
    first = store.book("sonrisa", SOTO_10, now=NOW)
    second = store.book("sonrisa", {**SOTO_10, "start": "2026-12-07T10:15:00-03:00"}, now=NOW)
    assert not second.ok and second.status == "refused" and second.booking is None
    assert first.booking is not None
    assert [(c["code"], c["booking"]) for c in second.conflicts] == [("professional_busy", first.booking["id"])]
    assert len(store.list("sonrisa")) == 1
    # The engine's nearest free slots, as slot ids that book.
    assert len(second.alternatives) == 3
    assert [a["kind"] for a in second.alternatives] == ["same_professional_same_day"] * 3
    for alt in second.alternatives:
        assert store.book("sonrisa", {"slot": alt["id"]}, now=NOW).status in ("booked", "refused")
    assert store.book("sonrisa", {"slot": second.alternatives[-1]["id"]}, now=NOW).status == "refused"


def test_the_claims_table_refuses_a_second_holder_of_a_key_even_without_the_engine(store: SQLiteStore) -> None:
    out = store.book("sonrisa", SOTO_10, now=NOW)
    assert out.booking is not None
    key = out.booking["claims"][0]
    conn = sqlite3.connect(store.path)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("INSERT INTO bookings (tenant, id, site, professional, chair, treatment, start, status, doc) "
                     "VALUES ('sonrisa', 'intruder', 'santiago-centro', 'dra-soto', 'c2', 'limpieza', "
                     "'2026-12-07T13:00:00Z', 'confirmed', '{}')")
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE|PRIMARY KEY"):
            conn.execute("INSERT INTO claims (tenant, key, booking_id) VALUES ('sonrisa', ?, 'intruder')", (key,))
        # Keys are per tenant: the same text under another tenant is another key.
        conn.execute("INSERT INTO bookings (tenant, id, site, professional, chair, treatment, start, status, doc) "
                     "VALUES ('otra', 'x', 'santiago-centro', 'dra-soto', 'c1', 'limpieza', "
                     "'2026-12-07T13:00:00Z', 'confirmed', '{}')")
        conn.execute("INSERT INTO claims (tenant, key, booking_id) VALUES ('otra', ?, 'x')", (key,))
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):  # a claim names a stored booking
            conn.execute("INSERT INTO claims (tenant, key, booking_id) VALUES ('sonrisa', 'k', 'nobody')")
        conn.rollback()
    finally:
        conn.close()


def test_another_tenants_booking_is_not_found(store: SQLiteStore) -> None:
    out = store.book("sonrisa", SOTO_10, now=NOW)
    assert out.booking is not None
    booking_id = out.booking["id"]
    assert store.get("otra", booking_id) is None
    assert store.list("otra") == []
    assert store.move("otra", booking_id, {"start": "2026-12-07T11:00:00-03:00"}, now=NOW).status == "not_found"
    assert store.cancel("otra", booking_id, now=NOW).status == "not_found"
    assert store.get("sonrisa", booking_id) == out.booking  # untouched
    # The same slot is free in the other tenant's clinic (its own claims).
    assert store.book("otra", SOTO_10, now=NOW).status == "booked"
    with pytest.raises(booking.Error) as e:
        store.book("nadie", SOTO_10, now=NOW)
    assert e.value.code == "unknown_tenant"


def test_an_idempotency_key_answers_the_first_answer_again(store: SQLiteStore) -> None:
    first = store.book("sonrisa", SOTO_10, now=NOW, idempotency_key="k1")
    again = store.book("sonrisa", SOTO_10, now=NOW, idempotency_key="k1")
    assert again.status == "replayed" and again.first_status == "booked" and again.ok
    assert again.booking == first.booking and len(store.list("sonrisa")) == 1
    refused = store.book("sonrisa", SOTO_10, now=NOW, idempotency_key="k2")
    assert refused.status == "refused"
    store.cancel("sonrisa", first.booking["id"], now=NOW)  # type: ignore[index]
    replay = store.book("sonrisa", SOTO_10, now=NOW, idempotency_key="k2")  # free now, but k2 was refused
    assert replay.status == "replayed" and replay.first_status == "refused" and not replay.ok
    assert replay.conflicts == refused.conflicts
    assert refused.alternatives and replay.alternatives  # searched afresh for the replay, after the write
    with pytest.raises(IdempotencyConflict) as e:
        store.book("sonrisa", {**SOTO_10, "start": "2026-12-07T11:00:00-03:00"}, now=NOW, idempotency_key="k1")
    assert e.value.code == "idempotency_key_reused" and isinstance(e.value, booking.Error)
    # Scoped by tenant: another tenant's k1 is a new request.
    assert store.book("otra", SOTO_10, now=NOW, idempotency_key="k1").status == "booked"


def test_a_move_releases_the_old_time_and_takes_the_new(store: SQLiteStore) -> None:
    out = store.book("sonrisa", SOTO_10, now=NOW)
    assert out.booking is not None
    booking_id = out.booking["id"]
    # Overlapping its own old time: the engine does not count the booking against itself.
    moved = store.move("sonrisa", booking_id, {"start": "2026-12-07T10:15:00-03:00"}, now=NOW)
    assert moved.status == "moved" and moved.booking is not None
    assert moved.booking["id"] == booking_id and moved.booking["start"] == "2026-12-07T13:15:00Z"
    held = {k for t, k, b in claims_table(store) if b == booking_id}
    assert held == set(moved.booking["claims"]) and "sonrisa/professional/dra-soto/20261207T1300Z" not in held
    assert store.get("sonrisa", booking_id) == moved.booking
    # Her 10:00 start is free again for someone else's short control.
    other = store.book("sonrisa", {**SOTO_10, "start": "2026-12-07T09:45:00-03:00", "treatment": "control",
                                   "chair": "c2"}, now=NOW)
    assert other.status == "booked", other.conflicts


def test_a_refused_move_keeps_the_booking_where_it_was(store: SQLiteStore) -> None:
    a = store.book("sonrisa", SOTO_10, now=NOW).booking
    b = store.book("sonrisa", {**SOTO_10, "start": "2026-12-07T11:00:00-03:00"}, now=NOW).booking
    assert a is not None and b is not None
    out = store.move("sonrisa", b["id"], {"start": "2026-12-07T10:30:00-03:00"}, now=NOW)
    assert out.status == "refused" and [c["booking"] for c in out.conflicts] == [a["id"]]
    assert store.get("sonrisa", b["id"]) == b
    assert {k for t, k, bid in claims_table(store) if bid == b["id"]} == set(b["claims"])
    with pytest.raises(booking.Error) as e:
        store.move("sonrisa", b["id"], {"colour": "blue"}, now=NOW)
    assert e.value.code == "unknown_field" and e.value.pointer == "/colour"


def test_cancel_frees_the_slot_and_a_cancelled_booking_cannot_move(store: SQLiteStore) -> None:
    a = store.book("sonrisa", SOTO_10, now=NOW).booking
    assert a is not None
    out = store.cancel("sonrisa", a["id"], now=NOW)
    assert out.status == "cancelled" and out.booking is not None and out.booking["status"] == "cancelled"
    assert out.booking["claims"] == [] and claims_table(store) == []
    assert store.cancel("sonrisa", a["id"], now=NOW).status == "cancelled"  # twice: the same answer
    assert store.book("sonrisa", SOTO_10, now=NOW).status == "booked"
    moved = store.move("sonrisa", a["id"], {"start": "2026-12-07T11:00:00-03:00"}, now=NOW)
    assert moved.status == "refused" and moved.conflicts[0]["code"] == "invalid_transition"
    assert store.cancel("sonrisa", "nope", now=NOW).status == "not_found"


def test_input_errors_are_the_engines_with_code_and_pointer(store: SQLiteStore) -> None:
    with pytest.raises(booking.Error) as e:
        store.book("sonrisa", {**SOTO_10, "start": "2026-12-07T10:00:00"}, now=NOW)
    assert (e.value.code, e.value.pointer) == ("invalid_value", "/start")
    unknown = store.book("sonrisa", {**SOTO_10, "professional": "dr-nadie"}, now=NOW)  # the engine: a conflict
    assert unknown.status == "refused" and [c["code"] for c in unknown.conflicts] == ["unknown_id"]
    with pytest.raises(booking.Error) as e:
        store.book("sonrisa", {"site": "santiago-centro", "treatment": "limpieza"}, now=NOW)
    assert (e.value.code, e.value.pointer) == ("missing_field", "/professional")
    with pytest.raises(booking.Error) as e:
        store.book("sonrisa", SOTO_10, now=dt.datetime(2026, 12, 4, 12))
    assert e.value.code == "naive_datetime"
    assert store.list("sonrisa") == []


def test_a_slot_id_books_too(store: SQLiteStore) -> None:
    out = store.book("sonrisa", {"slot": "santiago-centro:dra-soto:limpieza:20261207T1215Z"}, now=NOW)
    assert out.status == "booked" and out.booking is not None and out.booking["start"] == "2026-12-07T12:15:00Z"


def test_a_stale_read_collides_and_the_fresh_check_gives_the_reason(store: SQLiteStore,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # An optimistic backend may check against rows read before a concurrent winner committed: the
    # store's unique keys refuse the write, and the retry's fresh check names the winner.
    winner = store.book("sonrisa", SOTO_10, now=NOW).booking
    assert winner is not None
    real = base.engine_check
    calls: list[int] = []

    def stale_once(clinic: str, rows: Any, request: Any) -> booking.CheckResult:
        calls.append(len(rows))
        return real(clinic, [] if len(calls) == 1 else rows, request)

    monkeypatch.setattr(base, "engine_check", stale_once)
    out = store.book("sonrisa", SOTO_10, now=NOW)
    assert calls == [1, 1]
    assert out.status == "refused" and [c["booking"] for c in out.conflicts] == [winner["id"]]
    assert [b["id"] for b in store.list("sonrisa")] == [winner["id"]]


def test_retries_are_bounded() -> None:
    attempts: list[int] = []

    def always() -> Outcome:
        attempts.append(1)
        raise base.ClaimCollision("busy")

    out = base.with_retries(always, retries=3, on_exhausted=base.contention_outcome)
    assert len(attempts) == 3 and out.status == "refused" and out.conflicts[0]["code"] == "store_contention"


def test_threads_booking_one_slot_get_exactly_one(store: SQLiteStore) -> None:
    barrier = threading.Barrier(16)
    results: list[Outcome] = []
    lock = threading.Lock()

    def one() -> None:
        barrier.wait()
        out = store.book("sonrisa", SOTO_10, now=NOW)
        with lock:
            results.append(out)

    threads = [threading.Thread(target=one) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(o.status for o in results) == ["booked"] + ["refused"] * 15
    assert all(o.conflicts for o in results if not o.ok)
    assert len(store.list("sonrisa")) == 1


def test_bookings_survive_closing_and_reopening(tmp_path: pathlib.Path) -> None:
    url = f"sqlite:///{tmp_path / 'kept.db'}"
    with open_store(url, {"sonrisa": CLINIC}) as s:
        doc = s.book("sonrisa", SOTO_10, now=NOW, idempotency_key="k").booking
    with open_store(url, {"sonrisa": CLINIC}) as s:
        assert s.get("sonrisa", doc["id"]) == doc  # type: ignore[index]
        assert s.book("sonrisa", SOTO_10, now=NOW, idempotency_key="k").status == "replayed"
        assert s.book("sonrisa", SOTO_10, now=NOW).status == "refused"


def test_an_in_memory_store_works_from_several_threads() -> None:
    with open_store("sqlite:///:memory:", {"sonrisa": CLINIC}) as s:
        out: list[str] = []
        ts = [threading.Thread(target=lambda: out.append(s.book("sonrisa", SOTO_10, now=NOW).status))
              for _ in range(4)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        assert sorted(out) == ["booked", "refused", "refused", "refused"]


def test_store_urls() -> None:
    from booking.store.sqlite import path_of
    assert path_of("sqlite:///build/x.db") == "build/x.db"
    assert path_of("sqlite:////tmp/x.db") == "/tmp/x.db"
    assert path_of("sqlite:///:memory:") == ":memory:"
    with pytest.raises(booking.Error):
        open_store("mysql://x", {"sonrisa": CLINIC})
    with pytest.raises(booking.Error):  # a broken clinic fails at once, with the engine's error
        open_store("sqlite:///:memory:", {"sonrisa": "{}"})


def test_a_freed_unit_of_a_capacity_two_resource_is_booked_again(tmp_path: pathlib.Path) -> None:
    # xray has capacity 2: p1 takes unit 0, p2 unit 1; p1 cancels; p3 must get unit 0, not p2's unit 1.
    # (Before the claims contract the engine numbered units by the uses it saw: 1, p2's unit, so the
    # store's unique key refused the write every time and the answer was store_contention.)
    import race

    day = race.race_day(NOW.date())
    now = dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.timezone.utc)
    scan = {"site": race.SITE, "treatment": "scan", "start": race.race_starts(day)[0]}
    with open_store(f"sqlite:///{tmp_path / 'units.db'}", {race.TENANT: json.dumps(race.race_clinic())}) as s:
        p1 = s.book(race.TENANT, {**scan, "professional": "p1"}, now=now)
        p2 = s.book(race.TENANT, {**scan, "professional": "p2"}, now=now)
        full = s.book(race.TENANT, {**scan, "professional": "p3"}, now=now)
        assert (p1.status, p2.status, full.status) == ("booked", "booked", "refused")
        assert {c["code"] for c in full.conflicts} == {"resource_full"}
        s.cancel(race.TENANT, p1.booking["id"], now=now)  # type: ignore[index]
        p3 = s.book(race.TENANT, {**scan, "professional": "p3"}, now=now)
        assert p3.status == "booked", p3.conflicts


def test_a_move_to_another_week_reads_the_bookings_there_and_its_own(store: SQLiteStore) -> None:
    a = store.book("sonrisa", SOTO_10, now=NOW).booking
    later = {**SOTO_10, "start": "2026-12-21T10:00:00-03:00"}
    b = store.book("sonrisa", later, now=NOW).booking
    assert a is not None and b is not None
    out = store.move("sonrisa", a["id"], {"start": "2026-12-21T10:15:00-03:00"}, now=NOW)
    assert out.status == "refused" and [c["booking"] for c in out.conflicts] == [b["id"]]
    out = store.move("sonrisa", a["id"], {"start": "2026-12-21T11:00:00-03:00"}, now=NOW)
    assert out.status == "moved" and out.booking is not None and out.booking["start"] == "2026-12-21T14:00:00Z"
    assert {k for t, k, bid in claims_table(store) if bid == a["id"]} == set(out.booking["claims"])


def test_a_booking_missed_by_the_read_window_is_still_refused_by_its_keys(store: SQLiteStore,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # The store reads only bookings near the request's start. Were the window wrong, the engine would see
    # nothing, the claim keys would refuse the write, and the retry (reading everything) gives the reason.
    winner = store.book("sonrisa", SOTO_10, now=NOW).booking
    assert winner is not None
    assert base.near_minutes(CLINIC) == 2 * 95 + 60  # endodoncia: 10 + 15 + 60 + 10 minutes
    monkeypatch.setattr(base, "near_minutes", lambda clinic: 0)
    out = store.book("sonrisa", {**SOTO_10, "start": "2026-12-07T10:15:00-03:00"}, now=NOW)
    assert out.status == "refused" and [c["booking"] for c in out.conflicts] == [winner["id"]]
    assert base.request_start({"slot": "santiago-centro:dra-soto:limpieza:20261207T1215Z"}) == "2026-12-07T12:15:00Z"
    assert base.request_start({"start": "2026-12-07T10:00:00-03:00"}) == "2026-12-07T13:00:00Z"
    assert base.request_start({"slot": "nonsense"}) is None


def test_a_refused_move_offers_alternatives_around_its_new_time(store: SQLiteStore) -> None:
    a = store.book("sonrisa", SOTO_10, now=NOW).booking
    b = store.book("sonrisa", {**SOTO_10, "start": "2026-12-21T10:00:00-03:00"}, now=NOW).booking
    assert a is not None and b is not None
    out = store.move("sonrisa", a["id"], {"start": "2026-12-21T10:00:00-03:00"}, now=NOW)
    assert out.status == "refused" and out.alternatives
    assert all(alt["start"].startswith("2026-12-2") for alt in out.alternatives)
    assert store.move("sonrisa", a["id"], {"slot": out.alternatives[0]["id"]}, now=NOW).status == "moved"


def test_the_store_reads_exactly_the_statuses_the_engine_counts() -> None:
    """Which bookings occupy their time is the engine's rule: for each status, a booking of it at
    10:00 makes the engine refuse the slot exactly when the store reads that status for its checks
    (before, the store read only pending and confirmed, so a no_show's time was bookable in a store
    and busy in the engine)."""
    for status in ("pending", "confirmed", "completed", "cancelled", "no_show"):
        doc = {"bookings": [{"id": "b1", "site": "santiago-centro", "professional": "dra-soto", "chair": "c1",
                             "treatment": "limpieza", "start": "2026-12-07T13:00:00Z", "status": status}]}
        busy = not booking.Clinic(CLINIC, json.dumps(doc)).check(base.check_request(SOTO_10, now=NOW)).bookable
        assert busy == (status in base.ACTIVE), status


def test_a_no_show_keeps_its_time_and_cannot_be_moved(store: SQLiteStore) -> None:
    """A booking marked no_show (here by another program, straight in the table) still occupies its
    time, as in the engine, and the engine's lifecycle refuses to move it."""
    out = store.book("sonrisa", SOTO_10, now=NOW)
    assert out.booking is not None
    booking_id = out.booking["id"]
    conn = sqlite3.connect(store.path)
    with conn:
        conn.execute("UPDATE bookings SET status = 'no_show' WHERE tenant = 'sonrisa' AND id = ?", (booking_id,))
    conn.close()
    again = store.book("sonrisa", SOTO_10, now=NOW)
    assert again.status == "refused" and [c["booking"] for c in again.conflicts] == [booking_id]
    moved = store.move("sonrisa", booking_id, {"start": "2026-12-07T11:00:00-03:00"}, now=NOW)
    assert moved.status == "refused" and moved.conflicts[0]["code"] == "invalid_transition"
    assert moved.alternatives == []  # no other slot helps a booking that may not move
    free = json.loads(store.availability("sonrisa", {"site": "santiago-centro", "treatment": "limpieza",
                                                     "professionals": ["dra-soto"], "from": "2026-12-07",
                                                     "to": "2026-12-07"}, now=NOW))
    assert "2026-12-07T10:00:00-03:00" not in [s["start"] for s in free["slots"]]
