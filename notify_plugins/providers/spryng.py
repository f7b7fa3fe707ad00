"""Spryng (spryngsms.com): the REST JSON API v1 or the Simple API, chosen by the credentials.

An ``api_key`` selects the REST API, ``username`` + ``secret`` the Simple API. Both live
on ``https://rest.spryngsms.com`` (``docs/providers.md`` sections 4a and 4b):

* REST: ``POST /v1/messages`` with a JSON body and ``Authorization: Bearer``; one request
  carries many recipients and answers with a message object whose ``id`` identifies the
  send (official PHP/Java SDK models; a Symfony bridge reads ``messageId``, so that is
  the fallback). ``GET /v1/balance`` answers ``{"amount": ...}`` (PHP SDK).
* Simple: ``POST /api/simple/message`` with every parameter in the query string and no
  body, one ``destination`` per request (official SDK SpryngApiHttpPhp 1.4.0). Its response
  body is not documented anywhere found, so HTTP 2xx is taken as accepted (the seed's
  status table says 200 means "the request was successful", and tells to read codes not
  in the table by the HTTP specification). It sends GSM 03.38 plain text only (seed
  section 4.1): a text that needs UCS-2 is refused before anything is sent.

Both APIs share the seed's status codes (401, 404, 405, 422, 429, 500, 503) and its hard
rate limit of 1200 requests a minute per key (seed section 2), which the client keeps to
through :attr:`SpryngProvider.rate_limit`.

Delivery reports reach the user's URL (set in the Spryng portal, seed section 5.1) as a
GET request; :func:`parse_spryng_report` reads its parameters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, Literal

from ..delivery import DeliveryReport, DeliveryState, callback_method
from ..errors import (
    AuthenticationError,
    NotifyError,
    ProviderRejectedError,
    ProviderResponseError,
    RateLimitedError,
    ValidationError,
)
from ..http.ratelimit import RateLimit
from ..http.types import HttpRequest, HttpResponse, excerpt
from ..message import Message
from ..results import RecipientResult
from ..text import GSM_BASIC, GSM_EXTENSION
from ..validation import mask_number
from .base import COMMON_STATUSES, Balance, Call, Provider, ReplyReader, SendBatch, StatusTable
from .values import credential, read_id, read_number, secret_spellings

REST_SEND_PATH = "/v1/messages"
REST_BALANCE_PATH = "/v1/balance"
SIMPLE_SEND_PATH = "/api/simple/message"

REST_ENCODINGS: Mapping[str, str] = MappingProxyType({"gsm7": "plain", "ucs2": "unicode"})
"""Our segment analysis -> Spryng's ``encoding``.

