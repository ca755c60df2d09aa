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
