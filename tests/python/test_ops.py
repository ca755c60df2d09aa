"""Clinic operations from Python: KPIs, reminders, iCalendar (read back by the icalendar package), waitlist."""
import datetime as dt
import json
import pathlib
from zoneinfo import ZoneInfo

import icalendar
import pytest

import booking

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clinic"
POLICY = {"offsets_minutes": [1440, 120], "quiet_hours": {"from": "21:00", "to": "08:00"}, "channels": ["sms"]}


@pytest.fixture(scope="module")
def month() -> booking.Clinic:
    return booking.Clinic.from_path(EXAMPLE / "clinic.json", bookings=EXAMPLE / "month.json")


@pytest.fixture(scope="module")
def week() -> booking.Clinic:
    return booking.Clinic.from_path(EXAMPLE / "clinic.json", bookings=EXAMPLE / "bookings.json")


def test_kpis_are_the_engine_answer_and_closed_days_are_none(month: booking.Clinic) -> None:
    k = month.kpis(dt.date(2026, 11, 1), "2026-11-30")
    assert k.to_json() == booking.run_json("kpis", {"clinic": json.loads((EXAMPLE / "clinic.json").read_text()),
                                                    "bookings": json.loads((EXAMPLE / "month.json").read_text()),
                                                    "request": {"from": "2026-11-01", "to": "2026-11-30"}})
    sunday = [r for r in k.chairs if r["date"] == "2026-11-01"]
    assert sunday and all(r["open_minutes"] == 0 and r["occupancy"] is None for r in sunday)
    assert any(r["occupancy"] not in (None, 0) for r in k.chairs)
    assert k.bookings["total"] == 203 and k.lead_time["count"] == 203 and k.bookings["confirmed"] > 0
    assert 0 < (k.no_show_rate or 0) < 1 and 0 < (k.cancellation_rate or 0) < 1
    lines = k.to_csv().split("\r\n")
    assert lines[0] == "kind,site,id,date,open_minutes,booked_minutes,occupancy"
    assert "chair,santiago-centro,c1,2026-11-01,0,0," in lines


def test_reminders_move_out_of_quiet_hours(month: booking.Clinic) -> None:
    r = month.reminders("n193", now=dt.datetime(2026, 11, 27, 10, tzinfo=ZoneInfo("America/Santiago")), policy=POLICY)
    assert len(r) == 1
    assert r.reminders[0]["at"] == dt.datetime(2026, 11, 27, 21, tzinfo=ZoneInfo("America/Santiago"))
    assert r.reminders[0]["moved"] is True
    assert [d["reason"] for d in r.dropped] == ["past"]


def test_reminder_policy_errors_carry_a_pointer(month: booking.Clinic) -> None:
    with pytest.raises(booking.Error) as e:
        month.reminders("n193", now="2026-11-01T00:00:00Z", policy=dict(POLICY, channels=["sms", "sms"]))
    assert (e.value.code, e.value.pointer) == ("duplicate_value", "/policy/channels/1")


def test_an_agenda_is_read_back_by_the_icalendar_package(week: booking.Clinic) -> None:
    text = week.ical(professional="dra-soto", from_="2026-12-07", to="2026-12-13", now="2026-12-01T12:00:00Z")
    cal = icalendar.Calendar.from_ical(text)
    events = [c for c in cal.walk("VEVENT")]
    assert [str(e["UID"]) for e in events] == ["b1@sonrisa.booking", "b2@sonrisa.booking", "b4@sonrisa.booking"]
    first = events[0]
    assert first.decoded("DTSTART") == dt.datetime(2026, 12, 7, 13, tzinfo=dt.timezone.utc)
    assert first.decoded("DTEND") == dt.datetime(2026, 12, 7, 13, 45, tzinfo=dt.timezone.utc)
    assert str(events[1]["STATUS"]) == "TENTATIVE"
    assert str(cal["VERSION"]) == "2.0"


def test_a_long_escaped_summary_survives_folding(week: booking.Clinic) -> None:
    data = json.loads((EXAMPLE / "clinic.json").read_text())
    data["treatments"][0]["name"] = "Limpieza, profunda; con flúor y una descripción larga que no cabe en una línea"
    c = booking.Clinic(data, EXAMPLE / "bookings.json")
    text = c.ical(site="santiago-centro", chair="c1", from_="2026-12-07", to="2026-12-07", now="2026-12-01T12:00:00Z")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    events = list(icalendar.Calendar.from_ical(text).walk("VEVENT"))
    assert str(events[0]["SUMMARY"]).startswith(data["treatments"][0]["name"] + " — ")


def test_closures_from_an_ics_file() -> None:
    got = booking.ical_closures(EXAMPLE / "holidays-cl.ics", "2027-01-01", dt.date(2028, 12, 31))
    assert dt.date(2027, 9, 19) in got.closures and dt.date(2027, 12, 25) not in got.closures
    assert dt.date(2028, 2, 29) in got.closures and dt.date(2028, 12, 25) in got.closures
    with pytest.raises(booking.Error) as e:
        booking.ical_closures("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260101\r\nRDATE:20260301\r\n"
                              "END:VEVENT\r\nEND:VCALENDAR\r\n", "2026-01-01", "2026-12-31")
    assert e.value.code == "unsupported_ical" and "line 4, RDATE" in str(e.value)


def test_waitlist_ranks_the_entries_the_engine_can_book(week: booking.Clinic) -> None:
    m = week.waitlist(json.loads((EXAMPLE / "waitlist.json").read_text()), freed={"booking": "b2"},
                      now="2026-12-01T12:00:00Z")
    assert [x["entry"] for x in m.matches] == ["w7", "w1"]
    assert {x["entry"]: x["reason"] for x in m.misses}["w4"] == "not_bookable"
