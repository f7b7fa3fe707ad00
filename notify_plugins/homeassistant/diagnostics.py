"""Diagnostics of a config entry: enough to see what is set up, nothing to abuse.

Credentials, usernames, the webhook id, titles (they may name a person or carry a numeric
sender) and the account id are replaced by ``**REDACTED**``; phone numbers, the recipients' and a numeric
sender, are masked to their last three digits, as the library's own logs do. The last
send appears as its log-safe summary (numbers masked).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.const import CONF_API_KEY, CONF_NAME, CONF_SENDER, CONF_USERNAME, CONF_WEBHOOK_ID
from homeassistant.core import HomeAssistant

from ..validation import mask_number
from .const import CONF_API_SECRET, CONF_NUMBER, CONF_SECRET
from .runtime import SmsConfigEntry

TO_REDACT = frozenset(
    {CONF_API_KEY, CONF_API_SECRET, CONF_SECRET, CONF_USERNAME, CONF_NAME, CONF_WEBHOOK_ID, "title", "unique_id"}
)
"""Keys whose value never appears in diagnostics (the webhook id is the delivery URL's only secret)."""


def _sender(value: str) -> str:
    return mask_number(value) if value.isdigit() else value


def _data(data: Mapping[str, Any]) -> dict[str, Any]:
    redacted: dict[str, Any] = async_redact_data(dict(data), TO_REDACT)
    if isinstance(redacted.get(CONF_SENDER), str):
        redacted[CONF_SENDER] = _sender(redacted[CONF_SENDER])
    if isinstance(redacted.get(CONF_NUMBER), str):
        redacted[CONF_NUMBER] = mask_number(redacted[CONF_NUMBER])
    return redacted


async def async_get_config_entry_diagnostics(hass: HomeAssistant, entry: SmsConfigEntry) -> dict[str, Any]:
    runtime = entry.runtime_data
    provider = runtime.provider
    return {
        "entry": {
            "title": REDACTED,
            "unique_id": REDACTED,
            "data": _data(entry.data),
            "options": dict(entry.options),
        },
        "account": {"identified_by": "provider" if runtime.account.names_account else "credential digest"},
        "provider": {
            "name": provider.name,
            "class": type(provider).__name__,
            "api_url": provider.api_url,
            "country": runtime.client.country,
        },
        "recipients": [
            {"subentry_id": subentry.subentry_id, "type": subentry.subentry_type, "data": _data(subentry.data)}
            for subentry in entry.subentries.values()
        ],
        "last_send": None if runtime.last_result is None else runtime.last_result.summary(),
    }
