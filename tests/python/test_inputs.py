"""What the Python layer takes as a document and what it refuses: a str is JSON text and never a file
name; files and bytes are read like the CLI reads them (a byte order mark skipped); every refusal is
a booking.Error with a code and a pointer; an empty bookings document is an error, None is none."""
import codecs
import datetime as dt
import json
import pathlib
import pickle
import subprocess
from typing import Any, Callable
from zoneinfo import ZoneInfo

import pytest

import booking

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clinic"
SANTIAGO = ZoneInfo("America/Santiago")
NOW = dt.datetime(2026, 12, 4, 12, 0, tzinfo=SANTIAGO)
WEEK = {"site": "santiago-centro", "treatment": "limpieza", "from": "2026-12-07", "to": "2026-12-13",
        "now": "2026-12-04T12:00:00-03:00"}
BUSY = {"site": "santiago-centro", "professional": "dra-soto", "treatment": "limpieza",
        "start": "2026-12-07T10:15:00-03:00", "now": "2026-12-04T12:00:00-03:00"}


def text(name: str) -> str:
    return (EXAMPLE / name).read_text(encoding="utf-8")


# -- item 10: a str is JSON text, never a file name ---------------------------------------------

@pytest.fixture
def secret(tmp_path: pathlib.Path) -> pathlib.Path:
    """A readable JSON file whose contents must never come back through an error or an answer."""
    path = tmp_path / "secret.json"
    path.write_text(json.dumps({"password": "hunter2-do-not-leak"}), encoding="utf-8")
    return path


def test_diff_does_not_read_a_file_named_by_a_str(secret: pathlib.Path) -> None:
    with pytest.raises(booking.Error) as e:
        booking.diff(str(secret), "{}")
    assert (e.value.code, e.value.pointer) == ("malformed_json", "/before")
    assert "hunter2" not in str(e.value)
    assert "never a file name" in str(e.value) and "pathlib.Path" in str(e.value)


def test_a_clinic_is_not_opened_from_a_str(tmp_path: pathlib.Path) -> None:
    copy = tmp_path / "clinic.json"
    copy.write_text(text("clinic.json"), encoding="utf-8")
    with pytest.raises(booking.Error) as e:
        booking.Clinic(str(copy))
    assert e.value.code == "malformed_json"
    with pytest.raises(booking.Error) as e:
        booking.Clinic("/etc/passwd")
    assert e.value.code == "malformed_json" and "root:" not in str(e.value)


def _calls(path: str) -> list[tuple[str, Callable[[], Any]]]:
    """Every public entry point that takes a document, given the str ``path`` in that place."""
    clinic, bookings = text("clinic.json"), text("bookings.json")
    return [
        ("Clinic(clinic)", lambda: booking.Clinic(path)),
        ("Clinic.from_json", lambda: booking.Clinic.from_json(path)),
        ("Clinic(bookings=)", lambda: booking.Clinic(clinic, path)),
        ("Clinic.set_bookings", lambda: booking.Clinic(clinic).set_bookings(path)),
        ("Clinic.availability", lambda: booking.Clinic(clinic, bookings).availability(path)),
        ("Clinic.check", lambda: booking.Clinic(clinic, bookings).check(path)),
        ("availability(clinic)", lambda: booking.availability(path, bookings, WEEK)),
        ("availability(bookings)", lambda: booking.availability(clinic, path, WEEK)),
        ("check(clinic)", lambda: booking.check(path, bookings, BUSY)),
        ("check(bookings)", lambda: booking.check(clinic, path, BUSY)),
        ("simulate(published)", lambda: booking.simulate(path, clinic, from_="2026-12-07", to="2026-12-07", now=NOW)),
        ("simulate(draft)", lambda: booking.simulate(clinic, path, from_="2026-12-07", to="2026-12-07", now=NOW)),
        ("simulate(bookings)", lambda: booking.simulate(clinic, clinic, path, from_="2026-12-07", to="2026-12-07",
                                                        now=NOW)),
        ("resolve", lambda: booking.resolve(path)),
        ("diff(before)", lambda: booking.diff(path, "{}")),
        ("diff(after)", lambda: booking.diff("{}", path)),
        ("in_force", lambda: booking.in_force(path, NOW)),
        ("run", lambda: booking.run("validate", path)),
    ]


