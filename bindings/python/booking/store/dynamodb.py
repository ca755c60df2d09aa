"""The DynamoDB store: boto3, one table, and conditional transactional writes that refuse a double
booking whatever the code above them does.

Single-table design (``PK``/``SK`` strings; docs/stores.md#dynamodb):

==========================  ===============================  ============================================
item                        key                              attributes
==========================  ===============================  ============================================
booking                     ``TENANT#t`` / ``BOOKING#id``    the booking's fields, ``doc`` (JSON, with its
                                                             ``claims``), ``version`` (optimistic lock)
time index (active only)    ``TENANT#t`` / ``AT#start#id``   ``booking_id``, ``doc``: what a check reads
claim key                   ``TENANT#t`` / ``CLAIM#key``     ``booking_id``
idempotent answer           ``TENANT#t`` / ``IDEMPOTENCY#k`` ``fingerprint``, ``outcome``
==========================  ===============================  ============================================

A booking, its time-index item and its claim items are written by one ``TransactWriteItems``; each
claim ``Put`` has ``attribute_not_exists(PK)``, so a key held by another booking cancels the whole
transaction (``TransactionCanceledException`` with a ``ConditionalCheckFailed`` reason), and nothing
of it is applied. That is DynamoDB's guarantee, not this module's: the module turns the cancellation
into :class:`~booking.store.base.ClaimCollision`, the shared retry loop re-reads and re-checks, and
the refusal carries the engine's conflicts. A move or cancel updates the booking item on the
condition that its ``version`` is the one read, and deletes released keys on the condition that the
booking still holds them.

Reads are strongly consistent ``GetItem``/``Query`` on the base table (a GSI would be eventually
consistent). A check reads the time-index items of the tenant whose start lies within
``base.near_minutes(clinic)`` of the proposal — one ``Query`` on ``PK`` with ``SK BETWEEN``, whose cost is the
bookings of those hours, not the tenant's history (a retry after a collision reads every active booking).

DynamoDB allows at most 100 items in one ``TransactWriteItems``: a booking needing more (its claim
keys + booking + time index + idempotency record; a move's deletes + puts + update) is refused with the
conflict ``too_many_claims``, which names the limit, the count and the remedy (a larger
``policies.claim_granularity_minutes``).

URL: ``dynamodb://TABLE?endpoint_url=http://127.0.0.1:PORT&region=us-east-1`` (moto); for AWS, leave out
``endpoint_url``. Credentials come from the usual boto3 chain. The table (on-demand capacity) is created
on first use when it does not exist (``create_table=0`` in the URL turns that off).
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import json
import threading
import time
from typing import Any, Iterator, Mapping, Optional, Sequence
from urllib.parse import parse_qsl, urlsplit

import boto3  # type: ignore[import-untyped,unused-ignore]
import botocore.config  # type: ignore[import-untyped,unused-ignore]
import botocore.exceptions  # type: ignore[import-untyped,unused-ignore]
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer  # type: ignore[import-untyped,unused-ignore]

from .base import ACTIVE, ClaimCollision, Outcome, Transaction, TransactionalStore, window
from .remote import StoreError, StoreUnavailable, hint, hinted

#: DynamoDB's limit of items in one TransactWriteItems.
MAX_TRANSACTION_ITEMS = 100

#: Cancellation reasons that mean "another writer got there first": re-read and re-check.
_COLLISION_REASONS = ("ConditionalCheckFailed", "TransactionConflict")
#: Error codes that mean "DynamoDB cannot serve this now" (after botocore's own retries).
_UNAVAILABLE_CODES = ("ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
                      "InternalServerError", "ServiceUnavailable", "ThrottlingError")

_ser = TypeSerializer()
_de = TypeDeserializer()


def _item(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _ser.serialize(v) for k, v in values.items() if v is not None}


def _plain(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _de.deserialize(v) for k, v in item.items()}


def _pk(tenant: str) -> str:
    return f"TENANT#{tenant}"


def _at(doc: Mapping[str, Any]) -> str:
    return f"AT#{doc['start']}#{doc['id']}"


def parse_url(url: str) -> tuple[str, dict[str, str]]:
    """``dynamodb://table?endpoint_url=...&region=...`` -> (table, options)."""
    parts = urlsplit(url)
    if parts.scheme != "dynamodb" or not parts.netloc:
        raise ValueError(f"{url!r} is not a dynamodb://TABLE?endpoint_url=...&region=... URL")
    return parts.netloc, dict(parse_qsl(parts.query))


class TooManyItems(Exception):
    def __init__(self, count: int, claims: int) -> None:
        super().__init__(count, claims)
        self.count, self.claims = count, claims


