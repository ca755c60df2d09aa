"""The booking service as an AWS Lambda function behind an API Gateway HTTP API (payload format 2.0).

``handler(event, context)`` turns the event into one ASGI request to the same Starlette application as
``app.py`` (routes, tenant scoping, status codes: all the same code) and the ASGI response back into the
HTTP API's response format. The store and clinics come from ``BOOKING_STORE`` (on Lambda only /tmp is
writable: ``sqlite:////tmp/booking.db`` is the default here, ``dynamodb://table`` for real use) and
``BOOKING_CLINICS``; they are opened once per container, on the first event.
"""
from __future__ import annotations

import asyncio
import base64
import os
import sys
from typing import Any, Optional
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import app as service  # noqa: E402  (the sibling module, also when this file is loaded by path)

_app: Optional[Any] = None


def _application() -> Any:
    global _app
    if _app is None:
        environ = dict(os.environ)
        environ.setdefault("BOOKING_STORE", "sqlite:////tmp/booking.db")
        _app = service.app_from_environment(environ)
    return _app


def set_application(app: Any) -> None:
    """Serve events with this ASGI application (tests: one over a temporary store)."""
    global _app
    _app = app


def _scope(event: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    context = event.get("requestContext", {})
    http = context.get("http", {})
    path = event.get("rawPath") or http.get("path") or "/"
    stage = context.get("stage", "$default")
    if stage and stage != "$default" and (path == f"/{stage}" or path.startswith(f"/{stage}/")):
        path = path[len(stage) + 1:] or "/"  # a named stage is part of rawPath, not of the routes
    headers = [(k.lower().encode("latin-1"), str(v).encode("latin-1")) for k, v in (event.get("headers") or {}).items()]
    if event.get("cookies"):
        headers.append((b"cookie", "; ".join(event["cookies"]).encode("latin-1")))
    body = event.get("body") or ""
    raw = base64.b64decode(body) if event.get("isBase64Encoded") else body.encode("utf-8")
    host = (event.get("headers") or {}).get("host") or context.get("domainName", "lambda")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
        "method": http.get("method", "GET").upper(), "scheme": "https",
        "path": path, "raw_path": quote(path).encode("ascii"),
        "query_string": (event.get("rawQueryString") or "").encode("latin-1"),
        "root_path": "", "headers": headers,
        "client": (http.get("sourceIp", "0.0.0.0"), 0), "server": (host, 443),
    }
    return scope, raw


async def _call(app: Any, scope: dict[str, Any], body: bytes) -> dict[str, Any]:
    sent = False
    status = 500
    headers: list[tuple[bytes, bytes]] = []
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            headers.extend(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    out_headers: dict[str, str] = {}
    cookies: list[str] = []
    for k, v in headers:
        name, value = k.decode("latin-1").lower(), v.decode("latin-1")
        if name == "set-cookie":
            cookies.append(value)
        else:
            out_headers[name] = f"{out_headers[name]},{value}" if name in out_headers else value
    payload = b"".join(chunks)
    response: dict[str, Any] = {"statusCode": status, "headers": out_headers}
    try:
        response["body"], response["isBase64Encoded"] = payload.decode("utf-8"), False
    except UnicodeDecodeError:
        response["body"], response["isBase64Encoded"] = base64.b64encode(payload).decode("ascii"), True
    if cookies:
        response["cookies"] = cookies
    return response


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """The Lambda entry point for an API Gateway HTTP API (payload 2.0) event."""
    scope, body = _scope(event)
    return asyncio.run(_call(_application(), scope, body))
