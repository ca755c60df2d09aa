"""The booking service (examples/service/app.py) and its Lambda handler, over a SQLite store.

    POST /booking/availability   POST /booking/reservations (Idempotency-Key)
    GET | PATCH | DELETE /booking/reservations/{id}           tenant: X-Tenant-Id
    lambda_handler.handler(event, context)  for API Gateway HTTP API payload 2.0 events
"""
from __future__ import annotations

import base64
import copy
import datetime as dt
import json
import pathlib
import sys
from typing import Any, Iterator

import pytest

from starlette.testclient import TestClient  # the [service] extra: starlette, uvicorn, httpx2

from booking.store import open_store  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "service"))
import app as service  # noqa: E402
import lambda_handler  # noqa: E402

CLINIC = (ROOT / "examples" / "clinic" / "clinic.json").read_text()
OTHER = json.dumps({**json.loads(CLINIC), "tenant": {"id": "otra", "name": "Otra"}})
NOW = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-3)))
SOTO_10 = {"site": "santiago-centro", "professional": "dra-soto", "treatment": "limpieza",
           "start": "2026-12-07T10:00:00-03:00"}
EVENT = ROOT / "tests" / "python" / "data" / "apigw-http-v2-post-reservation.json"
H = {"X-Tenant-Id": "sonrisa"}


@pytest.fixture
def app(tmp_path: pathlib.Path) -> Iterator[Any]:
    store = open_store(f"sqlite:///{tmp_path / 'service.db'}", {"sonrisa": CLINIC, "otra": OTHER})
    yield service.create_app(store, now=lambda: NOW)
    store.close()


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def test_availability_is_the_engines_answer_over_the_stored_bookings(client: TestClient) -> None:
    req = {"site": "santiago-centro", "treatment": "limpieza", "from": "2026-12-07", "to": "2026-12-07",
           "professionals": ["dra-soto"]}
    before = client.post("/booking/availability", json=req, headers=H)
    assert before.status_code == 200
    starts = [s["start"] for s in before.json()["slots"]]
    assert "2026-12-07T10:00:00-03:00" in starts
    assert client.post("/booking/reservations", json=SOTO_10, headers=H).status_code == 201
    after = [s["start"] for s in client.post("/booking/availability", json=req, headers=H).json()["slots"]]
    assert "2026-12-07T10:00:00-03:00" not in after and len(after) < len(starts)
    # The other tenant's clinic is untouched by sonrisa's booking.
    theirs = client.post("/booking/availability", json=req, headers={"X-Tenant-Id": "otra"}).json()["slots"]
    assert [s["start"] for s in theirs] == starts


def test_book_get_move_cancel(client: TestClient) -> None:
    r = client.post("/booking/reservations", json={**SOTO_10, "patient": "Ana"}, headers=H)
    assert r.status_code == 201, r.text
    doc = r.json()["booking"]
    assert r.json()["status"] == "booked" and doc["start"] == "2026-12-07T13:00:00Z" and doc["patient"] == "Ana"
    g = client.get(f"/booking/reservations/{doc['id']}", headers=H)
    assert g.status_code == 200 and g.json()["booking"] == doc
    m = client.patch(f"/booking/reservations/{doc['id']}", json={"start": "2026-12-07T11:00:00-03:00"}, headers=H)
    assert m.status_code == 200 and m.json()["status"] == "moved"
    assert m.json()["booking"]["start"] == "2026-12-07T14:00:00Z"
    d = client.delete(f"/booking/reservations/{doc['id']}", headers=H)
    assert d.status_code == 200 and d.json()["booking"]["status"] == "cancelled"
    assert client.get(f"/booking/reservations/{doc['id']}", headers=H).json()["booking"]["status"] == "cancelled"


