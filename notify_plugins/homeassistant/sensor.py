"""Sensors of an SMS account: the remaining credit, and how the last send went.

* **Credit** (providers with a balance call: ProSMS.se, SMS.dk, Smstools, Spryng REST):
  a :class:`CreditCoordinator` entity in the provider's own unit (SMS credits or euros).
* **Last send** (every provider, diagnostic): ``sent``, ``partly_failed`` or ``failed``,
  with the counts and the time as attributes, fed by every send's
  :class:`~notify_plugins.results.SendResult`. It never shows a phone number, so it can
  sit on any dashboard.

Both are declared as entity descriptions (:data:`CREDIT`, :data:`LAST_SEND`); texts are
translation keys, whose English is :data:`ENGLISH`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final

from homeassistant.components.sensor import (
    RestoreSensor,
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity_platform import AddEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity
from homeassistant.util import dt as dt_util

from ..providers.base import Balance
from ..results import SendResult
from .coordinator import CreditCoordinator

ResultListener = Callable[[SendResult], None]
AddResultListener = Callable[[ResultListener], Callable[[], None]]
"""Subscribes a listener to every send's result and returns the function that unsubscribes."""

SENT: Final = "sent"
PARTLY_FAILED: Final = "partly_failed"
FAILED: Final = "failed"
OUTCOMES: tuple[str, ...] = (SENT, PARTLY_FAILED, FAILED)


@dataclass(frozen=True, kw_only=True)
class CreditSensorDescription(SensorEntityDescription):
    """A sensor read from the account's :class:`Balance`."""

    value_fn: Callable[[Balance], float]
    unit_fn: Callable[[Balance], str | None]


@dataclass(frozen=True, kw_only=True)
class SendSensorDescription(SensorEntityDescription):
    """A sensor read from the last :class:`SendResult`: its state and its attributes."""

    value_fn: Callable[[SendResult], str]
    attributes_fn: Callable[[SendResult, datetime], dict[str, Any]]


def send_outcome(result: SendResult) -> str:
    """``sent`` when every recipient was accepted, ``failed`` when none was, else ``partly_failed``."""
    if result.ok:
        return SENT
    return PARTLY_FAILED if result.accepted else FAILED


SEND_ATTRIBUTES: tuple[str, ...] = ("recipients", "accepted", "rejected", "unknown", "time")
"""The last-send sensor's attributes (what :func:`send_attributes` returns)."""


def send_attributes(result: SendResult, when: datetime) -> dict[str, Any]:
    """Counts and time only: no number, no text, no provider message."""
    return {
        "recipients": len(result.results),
        "accepted": len(result.accepted),
        "rejected": len(result.rejected),
        "unknown": len(result.unknown),
        "time": when.isoformat(),
    }


CREDIT = CreditSensorDescription(
    key="credit",
    translation_key="credit",
    state_class=SensorStateClass.MEASUREMENT,
    suggested_display_precision=2,
    value_fn=lambda balance: balance.amount,
    unit_fn=lambda balance: balance.unit,
)

LAST_SEND = SendSensorDescription(
    key="last_send",
    translation_key="last_send",
    entity_category=EntityCategory.DIAGNOSTIC,
    device_class=SensorDeviceClass.ENUM,
    options=list(OUTCOMES),
    value_fn=send_outcome,
    attributes_fn=send_attributes,
)


ENGLISH: Mapping[str, Any] = MappingProxyType(
    {
        "entity": {
            "sensor": {
                CREDIT.key: {"name": "Remaining credit"},
                LAST_SEND.key: {
                    "name": "Last send",
                    "state": {SENT: "Sent", PARTLY_FAILED: "Partly failed", FAILED: "Failed"},
                    "state_attributes": {
                        "recipients": {"name": "Recipients"},
                        "accepted": {"name": "Accepted"},
                        "rejected": {"name": "Rejected"},
                        "unknown": {"name": "Outcome unknown"},
                        "time": {"name": "Time"},
                    },
                },
            }
        }
    }
)
"""The sensors' names, states and attributes in ``en.json``; each integration's other
language is translated in its own translation file."""


class CreditSensor(CoordinatorEntity[CreditCoordinator], SensorEntity):
    """The account's remaining credit."""

    _attr_has_entity_name = True
    entity_description: CreditSensorDescription

    def __init__(
        self, coordinator: CreditCoordinator, description: CreditSensorDescription, device_info: DeviceInfo
    ) -> None:
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{coordinator.config_entry.entry_id}_{description.key}"
        self._attr_device_info = device_info

    @property
    def native_value(self) -> float | None:
        data = self.coordinator.data
        return None if data is None else self.entity_description.value_fn(data)

    @property
    def native_unit_of_measurement(self) -> str | None:
        data = self.coordinator.data
        return None if data is None else self.entity_description.unit_fn(data)


class SendOutcomeSensor(RestoreSensor):
    """How the entry's last send went, kept across reloads and restarts.

    The outcome of a send long ago is still the last one: restoring it keeps a reload
    (a recipient added, options changed, a restart) from turning the state unknown, which
    would fill the logbook and lose a failure nobody has looked at yet.
    """

    _attr_has_entity_name = True
    _attr_should_poll = False
    entity_description: SendSensorDescription

    def __init__(
        self,
        entry: ConfigEntry,
        description: SendSensorDescription,
        device_info: DeviceInfo,
        add_result_listener: AddResultListener,
    ) -> None:
        self.entity_description = description
        self._attr_unique_id = f"{entry.entry_id}_{description.key}"
        self._attr_device_info = device_info
        self._add_result_listener = add_result_listener

    async def async_added_to_hass(self) -> None:
        await super().async_added_to_hass()
        await self._async_restore()
        self.async_on_remove(self._add_result_listener(self._observe))

    async def _async_restore(self) -> None:
        """The state and attributes this sensor had before, unless it was never set."""
        last = await self.async_get_last_sensor_data()
        state = await self.async_get_last_state()
        if last is None or state is None or last.native_value not in OUTCOMES:
            return
        self._attr_native_value = last.native_value
        self._attr_extra_state_attributes = {
            key: state.attributes[key] for key in SEND_ATTRIBUTES if key in state.attributes
        }

    @callback
    def _observe(self, result: SendResult) -> None:
        self._attr_native_value = self.entity_description.value_fn(result)
        self._attr_extra_state_attributes = self.entity_description.attributes_fn(result, dt_util.utcnow())
        self.async_write_ha_state()


async def async_setup_sensors(
    hass: HomeAssistant,
    entry: ConfigEntry,
    async_add_entities: AddEntitiesCallback,
    *,
    coordinator: CreditCoordinator | None,
    add_result_listener: AddResultListener,
    device_info: DeviceInfo,
) -> None:
    """Add the entry's sensors: credit when there is a ``coordinator``, last send always.

    ``add_result_listener`` subscribes to every send's result (the entry's runtime data
    offers one); ``device_info`` is the account's device, shared with its notify entities.
    """
    entities: list[SensorEntity] = []
    if coordinator is not None:
        entities.append(CreditSensor(coordinator, CREDIT, device_info))
    entities.append(SendOutcomeSensor(entry, LAST_SEND, device_info, add_result_listener))
    async_add_entities(entities)


__all__ = [
    "CREDIT",
    "ENGLISH",
    "LAST_SEND",
    "OUTCOMES",
    "CreditSensor",
    "SendOutcomeSensor",
    "async_setup_sensors",
    "send_outcome",
]
