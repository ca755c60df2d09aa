"""The behaviour every server store (PostgreSQL, DynamoDB) must show, written once.

A test module imports these tests (``from store_cases import *``) and supplies two fixtures:

* ``store`` — a fresh, empty store with tenants ``sonrisa`` and ``otra`` (the example clinic twice);
* ``raw`` — a :class:`Raw` reading the database without the store's code (SQL / plain boto3 calls):
  ``raw.claims(tenant)`` -> {claim key: booking id}, ``raw.bookings(tenant)`` -> {id: (start, status)}.
"""
from __future__ import annotations

import datetime as dt
import json
import pathlib
import threading
from typing import Any, Callable

import pytest

import booking
from booking.store import IdempotencyConflict, Store

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLINIC = (ROOT / "examples" / "clinic" / "clinic.json").read_text()
OTHER = json.dumps({**json.loads(CLINIC), "tenant": {"id": "otra", "name": "Otra"}})
CLINICS = {"sonrisa": CLINIC, "otra": OTHER}
NOW = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-3)))
SOTO_10 = {"site": "santiago-centro", "professional": "dra-soto", "treatment": "limpieza",
           "start": "2026-12-07T10:00:00-03:00"}


class Raw:
    def __init__(self, claims: Callable[[str], dict[str, str]],
                 bookings: Callable[[str], dict[str, tuple[str, str]]]) -> None:
        self.claims = claims
        self.bookings = bookings


def held_by(raw: Raw, tenant: str, booking_id: str) -> set[str]:
    return {k for k, b in raw.claims(tenant).items() if b == booking_id}


def test_a_booking_is_stored_with_its_claim_keys(store: Store, raw: Raw) -> None:
    out = store.book("sonrisa", {**SOTO_10, "patient": "Ana"}, now=NOW)
    assert out.ok and out.status == "booked" and out.booking is not None
    doc = out.booking
    assert doc["start"] == "2026-12-07T13:00:00Z" and doc["chair"] == "c1" and doc["status"] == "confirmed"
    assert doc["patient"] == "Ana"
    assert "sonrisa/professional/dra-soto/20261207T1300Z" in doc["claims"]
    stored = store.get("sonrisa", doc["id"])
    assert stored is not None and {k: v for k, v in stored.items() if k != "ranges"} == \
        {k: v for k, v in doc.items() if k != "ranges"}
    assert [b["id"] for b in store.list("sonrisa")] == [doc["id"]]
    assert store.list("sonrisa", site="lima-miraflores") == []
    assert held_by(raw, "sonrisa", doc["id"]) == set(doc["claims"])  # what the database holds, read directly
    assert raw.bookings("sonrisa") == {doc["id"]: ("2026-12-07T13:00:00Z", "confirmed")}


def test_the_second_booking_of_a_slot_is_refused_with_the_engines_reasons(store: Store, raw: Raw) -> None:
    first = store.book("sonrisa", SOTO_10, now=NOW)
    second = store.book("sonrisa", {**SOTO_10, "start": "2026-12-07T10:15:00-03:00"}, now=NOW)
    assert first.booking is not None
    assert not second.ok and second.status == "refused" and second.booking is None
    assert [(c["code"], c["booking"]) for c in second.conflicts] == [("professional_busy", first.booking["id"])]
    # The engine's nearest free slots, none of them the taken time.
    assert second.alternatives and all(a["start"] != second.alternatives[0].get("taken") for a in second.alternatives)
    assert all(not (a["professional"] == "dra-soto" and a["start"].startswith("2026-12-07T10:15"))
               for a in second.alternatives)
    assert len(raw.bookings("sonrisa")) == 1


def test_another_tenants_booking_is_not_found(store: Store, raw: Raw) -> None:
    out = store.book("sonrisa", SOTO_10, now=NOW)
    assert out.booking is not None
    booking_id = out.booking["id"]
    assert store.get("otra", booking_id) is None and store.list("otra") == []
    assert store.move("otra", booking_id, {"start": "2026-12-07T11:00:00-03:00"}, now=NOW).status == "not_found"
    assert store.cancel("otra", booking_id, now=NOW).status == "not_found"
    assert raw.bookings("sonrisa")[booking_id] == ("2026-12-07T13:00:00Z", "confirmed")  # untouched
    # The same slot is free in the other tenant's clinic: keys are per tenant.
    other = store.book("otra", SOTO_10, now=NOW)
    assert other.status == "booked" and other.booking is not None
    assert set(raw.claims("otra")) == set(other.booking["claims"])
    with pytest.raises(booking.Error) as e:
        store.book("nadie", SOTO_10, now=NOW)
    assert e.value.code == "unknown_tenant"


