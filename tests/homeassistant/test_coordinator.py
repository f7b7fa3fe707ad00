"""The credit coordinator: the account's balance every half hour, and what a failure means.

Requests go through Home Assistant's shared session, replaced by ``aioclient_mock``, so
the provider's replies are exactly those of its documentation (docs/providers/).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.update_coordinator import UpdateFailed
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from notify_plugins.client import AsyncSmsClient
from notify_plugins.homeassistant.coordinator import CreditCoordinator
from notify_plugins.http.aio import AsyncTransport
from notify_plugins.providers import Balance, create_provider
from tests.homeassistant.helpers import LANGUAGE_FILES, shipped_translations

CREDIT_URL = "https://api.prosms.se/v1/user/getcreditvalue"


def client(hass: HomeAssistant, key: str = "prosms", **config: str) -> AsyncSmsClient:
    provider = create_provider(key, **(config or {"api_key": "prosms-secret-key"}))
    return AsyncSmsClient(provider, AsyncTransport(async_get_clientsession(hass)))


def coordinator(hass: HomeAssistant, **config: str) -> CreditCoordinator:
    entry = MockConfigEntry(domain="prosms", title="Home")
    entry.add_to_hass(hass)
    return CreditCoordinator(hass, entry, client(hass, **config))


async def test_the_balance_becomes_the_coordinator_data(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker):
    aioclient_mock.get(CREDIT_URL, json={"status": "success", "messageCode": 5000, "result": 12.5})
    credit = coordinator(hass)
    await credit.async_refresh()
    assert credit.last_update_success
    assert credit.data == Balance(12.5, "credits")


async def test_the_credit_is_read_every_half_hour(hass: HomeAssistant) -> None:
    assert coordinator(hass).update_interval == timedelta(minutes=30)


async def test_a_refused_key_asks_for_reauthentication(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker):
    aioclient_mock.get(
        CREDIT_URL, status=401, json={"status": "error", "messageCode": 1054, "message": "Invalid token."}
    )
    credit = coordinator(hass)
    credit.config_entry.mock_state(hass, ConfigEntryState.SETUP_IN_PROGRESS)
    with pytest.raises(ConfigEntryAuthFailed) as caught:
        await credit.async_config_entry_first_refresh()
    assert caught.value.translation_key == "credit_auth_failed"
    assert caught.value.translation_placeholders["provider"] == "ProSMS.se"


async def test_any_other_failure_is_a_translated_update_failure(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.get(CREDIT_URL, status=404, text="<html>Not found</html>")
    credit = coordinator(hass)
    await credit.async_refresh()
    assert not credit.last_update_success
    error = credit.last_exception
    assert isinstance(error, UpdateFailed)
    assert error.translation_key == "credit_update_failed"
    assert error.translation_domain == "prosms"
    assert str(error).startswith("Could not read the ProSMS.se credit")


async def test_failures_never_show_the_key(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    aioclient_mock.get(CREDIT_URL, status=404, text="no such key prosms-secret-key")
    credit = coordinator(hass)
    await credit.async_refresh()
    assert "prosms-secret-key" not in str(credit.last_exception)
    assert "prosms-secret-key" not in str(credit.last_exception.translation_placeholders)


@pytest.mark.parametrize(
    ("key", "config", "expected"),
    [
        ("prosms", {"api_key": "k"}, True),
        ("smsdk", {"api_key": "k"}, True),
        ("smstools", {"api_key": "k", "api_secret": "s"}, True),
        ("spryng", {"api_key": "k"}, True),
        ("spryng", {"username": "u", "secret": "s"}, False),
        ("smsgw", {"api_key": "k", "api_url": "https://sms.example.com"}, False),
    ],
)
async def test_only_providers_with_a_balance_call_get_a_coordinator(
    hass: HomeAssistant, key: str, config: dict[str, str], expected: bool
) -> None:
    entry = MockConfigEntry(domain=key)
    entry.add_to_hass(hass)
    if expected:
        assert CreditCoordinator(hass, entry, client(hass, key, **config)).client.provider.key == key
    else:
        with pytest.raises(ValueError, match="no balance call"):
            CreditCoordinator(hass, entry, client(hass, key, **config))


async def test_a_coordinator_for_a_provider_without_balance_is_refused(hass: HomeAssistant) -> None:
    entry = MockConfigEntry(domain="smsgw")
    gateway = client(hass, "smsgw", api_key="k", api_url="https://sms.example.com")
    with pytest.raises(ValueError, match="no balance call"):
        CreditCoordinator(hass, entry, gateway)


@pytest.mark.parametrize(("domain", "language"), LANGUAGE_FILES)
def test_every_language_says_which_provider_failed_and_why(domain: str, language: str) -> None:
    texts = shipped_translations(domain, language)["exceptions"]

    for key in ("credit_update_failed", "credit_auth_failed"):
        assert "{provider}" in texts[key]["message"] and "{reason}" in texts[key]["message"], key
