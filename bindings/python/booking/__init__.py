"""booking — a DST-exact booking engine for dental clinics.

The same C++ engine as the ``booking`` CLI and the WebAssembly package, with a Pythonic face::

    import booking
    clinic = booking.Clinic.from_path("examples/clinic/clinic.json",
                                      bookings="examples/clinic/bookings.json")
    week = clinic.availability(site="santiago-centro", treatment="limpieza",
                               from_="2026-12-07", to="2026-12-13",
                               now=datetime(2026, 12, 4, 12, tzinfo=ZoneInfo("America/Santiago")))
    for slot in week:
        print(slot.start, slot.professional, slot.chair)   # start is an aware datetime
    week.to_json()    # byte-identical to `booking availability --json` (compact)
    week.to_pandas()  # when pandas is installed

Documents (clinic, bookings, requests, drafts, versions) are JSON text (``str`` or ``bytes``), a
dict/list, or a file given as an ``os.PathLike`` (``pathlib.Path``). A ``str`` is always JSON text,
never a file name: ``booking.diff("/srv/secret.json", "{}")`` is a JSON error, not a read of the
file. ``Clinic.from_path`` takes file names (``str`` or ``os.PathLike``). Files and bytes are read
as the CLI reads them: UTF-8, a leading byte order mark skipped.

Errors are :class:`booking.Error` (a ``ValueError``) with ``.code`` and ``.pointer``, also for what
the Python layer refuses before the engine sees it (docs/python.md lists the codes).
"""
from __future__ import annotations

import codecs
import dataclasses
import datetime as _dt
import functools
import html
import json
import math
import os
import pathlib
import re
import threading
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, NamedTuple, Optional, Sequence, Union, overload

if TYPE_CHECKING:  # only for the annotations: neither is needed at run time
    import pandas as pd
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
import zoneinfo
from zoneinfo import ZoneInfo

from . import _core
from ._error import Error
from . import _ops
from ._ops import IcalClosures, Kpis, Reminders, WaitlistMatches, ical_closures

#: The zone files the engine reads when date/tz is compiled in (a wheel): the folder installed beside
#: the module, or ``$BOOKING_TZDIR`` (read once, at import). Empty when the engine uses the system's.
ZONEINFO: str = ""
if getattr(_core, "bundled_tz", False):
    ZONEINFO = os.environ.get("BOOKING_TZDIR") or os.path.join(os.path.dirname(__file__), "zoneinfo")
    _core._set_tz_dir(ZONEINFO)

__all__ = [
    "Error", "Clinic", "Slot", "SlotScore", "Availability", "Conflict", "CheckResult", "Alternative", "Alternatives", "Finding", "Validation",
    "SimulationRow", "BrokenBooking", "Simulation", "Provenance", "Resolved", "Change", "Diff", "InForce",
    "availability", "check", "validate", "simulate", "resolve", "diff", "in_force", "run", "run_json", "version",
    "ZONEINFO", "AVAILABILITY_COLUMNS",
    "Kpis", "Reminders", "WaitlistMatches", "IcalClosures", "ical_closures",
]
__version__: str = _core.version()

#: A document: JSON text (``str`` or ``bytes``), a dict/list, or a file (``os.PathLike``). A ``str``
#: is never a file name.
Document = Union[str, bytes, "os.PathLike[str]", Mapping[str, Any], Sequence[Any]]
#: A request: JSON text, a dict, or a file (``os.PathLike``).
Request = Union[str, bytes, "os.PathLike[str]", Mapping[str, Any]]


def version() -> str:
    """The engine's version, ``"MAJOR.MINOR.PATCH"``."""
    return _core.version()


def run_json(operation: str, documents: Request) -> str:
    """Runs any engine operation on named documents; returns the answer's JSON text (see ``run``)."""
    return _core.run_json(operation, _text(documents, "documents"))


def run(operation: str, documents: Request) -> Any:
    """Runs any engine operation (``"availability"``, ``"check"``, ``"validate"``, …) on a mapping of
    named documents, ``{"clinic": ..., "bookings": ..., "request": ...}``, and returns the parsed answer."""
    return json.loads(run_json(operation, documents))


def _error(code: str, pointer: str, message: str) -> Error:
    return Error(message, code, pointer)


_JSON_STARTS = frozenset('{["-0123456789tfn')
_NOT_JSON_WHITESPACE = re.compile(r"[^ \t\n\r]")


def _first(text: str) -> str:
    """The first character after JSON whitespace, "" when there is none (without copying the text)."""
    m = _NOT_JSON_WHITESPACE.search(text)
    return m.group() if m else ""


def _text(doc: Any, what: str, prefix: str = "", *, sniff: bool = True) -> str:
    """The JSON text of a document given as text, bytes, a dict/list or an ``os.PathLike``.

    ``what`` names the document in messages; ``prefix`` ("/draft") goes before pointers, for the
    operations whose engine errors carry one (simulate, diff, in_force). ``sniff``: refuse a str
    that cannot be JSON here, with a hint (validate leaves that to the engine, which reports it)."""
    if isinstance(doc, str):
        return _checked_str(doc, what, prefix, sniff)
    if isinstance(doc, (bytes, bytearray)):
        return _decoded(bytes(doc), what, prefix)
    if isinstance(doc, os.PathLike):
        return _read(doc, what, prefix)
    if isinstance(doc, (Mapping, Sequence)):
        return _dumps(doc, what, prefix)
    raise _error("wrong_type", prefix, f"{what} must be JSON text (str or bytes), a dict, a list or a path "
                 f"(os.PathLike), not {type(doc).__name__}")


def _checked_str(text: str, what: str, prefix: str = "", sniff: bool = True) -> str:
    """A str as the engine will read it: a leading byte order mark dropped (the engine skips one too,
    but json.loads would not); text that cannot be UTF-8 (a lone surrogate) refused."""
    if text.startswith("\ufeff"):
        text = text[1:]
    start = _first(text) if sniff else ""
    if start and start not in _JSON_STARTS:  # no JSON value starts so: most likely a file name
        raise _error("malformed_json", prefix, f"{what}: the text is not JSON (it starts {text[:60]!r}); a str is "
                     "always JSON text, never a file name: pass a pathlib.Path, or use Clinic.from_path")
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as e:
            raise _error("malformed_json", prefix, f"{what}: the text is not valid Unicode: a lone surrogate "
                         f"{text[e.start]!r} at index {e.start}") from None
    return text


