"""The JSON Schema matches the engine: every document of every golden scenario that the engine
accepts is valid against schema/booking.schema.json, and so is every answer; each document has
its own schema (schema/README.md), which points at the field the engine points at."""
import json
import pathlib

import jsonschema
import pytest
from referencing import Registry, Resource

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schema" / "booking.schema.json").read_text())
#: Each document's schema file, by the name run_json gives the document (schema/README.md).
DOCUMENTS = {"clinic": "clinic", "published": "clinic", "draft": "clinic", "before": "clinic", "after": "clinic",
             "bookings": "bookings", "versions": "versions"}
REQUEST_OF = {"availability": "availability-request", "availability_tables": "availability-request",
              "check": "check-request", "alternatives": "alternatives-request", "simulate": "simulation-request",
              "resolve": "resolve-request", "in_force": "in-force-request", "lifecycle": "lifecycle-request",
              "hours": "hours-request"}
FILES = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "schema").glob("*.schema.json")}
REGISTRY = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in FILES.values())
def _accepted(path: pathlib.Path) -> bool:
    """Scenarios whose input the engine accepts (the others are about refusing input)."""
    s = json.loads(path.read_text(encoding="utf-8"))
    e = s["expected"]
    return not ("error" in e or e.get("valid") is False or isinstance(s.get("clinic"), str))


SCENARIOS = [p for p in sorted((ROOT / "tests" / "scenarios").glob("*.json")) if _accepted(p)]


def errors(doc: object, definition: str) -> list[str]:
    sub = {"$ref": f"#/$defs/{definition}", "$defs": SCHEMA["$defs"]}
    return [e.message for e in jsonschema.Draft202012Validator(sub).iter_errors(doc)]


def test_the_examples_name_their_schema() -> None:
    for name in ("clinic.json", "draft.json"):
        doc = json.loads((ROOT / "examples" / "clinic" / name).read_text(encoding="utf-8"))
        assert doc["$schema"] == "../../schema/clinic.schema.json"
        assert document_validator("clinic").is_valid(doc)


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
    if "waitlist" in s:
        found += errors(s["waitlist"], "waitlist")
    if "versions" in s:
        found += errors(s["versions"], "versions")
    request_of = {"availability": "availability_request", "availability_tables": "availability_request",
                  "check": "check_request", "alternatives": "alternatives_request", "simulate": "simulation_request",
                  "resolve": "resolve_request", "in_force": "in_force_request", "lifecycle": "lifecycle_request",
                  "hours": "hours_request",
                  "kpis": "kpi_request", "kpis_csv": "kpi_request", "reminders": "reminders_request",
                  "ical_agenda": "agenda_request", "ical_closures": "ical_closures_request", "waitlist": "waitlist_request"}
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


def document_validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(FILES[f"{name}.schema.json"], registry=REGISTRY)


def pointer(error: jsonschema.ValidationError) -> str:
    """Where an editor marks the error: the instance's JSON Pointer, and for a field that should not be
    there, the field itself (as the engine's unknown_field does)."""
    path = list(error.absolute_path)
    if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        path.append(next(k for k in error.instance if k not in known))
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def test_every_document_has_its_own_schema_with_an_id_and_no_root_alternatives() -> None:
    # Issue 17: the root was a oneOf over every document, so an editor pointed at the first
    # alternative that failed (a typo in treatments[0] was shown at professionals[0]).
    assert "oneOf" not in SCHEMA and "anyOf" not in SCHEMA
    for name in {*DOCUMENTS.values(), *REQUEST_OF.values()}:
        s = FILES[f"{name}.schema.json"]
        assert s["$id"] == f"{name}.schema.json"
        assert "oneOf" not in s and "anyOf" not in s
        jsonschema.Draft202012Validator.check_schema(s)
        assert s["$ref"].split("#/$defs/")[1] in SCHEMA["$defs"]


def test_a_typo_in_a_treatment_is_pointed_at_in_the_treatment() -> None:
    clinic = json.loads((ROOT / "examples" / "clinic" / "clinic.json").read_text(encoding="utf-8"))
    clinic["treatments"][0]["buffer_afer"] = clinic["treatments"][0].pop("buffer_after")
    best = jsonschema.exceptions.best_match(document_validator("clinic").iter_errors(clinic))
    assert best is not None and pointer(best) == "/treatments/0/buffer_afer"
    assert document_validator("clinic").is_valid(json.loads((ROOT / "examples" / "clinic" / "clinic.json").read_text()))


def _refused_documents():
    """(scenario, document name, document, the engine's pointers into it) for each bad input."""
    for path in sorted((ROOT / "tests" / "scenarios").glob("*.json")):
        s = json.loads(path.read_text(encoding="utf-8"))
        e = s["expected"]
        if "error" in e:
            ptr = e["error"]["pointer"]
            names = [k for k in (*DOCUMENTS, "request") if k in s]
            # simulate, diff and in_force prefix the pointer with the document's name
            prefixed = [n for n in names if ptr == f"/{n}" or ptr.startswith(f"/{n}/")]
            name = prefixed[0] if prefixed and s["operation"] in ("simulate", "diff", "in_force") else None
            if name is not None:
                yield path.stem, name, s[name], {ptr[len(name) + 1:]}
            else:
                for n in names:
                    yield path.stem, n, s[n], {ptr}
        elif e.get("valid") is False:
            by_document: dict[str, set[str]] = {}
            for err in e["errors"]:
                by_document.setdefault(err["document"], set()).add(err["pointer"])
            for n, ptrs in by_document.items():
                yield path.stem, n, s[n], ptrs


def test_the_schema_points_where_the_engine_points_on_the_bad_inputs_of_the_scenarios() -> None:
    matched = []
    for stem, name, doc, engine_pointers in _refused_documents():
        if isinstance(doc, str):
            continue  # text that is not JSON
        schema = DOCUMENTS.get(name) or REQUEST_OF.get(json.loads((ROOT / "tests" / "scenarios" / f"{stem}.json").read_text())["operation"])
        if schema is None:
            continue  # a request that has no schema yet
        found = {pointer(e) for e in document_validator(schema).iter_errors(doc)}
        # Every error the schema finds is one the engine reports at the same place (the engine finds
        # more: references, zones, overlaps).
        assert found <= engine_pointers, (stem, name, found, engine_pointers)
        if found:
            matched.append(stem)
    assert {"error-25-00", "error-zero-minutes", "validate-every-error", "simulate-error-in-draft"} <= set(matched)
