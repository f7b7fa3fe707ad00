"""The white-label HTTP SMS gateway that resellers run under their own domain.

Everything here comes from the gateway's published page, "Vårt API" (a Swedish reseller's
page; public copy at https://www.smsdirekt.se/var-api/). The facts, with what is assumed,
are in ``docs/providers/gateway.md``:

* Send: ``GET /api/sms/send_sms.php?key=&mobile=&sender=&msgtext=&ref=&response=json``,
  one ``mobile`` per request (several are not documented). ``ref`` is ours to choose and
  must be unique: with the number it is how the delivery report is looked up later, so
  every recipient gets its own (see :func:`derive_ref`) and it is returned as the
  recipient's ``message_id``.
* Replies: JSON (``{"status":true,"error":0}`` and two failure shapes) when
  ``response=json`` is sent, bare numeric codes otherwise; both are read, since a
  reseller's install may ignore the parameter.
* Delivery lookup: ``GET /api/sms/dlr.php?key=&full_number=&ref=`` with five documented
  reply shapes, read into a :class:`~notify_plugins.delivery.DeliveryReport`.
* No balance endpoint is documented.

The host is the user's (``api_url`` is mandatory); whether it is plain HTTP or HTTPS is
decided by that URL alone (Apprise's ``smsgw://`` and ``smsgws://``). The key travels in
the query string, so it is kept in ``HttpRequest.params``, which logs never show.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..delivery import DeliveryReport, DeliveryState
from ..errors import (
    AuthenticationError,
    InsufficientCreditError,
    NotifyError,
    ProviderResponseError,
    RateLimitedError,
    ValidationError,
)
from ..http.types import HttpRequest, HttpResponse
from ..message import Message
from ..results import RecipientResult
from ..validation import normalize_number
from .base import Call, Provider, ReplyReader, SendBatch, StatusTable
from .values import credential, read_number, secret_spellings

SEND_PATH = "/api/sms/send_sms.php"
DLR_PATH = "/api/sms/dlr.php"

REF_LENGTH = 16
"""Refs are 16 lower-case hex characters: short, URL-safe, and unique enough (64 bits).
The documented example ref (``h01txyo25k``) has 10; no limit is documented."""


@dataclass(frozen=True, slots=True)
class Reply:
    """What one of the gateway's replies means.

    ``accepted`` replies are successes; ``error`` replies are account-level and raise that
    class (they would fail every recipient alike); the rest reject the recipient.
    """

    meaning: str
    accepted: bool = False
    error: type[NotifyError] | None = None


REPLY_CODES: Mapping[str, Reply] = MappingProxyType(
    {
        "200": Reply("message accepted", accepted=True),
        "400": Reply("rejected: a parameter is missing or the server could not accept the message"),
        # Refused access for the whole account, like a bad key: stop, do not retry per number.
        "405": Reply(
            "remote IP address not allowed; ask the gateway's operator to allow it", error=AuthenticationError
        ),
        "406": Reply("not enough credit", error=InsufficientCreditError),
        "407": Reply("invalid API key", error=AuthenticationError),
    }
)
"""The numeric (non-JSON) reply codes the page documents."""

ERROR_TEXT_HINTS: tuple[tuple[re.Pattern[str], Reply], ...] = (
    (re.compile(r"credit", re.IGNORECASE), REPLY_CODES["406"]),
    (re.compile(r"\bip\b", re.IGNORECASE), REPLY_CODES["405"]),
    (re.compile(r"\bkey\b", re.IGNORECASE), REPLY_CODES["407"]),
)
"""JSON ``error`` texts that are account-level. Only "Message not accepted" and "Missing
Mobile Parameter" are documented; the JSON twins of codes 405-407 are not, so they are
recognised by these words (INFERRED). Any other text rejects the recipient."""

HTTP_STATUSES: StatusTable = MappingProxyType(
    {
        401: (AuthenticationError, "refused access"),
        403: (AuthenticationError, "refused access"),
        404: (ProviderResponseError, "has no such path: check that api_url is the gateway's base ({api_url})"),
        405: (
            ProviderResponseError,
            "does not take this method here: check that api_url is the gateway's base ({api_url})",
        ),
        429: (RateLimitedError, "is rate limiting"),
    }
)
"""HTTP statuses whose body is none of the documented replies, read by their HTTP meaning
(the page documents no HTTP statuses)."""

QUEUE_STATES: Mapping[str, DeliveryState] = MappingProxyType(
    {"pending": DeliveryState.PENDING, "notfound": DeliveryState.UNKNOWN}
)
"""``queue_status`` before the message left the queue; ``processed`` defers to ``dlr_status``."""

DLR_STATES: Mapping[str, DeliveryState] = MappingProxyType(
    {
        "sending": DeliveryState.PENDING,
        "delivered": DeliveryState.DELIVERED,
        "notfound": DeliveryState.UNKNOWN,
        # Not documented (INFERRED): the usual words for a final failure.
        "failed": DeliveryState.FAILED,
        "undelivered": DeliveryState.FAILED,
        "rejected": DeliveryState.FAILED,
        "expired": DeliveryState.FAILED,
    }
)
"""``dlr_status`` once ``queue_status`` is ``processed``; other words give ``unknown``."""

NOT_FOUND_REASONS: Mapping[str, str] = MappingProxyType(
    {
        "queue": "no message with this number and ref (wrong number or ref)",
        "dlr": "the delivery report no longer exists (the message was deleted)",
    }
)


def derive_ref(reference: str, number: str) -> str:
    """The ref used for ``number`` when a send has a ``reference``.

    A digest of both, so it is unique per recipient, URL-safe, short whatever the
    reference's length, and can be computed again later for a delivery lookup.
    """
    return hashlib.sha256(f"{reference}\x1f{number}".encode()).hexdigest()[:REF_LENGTH]


def new_ref() -> str:
    """A random ref for a send without a reference."""
    return uuid.uuid4().hex[:REF_LENGTH]


@dataclass(frozen=True, slots=True)
class GatewayBatch(SendBatch):
    """A one-recipient send request with its ref."""

    ref: str | None = None


def _flag(value: object) -> bool | None:
    """``status`` as a bool; types are not documented, so ``1``/``"true"`` count too."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
        return value.strip().lower() in ("true", "1")
    return None


