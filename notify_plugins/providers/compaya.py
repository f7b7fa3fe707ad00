"""The Compaya A/S SMS platform, sold as ProSMS.se and SMS.dk.

Both services run one API and differ only in host, country and name
(``docs/providers.md`` sections 1 + 2), so :class:`CompayaProvider` holds all the
platform knowledge and :mod:`.prosms` / :mod:`.smsdk` only configure it.

What the code relies on, and where it comes from (independent clients: the vendor
WordPress plugin's ProSMS.se and SMS.dk gateways, broberg's TypeScript client, several
apps; and Compaya's CPSMS documentation for the sister service):

* ``POST /v1/sms/send`` with a JSON body and ``Authorization: Bearer <key>`` (every public
  client, and the seed's Postman intro: "A request is authenticated by a bearer token
  header"; "All data must be send as JSON").
* ``receiver`` is the MSISDN without ``+`` as a JSON **integer**, as most clients send it;
  the server's own messages ("Phone number should be specified as a number", code 1014)
  ask for a number. Several numbers go as one comma-joined string, as the vendor
  WordPress plugin sends them (maintained since 2023 through several fixes); error 1059
  points at "the returned rejected array". How many a request may carry is not
  documented (ASSUMED: 50, :attr:`CompayaProvider.max_recipients_per_request`), and if the
  platform refuses the form (1047, 1060) the provider falls back to one a request.
* ``format`` is ``gsm`` or ``unicode`` and ``encoding`` is ``utf8`` (broberg, wp-sms and
  several apps agree). ``userReference`` has at most 50 characters (seed error 1046).
* Success is never read from the HTTP status alone: a recipient is accepted when it is in
  ``result.report.accepted``. HTTP 207 (``messageCode`` 3000) mixes accepted and rejected
  recipients; HTTP 409 with ``messageCode`` 1059 puts every rejection in
  ``errorResult.report.rejected`` (the four documented shapes in ``docs/providers.md``).
* Every other failure is ``{"status": "error", "messageCode": N, "message": ...}`` with N
  from the seed's table, kept here as data in :data:`RESPONSE_CODES`.
* ``GET /v1/user/getcreditvalue`` answers ``{"result": <credit>}`` (broberg measured that
  the path without ``/v1`` from the Postman collection is a 404).
* ``GET /v1/sendername/list`` answers ``{"result": [{"senderName": ...}, ...]}`` (MED).
* ``POST /v1/sms/listlog`` with ``{"batchId", "limit"}`` answers the send log with a
  ``dlrStatus`` per recipient (broberg's live capture); see :class:`DlrStatus`.

**Delivery-report callback (ASSUMED; correct :data:`CALLBACK_FIELDS` when known).** A send
with ``dlrUrl`` makes the platform call that URL; ``docs/providers.md`` says with GET, and
that the parameter names are not documented. Two vocabularies are plausible and both are
read: the send log's (``receiver``, ``dlrStatus``, ``batchId``, ``userReference``,
``timeSent``; broberg's guess) and that of the sister service CPSMS, whose published v2
documentation appends ``?status=x&receiver=xx`` to the ``dlr_url`` (``status`` 1 delivered,
2 failed, 3 buffered, 4 abandoned; :data:`CPSMS_STATES`). The two status tables agree
where they overlap. Parameters may come in the query string or, should the platform POST
as CPSMS does, in a form or JSON body. ``receiver`` and a status are required. A user's
``callback_url`` may carry its own query: the second ``?`` that appending then makes is
undone (:func:`untangle_appended_query`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import IntEnum
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..delivery import DeliveryReport, DeliveryState, pick_param
from ..errors import AuthenticationError as _AUTH
from ..errors import InsufficientCreditError as _CREDIT
from ..errors import NotifyError, ValidationError
from ..errors import ProviderRejectedError as _REFUSED
from ..errors import ProviderResponseError as _UNCLEAR
from ..errors import RateLimitedError as _LIMIT
from ..http.types import HttpRequest, HttpResponse, excerpt
from ..message import Message
from ..results import RecipientResult
from .base import (
    COMMON_STATUSES,
    Balance,
    BatchNotSent,
    Call,
    Provider,
    ReplyReader,
    SendBatch,
    StatusTable,
    provider_error,
)
from .values import credential, read_id, read_int, read_msisdn, read_number, secret_spellings, validate_callback_url

T = TypeVar("T")

SEND_PATH = "/v1/sms/send"
CREDIT_PATH = "/v1/user/getcreditvalue"
SENDER_NAMES_PATH = "/v1/sendername/list"
LOG_PATH = "/v1/sms/listlog"

FORMATS: Mapping[str, str] = MappingProxyType({"gsm7": "gsm", "ucs2": "unicode"})
"""Our segment analysis -> the platform's ``format``. Naming the encoding we counted (rather
than leaving it to the server) keeps the billed parts equal to what ``check`` allowed."""

TEXT_ENCODING = "utf8"
"""How the JSON text is encoded; ``utf8`` is what broberg, the legacy wp-sms gateway and two
apps send (wp-sms' newer ``UTF-8`` is unverified), and an unknown value is error 1010."""

MAX_REFERENCE_LENGTH = 50
"""Seed error 1046: "Max 50 chars in userReference"."""

MAX_LOG_LIMIT = 1000
"""``listlog`` takes a ``limit`` of 1..1000 (broberg's guard, MED)."""


# -- the response-code table (the ProSMS.se and SMS.dk Postman intros, which agree) ---------


@dataclass(frozen=True, slots=True)
class ResponseCode:
    """One row of the platform's ``messageCode`` table.

    ``error`` is the class a caller gets when the code is the answer to a request;
    ``None`` for the mixed (3000) and success (5000-5014) codes.
    """

    http_status: int
    text: str
    error: type[NotifyError] | None


RESPONSE_CODES: Mapping[int, ResponseCode] = MappingProxyType(
    {
        # 1000 is an internal error: the request may or may not have been acted on, so its
        # recipients end unknown (ProviderResponseError), as for any HTTP 500.
        1000: ResponseCode(500, "Something went wrong.", _UNCLEAR),
        1002: ResponseCode(400, 'Parameter "receiver" is required.', _REFUSED),
        1003: ResponseCode(400, 'Parameter "senderName" is required.', _REFUSED),
        1004: ResponseCode(400, 'Parameter "message" is required.', _REFUSED),
        1005: ResponseCode(400, 'Parameter "contactName" is required.', _REFUSED),
        1006: ResponseCode(400, 'Parameter "groupName" is required.', _REFUSED),
        1007: ResponseCode(400, 'Parameter "phoneNumber" required.', _REFUSED),
        1008: ResponseCode(400, 'Parameter "groupId" is required.', _REFUSED),
        1009: ResponseCode(409, "Format not recognized.", _REFUSED),
        1010: ResponseCode(409, "Encoding format not recognized.", _REFUSED),
        1011: ResponseCode(
            400,
            'Parameter "senderName" is required and must be between 3 and max 11 characters in length. Or 15 digits.',
            _REFUSED,
        ),
        1012: ResponseCode(406, 'Characters not allowed in "senderName".', _REFUSED),
        1013: ResponseCode(409, 'Parameter "dlrUrl" is not a valid URL.', _REFUSED),
        1014: ResponseCode(409, "Phone number should be specified as a number.", _REFUSED),
        1015: ResponseCode(409, "Country code and phone number do not match.", _REFUSED),
        1016: ResponseCode(409, "No contacts in group.", _REFUSED),
        1017: ResponseCode(409, 'Parameter "senderName" is not a approved sender name.', _REFUSED),
        1018: ResponseCode(400, "Could not create user.", _REFUSED),
        1019: ResponseCode(400, "Could not update user.", _REFUSED),
        1020: ResponseCode(400, "Could not delete user.", _REFUSED),
        1021: ResponseCode(406, "A group with that name already exists.", _REFUSED),
        1022: ResponseCode(406, "You have reached the limit of allowed groups.", _REFUSED),
        1023: ResponseCode(400, "Group not found.", _REFUSED),
        1024: ResponseCode(409, "There is no group(s) to return.", _REFUSED),
        1025: ResponseCode(406, "Contact already exists.", _REFUSED),
        1026: ResponseCode(409, "Contact not found.", _REFUSED),
        1027: ResponseCode(400, "Contact not found in group.", _REFUSED),
        1028: ResponseCode(409, 'Parameter "scheduled" needs to be at least 10 minutes in the future.', _REFUSED),
        1029: ResponseCode(409, "The date and time is not following the ISO 8601 standard.", _REFUSED),
        1030: ResponseCode(402, "You do not have sufficient credits.", _CREDIT),
        1031: ResponseCode(409, "Already exists", _REFUSED),
        1032: ResponseCode(400, "Must be between 3 and max 11 characters in length. Or 15 digits.", _REFUSED),
        1033: ResponseCode(409, "Nothing to return", _REFUSED),
        1034: ResponseCode(400, "Groups with contacts, cannot be deleted.", _REFUSED),
        1035: ResponseCode(409, 'Parameter "id" required.', _REFUSED),
        1036: ResponseCode(409, 'Parameter "username" required.', _REFUSED),
        1037: ResponseCode(401, "Login credentials invalid.", _AUTH),
        1038: ResponseCode(401, "Basic authentication missing.", _AUTH),
        # 1039, 1056 and 1057 come with HTTP 401 but are about managing sub-users, not
        # about the key being refused.
        1039: ResponseCode(401, "Password not changed.", _REFUSED),
        1040: ResponseCode(409, "One or more parameters missing.", _REFUSED),
        1041: ResponseCode(409, 'Parameter "countryCode" is required.', _REFUSED),
        1042: ResponseCode(409, "Contactname is too short. I must be at least 2 characters long.", _REFUSED),
        1043: ResponseCode(409, "Country code is wrong. It must consist of exactly two characters.", _REFUSED),
        1044: ResponseCode(409, "Data is missing.", _REFUSED),
        1045: ResponseCode(409, "Phone number is not valid.", _REFUSED),
        1046: ResponseCode(409, 'Max 50 chars in "userReference".', _REFUSED),
        1047: ResponseCode(409, 'Parameter "receiver" needs to be a digit.', _REFUSED),
        1048: ResponseCode(409, 'Define parameter "reference" or a "batchId".', _REFUSED),
        1049: ResponseCode(409, "There is no record to delete.", _REFUSED),
        1050: ResponseCode(409, "There is a cool down. remaining: ", _LIMIT),
        # A JSON 1051 is the platform itself saying the path does not exist: nothing was
        # sent, so it is a refusal (with a hint at api_url), not an unclear response.
        1051: ResponseCode(404, "The End point you are trying to reach do not exist.", _REFUSED),
        1052: ResponseCode(401, "No user found.", _AUTH),
        1053: ResponseCode(409, "Token is missing.", _AUTH),
        1054: ResponseCode(401, "Invalid token.", _AUTH),
        1055: ResponseCode(401, "Action not permitted.", _AUTH),
        1056: ResponseCode(401, "Points not transferred.", _REFUSED),
        1057: ResponseCode(401, "Users with points and no parent user, can't be deleted.", _REFUSED),
        1058: ResponseCode(401, "User does not have a key set.", _AUTH),
        1059: ResponseCode(409, "See specific error in returned rejected array.", _REFUSED),
        1060: ResponseCode(409, 'Parameter "receiver" must be of numeric characters only.', _REFUSED),
        1061: ResponseCode(400, "User already exists.", _REFUSED),
        1062: ResponseCode(406, "Dial code is missing.", _REFUSED),
        1063: ResponseCode(409, "Phone number too short", _REFUSED),
        1064: ResponseCode(409, "Phone number too long", _REFUSED),
        1065: ResponseCode(409, "Phone number might be a local number", _REFUSED),
        1066: ResponseCode(409, "The country is not supported", _REFUSED),
        3000: ResponseCode(207, "Mixed result", None),
        5000: ResponseCode(200, "Action succeeded.", None),
        5001: ResponseCode(200, "Contact created.", None),
        5002: ResponseCode(200, "Group created.", None),
        5003: ResponseCode(200, "User created.", None),
        5004: ResponseCode(200, "Contact updated.", None),
        5005: ResponseCode(200, "Group updated.", None),
        5006: ResponseCode(200, "User updated.", None),
        5007: ResponseCode(200, "Created.", None),
        5008: ResponseCode(200, "Updated.", None),
        5009: ResponseCode(200, "Contact removed.", None),
        5010: ResponseCode(200, "Removed.", None),
        5011: ResponseCode(200, "Contact deleted.", None),
        5012: ResponseCode(200, "Group deleted.", None),
        5013: ResponseCode(200, "User deleted.", None),
        5014: ResponseCode(200, "Deleted.", None),
    }
)
"""``messageCode`` -> (HTTP status, text, error class), as the seed's three tables list them."""

RECEIVER_FORM_CODES = frozenset({1047, 1060})
"""A whole request refused for the form of ``receiver``: nothing was sent (no report)."""

REPORT_CODE = 1059
"""The 409 whose reasons are per recipient, in ``errorResult.report.rejected``."""

HINTS: Mapping[int, str] = MappingProxyType(
    {
        1011: "a sender has 3 to 11 characters, or up to 15 digits",
        1012: "use only letters, digits and simple punctuation in the sender",
        1017: "sender names must be approved in the web interface before they can be used",
        1030: "top up the account",
        1050: "wait before sending again",
        1051: "check that api_url is the API base ({api_url})",
        1054: "check the API key in the account settings",
    }
)
"""What the user can do about a code, added to the error message."""

HTTP_STATUSES: StatusTable = MappingProxyType(
    {
        **COMMON_STATUSES,
        400: (_REFUSED, "refused the request"),
        401: (_AUTH, "refused the API key"),
        402: (_CREDIT, "reports too little credit"),
        403: (_AUTH, "refused the API key"),
        406: (_REFUSED, "refused the request"),
        409: (_REFUSED, "refused the request"),
    }
)
"""What an HTTP status means when the body carries no ``messageCode`` from the table."""

WITHOUT_BODY: frozenset[int] = frozenset({401, 403, 404, 429, 503})
"""Statuses that say enough even when the body is not JSON (the platform answers JSON, so
a 400/409 without it comes from something else and is an unclear response). 401/403
mean a bad key (wp-sms); a 404 is an HTML page (broberg); 429/503 are refusals to act."""

_COOL_DOWN = re.compile(r"remaining:\s*([0-9]{1,9}(?:\.[0-9]+)?)")


# -- delivery states (listlog) -----------------------------------------------------------


class DlrStatus(IntEnum):
    """``dlrStatus`` in the send log (broberg's live capture, ``docs/providers.md``)."""

    NO_STATUS = 0
    RECEIVED = 1
    REJECTED = 2
    EXPIRED = 4
    BUFFERED = 8


DLR_STATES: Mapping[DlrStatus, tuple[DeliveryState, str]] = MappingProxyType(
    {
        DlrStatus.NO_STATUS: (DeliveryState.PENDING, "No status yet"),
        DlrStatus.RECEIVED: (DeliveryState.DELIVERED, "Received"),
        DlrStatus.REJECTED: (DeliveryState.FAILED, "Rejected"),
        DlrStatus.EXPIRED: (DeliveryState.FAILED, "Expired"),
        DlrStatus.BUFFERED: (DeliveryState.PENDING, "Buffered"),
    }
)
"""Each ``dlrStatus`` as a delivery state and its meaning. The values are powers of two, so
a value not listed here is reported as unknown rather than guessed at."""

CPSMS_STATES: Mapping[int, tuple[DeliveryState, str]] = MappingProxyType(
    {
        1: (DeliveryState.DELIVERED, "Delivery successful"),
        2: (DeliveryState.FAILED, "Delivery failed"),
        3: (DeliveryState.PENDING, "Message buffered"),
        4: (DeliveryState.FAILED, "Delivery abandoned"),
    }
)
"""``status`` of a CPSMS-style callback (Compaya's CPSMS v2 documentation, ``dlr_url``)."""

CALLBACK_FIELDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "recipient": ("receiver", "to"),
        "dlr_status": ("dlrStatus",),
        "status": ("status",),
        "message_id": ("batchId",),
        "reference": ("userReference", "reference"),
        "time": ("timeSent",),
    }
)
"""Meaning -> the callback parameter names read for it, first found wins (ASSUMED, see the
module docstring). ``dlr_status`` is read with :data:`DLR_STATES`, ``status`` with
:data:`CPSMS_STATES`."""

