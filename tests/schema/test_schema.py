"""The JSON Schema matches the engine: every document of every golden scenario that the engine
accepts is valid against schema/booking.schema.json, and so is every answer."""
import json
import pathlib

import jsonschema
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schema" / "booking.schema.json").read_text())
def _accepted(path: pathlib.Path) -> bool:
    """Scenarios whose input the engine accepts (the others are about refusing input)."""
    s = json.loads(path.read_text(encoding="utf-8"))
    e = s["expected"]
    return not ("error" in e or e.get("valid") is False or isinstance(s.get("clinic"), str))


SCENARIOS = [p for p in sorted((ROOT / "tests" / "scenarios").glob("*.json")) if _accepted(p)]


def errors(doc: object, definition: str) -> list[str]:
    sub = {"$ref": f"#/$defs/{definition}", "$defs": SCHEMA["$defs"]}
    return [e.message for e in jsonschema.Draft202012Validator(sub).iter_errors(doc)]


def test_there_are_accepted_scenarios() -> None:
    assert len(SCENARIOS) >= 15


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_accepted_documents_and_answers_match_the_schema(path: pathlib.Path) -> None:
    s = json.loads(path.read_text(encoding="utf-8"))
    expected = s["expected"]
    found: list[str] = []
    for key in ("clinic", "published", "draft"):
        if key in s:
            found += errors(s[key], "clinic")
    if "bookings" in s:
        found += errors(s["bookings"], "bookings")
    if "versions" in s:
        found += errors(s["versions"], "versions")
    request_of = {"availability": "availability_request", "availability_tables": "availability_request",
                  "check": "check_request", "alternatives": "alternatives_request", "simulate": "simulation_request",
                  "resolve": "resolve_request", "in_force": "in_force_request", "lifecycle": "lifecycle_request",
                  "hours": "hours_request"}
    if "request" in s:
        found += errors(s["request"], request_of[s["operation"]])
    answer_of = {"availability": "availability_answer", "availability_tables": "slot_tables_answer",
                 "check": "check_answer", "alternatives": "alternatives_answer", "simulate": "simulation_answer",
                 "resolve": "resolve_answer", "diff": "diff_answer", "in_force": "in_force_answer",
                 "lifecycle": "lifecycle_answer", "hours": "hours_answer"}
    if s["operation"] in answer_of:
        found += errors(expected, answer_of[s["operation"]])
    assert found == []


def test_structural_errors_are_caught_by_the_schema_too() -> None:
    for name in ("error-25-00", "error-zero-minutes"):
        s = json.loads((ROOT / "tests" / "scenarios" / f"{name}.json").read_text())
        assert errors(s["clinic"], "clinic") != []