@pytest.mark.parametrize("name", [name for name, _ in _calls("")])
def test_no_public_function_reads_a_file_named_by_a_str(name: str, tmp_path: pathlib.Path) -> None:
    # A file each call would accept if it read it: the clinic for clinic places, bookings for
    # bookings, the week request for requests, versions for in_force, a scenario for run.
    contents = {"Clinic.availability": json.dumps(WEEK), "Clinic.check": json.dumps(BUSY),
                "in_force": text("versions.json"), "run": json.dumps({"clinic": json.loads(text("clinic.json"))})}
    bookings_places = {"Clinic(bookings=)", "Clinic.set_bookings", "availability(bookings)", "check(bookings)",
                       "simulate(bookings)"}
    path = tmp_path / "document.json"
    path.write_text(contents.get(name, text("bookings.json") if name in bookings_places else text("clinic.json")),
                    encoding="utf-8")
    call = dict(_calls(str(path)))[name]
    with pytest.raises(booking.Error) as e:
        call()
    assert e.value.code == "malformed_json", (name, e.value)
    # The same file as an os.PathLike is read.
    call = dict(_calls(path))[name]  # type: ignore[arg-type]
    call()


def test_validate_takes_a_str_as_text(secret: pathlib.Path) -> None:
    v = booking.validate(str(secret))
    assert not v.valid and v.errors[0].code == "malformed_json"
    assert booking.validate(EXAMPLE / "clinic.json", EXAMPLE / "bookings.json").valid


def test_from_path_takes_file_names_only() -> None:
    a = booking.Clinic.from_path(str(EXAMPLE / "clinic.json"), str(EXAMPLE / "bookings.json"))
    b = booking.Clinic.from_path(EXAMPLE / "clinic.json", EXAMPLE / "bookings.json")
    assert a.availability(WEEK).to_json() == b.availability(WEEK).to_json()
    with pytest.raises(booking.Error) as e:
        booking.Clinic.from_path(EXAMPLE / "clinic.json", json.loads(text("bookings.json")))  # type: ignore[arg-type]
    assert e.value.code == "wrong_type"


# -- item 13: files as the CLI reads them; every refusal a booking.Error --------------------------

def test_from_path_skips_a_byte_order_mark_like_the_cli(tmp_path: pathlib.Path) -> None:
    clinic, bookings = tmp_path / "clinic.json", tmp_path / "bookings.json"
    clinic.write_bytes(codecs.BOM_UTF8 + (EXAMPLE / "clinic.json").read_bytes())
    bookings.write_bytes(codecs.BOM_UTF8 + (EXAMPLE / "bookings.json").read_bytes())
    plain = booking.Clinic.from_path(EXAMPLE / "clinic.json", EXAMPLE / "bookings.json").availability(WEEK)
    for c in (booking.Clinic.from_path(clinic, bookings), booking.Clinic(clinic, bookings),
              booking.Clinic(clinic.read_bytes(), bookings.read_bytes()),
              booking.Clinic(clinic.read_text(encoding="utf-8"), bookings.read_text(encoding="utf-8"))):
        assert c.availability(WEEK).to_json() == plain.to_json()
        assert c.data["tenant"]["id"] == "sonrisa"
    cli = ROOT / "build" / "test" / "booking"
    if cli.exists():  # the CLI, when scripts/test.sh has built it, reads the same files alike
        out = subprocess.run([str(cli), "validate", "--clinic", str(clinic), "--bookings", str(bookings), "--json"],
                             capture_output=True, text=True)
        assert json.loads(out.stdout)["valid"] is True


