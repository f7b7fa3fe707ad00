"""The blocking transport, on ``requests`` (used by the Apprise plugins and the CLI).

One ``requests.Session`` per transport reuses connections; urllib3's own retries are
off so that :class:`~.policy.RetryPolicy` alone decides, and it never retries once a
request may have reached the provider.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import requests
import urllib3

from .policy import Attempts, RetryPolicy
from .types import HttpRequest, HttpResponse


class _QueryRedactor(logging.Filter):
    """Hide query strings in urllib3's request lines.

    At DEBUG, ``urllib3.connectionpool`` logs every request line, query string included,
    and Spryng's Simple API and the gateway carry their credentials there. The filter
    rewrites the record's arguments in place, so whatever handler prints it sees
    ``/path?<redacted>``; nothing else in the line changes, and other loggers are untouched.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(_is_target_with_query(a) for a in record.args):
            record.args = tuple(_redacted(a) for a in record.args)
        return True


def _is_target_with_query(value: object) -> bool:
    return isinstance(value, str) and value.startswith("/") and "?" in value


def _redacted(value: object) -> object:
    if isinstance(value, str) and _is_target_with_query(value):
        return value.split("?", 1)[0] + "?<redacted>"
    return value


def _install_query_redactor() -> None:
    logger = logging.getLogger("urllib3.connectionpool")
    if not any(isinstance(f, _QueryRedactor) for f in logger.filters):
        logger.addFilter(_QueryRedactor())


_install_query_redactor()

# NewConnectionError also covers DNS failures (urllib3 2's NameResolutionError subclasses it).
_NOT_SENT = (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ConnectTimeoutError)


def _never_sent(exc: requests.RequestException) -> bool:
    """True when the failure happened before any byte of the request left."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.SSLError | requests.exceptions.ProxyError):
        return True
    if isinstance(exc, requests.exceptions.ConnectionError):
        reason = exc.args[0] if exc.args else None
        inner = getattr(reason, "reason", reason)
        return isinstance(inner, _NOT_SENT)
    return False


class SyncTransport:
    """Execute :class:`HttpRequest` values with ``requests``."""

    def __init__(
        self,
        session: requests.Session | None = None,
        *,
        timeout: tuple[float, float] = (5.0, 30.0),
        retry: RetryPolicy | None = None,
        verify: bool = True,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._own_session = session is None
        self.session = session or requests.Session()
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.verify = verify
        self._sleep = sleep

    def execute(self, request: HttpRequest) -> HttpResponse:
        """Send ``request``, retrying only where no duplicate can result."""
        attempts = Attempts(self.retry, request)
        while True:
            try:
                response = self._once(request)
            except requests.RequestException as exc:
                self._sleep(attempts.after_failure(exc, sent=not _never_sent(exc)))
                continue
            delay = attempts.after_response(response)
            if delay is None:
                return response
            self._sleep(delay)

    def _once(self, request: HttpRequest) -> HttpResponse:
        raw = self.session.request(
            request.method,
            request.url,
            # The query apart, as requests joins it: the same URL on the wire, but requests
            # then parses only the short base (it checks a long query character by character).
            params=request.params,
            headers=dict(request.headers),
            data=request.body,
            timeout=self.timeout,
            verify=self.verify,
            allow_redirects=False,
        )
        return HttpResponse.received(raw.status_code, raw.content, raw.headers.items())

    def close(self) -> None:
        if self._own_session:
            self.session.close()

    def __enter__(self) -> SyncTransport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
