"""What the provider tests share: messages, batches and replies, built without any I/O.

Each test module makes its own :func:`message` with :func:`messages` (its provider's
usual text and numbers as defaults), so every module's ``message()``, ``only_batch()``
and ``reply()`` take the same arguments.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, settings

from notify_plugins.errors import (
    AuthenticationError,
    InsufficientCreditError,
    NotifyError,
    ProviderRejectedError,
    ProviderResponseError,
    RateLimitedError,
    ValidationError,
)
from notify_plugins.http import HttpResponse
from notify_plugins.message import Message
from notify_plugins.providers import Provider, SendBatch

SEND_ERRORS = (
    AuthenticationError,
    InsufficientCreditError,
    RateLimitedError,
    ProviderRejectedError,
    ProviderResponseError,
)
"""The errors a reply may stand for; anything else escaping a parser is a bug."""

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

MessageFactory = Callable[..., Message]


def messages(text: str, recipients: tuple[str, ...], sender: str = "HomeAlarm") -> MessageFactory:
    """``message(text=..., recipients=..., sender=..., reference=None)`` with these defaults."""

    def message(
        text: str = text,
        recipients: tuple[str, ...] = recipients,
        sender: str = sender,
        reference: str | None = None,
    ) -> Message:
        return Message.create(text, recipients, sender, reference=reference)

    return message


def only_batch(provider: Provider, msg: Message) -> SendBatch:
    """The one batch a send of ``msg`` makes."""
    batches = list(provider.build_send(msg))
    assert len(batches) == 1
    return batches[0]


def reply(status: int, payload: object, headers: dict[str, str] | None = None) -> HttpResponse:
    """A reply with ``payload`` as its body: text and bytes as they are, anything else as JSON."""
    if isinstance(payload, str | bytes):
        return HttpResponse.create(status, payload, headers)
    return HttpResponse.create(status, json.dumps(payload), {"Content-Type": "application/json", **(headers or {})})


def refusal(make: Callable[..., object], *args: object, **kwargs: object) -> ValidationError:
    """The ``ValidationError`` that ``make(*args, **kwargs)`` raises."""
    with pytest.raises(ValidationError) as info:
        make(*args, **kwargs)
    return info.value


def raised(provider: Provider, batch: SendBatch, response: HttpResponse) -> NotifyError:
    """The error ``parse_send`` raises for ``response``."""
    with pytest.raises(NotifyError) as info:
        provider.parse_send(batch, response)
    return info.value
