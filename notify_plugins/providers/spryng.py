"""Spryng (spryngsms.com): the REST JSON API v1 or the Simple API, chosen by the credentials.

An ``api_key`` selects the REST API, ``username`` + ``secret`` the Simple API. Both live
on ``https://rest.spryngsms.com``. The facts, with their sources, are in
``docs/providers/spryng.md``; in short:

* REST: ``POST /v1/messages`` with a JSON body and ``Authorization: Bearer``; one request
  carries many recipients and answers with a message object whose ``id`` identifies the
  send (the official SDKs Spryng/rest-api-php and Spryng/rest-api-java; a Symfony bridge,
  parijke/spryng-notifier, reads ``messageId``, so that is the fallback). ``GET /v1/balance``
  answers ``{"amount": ...}`` (Spryng/rest-api-php).
* REST 422 bodies are Laravel-style, ``{"message": "The given data was invalid.",
  "errors": {"credits": ["User has insufficient credits; ..."]}}`` (a public Node-RED
  Spryng node): the field messages are shown, and ``errors.credits`` is the lack of
  credit (:class:`~notify_plugins.errors.InsufficientCreditError`).
* Simple: ``POST /api/simple/message`` with every parameter in the query string and no
  body, one ``destination`` per request (the official PHP SDK, Spryng/SpryngApiHttpPhp
  1.4.0). It sends GSM 03.38 plain text only ("Spryng Simple API (Documentation)",
  simple.docs.spryngsms.com, section 4.1): a text that needs UCS-2 is refused before
  anything is sent.
* The delivery-report GET with ``STATUS``/``REASONCODE``/``REFERENCE`` (the same
  documentation, section 5); :func:`parse_spryng_report` reads it.

Still assumed:

* **The Simple API's reply body.** No source shows one (the official SDK returns the raw
  body unread). Spryng's older HTTP API answers HTTP 200 with a bare number (``1``
  accepted; 100-110, 200-203 and 800 errors), and the Simple API may do the same, so a
  bare number other than ``1`` is read as that API's code (:data:`SIMPLE_REPLY_CODES`);
  any other 2xx body is taken as accepted, as the documentation says 200 means.
* **No Simple API balance.** The official PHP SDK has ``POST /api/simple/balance``, but
  it sends ``username`` and ``password``, while this library holds the Simple API's
  *secret*; whether the call takes ``secret`` instead, and what it answers (the SDK
  returns the raw body), is unverified. Until both are settled, a Simple API provider does
  not declare :attr:`~SpryngProvider.supports_balance` rather than guess with a user's
  credentials.

Both APIs share the documented status codes (401, 404, 405, 422, 429, 500, 503; section
3.1) and the hard rate limit of 1200 requests a minute per key (section 2), which the
client keeps to through :attr:`SpryngProvider.rate_limit`. Delivery reports reach the
user's URL, set in the Spryng portal (section 5.1).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, Literal

from ..delivery import DeliveryReport, DeliveryState, pick_param, require_param
from ..errors import (
    AuthenticationError,
    InsufficientCreditError,
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
"""A reference has 1-256 characters (the official SDKs' validation)."""

MAX_NUMERIC_SENDER_DIGITS = 14
"""Numeric senders have at most 14 digits (the official SDKs; the core allows 15)."""

Mode = Literal["rest", "simple"]


HTTP_STATUSES: StatusTable = MappingProxyType(
    {
        **COMMON_STATUSES,
        401: (AuthenticationError, "refused the credentials"),
        422: (ProviderRejectedError, "found missing or invalid parameters"),
        429: (RateLimitedError, "is rate limiting this key (1200 requests a minute)"),
        # The documentation says a 500 was "not processed", but a 500 is also what a front
        # proxy or a crash after queueing answers: the recipients are unknown, as everywhere
        # in this library, so a retry cannot send twice unseen. A 503 is, like 429, a
        # refusal to act (COMMON_STATUSES); the transport has already retried it.
        500: (ProviderResponseError, "had an internal error, so the message may or may not have gone out"),
    }
)
"""HTTP statuses of both Spryng APIs (section 3.1 of the Simple API documentation) and what
they mean for a caller. Each says it without a body: the Simple API documents none."""

CREDIT_FIELD = "credits"
"""The ``errors`` field of a 422 that reports too little credit, as a public Node-RED
Spryng node shows it: ``{"message": "The given data was invalid.", "errors": {"credits":
["User has insufficient credits; Currently: 0.0 Needed: 1.2"]}}``."""

CREDIT_MEANING = (InsufficientCreditError, "reports too little credit")

SIMPLE_ACCEPTED = "1"

SIMPLE_REPLY_CODES: Mapping[str, tuple[type[NotifyError] | None, str]] = MappingProxyType(
    {
        "100": (None, "a required parameter is missing"),
        "101": (None, "the username is too short"),
        "102": (None, "the username is too long"),
        "103": (None, "the password or secret is too short"),
        "104": (None, "the password or secret is too long"),
        "105": (None, "the destination is too short"),
        "106": (None, "the destination is too long"),
        "107": (None, "the sender is too short"),
        "108": (None, "the sender is too long"),
        "109": (None, "the message body is too short"),
        "110": (None, "the message body is too long"),
        "200": (AuthenticationError, "security error: the username or secret was refused"),
        "201": (None, "unknown route"),
        "202": (None, "the account may not use this route"),
        "203": (InsufficientCreditError, "insufficient credits"),
        "800": (None, "technical error at Spryng"),
    }
)
"""The bare-number replies of Spryng's HTTP API (the official .NET SDK's
``SpryngHttpClientException``, Spryng/SpryngApiHttpDotNet, confirmed by a Dutch admin
guide), which the Simple API may share. An error class marks a code that holds for the
whole account; the others reject the recipient. ``1`` is :data:`SIMPLE_ACCEPTED`."""


def field_errors(value: object) -> dict[str, list[str]]:
    """A Laravel-style ``errors`` object: field -> its messages (blank ones left out)."""
    if not isinstance(value, dict):
        return {}
    found: dict[str, list[str]] = {}
    for name, texts in value.items():
        listed = texts if isinstance(texts, list) else [texts]
        kept = [text.strip() for text in listed if isinstance(text, str) and text.strip()]
        if isinstance(name, str) and kept:
            found[name] = kept
    return found


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


class SpryngProvider(Provider):
    """Spryng through its REST API (``api_key``) or its Simple API (``username`` + ``secret``)."""

    key = "spryng"
    name = "Spryng"
    default_api_url = "https://rest.spryngsms.com"
    default_country = "NL"
    max_parts = 4
    """The Simple API documentation (4.4): "The message body ... can contain up to 4
    messages"; the legacy HTTP API's 612-character cap with ``ALLOWLONG`` is the same
    4 x 153. No other limit was found for REST, so both modes use 4."""
    max_numeric_sender_digits = MAX_NUMERIC_SENDER_DIGITS
    max_reference_length = MAX_REFERENCE_LENGTH
    rate_limit = RateLimit(1200, 60.0)
    credentials = (("api_key",), ("username", "secret"))
    supports_balance = True
    """REST API keys only (see the module docstring): a Simple API instance narrows it."""
    supports_callback = False
    """Delivery reports are configured once in the Spryng portal, not per send."""
    callback_methods = frozenset({"GET"})
    """The portal's delivery-report URL is called with GET (section 5.1)."""

    route: str = "business"
    """Spryng's route: ``business`` (the SDKs' default) or a numeric route id from Spryng.
    Set it on the class or on an instance."""
    max_recipients_per_request: int = 1000
    """REST recipients per request (the Simple API takes one). No limit is documented for
    v1; a cap keeps one request (and what a single failure can cost) bounded."""

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
        self.supports_balance = self.mode == "rest"
        self.replies = ReplyReader(
            self.name,
            self.api_url,
            secret_spellings(*self.secrets),
            HTTP_STATUSES,
            frozenset(HTTP_STATUSES),
            self._error,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(mode={self.mode!r}, api_url={self.api_url!r})"

    @property
    def mode(self) -> Mode:
        """``rest`` with an API key, ``simple`` with username and secret."""
        return "rest" if self._api_key is not None else "simple"

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self._api_key,) if self._api_key is not None else (self._secret or "",)

    def _check_more(self, message: Message) -> None:
        """The route, and (Simple API) GSM text only."""
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

    @property
    def recipients_per_request(self) -> int:
        return super().recipients_per_request if self.mode == "rest" else 1

    def _batches(self, message: Message) -> Iterator[SendBatch]:
        build = self._rest_batch if self.mode == "rest" else self._simple_batch
        for recipients in self._chunks(message.recipients):
            yield build(message, recipients)

    def _rest_batch(self, message: Message, recipients: tuple[str, ...]) -> SendBatch:
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
        return SendBatch(request, recipients, message.segments.parts)

    def _simple_batch(self, message: Message, recipients: tuple[str, ...]) -> SendBatch:
        # Order and names as the official SDK sends them; secrets stay in ``params``, which
        # HttpRequest.describe() (what logs show) leaves out.
        (number,) = recipients
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
        return SendBatch(request, recipients, message.segments.parts)

    def _bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._api_key}"}

    def parse_send(self, batch: SendBatch, response: HttpResponse) -> list[RecipientResult]:
        if self.mode == "simple":
            return self._simple_results(batch, response)

        def accepted(data: Mapping[str, Any]) -> list[RecipientResult] | None:
            message_id = self._message_id(data)
            if message_id is None:
                return None
            total = read_number(data.get("credits"))
            # ``credits`` is the message's total; split evenly, it is exact within one price zone.
            cost = None if total is None else total / len(batch.recipients)
            return [
                RecipientResult.accepted(n, message_id=message_id, parts=batch.parts, cost=cost)
                for n in batch.recipients
            ]

        return self.replies.read(batch.request, response, accepted, missing="no message id")

    def _simple_results(self, batch: SendBatch, response: HttpResponse) -> list[RecipientResult]:
        """A bare number is a reply code (:data:`SIMPLE_REPLY_CODES`): ``1`` accepts, the
        others reject with their meaning (203 and 200 for the whole account). Any other
        2xx body is taken as the success the status says it is."""
        if not 200 <= response.status < 300:
            raise self.replies.error(response, self.replies.json(response) or {}, batch.request)
        code = self.replies.bare_code(response)
        if code is not None and code != SIMPLE_ACCEPTED:
            known = SIMPLE_REPLY_CODES.get(code)
            if known is None:
                raise self.replies.unexpected(response, f"the undocumented reply code {code}")
            error, meaning = known
            if error is not None:
                raise self.replies.code_error(response, error, code, meaning, shown=f"code {code}")
            return [RecipientResult.rejected(n, code, meaning) for n in batch.recipients]
        # The Simple API's body is undocumented: keep an ``id`` if it happens to carry one (a
        # bare code, the usual reply, is no JSON object and is not decoded as one).
        data = None if code is not None else self.replies.json(response)
        message_id = None if data is None else self._message_id(data)
        return [RecipientResult.accepted(n, message_id=message_id, parts=batch.parts) for n in batch.recipients]

    @staticmethod
    def _message_id(data: Mapping[str, Any]) -> str | None:
        return read_id(data.get("id")) or read_id(data.get("messageId"))

    # -- balance ---------------------------------------------------------------------

    def balance(self) -> Call[Balance]:
        """``GET /v1/balance`` (REST API only: the Simple API's balance call is unverified,
        see the module docstring)."""
        if self.mode != "rest":
            raise NotImplementedError("Spryng's Simple API has no verified balance call; use a REST API key")
        request = HttpRequest.get(self.url(REST_BALANCE_PATH), headers={"Accept": "application/json", **self._bearer()})
        return self.replies.call(request, self._pick_balance, missing="a balance without a numeric amount")

    @staticmethod
    def _pick_balance(data: Mapping[str, Any]) -> Balance | None:
        amount = read_number(data.get("amount"), negative=True)  # a post-paid account may be below zero
        return None if amount is None else Balance(amount, "credits")

    # -- delivery-report callback ------------------------------------------------------

    def parse_callback(
        self, method: str, query: Mapping[str, str], body: bytes = b"", content_type: str | None = None
    ) -> tuple[DeliveryReport, ...]:
        """The portal callback's query parameters, read by :func:`parse_spryng_report`."""
        return (parse_spryng_report(self._callback_params(method, query, body, content_type)),)

    # -- errors ----------------------------------------------------------------------

    def _error(self, response: HttpResponse, data: Mapping[str, Any], request: HttpRequest) -> NotifyError:
        """The status's meaning with the provider's words: ``message`` and the field messages
        of a Laravel-style ``errors`` object, else a body excerpt. A 422 naming ``credits`` is
        the lack of credit it reports."""
        if 200 <= response.status < 300:
            return self.replies.unexpected(response, "an undocumented reply")
        fields = field_errors(data.get("errors"))
        message = data.get("message")
        words = [message.strip()] if isinstance(message, str) and message.strip() else []
        words += [f"{name}: {'; '.join(texts)}" for name, texts in fields.items()]
        detail = self.replies.excerpt(" ".join(words), limit=300) if words else self.replies.body(response)
        meaning = CREDIT_MEANING if response.status == 422 and CREDIT_FIELD in fields else None
        return self.replies.status_error(response, request, detail, meaning=meaning)


