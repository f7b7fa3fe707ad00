"""Providers' documented success bodies, built for a given batch of recipients.

The overhead and memory benchmarks answer every request with the provider's own success
shape so that the client does its full work (parse, match every recipient) without a
sandbox in the way. The shapes are those in ``docs/providers/``: Compaya's
``result.report.accepted`` list, Smstools' ``sms`` list with ``INSERTED``, Spryng's
message object, the gateway's ``{"status": true, "error": 0}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from notify_plugins.http import HttpResponse
from notify_plugins.providers import Provider, create_provider
from notify_plugins.sandbox.accounts import NO_CREDIT_SUFFIX, REJECTED_SUFFIX

DEMO_CONFIG: dict[str, dict[str, str]] = {
    "prosms": {"api_key": "prosms-demo-key"},
    "smsdk": {"api_key": "smsdk-demo-key"},
    "smstools": {"api_key": "smstools-demo-key", "api_secret": "smstools-demo-secret"},
    "spryng": {"api_key": "spryng-demo-key"},
    "spryng-simple": {"username": "spryng-demo", "secret": "spryng-demo-secret"},
    "smsgw": {"api_key": "smsgw-demo-key"},
}
"""The sandbox's demo credentials (``notify_plugins/sandbox/accounts.py``), per variant."""

VARIANTS: tuple[str, ...] = tuple(DEMO_CONFIG)
"""Every provider, with Spryng's two APIs counted apart: they send differently."""


def provider_key(variant: str) -> str:
    return variant.split("-", maxsplit=1)[0]


def make_provider(variant: str, api_url: str) -> Provider:
    """A provider for ``variant`` aimed at ``api_url`` (the sandbox takes ``{api_url}/{key}``)."""
    return create_provider(provider_key(variant), api_url=api_url, **DEMO_CONFIG[variant])


def _compaya(recipients: Sequence[str]) -> bytes:
    accepted = [{"receiver": int(n), "country": "Sweden", "countryCode": "SE", "creditCost": 1.0} for n in recipients]
    result = {
        "totalCreditSum": float(len(recipients)),
        "messageSize": 1,
        "batchId": "e9fd008b-7e81-0659-e4e3-ae5317b43ef2",
        "report": {"accepted": accepted, "rejected": []},
    }
    return json.dumps({"status": "success", "messageCode": 5000, "result": result}).encode()


def _smstools(recipients: Sequence[str]) -> bytes:
    sms = [
        {"id": 1000 + i, "to": n, "status": "INSERTED", "statusDetail": None, "type": "SMS"}
        for i, n in enumerate(recipients)
    ]
    body = {"from": "HomeAlarm", "text": "x", "smsInserted": len(sms), "smsNotInserted": 0, "sms": sms}
    return json.dumps(body).encode()


def _spryng(recipients: Sequence[str]) -> bytes:
    body = {
        "id": "8c6da478-8721-469d-8bbd-db4bbcdefa04",
        "status": "scheduled",
        "encoding": "auto",
        "originator": "HomeAlarm",
        "body": "x",
        "reference": "",
        "credits": float(len(recipients)),
        "created_at": "2018-12-05T15:56:26+00:00",
    }
    return json.dumps(body).encode()


def _spryng_simple(recipients: Sequence[str]) -> bytes:
    return b"1"


def _gateway(recipients: Sequence[str]) -> bytes:
    return b'{"status":true,"error":0}'


SUCCESS_BODIES: dict[str, Callable[[Sequence[str]], bytes]] = {
    "prosms": _compaya,
    "smsdk": _compaya,
    "smstools": _smstools,
    "spryng": _spryng,
    "spryng-simple": _spryng_simple,
    "smsgw": _gateway,
}


def success(variant: str, recipients: Sequence[str]) -> HttpResponse:
    status = 201 if variant == "spryng" else 200
    return HttpResponse.create(status, SUCCESS_BODIES[variant](recipients), {"Content-Type": "application/json"})


def numbers(count: int, prefix: str = "4670") -> list[str]:
    """``count`` distinct valid Swedish mobile numbers, none ending in a suffix the sandbox
    reacts to (``REJECTED_SUFFIX``, ``NO_CREDIT_SUFFIX``)."""
    found: list[str] = []
    serial = 1_000_001
    while len(found) < count:
        number = f"{prefix}{serial:07d}"
        if not number.endswith((REJECTED_SUFFIX, NO_CREDIT_SUFFIX)):
            found.append(number)
        serial += 1
    return found