def test_an_idempotency_key_answers_the_first_answer_again(store: Store, raw: Raw) -> None:
    first = store.book("sonrisa", SOTO_10, now=NOW, idempotency_key="k1")
    again = store.book("sonrisa", SOTO_10, now=NOW, idempotency_key="k1")
    assert first.booking is not None
    assert again.status == "replayed" and again.first_status == "booked" and again.ok
    assert again.booking is not None and again.booking["id"] == first.booking["id"]
    assert len(raw.bookings("sonrisa")) == 1
    with pytest.raises(IdempotencyConflict):
        store.book("sonrisa", {**SOTO_10, "start": "2026-12-07T11:00:00-03:00"}, now=NOW, idempotency_key="k1")
    refused = store.book("sonrisa", SOTO_10, now=NOW, idempotency_key="k2")
    assert refused.status == "refused"
    store.cancel("sonrisa", first.booking["id"], now=NOW)
    replay = store.book("sonrisa", SOTO_10, now=NOW, idempotency_key="k2")  # free now, but k2 was refused
    assert replay.status == "replayed" and replay.first_status == "refused" and replay.conflicts == refused.conflicts
    # The key is per tenant.
    assert store.book("otra", SOTO_10, now=NOW, idempotency_key="k1").status == "booked"


def test_a_move_releases_the_old_time_and_takes_the_new(store: Store, raw: Raw) -> None:
    out = store.book("sonrisa", SOTO_10, now=NOW)
    assert out.booking is not None
    booking_id, old = out.booking["id"], set(out.booking["claims"])
    moved = store.move("sonrisa", booking_id, {"start": "2026-12-07T10:30:00-03:00"}, now=NOW)
    assert moved.ok and moved.status == "moved" and moved.booking is not None
    assert moved.booking["start"] == "2026-12-07T13:30:00Z" and moved.booking["id"] == booking_id
    new = set(moved.booking["claims"])
    assert old & new and old - new and new - old  # an overlapping move: some keys kept, some freed, some new
    assert held_by(raw, "sonrisa", booking_id) == new
    assert raw.bookings("sonrisa") == {booking_id: ("2026-12-07T13:30:00Z", "confirmed")}
    # The freed time is bookable again by someone else; the kept time is not.
    assert store.book("sonrisa", SOTO_10, now=NOW).status == "refused"
    assert store.book("sonrisa", {**SOTO_10, "start": "2026-12-07T09:30:00-03:00"}, now=NOW).status == "booked"


def test_a_move_to_another_day_and_back(store: Store, raw: Raw) -> None:
    # Reads cover a window around the proposal: the moved booking must still be known to the engine.
    out = store.book("sonrisa", SOTO_10, now=NOW)
    assert out.booking is not None
    booking_id = out.booking["id"]
    far = store.move("sonrisa", booking_id, {"start": "2026-12-11T10:00:00-03:00"}, now=NOW)
    assert far.ok and far.booking is not None and far.booking["start"] == "2026-12-11T13:00:00Z"
    assert held_by(raw, "sonrisa", booking_id) == set(far.booking["claims"])
    assert all("20261211" in k for k in far.booking["claims"])
    assert store.book("sonrisa", {**SOTO_10, "start": "2026-12-11T10:15:00-03:00"}, now=NOW).status == "refused"
    back = store.move("sonrisa", booking_id, {"start": "2026-12-07T10:00:00-03:00"}, now=NOW)
    assert back.ok and set(back.booking["claims"]) == set(out.booking["claims"])  # type: ignore[index]
    only_professional = store.move("sonrisa", booking_id, {"professional": "dr-rojas"}, now=NOW)
    assert only_professional.status in ("moved", "refused")
    if only_professional.ok:
        assert only_professional.booking is not None
        assert held_by(raw, "sonrisa", booking_id) == set(only_professional.booking["claims"])


def test_a_refused_move_keeps_the_booking_where_it_was(store: Store, raw: Raw) -> None:
    a = store.book("sonrisa", SOTO_10, now=NOW)
    b = store.book("sonrisa", {**SOTO_10, "start": "2026-12-07T11:00:00-03:00"}, now=NOW)
    assert a.booking is not None and b.booking is not None
    refused = store.move("sonrisa", b.booking["id"], {"start": "2026-12-07T10:15:00-03:00"}, now=NOW)
    assert refused.status == "refused" and refused.conflicts[0]["code"] == "professional_busy"
    assert held_by(raw, "sonrisa", b.booking["id"]) == set(b.booking["claims"])
    assert raw.bookings("sonrisa")[b.booking["id"]] == ("2026-12-07T14:00:00Z", "confirmed")


def test_cancel_frees_the_slot_and_a_cancelled_booking_cannot_move(store: Store, raw: Raw) -> None:
    out = store.book("sonrisa", SOTO_10, now=NOW)
    assert out.booking is not None
    booking_id = out.booking["id"]
    cancelled = store.cancel("sonrisa", booking_id, now=NOW)
    assert cancelled.ok and cancelled.booking is not None and cancelled.booking["status"] == "cancelled"
    assert held_by(raw, "sonrisa", booking_id) == set()
    assert raw.bookings("sonrisa")[booking_id] == ("2026-12-07T13:00:00Z", "cancelled")
    assert store.cancel("sonrisa", booking_id, now=NOW).status == "cancelled"  # twice: the same answer
    moved = store.move("sonrisa", booking_id, {"start": "2026-12-07T11:00:00-03:00"}, now=NOW)
    assert moved.status == "refused" and moved.conflicts[0]["code"] == "invalid_transition"
    again = store.book("sonrisa", SOTO_10, now=NOW)
    assert again.status == "booked" and again.booking is not None
    assert held_by(raw, "sonrisa", again.booking["id"]) == set(again.booking["claims"])


