"""Many tenants on Dask: availability and simulations per clinic, as Dask DataFrames.

Needs the ``dask`` extra (``pip install 'chairbook[dask]'``: dask[dataframe], distributed, pandas,
pyarrow). Each tenant is one row of a table: its clinic document, its bookings and (for
:func:`simulate`) a draft, given as JSON text (or dicts), or as file names::

    from dask.distributed import Client, LocalCluster
    import booking.dask

    client = Client(LocalCluster(n_workers=2, threads_per_worker=2))     # or Client("tcp://scheduler:8786")
    tenants = booking.dask.tenants_from_paths(sorted(pathlib.Path("clinics").glob("*/clinic.json")))
    slots = booking.dask.availability(tenants, from_="2026-12-01", to="2026-12-31", now="2026-11-30T12:00:00Z")
    slots.groupby("tenant").size().compute()

Nothing crosses the network but the documents' text and the answers' rows: each partition builds a
:class:`booking.Clinic` per tenant on the worker (an engine is not sent; a ``Clinic`` pickles as its
JSON text and is rebuilt where it lands). The engine releases the GIL, so a worker's threads query in
parallel. No rule lives here: every slot and row is the engine's (docs/python.md, "Many tenants").
"""
from __future__ import annotations

import json
import os
import pathlib
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Optional, Sequence, Union, cast

import booking

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

__all__ = ["SLOT_COLUMNS", "SIMULATION_COLUMNS", "tenants_from_paths", "tenants_frame", "availability",
           "simulate", "map_tenants"]

#: The columns of :func:`availability`, in order. ``start_utc``/``end_utc`` are ``datetime64[ns, UTC]``
#: (one zone per column: tenants' sites are in many), ``start_local`` the site's wall-clock time
#: (``datetime64[ns]``, naive: twice the same value in a fall-back hour), ``timezone`` its zone.
SLOT_COLUMNS = ["tenant", "site", "treatment", "professional", "chair", "id", "start_utc", "end_utc",
                "start_local", "timezone"]
#: The columns of :func:`simulate`: one row per local day, site, professional and chair.
SIMULATION_COLUMNS = ["tenant", "date", "site", "professional", "chair", "before", "after", "added", "removed"]

Tenants = Union["pd.DataFrame", "pa.Table", "dd.DataFrame", Sequence[Union[str, "os.PathLike[str]"]]]


def _modules() -> None:
    try:
        import dask.dataframe as dd
        import pandas as pd
    except ImportError as e:  # pragma: no cover - exercised only without the extra
        raise ImportError("booking.dask needs the dask extra: pip install 'chairbook[dask]'") from e
    del dd, pd


def tenants_from_paths(clinics: Iterable[Union[str, "os.PathLike[str]"]],
                       bookings: Optional[Callable[[pathlib.Path], Optional[pathlib.Path]]] = None) -> "pd.DataFrame":
    """A tenants table of file names, read on the workers (the files must be visible there: a shared
    file system, or copy them first). ``bookings(clinic_path)`` names a clinic's bookings file; by
    default ``bookings.json`` beside the clinic when it exists."""
    _modules()
    import pandas as pd
    rows = []
    for name in clinics:
        path = pathlib.Path(name)
        b = bookings(path) if bookings is not None else path.with_name("bookings.json")
        rows.append({"clinic_path": str(path), "bookings_path": str(b) if b is not None and b.exists() else None})
    return pd.DataFrame(rows, columns=["clinic_path", "bookings_path"]).astype("string")


def _records(part: "pd.DataFrame") -> list[Mapping[str, Any]]:
    return cast("list[Mapping[str, Any]]", part.to_dict("records"))


def _missing(value: Any) -> bool:
    """An empty cell: None, pandas' NA or NaN."""
    if value is None or (isinstance(value, float) and value != value):
        return True
    return type(value).__name__ == "NAType"


def _documents(row: Mapping[str, Any], key: str) -> Any:
    """The row's ``key`` document: the file named in ``key_path``, else the ``key`` cell (JSON text,
    bytes, a dict or list); None when the row has neither."""
    path = row.get(key + "_path")
    if not _missing(path):
        return pathlib.Path(str(path))
    value = row.get(key)
    return None if _missing(value) else value


def _named(e: booking.Error, who: str) -> booking.Error:
    """``e`` with the tenant's name before its message, and everything else it says kept."""
    return booking.Error(f"{who}: {e.message}", e.code, e.pointer, e.document, e.line, e.column)


