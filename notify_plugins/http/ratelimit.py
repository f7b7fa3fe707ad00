"""A client-side limiter that keeps under a provider's published request rate.

Spryng enforces 1200 requests per minute per key as a hard limit (its Simple API
document); going over earns 429s, so the client paces itself instead. The limiter is
sans-IO: it says how long to wait and the caller sleeps (``time.sleep`` or
``asyncio.sleep``). Limiters are shared per provider key through :func:`limiter_for`,
so several clients with one key share one budget.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RateLimit:
    requests: int
    per_seconds: float


class RateLimiter:
    """Token bucket: a full bucket allows a burst of ``requests``, then a steady pace."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._tokens = float(limit.requests)
        self._stamp = clock()
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take one request slot; return the seconds to wait before using it."""
        rate = self.limit.requests / self.limit.per_seconds
        with self._lock:
            now = self._clock()
            self._tokens = min(float(self.limit.requests), self._tokens + (now - self._stamp) * rate)
            self._stamp = now
            self._tokens -= 1.0
            return 0.0 if self._tokens >= 0 else -self._tokens / rate


_SHARED: dict[tuple[str, str], RateLimiter] = {}
_SHARED_LOCK = threading.Lock()


def limiter_for(scope: str, identity: str, limit: RateLimit) -> RateLimiter:
    """The process-wide limiter for one provider account (``identity`` is a key digest)."""
    with _SHARED_LOCK:
        limiter = _SHARED.get((scope, identity))
        if limiter is None:
            limiter = _SHARED[(scope, identity)] = RateLimiter(limit)
        return limiter
