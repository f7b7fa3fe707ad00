"""What happened to each recipient of a send.

A send is never summarised as a bare boolean: each recipient ends ``accepted``,
``rejected`` (with the provider's code and reason) or ``unknown`` (the request may have
reached the provider but no usable answer came back), and :class:`SendResult` exposes
the mix so a partial failure cannot pass for success. A fourth outcome, ``held``, is the
spend guard's (:mod:`notify_plugins.guard`): the same text went to that number moments
ago, so it was not sent again; that is no failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .errors import (
    AuthenticationError,
    InsufficientCreditError,
    NotifyError,
    ProviderRejectedError,
    RateLimitedError,
    SpendGuardError,
)
from .validation import mask_number


class Status(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    UNKNOWN = "unknown"
    HELD = "held"


SETTLED = frozenset({Status.ACCEPTED, Status.HELD})
"""Outcomes that are no failure: sent, or deliberately not sent again."""


@dataclass(frozen=True, slots=True)
class RecipientResult:
    """One recipient's outcome, with whatever the provider told us about it."""

    number: str
    status: Status
    message_id: str | None = None
    code: str | None = None
    reason: str | None = None
    parts: int | None = None
    cost: float | None = None

    @classmethod
    def accepted(cls, number: str, **details: object) -> RecipientResult:
        return cls(number, Status.ACCEPTED, **details)  # type: ignore[arg-type]

    @classmethod
    def rejected(cls, number: str, code: object, reason: str | None, **details: object) -> RecipientResult:
        return cls(number, Status.REJECTED, code=None if code is None else str(code), reason=reason, **details)  # type: ignore[arg-type]

    @classmethod
    def unknown(cls, number: str, reason: str, **details: object) -> RecipientResult:
        return cls(number, Status.UNKNOWN, reason=reason, **details)  # type: ignore[arg-type]

    def describe(self) -> str:
        """A one-line, log-safe account (number masked)."""
        text = f"{mask_number(self.number)}: {self.status}"
        if self.code or self.reason:
            text += f" ({' '.join(p for p in (self.code, self.reason) if p)})"
        return text


@dataclass(frozen=True, slots=True)
class SendResult:
    """The outcome of one send to one or many recipients.

    ``error`` is the account-level error that stopped the send (bad key, no credit, rate
    limited), if any; its recipients are listed as rejected with its code.
    """

    provider: str
    results: tuple[RecipientResult, ...]
    error: NotifyError | None = None
    batch_ids: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True only when every recipient was accepted (or held as a repeat)."""
        return bool(self.results) and all(r.status in SETTLED for r in self.results)

    def _with(self, status: Status) -> tuple[RecipientResult, ...]:
        return tuple(r for r in self.results if r.status is status)

    @property
    def accepted(self) -> tuple[RecipientResult, ...]:
        return self._with(Status.ACCEPTED)

    @property
    def rejected(self) -> tuple[RecipientResult, ...]:
        return self._with(Status.REJECTED)

    @property
    def unknown(self) -> tuple[RecipientResult, ...]:
        return self._with(Status.UNKNOWN)

    @property
    def held(self) -> tuple[RecipientResult, ...]:
        return self._with(Status.HELD)

    def summary(self) -> str:
        """A log-safe sentence naming every recipient that was not accepted."""
        failed = [r.describe() for r in self.results if r.status not in SETTLED]
        head = f"{self.provider}: {len(self.accepted)} of {len(self.results)} accepted"
        if held := self.held:
            head += f", {len(held)} held as a repeat"
        return head if not failed else f"{head}; " + "; ".join(failed)

    def raise_for_failures(self) -> None:
        """Raise the error a caller should act on, unless everything was accepted.

        Account-level errors keep their class (so callers can tell a bad key from a
        rejected number); otherwise :class:`ProviderRejectedError` lists the recipients.
        """
        if self.ok:
            return
        if isinstance(self.error, AuthenticationError | InsufficientCreditError | RateLimitedError | SpendGuardError):
            raise self.error
        failed = tuple(r for r in self.results if r.status not in SETTLED)
        first = failed[0] if failed else None
        raise ProviderRejectedError(
            self.summary() if failed else f"{self.provider}: no recipients",
            code=first.code if first else None,
            text=first.reason if first else None,
            rejected=failed,
        )