class _Tx(Transaction):
    def __init__(self, store: "DynamoDBStore", tenant: str) -> None:
        self.store = store
        self.tenant = tenant
        self.pk = _pk(tenant)
        self.items: list[dict[str, Any]] = []
        self.loaded: Optional[dict[str, Any]] = None
        self.version: Optional[int] = None

    # -- reads (strongly consistent, outside the write transaction: its conditions catch any change)

    def _index(self, cond: dict[str, Any]) -> list[dict[str, Any]]:
        docs = [json.loads(i["doc"]["S"]) for i in self.store._query(ProjectionExpression="doc", **cond)]
        return [d for d in docs if d.get("status") in ACTIVE]

    def active_bookings(self) -> list[dict[str, Any]]:
        return self._index({"KeyConditionExpression": "PK = :pk AND begins_with(SK, :at)",
                            "ExpressionAttributeValues": {":pk": {"S": self.pk}, ":at": {"S": "AT#"}}})

    def active_bookings_near(self, start: str, minutes: int) -> list[dict[str, Any]]:
        lo, hi = window(start, minutes)  # "AT#hi#id" sorts after "AT#hi": [lo, hi)
        return self._index({"KeyConditionExpression": "PK = :pk AND SK BETWEEN :lo AND :hi",
                            "ExpressionAttributeValues": {":pk": {"S": self.pk}, ":lo": {"S": f"AT#{lo}"},
                                                          ":hi": {"S": f"AT#{hi}"}}})

    def booking(self, booking_id: str) -> Optional[dict[str, Any]]:
        item = self.store._get(self.pk, f"BOOKING#{booking_id}")
        if item is None:
            return None
        self.loaded = json.loads(item["doc"]["S"])
        self.version = int(item["version"]["N"])
        return dict(self.loaded)

    def idempotent(self, key: str) -> Optional[tuple[str, str]]:
        item = self.store._get(self.pk, f"IDEMPOTENCY#{key}")
        return None if item is None else (item["fingerprint"]["S"], item["outcome"]["S"])

    # -- writes (collected; one TransactWriteItems at the end)

    def _put(self, values: Mapping[str, Any], condition: Optional[str] = None,
             names: Optional[dict[str, str]] = None, cvalues: Optional[dict[str, Any]] = None) -> None:
        put: dict[str, Any] = {"TableName": self.store.table, "Item": _item({"PK": self.pk, **values})}
        if condition:
            put["ConditionExpression"] = condition
        if names:
            put["ExpressionAttributeNames"] = names
        if cvalues:
            put["ExpressionAttributeValues"] = cvalues
        self.items.append({"Put": put})

    def _delete(self, sk: str, condition: Optional[str] = None, cvalues: Optional[dict[str, Any]] = None) -> None:
        delete: dict[str, Any] = {"TableName": self.store.table, "Key": _item({"PK": self.pk, "SK": sk})}
        if condition:
            delete["ConditionExpression"] = condition
        if cvalues:
            delete["ExpressionAttributeValues"] = cvalues
        self.items.append({"Delete": delete})

    def _booking_item(self, doc: Mapping[str, Any], version: int) -> dict[str, Any]:
        return {"SK": f"BOOKING#{doc['id']}", "doc": json.dumps(doc, ensure_ascii=False, sort_keys=True),
                "version": version, "id": doc["id"], "site": doc["site"], "professional": doc["professional"],
                "chair": doc["chair"], "treatment": doc["treatment"], "start": doc["start"],
                "status": doc["status"], "patient": doc.get("patient")}

    def _index_item(self, doc: Mapping[str, Any]) -> dict[str, Any]:
        return {"SK": _at(doc), "booking_id": doc["id"], "doc": json.dumps(doc, ensure_ascii=False, sort_keys=True)}

    def _claim(self, key: str, booking_id: str) -> None:
        self._put({"SK": f"CLAIM#{key}", "booking_id": booking_id}, "attribute_not_exists(PK)")

    def _limit(self, claims: int, extra: int = 0) -> None:
        count = len(self.items) + extra + (1 if hint()["idempotent"] else 0)
        if count > MAX_TRANSACTION_ITEMS:
            raise TooManyItems(count, claims)

    def insert(self, doc: Mapping[str, Any]) -> None:
        doc = {k: v for k, v in doc.items() if k != "ranges"}
        self._put(self._booking_item(doc, 1), "attribute_not_exists(PK)")
        if doc["status"] in ACTIVE:
            self._put(self._index_item(doc), "attribute_not_exists(PK)")
        for key in sorted(doc.get("claims", [])):
            self._claim(key, str(doc["id"]))
        self._limit(len(doc.get("claims", [])))

    def update(self, doc: Mapping[str, Any], *, release: Sequence[str], take: Sequence[str]) -> None:
        if self.loaded is None or self.version is None or self.loaded["id"] != doc["id"]:
            raise RuntimeError("update() of a booking not read by booking() in this transaction")
        doc = {k: v for k, v in doc.items() if k != "ranges"}
        booking_id = str(doc["id"])
        self._put(self._booking_item(doc, self.version + 1), "#v = :v", {"#v": "version"},
                  {":v": {"N": str(self.version)}})
        old_at = _at(self.loaded) if self.loaded.get("status") in ACTIVE else None
        new_at = _at(doc) if doc["status"] in ACTIVE else None
        if old_at is not None and old_at != new_at:
            self._delete(old_at)
        if new_at is not None:
            self._put(self._index_item(doc))  # replaces the old one when the start did not change
        for key in sorted(release):
            self._delete(f"CLAIM#{key}", "booking_id = :b", {":b": {"S": booking_id}})
        for key in sorted(take):
            self._claim(key, booking_id)
        self._limit(len(doc.get("claims", [])))

    def remember(self, key: str, fingerprint: str, outcome_json: str) -> None:
        self._put({"SK": f"IDEMPOTENCY#{key}", "fingerprint": fingerprint, "outcome": outcome_json},
                  "attribute_not_exists(PK)")

    def commit(self) -> None:
        if not self.items:
            return
        if len(self.items) > MAX_TRANSACTION_ITEMS:  # _limit() caught it before unless hints were wrong
            raise TooManyItems(len(self.items), -1)
        self.store._transact(self.items)


