"""The spend guard of a config entry: its ledger, local midnight, and the limit's repair.

:func:`async_setup_entry_guard` gives a loaded entry its :class:`~notify_plugins.guard.SpendGuard`
(the limits from the entry's options, the ledger from :mod:`.ledger`, Home Assistant's clock
and time zone), through which :meth:`~.runtime.SmsRuntimeData.async_send` sends everything.

When the limit refuses a send, a repair says so: "Daily SMS limit reached on {account}". It
is fixable, and its fix is the option it is about: a form with the daily limit, whose answer
is stored in the entry's options (the entry reloads, as after *Configure*). It clears at
local midnight and when the entry loads with a limit that is raised or off.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

import voluptuous as vol
from homeassistant.components.repairs import RepairsFlow
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import FlowResult
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_track_time_change

from ..errors import DailyLimitReached, ValidationError
from ..guard import SpendGuard, SpendLimits
from ..results import SendResult
from .ledger import HassLedger, async_get_ledger, entry_ledger_key, hass_guard
from .runtime import SmsConfigEntry
from .spend import CONF_DAILY_LIMIT, ISSUE_KEY, limit_fields, limits, whole_numbers

_LOGGER = logging.getLogger(__name__)


def limit_issue_id(entry_id: str) -> str:
    """One issue per config entry, so two accounts are told apart."""
    return f"{ISSUE_KEY}_{entry_id}"


def entry_limits(entry: SmsConfigEntry) -> SpendLimits:
    """The limits in the entry's options; options no form could have stored count as off."""
    try:
        return limits(entry.options)
    except ValidationError as err:
        _LOGGER.warning("%s: the spend guard's option %s; no limit applies", entry.title, err)
        return SpendLimits()


async def async_setup_entry_guard(hass: HomeAssistant, entry: SmsConfigEntry) -> tuple[SpendGuard, HassLedger]:
    """The entry's guard and ledger; the ledger starts each local day at midnight."""
    ledger = await async_get_ledger(hass, entry_ledger_key(entry.domain, entry.entry_id))
    guard = hass_guard(entry_limits(entry), ledger)

    @callback
    def midnight(now: datetime) -> None:
        ledger.async_roll()
        async_clear_limit_issue(hass, entry.domain, entry.entry_id)

    entry.async_on_unload(async_track_time_change(hass, midnight, hour=0, minute=0, second=0))
    if not guard.limits.daily_limit or ledger.today().parts < guard.limits.daily_limit:
        async_clear_limit_issue(hass, entry.domain, entry.entry_id)  # raised, off, or a new day
    return guard, ledger


@callback
def async_clear_limit_issue(hass: HomeAssistant, domain: str, entry_id: str) -> None:
    ir.async_delete_issue(hass, domain, limit_issue_id(entry_id))


def limit_issue_listener(hass: HomeAssistant, entry: SmsConfigEntry) -> Callable[[SendResult], None]:
    """A listener of the entry's sends that raises the repair when the limit refuses one."""

    @callback
    def listener(result: SendResult) -> None:
        if isinstance(result.error, DailyLimitReached):
            ir.async_create_issue(
                hass,
                entry.domain,
                limit_issue_id(entry.entry_id),
                is_fixable=True,
                is_persistent=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key=ISSUE_KEY,
                translation_placeholders={"account": entry.title},
                data={"entry_id": entry.entry_id},
            )

    return listener


class DailyLimitFlow(RepairsFlow):
    """The repair's fix: the account's daily limit, stored as its option."""

    def __init__(self, entry_id: str) -> None:
        self.entry_id = entry_id

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> FlowResult:
        """The flow starts with the issue's id, which is no answer to the form."""
        return await self.async_step_limit()

    async def async_step_limit(self, user_input: dict[str, Any] | None = None) -> FlowResult:
        entry: SmsConfigEntry | None = self.hass.config_entries.async_get_entry(self.entry_id)
        if entry is None:  # the account is gone, and with it the reason for the repair
            return self.async_create_entry(data={})
        if user_input is not None:
            # a box left empty is no limit, as under Configure
            options = {key: value for key, value in entry.options.items() if key != CONF_DAILY_LIMIT}
            options.update(whole_numbers(user_input))
            self.hass.config_entries.async_update_entry(entry, options=options)  # its listener reloads it
            return self.async_create_entry(data={})
        current = entry_limits(entry).daily_limit
        ledger = await async_get_ledger(self.hass, entry_ledger_key(entry.domain, entry.entry_id))
        schema = self.add_suggested_values_to_schema(
            vol.Schema(limit_fields(daily_limit_only=True)), {CONF_DAILY_LIMIT: current}
        )
        placeholders = {"account": entry.title, "count": str(ledger.today().parts), "limit": str(current)}
        return self.async_show_form(step_id="limit", data_schema=schema, description_placeholders=placeholders)


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """The ``repairs`` platform of every integration: the limit's fix flow."""
    return DailyLimitFlow(str((data or {}).get("entry_id", "")))


__all__ = [
    "DailyLimitFlow",
    "async_clear_limit_issue",
    "async_create_fix_flow",
    "async_setup_entry_guard",
    "entry_limits",
    "limit_issue_id",
    "limit_issue_listener",
]