def _decoded(data: bytes, what: str, prefix: str = "") -> str:
    """UTF-8 bytes as text, a leading byte order mark skipped: what the CLI passes the engine."""
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as e:
        raise _error("malformed_json", prefix,
                     f"{what}: the text is not valid UTF-8 (byte {bom + e.start})") from None


def _read(path: Union[str, "os.PathLike[str]"], what: str, prefix: str = "") -> str:
    """A file's text, read as the CLI reads it (bytes, a byte order mark skipped, UTF-8)."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        raise _error("not_found", prefix, f"{what}: there is no file {name!r}") from None
    except OSError as e:
        raise _error("io_error", prefix, f"{what}: cannot read {name!r}: {e.strerror or e}") from None
    return _decoded(data, f"{what} ({name})", prefix)


def _plain(value: Any) -> Any:
    """json.dumps's fallback: other mappings and sequences as dicts and lists; nothing else."""
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray)):
        return list(value)
    raise TypeError(type(value).__name__)


def _dumps(value: Any, what: str, prefix: str = "") -> str:
    """A dict/list document as JSON text; a value JSON cannot hold is refused with its pointer."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, default=_plain)
    except RecursionError:
        raise _error("too_large", prefix, f"{what} is nested too deeply") from None
    except (TypeError, ValueError) as e:
        found = _not_json(value, "", [])
        pointer, reason = found if found is not None else ("", str(e))
        raise _error("wrong_type", prefix + pointer, f"{what}: {pointer or 'the document'} {reason}") from None


def _token(key: Any) -> str:
    text = key if isinstance(key, str) else json.dumps(key)  # how json.dumps writes a key 1, True, None
    return text.replace("~", "~0").replace("/", "~1")


def _not_json(value: Any, pointer: str, open_: list[int]) -> Optional[tuple[str, str]]:
    """The pointer of the first value json.dumps refuses in ``value``, and why."""
    if value is None or isinstance(value, (str, bool, int)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else (pointer, f"is {value!r}, which JSON cannot hold")
    if isinstance(value, _dt.datetime):
        return (pointer, f"is a datetime ({value!r}); JSON has no datetimes: give an RFC 3339 string "
                "(value.isoformat() of an aware datetime), or the keyword arguments, which take datetimes")
    if isinstance(value, _dt.date):
        return (pointer, f"is a date ({value!r}); give it as 'YYYY-MM-DD' (value.isoformat())")
    if isinstance(value, (Mapping, Sequence)) and not isinstance(value, (bytes, bytearray)):
        if id(value) in open_:
            return (pointer, "contains itself")
        open_.append(id(value))
        if isinstance(value, Mapping):
            for k, v in value.items():
                if not (k is None or isinstance(k, (str, int, float, bool))):
                    return (pointer, f"has a key {k!r} ({type(k).__name__}); JSON keys are strings")
                found = _not_json(v, f"{pointer}/{_token(k)}", open_)
                if found is not None:
                    return found
        else:
            for i, v in enumerate(value):
                found = _not_json(v, f"{pointer}/{i}", open_)
                if found is not None:
                    return found
        open_.pop()
        return None
    return (pointer, f"is a {type(value).__name__} ({value!r:.60}), which is not a JSON value")


def _bookings(doc: Any, what: str = "bookings", prefix: str = "", *, sniff: bool = True) -> str:
    """A bookings document's text; None (omitted) is no bookings. An empty text is refused: it is
    more likely a file or a column that came back empty than a wish for no bookings."""
    if doc is None:
        return "[]"
    text = _text(doc, what, prefix, sniff=sniff)
    if _first(text) == "":
        name = f"{what} ({os.fspath(doc)})" if isinstance(doc, os.PathLike) else what
        raise _error("empty_document", prefix, f"the {name} document is empty: pass [] (or omit bookings) "
                     "for no bookings")
    return text


def _loads(text: str, what: str) -> Any:
    """Python's parse of a text the engine has accepted (for the zones of its sites)."""
    try:
        return json.loads(text)
    except ValueError as e:  # pragma: no cover - the engine accepted the text first
        raise _error("malformed_json", "", f"{what}: {e}") from None


def _ids(values: Optional[Iterable[str]], pointer: str) -> Optional[list[str]]:
    """A list of ids from a keyword argument; a str is refused (it would be split into letters)."""
    if values is None:
        return None
    if isinstance(values, (str, bytes)):
        raise _error("wrong_type", pointer, f"{pointer[1:]} must be a list of ids, not a single "
                     f"{type(values).__name__}: write {pointer.rsplit('/', 1)[-1]}=[{values!r}]")
    try:
        return list(values)
    except TypeError:
        raise _error("wrong_type", pointer, f"{pointer[1:]} must be a list of ids, not "
                     f"{type(values).__name__}") from None


def _instant(value: Union[str, _dt.datetime], pointer: str) -> str:
    """An RFC 3339 instant from a string or an aware datetime; naive datetimes are refused."""
    name = pointer.rsplit("/", 1)[-1]
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise _error("naive_datetime", pointer,
                         f"{name} is a naive datetime ({value.isoformat()}); give it a tzinfo, "
                         "e.g. datetime(..., tzinfo=ZoneInfo('America/Santiago'))")
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise _error("wrong_type", pointer,
                 f"{name} must be an aware datetime or an RFC 3339 string, not {type(value).__name__}")


def _date(value: Union[str, _dt.date], pointer: str) -> str:
    name = pointer.rsplit("/", 1)[-1]
    if isinstance(value, _dt.datetime):
        raise _error("wrong_type", pointer,
                     f"{name} is a local date: pass a date (or 'YYYY-MM-DD'), not a datetime ({value.isoformat()})")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise _error("wrong_type", pointer, f"{name} must be a date or 'YYYY-MM-DD', not {type(value).__name__}")


def _aware(text: str, zone: Optional[ZoneInfo]) -> _dt.datetime:
    """An RFC 3339 answer time as an aware datetime in the site's zone (fold set for repeated hours)."""
    t = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return t.astimezone(zone) if zone is not None else t


