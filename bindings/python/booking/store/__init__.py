"""Booking stores: the engine's answers kept with zero overbooking in SQLite, PostgreSQL or DynamoDB.

    from booking.store import open_store
    store = open_store("sqlite:///build/service.db", {"sonrisa": open("examples/clinic/clinic.json").read()})
    outcome = store.book("sonrisa", {"site": "santiago-centro", "professional": "dra-soto",
                                     "treatment": "limpieza", "start": "2026-12-07T10:00:00-03:00"},
                         now=datetime.now(timezone.utc), idempotency_key="req-1")

See docs/stores.md for the interface, the schemas and why two bookings can never hold one claim key.
"""
from __future__ import annotations

from .base import (ACTIVE, MAX_RETRIES, ClaimCollision, IdempotencyConflict, Outcome, Store, Transaction,
                   TransactionalStore, bookings_document, check_request, engine_alternatives, engine_check,
                   fingerprint, move_request, new_booking_id, open_store, with_retries)
from .remote import StoreError, StoreUnavailable

__all__ = [
    "ACTIVE", "MAX_RETRIES", "ClaimCollision", "IdempotencyConflict", "Outcome", "Store", "Transaction",
    "TransactionalStore", "bookings_document", "check_request", "engine_alternatives", "engine_check",
    "fingerprint", "move_request", "new_booking_id", "open_store", "with_retries", "StoreError",
    "StoreUnavailable",
]