_CALLBACK_STATUS_TABLES: tuple[tuple[str, Mapping[int, tuple[DeliveryState, str]]], ...] = (
    ("dlr_status", {int(code): meaning for code, meaning in DLR_STATES.items()}),
    ("status", CPSMS_STATES),
)

CALLBACK_METHODS = frozenset({"GET", "POST"})
"""GET as ``docs/providers.md`` says; POST as CPSMS documents for its ``dlr_url``."""

_TIME_SENT = re.compile(r"([0-9]{2})\.([0-9]{2})\.([0-9]{4}) ([0-9]{2})\.([0-9]{2})\.([0-9]{2})")


def untangle_appended_query(params: Mapping[str, str]) -> dict[str, str]:
    """Callback parameters with a second ``?`` undone.

    Compaya's CPSMS documentation says reports come with ``?status=x&receiver=xx``
    appended to the given URL. A ``callback_url`` that already has a query then arrives as
    ``...?ref=abc?status=1&receiver=45...``, which a query parser reads as ``ref`` =
    ``abc?status=1`` (or, for a bare ``?ref``, a name ``ref?status``). The part after the
    second ``?`` is split off into its own parameters; the user's own keep their value.
    """
    found: dict[str, str] = {}
    appended: list[tuple[str, str]] = []
    for raw_name, raw_value in params.items():
        name, second, tail_name = raw_name.partition("?")
        value = raw_value
        if second:  # ``?ref?status=1``: the name holds the appended parameter's name
            appended.append((tail_name, raw_value))
            value = ""
        value, second, tail = value.partition("?")
        if second:
            appended += parse_qsl(tail)
        if value.strip():
            found[name] = value
    for name, value in appended:
        if name and value.strip():
            found.setdefault(name, value.strip())
    return found


