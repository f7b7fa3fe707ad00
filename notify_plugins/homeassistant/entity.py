"""One notify entity per recipient subentry: ``notify.send_message`` texts that number.

The entity is the main entity of the recipient's own device (:mod:`.devices`), named after
the recipient (``Mum``), and reached through the account's device. Its entity id names the
account as well (:func:`suggested_object_id`): ``notify.prosms_se_homealarm_mum`` for Mum
on ``ProSMS.se HomeAlarm``; an entity id once given stays (the registry keeps it by unique
id), whatever is renamed later. The same name is the recipient's legacy notify action
(:mod:`.recipient_services`). A ``title`` becomes the first line of the text, as SMS has
no subject. Failures raise exactly as the YAML service does (:mod:`.errors`), with the
re-authentication remedy for refused keys.

Where Home Assistant lets an integration record a notification it sent itself (2025.10 and
later), the entity's state shows the time of the last SMS the account got through to its
number, whichever action sent it (``notify.send_message``, ``<domain>.send_sms`` or the
recipient's own notify action).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from homeassistant.components.notify import NotifyEntity, NotifyEntityFeature
from homeassistant.components.notify.const import DOMAIN as NOTIFY_DOMAIN
from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceEntry
from homeassistant.util import slugify

from ..providers.base import Provider
from ..results import SendResult
from .const import CONF_NUMBER
from .devices import recipient_device_info
from .errors import ServiceIdentity, describe_credentials
from .runtime import SmsConfigEntry

RECORDS_NOTIFICATIONS: Final = hasattr(NotifyEntity, "_async_record_notification")
"""Whether this Home Assistant lets an integration record a send on a notify entity's state."""


def ui_identity(provider: type[Provider], service: str) -> ServiceIdentity:
    """Who failed, for error texts of a UI-configured account: ``service`` is the entity id,
    the action or the entry title; the remedy for refused keys is re-authentication."""
    return ServiceIdentity(
        domain=provider.key,
        service=service,
        provider=provider.name,
        credentials=describe_credentials(provider),
        configured_in_ui=True,
    )


def entry_identity(entry: SmsConfigEntry, service: str) -> ServiceIdentity:
    """:func:`ui_identity` for the provider of a loaded entry."""
    return ui_identity(type(entry.runtime_data.provider), service)


def recipient_unique_id(entry: SmsConfigEntry, subentry_id: str) -> str:
    """The notify entity's unique id, the key by which the registry keeps its entity id."""
    return f"{entry.entry_id}_{subentry_id}"


def suggested_object_id(entry: SmsConfigEntry, subentry: ConfigSubentry) -> str:
    """The account title and the recipient name, as Home Assistant writes entity ids:
    ``ProSMS.se HomeAlarm`` and ``Mum`` give ``prosms_se_homealarm_mum``. Only a new entity
    takes it; one already registered keeps its id."""
    return slugify(f"{entry.title} {subentry.title}")


def recipient_number(subentry: ConfigSubentry) -> str:
    """The recipient's number, international digits without ``+``."""
    number: str = subentry.data[CONF_NUMBER]
    return number


class SmsRecipientEntity(NotifyEntity):
    """Sends to the one number of its recipient subentry."""

    _attr_has_entity_name = True
    _attr_supported_features = NotifyEntityFeature.TITLE

    def __init__(self, entry: SmsConfigEntry, subentry: ConfigSubentry, account_device: DeviceEntry) -> None:
        self._entry = entry
        self._number = recipient_number(subentry)
        self._sending = 0
        self._attr_name = None  # the recipient's device's main entity, named after it
        self._attr_unique_id = recipient_unique_id(entry, subentry.subentry_id)
        self._attr_device_info = recipient_device_info(entry, subentry, account_device)
        self.entity_id = f"{NOTIFY_DOMAIN}.{suggested_object_id(entry, subentry)}"

    async def async_added_to_hass(self) -> None:
        await super().async_added_to_hass()
        if RECORDS_NOTIFICATIONS:
            self.async_on_remove(self._entry.runtime_data.async_add_result_listener(self._observe))

    @callback
    def _observe(self, result: SendResult) -> None:
        """Record a send of the account that reached this number; Home Assistant records
        the entity's own sends itself."""
        if self._sending or not any(accepted.number == self._number for accepted in result.accepted):
            return
        record: Callable[[], None] = getattr(self, "_async_record_notification")  # noqa: B009  # 2025.10+
        record()

    async def async_send_message(self, message: str, title: str | None = None) -> None:
        """Send, and raise unless the recipient accepted the SMS."""
        self._sending += 1
        try:
            identity = entry_identity(self._entry, self.entity_id)
            await self._entry.runtime_data.async_send_text(identity, message, [self._number], title=title)
        finally:
            self._sending -= 1
