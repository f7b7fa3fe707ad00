"""The asyncio transport, on ``aiohttp`` (used by Home Assistant).

It accepts an existing ``ClientSession`` (Home Assistant's shared one, from
``async_get_clientsession``) and never closes a session it did not create. The retry
policy is the one the sync transport uses.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import aiohttp

from ..errors import TransportError
from .policy import RetryPolicy, parse_retry_after
from .types import HttpRequest, HttpResponse

_LOGGER = logging.getLogger(__name__)


def _never_sent(exc: BaseException) -> bool:
    connect_timeout = getattr(aiohttp, "ConnectionTimeoutError", ())
    return isinstance(exc, aiohttp.ClientConnectorError | aiohttp.ClientProxyConnectionError) or (
        bool(connect_timeout) and isinstance(exc, connect_timeout)
    )


def _without_connection_retry(method: str) -> str:
    """The method spelt so that aiohttp never sends the request a second time.

    aiohttp (>= 3.11) resends a request whose method it counts as idempotent (GET, PUT...)
    once when the server drops the connection before answering. The gateway sends SMS
    with GET, so that resend is a second SMS. aiohttp decides on the method exactly as
    given and upper-cases it only when writing the request line, so the lower-case
    spelling opts out of the resend while the wire shows the same ``GET``. This cannot be
    switched off per session without touching private state of Home Assistant's shared
    session; the fault-matrix tests catch any aiohttp release that changes this.
    """
    return method.lower()


class AsyncTransport:
    """Execute :class:`HttpRequest` values with ``aiohttp``."""

    def __init__(
        self,
        session: aiohttp.ClientSession | None = None,
        *,
        timeout: tuple[float, float] = (5.0, 30.0),
        retry: RetryPolicy | None = None,
        verify: bool = True,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._session = session
        self._own_session = session is None
        self.timeout = aiohttp.ClientTimeout(sock_connect=timeout[0], sock_read=timeout[1])
        self.retry = retry or RetryPolicy()
        self.verify = verify
        self._sleep = sleep

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return self._session

    async def execute(self, request: HttpRequest) -> HttpResponse:
        """Send ``request``, retrying only where no duplicate can result."""
        attempt = 0
        while True:
            attempt += 1
            try:
                async with self.session.request(
                    _without_connection_retry(request.method),
                    request.full_url,
                    headers=dict(request.headers),
                    data=request.body,
                    timeout=self.timeout,
                    ssl=self.verify,
                    allow_redirects=False,
                ) as raw:
                    body = await raw.read()
                    response = HttpResponse.create(raw.status, body, raw.headers.items())
            except (TimeoutError, aiohttp.ClientError) as exc:
                sent = not _never_sent(exc)
                delay = None if sent else self.retry.delay(attempt)
                if delay is None:
                    raise TransportError(
                        f"{request.describe()} failed: {type(exc).__name__}"
                        + (" after the request was sent" if sent else ""),
                        sent=sent,
                    ) from None
                _LOGGER.debug("%s: connection failed, retry %d in %.1fs", request.describe(), attempt, delay)
                await self._sleep(delay)
                continue
            if self.retry.should_retry_status(response.status):
                delay = self.retry.delay(attempt, parse_retry_after(response.header("retry-after")))
                if delay is not None:
                    _LOGGER.debug("%s: HTTP %d, retry %d in %.1fs", request.describe(), response.status, attempt, delay)
                    await self._sleep(delay)
                    continue
            return response

    async def close(self) -> None:
        if self._own_session and self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> AsyncTransport:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
