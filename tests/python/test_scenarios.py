"""Every golden scenario replays through Python to exactly the bytes of its expected answer."""
import json
import pathlib

import pytest

import booking
from booking import _core

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "tests" / "scenarios").glob("*.json"))


def test_there_are_scenarios() -> None:
    assert len(SCENARIOS) >= 20


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path: pathlib.Path) -> None:
    scenario = json.loads(path.read_text(encoding="utf-8"))
    expected = scenario.pop("expected")
    try:
        got = _core.run_json(scenario["operation"], json.dumps(scenario, ensure_ascii=False))
    except booking.Error as e:
        got = json.dumps({"error": {"code": e.code, "pointer": e.pointer, "message": str(e)}},
                         ensure_ascii=False, separators=(",", ":"))
    assert got == json.dumps(expected, ensure_ascii=False, separators=(",", ":"))


AVAILABILITY = [p for p in SCENARIOS if (s := json.loads(p.read_text(encoding="utf-8")))["operation"] == "availability"
                and "error" not in s["expected"]]


def test_there_are_availability_scenarios() -> None:
    assert len(AVAILABILITY) >= 10


@pytest.mark.parametrize("path", AVAILABILITY, ids=[p.stem for p in AVAILABILITY])
def test_pythonic_availability_matches_the_scenario(path: pathlib.Path) -> None:
    """Slots built from slot tables, and the JSON text written from them, are the engine's answer."""
    scenario = json.loads(path.read_text(encoding="utf-8"))
    expected = scenario["expected"]["slots"]
    answer = booking.Clinic(scenario["clinic"], scenario.get("bookings")).availability(scenario["request"])
    assert answer.to_dict() == scenario["expected"]  # before to_json(): the text is written on first use
    assert answer.to_json() == json.dumps(scenario["expected"], ensure_ascii=False, separators=(",", ":"))
    assert len(answer) == len(expected)
    for slot, want in zip(answer, expected):
        assert (slot.id, slot.professional, slot.chair, list(slot.chairs), list(slot.resources)) == (
            want["id"], want["professional"], want["chair"], want["chairs"], want["resources"])
        for got_time, text in ((slot.start, want["start"]), (slot.end, want["end"])):
            assert got_time.isoformat() == text.replace("Z", "+00:00")
