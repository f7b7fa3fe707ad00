"""Delivery reports: the provider calls Home Assistant's webhook, automations get an event.

A real Home Assistant core with its webhook component; requests come through
``hass_client_no_auth`` exactly as a provider's callback would arrive.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from notify_plugins.homeassistant.webhook import (
    EVENT_FIELDS,
    async_register_delivery_webhook,
    async_unregister_delivery_webhook,
    delivery_webhook_url,
)
from notify_plugins.providers import Provider, create_provider

ClientFactory = Callable[[], Awaitable[TestClient]]
WEBHOOK_ID = "0123456789abcdef-secret-webhook-id"


def provider(domain: str) -> Provider:
    config: dict[str, str] = {
        "prosms": {"api_key": "prosms-secret-key"},
        "smsdk": {"api_key": "smsdk-secret-key"},
        "smstools": {"api_key": "tools-key", "api_secret": "tools-secret"},
        "spryng": {"api_key": "spryng-secret-key"},
        "smsgw": {"api_key": "gw-key", "api_url": "https://sms.example.com"},
    }[domain]
    return create_provider(domain, **config)


async def register(hass: HomeAssistant, domain: str) -> list[Event]:
    """Set up the webhook component, register the entry's webhook, collect its events."""
    assert await async_setup_component(hass, "webhook", {})
    MockConfigEntry(domain=domain, title="Account").add_to_hass(hass)
    async_register_delivery_webhook(
        hass, domain=domain, webhook_id=WEBHOOK_ID, name=f"{domain} delivery reports", provider=provider(domain)
    )
    events: list[Event] = []

    @callback
    def collect(event: Event) -> None:
        events.append(event)

    hass.bus.async_listen(f"{domain}_delivery_report", collect)
    return events


async def call(client: TestClient, method: str, *, params: dict[str, str] | None = None, **kwargs: Any) -> int:
    response = await client.request(method, f"/api/webhook/{WEBHOOK_ID}", params=params, **kwargs)
    assert await response.text() == ""
    return response.status


async def test_a_compaya_callback_becomes_an_event_with_every_field(
    hass: HomeAssistant, hass_client_no_auth: ClientFactory
) -> None:
    events = await register(hass, "prosms")
    params = {"receiver": "46701234567", "dlrStatus": "1", "batchId": "b-1", "userReference": "door"}
    status = await call(await hass_client_no_auth(), "GET", params=params)
    await hass.async_block_till_done()
    assert status == 200
    assert [event.data for event in events] == [
        {
            "recipient": "46701234567",
            "status": "delivered",
            "reason_code": "1",
            "reason": "Received",
            "reference": "door",
            "message_id": "b-1",
        }
    ]


async def test_event_data_has_exactly_the_documented_fields_as_strings_or_none(
    hass: HomeAssistant, hass_client_no_auth: ClientFactory
) -> None:
    events = await register(hass, "smsdk")
    await call(await hass_client_no_auth(), "GET", params={"receiver": "4522680880", "status": "2"})
    await hass.async_block_till_done()
    (event,) = events
    assert tuple(event.data) == EVENT_FIELDS
    assert all(value is None or isinstance(value, str) for value in event.data.values())
    assert event.data["reference"] is None


async def test_a_smstools_form_post_becomes_an_event(hass: HomeAssistant, hass_client_no_auth: ClientFactory) -> None:
    events = await register(hass, "smstools")
    status = await call(
        await hass_client_no_auth(),
        "POST",
        data="id=1001&to=393481234567&status=NOT_DELIVERED&transactionId=door",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    await hass.async_block_till_done()
    assert status == 200
    assert events[0].data["status"] == "failed"
    assert events[0].data["message_id"] == "1001"
    assert events[0].data["reference"] == "door"


async def test_a_spryng_portal_callback_becomes_an_event(
    hass: HomeAssistant, hass_client_no_auth: ClientFactory
) -> None:
    events = await register(hass, "spryng")
    params = {"ID": "42", "RECIPIENT": "31612345678", "STATUS": "20", "REASONCODE": "31", "REFERENCE": "door"}
    assert await call(await hass_client_no_auth(), "GET", params=params) == 200
    await hass.async_block_till_done()
    assert events[0].data["status"] == "failed"
    assert events[0].data["reason_code"] == "31"
    assert events[0].data["recipient"] == "31612345678"


async def test_a_malformed_callback_is_answered_400_and_fires_nothing(
    hass: HomeAssistant, hass_client_no_auth: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    events = await register(hass, "spryng")
    caplog.set_level(logging.DEBUG)
    params = {"ID": "42", "RECIPIENT": "31612345678", "STATUS": "99"}
    assert await call(await hass_client_no_auth(), "GET", params=params) == 400
    await hass.async_block_till_done()
    assert events == []
    ours = " ".join(r.getMessage() for r in caplog.records if r.name.startswith("notify_plugins"))
    assert "malformed delivery report" in ours
    assert WEBHOOK_ID not in ours
    assert "31612345678" not in ours


async def test_a_method_the_provider_does_not_use_is_not_allowed(
    hass: HomeAssistant, hass_client_no_auth: ClientFactory
) -> None:
    events = await register(hass, "spryng")
    response = await (await hass_client_no_auth()).post(f"/api/webhook/{WEBHOOK_ID}", data="STATUS=10")
    await hass.async_block_till_done()
    assert response.status == 405
    assert events == []


async def test_an_unregistered_webhook_fires_nothing(hass: HomeAssistant, hass_client_no_auth: ClientFactory) -> None:
    events = await register(hass, "prosms")
    async_unregister_delivery_webhook(hass, WEBHOOK_ID)
    await call(await hass_client_no_auth(), "GET", params={"receiver": "46701234567", "dlrStatus": "1"})
    await hass.async_block_till_done()
    assert events == []


async def test_a_provider_without_callbacks_cannot_get_a_webhook(hass: HomeAssistant) -> None:
    assert await async_setup_component(hass, "webhook", {})
    with pytest.raises(ValueError, match="does not call back"):
        async_register_delivery_webhook(
            hass, domain="smsgw", webhook_id=WEBHOOK_ID, name="gateway", provider=provider("smsgw")
        )


async def test_the_url_to_give_the_provider_prefers_the_external_url(hass: HomeAssistant) -> None:
    await async_process_ha_core_config(
        hass, {"internal_url": "http://192.168.1.2:8123", "external_url": "https://home.example.org"}
    )
    assert delivery_webhook_url(hass, WEBHOOK_ID) == f"https://home.example.org/api/webhook/{WEBHOOK_ID}"