``auto`` is never sent: with it Spryng picks the encoding, and the parts it bills could
differ from the count :meth:`SpryngProvider.check` held against ``max_parts``. Naming the
encoding we counted keeps the cost predictable; ``plain`` for a GSM text also avoids
paying UCS-2 rates (70 instead of 160 characters a part) for it.
"""

MAX_REFERENCE_LENGTH = 256
"""A reference has 1-256 characters (official SDK validation, ``docs/providers.md`` 4b)."""

MAX_NUMERIC_SENDER_DIGITS = 14
"""Numeric senders have at most 14 digits (official SDKs; the core allows 15)."""

Mode = Literal["rest", "simple"]


@dataclass(frozen=True, slots=True)
class SpryngBatch(SendBatch):
    """A send request with the SMS parts each recipient costs (the response has none)."""

    parts: int


STATUS_MEANINGS: StatusTable = MappingProxyType(
    {
        **COMMON_STATUSES,
        401: (AuthenticationError, "refused the credentials"),
        422: (ProviderRejectedError, "found missing or invalid parameters"),
        429: (RateLimitedError, "is rate limiting this key (1200 requests a minute)"),
        # The seed says a 500 was "not processed", but a 500 is also what a front proxy or
        # a crash after queueing answers: the recipients are unknown, as everywhere in
        # this library, so a retry cannot send twice unseen. A 503 is, like 429, a refusal
        # to act (COMMON_STATUSES); the transport has already retried it.
        500: (ProviderResponseError, "had an internal error, so the message may or may not have gone out"),
    }
)
"""HTTP statuses of both Spryng APIs (seed section 3.1) and what they mean for a caller."""


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


class SpryngProvider(Provider):
    """Spryng through its REST API (``api_key``) or its Simple API (``username`` + ``secret``)."""

    key = "spryng"
    name = "Spryng"
    default_api_url = "https://rest.spryngsms.com"
    default_country = "NL"
    max_parts = 4
    """The Simple API document (4.4): "The message body ... can contain up to 4 messages";
    the legacy HTTP API's 612-character cap with ``ALLOWLONG`` is the same 4 x 153. No
    other limit was found for REST, so both modes use 4."""
    rate_limit = RateLimit(1200, 60.0)
    credentials = (("api_key",), ("username", "secret"))
    supports_callback = False
    """Delivery reports are configured once in the Spryng portal, not per send."""
    callback_methods = frozenset({"GET"})
    """The portal's delivery-report URL is called with GET (seed section 5.1)."""

    route: str = "business"
    """Spryng's route: ``business`` (the SDKs' default) or a numeric route id from Spryng.
    Set it on the class or on an instance."""
    max_recipients_per_request: int = 1000
    """REST recipients per request. No limit is documented for v1; a cap keeps one
    request (and what a single failure can cost) bounded."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        username: str | None = None,
        secret: str | None = None,
        api_url: str | None = None,
    ) -> None:
        super().__init__(api_url=api_url)
        self._api_key: str | None = None
        self._username: str | None = None
        self._secret: str | None = None
        if _given(api_key):
            if _given(username) or _given(secret):
                raise ValidationError(
                    "api_key", "give either an api_key (REST API) or a username and secret (Simple API), not both"
                )
            self._api_key = credential("api_key", api_key)
        elif _given(username) and _given(secret):
            self._username = credential("username", username)
            self._secret = credential("secret", secret)
        elif _given(username):
            raise ValidationError("secret", "the Simple API needs the secret Spryng gave with the username")
        elif _given(secret):
            raise ValidationError("username", "the Simple API needs the username that goes with the secret")
        else:
            raise ValidationError("api_key", "Spryng needs an api_key (REST API) or a username and secret (Simple API)")
        self.replies = ReplyReader(self.name, self.api_url, secret_spellings(*self.secrets), STATUS_MEANINGS)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(mode={self.mode!r}, api_url={self.api_url!r})"

    @property
    def mode(self) -> Mode:
        """``rest`` with an API key, ``simple`` with username and secret."""
        return "rest" if self._api_key is not None else "simple"

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self._api_key,) if self._api_key is not None else (self._secret or "",)

    def check(self, message: Message) -> None:
        """Add Spryng's own rules to the core's: sender digits, reference length, route,
        and (Simple API) GSM text only."""
        super().check(message)
        if message.sender.isdigit() and len(message.sender) > MAX_NUMERIC_SENDER_DIGITS:
            raise ValidationError(
                "sender",
                f"numeric sender has {len(message.sender)} digits; Spryng takes at most {MAX_NUMERIC_SENDER_DIGITS}",
            )
        if message.reference is not None and len(message.reference) > MAX_REFERENCE_LENGTH:
            raise ValidationError(
                "reference", f"has {len(message.reference)} characters; Spryng takes 1 to {MAX_REFERENCE_LENGTH}"
            )
        if not isinstance(self.route, str) or not self.route.strip() or not self.route.isprintable():
            raise ValidationError("route", "must be 'business' or a route id given by Spryng")
        if self.mode == "simple" and message.segments.encoding != "gsm7":
            others = sorted({c for c in message.text if c not in GSM_BASIC and c not in GSM_EXTENSION})
            raise ValidationError(
                "message",
                f"contains characters outside the GSM 03.38 set ({''.join(others[:5])!r}), and Spryng's "
                "Simple API sends GSM plain text only; use a Spryng REST API key (api_key) or only GSM characters",
            )

    # -- sending ---------------------------------------------------------------------

    def build_send(self, message: Message) -> Iterator[SpryngBatch]:
        self.check(message)
        if self.mode == "rest":
            size = max(1, self.max_recipients_per_request)
            for start in range(0, len(message.recipients), size):
                yield self._rest_batch(message, message.recipients[start : start + size])
        else:
            for number in message.recipients:
                yield self._simple_batch(message, number)

    def _rest_batch(self, message: Message, recipients: tuple[str, ...]) -> SpryngBatch:
        payload: dict[str, Any] = {
            "body": message.text,
            "originator": message.sender,
            "recipients": list(recipients),
            "encoding": REST_ENCODINGS[message.segments.encoding],
            "route": self.route,
        }
        if message.reference is not None:
            payload["reference"] = message.reference
        request = HttpRequest.post_json(self.url(REST_SEND_PATH), payload, self._bearer())
        return SpryngBatch(request, recipients, message.segments.parts)

    def _simple_batch(self, message: Message, number: str) -> SpryngBatch:
        # Order and names as the official SDK sends them; secrets stay in ``params``, which
        # HttpRequest.describe() (what logs show) leaves out.
        params = (
            ("username", self._username),
            ("secret", self._secret),
            ("destination", number),
            ("sender", message.sender),
            ("body", message.text),
            ("route", self.route),
            ("reference", message.reference),
        )
        request = HttpRequest("POST", self.url(SIMPLE_SEND_PATH), tuple((k, v) for k, v in params if v is not None))
        return SpryngBatch(request, (number,), message.segments.parts)

    def _bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._api_key}"}

    def parse_send(self, batch: SendBatch, response: HttpResponse) -> list[RecipientResult]:
        parts = batch.parts if isinstance(batch, SpryngBatch) else None
        if not 200 <= response.status < 300:
            raise self._status_error(response, batch.request)
        if self.mode == "simple":
            return [
                RecipientResult.accepted(n, message_id=self._lenient_id(response), parts=parts)
                for n in batch.recipients
            ]
        data = response.json_object(self.replies.scrub)
        message_id = self._message_id(data)
        if message_id is None:
            raise self.replies.unexpected(response, "no message id")
        total = read_number(data.get("credits"))
        # ``credits`` is the message's total; split evenly, it is exact within one price zone.
        cost = None if total is None else total / len(batch.recipients)
        return [RecipientResult.accepted(n, message_id=message_id, parts=parts, cost=cost) for n in batch.recipients]

    @staticmethod
    def _message_id(data: Mapping[str, Any]) -> str | None:
        return read_id(data.get("id")) or read_id(data.get("messageId"))

    def _lenient_id(self, response: HttpResponse) -> str | None:
        """The Simple API's body is undocumented: keep an ``id`` if it happens to carry one."""
        try:
            data = response.json(self.replies.scrub)
        except ProviderResponseError:
            return None
        return self._message_id(data) if isinstance(data, dict) else None

    # -- balance ---------------------------------------------------------------------

    def balance(self) -> Call[Balance]:
        """``GET /v1/balance`` (REST API only; the Simple API documents no balance call)."""
        if self.mode != "rest":
            raise NotImplementedError("Spryng's Simple API has no documented balance call; use a REST API key")
        request = HttpRequest.get(self.url(REST_BALANCE_PATH), headers={"Accept": "application/json", **self._bearer()})
        return Call(request, lambda response: self._parse_balance(request, response))

    def _parse_balance(self, request: HttpRequest, response: HttpResponse) -> Balance:
        if not 200 <= response.status < 300:
            raise self._status_error(response, request)
        data = response.json_object(self.replies.scrub)
        amount = read_number(data.get("amount"), negative=True)  # a post-paid account may be below zero
        if amount is None:
            raise self.replies.unexpected(response, "a balance without a numeric amount")
        return Balance(amount, "credits")

    # -- delivery-report callback ------------------------------------------------------

    def parse_callback(
        self, method: str, query: Mapping[str, str], body: bytes = b"", content_type: str | None = None
    ) -> tuple[DeliveryReport, ...]:
        """The portal callback's query parameters, read by :func:`parse_spryng_report`."""
        callback_method(method, self.callback_methods, self.name)
        return (parse_spryng_report(dict(query)),)

    # -- errors ----------------------------------------------------------------------

    def _detail(self, response: HttpResponse) -> str | None:
        """The provider's ``message`` when the body is JSON with one, else a body excerpt."""
        data = self.replies.json(response)
        if data is not None and isinstance(data.get("message"), str) and data["message"].strip():
            return self.replies.excerpt(data["message"])
        return self.replies.body(response)

    def _status_error(self, response: HttpResponse, request: HttpRequest) -> NotifyError:
        return self.replies.status_error(response, request, self._detail(response))


