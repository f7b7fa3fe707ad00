"""The spend guard in Home Assistant: ``daily_limit`` and ``repeat_window`` on every send path,
the *SMS sending* switch, the *SMS sent today* sensor and the "Daily SMS limit reached" repair.

Each test loads a real config entry (or a YAML platform) on a real Home Assistant core; the
provider's replies come from ``aioclient_mock``, the clock from ``freezer``.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant, State
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    mock_restore_cache,
)
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from notify_plugins.guard import Ledger, fingerprint
from notify_plugins.homeassistant.account_guard import limit_issue_id
from notify_plugins.homeassistant.ledger import SAVE_DELAY, entry_ledger_key
from notify_plugins.homeassistant.spend import SUGGESTED
from tests.homeassistant.helpers import (
    PROSMS_SEND,
    compaya_accepted,
    notify,
    platform,
    sent,
    setup_notify,
    smstools_reply,
)
from tests.homeassistant.ui import (
    COMPAYA_HOSTS,
    DAD,
    MUM,
    USER_INPUT,
    account_entry,
    answer_account_checks,
    load_entry,
    recipient,
    setup_account,
    start_user_flow,
)

SMSTOOLS_SEND = "https://api.smstools.it/rest/api/sms/send"
TWO_PARTS = "Water leak in the basement. " * 7  # 196 GSM characters: 2 parts
SENT_TODAY = "sensor.prosms_se_sms_sent_today"
SENDING = "switch.prosms_se_sms_sending"


async def account(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, domain: str = "prosms", **options: Any
) -> MockConfigEntry:
    """A loaded account with Mum and Dad as recipients, its sends accepted."""
    entry = await setup_account(
        hass, aioclient_mock, domain, recipient("Mum", MUM), recipient("Dad", DAD), options=options
    )
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM), int(DAD)))
    return entry


async def text(hass: HomeAssistant, entity: str = "notify.prosms_se_mum", message: str = "Door open") -> None:
    await hass.services.async_call("notify", "send_message", {"entity_id": entity, "message": message}, blocking=True)


async def account_at_its_limit(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, **options: Any
) -> MockConfigEntry:
    """An account whose daily limit of 1 part is used up: one SMS went out, the next was refused."""
    entry = await account(hass, aioclient_mock, daily_limit=1, **options)
    await text(hass)
    with pytest.raises(HomeAssistantError):
        await text(hass, message="again")
    return entry


async def send_sms(hass: HomeAssistant, domain: str = "prosms", **data: Any) -> Any:
    return await hass.services.async_call(domain, "send_sms", data, blocking=True, return_response=True)


def sends(aioclient_mock: AiohttpClientMocker, url: str = PROSMS_SEND) -> int:
    return sum(1 for request in sent(aioclient_mock) if request.url == url)


def parts_today(hass: HomeAssistant) -> int:
    return int(hass.states.get(SENT_TODAY).state)


def stored(key: str, data: Any) -> dict[str, Any]:
    """What ``.storage/<key>`` holds for a ledger's ``data``."""
    return {"version": 1, "minor_version": 1, "key": key, "data": data}


