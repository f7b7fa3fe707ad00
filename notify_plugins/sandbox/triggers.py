"""Markers in a message's text that make the sandbox misbehave on purpose.

A client has to cope with rate limits, outages, proxies that answer HTML, cut-off bodies
and slow replies; none of these can be provoked on a real account, so the sandbox
provokes them when the text of a send contains a marker:

=========================  ===================================================================
marker                     effect
=========================  ===================================================================
``[sandbox:429]``          HTTP 429 with ``Retry-After: 1``; nothing is sent
``[sandbox:500]``          HTTP 500 in the provider's error shape; nothing is sent
``[sandbox:503]``          HTTP 503 with ``Retry-After: 1``; nothing is sent
``[sandbox:html]``         HTTP 502 with an HTML page (a proxy's); nothing is sent
``[sandbox:truncated]``    the message is accepted, but the reply's body is cut in half
``[sandbox:empty]``        the message is accepted, but the reply's body is empty
``[sandbox:slow=S]``       the message is accepted, and the reply waits S seconds (at most 60)
``[sandbox:retry-after=S]``  the ``Retry-After`` of a 429/503 is S seconds instead of 1
``[sandbox:times=N]``      the 429/500/503/html fault hits only the first N requests with this
                           exact text (per provider); later ones are processed normally
``[sandbox:one-receiver]`` ProSMS.se / SMS.dk refuse a comma-joined ``receiver`` with code
                           1060, as a platform taking one number a request would; nothing is sent
=========================  ===================================================================

Unknown markers are ignored, and markers stay in the text the sandbox records.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Literal, cast

Fault = Literal["429", "500", "503", "html"]
Mangle = Literal["truncated", "empty"]

FAULTS: frozenset[str] = frozenset({"429", "500", "503", "html"})
MANGLES: frozenset[str] = frozenset({"truncated", "empty"})
MAX_SLOW_SECONDS = 60.0
DEFAULT_RETRY_AFTER = 1.0
MAX_COUNTED_TEXTS = 10_000

_MARKER = re.compile(r"\[sandbox:([a-z0-9-]{1,20})(?:=([0-9]{1,6}(?:\.[0-9]{1,3})?))?\]")


@dataclass(frozen=True, slots=True)
class Triggers:
    """The markers found in one text."""

    fault: Fault | None = None
    mangle: Mangle | None = None
    slow: float = 0.0
    retry_after: float = DEFAULT_RETRY_AFTER
    times: int | None = None
    one_receiver: bool = False

    @property
    def retry_after_header(self) -> str:
        """``Retry-After`` as delta-seconds (``1``, ``0``, ``0.5``)."""
        return f"{self.retry_after:g}"


NO_TRIGGERS = Triggers()


def parse_triggers(text: str) -> Triggers:
    """Read the markers in ``text``; the first of each kind wins."""
    fault: str | None = None
    mangle: str | None = None
    slow = 0.0
    retry_after: float | None = None
    times: int | None = None
    one_receiver = False
    for name, value in _MARKER.findall(text):
        if name in FAULTS and not value and fault is None:
            fault = name
        elif name in MANGLES and not value and mangle is None:
            mangle = name
        elif name == "slow" and value and not slow:
            slow = min(float(value), MAX_SLOW_SECONDS)
        elif name == "retry-after" and value and retry_after is None:
            retry_after = float(value)
        elif name == "times" and value and times is None and value.isdigit():
            times = int(value)
        elif name == "one-receiver" and not value:
            one_receiver = True
    return Triggers(
        fault=cast(Fault | None, fault),
        mangle=cast(Mangle | None, mangle),
        slow=slow,
        retry_after=DEFAULT_RETRY_AFTER if retry_after is None else retry_after,
        times=times,
        one_receiver=one_receiver,
    )


class FaultBudget:
    """Counts ``[sandbox:times=N]`` faults per (provider, text), across threads."""

    def __init__(self) -> None:
        self._used: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    def take(self, provider: str, text: str, times: int | None) -> bool:
        """True when this request gets its fault (always, unless ``times`` is spent)."""
        if times is None:
            return True
        with self._lock:
            used = self._used.get((provider, text), 0)
            if used >= times:
                return False
            if len(self._used) >= MAX_COUNTED_TEXTS:
                self._used.clear()
            self._used[(provider, text)] = used + 1
            return True

    def clear(self) -> None:
        with self._lock:
            self._used.clear()
