"""ProSMS.se and SMS.dk (the Compaya platform), emulated under ``/prosms`` and ``/smsdk``.

Written from the "ProSMS.se API Documentation" (docs.prosms.se), the "SMS.dk API
Documentation" (docs.sms.dk) and what independent clients show (``docs/providers/prosms.md``),
not from the client:

* Bearer token auth; a missing token is code 1053 (HTTP 409), a wrong one 1054 (HTTP 401).
* ``POST /v1/sms/send`` takes JSON ``receiver`` (a JSON integer, or a string of digits;
  several comma-joined, as the vendor WordPress plugin sends them, each with its own entry
  in ``accepted``/``rejected``; ``[sandbox:one-receiver]`` refuses that form with 1060), ``senderName``, ``message``,
  ``format`` (``gsm``/``unicode``, any case), ``encoding`` (``utf8``), ``dlrUrl``,
  ``userReference`` (at most 50 characters) and ``scheduled`` (ISO 8601, at least ten
  minutes ahead; without an offset it is read as Copenhagen time, INFERRED).
* Replies are the four documented shapes: 200/5000 with ``result.report``, 207/3000
  mixed, 409/1059 with ``errorResult.report`` when every recipient is rejected, and
  ``{"status": "error", "messageCode", "message"}`` with the table's HTTP status.
* Validation follows the documented code table: 1002-1004 missing fields, 1009/1010 unknown
  format/encoding, 1011/1012 sender length/characters, 1013 bad ``dlrUrl``, 1047 a
  ``receiver`` that is not a number, 1060 one with non-digits (a ``+`` included), 1046 a
  long reference, 1028/1029 scheduling, 1017 a sender not approved, 1030 no credit.
  Per recipient: 1065 (leading 0), 1063/1064 (too short/long), 1066 (a country the
  sandbox does not serve) and 1015 for the sandbox's rejected numbers.
* ``GET /v1/user/getcreditvalue`` -> ``result`` (the credit), ``GET /v1/sendername/list``
  -> ``result[].senderName``, ``POST /v1/sms/listlog`` -> the live capture's shape with
  ``timeSent`` as ``DD.MM.YYYY HH.MM.SS`` and ``dlrStatus`` 1 (received).
* Unknown paths get an HTML 404 page, as broberg-ai/components observed; an HTTP 500 is
  code 1000.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .accounts import APPROVED_SENDERS, BALANCES, DEMO_CREDENTIALS, NO_CREDIT_SUFFIX, REJECTED_SUFFIX, SMS_COST
from .callbacks import Callback, with_query
from .charset import count_parts
from .exchange import Reply, Request, html_page, json_reply, same_secret
from .messages import Accepted, Record
from .routing import Api, Route, SandboxState, finish

CODES: Mapping[int, tuple[int, str]] = MappingProxyType(
    {
        1000: (500, "Something went wrong."),
        1002: (400, 'Parameter "receiver" is required.'),
        1003: (400, 'Parameter "senderName" is required.'),
        1004: (400, 'Parameter "message" is required.'),
        1009: (409, "Format not recognized."),
        1010: (409, "Encoding format not recognized."),
        1011: (
            400,
            'Parameter "senderName" is required and must be between 3 and max 11 characters in length. Or 15 digits.',
        ),
        1012: (406, 'Characters not allowed in "senderName".'),
        1013: (409, 'Parameter "dlrUrl" is not a valid URL.'),
        1015: (409, "Country code and phone number do not match."),
        1017: (409, 'Parameter "senderName" is not a approved sender name.'),
        1028: (409, 'Parameter "scheduled" needs to be at least 10 minutes in the future.'),
        1029: (409, "The date and time is not following the ISO 8601 standard."),
        1030: (402, "You do not have sufficient credits."),
        1040: (409, "One or more parameters missing."),
        1044: (409, "Data is missing."),
        1046: (409, 'Max 50 chars in "userReference".'),
        1047: (409, 'Parameter "receiver" needs to be a digit.'),
        1053: (409, "Token is missing."),
        1054: (401, "Invalid token."),
        1059: (409, "See specific error in returned rejected array."),
        1060: (409, 'Parameter "receiver" must be of numeric characters only.'),
        1063: (409, "Phone number too short"),
        1064: (409, "Phone number too long"),
        1065: (409, "Phone number might be a local number"),
        1066: (409, "The country is not supported"),
    }
)
"""The rows of the documented ``messageCode`` table that the sandbox answers with."""

COUNTRIES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "1": ("United States", "US"),
        "31": ("Netherlands", "NL"),
        "32": ("Belgium", "BE"),
        "33": ("France", "FR"),
        "34": ("Spain", "ES"),
        "39": ("Italy", "IT"),
        "41": ("Switzerland", "CH"),
        "43": ("Austria", "AT"),
        "44": ("United Kingdom", "GB"),
        "45": ("Denmark", "DK"),
        "46": ("Sweden", "SE"),
        "47": ("Norway", "NO"),
        "48": ("Poland", "PL"),
        "49": ("Germany", "DE"),
        "351": ("Portugal", "PT"),
        "353": ("Ireland", "IE"),
        "354": ("Iceland", "IS"),
        "358": ("Finland", "FI"),
        "372": ("Estonia", "EE"),
    }
)
"""Dial code -> the ``country`` and ``countryCode`` of an accepted entry; other countries
get 1066. The names follow the documented sample (``"Denmark"``, ``"DK"``)."""

FORMATS: Mapping[str, int] = MappingProxyType({"gsm": 0, "unicode": 1})
"""``format`` values (any case) and the number the send log shows for each (the live
capture shows ``"format": 0`` for a GSM text; 1 for Unicode is INFERRED)."""

TEXT_ENCODINGS: frozenset[str] = frozenset({"utf8"})
SENDER_CHARACTERS = re.compile(r"[A-Za-z0-9ÆØÅæøåÄÖäöÜüÉé .&+_\-]+")
"""Sender characters the sandbox allows (INFERRED; others get 1012)."""

MAX_REFERENCE = 50
MIN_SCHEDULE_AHEAD = timedelta(minutes=10)
MAX_LOG_LIMIT = 1000
DEFAULT_LOG_LIMIT = 10
SEND_ENDPOINT = "POST /v1/sms/send"


def _zone() -> tzinfo:
    try:
        return ZoneInfo("Europe/Copenhagen")
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


LOCAL_ZONE = _zone()
"""Compaya A/S is Danish: local times (``scheduled`` without offset, ``timeSent``) are
Copenhagen time (INFERRED)."""


def error(code: int) -> Reply:
    """``{"status": "error", "messageCode", "message"}`` with the table's HTTP status."""
    status, text = CODES[code]
    return json_reply(status, {"status": "error", "messageCode": code, "message": text})