class _Answer:
    """An engine answer: the JSON text as the engine wrote it, and its parsed form."""

    def __init__(self, text: str) -> None:
        self._text = text

    def to_json(self) -> str:
        """The engine's JSON text, byte-identical to the CLI, C++ and WebAssembly answers."""
        return self._text

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.to_json())  # to_json: an answer may write its text lazily
        return result


@dataclasses.dataclass(frozen=True)
class SlotScore:
    """What taking a slot of a ranked answer (``order="compact"``) would leave around it:
    ``idle_minutes`` of gaps too short for any treatment, and ``gaps`` of any length, on its chair
    and its professional (docs/booking-rules.md, "Best-slot ranking"). Lower is better."""

    idle_minutes: int
    gaps: int


@dataclasses.dataclass(frozen=True)
class Slot:
    """One bookable (start, professional). ``chair`` is the first free eligible chair; ``chairs`` all.

    ``start`` and ``end`` are aware datetimes in the site's zone, with ``fold=1`` for the second
    occurrence of a repeated (fall-back) wall time. Python compares two datetimes with the same
    tzinfo by wall time, ignoring fold: order or subtract slots by ``.timestamp()`` (or convert to UTC)
    when they may straddle a fall-back hour.
    """

    id: str
    start: _dt.datetime
    end: _dt.datetime
    professional: str
    chair: str
    chairs: tuple[str, ...]
    resources: tuple[str, ...]
    #: With ``order="compact"``: the slot's score (its first chair is the best one); else None.
    score: Optional[SlotScore] = None


def _new_slot(id: str, start: _dt.datetime, end: _dt.datetime, professional: str, chair: str,
              chairs: tuple[str, ...], resources: tuple[str, ...], score: Optional[SlotScore] = None) -> Slot:
    """``Slot(...)`` without the frozen dataclass's per-field ``object.__setattr__`` (0.9 µs a slot,
    half the cost of a month's answer): the same instance, fields stored in its ``__dict__``."""
    slot: Slot = object.__new__(Slot)
    d = slot.__dict__
    d["id"], d["start"], d["end"], d["professional"] = id, start, end, professional
    d["chair"], d["chairs"], d["resources"], d["score"] = chair, chairs, resources, score
    return slot


