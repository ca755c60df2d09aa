"""The store interface, and the one implementation of its rules that every backend shares.

A store keeps a tenant's bookings and, beside each, the claim keys the engine gave it. The keys are
unique in the store (a primary key, a unique index, a conditional put), so two bookings can never hold
one key: that, not application code, is what makes double booking impossible. The engine decides
*whether* a booking fits (and why not); the store's unique keys decide *who wins* a race.

Every backend gets its rules from here:

* :func:`bookings_document` — the engine's bookings document from stored rows (with their ``claims``);
* :func:`check_request` / :func:`move_request` — a booking request or a move's changes as a check request;
* :func:`engine_check` — ``booking.Clinic(...).check`` on a fresh Clinic (no shared engine object);
* :func:`with_retries` — on a claim-key collision, re-read and re-check, a bounded number of times;
* :func:`fingerprint`, :meth:`Outcome.to_json`, :meth:`Outcome.from_json` — idempotency records;
* :class:`TransactionalStore` — book / move / cancel written once over a small :class:`Transaction`
  interface (read rows, insert a booking with its keys, update it releasing and taking keys, remember an
  idempotent answer). A backend implements ``_transaction`` and the transaction; it may instead
  implement ``book``/``move``/``cancel`` itself with the functions above.
"""
from __future__ import annotations

import abc
import contextlib
import dataclasses
import datetime as _dt
import functools
import hashlib
import json
import threading
import uuid
from typing import Any, Callable, Iterator, Mapping, Optional, Sequence, TypeVar

import booking
from booking import _core

__all__ = [
    "Outcome", "Store", "Transaction", "TransactionalStore", "ClaimCollision", "IdempotencyConflict",
    "open_store", "bookings_document", "check_request", "move_request", "engine_check",
    "engine_alternatives", "engine_lifecycle", "refusal", "with_retries", "fingerprint", "new_booking_id", "utc_text", "now_text",
    "ACTIVE", "MAX_RETRIES", "BOOKING_FIELDS", "REQUEST_FIELDS", "CHANGE_FIELDS", "near_minutes", "rows_for",
    "request_start", "window", "rows_for_alternatives", "ALTERNATIVE_DAYS",
]

#: Statuses whose bookings occupy their time, as the engine decides (``booking::appointment::occupies``:
#: every status but ``cancelled``). Only these are read for a check and hold claim keys in a store.
ACTIVE: tuple[str, ...] = tuple(_core.occupying_statuses)
#: Attempts of one operation when its keys collide with a concurrent writer's (then: refused, contention).
MAX_RETRIES = 8
#: Fields of a stored booking document (``claims`` last; ``patient`` only when given).
BOOKING_FIELDS = ("id", "site", "professional", "chair", "treatment", "start", "status", "patient", "claims")
#: Fields a booking request may carry.
REQUEST_FIELDS = ("id", "site", "professional", "treatment", "start", "chair", "patient", "slot")
#: Fields a move's changes may carry (anything else is an input error).
CHANGE_FIELDS = ("site", "professional", "treatment", "start", "chair", "slot", "patient")


# ---------------------------------------------------------------------------------------------- outcome

@dataclasses.dataclass
class Outcome:
    """The answer of a write.

    ``status`` is ``"booked" | "moved" | "cancelled" | "refused" | "not_found" | "replayed"``.
    A replayed answer (same tenant and idempotency key as an earlier call) carries the first answer's
    ``ok``, ``booking``, ``conflicts`` and ``alternatives``, and its status in ``first_status``.
    """

    ok: bool
    status: str
    booking: Optional[dict[str, Any]] = None
    conflicts: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    alternatives: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    first_status: Optional[str] = None  # added: the original status of a "replayed" outcome
    #: A cancel or move inside the cancellation window: done, but late (the clinic may charge a fee).
    fee: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Outcome":
        d = json.loads(text)
        return cls(ok=d["ok"], status=d["status"], booking=d.get("booking"), conflicts=d.get("conflicts", []),
                   alternatives=d.get("alternatives", []), first_status=d.get("first_status"),
                   fee=d.get("fee", False))

    def replayed(self) -> "Outcome":
        """This (stored) answer, given again for a repeated idempotency key."""
        return Outcome(ok=self.ok, status="replayed", booking=self.booking, conflicts=list(self.conflicts),
                       alternatives=list(self.alternatives), first_status=self.first_status or self.status,
                       fee=self.fee)