# -- delivery-report callback (Simple API, seed section 5) --------------------------------

SPRYNG_STATUSES: Mapping[str, DeliveryState] = MappingProxyType(
    {"10": DeliveryState.DELIVERED, "20": DeliveryState.FAILED}
)
"""``STATUS``: 10 delivered, 20 not delivered (seed 5.1)."""

SPRYNG_REASON_CODES: Mapping[str, str] = MappingProxyType(
    {
        "0": "No error",
        "20": "Recipient number unreachable",
        "21": "Recipient number incorrect",
        "22": "Delivery failure",
        "31": "The recipient is blacklisted (for example after answering STOP to an earlier message)",
        "32": "The originator is not registered for this country",
    }
)
"""``REASONCODE`` values and their meaning (seed 5.2)."""

_TIMESTAMP = re.compile(r"[0-9]{14}")
_RECIPIENT = re.compile(r"[1-9][0-9]{3,14}")  # the official SDK's destination rule
_REASON_CODE = re.compile(r"[0-9]{1,6}")


def _param(params: Mapping[str, object], name: str) -> str | None:
    """A parameter by its documented upper-case name (any case accepted); blank is absent."""
    if name in params:
        value = params[name]
    else:
        value = next((v for k, v in params.items() if isinstance(k, str) and k.upper() == name), None)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(name, f"must be text, not {type(value).__name__}")
    return value.strip() or None


