"""The spend guard: a daily cap on SMS parts and a memory of recent texts, for every adapter.

Every SMS costs money, and a flapping sensor or an automation that triggers itself can send
hundreds in a night. Two rules, the same in Home Assistant and Apprise:

* **``daily_limit``**: the most SMS parts an account may send in one calendar day (the
  adapter's clock says which day: Home Assistant's time zone, local time for Apprise).
  A send is counted *before* it goes out, as parts × recipients, so sends racing each other
  cannot all squeeze under the limit; one that would pass it sends nothing and fails with
  :class:`~notify_plugins.errors.DailyLimitReached`, which names the limit and today's
  count. Parts for recipients the provider refused are given back; parts whose outcome is
  unknown stay counted, as they may have gone out.
* **``repeat_window``**: minutes during which the same text to the same number is held, not
  sent again. A held recipient ends ``held`` (:class:`~notify_plugins.results.Status`), which
  is no failure. A refused recipient is forgotten, so sending it again is no repeat. A
  reminder that comes every ``repeat_window`` minutes is no repeat either, even a few
  seconds early (:data:`REPEAT_SLACK`).

0 switches a rule off. The state (:class:`Ledger`) is small, JSON-shaped and kept by the
adapter through :class:`LedgerStorage`, whose one method applies a change atomically (Home
Assistant: in memory on its event loop, saved by its ``Store``; Apprise: a file in its
persistent storage under a lock). Numbers and texts are never stored, only a digest of the
pair.

**Stored state that cannot be read** (a corrupt or unreadable file) does not block sending:
an alarm must get through a disk hiccup. The guard starts today's count again from 0 and the
adapter says so in a warning (:func:`unreadable_warning`), so at most one more
``daily_limit`` of parts can go out that day; the next save replaces the bad state.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from datetime import time as dt_time
from functools import partial
from hashlib import blake2s
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .errors import DailyLimitReached, SendingSwitchedOff, SpendGuardError, ValidationError
from .message import Message
from .results import RecipientResult, SendResult, Status

if TYPE_CHECKING:
    from .client import AsyncSmsClient, SmsClient

T = TypeVar("T")

LEDGER_VERSION = 1
"""The shape of :meth:`Ledger.to_data`; another version is read as unreadable."""


def _whole_number(name: str, value: object) -> int:
    """A limit as a whole number of 0 or more (URLs and forms hand over text)."""
    if isinstance(value, bool):
        raise ValidationError(name, "must be a whole number, 0 or more")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or value < 0:
        raise ValidationError(name, "must be a whole number, 0 or more")
    return value


@dataclass(frozen=True, slots=True)
class SpendLimits:
    """The two rules of one account; 0 switches a rule off."""

    daily_limit: int = 0
    """The most SMS parts per calendar day."""
    repeat_window: int = 0
    """Minutes during which the same text to the same number is held."""

    @classmethod
    def create(cls, daily_limit: object = 0, repeat_window: object = 0) -> SpendLimits:
        """Checked limits (raises ``ValidationError`` naming ``daily_limit`` or ``repeat_window``);
        ``None`` counts as 0."""
        return cls(
            _whole_number("daily_limit", daily_limit or 0),
            _whole_number("repeat_window", repeat_window or 0),
        )

    @property
    def active(self) -> bool:
        """Whether either rule is on (an adapter without other uses for a ledger skips it)."""
        return bool(self.daily_limit or self.repeat_window)


def fingerprint(number: str, text: str) -> str:
    """What the repeat memory keeps of a text to a number: a digest, never either of them.

    BLAKE2s, which Python implements itself: it costs a fraction of an OpenSSL SHA-256 on
    the first call after a send, which is where the guard always runs.
    """
    return blake2s(f"{number}\0{text}".encode(), digest_size=12).hexdigest()


@dataclass(slots=True)
class Ledger:
    """Today's counts of one account and its recent texts."""

    day: str = ""
    """The day the counts belong to (ISO date); another day's counts start from 0."""
    parts: int = 0
    """SMS parts counted today: sent, on their way, or of unknown outcome."""
    messages: int = 0
    """SMS (one per recipient) that went out today or may have."""
    cost: float | None = None
    """What the provider reported today's SMS cost, None while it reported nothing."""
    recent: dict[str, float] = field(default_factory=dict)
    """:func:`fingerprint` -> when it was sent (epoch seconds), oldest first."""

    def roll(self, day: str) -> None:
        """Make the counts ``day``'s: another day's start again from 0."""
        if self.day != day:
            self.day, self.parts, self.messages, self.cost = day, 0, 0, None

    def forget_until(self, moment: float) -> None:
        """Drop the texts sent at or before ``moment``: the window no longer holds them.

        The guard adds each text as the newest entry, so the oldest come first and this reads
        only what it drops, however many texts the window holds. (A clock set back leaves a
        few a little longer; the guard compares their time with the window all the same.)
        """
        stale: list[str] = []
        for key, sent in self.recent.items():
            if sent > moment:
                break
            stale.append(key)
        for key in stale:
            del self.recent[key]

    def to_data(self) -> dict[str, Any]:
        """The ledger as JSON-ready data."""
        return {
            "version": LEDGER_VERSION,
            "day": self.day,
            "parts": self.parts,
            "messages": self.messages,
            "cost": self.cost,
            "recent": dict(self.recent),
        }

    @classmethod
    def from_data(cls, data: object) -> Ledger:
        """The ledger :meth:`to_data` wrote; ``ValueError`` for anything else."""
        if data is None:
            return cls()
        if not isinstance(data, Mapping) or data.get("version") != LEDGER_VERSION:
            raise ValueError("not a spend ledger of this version")
        day, parts, messages, cost, recent = (data.get(k) for k in ("day", "parts", "messages", "cost", "recent"))
        counts_ok = all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in (parts, messages))
        if not isinstance(day, str) or not counts_ok or not isinstance(recent, Mapping):
            raise ValueError("a spend ledger with a field of the wrong type")
        if cost is not None and not isinstance(cost, int | float):
            raise ValueError("a spend ledger with a cost that is no number")
        if not all(isinstance(k, str) and isinstance(v, int | float) for k, v in recent.items()):
            raise ValueError("a spend ledger with an unreadable repeat memory")
        memory = {key: float(sent) for key, sent in recent.items()}
        return cls(day, parts, messages, None if cost is None else float(cost), memory)  # type: ignore[arg-type]


