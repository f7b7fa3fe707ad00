"""The sandbox's record of every message it accepted, one entry per recipient.

Tests, the demo and users read it at ``GET /sandbox/messages`` to see exactly what a
client sent: sender, number, text and encoding as the request carried them. One entry per
recipient, so a send to a thousand numbers in one request lists a thousand messages,
as a provider's own log would. Credentials are never part of an entry.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

MAX_RECORDS = 100_000
"""The oldest entries are dropped beyond this, so a long-running sandbox stays small."""


@dataclass(frozen=True, slots=True)
class Accepted:
    """What an emulation accepted for one recipient, before it is numbered and stamped.

    ``encoding`` is the request's own encoding field as received (ProSMS/SMS.dk
    ``format``, Smstools and Spryng REST ``encoding``; None where the API has none).
    ``reference`` is the client's reference as received (``userReference``,
    ``transactionId``, ``reference``, ``ref``); ``message_id`` is what the sandbox
    answered with (``batchId``, SMS ``id``, message ``id``, or the gateway's ``ref``).
    ``options`` are the other non-secret parameters the request carried.
    """

    provider: str
    endpoint: str
    sender: str | None
    recipient: str
    text: str
    encoding: str | None
    reference: str | None
    message_id: str
    parts: int
    options: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Record:
    """An accepted message as listed: numbered and time-stamped."""

    id: int
    received_at: datetime
    message: Accepted

    def as_json(self) -> dict[str, Any]:
        m = self.message
        return {
            "id": self.id,
            "provider": m.provider,
            "endpoint": m.endpoint,
            "sender": m.sender,
            "recipient": m.recipient,
            "text": m.text,
            "encoding": m.encoding,
            "reference": m.reference,
            "message_id": m.message_id,
            "parts": m.parts,
            "options": dict(m.options),
            "received_at": self.received_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        }


class MessageLog:
    """A thread-safe, bounded list of :class:`Record` values."""

    def __init__(self, limit: int = MAX_RECORDS) -> None:
        self._records: deque[Record] = deque(maxlen=limit)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def add(self, accepted: Iterable[Accepted]) -> list[Record]:
        """Number and stamp messages accepted by one request (they share the time)."""
        now = datetime.now(UTC)
        with self._lock:
            records = [Record(next(self._ids), now, message) for message in accepted]
            self._records.extend(records)
        return records

    def records(self, provider: str | None = None) -> list[Record]:
        with self._lock:
            found = list(self._records)
        return found if provider is None else [r for r in found if r.message.provider == provider]

    def as_json(self, provider: str | None = None) -> list[dict[str, Any]]:
        return [record.as_json() for record in self.records(provider)]

    def clear(self) -> int:
        """Forget every record; returns how many there were. Ids keep counting up."""
        with self._lock:
            count = len(self._records)
            self._records.clear()
        return count

    def __len__(self) -> int:
        with self._lock:
            return len(self._records)
