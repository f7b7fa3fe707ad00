"""Helpers of the Home Assistant suite: YAML set-up, service calls and the requests sent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

DOMAINS = ("prosms", "smsdk", "smstools", "spryng", "smsgw")

COMPONENTS = Path(__file__).resolve().parents[2] / "custom_components"

LANGUAGE_FILES = [
    (domain, path.stem) for domain in DOMAINS for path in sorted((COMPONENTS / domain / "translations").glob("*.json"))
]
"""(domain, language) of every translation file the integrations ship."""


def shipped_translations(domain: str, language: str) -> dict[str, Any]:
    """The content of ``custom_components/<domain>/translations/<language>.json``."""
    data: dict[str, Any] = json.loads((COMPONENTS / domain / "translations" / f"{language}.json").read_text("utf-8"))
    return data


GATEWAY_URL = "https://sms.example.com"

MINIMAL_CONFIG: dict[str, dict[str, Any]] = {
    "prosms": {"platform": "prosms", "api_key": "prosms-key", "sender": "HomeAlarm"},
    "smsdk": {"platform": "smsdk", "api_key": "smsdk-key", "sender": "HomeAlarm"},
    "smstools": {"platform": "smstools", "api_key": "tools-key", "api_secret": "tools-secret", "sender": "HomeAlarm"},
    "spryng": {"platform": "spryng", "api_key": "spryng-key", "sender": "HomeAlarm"},
    "smsgw": {"platform": "smsgw", "api_key": "gw-key", "sender": "HomeAlarm", "api_url": GATEWAY_URL},
}
"""The smallest valid YAML of each platform (as parsed), without recipients."""


def platform(domain: str, **overrides: Any) -> dict[str, Any]:
    """A platform entry for ``notify:``: the minimal one with ``overrides`` (None removes a key)."""
    config = {**MINIMAL_CONFIG[domain], **overrides}
    return {key: value for key, value in config.items() if value is not None}


async def setup_notify(hass: HomeAssistant, *platforms: dict[str, Any]) -> None:
    """Set up ``notify:`` with these platform entries, as configuration.yaml would."""
    assert await async_setup_component(hass, "notify", {"notify": list(platforms)})
    await hass.async_block_till_done()


async def notify(hass: HomeAssistant, service: str, **data: Any) -> None:
    """Call ``notify.<service>`` and wait for it, so its errors reach the test."""
    await hass.services.async_call("notify", service, data, blocking=True)


@dataclass(frozen=True)
class Sent:
    """One request as it went on the wire."""

    method: str
    url: str
    query: list[tuple[str, str]]
    body: bytes | None
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form(self) -> list[tuple[str, str]]:
        return parse_qsl((self.body or b"").decode(), keep_blank_values=True)


def sent(aioclient_mock: AiohttpClientMocker) -> list[Sent]:
    """Every request the integrations made, in order."""
    return [
        Sent(
            method=method.upper(),
            url=str(url.with_query(None)),
            query=list(url.query.items()),
            body=data,
            headers=dict(headers or {}),
        )
        for method, url, data, headers in aioclient_mock.mock_calls
    ]


PROSMS_SEND = "https://api.prosms.se/v1/sms/send"
"""ProSMS.se's send endpoint, where the tests' ProSMS accounts send."""


def prosms_sends(aioclient_mock: AiohttpClientMocker) -> list[dict[str, Any]]:
    """The JSON body of every send to ProSMS.se, in order."""
    return [r.json() for r in sent(aioclient_mock) if r.url == PROSMS_SEND]


def compaya_rejected(*numbers: int, code: int = 1014) -> dict[str, Any]:
    """ProSMS/SMS.dk HTTP 409 (error 1059): every recipient in ``report.rejected`` with ``code``."""
    return {
        "status": "error",
        "messageCode": 1059,
        "errorResult": {
            "report": {"accepted": [], "rejected": [{"receiver": n, "messageCode": code} for n in numbers]}
        },
    }


def compaya_accepted(*numbers: int) -> dict[str, Any]:
    """ProSMS/SMS.dk HTTP 200: every recipient in ``report.accepted`` (docs/providers/prosms.md)."""
    return {
        "status": "success",
        "messageCode": 5000,
        "result": {
            "totalCreditSum": float(len(numbers)),
            "messageSize": 1,
            "batchId": "e9fd008b-7e81-0659-e4e3-ae5317b43ef2",
            "report": {"accepted": [{"receiver": n, "creditCost": 1.0} for n in numbers], "rejected": []},
        },
    }


def smstools_reply(*entries: tuple[str, str, str | None]) -> dict[str, Any]:
    """Smstools HTTP 200 with one ``sms[]`` entry per (number, status, statusDetail) (docs/providers/smstools.md)."""
    inserted = sum(1 for _, status, _ in entries if status == "INSERTED")
    return {
        "from": "HomeAlarm",
        "text": "",
        "transactionId": None,
        "smsInserted": inserted,
        "smsNotInserted": len(entries) - inserted,
        "sms": [
            {"id": 1000 + index, "to": number, "status": status, "statusDetail": detail, "type": "SMS"}
            for index, (number, status, detail) in enumerate(entries)
        ],
    }


SPRYNG_ACCEPTED = {"id": "8c6da478-8721-469d-8bbd-db4bbcdefa04", "status": "scheduled", "credits": 1.0}
"""Spryng REST: the message object of an accepted send (docs/providers/spryng.md)."""

GATEWAY_ACCEPTED = {"status": True, "error": 0}
"""Gateway JSON reply for an accepted send (docs/providers/gateway.md)."""


def entry_device(hass: HomeAssistant, entry_id: str, identifier: tuple[str, str]) -> dr.DeviceEntry | None:
    """The entry's device with ``identifier``, on every release: ``async_get_device`` is
    deprecated since 2026.9, and its replacements do not exist before."""
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry_id)
    return next((device for device in devices if identifier in device.identifiers), None)


def device_subentries(device: dr.DeviceEntry, entry_id: str) -> set[str | None]:
    """The config subentries ``device`` belongs to: one since 2026.8, a set before."""
    if hasattr(device, "config_subentry_id"):
        return {device.config_subentry_id}
    return set(device.config_entries_subentries[entry_id])