class Availability(_Answer):
    """The answer of an availability query: a sequence of :class:`Slot`.

    Built from the engine's slot tables (docs/format.md): each distinct instant becomes a datetime
    once, and slots share their (immutable) chair tuples. ``to_json()`` asks the engine for the JSON
    text on first use. ``site`` and ``treatment`` are the request's; ``zone`` the site's time zone.
    """

    def __init__(self, answer: _core.AvailabilityAnswer, zone: Optional[ZoneInfo], treatment: str = "") -> None:
        super().__init__("")
        self._answer = answer
        self.site: str = answer.site
        self.zone: Optional[ZoneInfo] = zone
        t = json.loads(answer.tables())
        # A slot id is "site:professional:treatment:stamp" (ids hold no ":").
        self.treatment: str = t["ids"][0].split(":")[2] if t["ids"] else treatment
        self._tables = t

    @functools.cached_property
    def slots(self) -> list[Slot]:
        """The slots, built on first use (``to_pandas``, ``to_arrow`` and ``to_json`` need none)."""
        t, zone = self._tables, self.zone
        ids, professionals, times, rows = t["ids"], t["professionals"], t["times"], t["slots"]
        runs = [tuple(t["chairs"][k] for k in run) for run in t["runs"]]
        resources = tuple(t["resources"])
        moments: dict[str, _dt.datetime] = {}  # an end is often another slot's start
        for text in times[1::3] + times[2::3]:
            if text not in moments:
                moments[text] = _aware(text, zone)
        starts = [moments[text] for text in times[1::3]]
        ends = [moments[text] for text in times[2::3]]
        if "scores" in t:  # a ranked answer (order="compact"): two integers per slot
            scores = t["scores"]
            return [
                _new_slot(ids[p] + times[3 * w], starts[w], ends[w], professionals[p], runs[r][0], runs[r], resources,
                          SlotScore(scores[2 * i], scores[2 * i + 1]))
                for i, (p, r, w) in enumerate(zip(rows[0::3], rows[1::3], rows[2::3]))
            ]
        return [
            _new_slot(ids[p] + times[3 * w], starts[w], ends[w], professionals[p], runs[r][0], runs[r], resources)
            for p, r, w in zip(rows[0::3], rows[1::3], rows[2::3])
        ]

    def to_json(self) -> str:
        """The engine's JSON text, byte-identical to the CLI, C++ and WebAssembly answers."""
        if not self._text:
            self._text = self._answer.text()
        return self._text

    def __len__(self) -> int:
        return len(self._tables["slots"]) // 3

    def __iter__(self) -> Iterator[Slot]:
        return iter(self.slots)

    def __getitem__(self, i: int) -> Slot:
        return self.slots[i]

    def __repr__(self) -> str:
        return f"<Availability {self.site} {self.treatment}: {len(self)} slots>"

    def _repr_html_(self) -> str:
        """Jupyter: a table of the first slots (at most 20), with the site, treatment and count."""
        head = "".join(
            f"<tr><td>{html.escape(s.start.isoformat())}</td><td>{html.escape(s.end.isoformat())}</td>"
            f"<td>{html.escape(s.professional)}</td><td>{html.escape(s.chair)}</td>"
            f"<td>{html.escape(', '.join(s.chairs))}</td></tr>" for s in self.slots[:20])
        more = f"<p>… {len(self.slots) - 20} more (to_pandas() for all)</p>" if len(self.slots) > 20 else ""
        return (f"<div><p><b>Availability</b> {html.escape(self.site)} · {html.escape(self.treatment)} · "
                f"{len(self.slots)} slots · {html.escape(str(self.zone or 'UTC'))}</p>"
                "<table><thead><tr><th>start</th><th>end</th><th>professional</th><th>chair</th><th>chairs</th>"
                f"</tr></thead><tbody>{head}</tbody></table>{more}</div>")

    def _epochs(self) -> tuple[list[int], list[int]]:
        """Start and end of each slot as UTC nanoseconds since 1970 (one parse per distinct time)."""
        times, w = self._tables["times"], self._tables["slots"][2::3]
        ns: dict[str, int] = {}
        for text in times[1::3] + times[2::3]:
            if text not in ns:
                ns[text] = round(_dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()) * 1_000_000_000
        start, end = [ns[text] for text in times[1::3]], [ns[text] for text in times[2::3]]
        return [start[k] for k in w], [end[k] for k in w]

    def to_pandas(self) -> "pd.DataFrame":
        """A ``pandas.DataFrame`` with one row per slot (needs pandas), the same columns and dtypes
        whatever the answer, also when it is empty:

        ``id``, ``site``, ``treatment``, ``professional``, ``chair`` (``string``); ``chairs``,
        ``resources`` (lists); ``start``, ``end`` (``datetime64[ns, <site's zone>]``); ``start_utc``,
        ``end_utc`` (``datetime64[ns, UTC]``). Subtract and concatenate across sites with the UTC
        columns: Python subtracts two aware datetimes of one zone by wall time (a slot across a
        fall-back hour looks an hour short), and pandas holds one zone per column (two sites' frames
        concatenated turn ``start`` into ``object``; ``start_utc`` stays a datetime column).
        """
        try:
            import pandas as pd
        except ImportError as e:  # pragma: no cover - exercised only without pandas
            raise ImportError("to_pandas() needs pandas: pip install 'chairbook[pandas]'") from e
        t = self._tables
        p, r = t["slots"][0::3], t["slots"][1::3]
        n = len(p)
        ids, stamps = t["ids"], t["times"][0::3]
        runs = [[t["chairs"][k] for k in run] for run in t["runs"]]
        start, end = self._epochs()
        utc = pd.DatetimeTZDtype("ns", "UTC")
        local = pd.DatetimeTZDtype("ns", self.zone if self.zone is not None else "UTC")

        def instants(values: list[int], dtype: Any) -> Any:
            utc_times = pd.to_datetime(pd.Series(values, dtype="int64"), unit="ns", utc=True)
            return utc_times.dt.tz_convert(dtype.tz).astype(dtype)

        def text(values: list[str]) -> Any:
            return pd.Series(values, dtype="string")

        w = t["slots"][2::3]
        frame = {
            "id": text([ids[a] + stamps[b] for a, b in zip(p, w)]),
            "site": text([self.site] * n),
            "treatment": text([self.treatment] * n),
            "professional": text([t["professionals"][a] for a in p]),
            "chair": text([runs[b][0] for b in r]),
            "chairs": pd.Series([list(runs[b]) for b in r], dtype=object),
            "resources": pd.Series([list(t["resources"]) for _ in range(n)], dtype=object),
            "start": instants(start, local),
            "end": instants(end, local),
            "start_utc": instants(start, utc),
            "end_utc": instants(end, utc),
        }
        return pd.DataFrame(frame, columns=AVAILABILITY_COLUMNS)

    def to_arrow(self) -> "pa.Table":
        """A ``pyarrow.Table`` of the slots (needs pyarrow), built from the engine's slot tables
        without a Python object per slot: for large answers. Columns as :meth:`to_pandas`;
        ``start``/``end`` are timestamps in the site's zone, ``start_utc``/``end_utc`` in UTC."""
        try:
            import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
            import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]
        except ImportError as e:  # pragma: no cover - exercised only without pyarrow
            raise ImportError("to_arrow() needs pyarrow: pip install 'chairbook[arrow]'") from e
        t = self._tables
        p = pa.array(t["slots"][0::3], type=pa.int32())
        r = pa.array(t["slots"][1::3], type=pa.int32())
        w = pa.array(t["slots"][2::3], type=pa.int32())
        n = len(p)
        zeros = pa.array([0] * n, type=pa.int32())
        runs = pa.array([[t["chairs"][k] for k in run] for run in t["runs"]], type=pa.list_(pa.string()))
        chairs = runs.take(r)
        start, end = self._epochs()
        zone = self.zone.key if self.zone is not None and self.zone.key else "UTC"
        columns = [
            pc.binary_join_element_wise(pa.array(t["ids"], type=pa.string()).take(p),
                                        pa.array(t["times"][0::3], type=pa.string()).take(w), ""),
            pa.array([self.site], type=pa.string()).take(zeros),
            pa.array([self.treatment], type=pa.string()).take(zeros),
            pa.array(t["professionals"], type=pa.string()).take(p),
            pc.list_element(chairs, 0) if n else pa.array([], type=pa.string()),
            chairs,
            pa.array([t["resources"]], type=pa.list_(pa.string())).take(zeros),
            pa.array(start, type=pa.timestamp("ns", tz=zone)),
            pa.array(end, type=pa.timestamp("ns", tz=zone)),
            pa.array(start, type=pa.timestamp("ns", tz="UTC")),
            pa.array(end, type=pa.timestamp("ns", tz="UTC")),
        ]
        return pa.Table.from_arrays(columns, names=AVAILABILITY_COLUMNS)


#: The columns of :meth:`Availability.to_pandas` and :meth:`Availability.to_arrow`, in order.
AVAILABILITY_COLUMNS = ["id", "site", "treatment", "professional", "chair", "chairs", "resources",
                        "start", "end", "start_utc", "end_utc"]


@dataclasses.dataclass(frozen=True)
class Conflict:
    """One reason a proposal cannot be booked, and what it collides with."""

    code: str
    message: str
    booking: Optional[str] = None
    block: Optional[str] = None
    chair: Optional[str] = None
    resource: Optional[str] = None


class CheckResult(_Answer):
    """Whether a proposed booking can be made: every conflict, and the claim keys when bookable.

    For a store: ``claims`` are every key the booking holds; ``release`` the keys to delete and
    ``take`` the keys to insert (for a move, the difference from the booking's held keys; for a new
    booking ``release`` is empty and ``take`` is ``claims``); ``ranges`` the same claims as time
    ranges, ``{"kind", "id", "unit"?, "from", "to"}``, for stores that constrain ranges. Empty when
    the answer does not carry them (not bookable, or an engine older than the claims contract).
    """

    def __init__(self, text: str, zone: Optional[ZoneInfo]) -> None:
        super().__init__(text)
        d = json.loads(text)
        self.bookable: bool = d["bookable"]
        self.site: str = d["site"]
        self.professional: str = d["professional"]
        self.treatment: str = d["treatment"]
        self.chair: Optional[str] = d["chair"]
        self.start: _dt.datetime = _aware(d["start"], zone)
        self.end: Optional[_dt.datetime] = _aware(d["end"], zone) if d["end"] else None
        self.conflicts: list[Conflict] = [Conflict(**c) for c in d["conflicts"]]
        self.claims: list[str] = d.get("claims", [])
        self.release: list[str] = d.get("release", [])
        self.take: list[str] = d.get("take", [])
        self.ranges: list[dict[str, Any]] = d.get("ranges", [])

    def __bool__(self) -> bool:
        return self.bookable

    def __repr__(self) -> str:
        codes = ", ".join(c.code for c in self.conflicts) or "bookable"
        return f"<CheckResult {self.professional} {self.start.isoformat()}: {codes}>"


