"""``<domain>.send_sms`` and ``<domain>.delivery_status``: numbers and recipient entities,
response data on request, and the YAML service's errors."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import area_registry as ar
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import label_registry as lr
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from notify_plugins.providers.gateway import derive_ref
from tests.homeassistant.helpers import (
    GATEWAY_ACCEPTED,
    GATEWAY_URL,
    PROSMS_SEND,
    compaya_accepted,
    compaya_rejected,
    sent,
)
from tests.homeassistant.ui import COMPAYA_HOSTS, DAD, MUM, account_entry, recipient, setup_account

PROSMS_LOG = f"{COMPAYA_HOSTS['prosms']}/v1/sms/listlog"
GATEWAY_SEND = f"{GATEWAY_URL}/api/sms/send_sms.php"
GATEWAY_DLR = f"{GATEWAY_URL}/api/sms/dlr.php"
BATCH = "e9fd008b-7e81-0659-e4e3-ae5317b43ef2"


async def send_sms(hass: HomeAssistant, domain: str = "prosms", response: bool = False, **data: Any) -> Any:
    return await hass.services.async_call(domain, "send_sms", data, blocking=True, return_response=response)


def receivers(aioclient_mock: AiohttpClientMocker) -> list[str]:
    """Every number sent, whether a request carried one (a JSON integer) or several (comma-joined)."""
    return [n for r in sent(aioclient_mock) if r.url == PROSMS_SEND for n in str(r.json()["receiver"]).split(",")]


async def test_actions_exist_before_any_account_is_set_up(hass: HomeAssistant) -> None:
    from homeassistant.setup import async_setup_component

    for domain in ("prosms", "smsdk", "smstools", "spryng", "smsgw"):
        assert await async_setup_component(hass, domain, {})
    await hass.async_block_till_done()  # the recipients' notify platforms load in the background

    assert all(hass.services.has_service(d, "send_sms") for d in ("prosms", "smsdk", "smstools", "spryng", "smsgw"))
    assert [
        d for d in ("prosms", "smsdk", "smstools", "spryng", "smsgw") if hass.services.has_service(d, "delivery_status")
    ] == [
        "prosms",
        "smsdk",
        "smsgw",
    ]


async def test_send_sms_to_numbers_and_recipient_entities(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await setup_account(hass, aioclient_mock, "prosms", recipient("Mum", MUM))
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM), int(DAD)))

    result = await send_sms(hass, message="Dinner at six", recipients=["notify.prosms_se_mum", "+46 70 987 65 43"])

    assert result is None
    assert receivers(aioclient_mock) == [MUM, DAD]


async def test_send_sms_answers_per_recipient_when_asked(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await setup_account(hass, aioclient_mock, "prosms")
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM)))

    result = await send_sms(hass, response=True, message="Dinner at six", recipients=["+46701234567"])

    assert result == {
        "provider": "ProSMS.se",
        "recipients": [
            {
                "number": "+46701234567",
                "status": "accepted",
                "message_id": BATCH,
                "parts": 1,
                "cost": 1.0,
                "code": None,
                "reason": None,
            }
        ],
    }


async def test_sender_and_reference_apply_to_the_one_call(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await setup_account(hass, aioclient_mock, "prosms")
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM)))

    await send_sms(hass, message="Hi", recipients=[MUM], sender="Garage", reference="door-1")

    [request] = [r for r in sent(aioclient_mock) if r.url == PROSMS_SEND]
    assert (request.json()["senderName"], request.json()["userReference"]) == ("Garage", "door-1")


async def test_recipients_may_be_one_comma_separated_text(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await setup_account(hass, aioclient_mock, "prosms")
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM), int(DAD)))

    await send_sms(hass, message="Hi", recipients=f"+{MUM}, +{DAD}")

    assert receivers(aioclient_mock) == [MUM, DAD]


async def test_a_partial_failure_raises_even_when_the_response_is_asked_for(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await setup_account(hass, aioclient_mock, "prosms")
    aioclient_mock.post(
        PROSMS_SEND,
        status=HTTPStatus.CONFLICT,
        json=compaya_rejected(int(MUM)),
    )

    with pytest.raises(HomeAssistantError) as caught:
        await send_sms(hass, response=True, message="Hi", recipients=[MUM])

    assert caught.value.translation_key == "send_failed"
    assert caught.value.translation_placeholders["service"] == "prosms.send_sms"


async def test_an_invalid_number_is_refused_before_sending(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await setup_account(hass, aioclient_mock, "prosms")

    with pytest.raises(ServiceValidationError) as caught:
        await send_sms(hass, message="Hi", recipients=["12"])

    assert caught.value.translation_key == "invalid_message"
    assert receivers(aioclient_mock) == []


async def test_recipients_can_be_picked_as_entities(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    await setup_account(hass, aioclient_mock, "prosms", recipient("Mum", MUM))
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM), int(DAD)))

    await send_sms(hass, message="Dinner at six", entities=["notify.prosms_se_mum"], recipients=["+46709876543"])

    assert sorted(receivers(aioclient_mock)) == sorted([MUM, DAD])


async def test_no_recipient_at_all_is_refused(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    await setup_account(hass, aioclient_mock, "prosms")

    with pytest.raises(ServiceValidationError) as caught:
        await send_sms(hass, message="Hi")

    assert caught.value.translation_key == "no_recipients"


async def test_the_invalid_one_of_several_numbers_is_named_as_typed(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, caplog: pytest.LogCaptureFixture
) -> None:
    await setup_account(hass, aioclient_mock, "prosms")

    with pytest.raises(ServiceValidationError) as caught:
        await send_sms(hass, message="Hi", recipients=[MUM, "+4670123", "+46709876543"])

    assert str(caught.value) == (
        'Nothing was sent through prosms.send_sms: "+4670123" is not a valid phone number: it is too short'
    )
    assert receivers(aioclient_mock) == []
    assert "4670123" not in caplog.text  # logs keep numbers masked


async def test_without_an_account_nothing_is_sent(hass: HomeAssistant) -> None:
    from homeassistant.setup import async_setup_component

    assert await async_setup_component(hass, "prosms", {})
    await hass.async_block_till_done()  # the recipients' notify platform loads in the background

    with pytest.raises(ServiceValidationError) as caught:
        await send_sms(hass, message="Hi", recipients=[MUM])

    assert caught.value.translation_key == "no_account"


async def test_with_two_accounts_the_call_must_choose(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    first = await setup_account(hass, aioclient_mock, "prosms", recipient("Mum", MUM))
    second = account_entry("prosms", unique_id="second")
    second.add_to_hass(hass)
    await hass.config_entries.async_setup(second.entry_id)
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM)))

    with pytest.raises(ServiceValidationError) as caught:
        await send_sms(hass, message="Hi", recipients=[MUM])
    await send_sms(hass, message="Hi", recipients=[MUM], config_entry_id=second.entry_id)
    await send_sms(hass, message="Hi", recipients=["notify.prosms_se_mum"])

    assert caught.value.translation_key == "choose_account"
    assert receivers(aioclient_mock) == [MUM, MUM]
    assert first.entry_id != second.entry_id


async def test_an_entity_that_is_not_a_recipient_is_refused(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await setup_account(hass, aioclient_mock, "prosms")

    with pytest.raises(ServiceValidationError) as caught:
        await send_sms(hass, message="Hi", recipients=["notify.somebody_else"])

    assert caught.value.translation_key == "not_a_recipient"


async def test_an_unknown_account_is_refused(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    await setup_account(hass, aioclient_mock, "prosms")

    with pytest.raises(ServiceValidationError) as caught:
        await send_sms(hass, message="Hi", recipients=[MUM], config_entry_id="nope")

    assert caught.value.translation_key == "account_not_loaded"


# -- delivery status ---------------------------------------------------------------------------


async def test_delivery_status_reads_the_compaya_send_log(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await setup_account(hass, aioclient_mock, "prosms")
    aioclient_mock.post(
        PROSMS_LOG,
        json={
            "status": "success",
            "result": {
                "data": [
                    {"batchId": BATCH, "receiver": int(MUM), "dlrStatus": 1, "userReference": "door-1", "creditCost": 1}
                ]
            },
        },
    )

    result = await hass.services.async_call(
        "prosms", "delivery_status", {"message_id": BATCH}, blocking=True, return_response=True
    )

    [report] = result["reports"]
    assert (report["number"], report["status"], report["final"], report["reference"]) == (
        "+46701234567",
        "delivered",
        True,
        "door-1",
    )
    [request] = [r for r in sent(aioclient_mock) if r.url == PROSMS_LOG]
    assert request.json() == {"batchId": BATCH, "limit": 100}


async def test_delivery_status_looks_up_the_gateway_by_number_and_ref(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await setup_account(hass, aioclient_mock, "smsgw")
    aioclient_mock.clear_requests()
    aioclient_mock.get(GATEWAY_SEND, json=GATEWAY_ACCEPTED)
    aioclient_mock.get(GATEWAY_DLR, json={"status": True, "queue_status": "processed", "dlr_status": "delivered"})
    sent_result = await send_sms(
        hass, "smsgw", response=True, message="Hi", recipients=["+46701234567"], reference="r1"
    )
    [entry] = sent_result["recipients"]
    assert entry["message_id"] == derive_ref("r1", MUM)

    result = await hass.services.async_call(
        "smsgw",
        "delivery_status",
        {"message_id": entry["message_id"], "recipient": "+46701234567"},
        blocking=True,
        return_response=True,
    )

    assert [r["status"] for r in result["reports"]] == ["delivered"]
    lookup = [r for r in sent(aioclient_mock) if r.url == GATEWAY_DLR][-1]
    assert ("full_number", MUM) in lookup.query


async def test_the_gateway_needs_the_recipient_for_a_status(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await setup_account(hass, aioclient_mock, "smsgw")

    with pytest.raises(ServiceValidationError) as caught:
        await hass.services.async_call("smsgw", "delivery_status", {"message_id": "abc"}, blocking=True)

    assert caught.value.translation_key == "status_needs_recipient"


async def test_a_failed_status_lookup_raises(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    await setup_account(hass, aioclient_mock, "prosms")
    aioclient_mock.post(PROSMS_LOG, status=HTTPStatus.BAD_GATEWAY)

    with pytest.raises(HomeAssistantError) as caught:
        await hass.services.async_call("prosms", "delivery_status", {"message_id": BATCH}, blocking=True)

    assert caught.value.translation_key == "status_failed"


# -- targets ---------------------------------------------------------------------------------

GRAN = "46701112233"
KID = "46704445566"


async def family(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> Any:
    """An account with Mum, Dad and Gran; every send accepted."""
    entry = await setup_account(
        hass, aioclient_mock, "prosms", recipient("Mum", MUM), recipient("Dad", DAD), recipient("Gran", GRAN)
    )
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM), int(DAD), int(GRAN), int(KID)))
    return entry


def recipient_device_id(hass: HomeAssistant, entity_id: str) -> str:
    registered = er.async_get(hass).async_get(entity_id)
    assert registered is not None and registered.device_id is not None
    return registered.device_id


async def test_one_action_texts_everyone_labelled_family(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await family(hass, aioclient_mock)
    label = lr.async_get(hass).async_create("Family")
    er.async_get(hass).async_update_entity("notify.prosms_se_mum", labels={label.label_id})
    dr.async_get(hass).async_update_device(recipient_device_id(hass, "notify.prosms_se_dad"), labels={label.label_id})

    await send_sms(hass, message="Dinner at six", label_id=label.label_id)

    assert sorted(receivers(aioclient_mock)) == sorted([MUM, DAD])


async def test_a_recipients_device_or_area_texts_that_recipient(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await family(hass, aioclient_mock)
    kitchen = ar.async_get(hass).async_create("Kitchen")
    dr.async_get(hass).async_update_device(recipient_device_id(hass, "notify.prosms_se_gran"), area_id=kitchen.id)

    await send_sms(hass, message="By device", device_id=recipient_device_id(hass, "notify.prosms_se_mum"))
    await send_sms(hass, message="By area", area_id=kitchen.id)

    assert receivers(aioclient_mock) == [MUM, GRAN]


async def test_entity_id_all_texts_every_recipient_of_the_account(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await family(hass, aioclient_mock)

    await send_sms(hass, message="Power cut", entity_id="all")

    assert sorted(receivers(aioclient_mock)) == sorted([MUM, DAD, GRAN])


async def test_a_target_that_holds_no_recipient_is_refused(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await family(hass, aioclient_mock)
    label = lr.async_get(hass).async_create("Neighbours")

    with pytest.raises(ServiceValidationError) as caught:
        await send_sms(hass, message="Hi", label_id=label.label_id, numbers=[f"+{DAD}"])

    assert caught.value.translation_key == "no_recipient_targeted"
    assert str(caught.value) == (
        "Nothing was sent through prosms.send_sms: label_id: neighbours holds no recipient of the ProSMS.se account"
    )
    assert receivers(aioclient_mock) == []


async def test_a_device_without_recipient_names_the_device(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await family(hass, aioclient_mock)
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    account = next(device for device in devices if device.model == "SMS account")

    with pytest.raises(ServiceValidationError) as caught:
        await send_sms(hass, message="Hi", device_id=account.id)

    assert caught.value.translation_placeholders["targets"] == "device_id: ProSMS.se"


async def test_the_event_entity_a_device_brings_along_is_left_out(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await family(hass, aioclient_mock)
    device = recipient_device_id(hass, "notify.prosms_se_mum")
    assert "event.prosms_se_mum_delivery_report" in {
        e.entity_id for e in er.async_entries_for_device(er.async_get(hass), device)
    }

    await send_sms(hass, message="Hi", device_id=device)

    assert receivers(aioclient_mock) == [MUM]


async def test_an_event_entity_named_directly_is_no_recipient(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await family(hass, aioclient_mock)

    with pytest.raises(ServiceValidationError) as caught:
        await send_sms(hass, message="Hi", entity_id="event.prosms_se_mum_delivery_report")

    assert caught.value.translation_key == "not_a_recipient"


async def test_numbers_target_and_the_old_field_names_combine_in_one_send(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await family(hass, aioclient_mock)

    await send_sms(
        hass,
        message="Hi",
        entity_id=["notify.prosms_se_mum"],
        numbers=["+46 70 987 65 43"],
        entities=["notify.prosms_se_gran"],  # the old name of target entity_id
        recipients=["notify.prosms_se_mum", "+46701234567"],  # the old name of numbers, entities allowed
    )

    assert sorted(receivers(aioclient_mock)) == sorted([MUM, DAD, GRAN])


async def test_a_label_across_two_accounts_needs_the_account_chosen(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await family(hass, aioclient_mock)
    second = account_entry("prosms", recipient("Kid", KID), unique_id="second")
    second.add_to_hass(hass)
    await hass.config_entries.async_setup(second.entry_id)
    await hass.async_block_till_done()
    label = lr.async_get(hass).async_create("Family")
    kid = next(
        e for e in er.async_entries_for_config_entry(er.async_get(hass), second.entry_id) if e.domain == "notify"
    )
    for entity_id in ("notify.prosms_se_mum", kid.entity_id):
        er.async_get(hass).async_update_entity(entity_id, labels={label.label_id})

    with pytest.raises(ServiceValidationError) as caught:
        await send_sms(hass, message="Hi", label_id=label.label_id)
    await send_sms(hass, message="Hi", label_id=label.label_id, config_entry_id=second.entry_id)

    assert caught.value.translation_key == "choose_account"
    assert receivers(aioclient_mock) == [KID]