class ClaimCollision(Exception):
    """A write hit a unique claim key (or idempotency key) another transaction holds: re-read and retry."""


class IdempotencyConflict(booking.Error):
    """An idempotency key was used again with a different request (code ``idempotency_key_reused``)."""

    def __init__(self, key: str) -> None:
        super().__init__(f"Idempotency-Key {key!r} was already used for a different request; "
                         "use a new key for a new request")
        self.code = "idempotency_key_reused"
        self.pointer = "/Idempotency-Key"


def _error(code: str, pointer: str, message: str) -> booking.Error:
    e = booking.Error(message)
    e.code = code
    e.pointer = pointer
    return e


# ------------------------------------------------------------------------------------------- the store

class Store(abc.ABC):
    """A tenant-scoped booking store. Every method takes the tenant; another tenant's booking is not found.

    ``clinics`` maps a tenant id to its clinic JSON text (the engine validates it on first use).
    """

    def __init__(self, clinics: Mapping[str, str]) -> None:
        self.clinics: dict[str, str] = {t: _text(c) for t, c in clinics.items()}
        for tenant, text in self.clinics.items():
            booking.Clinic(text, "[]")  # a broken clinic fails now, with the engine's error, not on the first booking

    def clinic_text(self, tenant: str) -> str:
        try:
            return self.clinics[tenant]
        except KeyError:
            raise _error("unknown_tenant", "/X-Tenant-Id", f"no clinic is configured for tenant {tenant!r}") from None

    @abc.abstractmethod
    def book(self, tenant: str, request: Mapping[str, Any], *, now: _dt.datetime,
             idempotency_key: Optional[str] = None) -> Outcome: ...

    @abc.abstractmethod
    def move(self, tenant: str, booking_id: str, changes: Mapping[str, Any], *, now: _dt.datetime,
             idempotency_key: Optional[str] = None) -> Outcome: ...

    @abc.abstractmethod
    def cancel(self, tenant: str, booking_id: str, *, now: _dt.datetime) -> Outcome: ...

    @abc.abstractmethod
    def get(self, tenant: str, booking_id: str) -> Optional[dict[str, Any]]: ...

    @abc.abstractmethod
    def list(self, tenant: str, *, site: Optional[str] = None) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def close(self) -> None: ...

    def availability(self, tenant: str, request: Mapping[str, Any], *, now: _dt.datetime) -> str:
        """The engine's availability answer (JSON text) over the tenant's stored bookings; ``now`` is used
        when the request has none."""
        req = dict(request)
        req.setdefault("now", now_text(now))
        rows = [b for b in self.list(tenant) if b.get("status") in ACTIVE]
        return _clinic(self.clinic_text(tenant), rows).availability(req).to_json()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _text(doc: Any) -> str:
    if isinstance(doc, (bytes, bytearray)):
        return doc.decode("utf-8")
    if isinstance(doc, str):
        return doc
    return json.dumps(doc, ensure_ascii=False)


def open_store(url: str, clinics: Mapping[str, str]) -> Store:
    """A store by URL: ``sqlite:///path`` (``sqlite:///:memory:``), ``postgresql://...``,
    ``dynamodb://table?endpoint_url=...&region=...``."""
    scheme = url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        from .sqlite import SQLiteStore
        return SQLiteStore(url, clinics)
    if scheme in ("postgresql", "postgres"):
        from .postgres import PostgresStore  # type: ignore[import-not-found,unused-ignore]
        return PostgresStore(url, clinics)  # type: ignore[no-any-return,unused-ignore]
    if scheme == "dynamodb":
        from .dynamodb import DynamoDBStore  # type: ignore[import-not-found,unused-ignore]
        return DynamoDBStore(url, clinics)  # type: ignore[no-any-return,unused-ignore]
    raise _error("invalid_value", "/store", f"store URL {url!r}: the scheme must be sqlite, postgresql or dynamodb")


