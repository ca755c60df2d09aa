"""booking.store over DynamoDB's API (moto): the shared store cases, conditional transactional writes that
refuse a held claim key even when the application writes wrong items, the 100-item limit of
TransactWriteItems, and the race through the service.

Needs BOOKING_TEST_DYNAMODB (scripts/with-moto.sh sets it and dummy credentials); skipped without it.
Each test gets a table of its own. What moto can and cannot prove: docs/stores.md#dynamodb.

    scripts/with-moto.sh build/python-venv/bin/python -m pytest -q tests/python/test_store_dynamodb.py
"""
from __future__ import annotations

import json
import os
import uuid
from typing import Any, Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

URL = os.environ.get("BOOKING_TEST_DYNAMODB")
if not URL:
    pytest.skip("BOOKING_TEST_DYNAMODB is not set (run under scripts/with-moto.sh)", allow_module_level=True)

import boto3  # noqa: E402

import booking  # noqa: E402
import race  # noqa: E402
from booking.store import ClaimCollision, open_store  # noqa: E402
from booking.store.dynamodb import MAX_TRANSACTION_ITEMS, DynamoDBStore, drop_table, parse_url  # noqa: E402
from booking.store.remote import StoreUnavailable  # noqa: E402
from store_cases import *  # noqa: E402,F401,F403  (the shared cases, collected here)
from store_cases import CLINICS, NOW, SOTO_10, Raw  # noqa: E402


def table_url(name: str) -> str:
    return urlunsplit(urlsplit(URL or "")._replace(netloc=name))


def client_of(url: str) -> Any:
    """A plain boto3 client, not the store's: the independent reader."""
    _, options = parse_url(url)
    return boto3.client("dynamodb", endpoint_url=options.get("endpoint_url"), region_name=options.get("region"))


@pytest.fixture
def db_url() -> Iterator[str]:
    url = table_url(f"bookings-{uuid.uuid4().hex[:12]}")
    yield url
    drop_table(url)


@pytest.fixture
def store(db_url: str) -> Iterator[DynamoDBStore]:
    s = open_store(db_url, CLINICS)
    assert isinstance(s, DynamoDBStore)
    yield s
    s.close()


def items(url: str, tenant: str, prefix: str) -> list[dict[str, Any]]:
    table, _ = parse_url(url)
    client = client_of(url)
    out: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"TableName": table, "ConsistentRead": True,
                              "KeyConditionExpression": "PK = :pk AND begins_with(SK, :p)",
                              "ExpressionAttributeValues": {":pk": {"S": f"TENANT#{tenant}"}, ":p": {"S": prefix}}}
    while True:
        page = client.query(**kwargs)
        out.extend(page["Items"])
        if "LastEvaluatedKey" not in page:
            return out
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


@pytest.fixture
def raw(store: DynamoDBStore, db_url: str) -> Raw:
    def claims(tenant: str) -> dict[str, str]:
        return {i["SK"]["S"][len("CLAIM#"):]: i["booking_id"]["S"] for i in items(db_url, tenant, "CLAIM#")}

    def bookings(tenant: str) -> dict[str, tuple[str, str]]:
        return {i["id"]["S"]: (i["start"]["S"], i["status"]["S"]) for i in items(db_url, tenant, "BOOKING#")}

    return Raw(claims, bookings)


# ------------------------------------------------------------------------------ DynamoDB refuses

def test_a_held_claim_key_cancels_a_whole_transaction_even_without_the_engine(store: DynamoDBStore, db_url: str) -> None:
    out = store.book("sonrisa", SOTO_10, now=NOW)
    assert out.booking is not None
    key = out.booking["claims"][0]
    table, _ = parse_url(db_url)
    client = client_of(db_url)
    # Application code gone wrong: a second booking with one of the first one's keys, written directly.
    with pytest.raises(client.exceptions.TransactionCanceledException) as e:
        client.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": {"PK": {"S": "TENANT#sonrisa"}, "SK": {"S": "BOOKING#intruder"},
                                                  "doc": {"S": "{}"}}, "ConditionExpression": "attribute_not_exists(PK)"}},
            {"Put": {"TableName": table, "Item": {"PK": {"S": "TENANT#sonrisa"}, "SK": {"S": f"CLAIM#{key}"},
                                                  "booking_id": {"S": "intruder"}},
                     "ConditionExpression": "attribute_not_exists(PK)"}}])
    reasons = [r["Code"] for r in e.value.response["CancellationReasons"]]
    assert reasons == ["None", "ConditionalCheckFailed"]
    assert items(db_url, "sonrisa", "BOOKING#intruder") == []  # nothing of it was applied
    # The same key under another tenant's partition is another key.
    client.put_item(TableName=table, Item={"PK": {"S": "TENANT#otra"}, "SK": {"S": f"CLAIM#{key}"},
                                           "booking_id": {"S": "x"}}, ConditionExpression="attribute_not_exists(PK)")


def test_a_transaction_with_a_taken_key_is_a_collision_and_writes_nothing(store: DynamoDBStore, raw: Raw) -> None:
    out = store.book("sonrisa", SOTO_10, now=NOW)
    assert out.booking is not None
    wrong = {**out.booking, "id": "wrong", "chair": "c2"}  # the same keys: what a stale check would write
    with pytest.raises(ClaimCollision, match="ConditionalCheckFailed"):
        with store._transaction("sonrisa") as tx:
            tx.insert(wrong)
    assert set(raw.bookings("sonrisa")) == {out.booking["id"]}
    assert set(raw.claims("sonrisa").values()) == {out.booking["id"]}


