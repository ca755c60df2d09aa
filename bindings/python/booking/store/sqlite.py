"""The SQLite store: standard-library sqlite3, WAL, one writer at a time (``BEGIN IMMEDIATE``).

The guarantee is in the schema: ``claims`` has the primary key ``(tenant, key)``, so a second booking
holding any key of a first one cannot be inserted, whatever the code above it does. ``BEGIN IMMEDIATE``
takes the write lock before the read, so the engine's check sees the state the write will change; the
retry loop of :mod:`booking.store.base` handles the (then only theoretical) collision.

URL: ``sqlite:///relative/path.db``, ``sqlite:////absolute/path.db`` or ``sqlite:///:memory:``.
"""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from typing import Any, Iterator, Mapping, Optional, Sequence
from urllib.parse import unquote, urlsplit

from .base import ACTIVE, ClaimCollision, Transaction, TransactionalStore, window

SCHEMA = """
CREATE TABLE IF NOT EXISTS bookings (
    tenant       TEXT NOT NULL,
    id           TEXT NOT NULL,
    site         TEXT NOT NULL,
    professional TEXT NOT NULL,
    chair        TEXT NOT NULL,
    treatment    TEXT NOT NULL,
    start        TEXT NOT NULL,              -- RFC 3339 UTC, 'YYYY-MM-DDTHH:MM:SSZ' (sorts as time)
    status       TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'completed', 'cancelled', 'no_show')),
    patient      TEXT,
    doc          TEXT NOT NULL,              -- the booking document as JSON, claims excluded
    PRIMARY KEY (tenant, id)
);
CREATE INDEX IF NOT EXISTS bookings_active ON bookings (tenant, status, start);
CREATE TABLE IF NOT EXISTS claims (
    tenant     TEXT NOT NULL,
    key        TEXT NOT NULL,
    booking_id TEXT NOT NULL,
    PRIMARY KEY (tenant, key),               -- the guarantee: one holder per key
    FOREIGN KEY (tenant, booking_id) REFERENCES bookings (tenant, id)
);
CREATE INDEX IF NOT EXISTS claims_of_booking ON claims (tenant, booking_id);
CREATE TABLE IF NOT EXISTS idempotency (
    tenant      TEXT NOT NULL,
    key         TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    outcome     TEXT NOT NULL,               -- the first answer, as Outcome JSON
    PRIMARY KEY (tenant, key)
);
"""

_COLUMNS = "id, site, professional, chair, treatment, start, status, patient, doc"


def path_of(url: str) -> str:
    """The file of a ``sqlite:///`` URL (``:memory:`` for an in-memory database)."""
    parts = urlsplit(url)
    if parts.scheme != "sqlite" or parts.netloc not in ("", "localhost"):
        raise ValueError(f"{url!r} is not a sqlite:///path URL")
    path = unquote(parts.path)
    if path.startswith("/"):
        path = path[1:]  # sqlite:///rel.db -> rel.db, sqlite:////abs.db -> /abs.db
    if not path:
        raise ValueError(f"{url!r} names no database file")
    return path


