"""Smstools (smstools.it): the reseller endpoint of the SmsHosting.it REST API.

"Smstools REST API EN" (apidoc-en.smstools.it), word for word the introduction of
SmsHosting's own "Smshosting REST API EN", gives the base ``https://api.smstools.it/rest/api``;
SmsHosting's official Java SDK (smshosting/smshosting-api-java-client) gives the calls and
their fields; independent apps (in Python and C#) send the same form fields with Basic
auth and read ``smsInserted`` and ``sms[0].id``. The facts, with their sources, are in
``docs/providers/smstools.md``. What this module relies on:

* HTTP Basic with ``AUTH_KEY:AUTH_SECRET``; form-encoded UTF-8 bodies; JSON replies by
  default (the documentation's "Authentication" and "Encoding and Content-Type").
* ``POST /rest/api/sms/send`` with ``from``, ``to`` (comma-joined numbers without ``+``),
  ``text``, ``encoding``, ``transactionId`` and ``statusCallback`` (SDK ``sendSms``).
  One request carries at most 999 recipients: the official Java and C# SDKs send
  1,000 or more through ``/sms/sendbulk``.
* The reply lists each SMS in ``sms[]`` with ``status`` ``INSERTED``, ``NOT_INSERTED`` or
  ``SANDBOX`` and an integer ``id``, and counts them in ``smsInserted`` /
  ``smsNotInserted`` (SDK ``SendResult``). An SMS not inserted has ``id`` null and a
  ``statusDetail`` such as ``BADNUMBERFORMAT``, ``DUPLICATESMS`` or ``BLACKLIST``
  (:data:`STATUS_DETAILS`).
* Errors are ``{"errorCode": <HTTP status>, "errorMsg": "<CODE>"}`` (the documentation's
  "Response Content"); the codes are in :data:`ERROR_MESSAGES`.
* ``GET /rest/api/user`` is the profile with the ``credit``; ``GET /rest/api/sms/search``
  finds sent SMS by ``id`` or ``transactionId`` (the documentation's "Pagination" shows
  its reply). The search is the API's log search, with its own records and paging; delivery
  reaches the caller through the ``statusCallback`` instead.

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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any

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
from ..http.types import HttpRequest, HttpResponse, excerpt
from ..message import Message
from ..results import RecipientResult
from .base import COMMON_STATUSES, AccountName, Balance, Call, Provider, ReplyReader, SendBatch, StatusTable
from .values import credential, read_count, read_id, read_msisdn, read_number, read_text, secret_spellings

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
"""Every send, credential and search ``errorMsg`` of the SDK's ``Errors.java``, with a
sentence a user can act on."""

_SEVERITY: tuple[type[NotifyError], ...] = (
    AuthenticationError,
    InsufficientCreditError,
    RateLimitedError,
    ProviderRejectedError,
    ProviderResponseError,
)
"""When one reply names several codes (the SDK joins them with commas), the first class in
this order wins: a bad key explains everything after it."""

HTTP_STATUSES: StatusTable = MappingProxyType(
    {
        **COMMON_STATUSES,
        400: (ProviderRejectedError, "refused the request as incomplete or invalid"),
        401: (AuthenticationError, "refused the API key and secret"),
        403: (AuthenticationError, "refused access"),
    }
)
"""The documentation's status list (200, 204, 400, 401, 404, 405, 500) read for a caller,
plus the refusals every transport knows (429, 503). A 500 is absent on purpose: it may have been
raised after the SMS was queued, so it stays an unclear response (recipients unknown)."""

WITHOUT_BODY: frozenset[int] = frozenset({401, 403, 404, 405, 429, 503})
"""Statuses that say enough without a JSON ``errorMsg``; a bare 400 comes from something
other than the API (which always explains a 400) and is an unclear response."""

STATUS_DETAILS: Mapping[str, str] = MappingProxyType(
    {
        "BADNUMBERFORMAT": "the number is not in a valid format for this destination",
        "DUPLICATESMS": "the same SMS was just sent to this number, so this copy was not inserted",
        "BLACKLIST": "the number is on a blacklist (the recipient opted out), so no SMS was inserted",
    }
)
"""``statusDetail`` of an SMS not inserted (``id`` null): values an independent client of
the API has met in replies; the meanings are read from the names (INFERRED). They are
looked up before the ``errorMsg`` codes."""

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
"""Search ``status`` -> delivery state; only ``DELIVERED`` is in the documentation's sample."""


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