def test_file_errors_name_the_file_not_its_contents(tmp_path: pathlib.Path) -> None:
    with pytest.raises(booking.Error) as e:
        booking.Clinic.from_path(tmp_path / "missing.json")
    assert (e.value.code, e.value.pointer) == ("not_found", "")
    assert "missing.json" in str(e.value) and "clinic" in str(e.value)
    with pytest.raises(booking.Error) as e:
        booking.Clinic(tmp_path)  # a directory
    assert e.value.code == "io_error"
    bad = tmp_path / "latin1.json"
    bad.write_bytes('{"tenant": "Peñalolén"}'.encode("latin-1"))
    with pytest.raises(booking.Error) as e:
        booking.Clinic.from_path(bad)
    assert e.value.code == "malformed_json" and "UTF-8 (byte 14)" in str(e.value)
    words = tmp_path / "words.json"
    words.write_text("hello", encoding="utf-8")
    for load in (lambda: booking.Clinic.from_path(words), lambda: booking.Clinic.from_path(EXAMPLE / "clinic.json", words)):
        with pytest.raises(booking.Error) as e:
            load()
        assert e.value.code == "malformed_json" and "file name" not in str(e.value)  # it is a file
    with pytest.raises(booking.Error) as e:
        booking.Clinic("\udcff")
    assert e.value.code == "malformed_json"


def test_a_bad_request_string_is_a_booking_error(example: booking.Clinic) -> None:
    for bad in ['{"site": ', "{", "not json", "\ufeff{"]:
        with pytest.raises(booking.Error) as e:
            example.availability(bad)
        assert e.value.code == "malformed_json"
        with pytest.raises(booking.Error) as e:
            example.check(bad)
        assert e.value.code == "malformed_json"
    assert len(example.availability("\ufeff" + json.dumps(WEEK))) == 86


def test_a_datetime_inside_a_dict_is_a_booking_error_with_its_pointer(example: booking.Clinic) -> None:
    with pytest.raises(booking.Error) as e:
        example.check({**BUSY, "start": dt.datetime(2026, 12, 7, 10, 15, tzinfo=SANTIAGO)})
    assert (e.value.code, e.value.pointer) == ("wrong_type", "/start")
    assert "isoformat" in str(e.value)
    with pytest.raises(booking.Error) as e:
        example.availability({**WEEK, "from": dt.date(2026, 12, 7)})
    assert (e.value.code, e.value.pointer) == ("wrong_type", "/from")
    bookings = json.loads(text("bookings.json"))
    bookings["bookings"][2]["start"] = dt.datetime(2026, 12, 7, 14, 30)
    with pytest.raises(booking.Error) as e:
        booking.Clinic(EXAMPLE / "clinic.json", bookings)
    assert (e.value.code, e.value.pointer) == ("wrong_type", "/bookings/2/start")
    with pytest.raises(booking.Error) as e:
        booking.simulate(EXAMPLE / "clinic.json", EXAMPLE / "draft.json", bookings, from_="2026-12-07",
                         to="2026-12-07", now=NOW)
    assert (e.value.code, e.value.pointer) == ("wrong_type", "/bookings/bookings/2/start")
    with pytest.raises(booking.Error) as e:
        example.check({**BUSY, "chair": float("nan")})
    assert (e.value.code, e.value.pointer) == ("wrong_type", "/chair")
    with pytest.raises(booking.Error) as e:
        booking.resolve(EXAMPLE / "clinic.json", user={"policies": {"a/b": {1, 2}}})
    assert (e.value.code, e.value.pointer) == ("wrong_type", "/user/policies/a~1b")
    with pytest.raises(booking.Error) as e:
        booking.Clinic(42)  # type: ignore[arg-type]
    assert e.value.code == "wrong_type"


def test_keyword_arguments_of_the_wrong_type_are_booking_errors(example: booking.Clinic) -> None:
    with pytest.raises(booking.Error) as e:
        example.availability(site="santiago-centro", treatment="limpieza",
                             from_=dt.datetime(2026, 12, 7, tzinfo=SANTIAGO), to="2026-12-07", now=NOW)
    assert (e.value.code, e.value.pointer) == ("wrong_type", "/from")
    with pytest.raises(booking.Error) as e:
        example.check(site="santiago-centro", professional="dra-soto", treatment="limpieza", start=1765113300,
                      now=NOW)  # type: ignore[arg-type]
    assert (e.value.code, e.value.pointer) == ("wrong_type", "/start")