# ------------------------------------------------------------------------------- engine documents & calls

def utc_text(value: str | _dt.datetime) -> str:
    """An RFC 3339 instant (text with any offset, or an aware datetime) as ``YYYY-MM-DDTHH:MM:SSZ``."""
    if isinstance(value, str):
        t = _dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    else:
        t = value
    if t.tzinfo is None or t.utcoffset() is None:
        raise _error("naive_datetime", "/start", f"{value} has no UTC offset")
    return t.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_text(now: _dt.datetime) -> str:
    if now.tzinfo is None or now.utcoffset() is None:
        raise _error("naive_datetime", "/now", f"now is a naive datetime ({now.isoformat()}); give it a tzinfo")
    return now.isoformat()


def new_booking_id() -> str:
    return uuid.uuid4().hex


_claims_accepted: Optional[bool] = None  # does this engine accept "claims" in a bookings document?
_claims_lock = threading.Lock()


def _engine_row(row: Mapping[str, Any], with_claims: bool) -> dict[str, Any]:
    out: dict[str, Any] = {k: row[k] for k in ("id", "site", "professional", "chair", "treatment", "start")}
    out["status"] = row.get("status", "confirmed")
    if row.get("patient") is not None:
        out["patient"] = row["patient"]
    if with_claims and row.get("claims"):
        out["claims"] = sorted(row["claims"])
    return out


def bookings_document(rows: Sequence[Mapping[str, Any]], *, blocks: Sequence[Mapping[str, Any]] = (),
                      with_claims: bool = True) -> str:
    """The engine's bookings document (JSON text) for stored rows: each row's fields and its ``claims``."""
    return json.dumps({"bookings": [_engine_row(r, with_claims) for r in rows], "blocks": list(blocks)},
                      ensure_ascii=False)


def _clinic(clinic_text: str, rows: Sequence[Mapping[str, Any]]) -> booking.Clinic:
    """A fresh engine object over the stored rows (passing their claims when the engine knows them)."""
    global _claims_accepted
    if _claims_accepted is not False and any(r.get("claims") for r in rows):
        try:
            c = booking.Clinic(clinic_text, bookings_document(rows, with_claims=True))
            _claims_accepted = True
            return c
        except booking.Error as e:
            if not (e.code == "unknown_field" and str(e.pointer).endswith("/claims")):
                raise
            with _claims_lock:
                _claims_accepted = False  # an engine from before the claims contract: it assigns units itself
    return booking.Clinic(clinic_text, bookings_document(rows, with_claims=False))


def check_request(request: Mapping[str, Any], *, now: _dt.datetime, booking_id: Optional[str] = None) -> dict[str, Any]:
    """A booking request ``{site, professional, treatment, start, chair?, patient?, slot?}`` as the engine's
    check request (``id`` is added for a move; ``patient``, when given, makes the engine refuse an
    appointment overlapping another of that patient's, and claim the patient's minutes)."""
    unknown = [k for k in request if k not in REQUEST_FIELDS]
    if unknown:
        raise _error("unknown_field", f"/{unknown[0]}", f"booking request: unknown field {unknown[0]!r} "
                     f"(allowed: {', '.join(REQUEST_FIELDS)})")
    req: dict[str, Any] = {"now": now_text(now)}
    if request.get("slot") is not None:
        req["slot"] = request["slot"]
    else:
        for k in ("site", "professional", "treatment", "start"):
            if request.get(k) is None:
                raise _error("missing_field", f"/{k}", f"booking request: {k} is required (or give a slot id)")
            req[k] = request[k]
    if request.get("chair") is not None:
        req["chair"] = request["chair"]
    if request.get("patient") is not None:
        req["patient"] = request["patient"]
    if booking_id is not None:
        req["id"] = booking_id
    return req


