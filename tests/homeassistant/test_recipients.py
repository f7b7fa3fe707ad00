"""Recipients as config subentries: each is a notify entity on a device of its own, linked
to the account's device, and ``notify.send_message`` on it texts that one number."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from notify_plugins.homeassistant.devices import ONE_SUBENTRY_PER_DEVICE
from tests.homeassistant.helpers import (
    PROSMS_SEND,
    compaya_accepted,
    compaya_rejected,
    device_subentries,
    entry_device,
    sent,
)
from tests.homeassistant.ui import (
    COMPAYA_HOSTS,
    DAD,
    MUM,
    account_entry,
    add_recipient,
    load_entry,
    recipient,
    setup_account,
)

MUM_ENTITY = "notify.prosms_se_mum"


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


async def test_each_recipient_has_its_own_device_linked_to_the_account_device(
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
    account = entry_device(hass, entry.entry_id, ("prosms", entry.entry_id))
    assert device is not None and account is not None
    assert (device.name, device.manufacturer, device.entry_type) == (
        "Mum",
        "ProSMS.se",
        dr.DeviceEntryType.SERVICE,
    )
    assert device.identifiers == {("prosms", f"{entry.entry_id}_{subentry.subentry_id}")}
    assert device.via_device_id == account.id
    assert device_subentries(device, entry.entry_id) == {subentry.subentry_id}
    assert device_subentries(account, entry.entry_id) == {None}


async def test_the_account_device_keeps_only_the_account_entities(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await setup_account(hass, aioclient_mock, "prosms", recipient("Mum", MUM), recipient("Dad", DAD))
    account = entry_device(hass, entry.entry_id, ("prosms", entry.entry_id))
    assert account is not None

    on_account = er.async_entries_for_device(er.async_get(hass), account.id)

    assert sorted(e.entity_id for e in on_account) == [
        "sensor.prosms_se_last_send",
        "sensor.prosms_se_remaining_credit",
        "sensor.prosms_se_sms_sent_today",
        "switch.prosms_se_sms_sending",
    ]


def recipient_devices(hass: HomeAssistant, entry_id: str) -> dict[str, dr.DeviceEntry]:
    """Notify entity id -> its device, for every recipient entity of the entry."""
    entities = er.async_entries_for_config_entry(er.async_get(hass), entry_id)
    devices = dr.async_get(hass)
    found = {}
    for entity in entities:
        if entity.domain == "notify" and (device := devices.async_get(entity.device_id or "")) is not None:
            found[entity.entity_id] = device
    return found


def assert_recipients_on_own_devices(hass: HomeAssistant, entry_id: str, expected: set[str]) -> None:
    """Every expected recipient has a live notify entity on its own device in its own
    subentry, linked to the account device; no other recipient device is left."""
    account = entry_device(hass, entry_id, ("prosms", entry_id))
    assert account is not None
    devices = recipient_devices(hass, entry_id)
    assert set(devices) == expected
    assert all(hass.states.get(entity_id) is not None for entity_id in expected)
    assert len({device.id for device in devices.values()}) == len(expected)
    assert all(device.via_device_id == account.id for device in devices.values())
    registered = er.async_get(hass)
    for entity_id, device in devices.items():
        entity = registered.async_get(entity_id)
        assert entity is not None
        assert device_subentries(device, entry_id) == {entity.config_subentry_id}
    every_device = dr.async_entries_for_config_entry(dr.async_get(hass), entry_id)
    assert {device.id for device in every_device} == {account.id} | {device.id for device in devices.values()}


async def test_recipients_keep_their_entities_and_devices_through_changes_and_reloads(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await setup_account(hass, aioclient_mock, "prosms", recipient("Mum", MUM), recipient("Dad", DAD))
    assert_recipients_on_own_devices(hass, entry.entry_id, {MUM_ENTITY, "notify.prosms_se_dad"})

    await add_recipient(hass, entry.entry_id, "Gran", "+46701112233")
    await add_recipient(hass, entry.entry_id, "Kid", "+46704445566")
    assert_recipients_on_own_devices(
        hass, entry.entry_id, {MUM_ENTITY, "notify.prosms_se_dad", "notify.prosms_se_gran", "notify.prosms_se_kid"}
    )

    dad = next(s for s in entry.subentries.values() if s.title == "Dad")
    dad_device = entry_device(hass, entry.entry_id, ("prosms", f"{entry.entry_id}_{dad.subentry_id}"))
    hass.config_entries.async_remove_subentry(entry, dad.subentry_id)
    await hass.async_block_till_done()
    expected = {MUM_ENTITY, "notify.prosms_se_gran", "notify.prosms_se_kid"}
    assert_recipients_on_own_devices(hass, entry.entry_id, expected)
    assert dad_device is not None and dr.async_get(hass).async_get(dad_device.id) is None
    assert er.async_get(hass).async_get("notify.prosms_se_dad") is None

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert_recipients_on_own_devices(hass, entry.entry_id, expected)


async def test_a_device_of_a_recipient_removed_while_unloaded_is_removed_at_setup(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = account_entry("prosms", recipient("Mum", MUM))
    entry.add_to_hass(hass)
    stale = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={("prosms", f"{entry.entry_id}_gone")}, name="ProSMS.se Gone"
    )
    await load_entry(hass, aioclient_mock, entry)

    assert dr.async_get(hass).async_get(stale.id) is None
    assert_recipients_on_own_devices(hass, entry.entry_id, {MUM_ENTITY})


async def test_an_account_device_shared_with_recipients_leaves_their_subentries(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = account_entry("prosms", recipient("Mum", MUM))
    entry.add_to_hass(hass)
    [mum] = entry.subentries.values()
    registry = dr.async_get(hass)
    account = ("prosms", entry.entry_id)
    if not ONE_SUBENTRY_PER_DEVICE:  # as earlier versions left it: the account's and Mum's
        registry.async_get_or_create(config_entry_id=entry.entry_id, config_subentry_id=None, identifiers={account})
    shared = registry.async_get_or_create(
        config_entry_id=entry.entry_id, config_subentry_id=mum.subentry_id, identifiers={account}
    )

    await load_entry(hass, aioclient_mock, entry)

    device = registry.async_get(shared.id)
    assert device is not None
    assert device_subentries(device, entry.entry_id) == {None}
    assert_recipients_on_own_devices(hass, entry.entry_id, {MUM_ENTITY})


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
    aioclient_mock.post(PROSMS_SEND, status=HTTPStatus.CONFLICT, json=compaya_rejected(int(MUM)))

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