def test_a_str_where_a_list_of_ids_belongs_is_refused(example: booking.Clinic) -> None:
    kw: dict[str, Any] = dict(site="santiago-centro", treatment="limpieza", from_="2026-12-07", to="2026-12-13",
                              now=NOW)
    with pytest.raises(booking.Error) as e:
        example.availability(**kw, professionals="dra-soto")
    assert (e.value.code, e.value.pointer) == ("wrong_type", "/professionals")
    assert "['dra-soto']" in str(e.value)
    with pytest.raises(booking.Error) as e:
        example.availability(**kw, chairs="c1")
    assert (e.value.code, e.value.pointer) == ("wrong_type", "/chairs")
    only = example.availability(**kw, professionals=["dra-soto"])
    assert only and {s.professional for s in only} == {"dra-soto"}
    assert example.availability(**kw, professionals=("dra-soto",)).to_json() == only.to_json()
    for key in ("sites", "treatments"):
        with pytest.raises(booking.Error) as e:
            booking.simulate(EXAMPLE / "clinic.json", EXAMPLE / "draft.json", **{key: "santiago-centro"},
                             from_="2026-12-07", to="2026-12-07", now=NOW)
        assert (e.value.code, e.value.pointer) == ("wrong_type", f"/request/{key}")


# -- item 1: an empty bookings document is an error; None is no bookings ---------------------------

@pytest.mark.parametrize("empty", ["", "  \n\t", b"", "\ufeff"])
def test_an_empty_bookings_document_is_an_error(empty: Any, tmp_path: pathlib.Path) -> None:
    clinic = text("clinic.json")
    calls: list[Callable[[], Any]] = [
        lambda: booking.Clinic(clinic, empty),
        lambda: booking.Clinic(clinic).set_bookings(empty),
        lambda: booking.availability(clinic, empty, WEEK),
        lambda: booking.check(clinic, empty, BUSY),
        lambda: booking.validate(clinic, empty),
        lambda: booking.simulate(clinic, clinic, empty, from_="2026-12-07", to="2026-12-07", now=NOW),
    ]
    for call in calls:
        with pytest.raises(booking.Error) as e:
            call()
        assert e.value.code == "empty_document" and e.value.pointer in ("", "/bookings")
        assert "bookings" in str(e.value) and "[]" in str(e.value)
    file = tmp_path / "bookings.json"
    file.write_bytes(empty.encode("utf-8") if isinstance(empty, str) else empty)
    with pytest.raises(booking.Error) as e:
        booking.Clinic.from_path(EXAMPLE / "clinic.json", file)
    assert e.value.code == "empty_document" and str(file) in str(e.value)


def test_omitted_bookings_are_no_bookings() -> None:
    clinic = text("clinic.json")
    none = booking.Clinic(clinic).availability(WEEK).to_json()
    assert booking.Clinic(clinic, None).availability(WEEK).to_json() == none
    assert booking.Clinic(clinic, "[]").availability(WEEK).to_json() == none
    assert booking.Clinic(clinic, "[]").availability(WEEK).to_json() != booking.Clinic(
        clinic, text("bookings.json")).availability(WEEK).to_json()
    c = booking.Clinic(clinic, text("bookings.json"))
    c.set_bookings(None)
    assert c.availability(WEEK).to_json() == none


def test_a_failed_set_bookings_keeps_the_old_bookings() -> None:
    c = booking.Clinic(EXAMPLE / "clinic.json", EXAMPLE / "bookings.json")
    before = c.availability(WEEK).to_json()
    with pytest.raises(booking.Error):
        c.set_bookings('{"bookings": [{"id": 1}]}')
    with pytest.raises(booking.Error):
        c.set_bookings("")
    assert c.availability(WEEK).to_json() == before
    assert c.validate().valid


# -- booking.Error and CheckResult ----------------------------------------------------------------

def test_an_error_shows_its_code_and_pointer() -> None:
    with pytest.raises(booking.Error) as e:
        booking.Clinic(EXAMPLE / "clinic.json", '{"bookings": [{"id": 1}]}')
    err = e.value
    assert repr(err) == (f"booking.Error(code='wrong_type', pointer='/bookings/0/id', document='bookings', "
                         f"message={str(err)!r})")
    assert err.message == str(err) and "/bookings/0/id" in str(err)
    assert (err.document, err.line, err.column) == ("bookings", 0, 0)
    copy = pickle.loads(pickle.dumps(err))
    assert (type(copy), copy.code, copy.pointer, copy.document, str(copy)) == \
        (booking.Error, err.code, err.pointer, err.document, str(err))
    made = booking.Error("no such chair", "unknown_id", "/chair")
    assert repr(made) == "booking.Error(code='unknown_id', pointer='/chair', message='no such chair')"
    assert isinstance(made, ValueError) and booking.Error is booking._core.Error


