"""Sensors of an account: remaining credit through the coordinator, and the last send.

A mocked integration forwards its entry to a sensor platform that calls
``async_setup_sensors``, as the integrations' ``sensor.py`` will; entities are found by
their unique ids in the entity registry.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
from homeassistant.config_entries import ConfigEntry, ConfigFlow
from homeassistant.const import STATE_UNKNOWN, EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.entity_platform import AddEntitiesCallback
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockModule,
    MockPlatform,
    mock_config_flow,
    mock_integration,
    mock_platform,
)
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from notify_plugins.client import AsyncSmsClient
from notify_plugins.homeassistant.coordinator import CreditCoordinator
from notify_plugins.homeassistant.sensor import LAST_SEND, SEND_ATTRIBUTES, async_setup_sensors
from notify_plugins.http.aio import AsyncTransport
from notify_plugins.providers import create_provider
from notify_plugins.results import RecipientResult, SendResult
from tests.homeassistant.helpers import LANGUAGE_FILES, entry_device, shipped_translations

DOMAIN = "smsdk"
CREDIT_URL = "https://api.sms.dk/v1/user/getcreditvalue"
NUMBERS = ("4522680880", "4522113344", "4522443311")

Listener = Callable[[SendResult], None]


class EntryFlow(ConfigFlow):
    """A config flow for the mocked integration's entries to belong to."""

    VERSION = 1


@pytest.fixture(autouse=True)
def config_flow() -> Iterator[None]:
    with mock_config_flow(DOMAIN, EntryFlow):
        yield


class Sends:
    """Stands in for the entry's runtime data: listeners of every send's result."""

    def __init__(self) -> None:
        self.listeners: list[Listener] = []

    def add_listener(self, listener: Listener) -> Callable[[], None]:
        self.listeners.append(listener)
        return lambda: self.listeners.remove(listener)

    def report(self, result: SendResult) -> None:
        for listener in tuple(self.listeners):
            listener(result)


async def setup(hass: HomeAssistant, *, with_credit: bool = True, **config: str) -> tuple[MockConfigEntry, Sends]:
    provider = create_provider(DOMAIN, **(config or {"api_key": "smsdk-secret-key"}))
    sends = Sends()

    async def setup_sensor_platform(
        hass: HomeAssistant, entry: ConfigEntry, async_add_entities: AddEntitiesCallback
    ) -> None:
        coordinator = None
        if with_credit:
            client = AsyncSmsClient(provider, AsyncTransport(async_get_clientsession(hass)))
            coordinator = CreditCoordinator(hass, entry, client)
            await coordinator.async_config_entry_first_refresh()
        await async_setup_sensors(
            hass,
            entry,
            async_add_entities,
            coordinator=coordinator,
            add_result_listener=sends.add_listener,
            device_info=dr.DeviceInfo(
                identifiers={(DOMAIN, entry.entry_id)},
                name=entry.title,
                manufacturer=provider.name,
                entry_type=dr.DeviceEntryType.SERVICE,
            ),
        )

    async def setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
        await hass.config_entries.async_forward_entry_setups(entry, ["sensor"])
        return True

    async def unload_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
        return await hass.config_entries.async_unload_platforms(entry, ["sensor"])

    mock_integration(hass, MockModule(DOMAIN, async_setup_entry=setup_entry, async_unload_entry=unload_entry))
    mock_platform(hass, f"{DOMAIN}.sensor", MockPlatform(async_setup_entry=setup_sensor_platform))
    mock_platform(hass, f"{DOMAIN}.config_flow", None)
    entry = MockConfigEntry(domain=DOMAIN, title="Home")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry, sends


def entity_id(hass: HomeAssistant, entry: MockConfigEntry, key: str) -> str:
    found = er.async_get(hass).async_get_entity_id("sensor", DOMAIN, f"{entry.entry_id}_{key}")
    assert found is not None
    return found


def result(*statuses: str) -> SendResult:
    makers: dict[str, Callable[[str], RecipientResult]] = {
        "accepted": RecipientResult.accepted,
        "rejected": lambda n: RecipientResult.rejected(n, 1015, "Country code and phone number do not match."),
        "unknown": lambda n: RecipientResult.unknown(n, "timed out"),
    }
    return SendResult(DOMAIN, tuple(makers[s](n) for s, n in zip(statuses, NUMBERS, strict=False)))