def move_request(existing: Mapping[str, Any], changes: Mapping[str, Any], *, now: _dt.datetime) -> dict[str, Any]:
    """A move's check request: the stored booking with ``changes`` applied, ``id`` naming it (so the engine
    does not count its own old time against it). A new ``slot`` replaces site/professional/treatment/start;
    a new professional or start without a chair lets the engine choose the chair again."""
    unknown = [k for k in changes if k not in CHANGE_FIELDS]
    if unknown:
        raise _error("unknown_field", f"/{unknown[0]}", f"move: unknown field {unknown[0]!r} "
                     f"(allowed: {', '.join(CHANGE_FIELDS)})")
    patient = changes.get("patient", existing.get("patient"))
    if changes.get("slot") is not None:
        req = {"slot": changes["slot"], "now": now_text(now), "id": existing["id"]}
        if changes.get("chair") is not None:
            req["chair"] = changes["chair"]
        if patient is not None:
            req["patient"] = patient
        return req
    merged = {k: existing[k] for k in ("site", "professional", "treatment", "start")}
    if patient is not None:
        merged["patient"] = patient
    for k in ("site", "professional", "treatment", "start"):
        if changes.get(k) is not None:
            merged[k] = changes[k]
    if changes.get("chair") is not None:
        merged["chair"] = changes["chair"]
    elif not any(changes.get(k) is not None for k in ("site", "professional", "treatment", "start")):
        merged["chair"] = existing["chair"]
    return check_request(merged, now=now, booking_id=str(existing["id"]))


def engine_check(clinic_text: str, rows: Sequence[Mapping[str, Any]], request: Mapping[str, Any]) -> booking.CheckResult:
    """``booking.Clinic(clinic, rows).check(request)`` on a fresh engine object."""
    return _clinic(clinic_text, rows).check(dict(request))


def engine_lifecycle(clinic_text: str, rows: Sequence[Mapping[str, Any]], request: Mapping[str, Any]) -> dict[str, Any]:
    """The engine's decision on a cancel or reschedule under the policy windows (operation ``lifecycle``):
    ``{"decision": "allowed"|"late"|"refused", "fee", "code", "reason", ...}``. The store never reads the
    windows itself."""
    return _clinic(clinic_text, rows).lifecycle(dict(request))


def refusal(code: str, message: str, booking_id: Optional[str] = None) -> list[dict[str, Any]]:
    """A refusal that is not a slot conflict (a lifecycle rule), in the shape of the engine's conflicts."""
    return [{"code": code, "message": message, "booking": booking_id, "block": None, "chair": None, "resource": None}]


def engine_alternatives(clinic_text: str, rows: Sequence[Mapping[str, Any]], request: Mapping[str, Any],
                        limit: int = 3, days: Optional[int] = None) -> list[dict[str, Any]]:
    """The engine's nearest free slots for a refused check request (operation ``alternatives``: same
    professional that day, then other professionals that day, then later days); the store never ranks
    slots itself. ``[]`` with an engine from before the operation."""
    global _alternatives_supported
    if _alternatives_supported is False:
        return []
    req = dict(request)
    req["limit"] = limit
    if days is not None:
        req["days"] = days
    with_claims = _claims_accepted is not False
    try:
        answer = booking.run("alternatives", {"clinic": clinic_text,
                                              "bookings": bookings_document(rows, with_claims=with_claims),
                                              "request": json.dumps(req, ensure_ascii=False)})
    except booking.Error as e:
        if e.code == "unknown_operation":
            _alternatives_supported = False  # an engine without the operation
        # Suggestions are a courtesy: a request the engine refuses to search from (an unknown
        # professional, say) keeps its refusal and its reasons, without alternatives.
        return []
    _alternatives_supported = True
    return [dict(a) for a in answer.get("alternatives", [])]


_alternatives_supported: Optional[bool] = None


def conflicts_of(result: booking.CheckResult) -> list[dict[str, Any]]:
    """The check's conflicts as dicts (code, message, booking, block, chair, resource)."""
    return [dataclasses.asdict(c) for c in result.conflicts]


