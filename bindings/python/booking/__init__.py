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

Errors are :class:`booking.Error` (a ``ValueError``) with ``.code`` and ``.pointer``.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import os
from typing import Any, Iterator, Mapping, Optional, Sequence, Union
from zoneinfo import ZoneInfo

from . import _core
from ._core import Error

__all__ = [
    "Error", "Clinic", "Slot", "Availability", "Conflict", "CheckResult", "Finding", "Validation",
    "SimulationRow", "BrokenBooking", "Simulation", "Provenance", "Resolved", "Change", "Diff", "InForce",
    "availability", "check", "validate", "simulate", "resolve", "diff", "in_force", "run", "run_json", "version",
]
__version__: str = _core.version()

#: A document: JSON text, a dict/list, or a path (``os.PathLike``) to a JSON file.
Document = Union[str, bytes, "os.PathLike[str]", Mapping[str, Any], Sequence[Any]]


def version() -> str:
    """The engine's version, ``"MAJOR.MINOR.PATCH"``."""
    return _core.version()


def run_json(operation: str, documents: Union[str, Mapping[str, Any]]) -> str:
    """Runs any engine operation on named documents; returns the answer's JSON text (see ``run``)."""
    if not isinstance(documents, str):
        documents = json.dumps(documents, ensure_ascii=False)
    return _core.run_json(operation, documents)


def run(operation: str, documents: Union[str, Mapping[str, Any]]) -> Any:
    """Runs any engine operation (``"availability"``, ``"check"``, ``"validate"``, …) on a mapping of
    named documents, ``{"clinic": ..., "bookings": ..., "request": ...}``, and returns the parsed answer."""
    return json.loads(run_json(operation, documents))


def _text(doc: Optional[Document], what: str) -> str:
    """JSON text of a document given as text, a dict/list, bytes or a path."""
    if doc is None:
        return ""
    if isinstance(doc, bytes):
        return doc.decode("utf-8")
    if isinstance(doc, os.PathLike):
        with open(doc, encoding="utf-8") as f:
            return f.read()
    if isinstance(doc, str):
        stripped = doc.lstrip()
        if stripped.startswith(("{", "[")) or stripped == "":
            return doc
        if os.path.exists(doc):  # a path given as a plain string
            with open(doc, encoding="utf-8") as f:
                return f.read()
        raise _error("not_found", "", f"{what}: not JSON text and no file named {doc!r}")
    if isinstance(doc, (Mapping, Sequence)):
        return json.dumps(doc, ensure_ascii=False)
    raise TypeError(f"{what} must be JSON text, a dict, a list or a path, not {type(doc).__name__}")


def _error(code: str, pointer: str, message: str) -> Error:
    e = Error(message)
    e.code = code
    e.pointer = pointer
    return e


def _instant(value: Union[str, _dt.datetime], pointer: str) -> str:
    """An RFC 3339 instant from a string or an aware datetime; naive datetimes are refused."""
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise _error("naive_datetime", pointer,
                         f"{pointer[1:]} is a naive datetime ({value.isoformat()}); give it a tzinfo, "
                         "e.g. datetime(..., tzinfo=ZoneInfo('America/Santiago'))")
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise TypeError(f"{pointer[1:]} must be a datetime or an RFC 3339 string, not {type(value).__name__}")


def _date(value: Union[str, _dt.date], pointer: str) -> str:
    if isinstance(value, _dt.datetime):
        raise TypeError(f"{pointer[1:]} is a local date: pass a date (or 'YYYY-MM-DD'), not a datetime")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise TypeError(f"{pointer[1:]} must be a date or 'YYYY-MM-DD', not {type(value).__name__}")


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


def _new_slot(id: str, start: _dt.datetime, end: _dt.datetime, professional: str, chair: str,
              chairs: tuple[str, ...], resources: tuple[str, ...]) -> Slot:
    """``Slot(...)`` without the frozen dataclass's per-field ``object.__setattr__`` (0.9 µs a slot,
    half the cost of a month's answer): the same instance, fields stored in its ``__dict__``."""
    slot: Slot = object.__new__(Slot)
    d = slot.__dict__
    d["id"], d["start"], d["end"], d["professional"] = id, start, end, professional
    d["chair"], d["chairs"], d["resources"] = chair, chairs, resources
    return slot