# -- delivery-report callback (section 5 of the Simple API documentation) --------------------

REPORT_STATES: Mapping[str, DeliveryState] = MappingProxyType(
    {"10": DeliveryState.DELIVERED, "20": DeliveryState.FAILED}
)
"""``STATUS``: 10 delivered, 20 not delivered (section 5.1)."""

REASON_CODES: Mapping[str, str] = MappingProxyType(
    {
        "0": "No error",
        "20": "Recipient number unreachable",
        "21": "Recipient number incorrect",
        "22": "Delivery failure",
        "31": "The recipient is blacklisted (for example after answering STOP to an earlier message)",
        "32": "The originator is not registered for this country",
    }
)
"""``REASONCODE`` values and their meaning (section 5.2)."""

_TIMESTAMP = re.compile(r"[0-9]{14}")
_RECIPIENT = re.compile(r"[1-9][0-9]{3,14}")  # the official SDK's destination rule
_REASON_CODE = re.compile(r"[0-9]{1,6}")


def parse_spryng_time(value: object) -> datetime | None:
    """``YYYYmmddHHiiss``, else None. The zone is not documented; it is read as UTC."""
    if not isinstance(value, str) or not _TIMESTAMP.fullmatch(value):
        return None
    try:
        return datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _time(params: Mapping[str, object], name: str) -> datetime | None:
    value = pick_param(params, (name,))
    when = None if value is None else parse_spryng_time(value)
    if value is not None and when is None:
        raise ValidationError(name, f"{excerpt(value, limit=20)!r} is not a YYYYmmddHHiiss timestamp")
    return when