def parse_smstools_time(value: object) -> datetime | None:
    """``2014-01-13T15:01:35+0100`` (the documentation's format), else None."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return None


def detail_meaning(detail: str) -> str | None:
    """What a ``statusDetail`` means: :data:`STATUS_DETAILS`, else an ``errorMsg`` code."""
    token = detail.strip().upper()
    known = ERROR_MESSAGES.get(token)
    return STATUS_DETAILS.get(token) or (known.text if known else None)


def _failed(data: Mapping[str, Any]) -> bool:
    """Any reply naming an ``errorMsg`` is an error, whatever its HTTP status."""
    return "errorMsg" in data


def _sent(data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """A send's reply, when it is one: it lists the SMS (``sms[]``) or counts them."""
    return data if "sms" in data or "smsInserted" in data or "smsNotInserted" in data else None


class SmstoolsProvider(Provider):
    """Smstools with the AUTH_KEY (``api_key``) and AUTH_SECRET (``api_secret``) pair."""

    key = "smstools"
    name = "Smstools"
    default_api_url = "https://api.smstools.it"
    default_country = "IT"
    max_parts = 5
    """The documents disagree: the English send page says a long text is concatenated "up
    to a maximum of 5" SMS, the newer Italian help page says 7. Five is the limit both
    pages allow; a sixth or seventh part would depend on which page is current, and a
    refusal here is clearer than the provider cutting or refusing the text."""
    max_reference_length = MAX_TRANSACTION_ID_LENGTH
    reference_field = "transactionId"
    credentials = (("api_key", "api_secret"),)
    supports_balance = True
    supports_account_name = True
    supports_callback = True
    callback_methods = CALLBACK_METHODS

    max_recipients_per_request: int = 999
    """Below 1,000 numbers a request: SmsHosting's official Java and C# SDKs send "1000 or
    more recipients" to ``/sms/sendbulk`` instead, so ``/sms/send`` is only known to take
    fewer. Larger lists go out as several ``/sms/send`` requests, whose replies (unlike the
    bulk endpoint's) are read per SMS."""

    def __init__(
        self, *, api_key: str, api_secret: str, api_url: str | None = None, callback_url: str | None = None
    ) -> None:
        super().__init__(api_url=api_url, callback_url=callback_url)
        self._api_key = credential("api_key", api_key)
        if ":" in self._api_key:
            raise ValidationError("api_key", "cannot contain ':' (it is the user name of HTTP Basic authentication)")
        self._api_secret = credential("api_secret", api_secret)
        pair = base64.b64encode(f"{self._api_key}:{self._api_secret}".encode()).decode()
        self._authorization = f"Basic {pair}"
        scrub = (*secret_spellings(*self.secrets), pair)
        self.replies = ReplyReader(self.name, self.api_url, scrub, HTTP_STATUSES, WITHOUT_BODY, self._error, _failed)

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self._api_key, self._api_secret)

    def _headers(self) -> dict[str, str]:
        return {"Authorization": self._authorization}

    # -- sending ---------------------------------------------------------------------

    def _batches(self, message: Message) -> Iterator[SendBatch]:
        for recipients in self._chunks(message.recipients):
            fields = (
                ("from", message.sender),
                ("to", ",".join(recipients)),
                ("text", message.text),
                ("encoding", ENCODINGS[message.segments.encoding]),
                ("transactionId", message.reference),
                ("statusCallback", self.callback_url),
            )
            request = HttpRequest.post_form(self.url(SEND_PATH), fields, self._headers())
            yield SendBatch(request, recipients, message.segments.parts)

    def parse_send(self, batch: SendBatch, response: HttpResponse) -> list[RecipientResult]:
        """One result per SMS in ``sms[]``; numbers it leaves out are left to the caller
        (:class:`~notify_plugins.sending.SendOperation` reports them as unknown)."""
        data = self.replies.read(batch.request, response, _sent)
        parts = batch.parts
        entries = data.get("sms")
        if not isinstance(entries, list):
            return self._from_counts(batch, data, response, parts)
        wanted = set(batch.recipients)
        results: dict[str, RecipientResult] = {}
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            number = read_msisdn(entry.get("to"))
            if number is None or number not in wanted:
                continue
            result = self._sms_result(number, entry, parts)
            earlier = results.get(number)
            if earlier is not None and earlier.status is not result.status:
                result = RecipientResult.unknown(number, "reported both inserted and not inserted")
            results[number] = result
        return list(results.values())

    def _sms_result(self, number: str, entry: Mapping[str, Any], parts: int | None) -> RecipientResult:
        status = read_text(entry.get("status"))
        token = (status or "").upper()
        if token in ACCEPTED_STATUSES:
            return RecipientResult.accepted(number, message_id=read_id(entry.get("id")), parts=parts)
        if token in REJECTED_STATUSES:
            return self._not_inserted(number, read_text(entry.get("statusDetail")))
        shown = self.replies.excerpt(status, limit=40) if status else "none"
        return RecipientResult.unknown(number, f"undocumented SMS status: {shown}")

    def _not_inserted(self, number: str, detail: str | None) -> RecipientResult:
        """``NOT_INSERTED``: the code is ``statusDetail`` when given, explained if it is known."""
        if detail is None:
            return RecipientResult.rejected(number, "NOT_INSERTED", "the SMS was not inserted (no detail given)")
        shown = self.replies.excerpt(detail, limit=80)
        return RecipientResult.rejected(number, shown, detail_meaning(detail) or shown)

    def _from_counts(
        self, batch: SendBatch, data: Mapping[str, Any], response: HttpResponse, parts: int | None
    ) -> list[RecipientResult]:
        """Without ``sms[]``, only counts that settle every recipient alike are usable."""
        inserted, not_inserted = read_count(data.get("smsInserted")), read_count(data.get("smsNotInserted"))
        total = len(batch.recipients)
        if inserted == total and not not_inserted:
            return [RecipientResult.accepted(n, parts=parts) for n in batch.recipients]
        if not_inserted == total and not inserted:
            return [self._not_inserted(n, None) for n in batch.recipients]
        raise self.replies.unexpected(response, "no sms list and counts that do not settle every recipient")

    # -- other calls -----------------------------------------------------------------

    def balance(self) -> Call[Balance]:
        """``GET /rest/api/user``: ``credit`` is the balance, in euros (INFERRED: the documented
        prices, such as 0.0945 per SMS, are money, and Smstools sells in Italy)."""
        request = self._get(USER_PATH)
        return self.replies.call(request, self._pick_balance)

    @staticmethod
    def _pick_balance(data: Mapping[str, Any]) -> Balance | None:
        credit = read_number(data.get("credit"), negative=True)
        return None if credit is None else Balance(credit, "EUR")

    def account_name(self) -> Call[AccountName]:
        """``GET /rest/api/user``: the account's ``id`` (``id:<id>``), else its ``username``
        (``user:<username>``); both outlive a new key."""
        request = self._get(USER_PATH)
        return self.replies.call(request, self._pick_account_name)

    @staticmethod
    def _pick_account_name(data: Mapping[str, Any]) -> AccountName | None:
        profile = SmstoolsProvider._pick_profile(data)
        if profile is None:
            return None
        if profile.id is not None:
            return AccountName(f"id:{profile.id}", profile.username or profile.id)
        return AccountName(f"user:{profile.username}", str(profile.username))

    def profile(self) -> Call[SmstoolsProfile]:
        """``GET /rest/api/user``: who the key belongs to, and its credit and senders."""
        request = self._get(USER_PATH)
        return self.replies.call(request, self._pick_profile)

    @staticmethod
    def _pick_profile(data: Mapping[str, Any]) -> SmstoolsProfile | None:
        account_id, username = read_id(data.get("id")), read_text(data.get("username"))
        if account_id is None and username is None:
            return None
        aliases = data.get("senderAlias")
        italy = data.get("italysms")
        return SmstoolsProfile(
            id=account_id,
            username=username,
            credit=read_number(data.get("credit"), negative=True),
            sender_aliases=tuple(a.strip() for a in aliases if read_text(a)) if isinstance(aliases, list) else (),
            default_sender=read_text(data.get("sender")),
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
            digits = str(sms_id).strip() if isinstance(sms_id, int | str) and not isinstance(sms_id, bool) else ""
            if not (digits.isascii() and digits.isdigit()):
                raise ValidationError("sms_id", "must be the numeric SMS id a send returned")
            params.append(("id", digits))
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
        return self.replies.call(request, self._pick_search)

    @staticmethod
    def _pick_search(data: Mapping[str, Any]) -> SmsSearchResult | None:
        entries = data.get("smsList")
        if not isinstance(entries, list):
            return None
        metadata = data.get("metadata")
        meta = metadata if isinstance(metadata, dict) else {}
        return SmsSearchResult(
            count=read_count(meta.get("count")),
            offset=read_count(meta.get("offset")),
            limit=read_count(meta.get("limit")),
            messages=tuple(SmstoolsProvider._sent_sms(e) for e in entries if isinstance(e, dict)),
        )

    @staticmethod
    def _sent_sms(entry: Mapping[str, Any]) -> SentSms:
        return SentSms(
            id=read_id(entry.get("id")),
            to=read_msisdn(entry.get("to")),
            status=read_text(entry.get("status")),
            status_detail=read_text(entry.get("statusDetail")),
            sender=read_text(entry.get("from")),
            text=entry.get("text") if isinstance(entry.get("text"), str) else None,
            transaction_id=read_text(entry.get("transactionId")),
            inserted_at=parse_smstools_time(entry.get("insertDate")),
            sent_at=parse_smstools_time(entry.get("sentDate")),
            delivered_at=parse_smstools_time(entry.get("deliveryDate")),
            price=read_number(entry.get("price")),
            type=read_text(entry.get("type")),
        )

    # -- delivery-report callback ------------------------------------------------------

    def parse_callback(
        self, method: str, query: Mapping[str, str], body: bytes = b"", content_type: str | None = None
    ) -> tuple[DeliveryReport, ...]:
        """One report from a ``statusCallback`` call, read with :data:`CALLBACK_FIELDS` (ASSUMED)."""
        params = self._callback_params(method, query, body, content_type)
        field = CALLBACK_FIELDS
        status = require_param(params, field["status"])
        message_id, to = pick_param(params, field["message_id"]), pick_param(params, field["recipient"])
        if message_id is None and to is None:
            raise ValidationError("to", "the delivery report names neither the SMS id nor the number")
        recipient = None if to is None else read_msisdn(to)
        if to is not None and recipient is None:
            raise ValidationError("to", "is not a phone number in international digits")
        token = excerpt(status, limit=40).upper()
        state = SEARCH_STATES.get(token, DeliveryState.UNKNOWN)
        detail = pick_param(params, field["detail"])
        meaning = detail_meaning(detail) if detail else None
        return (
            DeliveryReport(
                message_id=message_id,
                recipient=recipient,
                status=state,
                reason_code=token,
                reason=meaning or (excerpt(detail, limit=80) if detail else None),
                reference=pick_param(params, field["reference"]),
                sent_at=parse_smstools_time(pick_param(params, field["sent_at"])),
                status_at=parse_smstools_time(pick_param(params, field["delivered_at"])),
                raw=MappingProxyType(params),
            ),
        )

    def _get(self, path: str, params: list[tuple[str, object]] | None = None) -> HttpRequest:
        return HttpRequest.get(self.url(path), params, {"Accept": "application/json", **self._headers()})

    # -- errors ----------------------------------------------------------------------

    def _error(self, response: HttpResponse, data: Mapping[str, Any], request: HttpRequest) -> NotifyError:
        """``errorMsg`` codes from :data:`ERROR_MESSAGES` decide; an unknown code falls back
        to the HTTP status, keeping the code."""
        raw = data.get("errorMsg")
        scrubbed = self.replies.excerpt(raw, limit=200) if isinstance(raw, str) else ""
        codes = [c.strip() for c in scrubbed.split(",") if c.strip()]
        known = [ERROR_MESSAGES[c.upper()] for c in codes if c.upper() in ERROR_MESSAGES]
        shown = ",".join(codes) if codes else None
        if known:
            error = min((m.error for m in known), key=_SEVERITY.index)
            return self.replies.code_error(response, error, shown, "; ".join(m.text for m in known))
        if response.status in HTTP_STATUSES:
            return self.replies.status_error(response, request, shown or self.replies.body(response), shown)
        if 200 <= response.status < 300 and not codes:
            return self.replies.unexpected(response, "JSON of an unexpected shape")
        return self.replies.unexpected(
            response, f"an undocumented error {shown!r}" if shown else "an undocumented reply"
        )


__all__ = [
    "CALLBACK_FIELDS",
    "ENCODINGS",
    "ERROR_MESSAGES",
    "MAX_TRANSACTION_ID_LENGTH",
    "SEARCH_STATES",
    "STATUS_DETAILS",
    "SentSms",
    "SmsSearchResult",
    "SmstoolsProfile",
    "SmstoolsProvider",
    "detail_meaning",
    "parse_smstools_time",
]