@dataclasses.dataclass(frozen=True)
class Alternative:
    """A free slot offered instead of a taken one; ``kind`` says how it ranks:
    ``same_professional_same_day``, ``other_professional_same_day`` or ``later_day``."""

    id: str
    start: _dt.datetime
    end: _dt.datetime
    professional: str
    chair: str
    chairs: tuple[str, ...]
    resources: tuple[str, ...]
    kind: str


class Alternatives(_Answer):
    """The engine's best free slots instead of a proposal, in its order (docs/format.md)."""

    def __init__(self, text: str, zones: Mapping[str, ZoneInfo]) -> None:
        super().__init__(text)
        # A slot id starts with its site ("site:professional:treatment:stamp"; ids have no ":").
        self.alternatives: list[Alternative] = [
            Alternative(a["id"], _aware(a["start"], zones.get(a["id"].split(":", 1)[0])),
                        _aware(a["end"], zones.get(a["id"].split(":", 1)[0])), a["professional"], a["chair"],
                        tuple(a["chairs"]), tuple(a["resources"]), a["kind"])
            for a in json.loads(text)["alternatives"]]

    def __len__(self) -> int:
        return len(self.alternatives)

    def __iter__(self) -> Iterator[Alternative]:
        return iter(self.alternatives)

    def __getitem__(self, i: int) -> Alternative:
        return self.alternatives[i]

    def __repr__(self) -> str:
        return f"<Alternatives {len(self.alternatives)}>"


@dataclasses.dataclass(frozen=True)
class Finding:
    """A validation error or warning."""

    code: str
    pointer: str
    message: str
    document: Optional[str] = None
    related: Optional[str] = None  #: a second place it is about (the other booking of an overlap)