def _receivers(value: object) -> list[str] | int:
    """The numbers in ``receiver``, or the code that refuses it."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return 1047
    if isinstance(value, int):
        return [str(value)] if value > 0 else 1047
    numbers = [part.strip() for part in value.split(",")]
    if not all(number.isascii() and number.isdigit() for number in numbers):
        return 1060
    return numbers


def _sender_code(sender: object) -> int | None:
    if not isinstance(sender, str):
        return 1011
    if sender.isascii() and sender.isdigit():
        return None if 3 <= len(sender) <= 15 else 1011
    if not 3 <= len(sender) <= 11:
        return 1011
    return None if SENDER_CHARACTERS.fullmatch(sender) else 1012


def _is_url(value: object) -> bool:
    if not isinstance(value, str) or not value.strip() or " " in value.strip():
        return False
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _scheduled_code(value: object) -> int | None:
    if not isinstance(value, str):
        return 1029
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return 1029
    if when.tzinfo is None:
        when = when.replace(tzinfo=LOCAL_ZONE)
    return 1028 if when < datetime.now(UTC) + MIN_SCHEDULE_AHEAD else None


def country_of(number: str) -> tuple[str, str] | None:
    for length in (3, 2, 1):
        found = COUNTRIES.get(number[:length])
        if found is not None:
            return found
    return None


def _recipient_code(number: str) -> int | None:
    """Why one number is rejected (it goes into ``report.rejected``), or None."""
    if number.startswith("0"):
        return 1065
    if len(number) < 8:
        return 1063
    if len(number) > 15:
        return 1064
    if country_of(number) is None:
        return 1066
    return 1015 if number.endswith(REJECTED_SUFFIX) else None


def _receiver_json(number: str) -> int | str:
    return int(number) if number.isdigit() and not number.startswith("0") and len(number) <= 18 else number


class CompayaApi(Api):
    """One of the two Compaya services; ``key`` is ``prosms`` or ``smsdk``."""

    def __init__(self, key: str, state: SandboxState) -> None:
        self.key = key
        self.api_key = DEMO_CREDENTIALS[key]["api_key"]
        super().__init__(state)

    def routes(self) -> Iterable[Route]:
        return (
            Route.at(r"/v1/sms/send", POST=self.send),
            Route.at(r"/v1/user/getcreditvalue", GET=self.credit),
            Route.at(r"/v1/sendername/list", GET=self.sender_names),
            Route.at(r"/v1/sms/listlog", POST=self.listlog),
        )

    def not_found(self, request: Request) -> Reply:
        return html_page(404, "The requested URL was not found on this server.")

    def error_reply(self, status: int) -> Reply:
        return error(1000) if status == 500 else html_page(status)

    def _denied(self, request: Request) -> Reply | None:
        token = request.bearer_token()
        if token is None:
            return error(1053)
        return None if same_secret(token, self.api_key) else error(1054)

    # -- send ------------------------------------------------------------------------

    def send(self, request: Request) -> Reply:
        denied = self._denied(request)
        if denied is not None:
            return denied
        try:
            data = request.json()
        except ValueError:
            return error(1044)
        if not isinstance(data, dict):
            return error(1044)
        text = data.get("message")
        triggers, fault = self.faulted(text if isinstance(text, str) else "")
        if fault is not None:
            return fault
        numbers = self._validate(data)
        if isinstance(numbers, int):
            return error(numbers)
        if triggers.one_receiver and len(numbers) > 1:
            return error(1060)
        if any(number.endswith(NO_CREDIT_SUFFIX) for number in numbers):
            return error(1030)
        return finish(self._report(data, numbers), triggers)

    def _validate(self, data: Mapping[str, Any]) -> list[str] | int:
        """The receiver's numbers, or the code of the first rule the request breaks."""
        receiver, sender, text = data.get("receiver"), data.get("senderName"), data.get("message")
        fmt, encoding = data.get("format"), data.get("encoding")
        checks: tuple[tuple[bool, int], ...] = (
            (receiver is None or receiver == "", 1002),
            (sender is None or sender == "", 1003),
            (not isinstance(text, str) or not text.strip(), 1004),
            (fmt is not None and (not isinstance(fmt, str) or fmt.lower() not in FORMATS), 1009),
            (encoding is not None and (not isinstance(encoding, str) or encoding.lower() not in TEXT_ENCODINGS), 1010),
        )
        for failed, code in checks:
            if failed:
                return code
        sender_code = _sender_code(sender)
        if sender_code is not None:
            return sender_code
        dlr_url = data.get("dlrUrl")
        if dlr_url is not None and not _is_url(dlr_url):
            return 1013
        numbers = _receivers(receiver)
        if isinstance(numbers, int):
            return numbers
        reference = data.get("userReference")
        if reference is not None and (not isinstance(reference, str) or len(reference) > MAX_REFERENCE):
            return 1046
        scheduled = data.get("scheduled")
        if scheduled is not None:
            scheduled_code = _scheduled_code(scheduled)
            if scheduled_code is not None:
                return scheduled_code
        return numbers if sender in APPROVED_SENDERS else 1017

    def _report(self, data: Mapping[str, Any], numbers: list[str]) -> Reply:
        text: str = data["message"]
        fmt = data.get("format")
        _, parts = count_parts(text, unicode=isinstance(fmt, str) and fmt.lower() == "unicode")
        cost = parts * SMS_COST[self.key]
        batch_id = str(uuid.uuid4())
        accepted: list[dict[str, Any]] = []
        rejected: list[dict[str, Any]] = []
        taken: list[Accepted] = []
        for number in numbers:
            code = _recipient_code(number)
            if code is not None:
                rejected.append({"receiver": _receiver_json(number), "messageCode": code, "message": CODES[code][1]})
                continue
            country, country_code = country_of(number) or ("", "")
            accepted.append(
                {"receiver": int(number), "country": country, "countryCode": country_code, "creditCost": cost}
            )
            taken.append(self._accepted(data, number, batch_id, parts))
        self.accept(taken)
        report = {"accepted": accepted, "rejected": rejected}
        if not accepted:
            return json_reply(
                409,
                {
                    "status": "error",
                    "messageCode": 1059,
                    "message": CODES[1059][1],
                    "errorResult": {"report": report},
                },
            )
        result = {"totalCreditSum": cost * len(accepted), "messageSize": parts, "batchId": batch_id, "report": report}
        if rejected:
            return json_reply(207, {"status": "mixed", "messageCode": 3000, "result": result})
        return json_reply(200, {"status": "success", "messageCode": 5000, "result": result})

    def _accepted(self, data: Mapping[str, Any], number: str, batch_id: str, parts: int) -> Accepted:
        fmt, reference = data.get("format"), data.get("userReference")
        options = {name: str(data[name]) for name in ("encoding", "dlrUrl", "scheduled") if data.get(name) is not None}
        return Accepted(
            provider=self.key,
            endpoint=SEND_ENDPOINT,
            sender=data["senderName"],
            recipient=number,
            text=data["message"],
            encoding=fmt if isinstance(fmt, str) else None,
            reference=reference if isinstance(reference, str) else None,
            message_id=batch_id,
            parts=parts,
            options=MappingProxyType(options),
        )

    # -- other calls -----------------------------------------------------------------

    def credit(self, request: Request) -> Reply:
        denied = self._denied(request)
        if denied is not None:
            return denied
        return json_reply(200, {"status": "success", "messageCode": 5000, "result": BALANCES[self.key]})

    def sender_names(self, request: Request) -> Reply:
        denied = self._denied(request)
        if denied is not None:
            return denied
        names = [{"id": index, "senderName": name} for index, name in enumerate(APPROVED_SENDERS, start=1)]
        return json_reply(200, {"status": "success", "messageCode": 5000, "result": names})

    def listlog(self, request: Request) -> Reply:
        denied = self._denied(request)
        if denied is not None:
            return denied
        try:
            data = request.json() if request.body.strip() else {}
        except ValueError:
            return error(1044)
        if not isinstance(data, dict):
            return error(1044)
        limit, offset, batch_id = data.get("limit", DEFAULT_LOG_LIMIT), data.get("offset", 0), data.get("batchId")
        if (
            isinstance(limit, bool)
            or not isinstance(limit, int)
            or not 1 <= limit <= MAX_LOG_LIMIT
            or isinstance(offset, bool)
            or not isinstance(offset, int)
            or offset < 0
            or (batch_id is not None and not isinstance(batch_id, str))
        ):
            return error(1040)
        records = [
            r
            for r in reversed(self.state.log.records(self.key))
            if batch_id is None or r.message.message_id == batch_id
        ]
        page = records[offset : offset + limit]
        entries = [self._log_entry(r.message, r.received_at) for r in page]
        result = {"limit": limit, "offset": offset, "data": entries, "recordsTotal": len(records)}
        return json_reply(200, {"status": "success", "messageCode": 5000, "result": result})

    def delivery_report(self, record: Record) -> Callback | None:
        """A GET to the send's ``dlrUrl`` in the send log's vocabulary (the library's
        assumption; the platform does not publish its callback's parameters)."""
        url = record.message.options.get("dlrUrl")
        if url is None:
            return None
        entry = self._log_entry(record.message, record.received_at)
        names = ("receiver", "dlrStatus", "batchId", "userReference", "timeSent")
        return Callback("GET", with_query(url, [(n, str(entry[n])) for n in names if entry[n] is not None]))

    def _log_entry(self, message: Accepted, received_at: datetime) -> dict[str, Any]:
        country = country_of(message.recipient)
        return {
            "timeSent": received_at.astimezone(LOCAL_ZONE).strftime("%d.%m.%Y %H.%M.%S"),
            "dlrStatus": 1,
            "receiver": int(message.recipient),
            "country": country[1] if country else None,
            "sender": message.sender,
            "messageSize": message.parts,
            "format": FORMATS.get((message.encoding or "gsm").lower(), 0),
            "message": message.text,
            "creditCost": message.parts * SMS_COST[self.key],
            "userReference": message.reference,
            "batchId": message.message_id,
        }
