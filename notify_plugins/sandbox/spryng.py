"""Spryng's REST API v1 and Simple API, emulated under ``/spryng``.

Written from "Spryng Simple API (Documentation)" (simple.docs.spryngsms.com) and Spryng's
official SDKs (``docs/providers/spryng.md``), not from the client:

* REST: ``Authorization: Bearer``; ``POST /v1/messages`` with JSON ``body``,
  ``originator``, ``recipients`` (an array of MSISDN strings), ``encoding``
  (``plain``/``unicode``/``auto``), ``route`` (``business`` or a numeric route id),
  ``reference`` (1-256 characters) and ``scheduled_at``; it answers the message object
  of the SDK models (``id``, ``status``, ``credits``...), with the recipients added when
  the query asks ``with[]=recipients``. ``GET /v1/messages/{id}`` shows a message,
  ``GET /v1/balance`` answers ``{"amount": ...}``.
* Simple: ``POST /api/simple/message`` with ``username``, ``secret`` (or ``password``),
  ``destination``, ``sender``, ``body``, ``route`` and ``reference`` in the query string
  (official SDK 1.4.0); form fields are read too. The body must be GSM 03.38 (section 4.1).
  Its success body is not documented; the sandbox answers the REST message object
  (INFERRED: both APIs run on the same host).
* Both: numbers match the SDK's ``^[1-9][0-9]{3,14}$``; an alphanumeric originator has at
  most 11 characters, a numeric one at most 14 digits. Errors use the documented statuses
  (401, 404, 405, 422, 429, 500, 503) with the one body shape seen,
  ``{"status": N, "message": ...}``; a 422 adds Laravel-style ``errors`` per field
  (INFERRED from the Laravel-style pagination). Spryng's send reply has no per-recipient
  results, so a rejected number or missing credit refuses the whole request with 422
  (INFERRED).
* Spryng has no sender registration in its documents: any originator that fits is taken.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from types import MappingProxyType
from typing import Any

from .accounts import BALANCES, DEMO_CREDENTIALS, NO_CREDIT_SUFFIX, REJECTED_SUFFIX, SMS_COST
from .charset import count_parts, is_gsm
from .exchange import STATUS_TEXTS, Reply, Request, json_reply, same_secret
from .messages import Accepted, Record
from .routing import Api, Route, SandboxState, finish

MSISDN = re.compile(r"[1-9][0-9]{3,14}")
ALPHANUMERIC_ORIGINATOR = re.compile(r"[A-Za-z0-9 .\-_&]{1,11}")
NUMERIC_ORIGINATOR = re.compile(r"[0-9]{1,14}")
ROUTE = re.compile(r"business|[0-9]{1,10}")
ENCODINGS: frozenset[str] = frozenset({"plain", "unicode", "auto"})
MAX_REFERENCE = 256
REST_ENDPOINT = "POST /v1/messages"
SIMPLE_ENDPOINT = "POST /api/simple/message"
MESSAGE_PATH = re.compile(r"/v1/messages/([^/]+)")


class Invalid(Exception):
    """A request that fails validation: the field and Laravel's sentence for it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def error(status: int, message: str | None = None) -> Reply:
    return json_reply(status, {"status": status, "message": message or STATUS_TEXTS.get(status, "Error")})


def invalid(problem: Invalid) -> Reply:
    return json_reply(422, {"status": 422, "message": problem.message, "errors": {problem.field: [problem.message]}})


def _required_text(data: Mapping[str, Any], field: str) -> str:
    value = data.get(field)
    if value is None or value == "":
        raise Invalid(field, f"The {field} field is required.")
    if not isinstance(value, str):
        raise Invalid(field, f"The {field} must be a string.")
    return value


def _originator(data: Mapping[str, Any], field: str) -> str:
    value = _required_text(data, field)
    if not (NUMERIC_ORIGINATOR.fullmatch(value) or ALPHANUMERIC_ORIGINATOR.fullmatch(value)):
        raise Invalid(field, f"The {field} format is invalid.")
    return value


