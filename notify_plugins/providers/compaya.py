"""The Compaya A/S SMS platform, sold as ProSMS.se and SMS.dk.

Both services run one API and differ only in host, country and name, so
:class:`CompayaProvider` holds all the platform knowledge and :mod:`.prosms` /
:mod:`.smsdk` only configure it. The facts, with their sources, are in
``docs/providers/prosms.md`` and ``docs/providers/smsdk.md``; in short:

* ``POST /v1/sms/send`` with a JSON body and ``Authorization: Bearer <key>`` ("ProSMS.se API
  Documentation", docs.prosms.se, and "SMS.dk API Documentation", docs.sms.dk: "A request
  is authenticated by a bearer token header"; "All data must be send as JSON"; every
  independent client does the same).
* ``receiver`` is the MSISDN without ``+`` as a JSON **integer**, as most clients send it;
  the server's own messages ("Phone number should be specified as a number", code 1014)
  ask for a number. Several numbers go as one comma-joined string, as the vendor
  WordPress plugin (wp-sms/wp-sms) sends them; error 1059 points at "the returned rejected
  array". How many a request may carry is not documented (ASSUMED: 50,
  :attr:`CompayaProvider.max_recipients_per_request`), and if the platform refuses the form
  (1047, 1060) the provider falls back to one a request.
* ``format`` is ``gsm`` or ``unicode`` and ``encoding`` is ``utf8`` (broberg-ai/components,
  wp-sms/wp-sms and several apps agree). ``userReference`` has at most 50 characters (the
  documented error 1046).
* Success is never read from the HTTP status alone: a recipient is accepted when it is in
  ``result.report.accepted``. HTTP 207 (``messageCode`` 3000) mixes accepted and rejected
  recipients; HTTP 409 with ``messageCode`` 1059 puts every rejection in
  ``errorResult.report.rejected`` (the four reply shapes broberg-ai/components quotes from
  the Postman collection).
* Every other failure is ``{"status": "error", "messageCode": N, "message": ...}`` with N
  from the documented response-code tables, kept here as data in :data:`RESPONSE_CODES`.
* ``GET /v1/user/getcreditvalue`` answers ``{"result": <credit>}`` (broberg-ai/components
  measured that the path without ``/v1`` is a 404).
* ``GET /v1/sendername/list`` answers ``{"result": [{"senderName": ...}, ...]}`` (wp-sms/wp-sms).
* ``POST /v1/sms/listlog`` with ``{"batchId", "limit"}`` answers the send log with a
  ``dlrStatus`` per recipient (broberg-ai/components' live capture); see :class:`DlrStatus`.

**Delivery-report callback (ASSUMED; correct :data:`CALLBACK_FIELDS` when known).** A send
with ``dlrUrl`` makes the platform call that URL, with GET (broberg-ai/components,
wp-sms/wp-sms); the parameter names are not documented. Two vocabularies are plausible and
both are read: the send log's (``receiver``, ``dlrStatus``, ``batchId``, ``userReference``,
``timeSent``; broberg-ai/components' guess) and that of the sister service CPSMS, whose
published v2 documentation appends ``?status=x&receiver=xx`` to the ``dlr_url`` (``status``
1 delivered, 2 failed, 3 buffered, 4 abandoned; :data:`CPSMS_STATES`). The two status tables
agree where they overlap. Parameters may come in the query string or, should the platform
POST as CPSMS does, in a form or JSON body. ``receiver`` and a status are required. A user's
``callback_url`` may carry its own query: the second ``?`` that appending then makes is
undone (:func:`untangle_appended_query`).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from enum import IntEnum
from types import MappingProxyType
from typing import Any, ClassVar
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
from ..http.types import HttpRequest, HttpResponse, JsonEndpoint, excerpt
from ..message import Message
from ..results import RecipientResult, Status
from ..validation import normalize_number
from .base import COMMON_STATUSES, Balance, BatchNotSent, Call, Provider, ReplyReader, SendBatch, StatusTable
from .values import credential, read_id, read_int, read_msisdn, read_number, secret_spellings

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
"""The documented error 1046: "Max 50 chars in userReference"."""

MAX_LOG_LIMIT = 1000
"""``listlog`` takes a ``limit`` of 1..1000 (broberg's guard, MED)."""


# -- the response-code tables of the ProSMS.se and SMS.dk API Documentation (they agree) -------


@dataclass(frozen=True, slots=True)
class ResponseCode:
    """One row of the platform's ``messageCode`` tables.

    ``error`` is the class a caller gets when the code is the answer to a request (a
    refusal unless said otherwise); ``None`` for the mixed (3000) and success
    (5000-5014) codes.
    """

    http_status: int
    text: str
    error: type[NotifyError] | None = ProviderRejectedError


RESPONSE_CODES: Mapping[int, ResponseCode] = MappingProxyType(
    {
        # 1000 is an internal error: the request may or may not have been acted on, so its
        # recipients end unknown (ProviderResponseError), as for any HTTP 500.
        1000: ResponseCode(500, "Something went wrong.", ProviderResponseError),
        1002: ResponseCode(400, 'Parameter "receiver" is required.'),
        1003: ResponseCode(400, 'Parameter "senderName" is required.'),
        1004: ResponseCode(400, 'Parameter "message" is required.'),
        1005: ResponseCode(400, 'Parameter "contactName" is required.'),
        1006: ResponseCode(400, 'Parameter "groupName" is required.'),
        1007: ResponseCode(400, 'Parameter "phoneNumber" required.'),
        1008: ResponseCode(400, 'Parameter "groupId" is required.'),
        1009: ResponseCode(409, "Format not recognized."),
        1010: ResponseCode(409, "Encoding format not recognized."),
        1011: ResponseCode(
            400,
            'Parameter "senderName" is required and must be between 3 and max 11 characters in length. Or 15 digits.',
        ),
        1012: ResponseCode(406, 'Characters not allowed in "senderName".'),
        1013: ResponseCode(409, 'Parameter "dlrUrl" is not a valid URL.'),
        1014: ResponseCode(409, "Phone number should be specified as a number."),
        1015: ResponseCode(409, "Country code and phone number do not match."),
        1016: ResponseCode(409, "No contacts in group."),
        1017: ResponseCode(409, 'Parameter "senderName" is not a approved sender name.'),
        1018: ResponseCode(400, "Could not create user."),
        1019: ResponseCode(400, "Could not update user."),
        1020: ResponseCode(400, "Could not delete user."),
        1021: ResponseCode(406, "A group with that name already exists."),
        1022: ResponseCode(406, "You have reached the limit of allowed groups."),
        1023: ResponseCode(400, "Group not found."),
        1024: ResponseCode(409, "There is no group(s) to return."),
        1025: ResponseCode(406, "Contact already exists."),
        1026: ResponseCode(409, "Contact not found."),
        1027: ResponseCode(400, "Contact not found in group."),
        1028: ResponseCode(409, 'Parameter "scheduled" needs to be at least 10 minutes in the future.'),
        1029: ResponseCode(409, "The date and time is not following the ISO 8601 standard."),
        1030: ResponseCode(402, "You do not have sufficient credits.", InsufficientCreditError),
        1031: ResponseCode(409, "Already exists"),
        1032: ResponseCode(400, "Must be between 3 and max 11 characters in length. Or 15 digits."),
        1033: ResponseCode(409, "Nothing to return"),
        1034: ResponseCode(400, "Groups with contacts, cannot be deleted."),
        1035: ResponseCode(409, 'Parameter "id" required.'),
        1036: ResponseCode(409, 'Parameter "username" required.'),
        1037: ResponseCode(401, "Login credentials invalid.", AuthenticationError),
        1038: ResponseCode(401, "Basic authentication missing.", AuthenticationError),
        # 1039, 1056 and 1057 come with HTTP 401 but are about managing sub-users, not
        # about the key being refused.
        1039: ResponseCode(401, "Password not changed."),
        1040: ResponseCode(409, "One or more parameters missing."),
        1041: ResponseCode(409, 'Parameter "countryCode" is required.'),
        1042: ResponseCode(409, "Contactname is too short. I must be at least 2 characters long."),
        1043: ResponseCode(409, "Country code is wrong. It must consist of exactly two characters."),
        1044: ResponseCode(409, "Data is missing."),
        1045: ResponseCode(409, "Phone number is not valid."),
        1046: ResponseCode(409, 'Max 50 chars in "userReference".'),
        1047: ResponseCode(409, 'Parameter "receiver" needs to be a digit.'),
        1048: ResponseCode(409, 'Define parameter "reference" or a "batchId".'),
        1049: ResponseCode(409, "There is no record to delete."),
        1050: ResponseCode(409, "There is a cool down. remaining: ", RateLimitedError),
        # A JSON 1051 is the platform itself saying the path does not exist: nothing was
        # sent, so it is a refusal (with a hint at api_url), not an unclear response.
        1051: ResponseCode(404, "The End point you are trying to reach do not exist."),
        1052: ResponseCode(401, "No user found.", AuthenticationError),
        1053: ResponseCode(409, "Token is missing.", AuthenticationError),
        1054: ResponseCode(401, "Invalid token.", AuthenticationError),
        1055: ResponseCode(401, "Action not permitted.", AuthenticationError),
        1056: ResponseCode(401, "Points not transferred."),
        1057: ResponseCode(401, "Users with points and no parent user, can't be deleted."),
        1058: ResponseCode(401, "User does not have a key set.", AuthenticationError),
        1059: ResponseCode(409, "See specific error in returned rejected array."),
        1060: ResponseCode(409, 'Parameter "receiver" must be of numeric characters only.'),
        1061: ResponseCode(400, "User already exists."),
        1062: ResponseCode(406, "Dial code is missing."),
        1063: ResponseCode(409, "Phone number too short"),
        1064: ResponseCode(409, "Phone number too long"),
        1065: ResponseCode(409, "Phone number might be a local number"),
        1066: ResponseCode(409, "The country is not supported"),
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
"""``messageCode`` -> (HTTP status, text, error class), as the documentation's three tables
(error, mixed, success) list them."""

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
        400: (ProviderRejectedError, "refused the request"),
        401: (AuthenticationError, "refused the API key"),
        402: (InsufficientCreditError, "reports too little credit"),
        403: (AuthenticationError, "refused the API key"),
        406: (ProviderRejectedError, "refused the request"),
        409: (ProviderRejectedError, "refused the request"),
    }
)
"""What an HTTP status means when the body carries no ``messageCode`` from the table."""

WITHOUT_BODY: frozenset[int] = frozenset({401, 403, 404, 429, 503})
"""Statuses that say enough even when the body is not JSON (the platform answers JSON, so
a 400/409 without it comes from something else and is an unclear response). 401/403
mean a bad key (wp-sms/wp-sms); a 404 is an HTML page (broberg-ai/components); 429/503 are
refusals to act."""

_COOL_DOWN = re.compile(r"remaining:\s*([0-9]{1,9}(?:\.[0-9]+)?)")


# -- delivery states (listlog) -----------------------------------------------------------


class DlrStatus(IntEnum):
    """``dlrStatus`` in the send log (broberg-ai/components' live capture, ``docs/providers/prosms.md``)."""

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
"""GET as the independent clients expect; POST as CPSMS documents for its ``dlr_url``."""

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


def parse_compaya_time(value: object, zone: tzinfo | None) -> datetime | None:
    """``DD.MM.YYYY HH.MM.SS`` (dots in the time, as in the live log) in ``zone``, else None."""
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
        # The Postman environments of the two API documentations set ``url`` and ``countryCode`` to these.
        "prosms": CompayaService("prosms", "ProSMS.se", "https://api.prosms.se", "SE"),
        "smsdk": CompayaService("smsdk", "SMS.dk", "https://api.sms.dk", "DK"),
    }
)
"""The two brands: host, country and name are all that differ."""


