"""What every provider is: a translator between messages and HTTP, with no I/O.

A provider turns a validated :class:`~notify_plugins.message.Message` into
:class:`SendBatch` values (one HTTP request and the recipients it covers) and turns each
batch's :class:`~notify_plugins.http.HttpResponse` into per-recipient results. Account
level failures (bad key, no credit, rate limited) are raised as the matching
:mod:`~notify_plugins.errors` class; :class:`~notify_plugins.sending.SendOperation`
turns them into results for the batch. Other calls (balance, status) are :class:`Call`
values: a request plus the function that reads its response.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from ..delivery import DeliveryReport
from ..errors import ValidationError
from ..http.ratelimit import RateLimit
from ..http.types import HttpRequest, HttpResponse, join_url
from ..message import Message
from ..results import RecipientResult
from ..validation import validate_api_url

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SendBatch:
    """One HTTP request of a send and the (normalised) recipients it carries."""

    request: HttpRequest
    recipients: tuple[str, ...]


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
