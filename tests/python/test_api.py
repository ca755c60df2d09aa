"""The Pythonic API: loading, aware datetimes, typed results, errors, pandas."""
import datetime as dt
import json
import pathlib
import subprocess
from zoneinfo import ZoneInfo

import pytest

import booking

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clinic"
SANTIAGO = ZoneInfo("America/Santiago")
NOW = dt.datetime(2026, 12, 4, 12, 0, tzinfo=SANTIAGO)


def week(clinic: booking.Clinic) -> booking.Availability:
    return clinic.availability(site="santiago-centro", treatment="limpieza", from_=dt.date(2026, 12, 7),
                               to=dt.date(2026, 12, 13), now=NOW)


def test_load_from_text_dict_and_path_alike() -> None:
    text = (EXAMPLE / "clinic.json").read_text(encoding="utf-8")
    bookings = json.loads((EXAMPLE / "bookings.json").read_text(encoding="utf-8"))
    a = week(booking.Clinic.from_json(text, bookings))
    b = week(booking.Clinic.from_dict(json.loads(text), EXAMPLE / "bookings.json"))
    c = week(booking.Clinic.from_path(EXAMPLE / "clinic.json", str(EXAMPLE / "bookings.json")))
    assert a.to_json() == b.to_json() == c.to_json()
    assert len(a) == 86


def test_slots_have_aware_datetimes_in_the_site_zone(example: booking.Clinic) -> None:
    slot = week(example)[0]
    assert slot.start == dt.datetime(2026, 12, 7, 9, 15, tzinfo=SANTIAGO)
    assert slot.start.tzinfo == SANTIAGO
    assert slot.end - slot.start == dt.timedelta(minutes=45)
    assert (slot.professional, slot.chair, slot.chairs) == ("dra-soto", "c2", ("c2", "c3"))


def test_repeated_hour_keeps_its_fold() -> None:
    scenario = json.loads((ROOT / "tests/scenarios/dst-santiago-fall.json").read_text(encoding="utf-8"))
    clinic = booking.Clinic(scenario["clinic"])
    slots = clinic.availability(scenario["request"]).slots
    twice = [s for s in slots if s.start.hour == 23 and s.start.minute == 0]
    assert len(twice) == 2
    assert [s.start.fold for s in twice] == [0, 1]
    assert twice[1].start.timestamp() - twice[0].start.timestamp() == 3600


def test_json_output_is_the_clis(example: booking.Clinic) -> None:
    cli = ROOT / "build" / "test" / "booking"
    if not cli.exists():
        pytest.skip("the native CLI is built by scripts/test.sh")
    out = subprocess.run([str(cli), "availability", "--clinic", str(EXAMPLE / "clinic.json"), "--bookings",
                          str(EXAMPLE / "bookings.json"), "--request", str(EXAMPLE / "request-week.json"), "--json"],
                         check=True, capture_output=True, text=True).stdout
    answer = example.availability(json.loads((EXAMPLE / "request-week.json").read_text(encoding="utf-8")))
    assert json.loads(out) == answer.to_dict()
    assert answer.to_json() == json.dumps(json.loads(out), ensure_ascii=False, separators=(",", ":"))


def test_check_by_slot_and_by_fields(example: booking.Clinic) -> None:
    slot = week(example)[0]
    ok = example.check(slot=slot.id, now=NOW)
    assert ok.bookable and ok and ok.chair == slot.chair and ok.claims
    busy = example.check(site="santiago-centro", professional="dra-soto", treatment="limpieza",
                         start=dt.datetime(2026, 12, 7, 10, 15, tzinfo=SANTIAGO), now=NOW)
    assert not busy
    assert [(c.code, c.booking) for c in busy.conflicts] == [("professional_busy", "b1")]
    assert busy.claims == []


def test_naive_datetimes_are_refused(example: booking.Clinic) -> None:
    with pytest.raises(booking.Error) as e:
        example.availability(site="santiago-centro", treatment="limpieza", from_="2026-12-07", to="2026-12-07",
                             now=dt.datetime(2026, 12, 4, 12))
    assert e.value.code == "naive_datetime"
    assert e.value.pointer == "/now"
    assert isinstance(e.value, ValueError)
    with pytest.raises(booking.Error) as e:  # a TypeError before: now a booking.Error, like every refusal
        example.availability(site="s", treatment="t", from_=dt.datetime(2026, 12, 7, tzinfo=SANTIAGO),
                             to="2026-12-07", now=NOW)
    assert (e.value.code, e.value.pointer) == ("wrong_type", "/from")


