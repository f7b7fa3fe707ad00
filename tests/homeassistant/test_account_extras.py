"""What a loaded account offers besides its notify entities: the credit and last-send
sensors, the credit repairs issue, and delivery reports through its webhook.

Each test loads a real config entry the way the user flow creates it, on a real Home
Assistant core; the provider's replies come from ``aioclient_mock``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Event, HomeAssistant, State, callback
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    mock_restore_cache_with_extra_data,
)
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from notify_plugins.providers import provider_class
from tests.homeassistant.helpers import DOMAINS, GATEWAY_ACCEPTED, GATEWAY_URL, PROSMS_SEND, compaya_accepted
from tests.homeassistant.ui import MUM, USER_INPUT, answer_account_checks, recipient

ClientFactory = Callable[[], Awaitable[TestClient]]
WEBHOOK_ID = "3f2c9a7d1e8b4c6a-delivery"
EXTERNAL_URL = "https://home.example.org"
BALANCED = ("prosms", "smsdk", "smstools", "spryng")
"""Providers whose account reports its credit (Spryng with a REST key)."""


async def load(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, domain: str) -> MockConfigEntry:
    """An account of ``domain`` with Mum as recipient, as the user flow stores it."""
    answer_account_checks(aioclient_mock, domain)
    data: dict[str, Any] = dict(USER_INPUT[domain])
    if provider_class(domain).callback_methods:
        data["webhook_id"] = WEBHOOK_ID
    entry = MockConfigEntry(
        domain=domain,
        title=provider_class(domain).name,
        data=data,
        unique_id="acct",
        subentries_data=[recipient("Mum", MUM)],
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    return entry


def entity_id(hass: HomeAssistant, entry: MockConfigEntry, key: str) -> str | None:
    return er.async_get(hass).async_get_entity_id("sensor", entry.domain, f"{entry.entry_id}_{key}")


def collect(hass: HomeAssistant, event_type: str) -> list[Event]:
    events: list[Event] = []

    @callback
    def listener(event: Event) -> None:
        events.append(event)

    hass.bus.async_listen(event_type, listener)
    return events


@pytest.mark.parametrize("domain", DOMAINS)
async def test_credit_sensor_exists_exactly_where_the_provider_reports_credit(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, domain: str
) -> None:
    entry = await load(hass, aioclient_mock, domain)

    credit = entity_id(hass, entry, "credit")

    assert (credit is not None) is (domain in BALANCED)
    if credit is not None:
        assert float(hass.states.get(credit).state) > 0


@pytest.mark.parametrize("domain", ["prosms", "spryng"])
async def test_starting_an_account_reads_the_credit_once(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, domain: str
) -> None:
    entry = await load(hass, aioclient_mock, domain)

    balance_calls = [url for _, url, _, _ in aioclient_mock.mock_calls if "credit" in str(url) or "balance" in str(url)]
    assert len(balance_calls) == 1
    assert float(hass.states.get(entity_id(hass, entry, "credit")).state) == entry.runtime_data.coordinator.data.amount


async def test_last_send_sensor_follows_the_entry_sends(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await load(hass, aioclient_mock, "prosms")
    last_send = entity_id(hass, entry, "last_send")
    assert last_send is not None
    assert hass.states.get(last_send).state == "unknown"
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM)))

    await hass.services.async_call(
        "notify", "send_message", {"entity_id": "notify.prosms_se_mum", "message": "Door open"}, blocking=True
    )

    state = hass.states.get(last_send)
    assert state.state == "sent"
    assert (state.attributes["recipients"], state.attributes["accepted"]) == (1, 1)


async def test_a_send_refused_for_credit_raises_a_repairs_issue(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await load(hass, aioclient_mock, "prosms")
    no_credit = {"status": "error", "messageCode": 1030, "message": "Not enough credit"}
    aioclient_mock.post(PROSMS_SEND, json=no_credit, status=400)

    with pytest.raises(Exception, match="credit"):
        await hass.services.async_call(
            "notify", "send_message", {"entity_id": "notify.prosms_se_mum", "message": "Door open"}, blocking=True
        )

    issue = ir.async_get(hass).async_get_issue("prosms", f"credit_exhausted_{entry.entry_id}")
    assert issue is not None
    assert issue.translation_key == "credit_exhausted"


async def test_a_send_refused_for_credit_reads_the_credit_again(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, freezer: FrozenDateTimeFactory
) -> None:
    entry = await load(hass, aioclient_mock, "prosms")
    credit = entity_id(hass, entry, "credit")
    assert hass.states.get(credit).state == "120.5"
    aioclient_mock.clear_requests()
    aioclient_mock.get("https://api.prosms.se/v1/user/getcreditvalue", json={"status": "success", "result": 0.4})
    aioclient_mock.post(PROSMS_SEND, json={"status": "error", "messageCode": 1030, "message": "No credit"}, status=402)

    with pytest.raises(HomeAssistantError, match="too little credit"):
        await hass.services.async_call(
            "notify", "send_message", {"entity_id": "notify.prosms_se_mum", "message": "Door open"}, blocking=True
        )
    freezer.tick(timedelta(seconds=15))  # past the coordinator's request debouncer
    async_fire_time_changed(hass)
    await hass.async_block_till_done()

    assert hass.states.get(credit).state == "0.4"  # not the balance from before the refusal
    issue = ir.async_get(hass).async_get_issue("prosms", f"credit_exhausted_{entry.entry_id}")
    assert issue is not None  # 0.4 credits are above zero, and still not enough to send


async def test_last_send_survives_a_reload(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    entry = await load(hass, aioclient_mock, "prosms")
    last_send = entity_id(hass, entry, "last_send")
    aioclient_mock.post(PROSMS_SEND, json={"status": "error", "messageCode": 1030, "message": "No credit"}, status=402)
    with pytest.raises(HomeAssistantError):
        await hass.services.async_call(
            "notify", "send_message", {"entity_id": "notify.prosms_se_mum", "message": "Door open"}, blocking=True
        )
    before = hass.states.get(last_send)
    assert before.state == "failed"

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()

    after = hass.states.get(last_send)
    assert after.state == "failed"
    assert after.attributes["time"] == before.attributes["time"]
    assert (after.attributes["recipients"], after.attributes["rejected"]) == (1, 1)


async def test_last_send_is_restored_after_a_restart(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    attributes = {"recipients": 2, "accepted": 1, "rejected": 1, "unknown": 0, "time": "2026-12-01T10:00:00+00:00"}
    mock_restore_cache_with_extra_data(
        hass,
        [
            (
                State("sensor.prosms_se_last_send", "partly_failed", attributes),
                {"native_value": "partly_failed", "native_unit_of_measurement": None},
            )
        ],
    )
    entry = await load(hass, aioclient_mock, "prosms")

    state = hass.states.get(entity_id(hass, entry, "last_send"))
    assert state.state == "partly_failed"
    assert state.attributes["time"] == "2026-12-01T10:00:00+00:00"


async def test_sends_carry_the_webhook_url_when_home_assistant_has_one(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await async_process_ha_core_config(hass, {"external_url": EXTERNAL_URL})
    await load(hass, aioclient_mock, "prosms")
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM)))

    await hass.services.async_call(
        "notify", "send_message", {"entity_id": "notify.prosms_se_mum", "message": "Door open"}, blocking=True
    )

    sent = [data for method, url, data, _ in aioclient_mock.mock_calls if str(url) == PROSMS_SEND]
    assert json.loads(sent[-1])["dlrUrl"] == f"{EXTERNAL_URL}/api/webhook/{WEBHOOK_ID}"


async def test_without_an_external_url_sends_carry_no_callback_url(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await async_process_ha_core_config(hass, {"internal_url": "http://192.168.1.5:8123"})
    entry = await load(hass, aioclient_mock, "prosms")
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM)))

    await hass.services.async_call(
        "notify", "send_message", {"entity_id": "notify.prosms_se_mum", "message": "Door open"}, blocking=True
    )

    sent = [data for method, url, data, _ in aioclient_mock.mock_calls if str(url) == PROSMS_SEND]
    assert "dlrUrl" not in json.loads(sent[-1])
    assert entry.runtime_data.webhook_url is None


async def test_a_delivery_report_on_the_webhook_becomes_an_event(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, hass_client_no_auth: ClientFactory
) -> None:
    await async_process_ha_core_config(hass, {"external_url": EXTERNAL_URL})
    await load(hass, aioclient_mock, "prosms")
    events = collect(hass, "prosms_delivery_report")
    client = await hass_client_no_auth()

    response = await client.get(
        f"/api/webhook/{WEBHOOK_ID}",
        params={"receiver": MUM, "dlrStatus": "1", "batchId": "b-1", "userReference": "door"},
    )
    await hass.async_block_till_done()

    assert response.status == 200
    assert [(e.data["recipient"], e.data["status"], e.data["reference"]) for e in events] == [
        (MUM, "delivered", "door")
    ]


async def test_unloading_the_account_stops_its_webhook(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, hass_client_no_auth: ClientFactory
) -> None:
    entry = await load(hass, aioclient_mock, "smstools")
    events = collect(hass, "smstools_delivery_report")
    assert await hass.config_entries.async_unload(entry.entry_id)
    client = await hass_client_no_auth()

    await client.get(f"/api/webhook/{WEBHOOK_ID}", params={"id": "1", "to": MUM, "status": "DELIVERED"})
    await hass.async_block_till_done()

    assert events == []


async def test_spryng_options_show_the_url_to_enter_in_its_portal(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await async_process_ha_core_config(hass, {"external_url": EXTERNAL_URL})
    entry = await load(hass, aioclient_mock, "spryng")

    form = await hass.config_entries.options.async_init(entry.entry_id)

    assert form["description_placeholders"]["webhook_url"] == f"{EXTERNAL_URL}/api/webhook/{WEBHOOK_ID}"


async def test_options_of_an_account_that_could_not_load_still_show_its_delivery_url(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    """Not "no external URL is set" while one is: the provider was only unreachable."""
    await async_process_ha_core_config(hass, {"external_url": EXTERNAL_URL})
    aioclient_mock.get("https://api.prosms.se/v1/user/getcreditvalue", exc=aiohttp.ClientConnectionError("down"))
    entry = MockConfigEntry(
        domain="prosms", title="ProSMS.se", data={**USER_INPUT["prosms"], "webhook_id": WEBHOOK_ID}, unique_id="acct"
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_RETRY

    form = await hass.config_entries.options.async_init(entry.entry_id)

    assert form["step_id"] == "init"
    assert form["description_placeholders"]["webhook_url"] == f"{EXTERNAL_URL}/api/webhook/{WEBHOOK_ID}"


async def test_the_gateway_has_no_webhook_and_sends_as_before(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await async_process_ha_core_config(hass, {"external_url": EXTERNAL_URL})
    entry = await load(hass, aioclient_mock, "smsgw")
    aioclient_mock.get(f"{GATEWAY_URL}/api/sms/send_sms.php", json=GATEWAY_ACCEPTED)

    await hass.services.async_call(
        "notify", "send_message", {"entity_id": "notify.white_label_sms_gateway_mum", "message": "Hi"}, blocking=True
    )

    assert entry.runtime_data.webhook_url is None
    assert "webhook_id" not in entry.data
