"""Recipients as config subentries: each is a notify entity of the account's device, and
``notify.send_message`` on it texts that one number."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from homeassistant.config_entries import SOURCE_REAUTH, SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from tests.homeassistant.helpers import compaya_accepted, sent
from tests.homeassistant.ui import COMPAYA_HOSTS, DAD, MUM, account_entry, recipient, setup_account

PROSMS_SEND = f"{COMPAYA_HOSTS['prosms']}/v1/sms/send"
MUM_ENTITY = "notify.prosms_se_mum"


async def add_recipient(hass: HomeAssistant, entry_id: str, name: str, number: str) -> dict[str, object]:
    flow = await hass.config_entries.subentries.async_init((entry_id, "recipient"), context={"source": SOURCE_USER})
    result: dict[str, object] = await hass.config_entries.subentries.async_configure(
        flow["flow_id"], {"name": name, "number": number}
    )
    await hass.async_block_till_done()
    return result


async def send_message(hass: HomeAssistant, entity_id: str, message: str, title: str | None = None) -> None:
    data = {"entity_id": entity_id, "message": message}
    if title is not None:
        data["title"] = title
    await hass.services.async_call("notify", "send_message", data, blocking=True)


# -- subentries ---------------------------------------------------------------------------


async def test_adding_a_recipient_creates_its_notify_entity(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await setup_account(hass, aioclient_mock, "prosms")

    result = await add_recipient(hass, entry.entry_id, "Mum", "070-123 45 67")

    assert result["type"] is FlowResultType.CREATE_ENTRY
    [subentry] = entry.subentries.values()
    assert (subentry.title, dict(subentry.data), subentry.unique_id) == ("Mum", {"name": "Mum", "number": MUM}, MUM)
    assert hass.states.get(MUM_ENTITY) is not None


async def test_a_national_number_follows_the_default_country_option(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await setup_account(hass, aioclient_mock, "smsgw", options={"country": "SE"})

    await add_recipient(hass, entry.entry_id, "Mum", "070-123 45 67")

    assert [s.data["number"] for s in entry.subentries.values()] == [MUM]


async def test_an_invalid_number_is_refused(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    entry = await setup_account(hass, aioclient_mock, "smsgw")

    result = await add_recipient(hass, entry.entry_id, "Mum", "0701234567")

    assert result["errors"] == {"number": "invalid_number"}


async def test_the_same_number_cannot_be_added_twice(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    entry = await setup_account(hass, aioclient_mock, "prosms", recipient("Mum", MUM))

    result = await add_recipient(hass, entry.entry_id, "Mother", "+46 70 123 45 67")

    assert result["errors"] == {"number": "already_configured"}


async def test_removing_a_recipient_removes_its_entity(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await setup_account(hass, aioclient_mock, "prosms", recipient("Mum", MUM), recipient("Dad", DAD))
    mum = next(s for s in entry.subentries.values() if s.title == "Mum")

    hass.config_entries.async_remove_subentry(entry, mum.subentry_id)
    await hass.async_block_till_done()

    assert hass.states.get(MUM_ENTITY) is None
    assert er.async_get(hass).async_get(MUM_ENTITY) is None
    assert hass.states.get("notify.prosms_se_dad") is not None


async def test_reconfiguring_a_recipient_changes_its_number(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await setup_account(hass, aioclient_mock, "prosms", recipient("Mum", MUM))
    [subentry] = entry.subentries.values()
    flow = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "recipient"), context={"source": "reconfigure", "subentry_id": subentry.subentry_id}
    )

    result = await hass.config_entries.subentries.async_configure(
        flow["flow_id"], {"name": "Mum", "number": "+46709876543"}
    )
    await hass.async_block_till_done()

    assert (result["type"], result["reason"]) == (FlowResultType.ABORT, "reconfigure_successful")
    assert entry.subentries[subentry.subentry_id].data["number"] == DAD


# -- entities and device --------------------------------------------------------------------


async def test_entities_have_entity_names_unique_ids_and_the_account_device(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await setup_account(hass, aioclient_mock, "prosms", recipient("Mum", MUM))
    [subentry] = entry.subentries.values()

    registered = er.async_get(hass).async_get(MUM_ENTITY)

    assert registered is not None
    assert registered.unique_id == f"{entry.entry_id}_{subentry.subentry_id}"
    assert registered.config_subentry_id == subentry.subentry_id
    assert registered.has_entity_name
    device = dr.async_get(hass).async_get(registered.device_id or "")
    assert device is not None
    assert (device.name, device.manufacturer, device.entry_type) == (
        "ProSMS.se",
        "ProSMS.se",
        dr.DeviceEntryType.SERVICE,
    )
    assert device.identifiers == {("prosms", entry.entry_id)}


async def test_entity_supports_title(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    await setup_account(hass, aioclient_mock, "prosms", recipient("Mum", MUM))

    state = hass.states.get(MUM_ENTITY)

    assert state is not None
    assert state.attributes["supported_features"] == 1


async def test_send_message_texts_the_recipient_with_the_title_first(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await setup_account(hass, aioclient_mock, "prosms", recipient("Mum", MUM))
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM)))

    await send_message(hass, MUM_ENTITY, "The door is open", title="Alarm")

    [request] = [r for r in sent(aioclient_mock) if r.url == PROSMS_SEND]
    assert request.json()["receiver"] == int(MUM)
    assert request.json()["senderName"] == "HomeAlarm"
    assert request.json()["message"] == "Alarm\nThe door is open"


async def test_a_rejected_send_raises_naming_the_masked_number(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await setup_account(hass, aioclient_mock, "prosms", recipient("Mum", MUM))
    rejected = {
        "status": "error",
        "messageCode": 1059,
        "errorResult": {"report": {"accepted": [], "rejected": [{"receiver": int(MUM), "messageCode": 1014}]}},
    }
    aioclient_mock.post(PROSMS_SEND, status=HTTPStatus.CONFLICT, json=rejected)

    with pytest.raises(HomeAssistantError) as caught:
        await send_message(hass, MUM_ENTITY, "The door is open")

    assert caught.value.translation_key == "send_failed"
    assert "********567" in str(caught.value)
    assert MUM not in str(caught.value)


async def test_an_empty_message_is_a_validation_error(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    await setup_account(hass, aioclient_mock, "prosms", recipient("Mum", MUM))

    with pytest.raises(ServiceValidationError) as caught:
        await send_message(hass, MUM_ENTITY, "   ")

    assert caught.value.translation_key == "invalid_message"


async def test_a_refused_key_on_send_asks_to_reauthenticate(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await setup_account(hass, aioclient_mock, "prosms", recipient("Mum", MUM))
    aioclient_mock.post(
        PROSMS_SEND,
        status=HTTPStatus.UNAUTHORIZED,
        json={"status": "error", "messageCode": 1037, "message": "Login credentials invalid."},
    )

    with pytest.raises(HomeAssistantError) as caught:
        await send_message(hass, MUM_ENTITY, "The door is open")
    await hass.async_block_till_done()

    assert caught.value.translation_key == "reauth_required"
    flows = hass.config_entries.flow.async_progress_by_handler("prosms")
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert entry.state is ConfigEntryState.LOADED


# -- entry set-up ---------------------------------------------------------------------------


async def test_refused_credentials_at_startup_start_reauthentication(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.get(f"{COMPAYA_HOSTS['prosms']}/v1/user/getcreditvalue", status=HTTPStatus.UNAUTHORIZED, json={})
    entry = account_entry("prosms")
    entry.add_to_hass(hass)

    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert [f["context"]["source"] for f in hass.config_entries.flow.async_progress_by_handler("prosms")] == [
        SOURCE_REAUTH
    ]


async def test_an_unreachable_provider_at_startup_is_retried(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.get(f"{COMPAYA_HOSTS['prosms']}/v1/user/getcreditvalue", status=HTTPStatus.BAD_GATEWAY)
    entry = account_entry("prosms")
    entry.add_to_hass(hass)

    await hass.config_entries.async_setup(entry.entry_id)

    assert entry.state is ConfigEntryState.SETUP_RETRY


async def test_unloading_removes_the_entities_and_keeps_the_actions(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await setup_account(hass, aioclient_mock, "prosms", recipient("Mum", MUM))

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.NOT_LOADED
    state = hass.states.get(MUM_ENTITY)
    assert state is None or state.state == "unavailable"
    assert hass.services.has_service("prosms", "send_sms")


async def test_every_send_reaches_the_result_listeners(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await setup_account(hass, aioclient_mock, "prosms", recipient("Mum", MUM))
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM)))
    seen = []
    entry.runtime_data.async_add_result_listener(seen.append)

    await send_message(hass, MUM_ENTITY, "The door is open")

    assert [result.ok for result in seen] == [True]
    assert entry.runtime_data.last_result is seen[0]
