"""Diagnostics show what is set up and never a secret, a username or a full number."""

from __future__ import annotations

import json

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.components.diagnostics import get_diagnostics_for_config_entry
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from tests.homeassistant.helpers import DOMAINS, compaya_accepted
from tests.homeassistant.ui import COMPAYA_HOSTS, DAD, MUM, SECRETS, recipient, setup_account


@pytest.mark.parametrize("domain", DOMAINS)
async def test_diagnostics_redact_every_secret_and_number(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, aioclient_mock: AiohttpClientMocker, domain: str
) -> None:
    entry = await setup_account(hass, aioclient_mock, domain, recipient("Mum", MUM), recipient("Dad", DAD))

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    text = json.dumps(diagnostics)
    for secret in SECRETS[domain]:
        assert secret not in text
    for number in (MUM, DAD, MUM[2:], DAD[2:]):
        assert number not in text
    assert "Mum" not in text
    assert diagnostics["entry"]["data"]["sender"] == "HomeAlarm"
    assert sorted(r["data"]["number"] for r in diagnostics["recipients"]) == ["********543", "********567"]


async def test_a_numeric_sender_is_masked(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, aioclient_mock: AiohttpClientMocker
) -> None:
    from tests.homeassistant.ui import account_entry, answer_account_checks

    answer_account_checks(aioclient_mock, "smsgw")
    entry = account_entry("smsgw")
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, data={**entry.data, "sender": MUM})
    await hass.config_entries.async_setup(entry.entry_id)

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    assert diagnostics["entry"]["data"]["sender"] == "********567"


async def test_the_last_send_appears_masked(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await setup_account(hass, aioclient_mock, "prosms", recipient("Mum", MUM))
    aioclient_mock.post(f"{COMPAYA_HOSTS['prosms']}/v1/sms/send", json=compaya_accepted(int(MUM)))
    await hass.services.async_call(
        "notify", "send_message", {"entity_id": "notify.prosms_se_mum", "message": "Hi"}, blocking=True
    )

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    assert diagnostics["last_send"] == "ProSMS.se: 1 of 1 accepted"


async def test_the_webhook_id_is_redacted(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, aioclient_mock: AiohttpClientMocker
) -> None:
    from tests.homeassistant.ui import account_entry, answer_account_checks

    answer_account_checks(aioclient_mock, "smstools")
    entry = account_entry("smstools")
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, data={**entry.data, "webhook_id": "a1b2c3-secret-hook"})
    await hass.config_entries.async_setup(entry.entry_id)

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    assert "a1b2c3-secret-hook" not in json.dumps(diagnostics)
    assert diagnostics["entry"]["data"]["webhook_id"] == "**REDACTED**"
