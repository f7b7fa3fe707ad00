"""``notify.<name>`` as an action of automations and scripts, configured in YAML."""

from __future__ import annotations

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from tests.homeassistant.helpers import GATEWAY_ACCEPTED, GATEWAY_URL, compaya_accepted, platform, sent, setup_notify

GATEWAY_SEND = f"{GATEWAY_URL}/api/sms/send_sms.php"


async def test_automation_sends_an_sms_when_its_event_fires(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.post("https://api.sms.dk/v1/sms/send", json=compaya_accepted(4522680880))
    await setup_notify(hass, platform("smsdk", name="family_sms", recipient="+4522680880"))
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "alias": "Garage alarm",
                "triggers": {"trigger": "event", "event_type": "garage_opened"},
                "actions": {
                    "action": "notify.family_sms",
                    "data": {"title": "Garage", "message": "Opened by {{ trigger.event.data.who }}"},
                },
            }
        },
    )
    await hass.async_block_till_done()

    hass.bus.async_fire("garage_opened", {"who": "Anna"})
    await hass.async_block_till_done()

    [request] = sent(aioclient_mock)
    assert request.json()["receiver"] == 4522680880
    assert request.json()["message"] == "Garage\nOpened by Anna"


async def test_script_sends_to_the_target_it_names(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    aioclient_mock.get(GATEWAY_SEND, json=GATEWAY_ACCEPTED)
    await setup_notify(hass, platform("smsgw"))
    assert await async_setup_component(
        hass,
        "script",
        {
            "script": {
                "page_on_call": {
                    "sequence": [
                        {
                            "action": "notify.smsgw",
                            "data": {
                                "message": "Server down",
                                "target": ["+447483938220"],
                                "data": {"sender": "Alerts"},
                            },
                        }
                    ]
                }
            }
        },
    )

    await hass.services.async_call("script", "page_on_call", blocking=True)

    query = dict(sent(aioclient_mock)[0].query)
    assert (query["mobile"], query["sender"], query["msgtext"]) == ("447483938220", "Alerts", "Server down")


async def test_script_stops_with_the_error_when_the_provider_rejects(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.get(GATEWAY_SEND, json={"status": False, "error": "Message not accepted"})
    await setup_notify(hass, platform("smsgw", recipient="+447483938220"))
    assert await async_setup_component(
        hass,
        "script",
        {
            "script": {
                "alert_then_log": {
                    "sequence": [
                        {"action": "notify.smsgw", "data": {"message": "Server down"}},
                        {"event": "sms_sent"},
                    ]
                }
            }
        },
    )
    events: list[object] = []
    hass.bus.async_listen("sms_sent", events.append)

    with pytest.raises(HomeAssistantError, match=r"\*+220: rejected \(Message not accepted\)"):
        await hass.services.async_call("script", "alert_then_log", blocking=True)

    await hass.async_block_till_done()
    assert events == []
