"""The PostgreSQL store: psycopg 3, a connection pool, READ COMMITTED, and constraints that refuse a
double booking whatever the code above them does.

* ``claims`` has the primary key ``(tenant, key)``: two bookings can never hold one claim key (the
  engine gives every booking a key per professional, chair and resource unit per time bucket).
* ``spans`` holds a booking's occupied time ranges (the engine's ``ranges``: professional segments,
  the chair window with its buffers, resource units) under an exclusion constraint
  ``EXCLUDE USING gist (tenant WITH =, kind WITH =, thing WITH =, span WITH &&)`` (btree_gist): two
  overlapping ranges of one professional, chair or resource unit cannot both be stored, at any
  granularity. Rows are written when the engine's check answer carries ``ranges``; an engine without
  them leaves the table empty and the claim keys alone carry the guarantee.
* A unique or exclusion violation (or a deadlock) rolls the transaction back and raises
  :class:`~booking.store.base.ClaimCollision`: the shared retry loop re-reads and re-checks, so the
  refusal carries the engine's reasons (``professional_busy``, ``chair_busy``, ``resource_full``).

Why READ COMMITTED and not SERIALIZABLE: see docs/stores.md#postgresql. In short, the constraints are
checked against committed *and* in-flight rows (a second insert of a key waits for the first
transaction and then fails), so they hold at any isolation level; SERIALIZABLE would add
serialization failures on every concurrent read of the same calendar without preventing anything
the constraints do not. The moved or cancelled booking's row is locked (``SELECT ... FOR UPDATE``) so
that two writers of one booking take turns and the second diffs its keys against the first's result.

URL: ``postgresql://user@host:port/dbname`` (anything libpq accepts). The schema (and
``CREATE EXTENSION IF NOT EXISTS btree_gist``) is created on first use, under an advisory lock so that
several processes starting at once do not race on it.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import json
import threading
from typing import Any, Iterator, Mapping, Optional, Sequence

import psycopg
from psycopg import errors as pg_errors
from psycopg.types.json import Jsonb
from psycopg.types.range import Range
from psycopg_pool import ConnectionPool

from .base import ACTIVE, ClaimCollision, Transaction, TransactionalStore, utc_text, window
from .remote import StoreUnavailable

SCHEMA_LOCK = 0x626F6F6B  # "book": pg_advisory_xact_lock key while creating the schema

SCHEMA = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE IF NOT EXISTS bookings (
    tenant       text NOT NULL,
    id           text NOT NULL,
    site         text NOT NULL,
    professional text NOT NULL,
    chair        text NOT NULL,
    treatment    text NOT NULL,
    start        timestamptz NOT NULL,
    status       text NOT NULL CHECK (status IN ('pending', 'confirmed', 'completed', 'cancelled', 'no_show')),
    patient      text,
    doc          jsonb NOT NULL,            -- the booking document, claims excluded
    PRIMARY KEY (tenant, id)
);
CREATE INDEX IF NOT EXISTS bookings_active_start ON bookings (tenant, start) WHERE status IN ('pending', 'confirmed');
CREATE TABLE IF NOT EXISTS claims (
    tenant     text NOT NULL,
    key        text NOT NULL,
    booking_id text NOT NULL,
    PRIMARY KEY (tenant, key),              -- the guarantee: one holder per key
    FOREIGN KEY (tenant, booking_id) REFERENCES bookings (tenant, id)
);
CREATE INDEX IF NOT EXISTS claims_of_booking ON claims (tenant, booking_id);
CREATE TABLE IF NOT EXISTS spans (
    tenant     text NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('professional', 'chair', 'resource', 'patient')),
    thing      text NOT NULL,               -- professional id, site/chair, site/resource/unit
    span       tstzrange NOT NULL CHECK (NOT isempty(span)),
    booking_id text NOT NULL,
    FOREIGN KEY (tenant, booking_id) REFERENCES bookings (tenant, id),
    CONSTRAINT spans_do_not_overlap EXCLUDE USING gist (tenant WITH =, kind WITH =, thing WITH =, span WITH &&)
);
CREATE INDEX IF NOT EXISTS spans_of_booking ON spans (tenant, booking_id);
CREATE TABLE IF NOT EXISTS idempotency (
    tenant      text NOT NULL,
    key         text NOT NULL,
    fingerprint text NOT NULL,
    outcome     text NOT NULL,              -- the first answer, as Outcome JSON
    PRIMARY KEY (tenant, key)
);
"""

# One statement for a booking and its keys: under READ COMMITTED each statement has its own snapshot,
# so rows and claims read apart could disagree.
_SELECT = """
SELECT b.id, b.site, b.professional, b.chair, b.treatment, b.start, b.status, b.patient, b.doc,
       coalesce((SELECT array_agg(c.key ORDER BY c.key) FROM claims c
                 WHERE c.tenant = b.tenant AND c.booking_id = b.id), '{}') AS claims
FROM bookings b
"""

