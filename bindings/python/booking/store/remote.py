"""What the server stores (PostgreSQL, DynamoDB) share beyond booking.store.base: their errors, and the
time window of the bookings a check needs to read.

* :class:`StoreUnavailable` — the database cannot be reached (down, restarting, throttling past the
  retries). Nothing was acknowledged; a client may retry with the same ``Idempotency-Key``. A service
  answers it with 503 and the reason (``code`` ``store_unavailable``).
* :class:`StoreError` — a booking this store cannot hold (``code`` ``too_many_claims``: DynamoDB's
  100 items per transaction); a ``booking.Error``, so it carries ``code``, ``pointer`` and a message.
* :func:`window` — the stored bookings that can collide with a proposal starting at ``start`` start
  within :data:`WINDOW` of it, because no chair window (buffers included, the longest thing a booking
  occupies) may exceed 1440 minutes (docs/format.md#limits): a backend reads that window instead of a
  tenant's whole calendar.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import threading
from typing import Any, Iterator, Mapping, Optional

import booking

__all__ = ["StoreUnavailable", "StoreError", "WINDOW", "window", "hinted", "hint", "center_of", "instant"]

#: Twice the longest chair window the format allows (1440 minutes): a booking that overlaps a proposal
#: starting at t starts in [t - WINDOW, t + WINDOW].
WINDOW = _dt.timedelta(minutes=2 * 1440)


class StoreUnavailable(Exception):
    """The store's server cannot be reached: nothing was written, or (when the connection broke during
    the commit) the outcome is unknown and a retry with the same idempotency key tells."""

    code = "store_unavailable"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StoreError(booking.Error):
    """A request this store cannot carry out, with a code and a JSON Pointer like every engine error."""

    def __init__(self, code: str, pointer: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.pointer = pointer


def instant(value: Any) -> Optional[_dt.datetime]:
    """An RFC 3339 text (any offset) as an aware UTC datetime; None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        t = _dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if t.tzinfo is None or t.utcoffset() is None:
        return None
    return t.astimezone(_dt.timezone.utc)


def window(center: _dt.datetime) -> tuple[_dt.datetime, _dt.datetime]:
    return center - WINDOW, center + WINDOW


_local = threading.local()


@contextlib.contextmanager
def hinted(request: Mapping[str, Any], idempotency_key: Optional[str] = None) -> Iterator[None]:
    """While a store's ``book``/``move`` runs in this thread: the proposal's start (when the request
    names one; a slot id is not parsed here) and whether an idempotency record will be written."""
    before = getattr(_local, "hint", None)
    _local.hint = {"start": instant(request.get("start")), "slot": request.get("slot") is not None,
                   "idempotent": idempotency_key is not None}
    try:
        yield
    finally:
        _local.hint = before


def hint() -> dict[str, Any]:
    return getattr(_local, "hint", None) or {"start": None, "slot": False, "idempotent": False}


def center_of(existing: Optional[Mapping[str, Any]]) -> Optional[_dt.datetime]:
    """The instant to read the window around: the proposal's start, else (a move that changes neither
    start nor slot) the moved booking's start; None (read everything) for a slot id."""
    h = hint()
    if h["slot"]:
        return None
    if h["start"] is not None:
        return h["start"]  # type: ignore[no-any-return]
    if existing is not None:
        return instant(existing.get("start"))
    return None
