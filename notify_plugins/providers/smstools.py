"""Smstools (smstools.it): the reseller endpoint of the SmsHosting.it REST API.

The seed (Smstools' Postman intro) and SmsHosting's own collection give the base
``https://api.smstools.it/rest/api``; SmsHosting's official Java SDK gives the calls and
their fields (``docs/providers.md`` section 3). What this module relies on:

* HTTP Basic with ``AUTH_KEY:AUTH_SECRET``; form-encoded UTF-8 bodies; JSON replies by
  default (seed: "Authentication", "Encoding and Content-Type").
* ``POST /rest/api/sms/send`` with ``from``, ``to`` (comma-joined numbers without ``+``),
  ``text``, ``encoding``, ``transactionId`` and ``statusCallback`` (SDK ``sendSms``).
  One request carries every recipient.
* The reply lists each SMS in ``sms[]`` with ``status`` ``INSERTED``, ``NOT_INSERTED`` or
  ``SANDBOX`` and an integer ``id``, and counts them in ``smsInserted`` /
  ``smsNotInserted`` (SDK ``SendResult``).
* Errors are ``{"errorCode": <HTTP status>, "errorMsg": "<CODE>"}`` (seed "Response
  Content"); the codes are in :data:`ERROR_MESSAGES`.
* ``GET /rest/api/user`` is the profile with the ``credit``; ``GET /rest/api/sms/search``
  finds sent SMS by ``id`` or ``transactionId`` (seed "Pagination" shows its reply).

**Delivery-report callback (ASSUMED; correct :data:`CALLBACK_FIELDS` when known).** The
``statusCallback`` URL "receives the final status (Delivered / Not Delivered)", but no
public material shows the request. We assume it speaks the API's own vocabulary, that
of an SMS in ``/sms/search`` (SDK ``SmsInfo``): ``id``, ``to``, ``status`` (read with
:data:`SEARCH_STATES`), ``statusDetail``, ``transactionId`` and ``deliveryDate``, posted as
a form (the API's own body format) or JSON, or given in the query string. ``status`` and
one of ``id`` / ``to`` are required; an unknown status token is kept as an unknown state.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar
from urllib.parse import quote, quote_plus, urlsplit

from ..delivery import DeliveryReport, DeliveryState, callback_method, callback_params, pick_param
from ..errors import (
    AuthenticationError,
    InsufficientCreditError,
    NotifyError,
    ProviderRejectedError,
    ProviderResponseError,
    RateLimitedError,
    ValidationError,
)
from ..http.policy import parse_retry_after
from ..http.types import HttpRequest, HttpResponse, excerpt
from ..message import Message
from ..results import RecipientResult
from .base import Balance, Call, Provider, SendBatch

T = TypeVar("T")

SEND_PATH = "/rest/api/sms/send"
USER_PATH = "/rest/api/user"
SEARCH_PATH = "/rest/api/sms/search"

ENCODINGS: Mapping[str, str] = MappingProxyType({"gsm7": "7BIT", "ucs2": "UCS2"})
"""Our segment analysis -> ``encoding`` (the SDK accepts ``AUTO``, ``7BIT`` and ``UCS2``).

``AUTO`` is never sent: the server would then choose, and the parts it bills could differ
from what :meth:`SmstoolsProvider.check` held against ``max_parts``. A GSM text goes as
``7BIT`` (160/153 characters a part, which covers the GSM extension characters too) and
anything else as ``UCS2`` (70/67), exactly as counted."""

MAX_TRANSACTION_ID_LENGTH = 60
"""The SDK refuses a ``transactionId`` over 60 characters (``BAD_TRANSACTIONID``)."""

DEFAULT_SEARCH_LIMIT = 20
"""The API's page size when none is given (SDK ``Metadata.DEFAULT_LIMIT``)."""

ACCEPTED_STATUSES = frozenset({"INSERTED", "SANDBOX"})
REJECTED_STATUSES = frozenset({"NOT_INSERTED"})


@dataclass(frozen=True, slots=True)
class ErrorMessage:
    """What an ``errorMsg`` code means and which error it raises."""

    error: type[NotifyError]
    text: str


