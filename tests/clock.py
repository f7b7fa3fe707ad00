"""A clock a test sets by hand, for the spend guard's days and repeat windows."""

from __future__ import annotations

from datetime import datetime, timedelta


class Clock:
    """Time that the test sets or moves; read as seconds since the epoch, like ``time.time``."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now.timestamp()

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