def _token(value: object) -> str | None:
    """A status word, lower-case, or None."""
    if not isinstance(value, str):
        return None
    return value.strip().lower() or None


def _error_text(value: object) -> str | None:
    """``error``/``dlr_error``/``queue_error`` as text; ``0``, ``""`` and null mean none."""
    if value is None or isinstance(value, bool) or value in (0, "0", ""):
        return None
    if isinstance(value, int | float | str):
        return str(value).strip() or None
    return None


class GatewayProvider(Provider):
    """A white-label gateway reached at the user's ``api_url`` with an API key."""

    key = "smsgw"
    name = "White-label gateway"
    default_api_url = None
    default_country = None
    max_parts = 4
    """No limit is documented. 4 parts (612 GSM / 268 UCS-2 characters) is what the
    Spryng and legacy HTTP APIs allow, and keeps the GET URL, where the text travels
    percent-encoded, under about 2.6 kB even for three-byte UTF-8 text, far from the
    8 kB request-line limit of common web servers."""
    credentials = (("api_key",),)
    supports_delivery_status = True
    delivery_status_needs_recipient = True

    def __init__(self, *, api_key: str, api_url: str | None = None) -> None:
        super().__init__(api_url=api_url)  # no default URL: None raises ValidationError("api_url")
        self._api_key = credential("api_key", api_key)
        self.replies = ReplyReader(self.name, self.api_url, secret_spellings(self._api_key), HTTP_STATUSES)

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self._api_key,)

    # -- sending ---------------------------------------------------------------------

    def _batches(self, message: Message) -> Iterator[GatewayBatch]:
        for number in message.recipients:
            ref = new_ref() if message.reference is None else derive_ref(message.reference, number)
            params = (
                ("key", self._api_key),
                ("mobile", number),
                ("sender", message.sender),
                ("msgtext", message.text),
                ("ref", ref),
                ("response", "json"),
            )
            yield GatewayBatch(HttpRequest.get(self.url(SEND_PATH), params), (number,), message.segments.parts, ref)

    def parse_send(self, batch: SendBatch, response: HttpResponse) -> list[RecipientResult]:
        ref = batch.ref if isinstance(batch, GatewayBatch) else dict(batch.request.params).get("ref")
        code, reply = self._read_reply(response, batch.request)
        if reply.error is not None:
            raise self._account_error(response, code, reply)
        if reply.accepted:
            return [RecipientResult.accepted(n, message_id=ref, parts=batch.parts) for n in batch.recipients]
        return [RecipientResult.rejected(n, code, reply.meaning, message_id=ref) for n in batch.recipients]

    def _account_error(self, response: HttpResponse, code: str | None, reply: Reply) -> NotifyError:
        return self.replies.code_error(response, reply.error or ProviderResponseError, code, reply.meaning)

    def _read_reply(self, response: HttpResponse, request: HttpRequest) -> tuple[str | None, Reply]:
        """The documented reply in ``response`` as (code, meaning); else raise."""
        ok = 200 <= response.status < 300
        code = self.replies.bare_code(response)
        if code is not None:
            reply = REPLY_CODES.get(code)
            if reply is None or (reply.accepted and not ok):
                raise self.replies.unexpected(response, "an undocumented reply")
            return code, reply
        data = self.replies.json(response)
        status = None if data is None else _flag(data.get("status"))
        if data is None or status is None:
            raise self.replies.by_status(response, request)
        error = _error_text(data.get("error"))
        if status:
            if error is not None or not ok:
                raise self.replies.unexpected(response, "an undocumented reply")
            return "0", REPLY_CODES["200"]
        return self._json_failure(error)

    def _json_failure(self, error: str | None) -> tuple[str | None, Reply]:
        """``{"status": false, "error": ...}``: a code from the table, or the gateway's text."""
        if error is None:
            return None, Reply("not accepted (no reason given)")
        if error in REPLY_CODES and not REPLY_CODES[error].accepted:
            return error, REPLY_CODES[error]
        reason = self.replies.excerpt(error)
        hint = next((reply for pattern, reply in ERROR_TEXT_HINTS if pattern.search(error)), None)
        return None, Reply(reason, error=None if hint is None else hint.error)

    # -- delivery reports ----------------------------------------------------------------

    def delivery_status(self, message_id: str, recipient: str | None = None) -> Call[tuple[DeliveryReport, ...]]:
        """Look up the delivery of the message sent to ``recipient`` with the ref ``message_id``.

        ``message_id`` is the recipient's ``message_id`` from the send result (or
        :func:`derive_ref` of the send's reference and the number); the gateway finds a
        message only by both.
        """
        if recipient is None:
            raise ValidationError("recipient", "is needed: the gateway looks delivery up by number and ref")
        full_number = normalize_number(recipient)
        if not isinstance(message_id, str) or not message_id.strip() or not message_id.strip().isprintable():
            raise ValidationError("message_id", "must be the non-empty ref the message was sent with")
        ref = message_id.strip()
        params = (("key", self._api_key), ("full_number", full_number), ("ref", ref))
        request = HttpRequest.get(self.url(DLR_PATH), params)
        return Call(request, lambda response: (self._parse_delivery(request, full_number, ref, response),))

    def _parse_delivery(self, request: HttpRequest, number: str, ref: str, response: HttpResponse) -> DeliveryReport:
        code = self.replies.bare_code(response)
        if code is not None:
            reply = REPLY_CODES.get(code)
            if reply is not None and reply.error is not None:
                raise self._account_error(response, code, reply)
            raise self.replies.unexpected(response, "an undocumented reply")
        data = self.replies.json(response)
        status = None if data is None else _flag(data.get("status"))
        if data is None or status is None:
            raise self.replies.by_status(response, request)
        if not status:
            code, reply = self._json_failure(_error_text(data.get("error")))
            if reply.error is not None:
                raise self._account_error(response, code, reply)
            if _token(data.get("queue_status")) is None:
                raise self.replies.unexpected(response, "status false and no queue_status")
        return self._delivery_report(data, number, ref)

    def _delivery_report(self, data: Mapping[str, Any], number: str, ref: str) -> DeliveryReport:
        queue = _token(data.get("queue_status"))
        dlr = _token(data.get("dlr_status"))
        if queue == "processed":
            state = DeliveryState.UNKNOWN if dlr is None else DLR_STATES.get(dlr, DeliveryState.UNKNOWN)
            code = dlr
            reason = _error_text(data.get("dlr_error"))
            if dlr == "notfound" or data.get("dlr_exist") is False:
                state, code, reason = DeliveryState.UNKNOWN, "notfound", reason or NOT_FOUND_REASONS["dlr"]
        else:
            state = QUEUE_STATES.get(queue or "", DeliveryState.UNKNOWN)
            code = queue
            reason = _error_text(data.get("queue_error"))
            if queue == "notfound":
                reason = reason or NOT_FOUND_REASONS["queue"]
        return DeliveryReport(
            message_id=ref,
            recipient=number,
            status=state,
            reason_code=code,
            reason=None if reason is None else self.replies.excerpt(reason),
            cost=read_number(data.get("sms_cost")),
            raw=MappingProxyType(dict(data)),
        )