def unreadable_warning(where: str, reason: object) -> str:
    """The warning an adapter logs when its stored ledger cannot be read (the policy above)."""
    return (
        f"the spend guard could not read its stored count ({where}: {reason}); sending goes on and today's "
        "count starts again from 0, so at most one more daily_limit of SMS parts can go out today"
    )


class LedgerStorage(Protocol):
    """Where an adapter keeps one account's :class:`Ledger`."""

    def update(self, change: Callable[[Ledger], T]) -> T:
        """Apply ``change`` to the stored ledger and keep the result, atomically: no other
        update of the same ledger, in this process or another, may run in between."""
        ...


class MemoryLedgerStorage:
    """A ledger in this process's memory, safe across threads.

    For tests, for a guard that need not outlive its process, and for Apprise where its
    storage is memory-only.
    """

    def __init__(self, ledger: Ledger | None = None) -> None:
        self.ledger = ledger or Ledger()
        self._lock = threading.Lock()

    def update(self, change: Callable[[Ledger], T]) -> T:
        with self._lock:
            return change(self.ledger)


@dataclass(slots=True)
class Reservation:
    """What :meth:`SpendGuard.reserve` counted for a message, until :meth:`SpendGuard.settle`."""

    message: Message
    sending: Message | None
    """The message to the recipients that are not held; None when every one is."""
    held: tuple[str, ...]
    day: str
    at: float
    """When it was reserved (epoch seconds): the time its texts are remembered with."""

    @property
    def parts(self) -> int:
        """Parts counted per recipient."""
        return self.message.segments.parts


