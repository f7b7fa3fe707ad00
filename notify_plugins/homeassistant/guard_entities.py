"""The spend guard on the account's device: the *SMS sending* switch and *SMS sent today*.

* **SMS sending** turns every send of the account off and on (off: each send fails with a
  translated error and nothing goes out). It is on for a new account, and it keeps its
  state through reloads and restarts, as a kill switch that turned itself back on would be
  worse than none.
* **SMS sent today** counts today's SMS parts (the guard's ledger: what went out or may
  have, refused recipients not counted), with today's messages and, where the provider
  reports prices, their cost. It reads the ledger, which is stored, so it survives a
  restart; the ledger starts a new day at local midnight (:mod:`.account_guard`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from homeassistant.components.sensor import SensorEntity, SensorStateClass
from homeassistant.components.switch import SwitchEntity
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.restore_state import RestoreEntity
from homeassistant.util import dt as dt_util

from ..guard import Ledger, SpendGuard
from .ledger import HassLedger
from .spend import SENSOR_KEY, SWITCH_KEY


class SmsSendingSwitch(SwitchEntity, RestoreEntity):
    """Whether the account sends at all (the guard's ``enabled``)."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    _attr_translation_key = SWITCH_KEY

    def __init__(self, entry: ConfigEntry, guard: SpendGuard, device_info: DeviceInfo) -> None:
        self._guard = guard
        self._attr_unique_id = f"{entry.entry_id}_{SWITCH_KEY}"
        self._attr_device_info = device_info

    @property
    def is_on(self) -> bool:
        return self._guard.enabled

    async def async_added_to_hass(self) -> None:
        await super().async_added_to_hass()
        last = await self.async_get_last_state()
        if last is not None and last.state in (STATE_ON, STATE_OFF):
            self._guard.enabled = last.state == STATE_ON

    async def async_turn_on(self, **kwargs: Any) -> None:
        self._guard.enabled = True
        self.async_write_ha_state()

    async def async_turn_off(self, **kwargs: Any) -> None:
        self._guard.enabled = False
        self.async_write_ha_state()


class SentTodaySensor(SensorEntity):
    """SMS parts counted today, with the messages, their cost and the limit as attributes."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    _attr_translation_key = SENSOR_KEY
    _attr_state_class = SensorStateClass.TOTAL
    _attr_suggested_display_precision = 0

    def __init__(self, entry: ConfigEntry, guard: SpendGuard, ledger: HassLedger, device_info: DeviceInfo) -> None:
        self._guard = guard
        self._ledger = ledger
        self._attr_unique_id = f"{entry.entry_id}_{SENSOR_KEY}"
        self._attr_device_info = device_info

    @property
    def native_value(self) -> int:
        return self._ledger.today().parts

    @property
    def last_reset(self) -> datetime:
        return dt_util.start_of_local_day()

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        today = self._ledger.today()
        attributes: dict[str, Any] = {"messages": today.messages}
        if today.cost is not None:
            attributes["cost"] = today.cost
        if self._guard.limits.daily_limit:
            attributes["daily_limit"] = self._guard.limits.daily_limit
        return attributes

    async def async_added_to_hass(self) -> None:
        await super().async_added_to_hass()
        self.async_on_remove(self._ledger.async_add_listener(self._changed))

    @callback
    def _changed(self, ledger: Ledger) -> None:
        self.async_write_ha_state()


__all__ = ["SentTodaySensor", "SmsSendingSwitch"]