def booking_document(booking_id: str, result: booking.CheckResult, *, status: str = "confirmed",
                     patient: Optional[str] = None) -> dict[str, Any]:
    """The stored document of a bookable check: the engine's site, professional, chair, treatment and
    start (in UTC), and the claim keys it holds."""
    assert result.bookable and result.chair is not None
    doc: dict[str, Any] = {"id": booking_id, "site": result.site, "professional": result.professional,
                           "chair": result.chair, "treatment": result.treatment,
                           "start": utc_text(result.start), "status": status}
    if patient is not None:
        doc["patient"] = patient
    doc["claims"] = sorted(result.claims)
    # The claims as time ranges, for range-constraint stores (PostgreSQL's exclusion constraint); a store
    # that does not use them drops them (``stored``), and no answer carries them.
    doc["ranges"] = result.to_dict().get("ranges", [])
    return doc


def stored(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A booking document as answered and kept: without the write-only ``ranges``."""
    return {k: v for k, v in doc.items() if k != "ranges"}


def release_take(result: booking.CheckResult, held: Sequence[str]) -> tuple[list[str], list[str]]:
    """The keys a move gives up and the keys it newly takes: the engine's ``release``/``take`` when it has
    them, else the set difference between the keys held and the new ``claims``."""
    release = getattr(result, "release", None)
    take = getattr(result, "take", None)
    if release is None or take is None:  # the Python CheckResult may not expose them: the answer has them
        answer = result.to_dict()
        release, take = answer.get("release"), answer.get("take")
    if release is not None and take is not None:
        return sorted(release), sorted(take)
    new, old = set(result.claims), set(held)
    return sorted(old - new), sorted(new - old)


def fingerprint(operation: str, target: Optional[str], body: Mapping[str, Any]) -> str:
    """What an idempotency key was first used for: a second use with another request is an error."""
    text = json.dumps([operation, target, body], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


T = TypeVar("T")


def with_retries(attempt: Callable[[], T], *, retries: int = MAX_RETRIES,
                 on_exhausted: Optional[Callable[[], T]] = None) -> T:
    """Runs ``attempt`` (read, check, write) again each time it raises :class:`ClaimCollision`: the fresh
    read then shows the winner, so the fresh check gives the refusal's reasons. After ``retries``
    collisions, returns ``on_exhausted()`` (or re-raises)."""
    for _ in range(retries):
        try:
            return attempt()
        except ClaimCollision:
            continue
    if on_exhausted is not None:
        return on_exhausted()
    raise ClaimCollision(f"still colliding after {retries} attempts")


#: Conflict codes of the store's own refusals (no alternatives are searched for them).
STORE_CODES = frozenset({"store_contention"})


def contention_outcome() -> Outcome:
    return Outcome(ok=False, status="refused", conflicts=[{
        "code": "store_contention", "message": "the slot changed hands repeatedly while booking; try again",
        "booking": None, "block": None, "chair": None, "resource": None}])


@functools.lru_cache(maxsize=64)
def near_minutes(clinic_text: str) -> int:
    """How far from a request's start the bookings it is checked against may start: twice the longest
    chair window of the clinic's treatments (segments and buffers), plus an hour of margin for the claim
    buckets. Two bookings further apart cannot overlap. Were one missed, its claim keys would still refuse
    the write, and the retry reads every booking (see ``rows_for``)."""
    longest = _core.Engine(clinic_text).longest_window()  # the engine's rule, not recomputed here
    return 2 * min(longest, 24 * 60) + 60


def window(start: str, minutes: int) -> tuple[str, str]:
    """``[start - minutes, start + minutes)`` as UTC texts (they compare as times)."""
    t = _dt.datetime.fromisoformat(utc_text(start).replace("Z", "+00:00"))
    d = _dt.timedelta(minutes=minutes)
    return utc_text(t - d), utc_text(t + d)


def request_start(req: Mapping[str, Any]) -> Optional[str]:
    """The UTC start a check request asks for (from ``start`` or a slot id's ``…:YYYYMMDDTHHMMZ``), or
    None when it cannot be read here (then the engine reports it and the store reads everything)."""
    try:
        if req.get("start") is not None:
            return utc_text(str(req["start"]))
        if req.get("slot") is not None:
            stamp = str(req["slot"]).rsplit(":", 1)[-1]
            t = _dt.datetime.strptime(stamp, "%Y%m%dT%H%MZ").replace(tzinfo=_dt.timezone.utc)
            return utc_text(t)
    except (ValueError, booking.Error):
        return None
    return None


#: Days after a refused request that its alternatives may be on (the engine's default is 14).
ALTERNATIVE_DAYS = 14


def rows_for_alternatives(tx: "Transaction", req: Mapping[str, Any], *, clinic_text: str,
                          days: int = ALTERNATIVE_DAYS) -> list[dict[str, Any]]:
    """The stored bookings the alternatives of a refused request are searched among: from the request's
    start (less the read window) to ``days`` days (one more for time zones) after it. A suggestion is not
    a booking: the booking it leads to is checked again."""
    start = request_start(req)
    if start is None:
        return tx.active_bookings()
    half = (days + 1) * 24 * 60 // 2
    t = _dt.datetime.fromisoformat(start.replace("Z", "+00:00")) + _dt.timedelta(minutes=half)
    return tx.active_bookings_near(utc_text(t), half + near_minutes(clinic_text) + 24 * 60)


def rows_for(tx: "Transaction", req: Mapping[str, Any], *, clinic_text: str, everything: bool = False,
             include: Optional[Mapping[str, Any]] = None) -> list[dict[str, Any]]:
    """The stored bookings a check request is checked against: those starting within
    :func:`near_minutes` of its start (all of them when ``everything`` or the start is unreadable), plus
    ``include`` (a booking being moved)."""
    start = None if everything else request_start(req)
    rows = tx.active_bookings() if start is None else tx.active_bookings_near(start, near_minutes(clinic_text))
    if include is not None and all(r["id"] != include["id"] for r in rows):
        rows.append(dict(include))  # whatever its status: the engine's lifecycle decides what may be done to it
    return rows


# ------------------------------------------------------------------ the rules written once, over a transaction

class Transaction(abc.ABC):
    """One atomic unit of work of one tenant. Reads see a consistent state (or an optimistic snapshot);
    writes become visible all together when the ``_transaction`` context exits without an exception.
    A write — or the commit — raises :class:`ClaimCollision` when a claim key or the idempotency key is
    already held by another transaction's committed write (then nothing of this one is applied)."""

    @abc.abstractmethod
    def active_bookings(self) -> list[dict[str, Any]]:
        """The tenant's bookings that occupy time (status pending/confirmed), each with its ``claims``."""

    def active_bookings_near(self, start: str, minutes: int) -> list[dict[str, Any]]:
        """The active bookings starting within ``minutes`` of ``start`` (UTC text), with their ``claims``:
        all a check at ``start`` can collide with. Backends override it with an indexed query; this
        default filters :meth:`active_bookings`."""
        lo, hi = window(start, minutes)
        return [b for b in self.active_bookings() if lo <= utc_text(b["start"]) < hi]

    @abc.abstractmethod
    def booking(self, booking_id: str) -> Optional[dict[str, Any]]:
        """One booking of the tenant with its ``claims`` (``[]`` once cancelled), or None."""

    @abc.abstractmethod
    def idempotent(self, key: str) -> Optional[tuple[str, str]]:
        """The remembered (fingerprint, outcome JSON) of an idempotency key of the tenant, or None."""

    @abc.abstractmethod
    def insert(self, doc: Mapping[str, Any]) -> None:
        """A new booking document and its ``claims`` (each key unique per tenant)."""

    @abc.abstractmethod
    def update(self, doc: Mapping[str, Any], *, release: Sequence[str], take: Sequence[str]) -> None:
        """Replaces the stored booking ``doc["id"]`` by ``doc``, deleting its keys ``release`` and inserting
        the keys ``take`` (``doc["claims"]`` is the resulting set)."""

    @abc.abstractmethod
    def remember(self, key: str, fingerprint: str, outcome_json: str) -> None:
        """Stores an idempotent answer (unique per tenant and key)."""


class TransactionalStore(Store):
    """book / move / cancel written once; a backend supplies ``_transaction(tenant)`` and reads."""

    retries: int = MAX_RETRIES
    alternatives_limit: int = 3

    @abc.abstractmethod
    def _transaction(self, tenant: str) -> contextlib.AbstractContextManager[Transaction]: ...

    # -- idempotency

    def _replay(self, tx: Transaction, key: Optional[str], fp: str) -> Optional[Outcome]:
        if key is None:
            return None
        found = tx.idempotent(key)
        if found is None:
            return None
        first_fp, outcome_json = found
        if first_fp != fp:
            raise IdempotencyConflict(key)
        return Outcome.from_json(outcome_json).replayed()

    def _read_transaction(self, tenant: str) -> contextlib.AbstractContextManager[Transaction]:
        """A transaction that only reads (SQLite: without the write lock); by default ``_transaction``."""
        return self._transaction(tenant)

    def _with_alternatives(self, tenant: str, clinic: str, outcome: Outcome,
                           search: Callable[[Transaction], tuple[Optional[dict[str, Any]], Optional[dict[str, Any]]]]
                           ) -> Outcome:
        """Adds the engine's alternatives to a refusal, *after* the write transaction: they are a
        suggestion (the booking they lead to is checked again), so they are searched on a read of their
        own and not under the write lock. A replayed refusal gets them afresh. ``search(tx)`` gives the
        check request and the booking being moved (or None, None)."""
        refused = outcome.status == "refused" or (outcome.status == "replayed" and outcome.first_status == "refused")
        if not refused or self.alternatives_limit <= 0 or _alternatives_supported is False:
            return outcome
        if not any(c.get("code") not in STORE_CODES for c in outcome.conflicts):
            return outcome
        with self._read_transaction(tenant) as tx:
            req, include = search(tx)
            if req is None:
                return outcome
            rows = rows_for_alternatives(tx, req, clinic_text=clinic)
        if include is not None and all(r["id"] != include["id"] for r in rows):
            rows.append(dict(include))
        outcome.alternatives = engine_alternatives(clinic, rows, req, self.alternatives_limit, ALTERNATIVE_DAYS)
        return outcome

    # -- writes

    def book(self, tenant: str, request: Mapping[str, Any], *, now: _dt.datetime,
             idempotency_key: Optional[str] = None) -> Outcome:
        clinic = self.clinic_text(tenant)
        request = dict(request)
        booking_id = str(request.get("id") or new_booking_id())
        req = check_request(request, now=now)
        fp = fingerprint("book", None, request)
        tries = [0]

        def attempt() -> Outcome:
            tries[0] += 1
            with self._transaction(tenant) as tx:
                replay = self._replay(tx, idempotency_key, fp)
                if replay is not None:
                    return replay
                if tx.booking(booking_id) is not None:
                    raise _error("duplicate_id", "/id", f"booking {booking_id!r} already exists")
                rows = rows_for(tx, req, clinic_text=clinic, everything=tries[0] > 1)
                result = engine_check(clinic, rows, req)
                if result.bookable:
                    doc = booking_document(booking_id, result, patient=request.get("patient"))
                    tx.insert(doc)
                    outcome = Outcome(ok=True, status="booked", booking=stored(doc))
                else:
                    outcome = Outcome(ok=False, status="refused", conflicts=conflicts_of(result))
                if idempotency_key is not None:
                    tx.remember(idempotency_key, fp, outcome.to_json())
                return outcome

        outcome = with_retries(attempt, retries=self.retries, on_exhausted=contention_outcome)
        return self._with_alternatives(tenant, clinic, outcome, lambda tx: (req, None))

    def move(self, tenant: str, booking_id: str, changes: Mapping[str, Any], *, now: _dt.datetime,
             idempotency_key: Optional[str] = None) -> Outcome:
        clinic = self.clinic_text(tenant)
        changes = dict(changes)
        fp = fingerprint("move", booking_id, changes)
        tries = [0]

        def attempt() -> Outcome:
            tries[0] += 1
            with self._transaction(tenant) as tx:
                replay = self._replay(tx, idempotency_key, fp)
                if replay is not None:
                    return replay
                existing = tx.booking(booking_id)
                if existing is None:
                    return Outcome(ok=False, status="not_found")
                # Which bookings may move (pending and confirmed), and until when, is the engine's
                # lifecycle rule: a cancelled or completed booking is refused with invalid_transition.
                req = move_request(existing, changes, now=now)
                rows = rows_for(tx, req, clinic_text=clinic, everything=tries[0] > 1,
                                include=existing)
                engine = _clinic(clinic, rows)  # one engine for the window decision and the check
                decision = engine.lifecycle({"booking": booking_id, "action": "reschedule",
                                             **{k: v for k, v in req.items() if k != "id"}})
                if decision["decision"] == "refused" and decision["code"] != "slot_unavailable":
                    outcome = Outcome(ok=False, status="refused",
                                      conflicts=refusal(decision["code"], decision["reason"], booking_id))
                elif (result := engine.check(dict(req))).bookable:
                    patient = changes.get("patient", existing.get("patient"))
                    doc = booking_document(booking_id, result, status=existing.get("status", "confirmed"),
                                           patient=patient)
                    release, take = release_take(result, existing.get("claims", []))
                    tx.update(doc, release=release, take=take)
                    outcome = Outcome(ok=True, status="moved", booking=stored(doc), fee=decision["fee"])
                else:
                    outcome = Outcome(ok=False, status="refused", conflicts=conflicts_of(result))
                if idempotency_key is not None:
                    tx.remember(idempotency_key, fp, outcome.to_json())
                return outcome

        def search(tx: Transaction) -> tuple[Optional[dict[str, Any]], Optional[dict[str, Any]]]:
            existing = tx.booking(booking_id)
            if existing is None:
                return None, None
            req = move_request(existing, changes, now=now)
            # No other slot helps a booking the lifecycle may not move at all (its status, its start
            # past or inside the cutoff): only a refusal of the new slot itself gets alternatives.
            decision = engine_lifecycle(clinic, [existing], {"booking": booking_id, "action": "reschedule",
                                                             **{k: v for k, v in req.items() if k != "id"}})
            if decision["decision"] == "refused" and decision["code"] != "slot_unavailable":
                return None, None
            return req, existing

        outcome = with_retries(attempt, retries=self.retries, on_exhausted=contention_outcome)
        return self._with_alternatives(tenant, clinic, outcome, search)

    def cancel(self, tenant: str, booking_id: str, *, now: _dt.datetime) -> Outcome:
        clinic = self.clinic_text(tenant)
        now_text(now)

        def attempt() -> Outcome:
            with self._transaction(tenant) as tx:
                existing = tx.booking(booking_id)
                if existing is None:
                    return Outcome(ok=False, status="not_found")
                if existing.get("status") == "cancelled":  # cancelling twice answers the same
                    return Outcome(ok=True, status="cancelled", booking=existing)
                decision = engine_lifecycle(clinic, [existing], {
                    "booking": booking_id, "action": "cancel", "now": now_text(now)})
                if not decision["allowed"]:
                    return Outcome(ok=False, status="refused", booking=existing,
                                   conflicts=refusal(decision["code"], decision["reason"], booking_id))
                doc = dict(existing)
                doc["status"] = "cancelled"
                doc["claims"] = []
                tx.update(doc, release=sorted(existing.get("claims", [])), take=[])
                return Outcome(ok=True, status="cancelled", booking=doc, fee=bool(decision["fee"]))

        return with_retries(attempt, retries=self.retries, on_exhausted=contention_outcome)