def test_an_unreachable_endpoint_is_store_unavailable() -> None:
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    store = DynamoDBStore(f"dynamodb://none?endpoint_url=http://127.0.0.1:{port}&region=us-east-1", CLINICS,
                          timeout=1.0)
    try:
        with pytest.raises(StoreUnavailable, match="DynamoDB is unavailable"):
            store.book("sonrisa", SOTO_10, now=NOW)
    finally:
        store.close()


# ------------------------------------------------------------------------------ the 100-item limit

def long_clinic(granularity: int) -> str:
    clinic = race.race_clinic()
    clinic["policies"]["claim_granularity_minutes"] = granularity
    for p in clinic["professionals"]:
        p["treatments"] += ["rehab", "corona"]
    clinic["treatments"].append({"id": "rehab", "name": "Rehabilitación completa",
                                 "segments": [{"minutes": 300, "professional": True}]})
    clinic["treatments"].append({"id": "corona", "name": "Corona",
                                 "segments": [{"minutes": 240, "professional": True}]})
    return json.dumps(clinic)


def test_a_booking_past_100_transaction_items_is_refused_with_the_limit_and_the_remedy(db_url: str) -> None:
    day = race.race_day()
    now = f"{day.isoformat()}T00:00:00Z"
    import datetime as dt
    now_dt = dt.datetime.fromisoformat(now.replace("Z", "+00:00")) - dt.timedelta(days=1)
    start = f"{day.isoformat()}T09:00:00Z"
    # 300 minutes at 5-minute buckets: 60 professional + 60 chair keys + booking + time index = 122 items.
    check = booking.Clinic(long_clinic(5), "[]").check({"site": race.SITE, "professional": "p1", "treatment": "rehab",
                                                        "start": start, "now": now_dt.isoformat()})
    assert check.bookable and len(check.claims) == 120
    with open_store(db_url, {race.TENANT: long_clinic(5)}) as store:
        out = store.book(race.TENANT, {"site": race.SITE, "professional": "p1", "treatment": "rehab", "start": start},
                         now=now_dt)
        assert not out.ok and out.status == "refused" and [c["code"] for c in out.conflicts] == ["too_many_claims"]
        message = out.conflicts[0]["message"]
        assert "122 items" in message and "120 claim keys" in message and f"at most {MAX_TRANSACTION_ITEMS}" in message
        assert "claim_granularity_minutes (now 5)" in message
        assert store.list(race.TENANT) == []  # nothing written
        # 240 minutes: 48 + 48 + 2 = 98 items fit; with an idempotency record, 99.
        fits = store.book(race.TENANT, {"site": race.SITE, "professional": "p2", "treatment": "corona",
                                        "start": start}, now=now_dt, idempotency_key="k")
        assert fits.ok and fits.booking is not None and len(fits.booking["claims"]) == 96
        # Moving it by 3 hours: 72 keys released, 72 taken, the booking, two index items = 147: refused,
        # and the booking stays where it was.
        moved = store.move(race.TENANT, fits.booking["id"], {"start": f"{day.isoformat()}T12:00:00Z"}, now=now_dt)
        assert moved.status == "refused" and moved.conflicts[0]["code"] == "too_many_claims"
        assert "147 items" in moved.conflicts[0]["message"]
        assert store.get(race.TENANT, fits.booking["id"])["start"] == start  # type: ignore[index]
        # Moving it by 1 hour: 24 keys released, 24 taken, 3 = 51 items: fine.
        near = store.move(race.TENANT, fits.booking["id"], {"start": f"{day.isoformat()}T10:00:00Z"}, now=now_dt)
        assert near.ok, near.conflicts
        assert store.cancel(race.TENANT, fits.booking["id"], now=now_dt).ok  # 2 + 96 items
    drop_table(db_url)
    # The remedy works: at 15-minute buckets the long treatment holds 40 keys.
    with open_store(db_url, {race.TENANT: long_clinic(15)}) as store:
        out = store.book(race.TENANT, {"site": race.SITE, "professional": "p1", "treatment": "rehab", "start": start},
                         now=now_dt)
        assert out.ok and out.booking is not None and len(out.booking["claims"]) == 40


# ------------------------------------------------------------------------------ races through the service

def read_dynamodb(store_url: str, tenant: str) -> list[dict[str, Any]]:
    """race.READERS entry: every booking item of the tenant by a plain boto3 Query."""
    keys = ("id", "site", "professional", "chair", "treatment", "start", "status")
    return [{k: i[k]["S"] for k in keys} for i in items(store_url, tenant, "BOOKING#")]


race.READERS["dynamodb"] = read_dynamodb


def test_32_clients_racing_on_dynamodb_never_overbook_and_lose_nothing(db_url: str) -> None:
    # A number of operations, not seconds: moto copies the whole table for every transaction and serves
    # one request at a time, so its rate depends on the machine's load. For the same reason the refusals'
    # alternatives (15 days of reads each) are not searched here; test_the_second_booking_of_a_slot_is_
    # refused_with_the_engines_reasons checks them on this backend.
    report = race.run_race(db_url, clients=32, seconds=120.0, max_ops=8, alternatives_limit=0)
    print(report.summary())
    assert report.ok, (report.overlaps + report.lost + report.problems)[:10]
    assert report.overlaps == [] and report.lost == [] and report.server_errors == 0
    assert report.booked >= 20 and report.refused >= 20 and report.moved > 0 and report.cancelled > 0
    assert report.active > 0 and report.stored == report.booked
