"""booking.dask: many tenants' availability and simulations on a LocalCluster (127.0.0.1, bounded),
row for row the answers of booking.Clinic; tenants given as JSON text, dicts, an Arrow table or
files; an invalid tenant's error names it."""
import json
import pathlib
import sys

import pytest

import booking

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
distributed = pytest.importorskip("dask.distributed")
import booking.dask  # noqa: E402  (needs the dask extra)

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "clinic"
sys.path.insert(0, str(ROOT / "examples" / "python"))
from dask_tenants import bench_clinic, tenants_table  # noqa: E402

FROM, TO, NOW = "2026-12-01", "2026-12-14", "2026-11-30T12:00:00Z"


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    # In-process workers talk over inproc://, no socket; the process test below listens on 127.0.0.1.
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address="127.0.0.1:0") as cluster, distributed.Client(cluster) as c:
        yield c


def expected(clinic: booking.Clinic, tenant: str) -> "pd.DataFrame":
    """The slots of every site and offered treatment, from booking.Clinic directly."""
    rows = []
    offered = {t for p in clinic.data["professionals"] for t in p["treatments"]}
    for site in clinic.sites:
        for t in [t["id"] for t in clinic.data["treatments"] if t["id"] in offered]:
            for s in clinic.availability({"site": site, "treatment": t, "from": FROM, "to": TO, "now": NOW}):
                rows.append((tenant, site, t, s.id, s.professional, s.chair, s.start.timestamp()))
    return sorted(rows)


def got(frame: "pd.DataFrame") -> list[tuple]:
    return sorted(zip(frame["tenant"], frame["site"], frame["treatment"], frame["id"], frame["professional"],
                      frame["chair"], (t.timestamp() for t in frame["start_utc"])))


def test_availability_of_many_tenants_is_the_engines(client) -> None:  # type: ignore[no-untyped-def]
    tenants = tenants_table(7)
    example = {"tenant": "sonrisa", "clinic": (EXAMPLE / "clinic.json").read_text(encoding="utf-8"),
               "bookings": (EXAMPLE / "bookings.json").read_text(encoding="utf-8")}
    tenants = pd.concat([tenants, pd.DataFrame([example]).astype("string")], ignore_index=True)
    lazy = booking.dask.availability(tenants, from_=FROM, to=TO, now=NOW, npartitions=3)
    assert lazy.npartitions == 3 and list(lazy.columns) == booking.dask.SLOT_COLUMNS
    frame = lazy.compute()
    want = []
    for row in tenants.to_dict("records"):
        want += expected(booking.Clinic(row["clinic"], row["bookings"]), row["tenant"])
    assert len(want) > 1000 and got(frame) == sorted(want)
    assert {k: str(v) for k, v in frame.dtypes.items()} == {k: str(v) for k, v in lazy.dtypes.items()}
    assert str(frame["start_utc"].dtype) == "datetime64[ns, UTC]"
    local = frame[frame["tenant"] == "t00001"].iloc[0]  # Europe/Madrid: UTC+1 in December
    assert local["timezone"] == "Europe/Madrid" and local["start_local"] - local["start_utc"].tz_localize(None) \
        == pd.Timedelta(hours=1)


def test_tenants_as_arrow_files_and_filters(client, tmp_path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    clinic, bookings = bench_clinic("files", professionals=2, chairs=3, per_professional=10)
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "clinic.json").write_text(json.dumps(clinic), encoding="utf-8")
    (folder / "bookings.json").write_text(json.dumps(bookings), encoding="utf-8")
    from_files = booking.dask.availability([folder / "clinic.json"], from_=FROM, to=TO, now=NOW).compute()
    assert got(from_files) == expected(booking.Clinic.from_path(folder / "clinic.json", folder / "bookings.json"), "files")

    table = pa.table({"clinic": [json.dumps(clinic)], "bookings": [json.dumps(bookings)]})
    filtered = booking.dask.availability(table, from_=FROM, to=TO, now=NOW, sites=["s", "elsewhere"],
                                         treatments=["t45", "not-here"]).compute()
    assert got(filtered) == got(from_files)
    none = booking.dask.availability(table, from_=FROM, to=TO, now=NOW, sites=["elsewhere"]).compute()
    assert len(none) == 0 and list(none.dtypes) == list(filtered.dtypes)


def test_simulations_per_tenant(client) -> None:  # type: ignore[no-untyped-def]
    rows = []
    for i in range(3):
        clinic, bookings = bench_clinic(f"sim{i}", professionals=2, chairs=3, per_professional=8, seed=i)
        draft = json.loads(json.dumps(clinic))
        draft["sites"][0]["hours"]["sat"] = []  # close Saturdays
        rows.append({"tenant": f"sim{i}", "clinic": json.dumps(clinic), "draft": json.dumps(draft),
                     "bookings": json.dumps(bookings)})
    tenants = pd.DataFrame(rows)
    frame = booking.dask.simulate(tenants, from_=FROM, to=TO, now=NOW).compute()
    assert list(frame.columns) == booking.dask.SIMULATION_COLUMNS
    for row in rows:
        sim = booking.simulate(row["clinic"], row["draft"], row["bookings"], from_=FROM, to=TO, now=NOW)
        mine = frame[frame["tenant"] == row["tenant"]]
        assert sorted((r.date.isoformat(), r.professional, r.chair, r.before, r.after) for r in sim.rows) == \
            sorted(zip((d.date().isoformat() for d in mine["date"]), mine["professional"], mine["chair"],
                       mine["before"], mine["after"]))
        assert mine["removed"].sum() == sim.totals["removed"] > 0


def test_an_invalid_tenant_is_named(client) -> None:  # type: ignore[no-untyped-def]
    clinic, _ = bench_clinic("broken", professionals=1, chairs=1, per_professional=0)
    clinic["sites"][0]["timezone"] = "Mars/Olympus"
    tenants = pd.DataFrame([{"tenant": "broken", "clinic": json.dumps(clinic)}])
    with pytest.raises(booking.Error) as e:
        booking.dask.availability(tenants, from_=FROM, to=TO, now=NOW).compute()
    assert str(e.value).startswith("broken: ") and e.value.pointer == "/sites/0/timezone"
    assert (e.value.code, e.value.document) == ("unknown_zone", "clinic")  # where it is survives the renaming


def test_worker_processes_rebuild_the_clinics() -> None:
    """Separate worker processes: the documents travel, each worker builds its engines (and a
    pickled Clinic arrives whole)."""
    tenants = tenants_table(4)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0") as cluster, distributed.Client(cluster) as c:
        frame = booking.dask.availability(tenants, from_=FROM, to=TO, now=NOW, npartitions=2).compute()
        example = booking.Clinic.from_path(EXAMPLE / "clinic.json", EXAMPLE / "bookings.json")
        remote = c.submit(lambda clinic: len(clinic.availability(
            {"site": "santiago-centro", "treatment": "limpieza", "from": FROM, "to": TO, "now": NOW})), example)
        assert remote.result(timeout=120) == len(example.availability(
            {"site": "santiago-centro", "treatment": "limpieza", "from": FROM, "to": TO, "now": NOW}))
    want = []
    for row in tenants.to_dict("records"):
        want += expected(booking.Clinic(row["clinic"], row["bookings"]), row["tenant"])
    assert got(frame) == sorted(want)
