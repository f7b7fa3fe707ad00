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
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RateLimit:
    requests: int
    per_seconds: float


class RateLimiter:
    """Sliding window: never more than ``requests`` reservations in any ``per_seconds`` span.

    A token bucket would let a full bucket burst and then refill inside the same minute
    (up to twice the limit per minute); a hard per-minute limit needs the window.
    """

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._slots: deque[float] = deque()
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take one request slot; return the seconds to wait before using it."""
        with self._lock:
            now = self._clock()
            while self._slots and self._slots[0] <= now - self.limit.per_seconds:
                self._slots.popleft()
            start = now
            if len(self._slots) >= self.limit.requests:
                start = max(now, self._slots[-self.limit.requests] + self.limit.per_seconds)
            self._slots.append(start)
            while len(self._slots) > self.limit.requests:
                self._slots.popleft()
            return start - now


_SHARED: dict[tuple[str, str], RateLimiter] = {}
_SHARED_LOCK = threading.Lock()


def limiter_for(scope: str, identity: str, limit: RateLimit) -> RateLimiter:
    """The process-wide limiter for one provider account (``identity`` is a key digest)."""
    with _SHARED_LOCK:
        limiter = _SHARED.get((scope, identity))
        if limiter is None:
            limiter = _SHARED[(scope, identity)] = RateLimiter(limit)
        return limiter
