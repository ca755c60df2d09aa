"""What the server stores (PostgreSQL, DynamoDB) share beyond booking.store.base: their errors.

* :class:`StoreUnavailable` — the database cannot be reached (down, restarting, throttling past the
  retries). Nothing was acknowledged; a client may retry with the same ``Idempotency-Key``. A service
  answers it with 503 and the reason (``code`` ``store_unavailable``).
* :class:`StoreError` — a request this store cannot carry out, as a ``booking.Error`` (``code``,
  ``pointer``, message).
* :func:`hinted` / :func:`hint` — what a backend's transaction needs to know of the call it serves
  (DynamoDB counts the idempotency record among its 100 transaction items).
"""
from __future__ import annotations

import contextlib
import threading
from typing import Any, Iterator, Optional

import booking

__all__ = ["StoreUnavailable", "StoreError", "hinted", "hint"]


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


_local = threading.local()


@contextlib.contextmanager
def hinted(idempotency_key: Optional[str] = None) -> Iterator[None]:
    """While a store's ``book``/``move`` runs in this thread: whether an idempotency record will be written."""
    before = getattr(_local, "hint", None)
    _local.hint = {"idempotent": idempotency_key is not None}
    try:
        yield
    finally:
        _local.hint = before


def hint() -> dict[str, Any]:
    return getattr(_local, "hint", None) or {"idempotent": False}