class Validation(_Answer):
    """All that validation found: ``valid`` is true when there are no errors (warnings allowed)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        d = json.loads(text)
        self.valid: bool = d["valid"]
        self.errors: list[Finding] = [Finding(**e) for e in d["errors"]]
        self.warnings: list[Finding] = [Finding(**w) for w in d["warnings"]]

    def __bool__(self) -> bool:
        return self.valid

    def __repr__(self) -> str:
        return f"<Validation valid={self.valid} errors={len(self.errors)} warnings={len(self.warnings)}>"


class _Loaded(NamedTuple):
    """What one query reads: an engine (never changed once built) and the bookings text it holds."""

    engine: _core.Engine
    bookings: str


class Clinic:
    """A clinic and its bookings, parsed and validated once by the engine, queried many times.

    Thread-safe: the engine releases the GIL, so a thread pool of requests runs in parallel, and
    queries may run while another thread calls :meth:`set_bookings`. The rule: an engine is never
    changed once built. ``set_bookings`` builds a new engine from the clinic and the new bookings
    (with the GIL released) and then replaces the reference in one assignment; every query takes the
    current engine once, when it starts, and answers wholly from it. A query therefore sees the old
    bookings or the new ones, never a mix, and no query waits for a lock (writers take one among
    themselves, so concurrent ``set_bookings`` calls take effect in the order they took it).
    """

    def __init__(self, clinic: Document, bookings: Optional[Document] = None) -> None:
        self._clinic_text = _text(clinic, "clinic")
        bookings_text = _bookings(bookings)
        self._loaded = _Loaded(_core.Engine(self._clinic_text, bookings_text), bookings_text)
        self._writer = threading.Lock()
        self.data: dict[str, Any] = _loads(self._clinic_text, "clinic")
        self._zones = _zones_of(self.data)

    @classmethod
    def from_json(cls, text: Union[str, bytes], bookings: Optional[Document] = None) -> "Clinic":
        """A clinic from its JSON text (``str``, or UTF-8 ``bytes``), validated by the engine.

        ``bookings`` is any :data:`Document` (JSON text, bytes, a list/dict, a ``pathlib.Path``) or
        ``None`` for none. Raises :class:`booking.Error` naming the field of the first error::

            clinic = booking.Clinic.from_json(row["clinic_json"], bookings=row["bookings_json"])
        """
        return cls(text, bookings)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], bookings: Optional[Document] = None) -> "Clinic":
        """A clinic from its parsed document (a ``dict`` as ``json.load`` gives), validated by the engine.

        Values JSON cannot hold (a ``datetime``, ``nan``) are refused with their pointer::

            data = json.loads(pathlib.Path("clinic.json").read_text())
            data["sites"][0]["hours"]["sat"] = []
            clinic = booking.Clinic.from_dict(data)
        """
        return cls(data, bookings)

    @classmethod
    def from_path(cls, path: Union[str, "os.PathLike[str]"],
                  bookings: Optional[Union[str, "os.PathLike[str]"]] = None) -> "Clinic":
        """A clinic from files: ``path`` and ``bookings`` are file names (``str`` or ``os.PathLike``),
        read as the CLI reads them (UTF-8, a leading byte order mark skipped). A missing file is
        ``not_found``, an unreadable one ``io_error``::

            clinic = booking.Clinic.from_path("examples/clinic/clinic.json", "examples/clinic/bookings.json")
        """
        for name, value in (("clinic", path), ("bookings", bookings)):
            if value is not None and not isinstance(value, (str, os.PathLike)):
                raise _error("wrong_type", "", f"from_path reads files: {name} must be a file name (str or "
                             f"os.PathLike), not {type(value).__name__}; give documents to Clinic(clinic, bookings)")
        def as_path(name: Union[str, "os.PathLike[str]"]) -> "os.PathLike[str]":
            return pathlib.Path(name) if isinstance(name, str) else name

        return cls(as_path(path), None if bookings is None else as_path(bookings))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickles as the clinic's and the bookings' JSON text; unpickling validates and builds a new
        engine (for multiprocessing and Dask: each process builds its own)."""
        return (type(self), (self._clinic_text, self._loaded.bookings))

    def __repr__(self) -> str:
        return f"<Clinic {self.data['tenant']['id']}: {len(self.data['sites'])} sites>"

    @property
    def sites(self) -> dict[str, ZoneInfo]:
        """Site id → its time zone."""
        return dict(self._zones)

    def set_bookings(self, bookings: Optional[Document]) -> None:
        """Replaces the bookings and blocks (validated against the clinic); ``None`` is no bookings.

        Safe while other threads query: a new engine is built, then swapped in (see :class:`Clinic`).
        On an error nothing changes."""
        text = _bookings(bookings)
        with self._writer:
            self._loaded = _Loaded(_core.Engine(self._clinic_text, text), text)

    @overload
    def availability(self, request: Request) -> Availability: ...

    @overload
    def availability(self, *, site: str, treatment: str, from_: Union[str, _dt.date], to: Union[str, _dt.date],
                     now: Union[str, _dt.datetime], professionals: Optional[Sequence[str]] = None,
                     chairs: Optional[Sequence[str]] = None, patient: Optional[str] = None,
                     order: Optional[str] = None) -> Availability: ...

    def availability(self, request: Optional[Request] = None, *,
                     site: Optional[str] = None, treatment: Optional[str] = None,
                     from_: Optional[Union[str, _dt.date]] = None, to: Optional[Union[str, _dt.date]] = None,
                     now: Optional[Union[str, _dt.datetime]] = None,
                     professionals: Optional[Sequence[str]] = None,
                     chairs: Optional[Sequence[str]] = None, patient: Optional[str] = None,
                     order: Optional[str] = None) -> Availability:
        """Free slots: pass a request (dict, JSON text or a path) or its fields as keywords (``from_``
        for "from"). ``professionals`` and ``chairs`` are lists of ids (a single str is refused).
        ``order="compact"`` ranks the slots that keep the agenda compact first, each with its
        :class:`SlotScore` (docs/booking-rules.md); the default ``"start"`` orders by start."""
        engine = self._loaded.engine  # once: a concurrent set_bookings does not change this query
        if request is None:
            if site is None or treatment is None or from_ is None or to is None or now is None:
                raise TypeError("availability() needs a request, or site, treatment, from_, to and now")
            req: dict[str, Any] = {"site": site, "treatment": treatment, "from": _date(from_, "/from"),
                                   "to": _date(to, "/to"), "now": _instant(now, "/now")}
            for key, values in (("professionals", professionals), ("chairs", chairs)):
                ids = _ids(values, "/" + key)
                if ids is not None:
                    req[key] = ids
            for key, value in (("patient", patient), ("order", order)):
                if value is not None:
                    req[key] = value
            text = _dumps(req, "request")
        else:
            text = _text(request, "request")
        answer = engine.availability_answer(text)
        if treatment is None:  # for an empty answer's .treatment (a slot's id says it otherwise)
            req_doc = request if isinstance(request, Mapping) else json.loads(text)
            treatment = str(req_doc.get("treatment", "")) if isinstance(req_doc, Mapping) else ""
        return Availability(answer, self._zones.get(answer.site), treatment)

    @overload
    def check(self, request: Request) -> CheckResult: ...

    @overload
    def check(self, *, slot: str, now: Union[str, _dt.datetime], chair: Optional[str] = None,
              id: Optional[str] = None) -> CheckResult: ...

    @overload
    def check(self, *, site: str, professional: str, treatment: str, start: Union[str, _dt.datetime],
              now: Union[str, _dt.datetime], chair: Optional[str] = None, id: Optional[str] = None) -> CheckResult: ...

    def check(self, request: Optional[Request] = None, *,
              slot: Optional[str] = None, site: Optional[str] = None, professional: Optional[str] = None,
              treatment: Optional[str] = None, start: Optional[Union[str, _dt.datetime]] = None,
              chair: Optional[str] = None, id: Optional[str] = None,
              now: Optional[Union[str, _dt.datetime]] = None) -> CheckResult:
        """Every reason a proposed booking cannot be made: by ``slot`` id, or by its fields (``id``
        names the booking being moved)."""
        engine = self._loaded.engine
        if request is None:
            text = _dumps(_check_fields(slot, site, professional, treatment, start, chair, id, now, "check"), "request")
        else:
            text = _text(request, "request")
        result_text = engine.check(text)
        site_id = json.loads(result_text)["site"]
        return CheckResult(result_text, self._zones.get(site_id))

    @overload
    def alternatives(self, request: Request, *, limit: Optional[int] = None,
                     days: Optional[int] = None) -> Alternatives: ...

    @overload
    def alternatives(self, *, slot: str, now: Union[str, _dt.datetime], chair: Optional[str] = None,
                     id: Optional[str] = None, limit: Optional[int] = None, days: Optional[int] = None) -> Alternatives: ...

    @overload
    def alternatives(self, *, site: str, professional: str, treatment: str, start: Union[str, _dt.datetime],
                     now: Union[str, _dt.datetime], chair: Optional[str] = None, id: Optional[str] = None,
                     limit: Optional[int] = None, days: Optional[int] = None) -> Alternatives: ...

    def alternatives(self, request: Optional[Request] = None, *,
                     slot: Optional[str] = None, site: Optional[str] = None, professional: Optional[str] = None,
                     treatment: Optional[str] = None, start: Optional[Union[str, _dt.datetime]] = None,
                     chair: Optional[str] = None, id: Optional[str] = None,
                     now: Optional[Union[str, _dt.datetime]] = None,
                     limit: Optional[int] = None, days: Optional[int] = None) -> Alternatives:
        """The best free slots instead of a proposal whose slot is taken, ranked by the engine
        (docs/format.md): a check request (dict, JSON text or a path), or its fields as keywords as
        for :meth:`check`, with ``limit`` (1–100, default 5) and ``days`` (0–90, default 14)."""
        engine = self._loaded.engine
        extra = {k: v for k, v in (("limit", limit), ("days", days)) if v is not None}
        if request is None:
            req = _check_fields(slot, site, professional, treatment, start, chair, id, now, "alternatives")
            text = _dumps({**req, **extra}, "request")
        elif isinstance(request, Mapping):
            text = _dumps({**request, **extra}, "request")
        elif extra:
            raise TypeError("alternatives(): give limit and days inside a request given as text or a file")
        else:
            text = _text(request, "request")
        return Alternatives(engine.alternatives(text), self._zones)

    def lifecycle(self, request: Optional[Request] = None, *, booking: Optional[str] = None,
                  action: Optional[str] = None, now: Optional[Union[str, _dt.datetime]] = None,
                  start: Optional[Union[str, _dt.datetime]] = None, slot: Optional[str] = None,
                  professional: Optional[str] = None, chair: Optional[str] = None) -> dict[str, Any]:
        """Whether ``action`` (confirm, cancel, reschedule, complete, no_show) may be done to ``booking``
        at ``now`` under the policy windows: ``{"decision": "allowed"|"late"|"refused", "fee", "code",
        "reason", "free_until", "refused_from", "check"?...}`` (docs/operations.md). A reschedule
        takes the new ``start`` (or ``slot``), and optionally ``professional`` and ``chair``."""
        engine = self._loaded.engine
        if request is None:
            if booking is None or action is None or now is None:
                raise TypeError("lifecycle() needs a request, or booking, action and now")
            req: dict[str, Any] = {"booking": booking, "action": action, "now": _instant(now, "/now")}
            if start is not None:
                req["start"] = _instant(start, "/start")
            for key, value in (("slot", slot), ("professional", professional), ("chair", chair)):
                if value is not None:
                    req[key] = value
            text = _dumps(req, "request")
        else:
            text = _text(request, "request")
        answer: dict[str, Any] = json.loads(engine.lifecycle(text))
        return answer

    def hours(self, site: str, date: Union[str, _dt.date], professional: Optional[str] = None) -> dict[str, Any]:
        """The hours in force at ``site`` on local ``date`` (and ``professional``'s there), each with
        the clinic entry they come from (a date override, the weekly hours, a closure, an absence)."""
        req: dict[str, Any] = {"site": site, "date": _date(date, "/date")}
        if professional is not None:
            req["professional"] = professional
        answer: dict[str, Any] = json.loads(self._loaded.engine.hours(_dumps(req, "request")))
        return answer

    def validate(self) -> Validation:
        """Errors and warnings of this clinic and its bookings (errors would have failed loading)."""
        return Validation(_core.validate_json(self._clinic_text, self._loaded.bookings))

    # Clinic operations (docs/operations.md); the answers are built in booking/_ops.py.
    def kpis(self, from_: Union[str, _dt.date], to: Union[str, _dt.date], site: Optional[str] = None) -> Kpis:
        """Occupancy per chair and professional per day over local dates [from_, to] (None on a
        closed day), no-show and cancellation rates, lead times; ``.to_csv()`` for the rows."""
        return _ops.kpis(self._clinic_text, self._loaded.bookings, from_, to, site)

    def reminders(self, booking: str, *, now: Union[str, _dt.datetime], policy: Mapping[str, Any]) -> Reminders:
        """When to send each reminder of ``booking`` under ``policy`` ({"offsets_minutes", "quiet_hours"?,
        "channels"}): moved earlier out of quiet hours (site's local time), dropped when past."""
        return _ops.reminders(self._clinic_text, self._loaded.bookings, booking, now, policy)

    def ical(self, *, from_: Union[str, _dt.date], to: Union[str, _dt.date], now: Union[str, _dt.datetime],
             professional: Optional[str] = None, site: Optional[str] = None, chair: Optional[str] = None) -> str:
        """A professional's (or a site's chair's) agenda as iCalendar text (RFC 5545, CRLF lines)."""
        return _ops.ical(self._clinic_text, self._loaded.bookings, from_, to, now, professional, site, chair)

    def waitlist(self, entries: Union[str, Sequence[Mapping[str, Any]]], *, freed: Mapping[str, Any],
                 now: Union[str, _dt.datetime]) -> WaitlistMatches:
        """The ``entries`` that the engine can book into ``freed`` ({"booking"} or {"site", "from", "to",
        "chair"?, "professional"?}), earliest added first, and why the others cannot."""
        return _ops.waitlist(self._clinic_text, self._loaded.bookings, entries, freed, now)


