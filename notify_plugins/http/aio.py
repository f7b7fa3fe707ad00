"""The asyncio transport, on ``aiohttp`` (used by Home Assistant).

It accepts an existing ``ClientSession`` (Home Assistant's shared one, from
``async_get_clientsession``) and never closes a session it did not create. The retry
policy is the one the sync transport uses.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import aiohttp

from .policy import Attempts, RetryPolicy
from .types import HttpRequest, HttpResponse


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
        """Send ``request``, retrying only where no duplicate can result.

        The request is made here rather than in a helper coroutine: on a loopback or LAN
        server one more coroutine layer per try is a measurable share of a send.
        """
        attempts = Attempts(self.retry, request)
        while True:
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
                    response = HttpResponse.received(raw.status, await raw.read(), raw.headers.items())
            except (TimeoutError, aiohttp.ClientError) as exc:
                await self._sleep(attempts.after_failure(exc, sent=not _never_sent(exc)))
                continue
            delay = attempts.after_response(response)
            if delay is None:  # the answer, in all but a 429/503 to try again
                return response
            await self._sleep(delay)

    async def close(self) -> None:
        if self._own_session and self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> AsyncTransport:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