def _local_zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def parse_time_sent(value: object, zone: tzinfo | None) -> datetime | None:
    """``DD.MM.YYYY HH.MM.SS`` (dots in the time, as in the live log), else None."""
    if not isinstance(value, str):
        return None
    match = _TIME_SENT.fullmatch(value.strip())
    if match is None:
        return None
    day, month, year, hour, minute, second = (int(part) for part in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class CompayaService:
    """What one brand of the platform sets: the rest is the platform's."""

    key: str
    name: str
    api_url: str
    country: str


SERVICES: Mapping[str, CompayaService] = MappingProxyType(
    {
        # The seed's Postman environments set ``url`` and ``countryCode`` to these.
        "prosms": CompayaService("prosms", "ProSMS.se", "https://api.prosms.se", "SE"),
        "smsdk": CompayaService("smsdk", "SMS.dk", "https://api.sms.dk", "DK"),
    }
)
"""The two brands: host, country and name are all that differ (``docs/providers.md`` 1 + 2)."""


@dataclass(frozen=True, slots=True)
class CompayaBatch(SendBatch):
    """A send request and the SMS parts we counted (used when the reply has none)."""

    parts: int


class CompayaProvider(Provider):
    """The platform; use :class:`~.prosms.ProsmsProvider` or :class:`~.smsdk.SmsdkProvider`.

    **Recipients per request.** Up to :attr:`max_recipients_per_request` numbers go in one
    request as a comma-joined ``receiver`` string (a single number stays a JSON integer).
    The vendor WordPress plugin (the SMS gateways for ProSMS.se and SMS.dk, maintained
    since 2023 through several fixes) sends that form, the reply has per-recipient
    ``accepted``/``rejected`` lists under one ``batchId``, and error 1059 points at "the
    returned rejected array". Each recipient's outcome is read from those lists; one the
    reply names in neither is reported unknown (SendOperation's rule), never accepted and
    never sent again. Should the platform refuse the comma form as a malformed
    ``receiver`` (1047 "needs to be a digit", 1060 "must be of numeric characters only"),
    nothing was sent: the batch's recipients are sent again one a request, once, and
    :attr:`one_receiver_per_request` remembers it for this account (this provider
    instance). ``batch_recipients = False`` on a subclass sends one a request from the start.
    """

    key: ClassVar[str]
    name: ClassVar[str]
    default_api_url: ClassVar[str | None]
    max_parts = 3
    """No limit is documented for the platform, and the seed has no "message too long"
    code to tell us when we overstep. The one number documented in this family is the
    459 characters (3 concatenated parts) that Compaya's sister gateway CPSMS allowed per
    message (its legacy API, as the public cpsms Ruby client records it). Three parts (459
    GSM / 201 UCS-2 characters) is ample for a notification, and a longer text is refused
    here, visibly, instead of being cut or refused by an unknown server rule. A subclass
    may raise it once an account is known to take more."""
    credentials = (("api_key",),)
    supports_callback = True
    callback_methods = CALLBACK_METHODS
    batch_recipients: ClassVar[bool] = True
    max_recipients_per_request: int = 50
    """Numbers per request. No maximum is documented; 50 keeps one refusal (or one unclear
    reply, whose recipients all end unknown) small, and is far above a household's list."""
    one_receiver_per_request: bool = False
    """Set once the platform has refused a comma-joined ``receiver`` for this account."""
    log_timezone: ClassVar[str] = "Europe/Copenhagen"
    """``timeSent`` carries no zone. Compaya A/S is Danish and both services sell in
    CET/CEST countries, so the log's local times are read in Copenhagen time (INFERRED);
    where no zone database is installed the times stay naive."""

    def __init_subclass__(cls, service: CompayaService | None = None, **kwargs: Any) -> None:
        """``class ProsmsProvider(CompayaProvider, service=SERVICES["prosms"])`` names a brand."""
        super().__init_subclass__(**kwargs)
        if service is not None:
            cls.key, cls.name = service.key, service.name
            cls.default_api_url, cls.default_country = service.api_url, service.country

    def __init__(self, *, api_key: str, api_url: str | None = None, callback_url: str | None = None) -> None:
        super().__init__(api_url=api_url)
        self._api_key = credential("api_key", api_key)
        self.callback_url = None if callback_url is None else validate_callback_url(callback_url)
        # Batches refused for their receiver form, by id() and kept alive, so that a
        # later batch can never take the id of one refused outside a running send.
        self._refused: dict[int, SendBatch] = {}
        self.replies = ReplyReader(
            self.name, self.api_url, secret_spellings(self._api_key), HTTP_STATUSES, WITHOUT_BODY
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(api_url={self.api_url!r})"

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self._api_key,)

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._api_key}"}

    def check(self, message: Message) -> None:
        """The core's checks plus the 50-character ``userReference`` limit (error 1046)."""
        super().check(message)
        if message.reference is not None and len(message.reference) > MAX_REFERENCE_LENGTH:
            raise ValidationError(
                "reference",
                f"has {len(message.reference)} characters; {self.name} takes at most {MAX_REFERENCE_LENGTH}",
            )

    # -- sending ---------------------------------------------------------------------

    def build_send(self, message: Message) -> Iterator[CompayaBatch]:
        """Batches of comma-joined receivers; after a refusal of that form (see
        :meth:`parse_send`) the refused batch's numbers come again one a request."""
        self.check(message)
        pending = list(message.recipients)
        while pending:
            size = max(1, self.max_recipients_per_request)
            if not self.batch_recipients or self.one_receiver_per_request:
                size = 1
            recipients, pending = tuple(pending[:size]), pending[size:]
            batch = self._batch(message, recipients)
            yield batch
            if self._refused.pop(id(batch), None) is batch:
                pending = list(recipients) + pending

    def _batch(self, message: Message, recipients: tuple[str, ...]) -> CompayaBatch:
        payload: dict[str, Any] = {
            "receiver": int(recipients[0]) if len(recipients) == 1 else ",".join(recipients),
            "senderName": message.sender,
            "message": message.text,
            "format": FORMATS[message.segments.encoding],
            "encoding": TEXT_ENCODING,
        }
        if message.reference is not None:
            payload["userReference"] = message.reference
        if self.callback_url is not None:
            payload["dlrUrl"] = self.callback_url
        request = HttpRequest.post_json(self.url(SEND_PATH), payload, self._headers())
        return CompayaBatch(request, recipients, message.segments.parts)

    def parse_send(self, batch: SendBatch, response: HttpResponse) -> list[RecipientResult]:
        """Per-recipient results from ``report.accepted`` / ``report.rejected`` whatever the
        HTTP status; without a report, the ``messageCode`` (or HTTP status) is raised."""
        data = self.replies.json(response)
        if data is None:
            raise self.replies.bodiless_error(response, batch.request)
        found = self._report(data, response)
        if found is None:
            error = self._error(response, data, batch.request)
            if len(batch.recipients) > 1 and error.code in RECEIVER_FORM_CODES:
                self.one_receiver_per_request = True
                self._refused[id(batch)] = batch
                raise BatchNotSent(str(error), code=error.code, text=error.text)
            raise error
        holder, report = found
        parts = read_int(holder.get("messageSize"))
        if parts is None or parts < 1:
            parts = batch.parts if isinstance(batch, CompayaBatch) else None
        batch_id = read_id(holder.get("batchId"))
        wanted = set(batch.recipients)
        results: dict[str, RecipientResult] = {}
        for entry in report["accepted"]:
            number = read_msisdn(entry.get("receiver")) if isinstance(entry, dict) else None
            if number is not None and number in wanted:
                cost = read_number(entry.get("creditCost"))
                self._settle(results, RecipientResult.accepted(number, message_id=batch_id, parts=parts, cost=cost))
        for entry in report["rejected"]:
            number = read_msisdn(entry.get("receiver")) if isinstance(entry, dict) else None
            if number is not None and number in wanted:
                code, reason = self._rejection(entry)
                self._settle(results, RecipientResult.rejected(number, code, reason))
        return list(results.values())

    @staticmethod
    def _settle(results: dict[str, RecipientResult], result: RecipientResult) -> None:
        """A number reported both accepted and rejected is neither: it becomes unknown."""
        earlier = results.get(result.number)
        if earlier is not None and earlier.status is not result.status:
            result = RecipientResult.unknown(result.number, "reported both accepted and rejected")
        results[result.number] = result

    def _rejection(self, entry: Mapping[str, Any]) -> tuple[int | str | None, str]:
        code = read_int(entry.get("messageCode"))
        message = entry.get("message")
        if isinstance(message, str) and message.strip():
            return code, self.replies.excerpt(message, limit=200)
        known = RESPONSE_CODES.get(code) if code is not None else None
        return code, known.text if known else "rejected (no reason given)"

    def _report(
        self, data: Mapping[str, Any], response: HttpResponse
    ) -> tuple[Mapping[str, Any], Mapping[str, list[Any]]] | None:
        """``(holder, lists)`` from ``result.report`` or ``errorResult.report``; None if absent."""
        for name in ("result", "errorResult"):
            holder = data.get(name)
            if not isinstance(holder, dict) or "report" not in holder:
                continue
            report = holder["report"]
            if not isinstance(report, dict) or not {"accepted", "rejected"} & report.keys():
                raise self.replies.unexpected(response, "a report without accepted/rejected lists")
            lists = {key: report.get(key, []) for key in ("accepted", "rejected")}
            if not all(isinstance(value, list) for value in lists.values()):
                raise self.replies.unexpected(response, "a report whose accepted/rejected are not lists")
            return holder, lists
        return None

    # -- other calls -----------------------------------------------------------------

    def balance(self) -> Call[Balance]:
        """``GET /v1/user/getcreditvalue``: the account's credit (``result``)."""
        request = HttpRequest.get(self.url(CREDIT_PATH), headers={"Accept": "application/json", **self._headers()})
        return Call(request, lambda response: self._read(request, response, self._pick_balance))

    @staticmethod
    def _pick_balance(data: Mapping[str, Any]) -> Balance | None:
        amount = read_number(data.get("result"), negative=True)  # an overdrawn account may go below zero
        return None if amount is None else Balance(amount, "credits")

    def sender_names(self) -> Call[tuple[str, ...]]:
        """``GET /v1/sendername/list``: the sender names on the account, in the given order."""
        request = HttpRequest.get(
            self.url(SENDER_NAMES_PATH), headers={"Accept": "application/json", **self._headers()}
        )
        return Call(request, lambda response: self._read(request, response, self._pick_sender_names))

    @staticmethod
    def _pick_sender_names(data: Mapping[str, Any]) -> tuple[str, ...] | None:
        entries = data.get("result")
        if not isinstance(entries, list):
            return None
        names: list[str] = []
        for entry in entries:
            name = entry.get("senderName") if isinstance(entry, dict) else entry
            if isinstance(name, str) and name.strip() and name.strip() not in names:
                names.append(name.strip())
        return tuple(names)

    def delivery_status(self, batch_id: str, *, limit: int = 100) -> Call[tuple[DeliveryReport, ...]]:
        """``POST /v1/sms/listlog``: the log entries (one per recipient) of a send.

        ``batch_id`` is a recipient's ``message_id`` from the send result; ``limit`` is
        1..1000 entries.
        """
        if not isinstance(batch_id, str) or not batch_id.strip() or not batch_id.strip().isprintable():
            raise ValidationError("batch_id", "must be the batchId (message_id) a send returned")
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LOG_LIMIT:
            raise ValidationError("limit", f"must be a whole number from 1 to {MAX_LOG_LIMIT}")
        wanted = batch_id.strip()
        request = HttpRequest.post_json(self.url(LOG_PATH), {"batchId": wanted, "limit": limit}, self._headers())
        zone = _local_zone(self.log_timezone)
        return Call(request, lambda response: self._read(request, response, lambda d: self._pick_log(d, wanted, zone)))

    def _pick_log(
        self, data: Mapping[str, Any], batch_id: str, zone: tzinfo | None
    ) -> tuple[DeliveryReport, ...] | None:
        result = data.get("result")
        entries = result.get("data") if isinstance(result, dict) else None
        if not isinstance(entries, list):
            return None
        return tuple(self._log_entry(entry, batch_id, zone) for entry in entries if isinstance(entry, dict))

    def _log_entry(self, entry: Mapping[str, Any], batch_id: str, zone: tzinfo | None) -> DeliveryReport:
        raw_status = read_int(entry.get("dlrStatus"))
        try:
            status: DlrStatus | None = None if raw_status is None else DlrStatus(raw_status)
        except ValueError:
            status = None
        if status is None:
            state, reason = DeliveryState.UNKNOWN, "undocumented dlrStatus"
            if raw_status is None:
                reason = "no dlrStatus"
        else:
            state, reason = DLR_STATES[status]
        reference = entry.get("userReference")
        return DeliveryReport(
            message_id=read_id(entry.get("batchId")) or batch_id,
            recipient=read_msisdn(entry.get("receiver")),
            status=state,
            reason_code=None if raw_status is None else str(raw_status),
            reason=reason,
            reference=reference if isinstance(reference, str) and reference else None,
            sent_at=parse_time_sent(entry.get("timeSent"), zone),
            cost=read_number(entry.get("creditCost")),
            raw=MappingProxyType(dict(entry)),
        )

    # -- delivery-report callback ------------------------------------------------------

    def parse_callback(
        self, method: str, query: Mapping[str, str], body: bytes = b"", content_type: str | None = None
    ) -> tuple[DeliveryReport, ...]:
        """One report from a ``dlrUrl`` call, read with :data:`CALLBACK_FIELDS` (ASSUMED)."""
        params = untangle_appended_query(self._callback_params(method, query, body, content_type))
        field = CALLBACK_FIELDS
        recipient_text = pick_param(params, field["recipient"])
        if recipient_text is None:
            raise ValidationError("receiver", "is missing from the delivery report")
        recipient = read_msisdn(recipient_text)
        if recipient is None:
            raise ValidationError("receiver", "is not a phone number in international digits")
        state, code, reason = self._callback_state(params)
        zone = _local_zone(self.log_timezone)
        return (
            DeliveryReport(
                message_id=pick_param(params, field["message_id"]),
                recipient=recipient,
                status=state,
                reason_code=code,
                reason=reason,
                reference=pick_param(params, field["reference"]),
                sent_at=parse_time_sent(pick_param(params, field["time"]), zone),
                raw=MappingProxyType(params),
            ),
        )

    @staticmethod
    def _callback_state(params: Mapping[str, str]) -> tuple[DeliveryState, str, str]:
        """``dlrStatus`` (send-log values) first, else CPSMS ``status``; a number neither
        table knows is an honest unknown, anything not a number is malformed."""
        for meaning, table in _CALLBACK_STATUS_TABLES:
            names = CALLBACK_FIELDS[meaning]
            text = pick_param(params, names)
            if text is None:
                continue
            value = read_int(text)
            if value is None:
                raise ValidationError(names[0], f"{excerpt(text, limit=20)!r} is not a numeric status")
            state, reason = table.get(value, (DeliveryState.UNKNOWN, "undocumented status"))
            return state, str(value), reason
        raise ValidationError("dlrStatus", "no delivery status (dlrStatus or status) in the delivery report")

    def _read(self, request: HttpRequest, response: HttpResponse, pick: Callable[[Mapping[str, Any]], T | None]) -> T:
        return self.replies.read(request, response, pick, self._error)

    # -- errors ----------------------------------------------------------------------

    def _error(self, response: HttpResponse, data: Mapping[str, Any], request: HttpRequest) -> NotifyError:
        """The error a JSON reply without the expected content stands for.

        A ``messageCode`` from the table decides; an unknown code (the platform may add
        some) falls back to the HTTP status, keeping the code and the provider's text.
        """
        code = read_int(data.get("messageCode"))
        known = RESPONSE_CODES.get(code) if code is not None else None
        message = data.get("message")
        text = self.replies.excerpt(message, limit=200) if isinstance(message, str) and message.strip() else None
        if code is not None and known is not None:
            if known.error is None:
                return self.replies.unexpected(response, f"code {code} ({known.text}) but not the expected content")
            if code == REPORT_CODE:
                return self.replies.unexpected(response, f"code {code} but no rejected list")
            return self._code_error(response, code, known, text or known.text)
        if response.status in HTTP_STATUSES:
            return self.replies.status_error(response, request, text or self.replies.body(response), code)
        return self.replies.unexpected(response, "an undocumented reply")

    def _code_error(self, response: HttpResponse, code: int, known: ResponseCode, text: str) -> NotifyError:
        hint = HINTS.get(code)
        message = f"{self.name}: {text} (code {code}, HTTP {response.status})"
        if hint:
            message += f"; {hint.format(api_url=self.api_url)}"
        match = _COOL_DOWN.search(text)
        cool_down = float(match.group(1)) if match else None
        return provider_error(known.error or _UNCLEAR, message, response, code=code, text=text, retry_after=cool_down)


__all__ = [
    "CALLBACK_FIELDS",
    "CPSMS_STATES",
    "DLR_STATES",
    "FORMATS",
    "HTTP_STATUSES",
    "MAX_REFERENCE_LENGTH",
    "RESPONSE_CODES",
    "SERVICES",
    "CompayaBatch",
    "CompayaProvider",
    "CompayaService",
    "DlrStatus",
    "ResponseCode",
    "parse_time_sent",
    "untangle_appended_query",
    "validate_callback_url",
]
