"""Zero overbooking through the HTTP service: 32 clients race on the same slots of a SQLite store.

    run_race(store_url, clients=32, seconds=4.0) -> RaceReport (see race.py): the audit reads the rows
    with plain SQL and computes the intervals from the clinic JSON, not through the engine or the store.

The other backends run the same harness: ``run_race("postgresql://...")`` / ``run_race("dynamodb://...")``
with their reader registered in ``race.READERS``.
"""
from __future__ import annotations

import datetime as dt
import pathlib

import pytest

import race


def test_32_clients_racing_on_sqlite_never_overbook_and_lose_nothing(tmp_path: pathlib.Path) -> None:
    report = race.run_race(f"sqlite:///{tmp_path / 'race.db'}", clients=32, seconds=4.0)
    print(report.summary())
    assert report.ok, (report.overlaps + report.lost + report.problems)[:10]
    assert report.server_errors == 0 and report.broken == 0 and report.refusals_without_reason == 0
    assert report.overlaps == [] and report.lost == []
    # The race was a race: slots were won, lost, moved, cancelled and won again.
    assert report.booked >= 50 and report.refused >= 50 and report.moved > 0 and report.cancelled > 0
    assert report.codes.get("resource_full", 0) > 0  # the capacity-2 x-ray was fought over
    # SQLite checks under the write lock: a key collision would mean the engine and the keys disagree.
    assert report.codes.get("store_contention", 0) == 0
    assert report.active > 0 and report.stored == report.booked


def test_the_audit_finds_overlaps_it_is_shown() -> None:
    # The independent audit is not vacuous: it reports planted double bookings and resource over-use.
    clinic = race.race_clinic()
    start = race.race_starts(race.race_day(dt.date(2026, 12, 1)))[0]
    row = {"site": race.SITE, "professional": "p1", "chair": "c1", "treatment": "short", "start": start,
           "status": "confirmed"}
    assert race.overlaps(clinic, [{**row, "id": "a"}]) == []
    found = race.overlaps(clinic, [{**row, "id": "a"}, {**row, "id": "b", "chair": "c2"}])
    assert len(found) == 1 and found[0].startswith("professional p1")
    found = race.overlaps(clinic, [{**row, "id": "a"}, {**row, "id": "b", "professional": "p2"}])
    assert len(found) == 1 and found[0].startswith("chair s1/c1")
    scans = [{**row, "id": i, "professional": p, "chair": c, "treatment": "scan"}
             for i, p, c in (("a", "p1", "c1"), ("b", "p2", "c2"))]
    assert race.overlaps(clinic, scans) == []  # capacity 2
    third = {**row, "id": "c", "professional": "p3", "chair": "c3", "treatment": "scan"}
    assert [f.split(" at ")[0] for f in race.overlaps(clinic, scans + [third])] == ["resource s1/xray"]
    # Touching is not overlapping; a cancelled booking occupies nothing.
    later = {**row, "id": "d", "start": race.race_starts(race.race_day(dt.date(2026, 12, 1)))[2]}
    assert race.overlaps(clinic, [{**row, "id": "a"}, later]) == []
    assert race.overlaps(clinic, [{**row, "id": "a"}, {**row, "id": "b", "status": "cancelled"}]) == []
    # The chair window includes the buffers: a long (5 min prep) right after a short on c1 collides.
    long_ = {**row, "id": "e", "professional": "p2", "treatment": "long", "start": later["start"]}
    near = {**long_, "start": start.replace("09:00", "09:30")}
    assert [f.split(" at ")[0] for f in race.overlaps(clinic, [{**row, "id": "a"}, near])] == ["chair s1/c1"]


@pytest.mark.parametrize("clients", [1])
def test_one_client_alone_books_what_it_asks_for(tmp_path: pathlib.Path, clients: int) -> None:
    report = race.run_race(f"sqlite:///{tmp_path / 'one.db'}", clients=clients, seconds=1.0, max_ops=40)
    assert report.ok and report.booked > 0 and report.lost == []