class Availability(_Answer):
    """The answer of an availability query: a sequence of :class:`Slot`.

    Built from the engine's slot tables (docs/format.md): each distinct instant becomes a datetime
    once, and slots share their (immutable) chair tuples. ``to_json()`` asks the engine for the JSON
    text on first use.
    """

    def __init__(self, answer: _core.AvailabilityAnswer, zone: Optional[ZoneInfo]) -> None:
        super().__init__("")
        self._answer = answer
        t = json.loads(answer.tables())
        ids, professionals, times, rows = t["ids"], t["professionals"], t["times"], t["slots"]
        runs = [tuple(t["chairs"][k] for k in run) for run in t["runs"]]
        resources = tuple(t["resources"])
        moments: dict[str, _dt.datetime] = {}  # an end is often another slot's start
        for text in times[1::3] + times[2::3]:
            if text not in moments:
                moments[text] = _aware(text, zone)
        starts = [moments[text] for text in times[1::3]]
        ends = [moments[text] for text in times[2::3]]
        self.slots: list[Slot] = [
            _new_slot(ids[p] + times[3 * w], starts[w], ends[w], professionals[p], runs[r][0], runs[r], resources)
            for p, r, w in zip(rows[0::3], rows[1::3], rows[2::3])
        ]

    def to_json(self) -> str:
        """The engine's JSON text, byte-identical to the CLI, C++ and WebAssembly answers."""
        if not self._text:
            self._text = self._answer.text()
        return self._text

    def __len__(self) -> int:
        return len(self.slots)

    def __iter__(self) -> Iterator[Slot]:
        return iter(self.slots)

    def __getitem__(self, i: int) -> Slot:
        return self.slots[i]

    def __repr__(self) -> str:
        return f"<Availability {len(self.slots)} slots>"

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with one row per slot (needs pandas)."""
        try:
            import pandas as pd
        except ImportError as e:  # pragma: no cover - exercised only without pandas
            raise ImportError("to_pandas() needs pandas: pip install pandas") from e
        return pd.DataFrame(
            [{"id": s.id, "start": s.start, "end": s.end, "professional": s.professional, "chair": s.chair,
              "chairs": list(s.chairs), "resources": list(s.resources)} for s in self.slots],
            columns=["id", "start", "end", "professional", "chair", "chairs", "resources"])


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
    """Whether a proposed booking can be made: every conflict, and the claim keys when bookable."""

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
        self.claims: list[str] = d["claims"]

    def __bool__(self) -> bool:
        return self.bookable

    def __repr__(self) -> str:
        codes = ", ".join(c.code for c in self.conflicts) or "bookable"
        return f"<CheckResult {self.professional} {self.start.isoformat()}: {codes}>"


@dataclasses.dataclass(frozen=True)
class Finding:
    """A validation error or warning."""

    code: str
    pointer: str
    message: str
    document: Optional[str] = None


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


class Clinic:
    """A clinic and its bookings, parsed and validated once by the engine, queried many times.

    Thread-safe for queries: the engine releases the GIL, so a thread pool of requests runs in parallel.
    """

    def __init__(self, clinic: Document, bookings: Optional[Document] = None) -> None:
        self._clinic_text = _text(clinic, "clinic")
        self._bookings_text = _text(bookings, "bookings")
        self._engine = _core.Engine(self._clinic_text, self._bookings_text)
        self.data: dict[str, Any] = json.loads(self._clinic_text)
        self._zones = _zones_of(self.data)

    @classmethod
    def from_json(cls, text: str, bookings: Optional[Document] = None) -> "Clinic":
        return cls(text, bookings)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], bookings: Optional[Document] = None) -> "Clinic":
        return cls(data, bookings)

    @classmethod
    def from_path(cls, path: Union[str, "os.PathLike[str]"], bookings: Optional[Document] = None) -> "Clinic":
        with open(path, encoding="utf-8") as f:
            return cls(f.read(), bookings)

    def __repr__(self) -> str:
        return f"<Clinic {self.data['tenant']['id']}: {len(self.data['sites'])} sites>"

    @property
    def sites(self) -> dict[str, ZoneInfo]:
        """Site id → its time zone."""
        return dict(self._zones)

    def set_bookings(self, bookings: Optional[Document]) -> None:
        """Replaces the bookings and blocks (validated against the clinic)."""
        text = _text(bookings, "bookings")
        self._engine.set_bookings(text)
        self._bookings_text = text

    def availability(self, request: Optional[Union[str, Mapping[str, Any]]] = None, *,
                     site: Optional[str] = None, treatment: Optional[str] = None,
                     from_: Optional[Union[str, _dt.date]] = None, to: Optional[Union[str, _dt.date]] = None,
                     now: Optional[Union[str, _dt.datetime]] = None,
                     professionals: Optional[Sequence[str]] = None,
                     chairs: Optional[Sequence[str]] = None) -> Availability:
        """Free slots: pass a request (dict or JSON text) or its fields as keywords (``from_`` for "from")."""
        if request is None:
            if site is None or treatment is None or from_ is None or to is None or now is None:
                raise TypeError("availability() needs a request, or site, treatment, from_, to and now")
            req: dict[str, Any] = {"site": site, "treatment": treatment, "from": _date(from_, "/from"),
                                   "to": _date(to, "/to"), "now": _instant(now, "/now")}
            if professionals is not None:
                req["professionals"] = list(professionals)
            if chairs is not None:
                req["chairs"] = list(chairs)
            text = json.dumps(req, ensure_ascii=False)
            zone = self._zones.get(site)
        else:
            text = request if isinstance(request, str) else json.dumps(dict(request), ensure_ascii=False)
            zone = self._zones.get(json.loads(text).get("site", "")) if text.strip().startswith("{") else None
        return Availability(self._engine.availability_answer(text), zone)

    def check(self, request: Optional[Union[str, Mapping[str, Any]]] = None, *,
              slot: Optional[str] = None, site: Optional[str] = None, professional: Optional[str] = None,
              treatment: Optional[str] = None, start: Optional[Union[str, _dt.datetime]] = None,
              chair: Optional[str] = None, id: Optional[str] = None,
              now: Optional[Union[str, _dt.datetime]] = None) -> CheckResult:
        """Every reason a proposed booking cannot be made: by ``slot`` id, or by its fields."""
        if request is None:
            if now is None:
                raise TypeError("check() needs now")
            req: dict[str, Any] = {"now": _instant(now, "/now")}
            if slot is not None:
                req["slot"] = slot
            else:
                if site is None or professional is None or treatment is None or start is None:
                    raise TypeError("check() needs a slot id, or site, professional, treatment and start")
                req.update({"site": site, "professional": professional, "treatment": treatment,
                            "start": _instant(start, "/start")})
            if chair is not None:
                req["chair"] = chair
            if id is not None:
                req["id"] = id
            text = json.dumps(req, ensure_ascii=False)
        else:
            text = request if isinstance(request, str) else json.dumps(dict(request), ensure_ascii=False)
        result_text = self._engine.check(text)
        site_id = json.loads(result_text)["site"]
        return CheckResult(result_text, self._zones.get(site_id))

    def validate(self) -> Validation:
        """Errors and warnings of this clinic and its bookings (errors would have failed loading)."""
        return Validation(_core.validate_json(self._clinic_text, self._bookings_text))


def availability(clinic: Document, bookings: Optional[Document], request: Union[str, Mapping[str, Any]]) -> Availability:
    """One-shot availability; for many queries on one clinic keep a :class:`Clinic`."""
    return Clinic(clinic, bookings).availability(request)


def check(clinic: Document, bookings: Optional[Document], request: Union[str, Mapping[str, Any]]) -> CheckResult:
    """One-shot conflict check."""
    return Clinic(clinic, bookings).check(request)


def validate(clinic: Document, bookings: Optional[Document] = None) -> Validation:
    """Validates a clinic (and bookings) without raising for invalid input."""
    return Validation(_core.validate_json(_text(clinic, "clinic"), _text(bookings, "bookings")))


def _zones_of(clinic: Mapping[str, Any]) -> dict[str, ZoneInfo]:
    """Site id → zone, from a clinic document the engine has validated."""
    return {s["id"]: ZoneInfo(s["timezone"]) for s in clinic["sites"]}


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

    def to_pandas(self) -> Any:
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
    req: dict[str, Any] = {"from": _date(from_, "/from"), "to": _date(to, "/to"), "now": _instant(now, "/now")}
    if sites is not None:
        req["sites"] = list(sites)
    if treatments is not None:
        req["treatments"] = list(treatments)
    p, d = _text(published, "published"), _text(draft, "draft")
    text = _core.simulate_json(p, d, _text(bookings, "bookings"), json.dumps(req, ensure_ascii=False))
    # Broken bookings are bookings of the published clinic (validated against it): its zones.
    return Simulation(text, _zones_of(json.loads(p)))


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
        req["user"] = dict(user)
    return Resolved(_core.resolve_json(_text(clinic, "clinic"), json.dumps(req, ensure_ascii=False)))


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
    return Diff(_core.diff_json(_text(before, "before"), _text(after, "after")))


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
    text = _core.in_force_json(_text(versions, "versions"), json.dumps({"at": _instant(at, "/at")}))
    return InForce(**json.loads(text))