@pytest.mark.parametrize("mutate, code, pointer", [
    (lambda c: c["sites"][0].__setitem__("timezone", "Mars/Olympus"), "unknown_zone", "/sites/0/timezone"),
    (lambda c: c["treatments"][0]["segments"][0].__setitem__("minutes", 0), "out_of_range", "/treatments/0/segments/0/minutes"),
    (lambda c: c["sites"][0]["hours"].__setitem__("mon", [["09:00", "25:00"]]), "invalid_value", "/sites/0/hours/mon/0/1"),
    (lambda c: c["professionals"].append(dict(c["professionals"][0])), "duplicate_id", "/professionals/3/id"),
])
def test_errors_carry_code_and_pointer(mutate, code: str, pointer: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads((EXAMPLE / "clinic.json").read_text(encoding="utf-8"))
    mutate(data)
    with pytest.raises(booking.Error) as e:
        booking.Clinic(data)
    assert (e.value.code, e.value.pointer) == (code, pointer)
    v = booking.validate(data)
    assert not v.valid and v.errors[0].code == code


def test_request_errors_point_into_the_request(example: booking.Clinic) -> None:
    with pytest.raises(booking.Error) as e:
        example.availability({"site": "nowhere", "treatment": "limpieza", "from": "2026-12-07", "to": "2026-12-07",
                              "now": "2026-12-01T00:00:00Z"})
    assert (e.value.code, e.value.pointer) == ("unknown_id", "/site")


def test_validate_finds_warnings() -> None:
    data = json.loads((EXAMPLE / "clinic.json").read_text(encoding="utf-8"))
    data["professionals"][0]["schedule"][0]["hours"] = [["08:00", "13:00"]]
    v = booking.validate(data)
    assert v.valid and len(v.warnings) == 3 and v.warnings[0].code == "outside_site_hours"


def test_to_pandas(example: booking.Clinic) -> None:
    pd = pytest.importorskip("pandas")
    df = week(example).to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert len(df) == 86
    assert list(df.columns) == ["id", "site", "treatment", "professional", "chair", "chairs", "resources", "start", "end",
                                "start_utc", "end_utc"]
    assert str(df["start"].iloc[0]) == "2026-12-07 09:15:00-03:00"


def test_run_any_operation() -> None:
    clinic = json.loads((EXAMPLE / "clinic.json").read_text(encoding="utf-8"))
    assert booking.run("validate", {"clinic": clinic})["valid"] is True
    with pytest.raises(booking.Error) as e:
        booking.run("nonsense", {})
    assert e.value.code == "unknown_operation"


def test_garbage_never_crashes() -> None:
    for text in ["", "{", "[]", "null", '{"a":1,"a":2}', "[" * 100000, "\udcff", '"\\ud800"', "1e999"]:
        try:
            booking.Clinic(text)
        except booking.Error:  # only ever a booking.Error (a lone surrogate was a UnicodeEncodeError)
            pass


def test_slots_are_ordinary_frozen_slots(example: booking.Clinic) -> None:
    """Slots built from slot tables behave like ``Slot(...)``: equal, hashable, frozen, same repr."""
    import dataclasses

    week = example.availability(json.loads((EXAMPLE / "request-week.json").read_text(encoding="utf-8")))
    s = week[0]
    twin = booking.Slot(s.id, s.start, s.end, s.professional, s.chair, s.chairs, s.resources)
    assert s == twin and hash(s) == hash(twin) and repr(s) == repr(twin)
    assert dataclasses.asdict(s) == dataclasses.asdict(twin)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.chair = "c9"  # type: ignore[misc]


def test_lifecycle_and_hours_from_python() -> None:
    """docs/booking-rules.md: the engine decides a cancel under the windows; hours name their source."""
    clinic = booking.Clinic.from_path(EXAMPLE / "clinic.json", EXAMPLE / "bookings.json")
    evening = dt.datetime(2026, 12, 6, 20, 0, tzinfo=SANTIAGO)
    late = clinic.lifecycle(booking="b1", action="cancel", now=evening)
    assert (late["decision"], late["fee"], late["code"]) == ("late", True, "late_change")
    free = clinic.lifecycle(booking="b1", action="cancel", now=NOW)
    assert (free["decision"], free["fee"], free["code"]) == ("allowed", False, None)
    move = clinic.lifecycle(booking="b1", action="reschedule", now=NOW, start="2026-12-09T11:00:00-03:00")
    assert move["allowed"] and move["check"]["bookable"] and move["check"]["release"]
    with pytest.raises(booking.Error) as e:
        clinic.lifecycle(booking="nope", action="cancel", now=NOW)
    assert e.value.code == "not_found" and e.value.pointer == "/booking"
    h = clinic.hours("santiago-centro", dt.date(2026, 12, 7), professional="dra-soto")
    assert h["open"]["source"] == "/sites/0/hours/mon" and h["works"]["hours"] == [["09:00", "13:00"]]
