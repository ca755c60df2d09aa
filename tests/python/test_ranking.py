"""Best-slot ranking and reserved chair time from Python, and the perfect-day example's claim."""
import datetime as dt
import json
import pathlib
import sys
from zoneinfo import ZoneInfo

import pytest

import booking

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clinic"
SANTIAGO = ZoneInfo("America/Santiago")
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=SANTIAGO)


def monday(clinic: booking.Clinic, **extra: str) -> booking.Availability:
    return clinic.availability(site="santiago-centro", treatment="control", from_=dt.date(2026, 12, 7),
                               to=dt.date(2026, 12, 7), now=NOW, **extra)


def test_ranked_slots_carry_scores_and_the_same_set(example: booking.Clinic) -> None:
    plain, ranked = monday(example), monday(example, order="compact")
    assert all(s.score is None for s in plain)
    assert all(isinstance(s.score, booking.SlotScore) for s in ranked)
    assert sorted((s.start.timestamp(), s.professional) for s in plain) == \
        sorted((s.start.timestamp(), s.professional) for s in ranked)
    # The slot objects (built from slot tables) and the JSON text agree, score included.
    doc = json.loads(ranked.to_json())["slots"]
    assert [(s.id, s.chair, list(s.chairs), s.score.idle_minutes, s.score.gaps) for s in ranked if s.score] == \
        [(d["id"], d["chair"], d["chairs"], d["score"]["idle_minutes"], d["score"]["gaps"]) for d in doc]
    keys = [(s.score.idle_minutes, s.score.gaps) for s in ranked if s.score]
    assert keys == sorted(keys)
    # dra-soto at 09:00 starts her shift and leaves usable time before b1 on c1 and on her: no idle
    # minute, two gaps. dr-rojas at 14:00 would leave 14:20-14:45 before b3's professional segment,
    # where no 20-minute control fits on the 15-minute grid: 25 idle minutes.
    first = ranked[0]
    assert (first.professional, first.start, first.score) == (
        "dra-soto", dt.datetime(2026, 12, 7, 9, 0, tzinfo=SANTIAGO), booking.SlotScore(idle_minutes=0, gaps=2))
    at_two = next(s for s in ranked if s.start == dt.datetime(2026, 12, 7, 14, 0, tzinfo=SANTIAGO))
    assert at_two.score is not None and at_two.score.idle_minutes == 25
    assert example.availability({"site": "santiago-centro", "treatment": "control", "from": "2026-12-07",
                                 "to": "2026-12-07", "now": "2026-12-01T12:00:00Z", "order": "compact"}).to_json() \
        == ranked.to_json()


def test_a_bad_order_is_an_error_at_its_pointer(example: booking.Clinic) -> None:
    with pytest.raises(booking.Error) as e:
        monday(example, order="best")
    assert (e.value.code, e.value.pointer) == ("invalid_value", "/order")


def test_reserved_mornings_are_refused_with_their_release() -> None:
    doc = json.loads((EXAMPLE / "clinic.json").read_text(encoding="utf-8"))
    doc["sites"][0]["reservations"] = [{"chairs": ["c1"], "days": ["wed"], "hours": [["09:00", "13:00"]],
                                        "treatments": ["extraccion"]}]
    clinic = booking.Clinic(doc, EXAMPLE / "bookings.json")
    start = dt.datetime(2026, 12, 9, 11, 0, tzinfo=SANTIAGO)
    held = clinic.check(site="santiago-centro", professional="dra-soto", treatment="limpieza", chair="c1",
                        start=start, now=NOW)
    assert [c.code for c in held.conflicts] == ["chair_reserved"]
    assert "until 2026-12-08T09:00:00-03:00" in held.conflicts[0].message
    released = clinic.check(site="santiago-centro", professional="dra-soto", treatment="limpieza", chair="c1",
                            start=start, now=dt.datetime(2026, 12, 8, 9, 0, tzinfo=SANTIAGO))
    assert released.bookable


def test_perfect_day_example_saves_idle_time(capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(ROOT / "examples" / "python"))
    try:
        import perfect_day
    finally:
        sys.path.pop(0)
    assert perfect_day.main(["--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    rows = out["rows"]
    idle = {name: r["chair_idle"] + r["professional_idle"] for name, r in rows.items()}
    assert idle["compact"] < idle["first-fit"]  # what docs/booking-rules.md reports (with its cost in minutes)
    assert rows["compact + held"]["extractions"] >= rows["compact"]["extractions"]
    # The measurement is the script's own: an empty week has no idle time at all.
    assert perfect_day.idle(json.loads((EXAMPLE / "clinic.json").read_text(encoding="utf-8")), []) == {
        "bookings": 0, "booked_minutes": 0, "chair_idle": 0, "professional_idle": 0}
    # ... and one 20-minute control at 09:10 on a Monday leaves 10 idle minutes before it on the chair
    # (the shortest chair window is control's 20) and 10 on dra-soto (her shortest treatment, 20).
    one = [{"id": "x", "site": "santiago-centro", "professional": "dra-soto", "chair": "c2", "treatment": "control",
            "start": "2027-01-11T09:10:00-03:00"}]
    got = perfect_day.idle(json.loads((EXAMPLE / "clinic.json").read_text(encoding="utf-8")), one)
    assert (got["chair_idle"], got["professional_idle"]) == (10, 10)