def _numbers(values: list[object], field: str) -> list[str]:
    numbers: list[str] = []
    for index, value in enumerate(values):
        if not isinstance(value, str) or not MSISDN.fullmatch(value):
            raise Invalid(f"{field}.{index}", f"The {field}.{index} format is invalid.")
        numbers.append(value)
    return numbers


def _options(data: Mapping[str, Any]) -> dict[str, str]:
    """``route``, ``reference`` and ``scheduled_at`` checked as the SDKs do."""
    route = data.get("route")
    if route is not None and (not isinstance(route, str) or not ROUTE.fullmatch(route)):
        raise Invalid("route", "The selected route is invalid.")
    reference = data.get("reference")
    if reference is not None and (not isinstance(reference, str) or not 1 <= len(reference) <= MAX_REFERENCE):
        raise Invalid("reference", f"The reference must be between 1 and {MAX_REFERENCE} characters.")
    scheduled = data.get("scheduled_at")
    if scheduled is not None:
        try:
            when = datetime.fromisoformat(scheduled) if isinstance(scheduled, str) else None
        except ValueError:
            when = None
        if when is None or when.tzinfo is None:
            raise Invalid("scheduled_at", "The scheduled at is not a valid date.")
    return {name: data[name] for name in ("route", "scheduled_at") if isinstance(data.get(name), str)}


def _refused_numbers(numbers: list[str], field: str) -> None:
    """The sandbox's magic numbers: no credit, and rejected (both refuse the request)."""
    if any(number.endswith(NO_CREDIT_SUFFIX) for number in numbers):
        raise Invalid(field, "Insufficient credits to send this message.")
    for index, number in enumerate(numbers):
        if number.endswith(REJECTED_SUFFIX):
            raise Invalid(f"{field}.{index}", f"The {field}.{index} is not a valid phone number.")


