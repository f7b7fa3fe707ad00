"""What every provider is: a translator between messages and HTTP, with no I/O.

A provider turns a validated :class:`~notify_plugins.message.Message` into
:class:`SendBatch` values (one HTTP request and the recipients it covers) and turns each
batch's :class:`~notify_plugins.http.HttpResponse` into per-recipient results. Account
level failures (bad key, no credit, rate limited) are raised as the matching
:mod:`~notify_plugins.errors` class; :class:`~notify_plugins.sending.SendOperation`
turns them into results for the batch. Other calls (balance, status) are :class:`Call`
values: a request plus the function that reads its response.

:class:`ReplyReader` is the one place where a reply becomes JSON or an error: each
provider configures it with its table of HTTP statuses, and keeps only the mapping of
its own error codes.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
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
from ..validation import validate_api_url

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SendBatch:
    """One HTTP request of a send and the (normalised) recipients it carries."""

    request: HttpRequest
    recipients: tuple[str, ...]


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
(``http/policy.py``). The gateway keeps a table of its own: its base is the user's host,
which its 404 and 405 words name, and it documents no 503."""


def provider_error(
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


@dataclass(frozen=True, slots=True)
class ReplyReader:
    """How one provider's replies are read: JSON objects, HTTP statuses, excerpts.

    ``statuses`` says what a status means when the body does not say more;
    ``without_body`` are the statuses that mean it even when the body is not JSON (a
    400 without the provider's JSON came from something else, a proxy say, and stays an
    unclear response). Every excerpt is scrubbed of ``scrub``, the credentials' spellings.
    """

    name: str
    api_url: str
    scrub: tuple[str, ...]
    statuses: StatusTable
    without_body: frozenset[int] = frozenset()

    def json(self, response: HttpResponse) -> dict[str, Any] | None:
        """The body as a JSON object, or None when it is anything else."""
        try:
            return response.json_object(self.scrub)
        except ProviderResponseError:
            return None

    def excerpt(self, value: bytes | str, limit: int = 120) -> str:
        """Provider text fit for an error message: a reply may echo the credentials."""
        return excerpt(value, self.scrub, limit=limit)

    def body(self, response: HttpResponse) -> str | None:
        """The body as an error's detail; None for an empty one, so the error's text is absent, not blank."""
        return self.excerpt(response.body) or None

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
        return provider_error(error, text, response, code=response.status if code is None else code, text=detail)

    def read(
        self,
        request: HttpRequest,
        response: HttpResponse,
        pick: Callable[[Mapping[str, Any]], T | None],
        error: Callable[[HttpResponse, Mapping[str, Any], HttpRequest], NotifyError],
        failed: Callable[[Mapping[str, Any]], bool] = lambda data: False,
    ) -> T:
        """A call's value: ``pick`` of a 2xx JSON reply that is not ``failed``, else the
        error the reply describes (``error`` reads the provider's own codes)."""
        data = self.json(response)
        if data is None:
            raise self.bodiless_error(response, request)
        value = pick(data) if 200 <= response.status < 300 and not failed(data) else None
        if value is None:
            raise error(response, data, request)
        return value


class Provider(ABC):
    """Base class of the five providers."""

    key: ClassVar[str]
    """Scheme, Home Assistant domain and sandbox prefix (``prosms``, ``smsgw``...)."""
    name: ClassVar[str]
    """Human name, e.g. ``ProSMS.se``."""
    default_api_url: ClassVar[str | None]
    """Official API base; None where the user must give one (the gateway)."""
    default_country: ClassVar[str | None] = None
    """Region assumed for national numbers when the user gives none."""
    max_parts: ClassVar[int] = 6
    """Longest message, in SMS parts, the provider takes."""
    rate_limit: ClassVar[RateLimit | None] = None
    credentials: ClassVar[tuple[tuple[str, ...], ...]] = (("api_key",),)
    """Accepted sets of credential keyword arguments (Spryng takes either of two)."""
    supports_callback: ClassVar[bool] = False
    """True where a ``callback_url`` keyword sets a delivery-report URL on each send."""
    callback_methods: ClassVar[frozenset[str]] = frozenset()
    """HTTP methods the provider's delivery-report callback arrives with; empty where the
    provider never calls back (then only polling tells delivery). Spryng calls back to a
    URL set in its portal, so it has methods without ``supports_callback``."""

    def __init__(self, *, api_url: str | None = None) -> None:
        base = api_url or self.default_api_url
        if base is None:
            raise ValidationError("api_url", f"{self.name} needs the gateway's URL")
        self.api_url = validate_api_url(base)

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

    def check(self, message: Message) -> None:
        """Refuse what this provider cannot send; nothing is cut silently."""
        if message.segments.parts > self.max_parts:
            raise ValidationError(
                "message",
                f"is {message.segments.units} {message.segments.encoding} units, "
                f"{message.segments.parts} SMS parts; {self.name} takes at most {self.max_parts}",
            )

    @abstractmethod
    def build_send(self, message: Message) -> Iterator[SendBatch]:
        """Yield the requests that deliver ``message`` to all its recipients."""

    @abstractmethod
    def parse_send(self, batch: SendBatch, response: HttpResponse) -> list[RecipientResult]:
        """Read one batch's response into one result per recipient of the batch."""

    def balance(self) -> Call[Balance]:
        """The credit-balance call; providers without one raise ``NotImplementedError``."""
        raise NotImplementedError(f"{self.name} has no balance endpoint")

    @property
    def receives_callbacks(self) -> bool:
        """True when :meth:`parse_callback` can read this provider's delivery reports."""
        return bool(self.callback_methods)

    def parse_callback(
        self, method: str, query: Mapping[str, str], body: bytes = b"", content_type: str | None = None
    ) -> tuple[DeliveryReport, ...]:
        """Read one delivery-report callback request into its reports.

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