def parse_spryng_report(params: Mapping[str, object]) -> DeliveryReport:
    """Read the query parameters of Spryng's delivery-report GET request (section 5.1).

    ``ID``, ``RECIPIENT`` and ``STATUS`` are required; ``REASONCODE``, ``REFERENCE``,
    ``OPERATOR`` and the three timestamps are optional (blank counts as absent). A reason
    code that is numeric but not in :data:`REASON_CODES` is kept with no reason text, since
    Spryng may add codes. Anything malformed raises
    :class:`~notify_plugins.errors.ValidationError` whose ``field`` is the parameter name,
    so a web handler can answer 400 (Spryng then retries for 24 hours, section 5.1).
    """
    if not isinstance(params, Mapping):
        raise ValidationError("params", f"must be a mapping of query parameters, not {type(params).__name__}")
    message_id = require_param(params, ("ID",))
    recipient = require_param(params, ("RECIPIENT",)).removeprefix("+")
    if not _RECIPIENT.fullmatch(recipient):
        raise ValidationError(
            "RECIPIENT", f"{mask_number(excerpt(recipient, limit=20))} is not an MSISDN like 31612345678"
        )
    status_code = require_param(params, ("STATUS",))
    status = REPORT_STATES.get(status_code)
    if status is None:
        raise ValidationError(
            "STATUS", f"{excerpt(status_code, limit=20)!r} is neither 10 (delivered) nor 20 (not delivered)"
        )
    reason_code = pick_param(params, ("REASONCODE",))
    if reason_code is not None and not _REASON_CODE.fullmatch(reason_code):
        raise ValidationError("REASONCODE", f"{excerpt(reason_code, limit=20)!r} is not a numeric reason code")
    if reason_code is not None:
        reason_code = str(int(reason_code))
    return DeliveryReport(
        message_id=message_id,
        recipient=recipient,
        status=status,
        reason_code=reason_code,
        reason=None if reason_code is None else REASON_CODES.get(reason_code),
        reference=pick_param(params, ("REFERENCE",)),
        created_at=_time(params, "ADDED"),
        sent_at=_time(params, "RESULTDATE"),
        status_at=_time(params, "OPERATOR_STATUS_AT"),
        operator=pick_param(params, ("OPERATOR",)),
        raw=MappingProxyType({str(k): v for k, v in params.items()}),
    )
