"""The HTTP layer: sans-IO request/response values, retry policy and two transports.

Only :mod:`.types`, :mod:`.policy` and :mod:`.ratelimit` are imported here; the
transports (``requests`` in :mod:`.sync`, ``aiohttp`` in :mod:`.aio`) are imported by
whoever needs them, so ``import notify_plugins`` stays cheap.
"""

from .policy import RetryPolicy, parse_retry_after
from .ratelimit import RateLimit, RateLimiter
from .types import HttpRequest, HttpResponse, excerpt, join_url

__all__ = [
    "HttpRequest",
    "HttpResponse",
    "RateLimit",
    "RateLimiter",
    "RetryPolicy",
    "excerpt",
    "join_url",
    "parse_retry_after",
]
