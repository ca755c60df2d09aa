"""The configuration API: simulate, resolve, diff, in_force — typed results equal to the CLI's JSON."""
import datetime as dt
import json
import pathlib
import subprocess
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st

import booking

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clinic"
SANTIAGO = ZoneInfo("America/Santiago")
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=SANTIAGO)


def preview() -> booking.Simulation:
    return booking.simulate(EXAMPLE / "clinic.json", EXAMPLE / "draft.json", EXAMPLE / "bookings.json",
                            from_=dt.date(2026, 12, 7), to=dt.date(2026, 12, 13), now=NOW)


def test_simulate_names_the_broken_bookings_with_aware_starts() -> None:
    sim = preview()
    assert not sim  # it breaks bookings
    assert [b.id for b in sim.broken] == ["b3", "b6"]
    b3 = sim.broken[0]
    assert b3.start == dt.datetime(2026, 12, 7, 14, 30, tzinfo=SANTIAGO)
    assert b3.start.utcoffset() == dt.timedelta(hours=-3)
    assert b3.conflicts[0].code == "outside_site_hours"
    assert sim.broken[1].conflicts[0].chair == "c3"
    assert sim.totals["removed"] == sum(r.removed for r in sim.rows) > 0
    assert all(r.before - r.removed == r.after - r.added for r in sim.rows)
    assert isinstance(sim.rows[0].date, dt.date)


def test_simulate_json_is_the_clis() -> None:
    sim = preview()
    assert json.loads(sim.to_json()) == sim.to_dict()
    clis = [ROOT / "build" / d / "booking" for d in ("test", "dev", "release")]
    cli = next((c for c in clis if c.exists()), None)
    if cli is None:
        pytest.skip("no native CLI built (scripts/test.sh builds build/test/booking first)")
    out = subprocess.run([str(cli), "simulate", "--published", str(EXAMPLE / "clinic.json"), "--draft",
                          str(EXAMPLE / "draft.json"), "--bookings", str(EXAMPLE / "bookings.json"),
                          "--from", "2026-12-07", "--to", "2026-12-13", "--now", NOW.isoformat(), "--json"],
                         capture_output=True, text=True)
    assert out.returncode == 3  # bookings broken
    assert json.loads(out.stdout) == sim.to_dict()


def test_simulate_errors_point_into_their_document() -> None:
    draft = json.loads((EXAMPLE / "draft.json").read_text(encoding="utf-8"))
    draft["sites"][0]["hours"]["mon"][0][1] = "25:00"
    with pytest.raises(booking.Error) as e:
        booking.simulate(EXAMPLE / "clinic.json", draft, from_="2026-12-07", to="2026-12-07", now=NOW)
    assert e.value.pointer == "/draft/sites/0/hours/mon/0/1"
    assert e.value.code == "invalid_value"
    with pytest.raises(booking.Error) as e:
        booking.simulate(EXAMPLE / "clinic.json", draft, from_="2026-12-07", to="2026-12-07",
                         now=dt.datetime(2026, 12, 1, 9, 0))
    assert e.value.code == "naive_datetime"


def test_simulate_to_pandas() -> None:
    pd = pytest.importorskip("pandas")
    frame = preview().to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns)[:4] == ["date", "site", "professional", "chair"]
    assert frame["removed"].sum() == preview().totals["removed"]


def test_resolve_says_where_each_value_came_from() -> None:
    r = booking.resolve(EXAMPLE / "draft.json", site="santiago-centro", professional="dra-soto",
                        user={"preferences": {"language": "es-CL"}})
    assert r["/policies/min_notice_minutes"] == 240
    assert r.provenance["/policies/min_notice_minutes"] == booking.Provenance("site", "/sites/0/policies/min_notice_minutes")
    assert r.provenance["/policies/max_advance_days"].layer == "tenant"
    assert r.provenance["/policies/claim_granularity_minutes"] == booking.Provenance("system", None)
    assert r["/preferences/language"] == "es-CL"
    assert r.provenance["/preferences/language"].layer == "user"
    with pytest.raises(booking.Error) as e:
        booking.resolve(EXAMPLE / "clinic.json", site="valparaiso")
    assert (e.value.code, e.value.pointer) == ("unknown_id", "/site")


def test_diff_and_in_force() -> None:
    d = booking.diff(EXAMPLE / "clinic.json", EXAMPLE / "draft.json")
    assert {(c.op, c.path) for c in d} >= {("removed", "/sites/santiago-centro/chairs/c3"),
                                          ("changed", "/treatments/limpieza/buffer_after")}
    assert d.counts["removed"] == 1
    v = booking.in_force(EXAMPLE / "versions.json", dt.datetime(2026, 12, 14, 0, 0, tzinfo=SANTIAGO))
    assert v.version == "2026-12-a" and v.next is None
    v = booking.in_force(EXAMPLE / "versions.json", "2026-12-13T23:59:00-03:00")
    assert v.version == "2026-11-a" and v.next is not None and v.next["version"] == "2026-12-a"


@settings(max_examples=60, deadline=None)
@given(buffer_after=st.integers(0, 60), close_monday=st.booleans(), drop=st.sampled_from([None, "c1", "c2", "c3"]))
def test_a_draft_only_removes_what_it_takes_away(buffer_after: int, close_monday: bool, drop: str) -> None:
    """Longer cleanup, fewer hours and fewer chairs never add a slot; rows always add up."""
    clinic = json.loads((EXAMPLE / "clinic.json").read_text(encoding="utf-8"))
    draft = json.loads(json.dumps(clinic))
    for t in draft["treatments"]:
        t["buffer_after"] = max(t.get("buffer_after", 0), buffer_after)
    if close_monday:
        draft["sites"][0]["hours"].pop("mon")
    if drop:
        draft["sites"][0]["chairs"] = [c for c in draft["sites"][0]["chairs"] if c["id"] != drop]
    sim = booking.simulate(clinic, draft, EXAMPLE / "bookings.json", from_="2026-12-07", to="2026-12-09", now=NOW)
    assert sim.totals["added"] == 0
    assert sim.totals["after"] == sim.totals["before"] - sim.totals["removed"]
    if drop:
        assert all(r.after == 0 for r in sim.rows if r.chair == drop)
    if close_monday:
        assert all(r.after == 0 for r in sim.rows if r.date == dt.date(2026, 12, 7) and r.site == "santiago-centro")
        assert "b1" in {b.id for b in sim.broken}
