"""Hypothesis: on generated clinics, every slot checks clean and answers are sorted and in range;
any text at all is answered or refused with booking.Error, never a crash."""
import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

import booking

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ZONES = ["America/Santiago", "America/Lima", "America/New_York", "Europe/Madrid", "Australia/Lord_Howe"]


@st.composite
def clinics(draw: st.DrawFn) -> dict:  # type: ignore[type-arg]
    opening = draw(st.integers(0, 20)) * 30
    closing = min(1440, opening + draw(st.integers(2, 28)) * 30)
    clock = lambda m: f"{m // 60:02d}:{m % 60:02d}"  # noqa: E731
    span = [[clock(opening), clock(closing)]]
    n_chairs = draw(st.integers(1, 3))
    segments = [{"minutes": draw(st.integers(1, 8)) * 5, "professional": True}]
    if draw(st.booleans()):
        segments.append({"minutes": draw(st.integers(1, 4)) * 5, "professional": False, "resources": ["xray"]})
    return {
        "tenant": {"id": "t"},
        "policies": {"slot_step_minutes": draw(st.sampled_from([5, 10, 15, 30, 60])),
                     "min_notice_minutes": draw(st.integers(0, 3)) * 60, "max_advance_days": 30},
        "sites": [{"id": "s", "timezone": draw(st.sampled_from(ZONES)), "hours": {d: span for d in DAYS},
                   "chairs": [{"id": f"c{i}"} for i in range(n_chairs)],
                   "resources": [{"id": "xray", "capacity": draw(st.integers(1, 2))}]}],
        "professionals": [{"id": f"p{i}", "treatments": ["t"],
                           "schedule": [{"site": "s", "days": DAYS, "hours": span}]} for i in range(draw(st.integers(1, 2)))],
        "treatments": [{"id": "t", "buffer_before": draw(st.integers(0, 2)) * 5,
                        "buffer_after": draw(st.integers(0, 2)) * 5, "segments": segments}],
    }


@settings(max_examples=60, deadline=None)
@given(clinics(), st.sampled_from(["2026-04-04", "2026-04-05", "2026-09-06", "2026-10-04", "2026-11-01"]),
       st.lists(st.tuples(st.integers(0, 1), st.integers(0, 2), st.integers(0, 287)), max_size=8))
def test_every_slot_checks_clean(clinic: dict, day: str, raw_bookings: list) -> None:  # type: ignore[type-arg]
    first = dt.date.fromisoformat(day)
    bookings = [{"id": f"b{i}", "site": "s", "professional": f"p{p % len(clinic['professionals'])}",
                 "chair": f"c{c % len(clinic['sites'][0]['chairs'])}", "treatment": "t",
                 "start": f"{first}T{m * 5 // 60:02d}:{m * 5 % 60:02d}:00Z"} for i, (p, c, m) in enumerate(raw_bookings)]
    engine = booking.Clinic(clinic, bookings)
    now = f"{first - dt.timedelta(days=1)}T12:00:00Z"
    answer = engine.availability({"site": "s", "treatment": "t", "from": day, "to": day, "now": now})
    # Python compares aware datetimes that share a tzinfo by wall time, ignoring fold: across a
    # fall-back hour only the timestamp orders them.
    starts = [(s.start.timestamp(), s.professional) for s in answer]
    assert starts == sorted(starts)
    for s in answer:
        assert s.start.date() == first or s.start.astimezone(engine.sites["s"]).date() == first
        r = engine.check({"slot": s.id, "now": now})
        assert r.bookable, [c.code for c in r.conflicts]
        assert r.chair == s.chair


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_answered_or_refused(text: str) -> None:
    v = booking.validate(text)  # a str is JSON text (never a file name): validate answers, never raises
    assert v.valid == (v.errors == [])
    try:
        booking.Clinic(text)
    except booking.Error as e:
        assert e.code and isinstance(e.pointer, str)
    try:
        booking.run("availability", json.dumps({"clinic": text, "request": text}))
    except booking.Error as e:
        assert e.code and isinstance(e.pointer, str)