class DynamoDBStore(TransactionalStore):
    """Bookings in one DynamoDB table (or moto's implementation of its API). Thread-safe: boto3 clients
    are; one is shared by every thread."""

    def __init__(self, url: str, clinics: Mapping[str, str], *, timeout: float = 10.0) -> None:
        super().__init__(clinics)
        self.table, options = parse_url(url)
        self.create_table = options.get("create_table", "1") not in ("0", "false", "no")
        config = botocore.config.Config(connect_timeout=timeout, read_timeout=timeout,
                                        retries={"max_attempts": 4, "mode": "standard"})
        self.client = boto3.session.Session().client(
            "dynamodb", endpoint_url=options.get("endpoint_url") or None,
            region_name=options.get("region") or None, config=config)
        self._ready = False
        self._ready_lock = threading.Lock()

    # -- calls, errors

    def _call(self, operation: str, **kwargs: Any) -> Any:
        try:
            return getattr(self.client, operation)(**kwargs)
        except (botocore.exceptions.EndpointConnectionError, botocore.exceptions.ConnectionClosedError,
                botocore.exceptions.ReadTimeoutError, botocore.exceptions.ConnectTimeoutError) as e:
            raise StoreUnavailable(f"DynamoDB is unavailable: {e}") from e
        except botocore.exceptions.ClientError as e:
            code = e.response.get("Error", {}).get("Code", "")
            if code in _UNAVAILABLE_CODES:
                raise StoreUnavailable(f"DynamoDB is unavailable: {code}: {e}") from e
            raise

    def _ensure_table(self) -> None:
        if self._ready:
            return
        with self._ready_lock:
            if self._ready:
                return
            try:
                self._call("describe_table", TableName=self.table)
            except self.client.exceptions.ResourceNotFoundException:
                if not self.create_table:
                    raise
                try:
                    self._call("create_table", TableName=self.table, BillingMode="PAY_PER_REQUEST",
                               AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"},
                                                     {"AttributeName": "SK", "AttributeType": "S"}],
                               KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"},
                                          {"AttributeName": "SK", "KeyType": "RANGE"}])
                except self.client.exceptions.ResourceInUseException:
                    pass  # another process created it first
                self.client.get_waiter("table_exists").wait(TableName=self.table,
                                                            WaiterConfig={"Delay": 1, "MaxAttempts": 60})
            self._ready = True

    def _get(self, pk: str, sk: str) -> Optional[dict[str, Any]]:
        self._ensure_table()
        item: Optional[dict[str, Any]] = self._call("get_item", TableName=self.table, ConsistentRead=True,
                                                    Key={"PK": {"S": pk}, "SK": {"S": sk}}).get("Item")
        return item

    def _query(self, **kwargs: Any) -> Iterator[dict[str, Any]]:
        self._ensure_table()
        start: Optional[dict[str, Any]] = None
        while True:
            page = self._call("query", TableName=self.table, ConsistentRead=True,
                              **kwargs, **({"ExclusiveStartKey": start} if start else {}))
            yield from page.get("Items", [])
            start = page.get("LastEvaluatedKey")
            if not start:
                return

    def _transact(self, items: list[dict[str, Any]]) -> None:
        self._ensure_table()
        try:
            self._call("transact_write_items", TransactItems=items)
        except self.client.exceptions.TransactionCanceledException as e:
            reasons = [r.get("Code", "None") for r in e.response.get("CancellationReasons", [])]
            if any(r in _COLLISION_REASONS for r in reasons):
                raise ClaimCollision(f"transaction cancelled: {reasons}") from e
            if any(r in _UNAVAILABLE_CODES for r in reasons):
                raise StoreUnavailable(f"DynamoDB is unavailable: transaction cancelled: {reasons}") from e
            raise

    @contextlib.contextmanager
    def _transaction(self, tenant: str) -> Iterator[Transaction]:
        tx = _Tx(self, tenant)
        yield tx
        tx.commit()  # only when the block ended without an exception: nothing is written otherwise

    # -- book and move: the read window's hint, and the 100-item limit as a refusal

    def _too_many(self, tenant: str, e: TooManyItems) -> Outcome:
        policies = json.loads(self.clinic_text(tenant)).get("policies", {})
        granularity = policies.get("claim_granularity_minutes", 5)
        return Outcome(ok=False, status="refused", conflicts=[{
            "code": "too_many_claims",
            "message": f"this booking needs {e.count} items in one DynamoDB transaction"
                       f"{f' ({e.claims} claim keys, the booking and its time index)' if e.claims >= 0 else ''}; "
                       f"DynamoDB allows at most {MAX_TRANSACTION_ITEMS} items per TransactWriteItems. Raise the "
                       f"tenant's policies.claim_granularity_minutes (now {granularity}) so that it holds fewer keys",
            "booking": None, "block": None, "chair": None, "resource": None}])

    def book(self, tenant: str, request: Mapping[str, Any], *, now: _dt.datetime,
             idempotency_key: Optional[str] = None) -> Outcome:
        with hinted(idempotency_key):
            try:
                return super().book(tenant, request, now=now, idempotency_key=idempotency_key)
            except TooManyItems as e:
                return self._too_many(tenant, e)

    def move(self, tenant: str, booking_id: str, changes: Mapping[str, Any], *, now: _dt.datetime,
             idempotency_key: Optional[str] = None) -> Outcome:
        with hinted(idempotency_key):
            try:
                return super().move(tenant, booking_id, changes, now=now, idempotency_key=idempotency_key)
            except TooManyItems as e:
                return self._too_many(tenant, e)

    def cancel(self, tenant: str, booking_id: str, *, now: _dt.datetime) -> Outcome:
        with hinted(None):
            try:
                return super().cancel(tenant, booking_id, now=now)
            except TooManyItems as e:  # not reachable for a booking this store accepted (its keys fit)
                raise StoreError("too_many_claims", "/id", f"booking {booking_id}: cancelling needs {e.count} "
                                 f"items in one transaction; DynamoDB allows {MAX_TRANSACTION_ITEMS}") from e

    # -- reads

    def get(self, tenant: str, booking_id: str) -> Optional[dict[str, Any]]:
        item = self._get(_pk(tenant), f"BOOKING#{booking_id}")
        return None if item is None else json.loads(item["doc"]["S"])

    def active(self, tenant: str) -> list[dict[str, Any]]:
        return [d for d in self.list(tenant) if d.get("status") in ACTIVE]

    def list(self, tenant: str, *, site: Optional[str] = None) -> list[dict[str, Any]]:
        kwargs: dict[str, Any] = {"KeyConditionExpression": "PK = :pk AND begins_with(SK, :b)",
                                  "ExpressionAttributeValues": {":pk": {"S": _pk(tenant)}, ":b": {"S": "BOOKING#"}}}
        if site is not None:
            kwargs["FilterExpression"] = "site = :site"
            kwargs["ExpressionAttributeValues"][":site"] = {"S": site}
        docs = [json.loads(i["doc"]["S"]) for i in self._query(**kwargs)]
        return sorted(docs, key=lambda d: (d["start"], d["id"]))  # UTC texts: they sort as times

    def close(self) -> None:
        self.client.close()


def drop_table(url: str, wait: float = 30.0) -> None:
    """Deletes the table of a store URL (tests use a fresh table each)."""
    table, options = parse_url(url)
    client = boto3.session.Session().client("dynamodb", endpoint_url=options.get("endpoint_url") or None,
                                            region_name=options.get("region") or None)
    try:
        client.delete_table(TableName=table)
    except client.exceptions.ResourceNotFoundException:
        return
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            client.describe_table(TableName=table)
        except client.exceptions.ResourceNotFoundException:
            return
        time.sleep(0.2)
