"""What every provider is: a translator between messages and HTTP, with no I/O.

A provider turns a checked :class:`~notify_plugins.message.Message` into :class:`SendBatch`
values (one HTTP request and the recipients it covers) and turns each batch's
:class:`~notify_plugins.http.HttpResponse` into per-recipient results. Account level
failures (bad key, no credit, rate limited) are raised as the matching
:mod:`~notify_plugins.errors` class; :class:`~notify_plugins.sending.SendOperation` turns
them into results for the batch. Other calls (balance, delivery status...) are
:class:`Call` values: a request plus the function that reads its response.

What a provider can do besides sending is declared once, on its class (the ``supports_*``
attributes and ``callback_methods``); adapters read those declarations and never ask for
a provider's class.

:class:`ReplyReader` is the one place where a reply becomes JSON or an error: each
provider configures it with its table of HTTP statuses and keeps only the meaning of its
own codes, which it hands to the reader.
"""

from __future__ import annotations

import hashlib
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, ClassVar, Generic, TypeVar

from ..delivery import DeliveryReport, callback_method, callback_params
from ..errors import NotifyError, ProviderRejectedError, ProviderResponseError, RateLimitedError, ValidationError
from ..http.policy import parse_retry_after
from ..http.ratelimit import RateLimit
from ..http.types import HttpRequest, HttpResponse, excerpt, join_url
from ..message import Message
from ..results import RecipientResult
from ..validation import validate_api_url, validate_sender
from .values import validate_callback_url

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SendBatch:
    """One HTTP request of a send, the (normalised) recipients it carries, and the SMS
    parts each of them costs as counted before sending (replies rarely say)."""

    request: HttpRequest
    recipients: tuple[str, ...]
    parts: int | None = None


class BatchNotSent(ProviderRejectedError):
    """The provider refused a batch's form before sending anything, and its recipients
    come again in later batches of the same ``build_send`` (ProSMS.se and SMS.dk fall
    back from a comma-joined ``receiver`` to one number a request).
    :class:`~notify_plugins.sending.SendOperation` records no result for the batch;
    any other caller sees what it also is: a refusal with nothing sent."""


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """A single request whose response ``parse`` turns into a ``T`` (or raises)."""

    request: HttpRequest
    parse: Callable[[HttpResponse], T]


@dataclass(frozen=True, slots=True)
class Balance:
    """Remaining credit as the provider reports it (its own unit: money or SMS credits)."""

    amount: float
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class AccountName:
    """How a provider names the account behind a set of credentials.

    ``id`` is the provider's own identity of the account, so it stays the same when the
    key changes; ``label`` is what a person knows the account by.
    """

    id: str
    label: str


StatusTable = Mapping[int, tuple[type[NotifyError], str]]
"""HTTP status -> (error class, what the provider did, as words after its name). The words
may name ``{api_url}``."""


COMMON_STATUSES: StatusTable = MappingProxyType(
    {
        404: (ProviderResponseError, "has no such path: check that api_url is the API base ({api_url})"),
        405: (ProviderResponseError, "does not take this method here: check that api_url is the API base ({api_url})"),
        429: (RateLimitedError, "is rate limiting"),
        503: (ProviderRejectedError, "is unavailable and did not process the request"),
    }
)
"""What every HTTP API means by these statuses; the Compaya, Smstools and Spryng tables
start from it. A 404 or 405 usually means ``api_url`` points somewhere else, and a reply
from somewhere else says nothing about the SMS (unclear); 429 and 503 are refusals to act
(:mod:`notify_plugins.http.policy`). The gateway keeps a table of its own: its base is the
user's host, which its 404 and 405 words name, and it documents no 503."""

_BARE_CODE = re.compile(r"-?[0-9]{1,6}")

CodeReader = Callable[[HttpResponse, Mapping[str, Any], HttpRequest], NotifyError]
"""A provider's reading of its own error codes in a JSON reply: (response, reply, request) -> error."""


def _never(data: Mapping[str, Any]) -> bool:
    return False