def _check_fields(slot: Optional[str], site: Optional[str], professional: Optional[str], treatment: Optional[str],
                 start: Optional[Union[str, _dt.datetime]], chair: Optional[str], id: Optional[str],
                 now: Optional[Union[str, _dt.datetime]], caller: str) -> dict[str, Any]:
    """A check request from keyword arguments."""
    if now is None:
        raise TypeError(f"{caller}() needs now")
    req: dict[str, Any] = {"now": _instant(now, "/now")}
    if slot is not None:
        req["slot"] = slot
    else:
        if site is None or professional is None or treatment is None or start is None:
            raise TypeError(f"{caller}() needs a slot id, or site, professional, treatment and start")
        req.update({"site": site, "professional": professional, "treatment": treatment,
                    "start": _instant(start, "/start")})
    if chair is not None:
        req["chair"] = chair
    if id is not None:
        req["id"] = id
    return req


def availability(clinic: Document, bookings: Optional[Document], request: Request) -> Availability:
    """One-shot availability; for many queries on one clinic keep a :class:`Clinic`."""
    return Clinic(clinic, bookings).availability(request)


def check(clinic: Document, bookings: Optional[Document], request: Request) -> CheckResult:
    """One-shot conflict check."""
    return Clinic(clinic, bookings).check(request)


def validate(clinic: Document, bookings: Optional[Document] = None) -> Validation:
    """Validates a clinic (and bookings) without raising for invalid input in them; a document that
    cannot be read (a missing file, an empty bookings text, a dict holding a datetime) raises."""
    return Validation(_core.validate_json(_text(clinic, "clinic", sniff=False), _bookings(bookings, sniff=False)))


def _zone(name: str) -> ZoneInfo:
    """The zone called ``name``: Python's (the system's files or the ``tzdata`` package), else the
    file the engine reads (a wheel on a machine without /usr/share/zoneinfo)."""
    try:
        return ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        if not ZONEINFO:
            raise
        with open(os.path.join(ZONEINFO, name), "rb") as f:  # the engine has found it there
            return ZoneInfo.from_file(f, key=name)


def _zones_of(clinic: Mapping[str, Any]) -> dict[str, ZoneInfo]:
    """Site id → zone, from a clinic document the engine has validated."""
    return {s["id"]: _zone(s["timezone"]) for s in clinic["sites"]}


