"""Provider + transport: the two entry points most callers need.

:class:`SmsClient` (blocking, ``requests``) and :class:`AsyncSmsClient` (asyncio,
``aiohttp``) differ only in how they wait; validation, batching, pacing and result
bookkeeping live in :class:`~notify_plugins.sending.SendOperation` and the provider.
The transports are imported lazily so that importing this module stays cheap.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Required, TypedDict, TypeVar, Unpack

from .errors import TransportError
from .http.ratelimit import RateLimiter, limiter_for
from .message import Message
from .providers.base import Call, Provider
from .results import SendResult
from .sending import SendOperation

if TYPE_CHECKING:
    from .http.aio import AsyncTransport
    from .http.sync import SyncTransport

_LOGGER = logging.getLogger(__name__)
T = TypeVar("T")


def _limiter(provider: Provider) -> RateLimiter | None:
    if provider.rate_limit is None:
        return None
    return limiter_for(provider.key, provider.account_id, provider.rate_limit)


def _logged(result: SendResult, failure_level: int = logging.WARNING) -> SendResult:
    """``result``, after a log line about it: DEBUG for a send wholly accepted, else
    ``failure_level``."""
    level = logging.DEBUG if result.ok else failure_level
    if _LOGGER.isEnabledFor(level):  # the summary is built only for a line that is written
        _LOGGER.log(level, "%s", result.summary())
    return result


class MessageOptions(TypedDict, total=False):
    """The keywords of :meth:`SmsClient.send` and :meth:`SmsClient.message`."""

    sender: Required[str]
    title: str | None
    reference: str | None


class _ClientBase:
    """Everything both clients do but wait: validation, pacing, bookkeeping."""

    failure_log_level: int = logging.WARNING
    """Level of the log line for a send that was not wholly accepted. An adapter that
    raises every failure to its caller (Home Assistant) lowers it to ``DEBUG`` on its
    client, so one failure is not reported twice."""

    def __init__(self, provider: Provider, country: str | None = None) -> None:
        self.provider = provider
        self.country = country or provider.default_country
        self._limiter = _limiter(provider)

    def message(self, text: str, recipients: Iterable[object] | str, **options: Unpack[MessageOptions]) -> Message:
        """Validate a message for this client's provider (raises ``ValidationError``): the
        core's rules and the provider's, once; sending it checks nothing again."""
        message = Message.create(
            text,
            recipients,
            options["sender"],
            country=self.country,
            reference=options.get("reference"),
            title=options.get("title"),
        )
        return self.provider.check(message)

    def _delay(self) -> float:
        """Seconds to wait before the next request so the provider's rate limit holds."""
        return 0.0 if self._limiter is None else self._limiter.reserve()


class SmsClient(_ClientBase):
    """Blocking client."""

    def __init__(self, provider: Provider, transport: SyncTransport | None = None, country: str | None = None) -> None:
        super().__init__(provider, country)
        if transport is None:
            from .http.sync import SyncTransport

            transport = SyncTransport()
        self.transport = transport

    def send(self, text: str, recipients: Iterable[object] | str, **options: Unpack[MessageOptions]) -> SendResult:
        """Validate, then send; returns per-recipient results (never raises for rejections)."""
        return self.send_message(self.message(text, recipients, **options))

    def send_message(self, message: Message) -> SendResult:
        operation = SendOperation(self.provider, message)
        for batch in operation.batches():
            if self._limiter is not None:  # most providers have no rate limit to pace to
                self._pace()
            try:
                response = self.transport.execute(batch.request)
            except TransportError as err:
                operation.record_failure(batch, err)
            else:
                operation.record_response(batch, response)
        return _logged(operation.result(), self.failure_log_level)

    def call(self, call: Call[T]) -> T:
        """Run a single-request call (balance, status...)."""
        self._pace()
        return call.parse(self.transport.execute(call.request))

    def _pace(self) -> None:
        delay = self._delay()
        if delay > 0:
            time.sleep(delay)

    def close(self) -> None:
        self.transport.close()


class AsyncSmsClient(_ClientBase):
    """Asyncio client; give it Home Assistant's shared session through the transport."""

    def __init__(self, provider: Provider, transport: AsyncTransport | None = None, country: str | None = None) -> None:
        super().__init__(provider, country)
        if transport is None:
            from .http.aio import AsyncTransport

            transport = AsyncTransport()
        self.transport = transport

    async def send(
        self, text: str, recipients: Iterable[object] | str, **options: Unpack[MessageOptions]
    ) -> SendResult:
        """:meth:`SmsClient.send` as a coroutine: like any coroutine's, its validation error
        comes when it is awaited, so ``asyncio.gather(*sends)`` sees it in its place."""
        return await self.send_message(self.message(text, recipients, **options))

    async def send_message(self, message: Message) -> SendResult:
        operation = SendOperation(self.provider, message)
        for batch in operation.batches():
            if self._limiter is not None:  # most providers have no rate limit to pace to
                await self._pace()
            try:
                response = await self.transport.execute(batch.request)
            except TransportError as err:
                operation.record_failure(batch, err)
            else:
                operation.record_response(batch, response)
        return _logged(operation.result(), self.failure_log_level)

    async def call(self, call: Call[T]) -> T:
        await self._pace()
        return call.parse(await self.transport.execute(call.request))

    async def _pace(self) -> None:
        delay = self._delay()
        if delay > 0:
            import asyncio

            await asyncio.sleep(delay)

    async def close(self) -> None:
        await self.transport.close()