def local_zone() -> tzinfo | None:
    """This machine's local time zone (None: naive local time, as ``datetime.fromtimestamp``)."""
    return None


HELD_REASON = "the same text went to this number less than {window} minute(s) ago"

REPEAT_SLACK = 5.0
"""Seconds by which a repeat may come early and still go out. A deliberate repeat every
``repeat_window`` minutes (a ``time_pattern`` automation, an ``alert:``) lands a few
milliseconds to seconds either side of the window's end, as the previous send was stamped
after its trigger's own delay; such a reminder is meant, not a burst, and must not be held
every other time."""


class SpendGuard:
    """The rules of one account around its sends.

    ``guard.send(client, message)`` (or ``await guard.async_send(...)``) reserves the parts,
    sends to the recipients that are not held, gives back what the provider refused and
    returns the result with the held recipients in it. A refusal is a result too: every
    recipient rejected with the guard's code, ``error`` the :class:`SpendGuardError`.
    ``enabled`` False refuses every send (:class:`SendingSwitchedOff`).
    """

    def __init__(
        self,
        limits: SpendLimits,
        storage: LedgerStorage,
        *,
        clock: Callable[[], float] = time.time,
        zone: Callable[[], tzinfo | None] = local_zone,
        enabled: bool = True,
    ) -> None:
        self.limits = limits
        self.storage = storage
        self.clock = clock
        """Seconds since the epoch (``time.time``): when a send happens."""
        self.zone = zone
        """The time zone whose calendar days the limit counts (None: local time)."""
        self.enabled = enabled
        self._day = ""
        self._day_spans = (0.0, 0.0)

    # -- the rules, applied to the stored ledger -------------------------------------------
    #
    # These run on every send, so they are kept to plain loops and little else: the guard's
    # cost is measured against the send itself (``make bench``).

    def reserve(self, message: Message) -> Reservation:
        """Count ``message`` before it goes out (raises :class:`SpendGuardError` instead)."""
        if not self.enabled:
            raise SendingSwitchedOff()
        at = self.clock()
        start, end = self._day_spans
        day = self._day if start <= at < end else self.day(at)
        keys = None
        if self.limits.repeat_window:  # digests outside the storage's critical section
            text = message.text  # fingerprint(), inlined
            keys = [blake2s(f"{number}\0{text}".encode(), digest_size=12).hexdigest() for number in message.recipients]
        decision = self.storage.update(partial(self._reserve, message=message, day=day, at=at, keys=keys))
        if isinstance(decision, SpendGuardError):
            raise decision
        return decision

    def day(self, at: float) -> str:
        """The calendar day (ISO date) of the moment ``at`` in :attr:`zone`.

        Worked out once a day: the day's span is kept, and a moment inside it is that day
        (so a new time zone applies from the next midnight on).
        """
        zone = self.zone()
        today = datetime.fromtimestamp(at, zone).date()
        start = datetime.combine(today, dt_time.min, tzinfo=zone).timestamp()
        end = datetime.combine(today + timedelta(days=1), dt_time.min, tzinfo=zone).timestamp()
        self._day, self._day_spans = today.isoformat(), (start, end)
        return self._day

    def _reserve(
        self, ledger: Ledger, *, message: Message, day: str, at: float, keys: list[str] | None
    ) -> Reservation | SpendGuardError:
        ledger.roll(day)
        sending = message.recipients
        held: tuple[str, ...] = ()
        recent = ledger.recent
        if keys is not None and recent:
            since = at - self.limits.repeat_window * 60 + REPEAT_SLACK
            if next(iter(recent.values())) <= since:  # the oldest has left the window
                ledger.forget_until(since)
            found = [number for number, key in zip(sending, keys, strict=True) if recent.get(key, since) > since]
            if found:
                held = tuple(found)
                keys = [key for number, key in zip(sending, keys, strict=True) if number not in held]
                sending = tuple(number for number in sending if number not in held)
        needed = message.segments.parts * len(sending)
        limit = self.limits.daily_limit
        if limit and ledger.parts + needed > limit:
            return DailyLimitReached(limit, ledger.parts, needed)
        ledger.parts += needed
        for key in keys or ():  # the newest last: forget_until() reads from the oldest
            recent.pop(key, None)
            recent[key] = at
        to_send = None if not sending else replace(message, recipients=sending) if held else message
        return Reservation(message, to_send, held, day, at)

    def settle(self, reservation: Reservation, result: SendResult) -> SendResult:
        """Give back the parts of refused recipients, note what went out and what it cost,
        and return ``result`` with the held recipients in it."""
        self.storage.update(partial(self._settle, reservation=reservation, result=result))
        return self.with_held(reservation, result) if reservation.held else result

    def _settle(self, ledger: Ledger, *, reservation: Reservation, result: SendResult) -> None:
        if ledger.day != reservation.day:  # midnight passed: today's count owes this send nothing
            return
        window = self.limits.repeat_window
        cost: float | None = None
        for outcome in result.results:
            if outcome.status is Status.REJECTED:
                ledger.parts = max(0, ledger.parts - reservation.parts)
                key = fingerprint(outcome.number, reservation.message.text) if window else ""
                if window and ledger.recent.get(key) == reservation.at:  # not sent: no repeat if sent again
                    del ledger.recent[key]
                continue
            if outcome.status is not Status.HELD:
                ledger.messages += 1
            if outcome.cost is not None:
                cost = (cost or 0.0) + outcome.cost
        if cost is not None:
            ledger.cost = round((ledger.cost or 0.0) + cost, 6)

    def with_held(self, reservation: Reservation, result: SendResult) -> SendResult:
        """``result`` with a ``held`` entry for each held recipient, in the message's order."""
        if not reservation.held:
            return result
        reason = HELD_REASON.format(window=self.limits.repeat_window)
        by_number = {r.number: r for r in result.results}
        held = {number: RecipientResult(number, Status.HELD, reason=reason) for number in reservation.held}
        return replace(result, results=tuple(by_number.get(n) or held[n] for n in reservation.message.recipients))

    @staticmethod
    def refusal(provider: str, message: Message, error: SpendGuardError) -> SendResult:
        """The result of a send the guard refused: nothing went out."""
        code = str(error.code)
        results = tuple(RecipientResult.rejected(number, code, str(error)) for number in message.recipients)
        return SendResult(provider, results, error)

    # -- around a client's send -------------------------------------------------------------

    def send(self, client: SmsClient, message: Message) -> SendResult:
        """Send ``message`` through ``client`` under the rules."""
        try:
            reservation = self.reserve(message)
        except SpendGuardError as err:
            return self.refusal(client.provider.name, message, err)
        if reservation.sending is None:
            return self.with_held(reservation, SendResult(client.provider.name, ()))
        return self.settle(reservation, client.send_message(reservation.sending))

    async def async_send(self, client: AsyncSmsClient, message: Message) -> SendResult:
        """:meth:`send` for the asyncio client."""
        try:
            reservation = self.reserve(message)
        except SpendGuardError as err:
            return self.refusal(client.provider.name, message, err)
        if reservation.sending is None:
            return self.with_held(reservation, SendResult(client.provider.name, ()))
        return self.settle(reservation, await client.send_message(reservation.sending))


__all__ = [
    "HELD_REASON",
    "Ledger",
    "LedgerStorage",
    "MemoryLedgerStorage",
    "Reservation",
    "SpendGuard",
    "SpendLimits",
    "fingerprint",
    "local_zone",
    "unreadable_warning",
]
