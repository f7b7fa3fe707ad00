"""When a transport may try again without risking a duplicate SMS.

A retry is only safe when the provider certainly did not act on the first attempt:
the connection was never made, or the provider answered 429/503 (it refused to process
the request). A read timeout or a reset after the request went out is never retried:
the SMS may already be on its way. Both transports share this policy.
"""

from __future__ import annotations

import email.utils
import math
import time
from dataclasses import dataclass


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


NO_RETRY = RetryPolicy(attempts=1)
