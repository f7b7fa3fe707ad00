"""Delivery reports in one shape, whichever provider produced them.

Providers tell delivery differently: Spryng calls the user's URL with ``STATUS=10``
("Spryng Simple API (Documentation)", simple.docs.spryngsms.com, section 5), the white-label
gateway answers a lookup with ``queue_status`` and ``dlr_status`` (its "Vårt API" page,
smsdirekt.se/var-api). Callers want one answer: did it arrive, is it still on its way, did
it fail, or can nobody tell. Each provider module parses its own format into a
:class:`DeliveryReport`; this module knows no provider.

Providers that call the user back (a "delivery-report callback") send their parameters
in a query string, a form body or a JSON body, depending on the provider and, where the
format is undocumented, on what we assumed. :func:`callback_params` reads all three into
one flat mapping, and :func:`pick_param` / :func:`require_param` read names from it, so
each provider's parser reads names, not transports.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qsl

from .errors import ValidationError
from .validation import mask_number

MAX_CALLBACK_BODY = 65_536
"""A delivery report is a few hundred bytes; anything far larger is not one."""


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


FORM_TYPE = "application/x-www-form-urlencoded"
JSON_TYPE = "application/json"


def _flat(value: object) -> str | None:
    """A JSON scalar as the text a query string would carry; objects and lists are skipped."""
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _body_pairs(body: bytes, content_type: str | None) -> Iterable[tuple[str, object]]:
    media = (content_type or "").split(";", 1)[0].strip().lower()
    stripped = body.strip()
    if not stripped:
        return ()
    if media == JSON_TYPE or media.endswith("+json") or (not media and stripped[:1] == b"{"):
        try:
            data = json.loads(stripped.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise ValidationError("body", "is not valid JSON") from None
        if not isinstance(data, dict):
            raise ValidationError("body", "is JSON but not an object of parameters")
        return data.items()
    if media in (FORM_TYPE, "") or media.startswith("text/"):
        try:
            return parse_qsl(stripped.decode("utf-8"), keep_blank_values=True, errors="strict")
        except (UnicodeDecodeError, ValueError):
            raise ValidationError("body", "is not a form-encoded UTF-8 body") from None
    raise ValidationError("body", f"has an unexpected content type {media[:40]!r}")


def callback_params(
    method: str, query: Mapping[str, str], body: bytes = b"", content_type: str | None = None
) -> dict[str, str]:
    """The parameters of a callback request: the query string, then a form or JSON body.

    A name given in both keeps its query-string value (the URL the user set may carry its
    own parameters, and the provider appends to it). Blank values count as absent.
    Raises :class:`~notify_plugins.errors.ValidationError` for a body that is neither.
    """
    if len(body) > MAX_CALLBACK_BODY:
        raise ValidationError("body", f"has {len(body)} bytes; a delivery report has far fewer")
    found: dict[str, str] = {}
    pairs: list[tuple[str, object]] = list(query.items())
    if method.upper() not in ("GET", "HEAD"):
        pairs += list(_body_pairs(body, content_type))
    for name, value in pairs:
        text = _flat(value)
        if isinstance(name, str) and text is not None and text.strip():
            found.setdefault(name, text.strip())
    return found


def pick_param(params: Mapping[str, object], names: tuple[str, ...]) -> str | None:
    """The first of ``names`` present in ``params`` (names compared without case), stripped.

    A blank value counts as absent; a value that is not text is malformed and raises
    :class:`~notify_plugins.errors.ValidationError` naming ``names[0]``.
    """
    folded: dict[str, object] | None = None
    for name in names:
        value = params.get(name)
        if value is None:
            if folded is None:
                folded = {key.casefold(): item for key, item in params.items() if isinstance(key, str)}
            value = folded.get(name.casefold())
        if value is None:
            continue
        if not isinstance(value, str):
            raise ValidationError(names[0], f"must be text, not {type(value).__name__}")
        if value.strip():
            return value.strip()
    return None


def require_param(params: Mapping[str, object], names: tuple[str, ...]) -> str:
    """:func:`pick_param` of a parameter the report cannot do without."""
    value = pick_param(params, names)
    if value is None:
        raise ValidationError(names[0], "is missing from the delivery report")
    return value


def callback_method(method: str, allowed: Iterable[str], provider: str) -> None:
    """Refuse a callback made with a method the provider does not use."""
    if method.upper() not in {m.upper() for m in allowed}:
        raise ValidationError("method", f"{provider} does not call back with {method[:10]!r}")