@dataclasses.dataclass(frozen=True)
class SimulationRow:
    """Slots of one local day, site, professional and chair before and after the draft."""

    date: _dt.date
    site: str
    professional: str
    chair: str
    before: int
    after: int
    added: int
    removed: int


@dataclasses.dataclass(frozen=True)
class BrokenBooking:
    """An existing booking the draft would make invalid, with the reasons the draft adds."""

    id: str
    site: str
    professional: str
    chair: str
    treatment: str
    start: _dt.datetime
    status: str
    conflicts: tuple[Conflict, ...]


class Simulation(_Answer):
    """What a configuration draft changes: ``totals``, ``rows`` and ``broken`` bookings."""

    def __init__(self, text: str, zones: Mapping[str, ZoneInfo]) -> None:
        super().__init__(text)
        d = json.loads(text)
        self.totals: dict[str, int] = d["totals"]
        self.rows: list[SimulationRow] = [
            SimulationRow(_dt.date.fromisoformat(r["date"]), r["site"], r["professional"], r["chair"], r["before"],
                          r["after"], r["added"], r["removed"]) for r in d["rows"]]
        self.broken: list[BrokenBooking] = [
            BrokenBooking(b["id"], b["site"], b["professional"], b["chair"], b["treatment"],
                          _aware(b["start"], zones.get(b["site"])), b["status"],
                          tuple(Conflict(**c) for c in b["conflicts"])) for b in d["broken_bookings"]]

    def __bool__(self) -> bool:
        """True when the draft breaks no booking."""
        return not self.broken

    def __repr__(self) -> str:
        t = self.totals
        return (f"<Simulation +{t['added']} -{t['removed']} slots, {t['broken_bookings']} bookings broken>")

    def to_pandas(self) -> "pd.DataFrame":
        """A ``pandas.DataFrame`` of the rows (needs pandas)."""
        try:
            import pandas as pd
        except ImportError as e:  # pragma: no cover - exercised only without pandas
            raise ImportError("to_pandas() needs pandas: pip install pandas") from e
        return pd.DataFrame([dataclasses.asdict(r) for r in self.rows],
                            columns=[f.name for f in dataclasses.fields(SimulationRow)])


def simulate(published: Document, draft: Document, bookings: Optional[Document] = None, *,
             from_: Union[str, _dt.date], to: Union[str, _dt.date], now: Union[str, _dt.datetime],
             sites: Optional[Sequence[str]] = None, treatments: Optional[Sequence[str]] = None) -> Simulation:
    """What publishing ``draft`` instead of ``published`` would change over local dates [from_, to].

    Errors point into the document they are in: ``/draft/sites/0/hours/mon``, ``/request/from``.
    """
    req: dict[str, Any] = {"from": _date(from_, "/request/from"), "to": _date(to, "/request/to"),
                           "now": _instant(now, "/request/now")}
    for key, values in (("sites", sites), ("treatments", treatments)):
        ids = _ids(values, "/request/" + key)
        if ids is not None:
            req[key] = ids
    p, d = _text(published, "published", "/published"), _text(draft, "draft", "/draft")
    b = _bookings(bookings, "bookings", "/bookings")
    text = _core.simulate_json(p, d, b, _dumps(req, "request", "/request"))
    # Broken bookings are bookings of the published clinic (validated against it): its zones.
    return Simulation(text, _zones_of(_loads(p, "published")))


@dataclasses.dataclass(frozen=True)
class Provenance:
    """Which layer set an effective value, and the JSON Pointer of it in that layer's document."""

    layer: str
    source: Optional[str]


class Resolved(_Answer):
    """The effective configuration of a scope, and where each value came from."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        d = json.loads(text)
        self.effective: dict[str, Any] = d["effective"]
        self.provenance: dict[str, Provenance] = {k: Provenance(v["layer"], v["source"]) for k, v in d["provenance"].items()}

    def __getitem__(self, pointer: str) -> Any:
        """The effective value at a JSON Pointer, e.g. ``r["/policies/min_notice_minutes"]``."""
        node: Any = self.effective
        for token in pointer.lstrip("/").split("/"):
            node = node[token.replace("~1", "/").replace("~0", "~")]
        return node

    def __repr__(self) -> str:
        return f"<Resolved {len(self.provenance)} values>"


def resolve(clinic: Document, *, site: Optional[str] = None, professional: Optional[str] = None,
            user: Optional[Mapping[str, Any]] = None) -> Resolved:
    """The effective configuration (system < tenant < site < professional < user) with provenance."""
    req: dict[str, Any] = {}
    if site is not None:
        req["site"] = site
    if professional is not None:
        req["professional"] = professional
    if user is not None:
        req["user"] = user
    return Resolved(_core.resolve_json(_text(clinic, "clinic"), _dumps(req, "request")))


@dataclasses.dataclass(frozen=True)
class Change:
    """One difference: ``op`` is added, removed, changed or reordered; ``path`` names entries by id."""

    op: str
    path: str
    pointer: str
    before: Any = None
    after: Any = None


class Diff(_Answer):
    """A structural diff of two configurations, for a "pending changes" bar."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        d = json.loads(text)
        self.counts: dict[str, int] = d["counts"]
        self.changes: list[Change] = [Change(**c) for c in d["changes"]]

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __repr__(self) -> str:
        return f"<Diff {len(self.changes)} changes>"


def diff(before: Document, after: Document) -> Diff:
    """What changed between two configurations (any JSON documents; they need not be valid clinics)."""
    return Diff(_core.diff_json(_text(before, "before", "/before"), _text(after, "after", "/after")))


@dataclasses.dataclass(frozen=True)
class InForce:
    """The version in force at ``at`` (``version`` is None before the first is published) and the next."""

    at: str
    version: Optional[str]
    index: Optional[int]
    publish_at: Optional[str]
    next: Optional[dict[str, Any]]


def in_force(versions: Document, at: Union[str, _dt.datetime]) -> InForce:
    """Which of ``versions`` ([{"id", "publish_at", ...}] or {"versions": [...]}) is in force at ``at``."""
    text = _core.in_force_json(_text(versions, "versions", "/versions"),
                               json.dumps({"at": _instant(at, "/request/at")}))
    return InForce(**json.loads(text))