def test_an_error_in_the_json_text_says_its_document_line_and_column() -> None:
    """Not only in the message: a program can point an editor at the place (before, the fields were
    only in the text)."""
    with pytest.raises(booking.Error) as e:
        booking.Clinic(EXAMPLE / "clinic.json", '[\n  {"id": "b"\n  ,]')
    err = e.value
    assert (err.code, err.document, err.line, err.column) == ("malformed_json", "bookings", 3, 4)
    assert repr(err).startswith("booking.Error(code='malformed_json', pointer='', document='bookings', line=3, column=4,")
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.document, copy.line, copy.column) == ("bookings", 3, 4)
    with pytest.raises(booking.Error) as e:
        booking.Clinic(EXAMPLE / "clinic.json").availability({"site": 1})
    assert (e.value.document, e.value.pointer, e.value.line) == ("request", "/site", 0)


def test_check_result_carries_the_store_diff_when_the_engine_sends_it(example: booking.Clinic) -> None:
    ok = example.check({**BUSY, "start": "2026-12-07T09:15:00-03:00"})
    assert ok.bookable and ok.claims
    answer = ok.to_dict()
    for key in ("release", "take", "ranges"):  # present once the engine writes them (claims contract)
        assert getattr(ok, key) == answer.get(key, [])
    sent = {**answer, "release": ["k/old"], "take": ["k/new"],
            "ranges": [{"kind": "chair", "id": "c2", "from": "2026-12-07T12:05:00Z", "to": "2026-12-07T13:10:00Z"}]}
    r = booking.CheckResult(json.dumps(sent), SANTIAGO)
    assert (r.release, r.take, r.ranges[0]["kind"]) == (["k/old"], ["k/new"], "chair")
    old = {k: v for k, v in answer.items() if k not in ("release", "take", "ranges")}
    r = booking.CheckResult(json.dumps(old), SANTIAGO)
    assert (r.release, r.take, r.ranges, r.claims) == ([], [], [], ok.claims)


# -- alternatives and validate's related pointer (engine features bound since the claims merge) ----

def test_alternatives_are_free_slots_near_the_taken_one(example: booking.Clinic) -> None:
    alts = example.alternatives(BUSY)
    assert 0 < len(alts) <= 5 and alts[0].kind == "same_professional_same_day"
    assert alts[0].professional == "dra-soto" and alts[0].start.tzinfo == SANTIAGO
    # Independently of the ranking: every alternative is a slot availability offers that day or later.
    offered = {s.id for s in example.availability({**WEEK, "to": "2026-12-31"})}
    assert {a.id for a in alts} <= offered
    kw = dict(site="santiago-centro", professional="dra-soto", treatment="limpieza",
              start=dt.datetime(2026, 12, 7, 10, 15, tzinfo=SANTIAGO), now=NOW)
    assert [a.id for a in example.alternatives(**kw, limit=2)] == [a.id for a in alts][:2]  # type: ignore[arg-type]
    assert example.alternatives(json.dumps({**BUSY, "limit": 2})).to_json() == example.alternatives(
        BUSY, limit=2).to_json()
    with pytest.raises(booking.Error) as e:
        example.alternatives({**BUSY, "limit": 0})
    assert (e.value.code, e.value.pointer) == ("out_of_range", "/limit")


def test_validate_findings_keep_the_related_pointer() -> None:
    import dataclasses

    scenario = json.loads((ROOT / "tests/scenarios/validate-overlapping-bookings.json").read_text(encoding="utf-8"))
    v = booking.validate(scenario["clinic"], scenario["bookings"])
    assert not v.valid
    assert [{k: x for k, x in dataclasses.asdict(f).items() if x is not None} for f in v.errors] == \
        scenario["expected"]["errors"]
    assert v.errors[0].related == "/bookings/0"
