"""The booking service: the engine's answers over HTTP, kept in a store with zero overbooking.

    python examples/service/app.py            # http://127.0.0.1:8000, the example clinic, build/service.db
    BOOKING_STORE=sqlite:///build/other.db python examples/service/app.py --port 8001
    python examples/service/app.py --clinic path/to/clinic.json --clinic other.json

Endpoints (tenant from the ``X-Tenant-Id`` header; every read and write is scoped to it):

    POST   /booking/availability            an availability request -> the engine's slots
    POST   /booking/reservations            {site, professional, treatment, start, chair?, patient?, slot?}
                                            (header Idempotency-Key: the same key answers the same again)
    GET    /booking/reservations/{id}
    PATCH  /booking/reservations/{id}       changes {start?, professional?, chair?, treatment?, slot?, patient?}
    DELETE /booking/reservations/{id}       cancels

Answers: 201 booked, 200 moved/cancelled/found, 409 refused (the engine's ``conflicts`` and the nearest
``alternatives``), 404 not found (also another tenant's booking), 400 a body that is not JSON or a
missing header, 422 the engine's input errors (``code``, ``pointer``, ``message``), 503 the store's
database cannot be reached (``store_unavailable``, ``Retry-After: 1``). No rule lives here:
the engine decides, the store keeps (booking.store).
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import json
import os
import sys
from typing import Any, Callable, Mapping, Optional, Sequence

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import booking
from booking.store import IdempotencyConflict, Outcome, Store, StoreUnavailable, open_store

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_STORE = "sqlite:///build/service.db"
DEFAULT_CLINICS = (os.path.join(ROOT, "examples", "clinic", "clinic.json"),)

#: HTTP status of each outcome (a replay answers with the status of the first answer).
STATUS = {"booked": 201, "moved": 200, "cancelled": 200, "refused": 409, "not_found": 404}


def load_clinics(paths: Sequence[str]) -> dict[str, str]:
    """Tenant id (the clinic's ``tenant.id``) -> clinic JSON text, for each clinic file."""
    clinics: dict[str, str] = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        tenant = json.loads(text)["tenant"]["id"]
        if tenant in clinics:
            raise SystemExit(f"{path}: tenant {tenant!r} is configured twice")
        clinics[tenant] = text
    return clinics


def _problem(status: int, code: str, message: str, pointer: str = "") -> JSONResponse:
    return JSONResponse({"error": {"code": code, "pointer": pointer, "message": message}}, status_code=status)


def _outcome_response(outcome: Outcome) -> JSONResponse:
    status = STATUS[outcome.first_status if outcome.status == "replayed" and outcome.first_status else outcome.status]
    body: dict[str, Any] = {"status": outcome.status, "booking": outcome.booking}
    if outcome.status == "replayed":
        body["first_status"] = outcome.first_status
    if not outcome.ok:
        body["conflicts"] = outcome.conflicts
        body["alternatives"] = outcome.alternatives
    headers = {"Idempotent-Replayed": "true"} if outcome.status == "replayed" else None
    return JSONResponse(body, status_code=status, headers=headers)


class _BadRequest(Exception):
    def __init__(self, response: JSONResponse) -> None:
        self.response = response


def create_app(store: Store, *, now: Callable[[], _dt.datetime] = lambda: _dt.datetime.now(_dt.timezone.utc),
               close_store: bool = False) -> Starlette:
    """The ASGI application over ``store``. ``now`` is the clock (tests pass a fixed one)."""

    def tenant_of(request: Request) -> str:
        tenant = request.headers.get("x-tenant-id")
        if not tenant:
            raise _BadRequest(_problem(400, "missing_header", "the X-Tenant-Id header is required", "/X-Tenant-Id"))
        if tenant not in store.clinics:
            # The same answer as a booking of another tenant: a caller learns nothing about tenants.
            raise _BadRequest(_problem(404, "unknown_tenant", f"no clinic is configured for tenant {tenant!r}",
                                       "/X-Tenant-Id"))
        return tenant

    async def body_of(request: Request) -> dict[str, Any]:
        raw = await request.body()
        try:
            body = json.loads(raw or b"null")
        except (ValueError, UnicodeDecodeError) as e:
            raise _BadRequest(_problem(400, "invalid_json", f"the request body is not JSON: {e}")) from None
        if not isinstance(body, dict):
            raise _BadRequest(_problem(400, "invalid_json", "the request body must be a JSON object"))
        return body

    def endpoint(handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
        async def run(request: Request) -> Response:
            try:
                result: Response = await handler(request)
                return result
            except _BadRequest as e:
                return e.response
            except StoreUnavailable as e:
                # The database is down or throttling: nothing was acknowledged; the same request with the
                # same Idempotency-Key may be sent again (and answers what happened, if anything did).
                response = _problem(503, e.code, str(e))
                response.headers["Retry-After"] = "1"
                return response
            except IdempotencyConflict as e:
                return _problem(422, e.code, str(e), e.pointer)
            except booking.Error as e:
                return _problem(422, getattr(e, "code", "invalid"), str(e), getattr(e, "pointer", ""))
        return run

    async def availability(request: Request) -> Response:
        tenant = tenant_of(request)
        body = await body_of(request)
        text = await run_in_threadpool(store.availability, tenant, body, now=now())
        return Response(text, media_type="application/json")

    async def reserve(request: Request) -> Response:
        tenant = tenant_of(request)
        body = await body_of(request)
        key = request.headers.get("idempotency-key") or None
        outcome = await run_in_threadpool(store.book, tenant, body, now=now(), idempotency_key=key)
        return _outcome_response(outcome)

    async def reservation(request: Request) -> Response:
        tenant = tenant_of(request)
        booking_id = request.path_params["id"]
        if request.method == "GET":
            doc = await run_in_threadpool(store.get, tenant, booking_id)
            if doc is None:
                return _problem(404, "not_found", f"no booking {booking_id!r}", "/id")
            return JSONResponse({"status": doc["status"], "booking": doc})
        if request.method == "PATCH":
            body = await body_of(request)
            key = request.headers.get("idempotency-key") or None
            outcome = await run_in_threadpool(store.move, tenant, booking_id, body, now=now(), idempotency_key=key)
        else:
            outcome = await run_in_threadpool(store.cancel, tenant, booking_id, now=now())
        if outcome.status == "not_found":
            return _problem(404, "not_found", f"no booking {booking_id!r}", "/id")
        return _outcome_response(outcome)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        yield
        if close_store:
            store.close()

    app = Starlette(routes=[
        Route("/booking/availability", endpoint(availability), methods=["POST"]),
        Route("/booking/reservations", endpoint(reserve), methods=["POST"]),
        Route("/booking/reservations/{id}", endpoint(reservation), methods=["GET", "PATCH", "DELETE"]),
    ], lifespan=lifespan)
    app.state.store = store
    return app


def app_from_environment(environ: Mapping[str, str] = os.environ) -> Starlette:
    """The service as configured by ``BOOKING_STORE`` (a store URL) and ``BOOKING_CLINICS`` (clinic files,
    separated by ``os.pathsep``)."""
    clinics = environ.get("BOOKING_CLINICS")
    paths = clinics.split(os.pathsep) if clinics else list(DEFAULT_CLINICS)
    url = environ.get("BOOKING_STORE", DEFAULT_STORE)
    return create_app(open_store(url, load_clinics(paths)), close_store=True)


def main(argv: Optional[Sequence[str]] = None) -> int:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", default=os.environ.get("BOOKING_STORE", DEFAULT_STORE),
                        help="store URL (default: $BOOKING_STORE or %(default)s)")
    parser.add_argument("--clinic", action="append", help="a clinic JSON file (repeat for more tenants; "
                        "default: examples/clinic/clinic.json)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    clinics = load_clinics([os.path.abspath(p) for p in args.clinic or DEFAULT_CLINICS])  # before chdir
    os.chdir(ROOT)  # relative store paths (sqlite:///build/service.db) are the repository's
    store = open_store(args.store, clinics)
    print(f"booking service on http://{args.host}:{args.port} (store {args.store}, tenants "
          f"{', '.join(sorted(store.clinics))})", file=sys.stderr)
    uvicorn.run(create_app(store, close_store=True), host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
