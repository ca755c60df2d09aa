"""Answers as tables and objects that travel: to_pandas (site, treatment, UTC columns, dtypes that
do not depend on the data), to_arrow, Jupyter's _repr_html_, pickled Clinics (multiprocessing),
docstrings of the constructors."""
import concurrent.futures
import datetime as dt
import json
import multiprocessing
import pathlib
import pickle

import pytest

import booking

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clinic"
COLUMNS = ["id", "site", "treatment", "professional", "chair", "chairs", "resources", "start", "end",
           "start_utc", "end_utc"]


def request(site: str, day_from: str = "2026-12-07", day_to: str = "2026-12-13") -> dict[str, str]:
    return {"site": site, "treatment": "limpieza", "from": day_from, "to": day_to, "now": "2026-12-04T12:00:00Z"}


def dtypes(df: "pd.DataFrame") -> dict[str, str]:
    return {k: str(v) for k, v in df.dtypes.items()}


def test_to_pandas_has_site_treatment_and_utc_columns(example: booking.Clinic) -> None:
    df = example.availability(request("santiago-centro")).to_pandas()
    assert list(df.columns) == COLUMNS
    assert set(df["site"]) == {"santiago-centro"} and set(df["treatment"]) == {"limpieza"}
    assert dtypes(df) == {"id": "string", "site": "string", "treatment": "string", "professional": "string",
                          "chair": "string", "chairs": "object", "resources": "object",
                          "start": "datetime64[ns, America/Santiago]", "end": "datetime64[ns, America/Santiago]",
                          "start_utc": "datetime64[ns, UTC]", "end_utc": "datetime64[ns, UTC]"}
    first = df.iloc[0]
    assert str(first["start"]) == "2026-12-07 09:15:00-03:00"
    assert str(first["start_utc"]) == "2026-12-07 12:15:00+00:00"
    assert first["chairs"] == ["c2", "c3"] and first["id"] == "santiago-centro:dra-soto:limpieza:20261207T1215Z"


def test_an_empty_answer_has_the_same_dtypes(example: booking.Clinic) -> None:
    full = example.availability(request("santiago-centro")).to_pandas()
    empty = example.availability(request("santiago-centro", "2026-12-13", "2026-12-13")).to_pandas()  # a Sunday
    assert len(empty) == 0 and dtypes(empty) == dtypes(full)
    assert example.availability(request("santiago-centro", "2026-12-13", "2026-12-13")).treatment == "limpieza"


def test_two_sites_concatenated_keep_datetime_utc_columns(example: booking.Clinic) -> None:
    both = pd.concat([example.availability(request("santiago-centro")).to_pandas(),
                      example.availability(request("lima-miraflores")).to_pandas()], ignore_index=True)
    assert str(both["start_utc"].dtype) == "datetime64[ns, UTC]" and str(both["end_utc"].dtype) == "datetime64[ns, UTC]"
    assert set(both["site"]) == {"santiago-centro", "lima-miraflores"} and str(both["site"].dtype) == "string"


def test_fall_back_arithmetic_needs_the_utc_columns() -> None:
    """Python subtracts two datetimes of one zone by wall time: a slot across Santiago's fall-back
    (23:30 at -03 to 23:00 at -04, 30 real minutes) reads as -30 minutes; the UTC columns are right."""
    scenario = json.loads((ROOT / "tests/scenarios/dst-santiago-fall.json").read_text(encoding="utf-8"))
    answer = booking.Clinic(scenario["clinic"]).availability(scenario["request"])
    across = [s for s in answer if s.start.utcoffset() != s.end.utcoffset()]
    assert across, "the scenario has a slot across the fall-back"
    slot = across[0]
    assert slot.end - slot.start != dt.timedelta(minutes=30)  # Python's rule, documented in docs/python.md
    assert slot.end.timestamp() - slot.start.timestamp() == 30 * 60
    df = answer.to_pandas()
    row = df[df["id"] == slot.id].iloc[0]
    assert row["end_utc"] - row["start_utc"] == pd.Timedelta(minutes=30)
    assert (df["end_utc"] - df["start_utc"] == pd.Timedelta(minutes=30)).all()


def test_to_arrow_matches_the_slots(example: booking.Clinic) -> None:
    answer = example.availability(request("santiago-centro"))
    table = answer.to_arrow()
    assert table.column_names == COLUMNS and table.num_rows == len(answer)
    assert str(table.schema.field("start").type) == "timestamp[ns, tz=America/Santiago]"
    assert str(table.schema.field("start_utc").type) == "timestamp[ns, tz=UTC]"
    rows = table.to_pylist()
    for slot, row in zip(answer, rows):
        assert (row["id"], row["professional"], row["chair"], tuple(row["chairs"])) == \
               (slot.id, slot.professional, slot.chair, slot.chairs)
        assert row["start_utc"] == slot.start and row["end"] == slot.end
        assert (row["site"], row["treatment"]) == ("santiago-centro", "limpieza")
    empty = example.availability(request("santiago-centro", "2026-12-13", "2026-12-13")).to_arrow()
    assert empty.num_rows == 0 and empty.schema == table.schema


def test_jupyter_shows_an_answer_as_a_table(example: booking.Clinic) -> None:
    answer = example.availability(request("santiago-centro"))
    page = answer._repr_html_()
    assert page.count("<tr><td>") == 20 and f"{len(answer)} slots" in page and "santiago-centro" in page
    assert f"… {len(answer) - 20} more" in page
    assert repr(answer) == f"<Availability santiago-centro limpieza: {len(answer)} slots>"


def test_an_error_shows_its_code_and_pointer() -> None:
    with pytest.raises(booking.Error) as e:
        booking.Clinic(EXAMPLE / "clinic.json", '{"bookings": [{"id": 1}]}')
    assert repr(e.value).startswith("booking.Error(code='wrong_type', pointer='/bookings/0/id', ")


def test_a_clinic_pickles_as_its_documents(example: booking.Clinic) -> None:
    again = pickle.loads(pickle.dumps(example))
    assert type(again) is booking.Clinic and again.sites == example.sites
    assert again.availability(request("santiago-centro")).to_json() == \
           example.availability(request("santiago-centro")).to_json()
    assert again.validate().to_json() == example.validate().to_json()  # the bookings came along


def week_json(clinic: booking.Clinic) -> str:
    return clinic.availability(request("santiago-centro")).to_json()


def test_a_clinic_goes_to_another_process(example: booking.Clinic) -> None:
    context = multiprocessing.get_context("spawn")  # nothing inherited: only the pickle
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        assert pool.submit(week_json, example).result(timeout=120) == week_json(example)


def test_constructors_are_documented() -> None:
    for fn in (booking.Clinic.from_path, booking.Clinic.from_json, booking.Clinic.from_dict):
        assert fn.__doc__ and "::" in fn.__doc__, fn.__name__  # a sentence and an example