class _Tx(Transaction):
    def __init__(self, conn: sqlite3.Connection, tenant: str) -> None:
        self.conn = conn
        self.tenant = tenant

    def _claims(self, booking_ids: Sequence[str]) -> dict[str, list[str]]:
        held: dict[str, list[str]] = {b: [] for b in booking_ids}
        if booking_ids:
            for booking_id, key in self.conn.execute(
                    "SELECT booking_id, key FROM claims WHERE tenant = ? ORDER BY key", (self.tenant,)):
                if booking_id in held:
                    held[booking_id].append(key)
        return held

    def active_bookings(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM bookings WHERE tenant = ? AND status IN ({','.join('?' * len(ACTIVE))}) "
            "ORDER BY start, id", (self.tenant, *ACTIVE)).fetchall()
        docs = [_doc(r) for r in rows]
        held = self._claims([d["id"] for d in docs])
        for d in docs:
            d["claims"] = held[d["id"]]
        return docs

    def active_bookings_near(self, start: str, minutes: int) -> list[dict[str, Any]]:
        lo, hi = window(start, minutes)
        status = ",".join("?" * len(ACTIVE))
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM bookings WHERE tenant = ? AND status IN ({status}) AND start >= ? AND start < ? "
            "ORDER BY start, id", (self.tenant, *ACTIVE, lo, hi)).fetchall()
        docs = [_doc(r) for r in rows]
        held: dict[str, list[str]] = {d["id"]: [] for d in docs}
        for booking_id, key in self.conn.execute(
                "SELECT c.booking_id, c.key FROM claims c JOIN bookings b ON b.tenant = c.tenant AND b.id = c.booking_id "
                f"WHERE b.tenant = ? AND b.status IN ({status}) AND b.start >= ? AND b.start < ? ORDER BY c.key",
                (self.tenant, *ACTIVE, lo, hi)):
            held[booking_id].append(key)
        for d in docs:
            d["claims"] = held[d["id"]]
        return docs

    def booking(self, booking_id: str) -> Optional[dict[str, Any]]:
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM bookings WHERE tenant = ? AND id = ?",
                                (self.tenant, booking_id)).fetchone()
        if row is None:
            return None
        doc = _doc(row)
        doc["claims"] = [k for (k,) in self.conn.execute(
            "SELECT key FROM claims WHERE tenant = ? AND booking_id = ? ORDER BY key", (self.tenant, booking_id))]
        return doc

    def idempotent(self, key: str) -> Optional[tuple[str, str]]:
        row = self.conn.execute("SELECT fingerprint, outcome FROM idempotency WHERE tenant = ? AND key = ?",
                                (self.tenant, key)).fetchone()
        return None if row is None else (row[0], row[1])

    def _take(self, booking_id: str, keys: Sequence[str]) -> None:
        try:
            self.conn.executemany("INSERT INTO claims (tenant, key, booking_id) VALUES (?, ?, ?)",
                                  [(self.tenant, k, booking_id) for k in keys])
        except sqlite3.IntegrityError as e:
            raise ClaimCollision(str(e)) from e

    def insert(self, doc: Mapping[str, Any]) -> None:
        self.conn.execute(f"INSERT INTO bookings (tenant, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (self.tenant, *_row(doc)))
        self._take(str(doc["id"]), doc.get("claims", []))

    def update(self, doc: Mapping[str, Any], *, release: Sequence[str], take: Sequence[str]) -> None:
        booking_id = str(doc["id"])
        # Release first: a move's new keys may be keys it held already under the old claims.
        self.conn.executemany("DELETE FROM claims WHERE tenant = ? AND key = ? AND booking_id = ?",
                              [(self.tenant, k, booking_id) for k in release])
        values = _row(doc)
        self.conn.execute("UPDATE bookings SET site = ?, professional = ?, chair = ?, treatment = ?, start = ?, "
                          "status = ?, patient = ?, doc = ? WHERE tenant = ? AND id = ?",
                          (*values[1:], self.tenant, booking_id))
        self._take(booking_id, take)

    def remember(self, key: str, fingerprint: str, outcome_json: str) -> None:
        try:
            self.conn.execute("INSERT INTO idempotency (tenant, key, fingerprint, outcome) VALUES (?, ?, ?, ?)",
                              (self.tenant, key, fingerprint, outcome_json))
        except sqlite3.IntegrityError as e:
            raise ClaimCollision(str(e)) from e


def _row(doc: Mapping[str, Any]) -> tuple[Any, ...]:
    stored = {k: v for k, v in doc.items() if k not in ("claims", "ranges")}
    return (doc["id"], doc["site"], doc["professional"], doc["chair"], doc["treatment"], doc["start"],
            doc["status"], doc.get("patient"), json.dumps(stored, ensure_ascii=False, sort_keys=True))


def _doc(row: Sequence[Any]) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(row[8])
    # The columns are the truth (the independent audit reads them); the JSON keeps field order and extras.
    doc.update(id=row[0], site=row[1], professional=row[2], chair=row[3], treatment=row[4], start=row[5],
               status=row[6])
    if row[7] is not None:
        doc["patient"] = row[7]
    return doc


_writer_locks: dict[str, threading.Lock] = {}
_writer_locks_guard = threading.Lock()


def _writer_lock(path: str) -> threading.Lock:
    key = os.path.realpath(path)
    with _writer_locks_guard:
        return _writer_locks.setdefault(key, threading.Lock())


class SQLiteStore(TransactionalStore):
    """Bookings in one SQLite file. Thread-safe: one connection per thread (all closed by ``close``);
    an in-memory database has a single connection behind a lock."""

    def __init__(self, url: str, clinics: Mapping[str, str], *, timeout: float = 30.0) -> None:
        super().__init__(clinics)
        self.path = path_of(url)
        self.timeout = timeout
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._memory_lock: Optional[threading.RLock] = threading.RLock() if self.path == ":memory:" else None
        self._shared: Optional[sqlite3.Connection] = None
        self._write_lock = threading.Lock() if self.path == ":memory:" else _writer_lock(self.path)
        self._closed = False
        if self.path != ":memory:":
            parent = os.path.dirname(os.path.abspath(self.path))
            os.makedirs(parent, exist_ok=True)
        conn = self._connection()
        with self._locked():
            conn.executescript(SCHEMA)

    def _open(self) -> sqlite3.Connection:
        # isolation_level=None: no implicit transactions; each operation says BEGIN IMMEDIATE itself.
        # check_same_thread=False only so that close() may close every thread's connection; each
        # connection is otherwise used by the thread that opened it (or under the in-memory lock).
        conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")  # an acknowledged booking survives a power cut
        conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        with self._lock:
            self._connections.append(conn)
        return conn

    def _connection(self) -> sqlite3.Connection:
        if self._closed:
            raise RuntimeError("the store is closed")
        if self._memory_lock is not None:
            if self._shared is None:
                self._shared = self._open()
            return self._shared
        conn: Optional[sqlite3.Connection] = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
        return conn

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        if self._memory_lock is None:
            yield
        else:
            with self._memory_lock:
                yield

    @contextlib.contextmanager
    def _transaction(self, tenant: str) -> Iterator[Transaction]:
        # Writers of this process queue on a lock rather than on SQLite's busy handler, which sleeps in
        # growing steps (whole seconds where sqlite3 was built without usleep): measured p99 of 2 s with
        # 32 threads without it. Other processes still wait through busy_timeout.
        with self._locked(), self._write_lock:
            conn = self._connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield _Tx(conn, tenant)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _read_transaction(self, tenant: str) -> contextlib.AbstractContextManager[Transaction]:
        return self._read(tenant)

    @contextlib.contextmanager
    def _read(self, tenant: str) -> Iterator[_Tx]:
        with self._locked():
            conn = self._connection()
            conn.execute("BEGIN")  # one snapshot for the rows and their claims
            try:
                yield _Tx(conn, tenant)
            finally:
                conn.execute("COMMIT")

    def get(self, tenant: str, booking_id: str) -> Optional[dict[str, Any]]:
        with self._read(tenant) as tx:
            return tx.booking(booking_id)

    # (before ``list``: below it, ``list`` in an annotation names the method)
    def active(self, tenant: str) -> list[dict[str, Any]]:
        with self._read(tenant) as tx:
            return tx.active_bookings()

    def list(self, tenant: str, *, site: Optional[str] = None) -> list[dict[str, Any]]:
        with self._read(tenant) as tx:
            rows = tx.conn.execute(
                f"SELECT {_COLUMNS} FROM bookings WHERE tenant = ? AND (? IS NULL OR site = ?) ORDER BY start, id",
                (tenant, site, site)).fetchall()
            docs = [_doc(r) for r in rows]
            held = tx._claims([d["id"] for d in docs])
        for d in docs:
            d["claims"] = held[d["id"]]
        return docs

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._shared = None
