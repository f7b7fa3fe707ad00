"""Smstools (the SmsHosting.it REST API's reseller host), emulated under ``/smstools``.

Written from "Smstools REST API EN" (apidoc-en.smstools.it) and SmsHosting's official SDKs
(``docs/providers/smstools.md``), not from the client:

* HTTP Basic with ``AUTH_KEY:AUTH_SECRET``; a failure is HTTP 401
  ``{"errorMsg": "BAD_CREDENTIALS", "errorCode": 401}`` (the documentation's own example).
* ``POST /rest/api/sms/send``, form-encoded UTF-8: ``from`` (optional: the profile's
  sender), ``to`` (comma-joined MSISDNs without ``+``, or a JSON array of
  ``{"msisdn": ...}``), ``group``, ``text``, ``encoding`` (``AUTO``/``7BIT``/``UCS2``),
  ``date`` (``yyyy-MM-dd'T'HH:mm:ssZ``), ``transactionId`` (at most 60 characters),
  ``statusCallback`` and ``sandbox``.
* Success is the SDK's ``SendResult``: ``smsInserted``, ``smsNotInserted`` and one
  ``sms[]`` entry per number with ``status`` ``INSERTED`` (``SANDBOX`` for test sends) or
  ``NOT_INSERTED`` with the reason in ``statusDetail``.
* Errors are ``{"errorCode": <HTTP status>, "errorMsg": "<CODE>"}`` with the SDK's codes:
  ``BAD_FROM`` (a sender not registered), ``NO_VALID_RECIPIENT``, ``BAD_MSISDN``,
  ``BAD_TO``, ``BAD_GROUP``, ``BAD_TEXT``, ``BAD_ENCODING``, ``BAD_DATE``,
  ``BAD_TRANSACTIONID``, ``BAD_CALLBACK``, ``NO_CREDIT``; search adds ``NO_PARAMS``,
  ``BAD_ID`` and ``BAD_STATUS``. The HTTP status is 400 for all of them (the documented list
  has 400 for a bad request and no other fitting one).
* ``GET /rest/api/user`` is the profile with ``credit``; ``GET /rest/api/sms/search``
  answers ``{"metadata": {...}, "smsList": [...]}`` as in the documentation's pagination example.
* Unknown paths and methods get 404/405 in the same error shape (their ``errorMsg``
  tokens, ``NOT_FOUND`` and ``METHOD_NOT_ALLOWED``, are INFERRED); a 500 is
  ``INTERNAL_ERROR`` (INFERRED); 429 and 503 come from a front proxy, as HTML.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, tzinfo
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .accounts import (
    APPROVED_SENDERS,
    BALANCES,
    DEFAULT_SENDER,
    DEMO_CREDENTIALS,
    NO_CREDIT_SUFFIX,
    REJECTED_SUFFIX,
    SMS_COST,
)
from .callbacks import Callback, form
from .charset import count_parts
from .exchange import Reply, Request, html_page, json_reply, same_secret
from .messages import Accepted, Record
from .routing import Api, Route, SandboxState, finish

ENCODINGS: frozenset[str] = frozenset({"AUTO", "7BIT", "UCS2"})
MSISDN = re.compile(r"[1-9][0-9]{5,14}")
"""International digits without ``+`` or ``00`` (INFERRED length: 6 to 15 digits)."""
ALIAS = re.compile(r"[A-Za-z0-9 .\-_&]{1,11}")
"""An alphanumeric sender: 1 to 11 characters (alias registration rule)."""
MAX_TRANSACTION_ID = 60
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
SEARCH_FILTERS = ("id", "transactionId", "msisdn", "fromDate", "toDate", "status")
SEARCH_STATUSES: frozenset[str] = frozenset({"DELIVERED", "NOT_DELIVERED", "SENT", "NOT_SENT", "INSERTED"})
"""Statuses a search may filter on; the sandbox's messages are all ``DELIVERED``."""
DEFAULT_LIMIT = 20
FIRST_SMS_ID = 389_395_385
"""SMS ids count up from the documentation's sample id."""
SEND_ENDPOINT = "POST /rest/api/sms/send"

PROFILE: Mapping[str, Any] = MappingProxyType(
    {
        "id": 104_711,
        "name": "Demo",
        "lastname": "Sandbox",
        "username": "smstools-demo",
        "email": "demo@example.invalid",
        "businessname": "notify-plugins sandbox",
        "address": "Via Esempio 1",
        "city": "Milano",
        "postcode": "20100",
        "province": "MI",
        "country": "IT",
        "birthdate": None,
        "phone": None,
        "msisdn": "393480000001",
        "sender": DEFAULT_SENDER,
        "taxcode": None,
        "vatnumber": None,
        "registrationDate": "2024-01-02T09:00:00+0100",
        "expirationDate": None,
        "senderAlias": list(APPROVED_SENDERS),
    }
)
"""``GET /user`` without the credit fields (the SDK's ``User`` model; demo values)."""