@pytest.fixture(autouse=True)
async def unload_after(hass: HomeAssistant) -> AsyncIterator[None]:
    """Unload every entry after the test, so no coordinator timer outlives it."""
    yield
    for entry in hass.config_entries.async_entries(DOMAIN):
        await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


async def test_the_credit_sensor_shows_the_balance_in_the_provider_unit(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.get(CREDIT_URL, json={"status": "success", "messageCode": 5000, "result": 41.5})
    entry, _ = await setup(hass)
    state = hass.states.get(entity_id(hass, entry, "credit"))
    assert state is not None
    assert float(state.state) == 41.5
    assert state.attributes["unit_of_measurement"] == "credits"
    assert state.attributes["state_class"] == "measurement"


async def test_there_is_no_credit_sensor_without_a_coordinator(hass: HomeAssistant) -> None:
    entry, _ = await setup(hass, with_credit=False)
    registry = er.async_get(hass)
    assert registry.async_get_entity_id("sensor", DOMAIN, f"{entry.entry_id}_credit") is None
    assert registry.async_get_entity_id("sensor", DOMAIN, f"{entry.entry_id}_last_send") is not None


async def test_the_last_send_is_unknown_until_something_is_sent(hass: HomeAssistant) -> None:
    entry, _ = await setup(hass, with_credit=False)
    state = hass.states.get(entity_id(hass, entry, "last_send"))
    assert state is not None and state.state == STATE_UNKNOWN


@pytest.mark.parametrize(
    ("statuses", "outcome", "counts"),
    [
        (("accepted", "accepted"), "sent", (2, 2, 0, 0)),
        (("accepted", "rejected", "unknown"), "partly_failed", (3, 1, 1, 1)),
        (("rejected", "unknown"), "failed", (2, 0, 1, 1)),
    ],
)
async def test_the_last_send_sensor_tells_the_outcome_and_counts(
    hass: HomeAssistant, statuses: tuple[str, ...], outcome: str, counts: tuple[int, int, int, int]
) -> None:
    entry, sends = await setup(hass, with_credit=False)
    sends.report(result(*statuses))
    await hass.async_block_till_done()
    state = hass.states.get(entity_id(hass, entry, "last_send"))
    assert state is not None
    assert state.state == outcome
    attributes = state.attributes
    assert (attributes["recipients"], attributes["accepted"], attributes["rejected"], attributes["unknown"]) == counts
    assert attributes["time"]


async def test_the_last_send_sensor_never_shows_a_number(hass: HomeAssistant) -> None:
    entry, sends = await setup(hass, with_credit=False)
    sends.report(result("accepted", "rejected", "unknown"))
    await hass.async_block_till_done()
    state = hass.states.get(entity_id(hass, entry, "last_send"))
    assert state is not None
    shown = repr(state.as_dict())
    assert not any(number in shown for number in NUMBERS)


async def test_sensors_are_diagnostic_or_not_as_declared_and_belong_to_the_account_device(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.get(CREDIT_URL, json={"status": "success", "messageCode": 5000, "result": 1})
    entry, _ = await setup(hass)
    registry = er.async_get(hass)
    credit = registry.async_get(entity_id(hass, entry, "credit"))
    last_send = registry.async_get(entity_id(hass, entry, "last_send"))
    assert credit is not None and last_send is not None
    assert credit.entity_category is None
    assert last_send.entity_category is EntityCategory.DIAGNOSTIC
    assert (credit.translation_key, last_send.translation_key) == ("credit", "last_send")
    assert credit.has_entity_name and last_send.has_entity_name
    device = entry_device(hass, entry.entry_id, (DOMAIN, entry.entry_id))
    assert device is not None
    assert credit.device_id == last_send.device_id == device.id
    assert device.entry_type is dr.DeviceEntryType.SERVICE


async def test_a_removed_sensor_stops_listening(hass: HomeAssistant) -> None:
    entry, sends = await setup(hass, with_credit=False)
    assert len(sends.listeners) == 1
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert sends.listeners == []


@pytest.mark.parametrize(("domain", "language"), LANGUAGE_FILES)
def test_every_language_names_both_sensors_every_outcome_and_every_attribute(domain: str, language: str) -> None:
    sensors: dict[str, Any] = shipped_translations(domain, language)["entity"]["sensor"]

    assert sensors["credit"]["name"] and sensors["last_send"]["name"]
    assert set(sensors["last_send"]["state"]) == set(LAST_SEND.options or ())
    assert set(sensors["last_send"]["state_attributes"]) == set(SEND_ATTRIBUTES)
