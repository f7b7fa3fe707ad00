"""The account's credit, polled for the credit sensor and the credit repairs issue.

Credit changes only when messages are sent or the account is topped up, so half an hour
between reads is plenty and costs the provider nothing noticeable. A refused key asks the
user to re-authenticate (``ConfigEntryAuthFailed``); anything else leaves the sensor
unavailable until the next read (``UpdateFailed``, translated). Providers without a
balance call (Spryng's Simple API, the white-label gateway) get no coordinator: the
provider's ``supports_balance``, in its configured mode, tells.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from types import MappingProxyType
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from ..client import AsyncSmsClient
from ..errors import AuthenticationError, NotifyError
from ..providers.base import Balance
from .errors import translated_error
from .repairs import async_observe_balance

_LOGGER = logging.getLogger(__name__)

UPDATE_INTERVAL: Final = timedelta(minutes=30)

UPDATE_FAILED: Final = "credit_update_failed"
AUTH_FAILED: Final = "credit_auth_failed"

EXCEPTIONS: Mapping[str, str] = MappingProxyType(
    {
        UPDATE_FAILED: "Could not read the {provider} credit: {reason}",
        AUTH_FAILED: "{provider} refused the credentials while reading the credit: {reason}",
    }
)
"""Exception key -> English text with ``{provider}`` and ``{reason}``: the message of the
error raised, and its text in ``en.json``."""

ENGLISH: Mapping[str, Any] = MappingProxyType(
    {"exceptions": {key: {"message": text} for key, text in EXCEPTIONS.items()}}
)
"""This module's part of ``en.json``; each integration's other language is translated in its
own translation file."""


class CreditCoordinator(DataUpdateCoordinator[Balance]):
    """Reads the balance of one config entry's account every :data:`UPDATE_INTERVAL`."""

    config_entry: ConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        client: AsyncSmsClient,
        *,
        update_interval: timedelta = UPDATE_INTERVAL,
    ) -> None:
        if not client.provider.supports_balance:
            raise ValueError(f"{client.provider.name} has no balance call to poll")
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            name=f"{entry.domain} credit",
            update_interval=update_interval,
        )
        self.client = client

    @callback
    def async_start_from(self, balance: Balance) -> None:
        """Take a balance read moments ago (by the account check) as the first data."""
        async_observe_balance(self.hass, self.config_entry, self.client.provider.name, balance)
        self.async_set_updated_data(balance)

    async def _async_update_data(self) -> Balance:
        provider = self.client.provider
        try:
            balance = await self.client.call(provider.balance())
        except AuthenticationError as err:
            raise self._error(ConfigEntryAuthFailed, AUTH_FAILED, err) from err
        except NotifyError as err:
            raise self._error(UpdateFailed, UPDATE_FAILED, err) from err
        async_observe_balance(self.hass, self.config_entry, provider.name, balance)
        return balance

    def _error(
        self, cls: type[ConfigEntryAuthFailed] | type[UpdateFailed], key: str, err: NotifyError
    ) -> ConfigEntryAuthFailed | UpdateFailed:
        placeholders = {"provider": self.client.provider.name, "reason": str(err)}
        return translated_error(cls, self.config_entry.domain, key, EXCEPTIONS, placeholders)


__all__ = ["ENGLISH", "EXCEPTIONS", "UPDATE_INTERVAL", "CreditCoordinator"]