@dataclass(frozen=True, slots=True)
class ReplyReader:
    """How one provider's replies are read: JSON objects, bare codes, HTTP statuses, errors.

    ``statuses`` says what a status means when the body does not say more;
    ``without_body`` are the statuses that mean it even when the body is not JSON (a
    400 without the provider's JSON came from something else, a proxy say, and stays an
    unclear response). ``codes`` reads the provider's own error codes in a JSON reply, and
    ``failed`` tells a reply that is an error whatever its HTTP status. Every excerpt is
    scrubbed of ``scrub``, the credentials' spellings, since a reply may echo them (an
    error page quoting the request's query string). Every error a reply stands for is built
    here, so they all read alike: the provider's name, what it did or said, its code and
    the HTTP status.
    """

    name: str
    api_url: str
    scrub: tuple[str, ...]
    statuses: StatusTable
    without_body: frozenset[int] = frozenset()
    codes: CodeReader | None = None
    failed: Callable[[Mapping[str, Any]], bool] = _never

    # -- bodies --------------------------------------------------------------------------

    def json(self, response: HttpResponse) -> dict[str, Any] | None:
        """The body as a JSON object, or None when it is anything else."""
        try:
            return response.json_object(self.scrub)
        except ProviderResponseError:
            return None

    @staticmethod
    def bare_code(response: HttpResponse) -> str | None:
        """The body as a bare number (the reply codes of plain-text APIs), or None."""
        text = response.text.strip()
        return text if _BARE_CODE.fullmatch(text) else None

    def excerpt(self, value: bytes | str, limit: int = 120) -> str:
        """Provider text fit for an error message: a reply may echo the credentials."""
        return excerpt(value, self.scrub, limit=limit)

    def body(self, response: HttpResponse) -> str | None:
        """The body as an error's detail; None for an empty one, so the error's text is absent, not blank."""
        return self.excerpt(response.body) or None

    # -- errors --------------------------------------------------------------------------

    def unexpected(self, response: HttpResponse, what: str) -> ProviderResponseError:
        """A reply that none of the documented shapes explains: its recipients end unknown."""
        return ProviderResponseError(
            f"{self.name} answered HTTP {response.status} with {what}: {self.excerpt(response.body)!r}",
            code=response.status,
        )

    def bodiless_error(self, response: HttpResponse, request: HttpRequest) -> NotifyError:
        """A reply that is not a JSON object: only a few statuses say anything by themselves."""
        if response.status in self.without_body:
            return self.status_error(response, request, self.body(response))
        what = "an empty body" if not response.body.strip() else "a body that is not a JSON object"
        return self.unexpected(response, what)

    def by_status(
        self, response: HttpResponse, request: HttpRequest, detail: str | None = None, code: int | str | None = None
    ) -> NotifyError:
        """A reply none of the provider's own codes explains, read by its HTTP status: the
        table's meaning for a failure status it lists, else an unclear response."""
        if 200 <= response.status < 300 or response.status not in self.statuses:
            return self.unexpected(response, "an undocumented reply")
        return self.status_error(response, request, detail or self.body(response), code)

    def status_error(
        self,
        response: HttpResponse,
        request: HttpRequest,
        detail: str | None,
        code: int | str | None = None,
        meaning: tuple[type[NotifyError], str] | None = None,
    ) -> NotifyError:
        """The error ``statuses`` (or ``meaning``, where the body says more) gives the
        response's HTTP status, naming the endpoint."""
        known = meaning or self.statuses.get(response.status)
        endpoint = f"{request.method} {request.url.removeprefix(self.api_url)}"
        if known is None or 200 <= response.status < 300:
            return ProviderResponseError(
                f"{self.name} answered {endpoint} with undocumented HTTP {response.status}: {detail or 'empty body'!r}",
                code=response.status,
            )
        error, words = known
        text = f"{self.name} {words.format(api_url=self.api_url)} (HTTP {response.status} to {endpoint})"
        if detail:
            text += f": {detail}"
        return _error(error, text, response, code=response.status if code is None else code, text=detail)

    def code_error(
        self,
        response: HttpResponse,
        error: type[NotifyError],
        code: int | str | None,
        text: str,
        *,
        shown: str | None = None,
        hint: str | None = None,
        retry_after: float | None = None,
    ) -> NotifyError:
        """The error one of the provider's own codes stands for: ``error`` with the code's
        ``text``, the code as ``shown`` (the code itself by default) and a ``hint`` at what
        to do, which may name ``{api_url}``."""
        label = shown if shown is not None else (None if code is None else str(code))
        where = f"{label}, HTTP {response.status}" if label else f"HTTP {response.status}"
        message = f"{self.name}: {text} ({where})"
        if hint:
            message += f"; {hint.format(api_url=self.api_url)}"
        return _error(error, message, response, code=code, text=text, retry_after=retry_after)

    def error(self, response: HttpResponse, data: Mapping[str, Any], request: HttpRequest) -> NotifyError:
        """The error a JSON reply stands for: the provider's own codes, else its HTTP status."""
        return self.by_status(response, request) if self.codes is None else self.codes(response, data, request)

    # -- calls ---------------------------------------------------------------------------

    def read(
        self,
        request: HttpRequest,
        response: HttpResponse,
        pick: Callable[[Mapping[str, Any]], T | None],
        *,
        missing: str | None = None,
    ) -> T:
        """A call's value: ``pick`` of a 2xx JSON reply that is not ``failed``, else the
        error the reply stands for (:meth:`error`). ``missing`` says what a 2xx reply that
        ``pick`` finds nothing in lacks, where the provider's codes cannot say more."""
        data = self.json(response)
        if data is None:
            raise self.bodiless_error(response, request)
        ok = 200 <= response.status < 300 and not self.failed(data)
        value = pick(data) if ok else None
        if value is None:
            raise self.unexpected(response, missing) if ok and missing else self.error(response, data, request)
        return value

    def call(
        self, request: HttpRequest, pick: Callable[[Mapping[str, Any]], T | None], *, missing: str | None = None
    ) -> Call[T]:
        """A :class:`Call` of ``request`` whose reply is :meth:`read` with ``pick``."""
        return Call(request, lambda response: self.read(request, response, pick, missing=missing))