def _clinic(row: Mapping[str, Any]) -> tuple[str, booking.Clinic]:
    """The tenant's id and clinic; an error names the tenant (its id, or its row's file)."""
    doc = _documents(row, "clinic")
    try:
        clinic = booking.Clinic(doc, _documents(row, "bookings"))
    except booking.Error as e:
        who = next((str(row[k]) for k in ("tenant", "clinic_path") if not _missing(row.get(k))), "a tenant")
        raise _named(e, who) from None
    tenant = row.get("tenant")
    return (str(clinic.data["tenant"]["id"]) if _missing(tenant) else str(tenant)), clinic


def tenants_frame(tenants: Tenants, npartitions: Optional[int] = None) -> "dd.DataFrame":
    """Tenants as a Dask DataFrame: a pandas DataFrame or an Arrow table with ``clinic`` (JSON text
    or dicts) or ``clinic_path`` columns and optionally ``bookings``/``bookings_path``, ``draft``/
    ``draft_path`` and ``tenant``; or a list of clinic file names (:func:`tenants_from_paths`); or a
    Dask DataFrame of that shape, used as is. ``npartitions`` defaults to one per 8 tenants, at most 64."""
    _modules()
    import dask.dataframe as dd
    import pandas as pd
    if isinstance(tenants, dd.DataFrame):
        return tenants
    if hasattr(tenants, "to_pandas") and hasattr(tenants, "schema"):  # a pyarrow.Table
        tenants = cast(Any, tenants).to_pandas()
    if not isinstance(tenants, pd.DataFrame):
        tenants = tenants_from_paths(cast("Iterable[Union[str, os.PathLike[str]]]", tenants))
    if "clinic" not in tenants.columns and "clinic_path" not in tenants.columns:
        raise booking.Error("the tenants table needs a clinic or a clinic_path column", "wrong_type", "")
    n = len(tenants)
    parts = npartitions or max(1, min(64, (n + 7) // 8))
    return cast("dd.DataFrame", dd.from_pandas(tenants.reset_index(drop=True), npartitions=max(1, min(parts, n or 1)),  # type: ignore[no-untyped-call]
                                               sort=False))


def _slot_meta() -> "pd.DataFrame":
    _modules()
    import pandas as pd
    utc = pd.DatetimeTZDtype("ns", "UTC")
    return pd.DataFrame({
        "tenant": pd.Series([], dtype="string"), "site": pd.Series([], dtype="string"),
        "treatment": pd.Series([], dtype="string"), "professional": pd.Series([], dtype="string"),
        "chair": pd.Series([], dtype="string"), "id": pd.Series([], dtype="string"),
        "start_utc": pd.Series([], dtype=utc), "end_utc": pd.Series([], dtype=utc),
        "start_local": pd.Series([], dtype="datetime64[ns]"), "timezone": pd.Series([], dtype="string"),
    }, columns=SLOT_COLUMNS)


def _slots_of(tenant: str, answer: booking.Availability) -> "pd.DataFrame":
    import pandas as pd
    f = answer.to_pandas()
    zone = str(answer.zone) if answer.zone is not None else "UTC"
    return pd.DataFrame({
        "tenant": pd.Series([tenant] * len(f), dtype="string"), "site": f["site"], "treatment": f["treatment"],
        "professional": f["professional"], "chair": f["chair"], "id": f["id"],
        "start_utc": f["start_utc"], "end_utc": f["end_utc"],
        "start_local": f["start"].dt.tz_localize(None).astype("datetime64[ns]"),
        "timezone": pd.Series([zone] * len(f), dtype="string"),
    }, columns=SLOT_COLUMNS)


def _availability_partition(part: "pd.DataFrame", request: Mapping[str, Any], sites: Optional[Sequence[str]],
                            treatments: Optional[Sequence[str]]) -> "pd.DataFrame":
    import pandas as pd
    frames = [_slot_meta()]
    for row in _records(part):
        tenant, clinic = _clinic(row)
        known = [t["id"] for t in clinic.data["treatments"]]
        offered = {t for p in clinic.data["professionals"] for t in p.get("treatments", [])}
        # A filter may name sites and treatments some tenants lack: those contribute nothing.
        wanted = [t for t in known if t in offered] if treatments is None else [t for t in treatments if t in known]
        for site in (list(clinic.sites) if sites is None else [s for s in sites if s in clinic.sites]):
            for treatment in wanted:
                try:
                    answer = clinic.availability({**request, "site": site, "treatment": treatment})
                except booking.Error as e:
                    raise _named(e, tenant) from None
                frames.append(_slots_of(tenant, answer))
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def availability(tenants: Tenants, *, from_: str, to: str, now: str, sites: Optional[Sequence[str]] = None,
                 treatments: Optional[Sequence[str]] = None, npartitions: Optional[int] = None) -> "dd.DataFrame":
    """Every free slot of every tenant's sites and treatments over local dates [from_, to], as a lazy
    Dask DataFrame with :data:`SLOT_COLUMNS` (call ``.compute()``, or aggregate first).

    ``sites``/``treatments`` filter by id (a tenant without them contributes nothing); by default
    every site and every treatment some professional performs. ``from_``, ``to`` ('YYYY-MM-DD') and
    ``now`` (RFC 3339) are strings: a partition is computed far from this process's clock."""
    request = {"from": booking._date(from_, "/from"), "to": booking._date(to, "/to"), "now": booking._instant(now, "/now")}
    for name, values in (("sites", sites), ("treatments", treatments)):
        if values is not None:
            booking._ids(values, "/" + name)
    frame = tenants_frame(tenants, npartitions)
    return cast("dd.DataFrame", frame.map_partitions(  # type: ignore[no-untyped-call]
        _availability_partition, request, None if sites is None else list(sites),
        None if treatments is None else list(treatments), meta=_slot_meta()))


def _simulation_meta() -> "pd.DataFrame":
    _modules()
    import pandas as pd
    return pd.DataFrame({
        "tenant": pd.Series([], dtype="string"), "date": pd.Series([], dtype="datetime64[ns]"),
        "site": pd.Series([], dtype="string"), "professional": pd.Series([], dtype="string"),
        "chair": pd.Series([], dtype="string"), "before": pd.Series([], dtype="int64"),
        "after": pd.Series([], dtype="int64"), "added": pd.Series([], dtype="int64"),
        "removed": pd.Series([], dtype="int64"),
    }, columns=SIMULATION_COLUMNS)


def _simulation_partition(part: "pd.DataFrame", from_: str, to: str, now: str) -> "pd.DataFrame":
    import pandas as pd
    frames = [_simulation_meta()]
    for row in _records(part):
        tenant, _ = _clinic(row)
        try:
            sim = booking.simulate(_documents(row, "clinic"), _documents(row, "draft"), _documents(row, "bookings"),
                                   from_=from_, to=to, now=now)
        except booking.Error as e:
            raise _named(e, tenant) from None
        rows = sim.rows
        frames.append(pd.DataFrame({
            "tenant": pd.Series([tenant] * len(rows), dtype="string"),
            "date": pd.Series([r.date.isoformat() for r in rows], dtype="string").astype("datetime64[ns]"),
            "site": pd.Series([r.site for r in rows], dtype="string"),
            "professional": pd.Series([r.professional for r in rows], dtype="string"),
            "chair": pd.Series([r.chair for r in rows], dtype="string"),
            **{k: pd.Series([getattr(r, k) for r in rows], dtype="int64") for k in ("before", "after", "added", "removed")},
        }, columns=SIMULATION_COLUMNS))
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def simulate(tenants: Tenants, *, from_: str, to: str, now: str, npartitions: Optional[int] = None) -> "dd.DataFrame":
    """What publishing each tenant's ``draft`` (column ``draft`` or ``draft_path``) instead of its
    ``clinic`` would change, as a Dask DataFrame with :data:`SIMULATION_COLUMNS` (the engine's
    simulation rows, ``date`` the local day)."""
    booking._date(from_, "/request/from"), booking._date(to, "/request/to"), booking._instant(now, "/request/now")
    frame = tenants_frame(tenants, npartitions)
    if "draft" not in frame.columns and "draft_path" not in frame.columns:
        raise booking.Error("simulate needs a draft or a draft_path column", "wrong_type", "")
    return cast("dd.DataFrame", frame.map_partitions(  # type: ignore[no-untyped-call]
        _simulation_partition, from_, to, now, meta=_simulation_meta()))


def map_tenants(tenants: Tenants, fn: Callable[[str, booking.Clinic, Mapping[str, Any]], "pd.DataFrame"],
                meta: "pd.DataFrame", npartitions: Optional[int] = None) -> "dd.DataFrame":
    """Any per-tenant computation: ``fn(tenant, clinic, row)`` returns a DataFrame shaped like ``meta``
    (for instance KPIs from the engine's answers). ``fn`` runs on the workers: it must be picklable
    (a module-level function)."""
    def run(part: "pd.DataFrame") -> "pd.DataFrame":
        import pandas as pd
        frames = [meta.iloc[:0]]
        for row in _records(part):
            tenant, clinic = _clinic(row)
            frames.append(fn(tenant, clinic, row))
        return pd.concat(frames, ignore_index=True)
    return cast("dd.DataFrame", tenants_frame(tenants, npartitions).map_partitions(  # type: ignore[no-untyped-call]
        run, meta=meta))

