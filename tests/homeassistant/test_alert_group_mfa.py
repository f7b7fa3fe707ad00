"""What calls notify actions by name reaches a recipient set up in the UI: an ``alert:``, a
YAML notify group and the notify MFA module, each with an account and recipients set up
through the forms, as a user does, and configured exactly as docs/home-assistant.md shows."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from homeassistant.auth.mfa_modules import auth_mfa_module_from_config
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from homeassistant.util.yaml import parse_yaml
from pytest_homeassistant_custom_component.common import MockUser, async_fire_time_changed
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from tests.homeassistant.helpers import PROSMS_SEND, compaya_accepted, notify, prosms_sends
from tests.homeassistant.ui import DAD, MUM, set_up_in_ui

MUM_SERVICE = "prosms_se_homealarm_mum"
DAD_SERVICE = "prosms_se_homealarm_dad"
DOOR = "binary_sensor.front_door"


HOME_ASSISTANT_PAGE = Path(__file__).resolve().parents[2] / "docs" / "home-assistant.md"


def readme_configuration() -> dict[str, Any]:
    """The documented configuration.yaml for alerts, notify groups and login codes."""
    blocks = re.findall(r"```yaml\n(# configuration.yaml\n.*?)```", HOME_ASSISTANT_PAGE.read_text(), flags=re.DOTALL)
    assert len(blocks) == 1
    config: dict[str, Any] = parse_yaml(blocks[0])
    return config


def texts(aioclient_mock: AiohttpClientMocker) -> list[tuple[str, str]]:
    """(number, text) of every SMS sent to ProSMS.se."""
    return [(str(body["receiver"]), body["message"]) for body in prosms_sends(aioclient_mock)]


async def test_an_alert_texts_the_recipient_repeats_and_says_when_it_is_over(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM)))
    hass.states.async_set(DOOR, "off")
    assert await async_setup_component(hass, "alert", {"alert": readme_configuration()["alert"]})
    await hass.async_block_till_done()

    hass.states.async_set(DOOR, "on")
    await hass.async_block_till_done()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=5, seconds=1))
    await hass.async_block_till_done()
    hass.states.async_set(DOOR, "off")
    await hass.async_block_till_done()

    assert texts(aioclient_mock) == [
        (MUM, "The front door is open."),
        (MUM, "The front door is open."),
        (MUM, "The front door is closed."),
    ]


async def test_a_yaml_notify_group_texts_the_recipients_in_it(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    assert await async_setup_component(hass, "notify", {"notify": readme_configuration()["notify"]})
    await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM), ("Dad", DAD))
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM), int(DAD)))

    await notify(hass, "family", message="Dinner at six", title="Home")
    await hass.async_block_till_done()

    assert sorted(texts(aioclient_mock)) == sorted([(MUM, "Home\nDinner at six"), (DAD, "Home\nDinner at six")])


async def test_the_notify_mfa_module_lists_the_recipient_texts_a_code_and_accepts_it(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await set_up_in_ui(hass, aioclient_mock, "prosms", ("Mum", MUM))
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM)))
    [mfa] = readme_configuration()["homeassistant"]["auth_mfa_modules"]
    module = await auth_mfa_module_from_config(hass, mfa)
    user = MockUser().add_to_hass(hass)

    flow = await module.async_setup_flow(user.id)
    form = await flow.async_step_init()
    assert form["type"] is FlowResultType.FORM
    assert MUM_SERVICE in module.aync_get_available_notify_services()
    form["data_schema"]({"notify_service": MUM_SERVICE})  # offered as a choice

    await flow.async_step_init({"notify_service": MUM_SERVICE})
    await hass.async_block_till_done()
    [(number, text)] = texts(aioclient_mock)
    setup_code = re.fullmatch(r"(\d{6}) is your Home Assistant login code", text)
    assert number == MUM and setup_code is not None
    done = await flow.async_step_setup({"code": setup_code.group(1)})
    assert done["type"] is FlowResultType.CREATE_ENTRY

    await module.async_initialize_login_mfa_step(user.id)
    await hass.async_block_till_done()
    login_text = texts(aioclient_mock)[-1][1]
    login_code = login_text.split(" ", 1)[0]
    assert await module.async_validate(user.id, {"code": login_code})
    assert not await module.async_validate(user.id, {"code": "000000" if login_code != "000000" else "111111"})