ERROR_MESSAGES: Mapping[str, ErrorMessage] = MappingProxyType(
    {
        "BAD_CREDENTIALS": ErrorMessage(
            AuthenticationError,
            "the API key and secret were refused; copy AUTH_KEY and AUTH_SECRET from the API security "
            "section of the Smstools private area",
        ),
        "NO_CREDIT": ErrorMessage(InsufficientCreditError, "the account has no credit left"),
        "BAD_CREDIT": ErrorMessage(InsufficientCreditError, "the credit is not enough for this send"),
        "SENDING_DISABLED": ErrorMessage(
            InsufficientCreditError, "sending is disabled because the reseller's account has run out of credit"
        ),
        "BAD_FROM": ErrorMessage(
            ProviderRejectedError,
            "the sender is not valid: use a verified phone number or an alias of up to 11 characters "
            "registered with Smstools",
        ),
        "NO_VALID_RECIPIENT": ErrorMessage(ProviderRejectedError, "none of the recipients is a valid number"),
        "BAD_TO": ErrorMessage(ProviderRejectedError, "the recipient list is not valid"),
        "BAD_MSISDN": ErrorMessage(
            ProviderRejectedError, "a phone number is not valid (international digits without + are expected)"
        ),
        "BAD_GROUP": ErrorMessage(ProviderRejectedError, "the address-book group does not exist"),
        "BAD_TEXT": ErrorMessage(ProviderRejectedError, "the text is empty or not valid"),
        "BAD_TEXT_PLACEHOLDER": ErrorMessage(
            ProviderRejectedError, "the text has a placeholder that no recipient property fills"
        ),
        "BAD_ENCODING": ErrorMessage(ProviderRejectedError, "the encoding is not AUTO, 7BIT or UCS2"),
        "BAD_TRANSACTIONID": ErrorMessage(
            ProviderRejectedError, "the reference (transactionId) is not valid; it may have up to 60 characters"
        ),
        "BAD_CALLBACK": ErrorMessage(ProviderRejectedError, "the delivery-report URL (statusCallback) is not valid"),
        "BAD_DATE": ErrorMessage(ProviderRejectedError, "a date is not valid (expected yyyy-MM-ddTHH:mm:ss+hhmm)"),
        "BAD_QUALITY": ErrorMessage(ProviderRejectedError, "the requested message quality is not available"),
        "DUPLICATE_SMS": ErrorMessage(
            ProviderRejectedError, "the same SMS to the same recipients was just sent, so this copy was refused"
        ),
        "BAD_FILE": ErrorMessage(ProviderRejectedError, "the attached file is not valid"),
        "BAD_FILE_EXPIRATION_DATE": ErrorMessage(ProviderRejectedError, "the attached file's expiry date is not valid"),
        "NO_PARAMS": ErrorMessage(ProviderRejectedError, "a search needs at least one filter (id or transactionId)"),
        "BAD_ID": ErrorMessage(ProviderRejectedError, "the SMS id is not valid"),
        "BAD_STATUS": ErrorMessage(ProviderRejectedError, "the status filter is not valid"),
    }
)
"""Every send, credential and search ``errorMsg`` of the SDK's ``Errors.java``
(``docs/providers.md`` 3), with a sentence a user can act on."""

_SEVERITY: tuple[type[NotifyError], ...] = (
    AuthenticationError,
    InsufficientCreditError,
    RateLimitedError,
    ProviderRejectedError,
    ProviderResponseError,
)
"""When one reply names several codes (the SDK joins them with commas), the first class in
this order wins: a bad key explains everything after it."""

HTTP_STATUSES: Mapping[int, tuple[type[NotifyError], str]] = MappingProxyType(
    {
        400: (ProviderRejectedError, "refused the request as incomplete or invalid"),
        401: (AuthenticationError, "refused the API key and secret"),
        403: (AuthenticationError, "refused access"),
        404: (ProviderResponseError, "has no such path: check that api_url is the API base ({api_url})"),
        405: (ProviderResponseError, "does not take this method here: check that api_url is the API base ({api_url})"),
        429: (RateLimitedError, "is rate limiting"),
        503: (ProviderRejectedError, "is unavailable and did not process the request"),
    }
)
"""The seed's status list (200, 204, 400, 401, 404, 405, 500) read for a caller, plus the
refusals every transport knows (429, 503). A 500 is absent on purpose: it may have been
raised after the SMS was queued, so it stays an unclear response (recipients unknown)."""