def test_a_refusal_is_409_with_the_engines_conflicts_and_alternatives(client: TestClient) -> None:
    first = client.post("/booking/reservations", json=SOTO_10, headers=H).json()["booking"]
    r = client.post("/booking/reservations", json={**SOTO_10, "start": "2026-12-07T10:30:00-03:00"}, headers=H)
    assert r.status_code == 409
    body = r.json()
    assert body["status"] == "refused" and body["booking"] is None
    assert [(c["code"], c["booking"]) for c in body["conflicts"]] == [("professional_busy", first["id"])]
    assert body["alternatives"] and all(a["id"].startswith("santiago-centro:") for a in body["alternatives"])
    taken = client.post("/booking/reservations", json={"slot": body["alternatives"][0]["id"]}, headers=H)
    assert taken.status_code == 201
    moved = client.post("/booking/reservations", json={**SOTO_10, "start": "2026-12-07T12:00:00-03:00"}, headers=H)
    m = client.patch(f"/booking/reservations/{moved.json()['booking']['id']}",
                     json={"start": "2026-12-07T10:15:00-03:00"}, headers=H)
    assert m.status_code == 409 and m.json()["conflicts"][0]["code"] == "professional_busy"


def test_another_tenants_booking_is_404(client: TestClient) -> None:
    doc = client.post("/booking/reservations", json=SOTO_10, headers=H).json()["booking"]
    other = {"X-Tenant-Id": "otra"}
    for r in (client.get(f"/booking/reservations/{doc['id']}", headers=other),
              client.patch(f"/booking/reservations/{doc['id']}", json={"start": "2026-12-07T11:00:00-03:00"},
                           headers=other),
              client.delete(f"/booking/reservations/{doc['id']}", headers=other)):
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert client.get(f"/booking/reservations/{doc['id']}", headers=H).json()["booking"] == doc
    unknown = client.get(f"/booking/reservations/{doc['id']}", headers={"X-Tenant-Id": "nadie"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_tenant"
    missing = client.get(f"/booking/reservations/{doc['id']}")
    assert missing.status_code == 400 and missing.json()["error"]["pointer"] == "/X-Tenant-Id"


def test_idempotency_key_replays_the_first_answer(client: TestClient) -> None:
    k = {**H, "Idempotency-Key": "abc"}
    first = client.post("/booking/reservations", json=SOTO_10, headers=k)
    again = client.post("/booking/reservations", json=SOTO_10, headers=k)
    assert first.status_code == again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true" and "idempotent-replayed" not in first.headers
    assert again.json()["booking"] == first.json()["booking"]
    assert again.json()["status"] == "replayed" and again.json()["first_status"] == "booked"
    reused = client.post("/booking/reservations", json={**SOTO_10, "start": "2026-12-07T11:00:00-03:00"}, headers=k)
    assert reused.status_code == 422 and reused.json()["error"]["code"] == "idempotency_key_reused"
    theirs = client.post("/booking/reservations", json=SOTO_10, headers={"X-Tenant-Id": "otra", "Idempotency-Key": "abc"})
    assert theirs.status_code == 201 and theirs.json()["booking"]["id"] != first.json()["booking"]["id"]


def test_input_errors_are_400_or_422_with_code_and_pointer(client: TestClient) -> None:
    bad = client.post("/booking/reservations", content=b"{not json", headers=H)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_json"
    assert client.post("/booking/reservations", json=[1], headers=H).status_code == 400
    r = client.post("/booking/reservations", json={**SOTO_10, "start": "2026-12-07T10:00:00"}, headers=H)
    assert r.status_code == 422
    assert (r.json()["error"]["code"], r.json()["error"]["pointer"]) == ("invalid_value", "/start")
    assert "RFC 3339" in r.json()["error"]["message"]
    r = client.post("/booking/reservations", json={**SOTO_10, "colour": "blue"}, headers=H)
    assert r.status_code == 422 and r.json()["error"]["pointer"] == "/colour"
    r = client.post("/booking/availability", json={"site": "santiago-centro"}, headers=H)
    assert r.status_code == 422 and r.json()["error"]["code"]
    assert client.get("/booking/reservations/nope", headers=H).status_code == 404


def test_the_service_starts_from_the_environment(tmp_path: pathlib.Path) -> None:
    app = service.app_from_environment({"BOOKING_STORE": f"sqlite:///{tmp_path / 'env.db'}"})
    with TestClient(app) as c:
        r = c.post("/booking/availability", headers=H, json={
            "site": "santiago-centro", "treatment": "control", "from": "2026-12-28", "to": "2026-12-28",
            "now": "2026-12-27T12:00:00-03:00"})
        assert r.status_code == 200 and r.json()["slots"]
    assert (tmp_path / "env.db").exists()


# ------------------------------------------------------------------------------------------- Lambda

def event(method: str, path: str, body: Any = None, tenant: str = "sonrisa", key: str | None = None) -> dict[str, Any]:
    e: dict[str, Any] = copy.deepcopy(json.loads(EVENT.read_text()))
    e["rawPath"] = e["requestContext"]["http"]["path"] = path
    e["requestContext"]["http"]["method"] = method
    e["headers"]["x-tenant-id"] = tenant
    e["headers"].pop("idempotency-key")
    if key:
        e["headers"]["idempotency-key"] = key
    e["body"] = json.dumps(body) if body is not None else None
    e["isBase64Encoded"] = False
    return e


def test_the_lambda_handler_serves_the_recorded_event(app: Any) -> None:
    lambda_handler.set_application(app)
    try:
        recorded = json.loads(EVENT.read_text())
        r = lambda_handler.handler(recorded, None)
        assert r["statusCode"] == 201, r
        assert r["headers"]["content-type"] == "application/json" and r["isBase64Encoded"] is False
        doc = json.loads(r["body"])["booking"]
        assert doc["professional"] == "dra-soto" and doc["start"] == "2026-12-07T13:00:00Z"
        replay = lambda_handler.handler(recorded, None)  # the same event again: API Gateway retried it
        assert replay["statusCode"] == 201 and replay["headers"]["idempotent-replayed"] == "true"
        assert json.loads(replay["body"])["booking"] == doc

        got = lambda_handler.handler(event("GET", f"/booking/reservations/{doc['id']}"), None)
        assert got["statusCode"] == 200 and json.loads(got["body"])["booking"] == doc
        assert lambda_handler.handler(event("GET", f"/booking/reservations/{doc['id']}", tenant="otra"),
                                      None)["statusCode"] == 404
        refused = lambda_handler.handler(event("POST", "/booking/reservations", SOTO_10), None)
        assert refused["statusCode"] == 409 and json.loads(refused["body"])["conflicts"]
        staged = event("PATCH", f"/prod/booking/reservations/{doc['id']}", {"start": "2026-12-07T11:00:00-03:00"})
        staged["requestContext"]["stage"] = "prod"
        moved = lambda_handler.handler(staged, None)
        assert moved["statusCode"] == 200 and json.loads(moved["body"])["booking"]["start"] == "2026-12-07T14:00:00Z"
        gone = lambda_handler.handler(event("DELETE", f"/booking/reservations/{doc['id']}"), None)
        assert gone["statusCode"] == 200
        bad = event("POST", "/booking/reservations")
        bad["body"], bad["isBase64Encoded"] = base64.b64encode(b"{oops").decode(), True
        assert lambda_handler.handler(bad, None)["statusCode"] == 400
        assert lambda_handler.handler(event("GET", "/nowhere"), None)["statusCode"] == 404
    finally:
        lambda_handler.set_application(None)


def test_a_store_that_cannot_be_reached_is_503_with_a_reason(tmp_path: pathlib.Path) -> None:
    from booking.store import StoreUnavailable
    from booking.store.sqlite import SQLiteStore

    class Down(SQLiteStore):
        def book(self, *args: Any, **kwargs: Any) -> Any:
            raise StoreUnavailable("the database at 127.0.0.1:5432 refused the connection")

    store = Down(f"sqlite:///{tmp_path / 'down.db'}", {"sonrisa": CLINIC})
    with TestClient(service.create_app(store, now=lambda: NOW)) as c:
        r = c.post("/booking/reservations", json=SOTO_10, headers={**H, "Idempotency-Key": "x"})
        assert r.status_code == 503 and r.headers["retry-after"] == "1"
        assert r.json()["error"]["code"] == "store_unavailable" and "refused" in r.json()["error"]["message"]
    store.close()


def test_answers_do_not_carry_the_write_only_ranges(client: TestClient) -> None:
    doc = client.post("/booking/reservations", json=SOTO_10, headers=H).json()["booking"]
    assert "ranges" not in doc and doc["claims"]
    assert "ranges" not in client.get(f"/booking/reservations/{doc['id']}", headers=H).json()["booking"]
