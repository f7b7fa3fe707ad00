"""Delivery reports reach each recipient's event entity (delivered, failed, expired, unknown),
while the ``<domain>_delivery_report`` bus event goes on as before; and where Home Assistant
lets an integration record a send, ``send_sms`` shows on the recipient's notify entity."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import async_capture_events
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from notify_plugins.homeassistant.entity import RECORDS_NOTIFICATIONS
from tests.homeassistant.helpers import PROSMS_SEND, compaya_accepted, entry_device
from tests.homeassistant.ui import DAD, MUM, set_up_in_ui

ClientFactory = Callable[[], Awaitable[TestClient]]
MUM_EVENTS = "event.prosms_se_homealarm_mum_delivery_report"
DAD_EVENTS = "event.prosms_se_homealarm_dad_delivery_report"
BATCH = "e9fd008b-7e81-0659-e4e3-ae5317b43ef2"


async def report(hass: HomeAssistant, client: TestClient, webhook_id: str, **params: str) -> None:
    """A ProSMS.se delivery report arriving at the account's webhook."""
    response = await client.get(f"/api/webhook/{webhook_id}", params=params)
    assert response.status == 200
    await hass.async_block_till_done()


def last_event(hass: HomeAssistant, entity_id: str) -> dict[str, Any]:
    state = hass.states.get(entity_id)
    assert state is not None
    return {"state": state.state, **state.attributes}


async def test_each_recipient_has_a_delivery_report_event_entity_on_its_device(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))
    [subentry] = entry.subentries.values()

    registered = er.async_get(hass).async_get(MUM_EVENTS)
    state = hass.states.get(MUM_EVENTS)

    assert registered is not None and state is not None
    device = entry_device(hass, entry.entry_id, ("prosms", f"{entry.entry_id}_{subentry.subentry_id}"))
    assert device is not None and registered.device_id == device.id
    assert registered.config_subentry_id == subentry.subentry_id
    assert state.attributes["event_types"] == ["delivered", "failed", "expired", "unknown"]
    assert state.name == "Mum Delivery report"
    assert state.state == "unknown"


@pytest.mark.parametrize(
    ("dlr_status", "event_type", "reason"),
    [("1", "delivered", "Received"), ("2", "failed", "Rejected"), ("4", "expired", "Expired"), ("64", "unknown", None)],
)
async def test_a_report_fires_its_outcome_on_the_recipients_entity_only(
    hass: HomeAssistant,
    aioclient_mock: AiohttpClientMocker,
    hass_client_no_auth: ClientFactory,
    dlr_status: str,
    event_type: str,
    reason: str | None,
) -> None:
    entry = await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM), ("Dad", DAD))
    bus = async_capture_events(hass, "prosms_delivery_report")

    await report(
        hass,
        await hass_client_no_auth(),
        entry.data["webhook_id"],
        receiver=MUM,
        dlrStatus=dlr_status,
        batchId=BATCH,
        userReference="door-1",
    )

    event = last_event(hass, MUM_EVENTS)
    assert event["event_type"] == event_type
    assert (event["message_id"], event["reason_code"], event["reference"]) == (BATCH, dlr_status, "door-1")
    if reason is not None:
        assert event["reason"] == reason
    assert "status_at" in event
    assert MUM not in str(event)  # the entity is the recipient: no number in its attributes
    assert last_event(hass, DAD_EVENTS)["state"] == "unknown"
    assert [e.data["recipient"] for e in bus] == [MUM]  # the bus event is still there


async def test_a_message_still_on_its_way_fires_no_event(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, hass_client_no_auth: ClientFactory
) -> None:
    entry = await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))

    await report(hass, await hass_client_no_auth(), entry.data["webhook_id"], receiver=MUM, dlrStatus="8")

    assert last_event(hass, MUM_EVENTS)["state"] == "unknown"


async def test_a_report_for_a_number_that_is_no_recipient_only_fires_the_bus_event(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, hass_client_no_auth: ClientFactory
) -> None:
    entry = await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))
    bus = async_capture_events(hass, "prosms_delivery_report")

    await report(hass, await hass_client_no_auth(), entry.data["webhook_id"], receiver=DAD, dlrStatus="1")

    assert last_event(hass, MUM_EVENTS)["state"] == "unknown"
    assert [e.data["status"] for e in bus] == ["delivered"]


async def test_the_last_report_is_kept_over_a_reload(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, hass_client_no_auth: ClientFactory
) -> None:
    entry = await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))
    await report(hass, await hass_client_no_auth(), entry.data["webhook_id"], receiver=MUM, dlrStatus="1")
    before = last_event(hass, MUM_EVENTS)

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()

    assert last_event(hass, MUM_EVENTS) == before


async def test_providers_that_never_call_back_have_no_event_entities(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await set_up_in_ui(hass, aioclient_mock, "smsgw", ("Mum", MUM))

    entities = er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)

    assert "event" not in {e.domain for e in entities}
    assert "notify" in {e.domain for e in entities}


async def test_send_sms_shows_on_the_recipients_notify_entity_where_home_assistant_records_sends(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM), ("Dad", DAD))
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM)))

    await hass.services.async_call(
        "prosms", "send_sms", {"message": "Hi", "entity_id": "notify.prosms_se_homealarm_mum"}, blocking=True
    )

    mum = hass.states.get("notify.prosms_se_homealarm_mum")
    dad = hass.states.get("notify.prosms_se_homealarm_dad")
    assert mum is not None and dad is not None
    assert dad.state == "unknown"
    if RECORDS_NOTIFICATIONS:  # Home Assistant 2025.10 and later
        assert mum.state != "unknown"
    else:
        assert mum.state == "unknown"
