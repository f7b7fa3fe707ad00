"""Delivery reports in one shape, whichever provider produced them.

Providers tell delivery differently: Spryng calls the user's URL with ``STATUS=10`` (its
Simple API document, section 5), the white-label gateway answers a lookup with
``queue_status`` and ``dlr_status`` (its seed document). Callers want one answer: did it
arrive, is it still on its way, did it fail, or can nobody tell. Each provider module
parses its own format into a :class:`DeliveryReport`; this module knows no provider.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from .validation import mask_number


class DeliveryState(StrEnum):
    """Where a message stands for one recipient.

    ``unknown`` is an honest answer, not an error: the provider has no report (yet, or
    any more), or reported a state this library does not know.
    """

    DELIVERED = "delivered"
    FAILED = "failed"
    PENDING = "pending"
    UNKNOWN = "unknown"

    @property
    def final(self) -> bool:
        """True when the state will not change any more (delivered or failed)."""
        return self is DeliveryState.DELIVERED or self is DeliveryState.FAILED


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """One recipient's delivery state as a provider reported it.

    ``reason_code`` and ``reason`` are the provider's own code and its meaning;
    ``created_at``, ``sent_at`` and ``status_at`` are when the provider took the message,
    sent it on, and heard back from the network (timezone-aware, ``None`` when not
    reported). ``operator`` is the network (MCC+MNC) where known, ``cost`` the provider's
    price for the message. ``raw`` keeps everything the provider sent, read-only and out
    of ``repr``, so nothing is lost in translation.
    """

    message_id: str | None
    recipient: str | None
    status: DeliveryState
    reason_code: str | None = None
    reason: str | None = None
    reference: str | None = None
    created_at: datetime | None = None
    sent_at: datetime | None = None
    status_at: datetime | None = None
    operator: str | None = None
    cost: float | None = None
    raw: Mapping[str, Any] = field(default_factory=_empty, repr=False, compare=False)

    @property
    def delivered(self) -> bool:
        return self.status is DeliveryState.DELIVERED

    def describe(self) -> str:
        """A one-line, log-safe account (number masked)."""
        who = mask_number(self.recipient) if self.recipient else "unknown recipient"
        text = f"{who}: {self.status}"
        details = " ".join(part for part in (self.reason_code, self.reason) if part)
        return f"{text} ({details})" if details else text
