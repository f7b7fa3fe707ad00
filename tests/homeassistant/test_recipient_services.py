"""Each recipient of a UI-configured account is also the legacy action ``notify.<name>``,
named like its notify entity, for what calls notify actions by name (alerts, notify groups,
login codes, blueprints)."""

from __future__ import annotations

import logging
from http import HTTPStatus

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from notify_plugins.homeassistant.recipient_services import recipient_services
from tests.homeassistant.helpers import (
    PROSMS_SEND,
    compaya_accepted,
    compaya_rejected,
    notify,
    platform,
    prosms_sends,
    setup_notify,
)
from tests.homeassistant.ui import DAD, MUM, add_recipient, set_up_in_ui

MUM_SERVICE = "prosms_se_homealarm_mum"
DAD_SERVICE = "prosms_se_homealarm_dad"
GRAN = "46701112233"


def texts(aioclient_mock: AiohttpClientMocker) -> list[tuple[str, str, str]]:
    """(number, sender, text) of every SMS sent to ProSMS.se."""
    return [(str(body["receiver"]), body["senderName"], body["message"]) for body in prosms_sends(aioclient_mock)]


def actions(hass: HomeAssistant) -> set[str]:
    """The recipient actions registered now."""
    return set(recipient_services(hass, "prosms").names)


async def test_each_recipient_is_the_action_named_like_its_notify_entity(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM), ("Dad", DAD))
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM)))

    await notify(hass, MUM_SERVICE, message="The front door opened.", title="Alarm")

    assert hass.services.has_service("notify", MUM_SERVICE)
    assert hass.services.has_service("notify", DAD_SERVICE)
    assert {f"notify.{name}" for name in actions(hass)} == {
        e.entity_id for e in er.async_get(hass).entities.values() if e.domain == "notify" and e.platform == "prosms"
    }
    assert texts(aioclient_mock) == [(MUM, "HomeAlarm", "Alarm\nThe front door opened.")]


async def test_an_action_is_added_and_removed_with_its_recipient(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM), ("Dad", DAD))

    await add_recipient(hass, entry.entry_id, "Gran", "+46701112233")
    assert actions(hass) == {MUM_SERVICE, DAD_SERVICE, "prosms_se_homealarm_gran"}

    dad = next(sub_id for sub_id, sub in entry.subentries.items() if sub.title == "Dad")
    hass.config_entries.async_remove_subentry(entry, dad)
    await hass.async_block_till_done()

    assert actions(hass) == {MUM_SERVICE, "prosms_se_homealarm_gran"}
    assert not hass.services.has_service("notify", DAD_SERVICE)


async def test_the_actions_are_kept_over_a_reload_and_leave_with_the_unloaded_account(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.services.has_service("notify", MUM_SERVICE)

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
    assert not hass.services.has_service("notify", MUM_SERVICE)

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.services.has_service("notify", MUM_SERVICE)


async def test_renaming_a_recipient_keeps_its_action_and_entity_id(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))
    [subentry] = entry.subentries.values()
    flow = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "recipient"), context={"source": "reconfigure", "subentry_id": subentry.subentry_id}
    )

    await hass.config_entries.subentries.async_configure(flow["flow_id"], {"name": "Mother", "number": f"+{MUM}"})
    await hass.async_block_till_done()

    assert actions(hass) == {MUM_SERVICE}
    state = hass.states.get(f"notify.{MUM_SERVICE}")
    assert state is not None and state.name == "Mother"  # the device, and so the entity, shows the new name


async def test_renaming_the_account_keeps_its_recipients_actions(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))

    hass.config_entries.async_update_entry(entry, title="Holiday home")
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()

    assert actions(hass) == {MUM_SERVICE}


async def test_a_new_entity_id_renames_the_action(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM)))

    er.async_get(hass).async_update_entity(f"notify.{MUM_SERVICE}", new_entity_id="notify.mum_sms")
    await hass.async_block_till_done()
    await notify(hass, "mum_sms", message="Dinner at six")

    assert actions(hass) == {"mum_sms"}
    assert not hass.services.has_service("notify", MUM_SERVICE)
    assert texts(aioclient_mock) == [(MUM, "HomeAlarm", "Dinner at six")]


async def test_data_sender_changes_the_sender_of_one_call(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM)))

    await notify(hass, MUM_SERVICE, message="Hi", data={"sender": "Garage"})

    assert texts(aioclient_mock) == [(MUM, "Garage", "Hi")]


async def test_a_target_is_refused_and_nothing_is_sent(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))

    with pytest.raises(ServiceValidationError) as caught:
        await notify(hass, MUM_SERVICE, message="Hi", target=["+46709876543"])

    assert caught.value.translation_key == "target_not_taken"
    assert str(caught.value) == (
        f"Nothing was sent through notify.{MUM_SERVICE}: it texts only its own recipient and takes no target; "
        "text other numbers with prosms.send_sms"
    )
    assert texts(aioclient_mock) == []