#: Constraint violations and lock cycles: somebody else holds what this transaction wanted; retry.
_COLLISIONS = (pg_errors.UniqueViolation, pg_errors.ExclusionViolation, pg_errors.DeadlockDetected,
               pg_errors.SerializationFailure)


def _doc(row: Sequence[Any]) -> dict[str, Any]:
    doc: dict[str, Any] = dict(row[8])
    doc.update(id=row[0], site=row[1], professional=row[2], chair=row[3], treatment=row[4],
               start=utc_text(row[5]), status=row[6])
    if row[7] is not None:
        doc["patient"] = row[7]
    doc["claims"] = list(row[9])
    return doc


def _stored(doc: Mapping[str, Any]) -> Jsonb:
    return Jsonb({k: v for k, v in doc.items() if k not in ("claims", "ranges")})


def spans_of(doc: Mapping[str, Any]) -> list[tuple[str, str, Range[_dt.datetime]]]:
    """The exclusion rows of a booking from the engine's ``ranges`` (``doc["ranges"]``; none without)."""
    out = []
    for r in doc.get("ranges") or []:
        kind, thing = r["kind"], str(r["id"])
        if kind in ("chair", "resource"):
            thing = f"{doc['site']}/{thing}"
        if kind == "resource":
            thing = f"{thing}/{int(r.get('unit', 0))}"
        lo = _dt.datetime.fromisoformat(r["from"].replace("Z", "+00:00"))
        hi = _dt.datetime.fromisoformat(r["to"].replace("Z", "+00:00"))
        out.append((kind, thing, Range(lo, hi, "[)")))
    return out


class _Tx(Transaction):
    def __init__(self, conn: psycopg.Connection[Any], tenant: str) -> None:
        self.conn = conn
        self.tenant = tenant

    def active_bookings(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(_SELECT + "WHERE b.tenant = %s AND b.status = ANY(%s) ORDER BY b.start, b.id",
                                 (self.tenant, list(ACTIVE))).fetchall()
        return [_doc(r) for r in rows]

    def active_bookings_near(self, start: str, minutes: int) -> list[dict[str, Any]]:
        lo, hi = window(start, minutes)  # the partial index bookings_active_start serves this
        rows = self.conn.execute(_SELECT + "WHERE b.tenant = %s AND b.status = ANY(%s) AND b.start >= %s "
                                 "AND b.start < %s ORDER BY b.start, b.id",
                                 (self.tenant, list(ACTIVE), lo, hi)).fetchall()
        return [_doc(r) for r in rows]

    def booking(self, booking_id: str) -> Optional[dict[str, Any]]:
        # FOR UPDATE: a second writer of this booking waits here, then reads the first one's result.
        row = self.conn.execute(_SELECT + "WHERE b.tenant = %s AND b.id = %s FOR UPDATE OF b",
                                (self.tenant, booking_id)).fetchone()
        return None if row is None else _doc(row)

    def idempotent(self, key: str) -> Optional[tuple[str, str]]:
        row = self.conn.execute("SELECT fingerprint, outcome FROM idempotency WHERE tenant = %s AND key = %s",
                                (self.tenant, key)).fetchone()
        return None if row is None else (row[0], row[1])

    def _take(self, booking_id: str, keys: Sequence[str], doc: Mapping[str, Any]) -> None:
        # Sorted: two writers wanting overlapping keys queue on the first common key instead of
        # deadlocking on two keys taken in opposite orders.
        self.conn.execute("INSERT INTO claims (tenant, key, booking_id) "
                          "SELECT %s, k, %s FROM unnest(%s::text[]) WITH ORDINALITY AS t(k, n) ORDER BY n",
                          (self.tenant, booking_id, sorted(keys)))
        spans = spans_of(doc)
        if spans:
            with self.conn.cursor() as cur:
                cur.executemany("INSERT INTO spans (tenant, kind, thing, span, booking_id) VALUES (%s, %s, %s, %s, %s)",
                                [(self.tenant, kind, thing, span, booking_id) for kind, thing, span in spans])

    def insert(self, doc: Mapping[str, Any]) -> None:
        self.conn.execute("INSERT INTO bookings (tenant, id, site, professional, chair, treatment, start, status, "
                          "patient, doc) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                          (self.tenant, doc["id"], doc["site"], doc["professional"], doc["chair"], doc["treatment"],
                           doc["start"], doc["status"], doc.get("patient"), _stored(doc)))
        self._take(str(doc["id"]), doc.get("claims", []), doc)

    def update(self, doc: Mapping[str, Any], *, release: Sequence[str], take: Sequence[str]) -> None:
        booking_id = str(doc["id"])
        if release:
            cur = self.conn.execute("DELETE FROM claims WHERE tenant = %s AND booking_id = %s AND key = ANY(%s)",
                                    (self.tenant, booking_id, list(release)))
            if cur.rowcount != len(set(release)):  # the keys changed under us: read again
                raise ClaimCollision(f"booking {booking_id}: {len(release)} keys to release, {cur.rowcount} held")
        # The spans are replaced as a whole (the engine's ranges describe the new position).
        self.conn.execute("DELETE FROM spans WHERE tenant = %s AND booking_id = %s", (self.tenant, booking_id))
        self.conn.execute("UPDATE bookings SET site = %s, professional = %s, chair = %s, treatment = %s, start = %s, "
                          "status = %s, patient = %s, doc = %s WHERE tenant = %s AND id = %s",
                          (doc["site"], doc["professional"], doc["chair"], doc["treatment"], doc["start"],
                           doc["status"], doc.get("patient"), _stored(doc), self.tenant, booking_id))
        self._take(booking_id, take, doc if doc.get("status") in ACTIVE else {})

    def remember(self, key: str, fingerprint: str, outcome_json: str) -> None:
        self.conn.execute("INSERT INTO idempotency (tenant, key, fingerprint, outcome) VALUES (%s, %s, %s, %s)",
                          (self.tenant, key, fingerprint, outcome_json))