WITHOUT_BODY: frozenset[int] = frozenset({401, 403, 404, 405, 429, 503})
"""Statuses that say enough without a JSON ``errorMsg``; a bare 400 comes from something
other than the API (which always explains a 400) and is an unclear response."""

SEARCH_STATES: Mapping[str, DeliveryState] = MappingProxyType(
    {
        "DELIVERED": DeliveryState.DELIVERED,
        # INFERRED from the states SmsHosting names ("Sent", "Not sent", "Not delivered");
        # the exact tokens are not published, so the raw string is always kept as well.
        "NOT_DELIVERED": DeliveryState.FAILED,
        "NOT_SENT": DeliveryState.FAILED,
        "SENT": DeliveryState.PENDING,
    }
)
"""Search ``status`` -> delivery state; only ``DELIVERED`` is seen in the seed."""


CALLBACK_FIELDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "message_id": ("id", "smsId"),
        "recipient": ("to", "msisdn"),
        "status": ("status",),
        "detail": ("statusDetail",),
        "reference": ("transactionId",),
        "delivered_at": ("deliveryDate",),
        "sent_at": ("sentDate",),
    }
)
"""Meaning -> the ``statusCallback`` parameter names read for it, first found wins
(ASSUMED from the search vocabulary; see the module docstring)."""

CALLBACK_METHODS = frozenset({"GET", "POST"})
"""Form POST is the assumption; GET with a query string is read the same way."""


# -- records --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SmstoolsProfile:
    """The account as ``GET /user`` describes it (a subset: no personal details).

    ``id`` or ``username`` identifies the account stably; ``credit`` is the balance;
    ``sender_aliases`` are the registered alphanumeric senders; ``italy_sms`` is how many
    Italian SMS the credit buys (INFERRED from the field name ``italysms``).
    """

    id: str | None
    username: str | None
    credit: float | None
    sender_aliases: tuple[str, ...] = ()
    default_sender: str | None = None
    italy_sms: int | None = None


@dataclass(frozen=True, slots=True)
class SentSms:
    """One sent SMS as ``GET /sms/search`` lists it (SDK ``SmsInfo``).

    ``status`` is the provider's raw token (the full list is not public);
    :attr:`delivery_state` reads it through :data:`SEARCH_STATES`.
    """

    id: str | None
    to: str | None
    status: str | None
    status_detail: str | None = None
    sender: str | None = None
    text: str | None = None
    transaction_id: str | None = None
    inserted_at: datetime | None = None
    sent_at: datetime | None = None
    delivered_at: datetime | None = None
    price: float | None = None
    type: str | None = None

    @property
    def delivery_state(self) -> DeliveryState:
        return SEARCH_STATES.get((self.status or "").upper(), DeliveryState.UNKNOWN)


@dataclass(frozen=True, slots=True)
class SmsSearchResult:
    """A page of search results: ``count`` matches in all, ``messages`` from ``offset``."""

    count: int | None
    offset: int | None
    limit: int | None
    messages: tuple[SentSms, ...]


@dataclass(frozen=True, slots=True)
class SmstoolsBatch(SendBatch):
    """A send request and the SMS parts each recipient costs (the reply has no count)."""

    parts: int


# -- readers of untrusted JSON ---------------------------------------------------------


