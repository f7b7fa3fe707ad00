"""When a transport may try again without risking a duplicate SMS.

A retry is only safe when the provider certainly did not act on the first attempt:
the connection was never made, or the provider answered 429/503 (it refused to process
the request). A read timeout or a reset after the request went out is never retried:
the SMS may already be on its way. Both transports share this policy.
"""

from __future__ import annotations

import email.utils
import logging
import math
import time
from dataclasses import dataclass

from ..errors import TransportError
from .types import HttpRequest, HttpResponse

_LOGGER = logging.getLogger(__name__)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    return max(0.0, seconds) if math.isfinite(seconds) else None


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """``attempts`` tries in all, exponential backoff from ``backoff`` seconds.

    A ``Retry-After`` longer than ``max_delay`` is not waited for: the response is
    handed back and reported as rate limiting, so an alert path never hangs.
    """

    attempts: int = 3
    backoff: float = 0.5
    max_delay: float = 30.0
    retry_statuses: frozenset[int] = frozenset({429, 503})

    def delay(self, attempt: int, retry_after: float | None = None) -> float | None:
        """Seconds to sleep before attempt ``attempt + 1``, or None to stop trying."""
        if attempt >= self.attempts:
            return None
        wait = self.backoff * (2 ** (attempt - 1)) if retry_after is None else retry_after
        return wait if wait <= self.max_delay else None

    def should_retry_status(self, status: int) -> bool:
        return status in self.retry_statuses


class Attempts:
    """The tries of one request under a policy, without I/O: after each outcome it says
    how long to wait before trying again, so both transports keep only their I/O call.

    Use: ``attempts = Attempts(policy, request)``; on a connection failure
    ``delay = attempts.after_failure(exc, sent=...)`` (raises :class:`TransportError` when
    no retry is safe or left); on a response ``delay = attempts.after_response(response)``
    (None: hand the response back).
    """

    def __init__(self, policy: RetryPolicy, request: HttpRequest) -> None:
        self.policy = policy
        self.request = request
        self.attempt = 1

    def after_failure(self, exc: BaseException, *, sent: bool) -> float:
        delay = None if sent else self.policy.delay(self.attempt)
        if delay is None:
            raise TransportError(
                f"{self.request.describe()} failed: {type(exc).__name__}"
                + (" after the request was sent" if sent else ""),
                sent=sent,
            ) from None
        _LOGGER.debug("%s: connection failed, retry %d in %.1fs", self.request.describe(), self.attempt, delay)
        self.attempt += 1
        return delay

    def after_response(self, response: HttpResponse) -> float | None:
        if not self.policy.should_retry_status(response.status):
            return None
        delay = self.policy.delay(self.attempt, parse_retry_after(response.header("retry-after")))
        if delay is not None:
            _LOGGER.debug(
                "%s: HTTP %d, retry %d in %.1fs", self.request.describe(), response.status, self.attempt, delay
            )
            self.attempt += 1
        return delay


NO_RETRY = RetryPolicy(attempts=1)
