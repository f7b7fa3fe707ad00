"""Helpers of the UI set-up tests: each provider's account replies, flows and entries.

The account checks (``notify_plugins.homeassistant.account``) ask each provider one or two
read-only questions; :func:`answer_account_checks` gives the replies of docs/providers/,
so a flow or an entry set-up succeeds unless a test says otherwise.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import SOURCE_USER, ConfigSubentryData
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from notify_plugins.providers import provider_class
from tests.homeassistant.helpers import GATEWAY_URL

USER_INPUT: dict[str, dict[str, str]] = {
    "prosms": {"api_key": "prosms-key", "sender": "HomeAlarm"},
    "smsdk": {"api_key": "smsdk-key", "sender": "HomeAlarm"},
    "smstools": {"api_key": "tools-key", "api_secret": "tools-secret", "sender": "HomeAlarm"},
    "spryng": {"api_key": "spryng-key", "sender": "HomeAlarm"},
    "smsgw": {"api_key": "gw-key", "sender": "HomeAlarm", "api_url": GATEWAY_URL},
}
"""What a user types into the account form of each integration."""

SECRETS: dict[str, tuple[str, ...]] = {
    "prosms": ("prosms-key",),
    "smsdk": ("smsdk-key",),
    "smstools": ("tools-key", "tools-secret"),
    "spryng": ("spryng-key",),
    "smsgw": ("gw-key",),
}

COMPAYA_HOSTS = {"prosms": "https://api.prosms.se", "smsdk": "https://api.sms.dk"}
SMSTOOLS_USER = "https://api.smstools.it/rest/api/user"
SPRYNG_BALANCE = "https://rest.spryngsms.com/v1/balance"
GATEWAY_DLR = f"{GATEWAY_URL}/api/sms/dlr.php"

MUM = "46701234567"
DAD = "46709876543"


def check_urls(domain: str) -> list[tuple[str, str]]:
    """(method, URL) of the account check of ``domain``."""
    if domain in COMPAYA_HOSTS:
        host = COMPAYA_HOSTS[domain]
        return [("get", f"{host}/v1/user/getcreditvalue"), ("get", f"{host}/v1/sendername/list")]
    return {
        "smstools": [("get", SMSTOOLS_USER)],
        "spryng": [("get", SPRYNG_BALANCE)],
        "smsgw": [("get", GATEWAY_DLR)],
    }[domain]


def answer_account_checks(
    aioclient_mock: AiohttpClientMocker,
    domain: str,
    *,
    senders: tuple[str, ...] = ("HomeAlarm",),
    account_id: int = 4711,
) -> None:
    """Successful replies to every read-only call of ``domain``'s account check."""
    if domain in COMPAYA_HOSTS:
        host = COMPAYA_HOSTS[domain]
        aioclient_mock.get(f"{host}/v1/user/getcreditvalue", json={"status": "success", "result": 120.5})
        aioclient_mock.get(
            f"{host}/v1/sendername/list", json={"status": "success", "result": [{"senderName": s} for s in senders]}
        )
    elif domain == "smstools":
        aioclient_mock.get(SMSTOOLS_USER, json={"id": account_id, "username": "casa", "credit": 12.5})
    elif domain == "spryng":
        aioclient_mock.get(SPRYNG_BALANCE, json={"amount": 250})
    else:
        aioclient_mock.get(GATEWAY_DLR, json={"status": True, "queue_status": "notfound"})


async def start_user_flow(hass: HomeAssistant, domain: str) -> dict[str, Any]:
    result: dict[str, Any] = await hass.config_entries.flow.async_init(domain, context={"source": SOURCE_USER})
    return result


def recipient(name: str, number: str) -> ConfigSubentryData:
    return ConfigSubentryData(
        data={"name": name, "number": number}, subentry_type="recipient", title=name, unique_id=number
    )


def account_entry(
    domain: str, *recipients: ConfigSubentryData, options: dict[str, Any] | None = None, unique_id: str = "acct"
) -> MockConfigEntry:
    """A config entry as the user flow makes it (sender cleaned, credentials in data)."""
    return MockConfigEntry(
        domain=domain,
        title=provider_class(domain).name,
        data=dict(USER_INPUT[domain]),
        options=options or {},
        unique_id=unique_id,
        subentries_data=list(recipients),
    )


async def setup_account(
    hass: HomeAssistant,
    aioclient_mock: AiohttpClientMocker,
    domain: str,
    *recipients: ConfigSubentryData,
    options: dict[str, Any] | None = None,
) -> MockConfigEntry:
    """Add and load an account of ``domain`` with these recipients."""
    entry = account_entry(domain, *recipients, options=options)
    entry.add_to_hass(hass)
    await load_entry(hass, aioclient_mock, entry)
    return entry


async def load_entry(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, entry: MockConfigEntry) -> None:
    """Load an entry already added to Home Assistant, its account checks answered."""
    answer_account_checks(aioclient_mock, entry.domain)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