@dataclass(slots=True)
class ReceiverFallback:
    """One send's fall back from comma-joined receivers to one number a request.

    :meth:`CompayaProvider.build_send` makes one for each send and gives it to every batch
    it yields; :meth:`CompayaProvider.parse_send` records in it the numbers of a batch the
    platform refused for its ``receiver`` form, and the send takes them again, one a
    request, before its next batch. A send's state lives here, in the open; the provider
    keeps only what holds for the account (:attr:`CompayaProvider.one_receiver_per_request`).
    """

    one_by_one: bool
    refused: list[str] = field(default_factory=list)

    def refuse(self, recipients: tuple[str, ...]) -> None:
        self.one_by_one = True
        self.refused += recipients

    def take_refused(self) -> list[str]:
        taken, self.refused = self.refused, []
        return taken


@dataclass(frozen=True, slots=True)
class CompayaBatch(SendBatch):
    """A send request, with the fallback state of the send it belongs to."""

    fallback: ReceiverFallback | None = field(default=None, repr=False, compare=False)


class CompayaProvider(Provider):
    """The platform; use :class:`~.prosms.ProsmsProvider` or :class:`~.smsdk.SmsdkProvider`.

    **Recipients per request.** Up to :attr:`max_recipients_per_request` numbers go in one
    request as a comma-joined ``receiver`` string (a single number stays a JSON integer).
    The vendor WordPress plugin (wp-sms/wp-sms, the SMS gateways for ProSMS.se and SMS.dk,
    maintained since 2023 through several fixes) sends that form, the reply has
    per-recipient ``accepted``/``rejected`` lists under one ``batchId``, and error 1059
    points at "the returned rejected array". Each recipient's outcome is read from those
    lists; one the reply names in neither is reported unknown (SendOperation's rule), never
    accepted and never sent again. Should the platform refuse the comma form as a
    malformed ``receiver`` (1047 "needs to be a digit", 1060 "must be of numeric characters
    only"), nothing was sent: the batch's recipients are sent again one a request, once
    (:class:`ReceiverFallback`), and :attr:`one_receiver_per_request` remembers it for this
    account (this provider instance). ``max_recipients_per_request = 1`` on a subclass
    sends one a request from the start.
    """

    key: ClassVar[str]
    name: ClassVar[str]
    default_api_url: ClassVar[str | None]
    max_parts = 3
    """No limit is documented for the platform, and its response codes have none for "message
    too long" to tell us when we overstep. The one number documented in this family is the
    459 characters (3 concatenated parts) that Compaya's sister gateway CPSMS allowed per
    message (its legacy API, as the public cpsms Ruby client records it). Three parts (459
    GSM / 201 UCS-2 characters) is ample for a notification, and a longer text is refused
    here, visibly, instead of being cut or refused by an unknown server rule. A subclass
    may raise it once an account is known to take more."""
    max_reference_length = MAX_REFERENCE_LENGTH
    reference_field = "userReference"
    credentials = (("api_key",),)
    max_recipients_per_request: int = 50
    """Numbers per request. No maximum is documented; 50 keeps one refusal (or one unclear
    reply, whose recipients all end unknown) small, and is far above a household's list."""
    one_receiver_per_request: bool = False
    """Set once the platform has refused a comma-joined ``receiver`` for this account."""
    log_timezone: ClassVar[str] = "Europe/Copenhagen"
    """``timeSent`` carries no zone. Compaya A/S is Danish and both services sell in
    CET/CEST countries, so the log's local times are read in Copenhagen time (INFERRED);
    where no zone database is installed the times stay naive."""

    supports_balance = True
    supports_sender_names = True
    supports_delivery_status = True
    supports_callback = True
    callback_methods = CALLBACK_METHODS

    def __init_subclass__(cls, service: CompayaService | None = None, **kwargs: Any) -> None:
        """``class ProsmsProvider(CompayaProvider, service=SERVICES["prosms"])`` names a brand."""
        super().__init_subclass__(**kwargs)
        if service is not None:
            cls.key, cls.name = service.key, service.name
            cls.default_api_url, cls.default_country = service.api_url, service.country

    def __init__(self, *, api_key: str, api_url: str | None = None, callback_url: str | None = None) -> None:
        super().__init__(api_url=api_url, callback_url=callback_url)
        self._api_key = credential("api_key", api_key)
        self._send = JsonEndpoint.create(self.url(SEND_PATH), self._headers())
        self.replies = ReplyReader(
            self.name, self.api_url, secret_spellings(self._api_key), HTTP_STATUSES, WITHOUT_BODY, self._error
        )

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self._api_key,)

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._api_key}"}

    # -- sending ---------------------------------------------------------------------

    @property
    def recipients_per_request(self) -> int:
        return 1 if self.one_receiver_per_request else super().recipients_per_request

    def _batches(self, message: Message) -> Iterator[CompayaBatch]:
        """Batches of comma-joined receivers; after a refusal of that form (see
        :meth:`parse_send`) the refused batch's numbers come again one a request."""
        if len(message.recipients) == 1:  # one number has no comma form to fall back from
            yield self._batch(message, message.recipients, None)
            return
        fallback = ReceiverFallback(one_by_one=self.recipients_per_request == 1)
        pending = deque(message.recipients)
        while pending:
            size = 1 if fallback.one_by_one else self.recipients_per_request
            recipients = tuple(pending.popleft() for _ in range(min(size, len(pending))))
            yield self._batch(message, recipients, fallback)
            pending.extendleft(reversed(fallback.take_refused()))

    def _batch(self, message: Message, recipients: tuple[str, ...], fallback: ReceiverFallback | None) -> CompayaBatch:
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
        return CompayaBatch(self._send.post(payload), recipients, message.segments.parts, fallback)

    def parse_send(self, batch: SendBatch, response: HttpResponse) -> list[RecipientResult]:
        """Per-recipient results from ``report.accepted`` / ``report.rejected`` whatever the
        HTTP status; without a report, the ``messageCode`` (or HTTP status) is raised."""
        data = self.replies.json(response)
        if data is None:
            raise self.replies.bodiless_error(response, batch.request)
        found = self._report(data, response)
        if found is None:
            error = self.replies.error(response, data, batch.request)
            if len(batch.recipients) > 1 and error.code in RECEIVER_FORM_CODES:
                self.one_receiver_per_request = True
                if isinstance(batch, CompayaBatch) and batch.fallback is not None:
                    batch.fallback.refuse(batch.recipients)
                raise BatchNotSent(str(error), code=error.code, text=error.text)
            raise error
        holder, accepted, rejected = found
        parts = read_int(holder.get("messageSize"))
        if parts is None or parts < 1:
            parts = batch.parts
        batch_id = read_id(holder.get("batchId"))
        wanted = set(batch.recipients)
        results: dict[str, RecipientResult] = {}
        for entry in accepted:  # first: a number seen twice here is simply accepted
            number = read_msisdn(entry.get("receiver")) if isinstance(entry, dict) else None
            if number is not None and number in wanted:
                cost = read_number(entry.get("creditCost"))
                results[number] = RecipientResult(number, Status.ACCEPTED, batch_id, parts=parts, cost=cost)
        for entry in rejected:
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
    ) -> tuple[Mapping[str, Any], list[Any], list[Any]] | None:
        """``(holder, accepted, rejected)`` from ``result.report`` or ``errorResult.report``;
        None if absent."""
        for name in ("result", "errorResult"):
            holder = data.get(name)
            if not isinstance(holder, dict) or "report" not in holder:
                continue
            report = holder["report"]
            if not isinstance(report, dict) or ("accepted" not in report and "rejected" not in report):
                raise self.replies.unexpected(response, "a report without accepted/rejected lists")
            accepted, rejected = report.get("accepted", []), report.get("rejected", [])
            if not isinstance(accepted, list) or not isinstance(rejected, list):
                raise self.replies.unexpected(response, "a report whose accepted/rejected are not lists")
            return holder, accepted, rejected
        return None

    # -- other calls -----------------------------------------------------------------

    def balance(self) -> Call[Balance]:
        """``GET /v1/user/getcreditvalue``: the account's credit (``result``)."""
        request = HttpRequest.get(self.url(CREDIT_PATH), headers={"Accept": "application/json", **self._headers()})
        return self.replies.call(request, self._pick_balance)

    @staticmethod
    def _pick_balance(data: Mapping[str, Any]) -> Balance | None:
        amount = read_number(data.get("result"), negative=True)  # an overdrawn account may go below zero
        return None if amount is None else Balance(amount, "credits")

    def sender_names(self) -> Call[tuple[str, ...]]:
        """``GET /v1/sendername/list``: the sender names on the account, in the given order."""
        request = HttpRequest.get(
            self.url(SENDER_NAMES_PATH), headers={"Accept": "application/json", **self._headers()}
        )
        return self.replies.call(request, self._pick_sender_names)

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

    def delivery_status(
        self, message_id: str, recipient: str | None = None, *, limit: int = 100
    ) -> Call[tuple[DeliveryReport, ...]]:
        """``POST /v1/sms/listlog``: the log entries (one per recipient) of a send.

        ``message_id`` is a recipient's ``message_id`` from the send result (the send's
        ``batchId``); with ``recipient``, only that number's entries are kept; ``limit`` is
        1..1000 entries.
        """
        if not isinstance(message_id, str) or not message_id.strip() or not message_id.strip().isprintable():
            raise ValidationError("message_id", "must be the batchId (message_id) a send returned")
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LOG_LIMIT:
            raise ValidationError("limit", f"must be a whole number from 1 to {MAX_LOG_LIMIT}")
        number = None if recipient is None else normalize_number(recipient)
        wanted = message_id.strip()
        request = HttpRequest.post_json(self.url(LOG_PATH), {"batchId": wanted, "limit": limit}, self._headers())
        zone = _local_zone(self.log_timezone)

        def pick(data: Mapping[str, Any]) -> tuple[DeliveryReport, ...] | None:
            reports = self._pick_log(data, wanted, zone)
            if reports is None or number is None:
                return reports
            return tuple(report for report in reports if report.recipient == number)

        return self.replies.call(request, pick)

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
            sent_at=parse_compaya_time(entry.get("timeSent"), zone),
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
        recipient = read_msisdn(require_param(params, field["recipient"]))
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
                sent_at=parse_compaya_time(pick_param(params, field["time"]), zone),
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
        if code is None or known is None:
            return self.replies.by_status(response, request, text, code)
        if known.error is None:
            return self.replies.unexpected(response, f"code {code} ({known.text}) but not the expected content")
        if code == REPORT_CODE:
            return self.replies.unexpected(response, f"code {code} but no rejected list")
        text = text or known.text
        cool_down = _COOL_DOWN.search(text)
        return self.replies.code_error(
            response,
            known.error,
            code,
            text,
            shown=f"code {code}",
            hint=HINTS.get(code),
            retry_after=float(cool_down.group(1)) if cool_down else None,
        )


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
    "ReceiverFallback",
    "ResponseCode",
    "parse_compaya_time",
    "untangle_appended_query",
]