class PostgresStore(TransactionalStore):
    """Bookings in PostgreSQL (12+; btree_gist from postgresql-contrib). Thread-safe: a connection pool
    (``psycopg_pool``), each connection checked before use, so a restarted server is reconnected to.
    While the server cannot be reached, operations raise :class:`~booking.store.remote.StoreUnavailable`
    after ``timeout`` seconds."""

    def __init__(self, url: str, clinics: Mapping[str, str], *, min_size: int = 1, max_size: int = 16,
                 timeout: float = 5.0) -> None:
        super().__init__(clinics)
        self.url = url
        self.timeout = timeout
        self._schema_ready = False
        self._schema_lock = threading.Lock()
        self.pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            url, min_size=min_size, max_size=max_size, timeout=timeout, open=True,
            kwargs={"autocommit": True, "connect_timeout": max(1, int(timeout))},
            check=ConnectionPool.check_connection, name="booking-store", reconnect_timeout=timeout * 12)

    # -- connections

    @contextlib.contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        try:
            with self.pool.connection() as conn:
                if not self._schema_ready:
                    self._create_schema(conn)
                yield conn
        except (psycopg.OperationalError, psycopg.InterfaceError) as e:
            # Server down, restarting, connection lost (also during COMMIT: then the outcome is unknown
            # to us, and a retry with the same idempotency key answers it).
            raise StoreUnavailable(f"PostgreSQL is unavailable: {str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__}") from e

    def _create_schema(self, conn: psycopg.Connection[Any]) -> None:
        with self._schema_lock:
            if self._schema_ready:
                return
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
                conn.execute(SCHEMA)
            self._schema_ready = True

    @contextlib.contextmanager
    def _transaction(self, tenant: str) -> Iterator[Transaction]:
        with self._connection() as conn:
            try:
                with conn.transaction():
                    yield _Tx(conn, tenant)
            except _COLLISIONS as e:
                raise ClaimCollision(str(e).splitlines()[0]) from e

    # -- reads

    def get(self, tenant: str, booking_id: str) -> Optional[dict[str, Any]]:
        with self._connection() as conn:
            row = conn.execute(_SELECT + "WHERE b.tenant = %s AND b.id = %s", (tenant, booking_id)).fetchone()
        return None if row is None else _doc(row)

    def active(self, tenant: str) -> list[dict[str, Any]]:
        with self._connection() as conn:
            rows = conn.execute(_SELECT + "WHERE b.tenant = %s AND b.status = ANY(%s) ORDER BY b.start, b.id",
                                (tenant, list(ACTIVE))).fetchall()
        return [_doc(r) for r in rows]

    def list(self, tenant: str, *, site: Optional[str] = None) -> list[dict[str, Any]]:
        with self._connection() as conn:
            rows = conn.execute(_SELECT + "WHERE b.tenant = %s AND (%s::text IS NULL OR b.site = %s) "
                                "ORDER BY b.start, b.id", (tenant, site, site)).fetchall()
        return [_doc(r) for r in rows]

    def close(self) -> None:
        self.pool.close()


def describe(conn: psycopg.Connection[Any]) -> str:
    """The schema as PostgreSQL reports it (for docs and debugging)."""
    rows = conn.execute("SELECT conrelid::regclass, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                        "WHERE conrelid::regclass::text IN ('bookings', 'claims', 'spans', 'idempotency') "
                        "ORDER BY 1, 2").fetchall()
    return json.dumps([list(map(str, r)) for r in rows], indent=1)