class SpryngApi(Api):
    key = "spryng"

    def __init__(self, state: SandboxState) -> None:
        self.api_key = DEMO_CREDENTIALS["spryng"]["api_key"]
        simple = DEMO_CREDENTIALS["spryng-simple"]
        self.username, self.secret = simple["username"], simple["secret"]
        super().__init__(state)

    def routes(self) -> Iterable[Route]:
        return (
            Route.at(r"/v1/messages", POST=self.send),
            Route.at(MESSAGE_PATH.pattern, GET=self.show),
            Route.at(r"/v1/balance", GET=self.balance),
            Route.at(r"/api/simple/message", POST=self.simple_send),
        )

    def not_found(self, request: Request) -> Reply:
        return error(404)

    def wrong_method(self, request: Request) -> Reply:
        return error(405)

    def error_reply(self, status: int) -> Reply:
        return error(status)

    def _rest_denied(self, request: Request) -> Reply | None:
        return None if same_secret(request.bearer_token(), self.api_key) else error(401, "Unauthenticated.")

    # -- REST ------------------------------------------------------------------------

    def send(self, request: Request) -> Reply:
        denied = self._rest_denied(request)
        if denied is not None:
            return denied
        try:
            data = request.json()
        except ValueError:
            data = {}  # Laravel reads a body that is not JSON as no input at all
        if not isinstance(data, dict):
            data = {}
        text = data.get("body")
        triggers, fault = self.faulted(text if isinstance(text, str) else "")
        if fault is not None:
            return fault
        try:
            body = _required_text(data, "body")
            originator = _originator(data, "originator")
            recipients = data.get("recipients")
            if recipients is None or recipients == []:
                raise Invalid("recipients", "The recipients field is required.")
            if not isinstance(recipients, list):
                raise Invalid("recipients", "The recipients must be an array.")
            numbers = _numbers(recipients, "recipients")
            encoding = data.get("encoding")
            if encoding is not None and (not isinstance(encoding, str) or encoding not in ENCODINGS):
                raise Invalid("encoding", "The selected encoding is invalid.")
            options = _options(data)
            _refused_numbers(numbers, "recipients")
        except Invalid as problem:
            return invalid(problem)
        parts = count_parts(body, unicode=encoding == "unicode")[1]
        sent = Accepted(self.key, REST_ENDPOINT, originator, "", body, encoding, data.get("reference"), "", parts)
        records = self._accept(sent, numbers, options)
        with_recipients = ("with[]", "recipients") in request.query
        reply = self._message(request, records, "pending" if with_recipients else None)
        return finish(json_reply(200, reply), triggers)

    def _accept(self, sent: Accepted, numbers: list[str], options: Mapping[str, Any]) -> list[Record]:
        """``sent`` accepted for each of ``numbers``: one message id for all, as one send."""
        message_id = str(uuid.uuid4())
        shared = replace(sent, message_id=message_id, options=MappingProxyType(dict(options)))
        return self.accept(replace(shared, recipient=number) for number in numbers)

    def _message(self, request: Request, records: list[Record], recipient_status: str | None) -> dict[str, Any]:
        """The message object (SDK ``Message`` model) of one accepted send."""
        first = records[0].message
        created = records[0].received_at.isoformat(timespec="seconds")
        message: dict[str, Any] = {
            "id": first.message_id,
            "status": "scheduled",
            "encoding": first.encoding or "plain",
            "originator": first.sender,
            "body": first.text,
            "reference": first.reference or "",
            "credits": first.parts * SMS_COST[self.key] * len(records),
            "scheduled_at": first.options.get("scheduled_at", created),
            "canceled_at": None,
            "created_at": created,
            "updated_at": created,
            "links": {"self": f"{request.base}/v1/messages/{first.message_id}"},
        }
        if recipient_status is not None:
            message["recipients"] = [
                {"number": r.message.recipient, "status": recipient_status, "sent_at": None} for r in records
            ]
        return message

    def show(self, request: Request) -> Reply:
        denied = self._rest_denied(request)
        if denied is not None:
            return denied
        match = MESSAGE_PATH.fullmatch(request.path)
        message_id = match.group(1) if match else ""
        records: list[Record] = [r for r in self.state.log.records(self.key) if r.message.message_id == message_id]
        if not records or records[0].message.endpoint != REST_ENDPOINT:
            return error(404, "Message not found")
        with_recipients = ("with[]", "recipients") in request.query
        return json_reply(200, self._message(request, records, "delivered" if with_recipients else None))

    def balance(self, request: Request) -> Reply:
        denied = self._rest_denied(request)
        return denied if denied is not None else json_reply(200, {"amount": BALANCES[self.key]})

    # -- Simple API ------------------------------------------------------------------

    def simple_send(self, request: Request) -> Reply:
        params = request.params(with_form=True)
        password = params.get("secret", params.get("password"))
        if not (same_secret(params.get("username"), self.username) and same_secret(password, self.secret)):
            return error(401, "Unauthenticated.")
        text = params.get("body", "")
        triggers, fault = self.faulted(text)
        if fault is not None:
            return fault
        try:
            destination = _required_text(params, "destination")
            numbers = _numbers(list(destination.split(",")), "destination")
            sender = _originator(params, "sender")
            body = _required_text(params, "body")
            if not is_gsm(body):
                raise Invalid("body", "The body may only contain GSM 03.38 characters.")
            options = _options(params)
            _refused_numbers(numbers, "destination")
        except Invalid as problem:
            return invalid(problem)
        sent = Accepted(
            self.key, SIMPLE_ENDPOINT, sender, "", body, None, params.get("reference"), "", count_parts(body)[1]
        )
        records = self._accept(sent, numbers, options)
        return finish(json_reply(200, self._message(request, records, None)), triggers)