def _error(
    error: type[NotifyError],
    message: str,
    response: HttpResponse,
    *,
    code: int | str | None,
    text: str | None,
    retry_after: float | None = None,
) -> NotifyError:
    """``error`` built with the response's ``Retry-After`` when it is a rate limit."""
    if error is RateLimitedError:
        wait = retry_after if retry_after is not None else parse_retry_after(response.header("retry-after"))
        return RateLimitedError(message, retry_after=wait, code=code, text=text)
    return error(message, code=code, text=text)


class Provider(ABC):
    """Base class of the five providers.

    **A send.** :meth:`build_send` yields the batches of one send lazily, and a provider
    may plan a later batch on what :meth:`parse_send` read from an earlier reply (Compaya's
    receiver fallback keeps that in a state object its batches carry). So parse each
    batch's response before taking the next batch, as
    :class:`~notify_plugins.sending.SendOperation` does. Taking every batch without parsing
    any gives the requests of a send that nothing refuses, which is what
    :meth:`request_count` counts.
    """

    key: ClassVar[str]
    """Scheme, Home Assistant domain and sandbox prefix (``prosms``, ``smsgw``...)."""
    name: ClassVar[str]
    """Human name, e.g. ``ProSMS.se``."""
    default_api_url: ClassVar[str | None]
    """Official API base; None where the user must give one (the gateway)."""
    default_country: ClassVar[str | None] = None
    """Region assumed for national numbers when the user gives none."""
    credentials: ClassVar[tuple[tuple[str, ...], ...]] = (("api_key",),)
    """Accepted sets of credential keyword arguments (Spryng takes either of two)."""
    rate_limit: ClassVar[RateLimit | None] = None

    # -- what a message may be --------------------------------------------------------------

    max_parts: ClassVar[int] = 6
    """Longest message, in SMS parts, the provider takes."""
    max_numeric_sender_digits: ClassVar[int] = 15
    """Longest numeric sender, in digits (the core allows 15)."""
    max_reference_length: ClassVar[int | None] = None
    """Longest ``reference``, in characters; None where the provider takes no reference."""
    reference_field: ClassVar[str] = "reference"
    """What the provider calls the reference, for the error that refuses a long one."""
    max_recipients_per_request: int = 1
    """Numbers one send request carries (1: a request per recipient)."""

    # -- what the provider can do besides sending (adapters read these, never the class) ---

    supports_balance: bool = False
    """:meth:`balance` reads the account's credit. An instance may narrow what its class
    declares to what its configuration allows (Spryng's Simple API has no balance call)."""
    supports_sender_names: ClassVar[bool] = False
    """:meth:`sender_names` lists the sender names the account may use."""
    supports_account_name: ClassVar[bool] = False
    """:meth:`account_name` asks the provider who the credentials belong to."""
    supports_delivery_status: ClassVar[bool] = False
    """:meth:`delivery_status` looks a sent message up."""
    delivery_status_needs_recipient: ClassVar[bool] = False
    """:meth:`delivery_status` needs the recipient's number as well as the message id."""
    supports_callback: ClassVar[bool] = False
    """True where a ``callback_url`` keyword sets a delivery-report URL on each send."""
    callback_methods: ClassVar[frozenset[str]] = frozenset()
    """HTTP methods the provider's delivery-report callback arrives with, which
    :meth:`parse_callback` reads; empty where the provider never calls back. Spryng calls
    back to a URL set in its portal, so it has methods without ``supports_callback``."""

    def __init__(self, *, api_url: str | None = None, callback_url: str | None = None) -> None:
        base = api_url or self.default_api_url
        if base is None:
            raise ValidationError("api_url", f"{self.name} needs the gateway's URL")
        self.api_url = validate_api_url(base)
        self.callback_url = None if callback_url is None else validate_callback_url(callback_url)
        """Where the provider sends delivery reports, given on each send (:attr:`supports_callback`)."""
        self._checked = object()
        """What a message checked by this provider carries (:meth:`check`), so it is checked once."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(api_url={self.api_url!r})"

    def url(self, path: str) -> str:
        return join_url(self.api_url, path)

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every credential value, so that excerpts and logs can be scrubbed."""
        return ()

    @property
    def account_id(self) -> str:
        """A stable, non-secret identity of the account (a digest of the credentials)."""
        material = "\0".join((self.key, *self.secrets)).encode()
        return hashlib.sha256(material).hexdigest()[:16]

    # -- checks ------------------------------------------------------------------------

    @classmethod
    def check_sender(cls, sender: object) -> str:
        """The sender as this provider sends it, or :class:`ValidationError` (``sender``):
        the core's rule and the provider's own, for a sender on its own."""
        cleaned = validate_sender(sender)
        cls._check_sender_digits(cleaned)
        return cleaned

    @classmethod
    def _check_sender_digits(cls, sender: str) -> None:
        if sender.isdigit() and len(sender) > cls.max_numeric_sender_digits:
            raise ValidationError(
                "sender",
                f"numeric sender has {len(sender)} digits; {cls.name} takes at most {cls.max_numeric_sender_digits}",
            )

    def check(self, message: Message) -> Message:
        """``message`` if this provider can send it, else :class:`ValidationError` naming
        the field; nothing is cut silently. The message is marked as checked for this
        provider, so that sending it does not check it again."""
        if message.segments.parts > self.max_parts:
            raise ValidationError(
                "message",
                f"is {message.segments.units} {message.segments.encoding} units, "
                f"{message.segments.parts} SMS parts; {self.name} takes at most {self.max_parts}",
            )
        self._check_sender_digits(message.sender)
        limit = self.max_reference_length
        if message.reference is not None and limit is not None and len(message.reference) > limit:
            raise ValidationError(
                "reference",
                f"has {len(message.reference)} characters; {self.name} takes at most {limit} ({self.reference_field})",
            )
        self._check_more(message)
        return message.checked_with(self._checked)

    def _check_more(self, message: Message) -> None:
        """Rules of a provider that are not limits (Spryng's route and Simple API text)."""
        return None

    # -- sending -----------------------------------------------------------------------

    @property
    def recipients_per_request(self) -> int:
        """How many numbers the next send request carries."""
        return max(1, self.max_recipients_per_request)

    def request_count(self, recipients: int) -> int:
        """Requests a send to ``recipients`` numbers makes when nothing is refused."""
        return -(-recipients // self.recipients_per_request)

    def build_send(self, message: Message) -> Iterator[SendBatch]:
        """The requests that deliver ``message`` to all its recipients.

        The message is checked first (:meth:`check`), right away, unless it already was for
        this provider; the batches come lazily (see the class docstring).
        """
        if not message.was_checked_with(self._checked):
            self.check(message)
        return self._batches(message)

    @abstractmethod
    def _batches(self, message: Message) -> Iterator[SendBatch]:
        """Yield the batches of a checked message."""

    def _chunks(self, recipients: tuple[str, ...]) -> Iterable[tuple[str, ...]]:
        size = self.recipients_per_request
        return (recipients[start : start + size] for start in range(0, len(recipients), size))

    @abstractmethod
    def parse_send(self, batch: SendBatch, response: HttpResponse) -> list[RecipientResult]:
        """Read one batch's response into one result per recipient of the batch."""

    # -- other calls (each declared by its ``supports_*``) -----------------------------------

    def balance(self) -> Call[Balance]:
        """The credit-balance call (:attr:`supports_balance`)."""
        raise NotImplementedError(f"{self.name} has no balance call")

    def sender_names(self) -> Call[tuple[str, ...]]:
        """The sender names on the account, in the provider's order (:attr:`supports_sender_names`)."""
        raise NotImplementedError(f"{self.name} does not list sender names")

    def account_name(self) -> Call[AccountName]:
        """Who the credentials belong to (:attr:`supports_account_name`)."""
        raise NotImplementedError(f"{self.name} does not name the account")

    def delivery_status(self, message_id: str, recipient: str | None = None) -> Call[tuple[DeliveryReport, ...]]:
        """What became of a sent message (:attr:`supports_delivery_status`).

        ``message_id`` is a recipient's ``message_id`` from the send result; ``recipient``
        is that recipient's number, which some providers need
        (:attr:`delivery_status_needs_recipient`) and the others use to keep only its report.
        """
        raise NotImplementedError(f"{self.name} has no delivery-status call")

    def parse_callback(
        self, method: str, query: Mapping[str, str], body: bytes = b"", content_type: str | None = None
    ) -> tuple[DeliveryReport, ...]:
        """Read one delivery-report callback request into its reports (:attr:`callback_methods`).

        The one entry point for every provider, so a web handler needs no per-provider
        branch: give it the request's method, query parameters, raw body and content type.
        A request that is not a well-formed report raises
        :class:`~notify_plugins.errors.ValidationError` (answer it with HTTP 400); providers
        without a callback raise ``NotImplementedError``.
        """
        raise NotImplementedError(f"{self.name} does not call back with delivery reports")

    def _callback_params(
        self, method: str, query: Mapping[str, str], body: bytes, content_type: str | None
    ) -> dict[str, str]:
        """A callback's parameters (query, then form or JSON body), once its method is one
        this provider calls back with."""
        callback_method(method, self.callback_methods, self.name)
        return callback_params(method, query, body, content_type)


__all__ = [
    "COMMON_STATUSES",
    "AccountName",
    "Balance",
    "BatchNotSent",
    "Call",
    "Provider",
    "ReplyReader",
    "SendBatch",
    "StatusTable",
]