def _text(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _identifier(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _text(value)


def _count(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if value >= 0 else None


def _number(value: object, *, negative: bool = False) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) and (negative or number >= 0) else None


def _msisdn(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if value > 0 else None
    if isinstance(value, str):
        digits = value.strip().removeprefix("+")
        return digits if digits.isascii() and digits.isdigit() else None
    return None


def parse_timestamp(value: object) -> datetime | None:
    """``2014-01-13T15:01:35+0100`` (the seed's format), else None."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return None


def _credential(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError(field, f"must be text, not {type(value).__name__}")
    cleaned = value.strip()
    if not cleaned:
        raise ValidationError(field, "is empty")
    if not cleaned.isprintable():
        raise ValidationError(field, "contains control characters (a pasted line break?)")
    return cleaned


def validate_callback_url(value: object) -> str:
    """An http(s) URL for ``statusCallback``; a query string (say, a correlation id) is fine,
    since the callback's own payload is not documented."""
    if not isinstance(value, str):
        raise ValidationError("callback_url", f"must be text, not {type(value).__name__}")
    cleaned = value.strip()
    if not cleaned.isprintable() or " " in cleaned:
        raise ValidationError("callback_url", "must not contain spaces or control characters")
    parts = urlsplit(cleaned)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError("callback_url", "must be an http:// or https:// URL with a host")
    return cleaned


class SmstoolsProvider(Provider):
    """Smstools with the AUTH_KEY (``api_key``) and AUTH_SECRET (``api_secret``) pair."""

    key: ClassVar[str] = "smstools"
    name: ClassVar[str] = "Smstools"
    default_api_url: ClassVar[str | None] = "https://api.smstools.it"
    default_country: ClassVar[str | None] = "IT"
    max_parts: ClassVar[int] = 5
    """The documents disagree: the English send page says a long text is concatenated "up
    to a maximum of 5" SMS, the newer Italian help page says 7. Five is the limit both
    pages allow; a sixth or seventh part would depend on which page is current, and a
    refusal here is clearer than the provider cutting or refusing the text."""
    credentials: ClassVar[tuple[tuple[str, ...], ...]] = (("api_key", "api_secret"),)
    supports_callback: ClassVar[bool] = True
    callback_methods: ClassVar[frozenset[str]] = CALLBACK_METHODS

    max_recipients_per_request: int = 1000
    """No per-request limit is documented; a cap keeps one form body (and what one failed
    request can cost) bounded. Far above what a notification sends."""

    def __init__(
        self, *, api_key: str, api_secret: str, api_url: str | None = None, callback_url: str | None = None
    ) -> None:
        super().__init__(api_url=api_url)
        self._api_key = _credential("api_key", api_key)
        if ":" in self._api_key:
            raise ValidationError("api_key", "cannot contain ':' (it is the user name of HTTP Basic authentication)")
        self._api_secret = _credential("api_secret", api_secret)
        self.callback_url = None if callback_url is None else validate_callback_url(callback_url)
        pair = base64.b64encode(f"{self._api_key}:{self._api_secret}".encode()).decode()
        self._authorization = f"Basic {pair}"
        spellings = {s for value in self.secrets for s in (value, quote(value, safe=""), quote_plus(value))}
        self._scrub = (*spellings, pair)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(api_url={self.api_url!r})"

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self._api_key, self._api_secret)

    def _headers(self) -> dict[str, str]:
        return {"Authorization": self._authorization}

    def check(self, message: Message) -> None:
        """The core's checks plus the 60-character ``transactionId`` limit."""
        super().check(message)
        if message.reference is not None and len(message.reference) > MAX_TRANSACTION_ID_LENGTH:
            raise ValidationError(
                "reference",
                f"has {len(message.reference)} characters; {self.name} takes at most "
                f"{MAX_TRANSACTION_ID_LENGTH} (transactionId)",
            )

    # -- sending ---------------------------------------------------------------------

    def build_send(self, message: Message) -> Iterator[SmstoolsBatch]:
        self.check(message)
        size = max(1, self.max_recipients_per_request)
        for start in range(0, len(message.recipients), size):
            recipients = message.recipients[start : start + size]
            fields = (
                ("from", message.sender),
                ("to", ",".join(recipients)),
                ("text", message.text),
                ("encoding", ENCODINGS[message.segments.encoding]),
                ("transactionId", message.reference),
                ("statusCallback", self.callback_url),
            )
            request = HttpRequest.post_form(self.url(SEND_PATH), fields, self._headers())
            yield SmstoolsBatch(request, recipients, message.segments.parts)

    def parse_send(self, batch: SendBatch, response: HttpResponse) -> list[RecipientResult]:
        """One result per SMS in ``sms[]``; numbers it leaves out are left to the caller
        (:class:`~notify_plugins.sending.SendOperation` reports them as unknown)."""
        data = self._json(response)
        if data is None:
            raise self._bodiless_error(response, batch.request)
        if "errorMsg" in data or not 200 <= response.status < 300:
            raise self._error(response, data, batch.request)
        parts = batch.parts if isinstance(batch, SmstoolsBatch) else None
        entries = data.get("sms")
        if not isinstance(entries, list):
            return self._from_counts(batch, data, response, parts)
        wanted = set(batch.recipients)
        results: dict[str, RecipientResult] = {}
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            number = _msisdn(entry.get("to"))
            if number is None or number not in wanted:
                continue
            result = self._sms_result(number, entry, parts)
            earlier = results.get(number)
            if earlier is not None and earlier.status is not result.status:
                result = RecipientResult.unknown(number, "reported both inserted and not inserted")
            results[number] = result
        return list(results.values())

    def _sms_result(self, number: str, entry: Mapping[str, Any], parts: int | None) -> RecipientResult:
        status = _text(entry.get("status"))
        token = (status or "").upper()
        if token in ACCEPTED_STATUSES:
            return RecipientResult.accepted(number, message_id=_identifier(entry.get("id")), parts=parts)
        if token in REJECTED_STATUSES:
            return self._not_inserted(number, _text(entry.get("statusDetail")))
        shown = excerpt(status, self._scrub, limit=40) if status else "none"
        return RecipientResult.unknown(number, f"undocumented SMS status: {shown}")

    def _not_inserted(self, number: str, detail: str | None) -> RecipientResult:
        """``NOT_INSERTED``: the code is ``statusDetail`` when given, explained if it is known."""
        if detail is None:
            return RecipientResult.rejected(number, "NOT_INSERTED", "the SMS was not inserted (no detail given)")
        known = ERROR_MESSAGES.get(detail.upper())
        shown = excerpt(detail, self._scrub, limit=80)
        return RecipientResult.rejected(number, shown, known.text if known else shown)

    def _from_counts(
        self, batch: SendBatch, data: Mapping[str, Any], response: HttpResponse, parts: int | None
    ) -> list[RecipientResult]:
        """Without ``sms[]``, only counts that settle every recipient alike are usable."""
        inserted, not_inserted = _count(data.get("smsInserted")), _count(data.get("smsNotInserted"))
        total = len(batch.recipients)
        if inserted == total and not not_inserted:
            return [RecipientResult.accepted(n, parts=parts) for n in batch.recipients]
        if not_inserted == total and not inserted:
            return [self._not_inserted(n, None) for n in batch.recipients]
        raise self._unexpected(response, "no sms list and counts that do not settle every recipient")

    # -- other calls -----------------------------------------------------------------

    def balance(self) -> Call[Balance]:
        """``GET /rest/api/user``: ``credit`` is the balance, in euros (INFERRED: the seed's
        prices, such as 0.0945 per SMS, are money, and Smstools sells in Italy)."""
        request = self._get(USER_PATH)
        return Call(request, lambda response: self._read(request, response, self._pick_balance))

    @staticmethod
    def _pick_balance(data: Mapping[str, Any]) -> Balance | None:
        credit = _number(data.get("credit"), negative=True)
        return None if credit is None else Balance(credit, "EUR")

    def profile(self) -> Call[SmstoolsProfile]:
        """``GET /rest/api/user``: who the key belongs to, and its credit and senders."""
        request = self._get(USER_PATH)
        return Call(request, lambda response: self._read(request, response, self._pick_profile))

    @staticmethod
    def _pick_profile(data: Mapping[str, Any]) -> SmstoolsProfile | None:
        account_id, username = _identifier(data.get("id")), _text(data.get("username"))
        if account_id is None and username is None:
            return None
        aliases = data.get("senderAlias")
        italy = data.get("italysms")
        return SmstoolsProfile(
            id=account_id,
            username=username,
            credit=_number(data.get("credit"), negative=True),
            sender_aliases=tuple(a.strip() for a in aliases if _text(a)) if isinstance(aliases, list) else (),
            default_sender=_text(data.get("sender")),
            italy_sms=italy if isinstance(italy, int) and not isinstance(italy, bool) else None,
        )

    def search(
        self,
        *,
        sms_id: int | str | None = None,
        transaction_id: str | None = None,
        offset: int = 0,
        limit: int = DEFAULT_SEARCH_LIMIT,
    ) -> Call[SmsSearchResult]:
        """``GET /rest/api/sms/search`` by the SMS ``id`` (``sms_id``: a recipient's
        ``message_id``) or the send's ``transactionId`` (its ``reference``); one is needed."""
        params: list[tuple[str, object]] = []
        if sms_id is not None:
            text = str(sms_id).strip() if isinstance(sms_id, int | str) and not isinstance(sms_id, bool) else ""
            if not (text.isascii() and text.isdigit()):
                raise ValidationError("sms_id", "must be the numeric SMS id a send returned")
            params.append(("id", text))
        if transaction_id is not None:
            if not isinstance(transaction_id, str) or not transaction_id.strip() or not transaction_id.isprintable():
                raise ValidationError("transaction_id", "must be the non-empty reference the SMS was sent with")
            if len(transaction_id.strip()) > MAX_TRANSACTION_ID_LENGTH:
                raise ValidationError("transaction_id", f"has more than {MAX_TRANSACTION_ID_LENGTH} characters")
            params.append(("transactionId", transaction_id.strip()))
        if not params:
            raise ValidationError("sms_id", "give an sms_id or a transaction_id to search by")
        for field, value, low in (("offset", offset, 0), ("limit", limit, 1)):
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ValidationError(field, f"must be a whole number of at least {low}")
        params += [("offset", offset), ("limit", limit)]
        request = self._get(SEARCH_PATH, params)
        return Call(request, lambda response: self._read(request, response, self._pick_search))

    @staticmethod
    def _pick_search(data: Mapping[str, Any]) -> SmsSearchResult | None:
        entries = data.get("smsList")
        if not isinstance(entries, list):
            return None
        metadata = data.get("metadata")
        meta = metadata if isinstance(metadata, dict) else {}
        return SmsSearchResult(
            count=_count(meta.get("count")),
            offset=_count(meta.get("offset")),
            limit=_count(meta.get("limit")),
            messages=tuple(SmstoolsProvider._sent_sms(e) for e in entries if isinstance(e, dict)),
        )

    @staticmethod
    def _sent_sms(entry: Mapping[str, Any]) -> SentSms:
        return SentSms(
            id=_identifier(entry.get("id")),
            to=_msisdn(entry.get("to")),
            status=_text(entry.get("status")),
            status_detail=_text(entry.get("statusDetail")),
            sender=_text(entry.get("from")),
            text=entry.get("text") if isinstance(entry.get("text"), str) else None,
            transaction_id=_text(entry.get("transactionId")),
            inserted_at=parse_timestamp(entry.get("insertDate")),
            sent_at=parse_timestamp(entry.get("sentDate")),
            delivered_at=parse_timestamp(entry.get("deliveryDate")),
            price=_number(entry.get("price")),
            type=_text(entry.get("type")),
        )

    # -- delivery-report callback ------------------------------------------------------

    def parse_callback(
        self, method: str, query: Mapping[str, str], body: bytes = b"", content_type: str | None = None
    ) -> tuple[DeliveryReport, ...]:
        """One report from a ``statusCallback`` call, read with :data:`CALLBACK_FIELDS` (ASSUMED)."""
        callback_method(method, self.callback_methods, self.name)
        params = callback_params(method, query, body, content_type)
        field = CALLBACK_FIELDS
        status = pick_param(params, field["status"])
        if status is None:
            raise ValidationError("status", "is missing from the delivery report")
        message_id, to = pick_param(params, field["message_id"]), pick_param(params, field["recipient"])
        if message_id is None and to is None:
            raise ValidationError("to", "the delivery report names neither the SMS id nor the number")
        recipient = None if to is None else _msisdn(to)
        if to is not None and recipient is None:
            raise ValidationError("to", "is not a phone number in international digits")
        token = excerpt(status, limit=40).upper()
        state = SEARCH_STATES.get(token, DeliveryState.UNKNOWN)
        detail = pick_param(params, field["detail"])
        known = ERROR_MESSAGES.get(detail.upper()) if detail else None
        return (
            DeliveryReport(
                message_id=message_id,
                recipient=recipient,
                status=state,
                reason_code=token,
                reason=known.text if known else (excerpt(detail, limit=80) if detail else None),
                reference=pick_param(params, field["reference"]),
                sent_at=parse_timestamp(pick_param(params, field["sent_at"])),
                status_at=parse_timestamp(pick_param(params, field["delivered_at"])),
                raw=MappingProxyType(params),
            ),
        )

    def _get(self, path: str, params: list[tuple[str, object]] | None = None) -> HttpRequest:
        return HttpRequest.get(self.url(path), params, {"Accept": "application/json", **self._headers()})

    def _read(self, request: HttpRequest, response: HttpResponse, pick: Callable[[Mapping[str, Any]], T | None]) -> T:
        data = self._json(response)
        if data is None:
            raise self._bodiless_error(response, request)
        if "errorMsg" in data or not 200 <= response.status < 300:
            raise self._error(response, data, request)
        value = pick(data)
        if value is None:
            raise self._unexpected(response, "JSON of an unexpected shape")
        return value

    # -- errors ----------------------------------------------------------------------

    def _json(self, response: HttpResponse) -> dict[str, Any] | None:
        try:
            return response.json_object(self._scrub)
        except ProviderResponseError:
            return None

    def _unexpected(self, response: HttpResponse, what: str) -> ProviderResponseError:
        return ProviderResponseError(
            f"{self.name} answered HTTP {response.status} with {what}: {excerpt(response.body, self._scrub)!r}",
            code=response.status,
        )

    def _bodiless_error(self, response: HttpResponse, request: HttpRequest) -> NotifyError:
        if response.status in WITHOUT_BODY:
            return self._status_error(response, request, excerpt(response.body, self._scrub) or None)
        what = "an empty body" if not response.body.strip() else "a body that is not a JSON object"
        return self._unexpected(response, what)

    def _status_error(
        self, response: HttpResponse, request: HttpRequest, detail: str | None, code: str | None = None
    ) -> NotifyError:
        error, meaning = HTTP_STATUSES[response.status]
        endpoint = f"{request.method} {request.url.removeprefix(self.api_url)}"
        text = f"{self.name} {meaning.format(api_url=self.api_url)} (HTTP {response.status} to {endpoint})"
        if detail:
            text += f": {detail}"
        error_code: str | int = response.status if code is None else code
        if error is RateLimitedError:
            retry_after = parse_retry_after(response.header("retry-after"))
            return RateLimitedError(text, retry_after=retry_after, code=error_code, text=detail)
        return error(text, code=error_code, text=detail)

    def _error(self, response: HttpResponse, data: Mapping[str, Any], request: HttpRequest) -> NotifyError:
        """``errorMsg`` codes from :data:`ERROR_MESSAGES` decide; an unknown code falls back
        to the HTTP status, keeping the code."""
        raw = data.get("errorMsg")
        scrubbed = excerpt(raw, self._scrub, limit=200) if isinstance(raw, str) else ""
        codes = [c.strip() for c in scrubbed.split(",") if c.strip()]
        known = [(c, ERROR_MESSAGES[c.upper()]) for c in codes if c.upper() in ERROR_MESSAGES]
        shown = ",".join(codes) if codes else None
        if known:
            error = min((m.error for _, m in known), key=_SEVERITY.index)
            text = "; ".join(m.text for _, m in known)
            message = f"{self.name}: {text} ({shown}, HTTP {response.status})"
            if error is RateLimitedError:  # no code is one today; kept for a table that grows
                retry_after = parse_retry_after(response.header("retry-after"))
                return RateLimitedError(message, retry_after=retry_after, code=shown, text=text)
            return error(message, code=shown, text=text)
        if response.status in HTTP_STATUSES:
            return self._status_error(response, request, shown or excerpt(response.body, self._scrub) or None, shown)
        if 200 <= response.status < 300 and not codes:
            return self._unexpected(response, "JSON of an unexpected shape")
        return self._unexpected(response, f"an undocumented error {shown!r}" if shown else "an undocumented reply")


__all__ = [
    "CALLBACK_FIELDS",
    "ENCODINGS",
    "ERROR_MESSAGES",
    "MAX_TRANSACTION_ID_LENGTH",
    "SEARCH_STATES",
    "SentSms",
    "SmsSearchResult",
    "SmstoolsBatch",
    "SmstoolsProfile",
    "SmstoolsProvider",
    "parse_timestamp",
    "validate_callback_url",
]