async def test_unknown_data_is_refused(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))

    with pytest.raises(ServiceValidationError) as caught:
        await notify(hass, MUM_SERVICE, message="Hi", data={"priority": "high"})

    assert caught.value.translation_key == "invalid_data"


async def test_a_rejected_send_raises_the_translated_error_with_the_number_masked(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, caplog: pytest.LogCaptureFixture
) -> None:
    await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))
    caplog.set_level(logging.DEBUG)
    aioclient_mock.post(PROSMS_SEND, status=HTTPStatus.CONFLICT, json=compaya_rejected(int(MUM)))

    with pytest.raises(HomeAssistantError) as caught:
        await notify(hass, MUM_SERVICE, message="Hi")

    assert (caught.value.translation_domain, caught.value.translation_key) == ("prosms", "send_failed")
    assert caught.value.translation_placeholders["service"] == f"notify.{MUM_SERVICE}"
    assert "********567" in str(caught.value)
    assert MUM not in str(caught.value)
    assert MUM not in caplog.text


async def test_a_refused_key_asks_to_reauthenticate(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))
    aioclient_mock.post(
        PROSMS_SEND,
        status=HTTPStatus.UNAUTHORIZED,
        json={"status": "error", "messageCode": 1037, "message": "Login credentials invalid."},
    )

    with pytest.raises(HomeAssistantError) as caught:
        await notify(hass, MUM_SERVICE, message="Hi")
    await hass.async_block_till_done()

    assert caught.value.translation_key == "reauth_required"
    assert [flow["context"]["source"] for flow in hass.config_entries.flow.async_progress_by_handler("prosms")] == [
        "reauth"
    ]


async def test_yaml_services_of_the_same_integration_outlive_the_accounts_unload_and_reload(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await setup_notify(
        hass, platform("prosms", recipient=[f"+{DAD}"]), platform("prosms", name="family_sms", recipient=[GRAN])
    )
    entry = await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(DAD), int(GRAN), int(MUM)))

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    await notify(hass, "prosms", message="unloaded")
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await notify(hass, "prosms", message="loaded again")
    await notify(hass, "family_sms", message="family")
    await notify(hass, MUM_SERVICE, message="mum")

    assert [(number, text) for number, _, text in texts(aioclient_mock)] == [
        (DAD, "unloaded"),
        (DAD, "loaded again"),
        (GRAN, "family"),
        (MUM, "mum"),
    ]


async def test_a_name_a_yaml_platform_holds_stays_the_yaml_platforms(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, caplog: pytest.LogCaptureFixture
) -> None:
    await setup_notify(hass, platform("prosms", name=MUM_SERVICE, recipient=[f"+{DAD}"]))
    await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(DAD)))

    await notify(hass, MUM_SERVICE, message="to the YAML recipient")

    assert actions(hass) == set()
    assert texts(aioclient_mock) == [(DAD, "HomeAlarm", "to the YAML recipient")]
    assert f"notify.{MUM_SERVICE} already names another notify action" in caplog.text


async def test_the_yaml_default_name_is_never_a_recipients(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))

    er.async_get(hass).async_update_entity(f"notify.{MUM_SERVICE}", new_entity_id="notify.prosms")
    await hass.async_block_till_done()

    assert actions(hass) == set()
    assert not hass.services.has_service("notify", "prosms")


async def test_recipients_of_two_accounts_get_actions_of_their_own(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))
    await set_up_in_ui(hass, aioclient_mock, "smsdk", ("Mum", MUM))

    assert actions(hass) == {MUM_SERVICE}
    assert set(recipient_services(hass, "smsdk").names) == {"sms_dk_homealarm_mum"}


async def test_the_names_a_new_user_gets_for_an_account_with_two_recipients(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM), ("Dad", DAD))

    entities = sorted(e.entity_id for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id))
    devices = sorted(d.name or "" for d in dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id))

    assert entry.title == "ProSMS.se HomeAlarm"
    assert sorted(actions(hass)) == [DAD_SERVICE, MUM_SERVICE]
    assert entities == [
        "event.prosms_se_homealarm_dad_delivery_report",
        "event.prosms_se_homealarm_mum_delivery_report",
        "notify.prosms_se_homealarm_dad",
        "notify.prosms_se_homealarm_mum",
        "sensor.prosms_se_homealarm_last_send",
        "sensor.prosms_se_homealarm_remaining_credit",
        "sensor.prosms_se_homealarm_sms_sent_today",
        "switch.prosms_se_homealarm_sms_sending",
    ]
    assert devices == ["Dad", "Mum", "ProSMS.se HomeAlarm"]