def test_cancel_and_move_follow_the_engines_policy_windows(store: Store, raw: Raw) -> None:
    """Issue 13: a move 55 minutes before the start passed the 24 h window unnoticed. The engine now
    decides (docs/booking-rules.md): late inside the window (done, fee), refused once started."""
    a = store.book("sonrisa", SOTO_10, now=NOW)
    b = store.book("sonrisa", {**SOTO_10, "start": "2026-12-07T11:00:00-03:00"}, now=NOW)
    assert a.booking is not None and b.booking is not None
    early = store.move("sonrisa", b.booking["id"], {"start": "2026-12-07T11:15:00-03:00"}, now=NOW)
    assert early.ok and early.fee is False  # three days ahead: free
    late_now = dt.datetime(2026, 12, 7, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=-3)))
    late = store.move("sonrisa", a.booking["id"], {"start": "2026-12-09T11:00:00-03:00"}, now=late_now)
    assert late.ok and late.status == "moved" and late.fee is True
    started = dt.datetime(2026, 12, 7, 11, 20, tzinfo=dt.timezone(dt.timedelta(hours=-3)))
    refused = store.move("sonrisa", b.booking["id"], {"start": "2026-12-09T12:00:00-03:00"}, now=started)
    assert refused.status == "refused" and refused.conflicts[0]["code"] == "already_started"
    assert raw.bookings("sonrisa")[b.booking["id"]] == ("2026-12-07T14:15:00Z", "confirmed")  # not moved
    assert store.cancel("sonrisa", b.booking["id"], now=started).status == "refused"
    cancel = store.cancel("sonrisa", b.booking["id"], now=late_now)
    assert cancel.ok and cancel.fee is True and raw.bookings("sonrisa")[b.booking["id"]][1] == "cancelled"


def test_one_patient_is_never_booked_twice_at_once(store: Store, raw: Raw) -> None:
    """Issue 13: a patient could hold two bookings at the same instant (here at two sites)."""
    first = store.book("sonrisa", {**SOTO_10, "patient": "Ana"}, now=NOW)
    assert first.ok and first.booking is not None
    assert any(k.startswith("sonrisa/patient/Ana/") for k in first.booking["claims"])
    lima = {"site": "lima-miraflores", "professional": "dra-quispe", "treatment": "control",
            "start": "2026-12-07T08:30:00-05:00", "patient": "Ana"}
    second = store.book("sonrisa", lima, now=NOW)
    assert second.status == "refused" and [c["code"] for c in second.conflicts] == ["patient_busy"]
    assert store.book("sonrisa", {**lima, "patient": "Bea"}, now=NOW).ok  # another patient: fine
    assert len(raw.bookings("sonrisa")) == 2


def test_a_slot_id_books_too(store: Store, raw: Raw) -> None:
    clinic = booking.Clinic(CLINIC, "[]")
    slot = clinic.availability(site="santiago-centro", treatment="limpieza", from_="2026-12-07", to="2026-12-07",
                               now=NOW)[0]
    out = store.book("sonrisa", {"slot": slot.id}, now=NOW)
    assert out.status == "booked" and out.booking is not None
    assert store.book("sonrisa", {"slot": slot.id}, now=NOW).status == "refused"
    assert set(raw.claims("sonrisa")) == set(out.booking["claims"])


def test_threads_booking_one_slot_get_exactly_one(store: Store, raw: Raw) -> None:
    outcomes: list[Any] = []
    lock = threading.Lock()
    barrier = threading.Barrier(12)

    def go(i: int) -> None:
        barrier.wait()
        start = "2026-12-07T10:00:00-03:00" if i % 2 else "2026-12-07T10:15:00-03:00"
        o = store.book("sonrisa", {**SOTO_10, "start": start}, now=NOW)
        with lock:
            outcomes.append(o)

    threads = [threading.Thread(target=go, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    booked = [o for o in outcomes if o.status == "booked"]
    assert len(booked) == 1, [o.status for o in outcomes]
    assert all(o.status == "refused" and o.conflicts for o in outcomes if o.status != "booked")
    assert len(raw.bookings("sonrisa")) == 1
    assert set(raw.claims("sonrisa")) == set(booked[0].booking["claims"])


def test_the_availability_reflects_the_store(store: Store, raw: Raw) -> None:
    req = {"site": "santiago-centro", "treatment": "limpieza", "from": "2026-12-07", "to": "2026-12-07",
           "professionals": ["dra-soto"]}
    before = json.loads(store.availability("sonrisa", req, now=NOW))
    store.book("sonrisa", SOTO_10, now=NOW)
    after = json.loads(store.availability("sonrisa", req, now=NOW))
    assert len(after["slots"]) < len(before["slots"])