async def save_delay_passes(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Time passes until the ledger's pending save is written."""
    freezer.tick(timedelta(seconds=SAVE_DELAY + 1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


# -- set-up and options --------------------------------------------------------------------------


async def test_the_set_up_form_offers_suggested_limits_and_stores_them_as_options(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    answer_account_checks(aioclient_mock, "prosms")
    form = await start_user_flow(hass, "prosms")
    suggested = {str(key): key.description["suggested_value"] for key in form["data_schema"].schema if key.description}
    assert {key: suggested.get(key) for key in SUGGESTED} == dict(SUGGESTED)

    done = await hass.config_entries.flow.async_configure(
        form["flow_id"], {**USER_INPUT["prosms"], "daily_limit": 20.0, "repeat_window": 3.0}
    )

    assert done["type"] is FlowResultType.CREATE_ENTRY
    entry = hass.config_entries.async_get_entry(done["result"].entry_id)
    assert entry.options == {"daily_limit": 20, "repeat_window": 3}
    assert "daily_limit" not in entry.data and "repeat_window" not in entry.data
    assert entry.runtime_data.guard.limits.daily_limit == 20


async def test_cleared_fields_leave_both_rules_off(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    answer_account_checks(aioclient_mock, "prosms")
    form = await hass.config_entries.flow.async_init("prosms", context={"source": SOURCE_USER})

    done = await hass.config_entries.flow.async_configure(form["flow_id"], USER_INPUT["prosms"])

    assert done["result"].options == {}
    assert not hass.config_entries.async_get_entry(done["result"].entry_id).runtime_data.guard.limits.active


async def test_an_account_from_before_has_no_limit(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    await account(hass, aioclient_mock)

    for index in range(60):
        await text(hass, message=f"Alarm {index}")

    assert sends(aioclient_mock) == 60
    assert parts_today(hass) == 60


async def test_configure_sets_the_limits_and_the_account_follows(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await account(hass, aioclient_mock)
    form = await hass.config_entries.options.async_init(entry.entry_id)
    assert {"daily_limit", "repeat_window"} <= {str(key) for key in form["data_schema"].schema}

    await hass.config_entries.options.async_configure(form["flow_id"], {"daily_limit": 1.0, "repeat_window": 0.0})
    await hass.async_block_till_done()

    assert entry.options == {"daily_limit": 1, "repeat_window": 0}
    await text(hass)
    with pytest.raises(HomeAssistantError):
        await text(hass, message="again")


# -- daily_limit on every path -------------------------------------------------------------------


async def test_the_send_that_would_pass_the_limit_fails_naming_the_limit_and_the_count(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await account(hass, aioclient_mock, daily_limit=2)
    await text(hass, message="one")
    await text(hass, message="two")

    with pytest.raises(HomeAssistantError) as caught:
        await text(hass, message="three")

    assert caught.value.translation_key == "daily_limit_reached"
    assert caught.value.translation_placeholders["limit"] == "2"
    assert caught.value.translation_placeholders["count"] == "2"
    assert "daily limit of 2 SMS parts would be passed (2 sent today" in str(caught.value)
    assert sends(aioclient_mock) == 2
    assert hass.states.get("sensor.prosms_se_last_send").state == "failed"


async def test_send_sms_counts_parts_times_recipients(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    await account(hass, aioclient_mock, daily_limit=3)

    with pytest.raises(HomeAssistantError) as caught:
        await send_sms(hass, message=TWO_PARTS, recipients=[MUM, DAD])

    assert caught.value.translation_placeholders["needed"] == "4"
    assert sends(aioclient_mock) == 0
    await send_sms(hass, message=TWO_PARTS, recipients=[MUM])
    assert parts_today(hass) == 2


async def test_parts_of_a_refused_recipient_are_given_back(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await setup_account(hass, aioclient_mock, "smstools", options={"daily_limit": 2})
    aioclient_mock.post(SMSTOOLS_SEND, json=smstools_reply((MUM, "INSERTED", None), (DAD, "NOT_INSERTED", "BLACKLIST")))

    with pytest.raises(HomeAssistantError):  # Dad refused: a partial failure
        await send_sms(hass, "smstools", message="Door open", recipients=[MUM, DAD])

    assert int(hass.states.get("sensor.smstools_sms_sent_today").state) == 1


async def test_twelve_simultaneous_sends_under_a_limit_of_five_send_exactly_five(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await account(hass, aioclient_mock, daily_limit=5)

    outcomes = await asyncio.gather(*(text(hass, message=f"Alarm {i}") for i in range(12)), return_exceptions=True)

    assert sum(outcome is None for outcome in outcomes) == 5
    assert sum(isinstance(outcome, HomeAssistantError) for outcome in outcomes) == 7
    assert sends(aioclient_mock) == 5


async def test_a_yaml_platform_takes_the_same_keys(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM)))
    await setup_notify(hass, platform("prosms", recipient=[f"+{MUM}"], daily_limit=1, repeat_window=5))

    await notify(hass, "prosms", message="Door open")
    await notify(hass, "prosms", message="Door open")  # held: no error, nothing sent
    with pytest.raises(HomeAssistantError) as caught:
        await notify(hass, "prosms", message="Door closed")

    assert caught.value.translation_key == "daily_limit_reached"
    assert caught.value.translation_placeholders["service"] == "notify.prosms"
    assert sends(aioclient_mock) == 1


async def test_a_yaml_limit_that_is_no_whole_number_is_refused_at_setup(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    await setup_notify(hass, platform("prosms", recipient=[f"+{MUM}"], daily_limit=-1))

    assert not hass.services.has_service("notify", "prosms")
    assert "daily_limit" in caplog.text


# -- repeat_window -------------------------------------------------------------------------------


async def test_a_repeat_is_held_and_send_sms_answers_held(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await account(hass, aioclient_mock, repeat_window=10)
    await text(hass)  # Mum, through her notify entity

    response = await send_sms(hass, message="Door open", recipients=[MUM, DAD])

    assert [(r["number"], r["status"]) for r in response["recipients"]] == [
        (f"+{MUM}", "held"),
        (f"+{DAD}", "accepted"),
    ]
    assert sends(aioclient_mock) == 2
    await text(hass)  # held again: no error


# -- restarts, reloads and midnight ------------------------------------------------------------------


async def test_counts_and_repeats_survive_a_restart(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, hass_storage: dict[str, Any]
) -> None:
    entry = account_entry("prosms", recipient("Mum", MUM), options={"daily_limit": 3, "repeat_window": 60})
    today = dt_util.now()
    ledger = Ledger(today.date().isoformat(), 2, 2, 2.0, {fingerprint(MUM, "Door open"): today.timestamp() - 60})
    hass_storage[entry_ledger_key("prosms", entry.entry_id)] = stored(
        entry_ledger_key("prosms", entry.entry_id), ledger.to_data()
    )
    entry.add_to_hass(hass)
    await load_entry(hass, aioclient_mock, entry)
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM)))

    assert parts_today(hass) == 2
    assert hass.states.get(SENT_TODAY).attributes["messages"] == 2
    await text(hass)  # held, as before the restart
    await text(hass, message="Window open")  # part 3 of 3
    with pytest.raises(HomeAssistantError):
        await text(hass, message="Gate open")
    assert sends(aioclient_mock) == 1


async def test_counts_are_saved_shortly_after_a_send(
    hass: HomeAssistant,
    aioclient_mock: AiohttpClientMocker,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
) -> None:
    entry = await account(hass, aioclient_mock, daily_limit=10)
    await text(hass)

    await save_delay_passes(hass, freezer)

    saved = hass_storage[entry_ledger_key("prosms", entry.entry_id)]["data"]
    assert (saved["parts"], saved["messages"]) == (1, 1)
    assert MUM not in str(saved) and "Door open" not in str(saved)


async def test_deleting_an_account_deletes_its_stored_counts_and_no_other(
    hass: HomeAssistant,
    aioclient_mock: AiohttpClientMocker,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
) -> None:
    entry = await account(hass, aioclient_mock, daily_limit=10)
    other = entry_ledger_key("prosms", "another-account")
    hass_storage[other] = stored(other, Ledger("2026-01-01", 1).to_data())
    await text(hass)
    await save_delay_passes(hass, freezer)
    assert entry_ledger_key("prosms", entry.entry_id) in hass_storage

    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()

    assert entry_ledger_key("prosms", entry.entry_id) not in hass_storage
    assert other in hass_storage


async def test_deleting_an_account_that_never_loaded_deletes_its_stored_counts(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, hass_storage: dict[str, Any]
) -> None:
    entry = account_entry("prosms", options={"daily_limit": 3})
    key = entry_ledger_key("prosms", entry.entry_id)
    hass_storage[key] = stored(key, Ledger("2026-01-01", 2).to_data())
    entry.add_to_hass(hass)
    aioclient_mock.get(f"{COMPAYA_HOSTS['prosms']}/v1/user/getcreditvalue", status=500)
    await hass.config_entries.async_setup(entry.entry_id)  # the provider does not answer: not loaded
    await hass.async_block_till_done()

    await hass.config_entries.async_remove(entry.entry_id)

    assert key not in hass_storage


async def test_a_reload_keeps_the_count(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    entry = await account(hass, aioclient_mock, daily_limit=1)
    await text(hass)

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()

    assert parts_today(hass) == 1
    with pytest.raises(HomeAssistantError):
        await text(hass, message="again")


async def test_at_local_midnight_the_count_resets_and_the_repair_clears(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(dt_util.start_of_local_day() + timedelta(hours=23, minutes=59))
    entry = await account_at_its_limit(hass, aioclient_mock)
    assert ir.async_get(hass).async_get_issue("prosms", limit_issue_id(entry.entry_id)) is not None

    freezer.move_to(dt_util.start_of_local_day() + timedelta(days=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()

    assert parts_today(hass) == 0
    assert ir.async_get(hass).async_get_issue("prosms", limit_issue_id(entry.entry_id)) is None
    await text(hass, message="again")
    assert sends(aioclient_mock) == 2


# -- the repair --------------------------------------------------------------------------------------


async def test_the_repair_names_the_account_and_its_fix_raises_the_limit(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    assert await async_setup_component(hass, "repairs", {})
    entry = await account_at_its_limit(hass, aioclient_mock, repeat_window=5)
    issue = ir.async_get(hass).async_get_issue("prosms", limit_issue_id(entry.entry_id))
    assert issue is not None and issue.is_fixable
    assert (issue.translation_key, issue.translation_placeholders) == ("daily_limit_reached", {"account": entry.title})

    manager = repairs_flow_manager(hass)
    assert manager is not None
    form = await manager.async_init("prosms", data={"issue_id": issue.issue_id})
    assert form["type"] is FlowResultType.FORM
    assert form["description_placeholders"] == {"account": entry.title, "count": "1", "limit": "1"}
    done = await manager.async_configure(form["flow_id"], {"daily_limit": 10.0})
    await hass.async_block_till_done()

    assert done["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {"daily_limit": 10, "repeat_window": 5}
    assert ir.async_get(hass).async_get_issue("prosms", issue.issue_id) is None
    await text(hass, message="again")
    assert sends(aioclient_mock) == 2


async def test_the_repairs_fix_with_the_box_left_empty_switches_the_limit_off(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    """As under *Configure*: an empty *Daily SMS limit* is no limit, not an error."""
    assert await async_setup_component(hass, "repairs", {})
    entry = await account_at_its_limit(hass, aioclient_mock, repeat_window=5)

    manager = repairs_flow_manager(hass)
    assert manager is not None
    form = await manager.async_init("prosms", data={"issue_id": limit_issue_id(entry.entry_id)})
    done = await manager.async_configure(form["flow_id"], {})
    await hass.async_block_till_done()

    assert done["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {"repeat_window": 5}
    await text(hass, message="again")
    assert sends(aioclient_mock) == 2


async def test_raising_the_limit_under_configure_clears_the_repair(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await account_at_its_limit(hass, aioclient_mock)

    hass.config_entries.async_update_entry(entry, options={"daily_limit": 2})
    await hass.async_block_till_done()

    assert ir.async_get(hass).async_get_issue("prosms", limit_issue_id(entry.entry_id)) is None


# -- the switch ----------------------------------------------------------------------------------------


async def test_sms_sending_is_on_and_off_refuses_every_send_with_a_translated_error(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await account(hass, aioclient_mock)
    assert hass.states.get(SENDING).state == "on"

    await hass.services.async_call("switch", "turn_off", {"entity_id": SENDING}, blocking=True)
    for call in (text(hass), send_sms(hass, message="Door open", recipients=[DAD])):
        with pytest.raises(HomeAssistantError) as caught:
            await call
        assert caught.value.translation_key == "sending_off"
    assert sends(aioclient_mock) == 0

    await hass.services.async_call("switch", "turn_on", {"entity_id": SENDING}, blocking=True)
    await text(hass)
    assert sends(aioclient_mock) == 1


async def test_sms_sending_stays_off_after_a_restart(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    mock_restore_cache(hass, [State(SENDING, "off")])
    await account(hass, aioclient_mock)

    assert hass.states.get(SENDING).state == "off"
    with pytest.raises(HomeAssistantError):
        await text(hass)


async def test_sms_sending_stays_off_through_a_reload(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    entry = await account(hass, aioclient_mock)
    await hass.services.async_call("switch", "turn_off", {"entity_id": SENDING}, blocking=True)

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()

    assert hass.states.get(SENDING).state == "off"


# -- the sensor -------------------------------------------------------------------------------------------


async def test_sms_sent_today_shows_parts_messages_cost_and_the_limit(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await account(hass, aioclient_mock, daily_limit=50)

    await send_sms(hass, message=TWO_PARTS, recipients=[MUM, DAD])

    state = hass.states.get(SENT_TODAY)
    assert state.state == "4"
    assert state.attributes["messages"] == 2
    assert state.attributes["cost"] == pytest.approx(2.0)  # the provider's creditCost per recipient
    assert state.attributes["daily_limit"] == 50
    assert state.attributes["state_class"] == "total"
    assert state.attributes["unit_of_measurement"] == "parts"
    assert state.attributes["last_reset"] == dt_util.start_of_local_day().isoformat()
    assert er.async_get(hass).async_get(SENT_TODAY).translation_key == "sent_today"


async def test_sms_sent_today_without_reported_prices_has_no_cost(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await setup_account(hass, aioclient_mock, "smstools")
    aioclient_mock.post(SMSTOOLS_SEND, json=smstools_reply((MUM, "INSERTED", None)))

    await send_sms(hass, "smstools", message="Door open", recipients=[MUM])

    state = hass.states.get("sensor.smstools_sms_sent_today")
    assert (state.state, state.attributes["messages"]) == ("1", 1)
    assert "cost" not in state.attributes and "daily_limit" not in state.attributes


# -- unreadable state -------------------------------------------------------------------------------------


async def test_unreadable_stored_state_lets_sends_through_counting_from_zero(
    hass: HomeAssistant,
    aioclient_mock: AiohttpClientMocker,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    entry = account_entry("prosms", recipient("Mum", MUM), options={"daily_limit": 1})
    key = entry_ledger_key("prosms", entry.entry_id)
    hass_storage[key] = stored(key, {"parts": "lots"})
    entry.add_to_hass(hass)
    with caplog.at_level(logging.WARNING):
        await load_entry(hass, aioclient_mock, entry)
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(int(MUM)))

    assert "could not read its stored count" in caplog.text and "sending goes on" in caplog.text
    await text(hass)
    assert sends(aioclient_mock) == 1
    with pytest.raises(HomeAssistantError):  # the limit holds again from here
        await text(hass, message="again")