def _required(params: Mapping[str, object], name: str) -> str:
    value = _param(params, name)
    if value is None:
        raise ValidationError(name, "is missing from the delivery report")
    return value


def _timestamp(params: Mapping[str, object], name: str) -> datetime | None:
    """``YYYYmmddHHiiss``. The zone is not documented; it is read as UTC."""
    value = _param(params, name)
    if value is None:
        return None
    if _TIMESTAMP.fullmatch(value):
        try:
            return datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        except ValueError:
            pass
    raise ValidationError(name, f"{excerpt(value, limit=20)!r} is not a YYYYmmddHHiiss timestamp")


def parse_spryng_report(params: Mapping[str, str]) -> DeliveryReport:
    """Read the query parameters of Spryng's delivery-report GET request (seed section 5.1).

    ``ID``, ``RECIPIENT`` and ``STATUS`` are required; ``REASONCODE``, ``REFERENCE``,
    ``OPERATOR`` and the three timestamps are optional (blank counts as absent). A reason
    code that is numeric but not in :data:`SPRYNG_REASON_CODES` is kept with no reason
    text, since Spryng may add codes. Anything malformed raises
    :class:`~notify_plugins.errors.ValidationError` whose ``field`` is the parameter name,
    so a web handler can answer 400 (Spryng then retries for 24 hours, seed 5.1).
    """
    if not isinstance(params, Mapping):
        raise ValidationError("params", f"must be a mapping of query parameters, not {type(params).__name__}")
    message_id = _required(params, "ID")
    recipient = _required(params, "RECIPIENT").removeprefix("+")
    if not _RECIPIENT.fullmatch(recipient):
        raise ValidationError(
            "RECIPIENT", f"{mask_number(excerpt(recipient, limit=20))} is not an MSISDN like 31612345678"
        )
    status_code = _required(params, "STATUS")
    status = SPRYNG_STATUSES.get(status_code)
    if status is None:
        raise ValidationError(
            "STATUS", f"{excerpt(status_code, limit=20)!r} is neither 10 (delivered) nor 20 (not delivered)"
        )
    reason_code = _param(params, "REASONCODE")
    if reason_code is not None and not _REASON_CODE.fullmatch(reason_code):
        raise ValidationError("REASONCODE", f"{excerpt(reason_code, limit=20)!r} is not a numeric reason code")
    if reason_code is not None:
        reason_code = str(int(reason_code))
    return DeliveryReport(
        message_id=message_id,
        recipient=recipient,
        status=status,
        reason_code=reason_code,
        reason=None if reason_code is None else SPRYNG_REASON_CODES.get(reason_code),
        reference=_param(params, "REFERENCE"),
        created_at=_timestamp(params, "ADDED"),
        sent_at=_timestamp(params, "RESULTDATE"),
        status_at=_timestamp(params, "OPERATOR_STATUS_AT"),
        operator=_param(params, "OPERATOR"),
        raw=MappingProxyType({str(k): v for k, v in params.items()}),
    )