def error(code: str, status: int = 400) -> Reply:
    return json_reply(status, {"errorCode": status, "errorMsg": code})


def _is_url(value: str) -> bool:
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in value.strip()


def _recipients(value: str) -> list[str] | None:
    """``to`` as a list of entries (comma-joined, or a JSON array of ``{"msisdn"}``)."""
    if value.lstrip().startswith("["):
        try:
            entries = json.loads(value)
        except ValueError:
            return None
        if not isinstance(entries, list):
            return None
        found = [e.get("msisdn") for e in entries if isinstance(e, dict)]
        return [str(n).strip() for n in found if isinstance(n, str | int) and not isinstance(n, bool)]
    return [part.strip() for part in value.split(",") if part.strip()]


def _zone() -> tzinfo:
    try:
        return ZoneInfo("Europe/Rome")
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


LOCAL_ZONE = _zone()
"""Dates are written with the offset of Italy, as the documentation's samples (``+0100``) are."""


def _timestamp(value: datetime) -> str:
    return value.astimezone(LOCAL_ZONE).strftime(DATE_FORMAT)


class SmstoolsApi(Api):
    key = "smstools"

    def __init__(self, state: SandboxState) -> None:
        self.credentials = (DEMO_CREDENTIALS["smstools"]["api_key"], DEMO_CREDENTIALS["smstools"]["api_secret"])
        self._ids = itertools.count(FIRST_SMS_ID)
        self._ids_lock = threading.Lock()
        super().__init__(state)

    def routes(self) -> Iterable[Route]:
        return (
            Route.at(r"/rest/api/sms/send", POST=self.send),
            Route.at(r"/rest/api/user", GET=self.user),
            Route.at(r"/rest/api/sms/search", GET=self.search),
        )

    def not_found(self, request: Request) -> Reply:
        return error("NOT_FOUND", 404)

    def wrong_method(self, request: Request) -> Reply:
        return error("METHOD_NOT_ALLOWED", 405)

    def error_reply(self, status: int) -> Reply:
        return error("INTERNAL_ERROR", 500) if status == 500 else html_page(status)

    def _denied(self, request: Request) -> Reply | None:
        given = request.basic_credentials()
        key, secret = self.credentials
        if given is not None and same_secret(given[0], key) and same_secret(given[1], secret):
            return None
        return error("BAD_CREDENTIALS", 401)

    def _next_id(self) -> int:
        with self._ids_lock:
            return next(self._ids)

    # -- send ------------------------------------------------------------------------

    def send(self, request: Request) -> Reply:
        denied = self._denied(request)
        if denied is not None:
            return denied
        try:
            fields = dict(reversed(request.form()))  # the first of repeated fields wins
        except ValueError:
            return error("BAD_TEXT")
        text = fields.get("text", "")
        triggers, fault = self.faulted(text)
        if fault is not None:
            return fault
        problem = self._problem(fields)
        if problem is not None:
            return error(problem)
        entries = _recipients(fields.get("to", "")) or []
        if not any(MSISDN.fullmatch(n) for n in entries):
            return error("NO_VALID_RECIPIENT")
        if any(n.endswith(NO_CREDIT_SUFFIX) for n in entries):
            return error("NO_CREDIT")
        return finish(self._inserted(fields, entries), triggers)

    def _problem(self, fields: Mapping[str, str]) -> str | None:
        """The ``errorMsg`` of the first rule the request breaks, in the SDK's order."""
        sender = fields.get("from", "")
        if sender and (not (sender.isdigit() or ALIAS.fullmatch(sender)) or sender not in APPROVED_SENDERS):
            return "BAD_FROM"
        if "group" in fields:
            return "BAD_GROUP"  # the sandbox's address book has no groups
        if not fields.get("to", "").strip():
            return "BAD_TO"
        if _recipients(fields["to"]) is None:
            return "BAD_TO"
        if not fields.get("text", "").strip():
            return "BAD_TEXT"
        if fields.get("encoding", "AUTO").upper() not in ENCODINGS:
            return "BAD_ENCODING"
        if "date" in fields:
            try:
                datetime.strptime(fields["date"].strip(), DATE_FORMAT)
            except ValueError:
                return "BAD_DATE"
        transaction_id = fields.get("transactionId")
        if transaction_id is not None and not 0 < len(transaction_id) <= MAX_TRANSACTION_ID:
            return "BAD_TRANSACTIONID"
        callback = fields.get("statusCallback")
        if callback is not None and not _is_url(callback):
            return "BAD_CALLBACK"
        return None

    def _inserted(self, fields: Mapping[str, str], entries: list[str]) -> Reply:
        text = fields["text"]
        sender = fields.get("from") or DEFAULT_SENDER
        test_send = fields.get("sandbox", "").lower() == "true"
        encoding = fields.get("encoding")
        _, parts = count_parts(text, unicode=(encoding or "").upper() == "UCS2")
        transaction_id = fields.get("transactionId") or uuid.uuid4().hex
        sms: list[dict[str, Any]] = []
        taken: list[Accepted] = []
        for number in entries:
            if not MSISDN.fullmatch(number) or number.endswith(REJECTED_SUFFIX):
                sms.append({"id": None, "to": number, "status": "NOT_INSERTED", "statusDetail": "BAD_MSISDN"})
                continue
            sms_id = self._next_id()
            sms.append(
                {"id": sms_id, "to": number, "status": "SANDBOX" if test_send else "INSERTED", "statusDetail": None}
            )
            options = {k: fields[k] for k in ("statusCallback", "date", "sandbox") if k in fields}
            options["transactionId"] = transaction_id
            taken.append(
                Accepted(
                    provider=self.key,
                    endpoint=SEND_ENDPOINT,
                    sender=sender,
                    recipient=number,
                    text=text,
                    encoding=encoding,
                    reference=fields.get("transactionId"),
                    message_id=str(sms_id),
                    parts=parts,
                    options=MappingProxyType(options),
                )
            )
        self.accept(taken)
        for entry in sms:
            entry["type"] = "SMS"
        inserted = sum(1 for entry in sms if entry["status"] != "NOT_INSERTED")
        return json_reply(
            200,
            {
                "from": sender,
                "text": text,
                "transactionId": transaction_id,
                "smsInserted": inserted,
                "smsNotInserted": len(sms) - inserted,
                "sms": sms,
            },
        )

    # -- other calls -----------------------------------------------------------------

    def user(self, request: Request) -> Reply:
        denied = self._denied(request)
        if denied is not None:
            return denied
        credit = BALANCES[self.key]
        italy_sms = int(credit / SMS_COST[self.key])
        return json_reply(200, {**PROFILE, "credit": credit, "italysms": italy_sms, "italysmsLow": italy_sms})

    def search(self, request: Request) -> Reply:
        denied = self._denied(request)
        if denied is not None:
            return denied
        params = request.params()
        if not any(params.get(name, "").strip() for name in SEARCH_FILTERS):
            return error("NO_PARAMS")
        wanted_id = params.get("id", "").strip()
        if wanted_id and not wanted_id.isdigit():
            return error("BAD_ID")
        status = params.get("status", "").strip().upper()
        if status and status not in SEARCH_STATUSES:
            return error("BAD_STATUS")
        try:
            offset = int(params.get("offset", "0"))
            limit = int(params.get("limit", str(DEFAULT_LIMIT)))
        except ValueError:
            return error("NO_PARAMS")
        if offset < 0 or limit < 1:
            return error("NO_PARAMS")
        found = [r for r in self.state.log.records(self.key) if self._matches(r, params, wanted_id, status)]
        page = found[offset : offset + limit]
        return json_reply(
            200,
            {
                "metadata": {"count": len(found), "offset": offset, "limit": limit},
                "smsList": [self._sms_info(r) for r in page],
            },
        )

    def delivery_report(self, record: Record) -> Callback | None:
        """A form POST to the send's ``statusCallback`` in the search vocabulary (the
        library's assumption; Smstools does not publish the callback's payload)."""
        message = record.message
        url = message.options.get("statusCallback")
        if url is None:
            return None
        fields = [
            ("id", message.message_id),
            ("to", message.recipient),
            ("status", "DELIVERED"),
            ("transactionId", message.options.get("transactionId") or ""),
            ("sentDate", _timestamp(record.received_at)),
            ("deliveryDate", _timestamp(record.received_at)),
        ]
        body, content_type = form(fields)
        return Callback("POST", url, body, content_type)

    @staticmethod
    def _matches(record: Record, params: Mapping[str, str], wanted_id: str, status: str) -> bool:
        message = record.message
        transaction_id = params.get("transactionId", "").strip()
        msisdn = params.get("msisdn", "").strip()
        return (
            (not wanted_id or message.message_id == wanted_id)
            and (not transaction_id or message.options.get("transactionId") == transaction_id)
            and (not msisdn or message.recipient == msisdn)
            and (not status or status == "DELIVERED")
        )

    @staticmethod
    def _sms_info(record: Record) -> dict[str, Any]:
        message = record.message
        stamp = _timestamp(record.received_at)
        return {
            "id": int(message.message_id),
            "to": message.recipient,
            "text": message.text,
            "from": message.sender,
            "status": "DELIVERED",
            "statusDetail": None,
            "insertDate": stamp,
            "sentDate": stamp,
            "deliveryDate": stamp,
            "transactionId": message.options.get("transactionId"),
            "type": "SMS",
            "price": round(message.parts * SMS_COST["smstools"], 4),
        }
