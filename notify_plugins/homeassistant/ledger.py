"""The spend guard's ledger in Home Assistant: in memory on the event loop, saved by a ``Store``.

Every send runs on Home Assistant's event loop, and :meth:`HassLedger.update` changes the
ledger without awaiting anything, so no two sends can interleave between reading the count
and adding to it: twelve sends started at once under a limit of five send exactly five.
Each change is saved to ``.storage/<domain>.spend.<id>`` a few seconds later (Home Assistant
writes pending saves when it stops), so counts and the repeat memory survive restarts. One
:class:`HassLedger` per key lives in ``hass.data`` for as long as Home Assistant runs, so a
reload (new options, a recipient added) keeps it without reading the file again.

A config entry's ledger is keyed by the entry, which survives new credentials; a YAML
platform has no entry, so its ledger is keyed by the account (the digest of its credentials)
and sender, as Apprise's is.

Stored state that cannot be read: Home Assistant itself moves a file that is no JSON aside
and raises a repair about it; anything else unreadable is logged here. Either way the
ledger starts empty and sending goes on (:mod:`notify_plugins.guard`).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from ..guard import Ledger, SpendGuard, SpendLimits, unreadable_warning
from .listeners import subscribe

_LOGGER = logging.getLogger(__name__)
T = TypeVar("T")

STORAGE_VERSION = 1
SAVE_DELAY = 5
"""Seconds between a change and its save: a burst of sends is written once."""

DATA_LEDGERS: HassKey[dict[str, HassLedger]] = HassKey("notify_plugins_spend_ledgers")

LedgerListener = Callable[[Ledger], None]


def entry_ledger_key(domain: str, entry_id: str) -> str:
    return f"{domain}.spend.{entry_id}"


def platform_ledger_key(domain: str, account_id: str, sender: str) -> str:
    sender_digest = hashlib.sha256(sender.encode()).hexdigest()[:16]
    return f"{domain}.spend.yaml_{account_id}_{sender_digest}"


class HassLedger:
    """One account's :class:`~notify_plugins.guard.Ledger`, the guard's ``LedgerStorage``."""

    def __init__(self, hass: HomeAssistant, key: str) -> None:
        self.hass = hass
        self.key = key
        self.ledger = Ledger()
        self._store: Store[dict[str, Any]] = Store(hass, STORAGE_VERSION, key, private=True)
        self._listeners: list[LedgerListener] = []
        self._save_pending = False

    async def async_load(self) -> None:
        """Read the stored ledger; an unreadable one leaves it empty, with a warning."""
        try:
            self.ledger = Ledger.from_data(await self._store.async_load())
        except (HomeAssistantError, OSError, ValueError) as err:
            _LOGGER.warning("%s", unreadable_warning(self._store.path, err))
            self.ledger = Ledger()

    async def async_remove(self) -> None:
        """Delete the stored ledger; a save still pending is dropped, not written after."""
        await self._store.async_remove()

    def update(self, change: Callable[[Ledger], T]) -> T:
        """Apply ``change`` (on the event loop), schedule the save and tell the listeners.

        One save is scheduled per burst of changes: it writes the ledger as it is then, and
        a change after it schedules the next.
        """
        outcome = change(self.ledger)
        if not self._save_pending:
            self._save_pending = True
            self._store.async_delay_save(self._data_to_save, SAVE_DELAY)
        for listener in tuple(self._listeners):
            listener(self.ledger)
        return outcome

    def _data_to_save(self) -> dict[str, Any]:
        self._save_pending = False
        return self.ledger.to_data()

    @callback
    def async_roll(self) -> None:
        """Start today's counts, if they are not yet (at local midnight)."""
        today = dt_util.now().date().isoformat()
        if self.ledger.day != today:
            self.update(lambda ledger: ledger.roll(today))

    def today(self) -> Ledger:
        """Today's counts: empty while the ledger still holds another day's."""
        day = dt_util.now().date().isoformat()
        return self.ledger if self.ledger.day == day else Ledger(day)

    def async_add_listener(self, listener: LedgerListener) -> Callable[[], None]:
        """Call ``listener`` after every change; returns the function that stops it."""
        return subscribe(self._listeners, listener)


def _now() -> float:
    """Seconds since the epoch, read when called (so a test's frozen clock applies)."""
    return time.time()


def hass_guard(limits: SpendLimits, ledger: HassLedger) -> SpendGuard:
    """The guard over ``ledger`` on Home Assistant's clock: days in its time zone."""
    return SpendGuard(limits, ledger, clock=_now, zone=dt_util.get_default_time_zone)


async def async_get_ledger(hass: HomeAssistant, key: str) -> HassLedger:
    """The ledger of ``key``, read from storage the first time it is asked for."""
    ledgers = hass.data.setdefault(DATA_LEDGERS, {})
    if key not in ledgers:
        ledger = HassLedger(hass, key)
        await ledger.async_load()
        ledgers.setdefault(key, ledger)
    return ledgers[key]


async def async_remove_ledger(hass: HomeAssistant, key: str) -> None:
    """Forget the ledger of ``key`` and delete its file, a save still pending included
    (a deleted config entry leaves nothing behind)."""
    ledger = hass.data.setdefault(DATA_LEDGERS, {}).pop(key, None) or HassLedger(hass, key)
    await ledger.async_remove()


__all__ = [
    "HassLedger",
    "async_get_ledger",
    "async_remove_ledger",
    "entry_ledger_key",
    "hass_guard",
    "platform_ledger_key",
]
