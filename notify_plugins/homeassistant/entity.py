"""One notify entity per recipient subentry: ``notify.send_message`` texts that number.

The entity belongs to the recipient's own device (:mod:`.devices`), reached through the
account's device, and bears that device's name (account and recipient), so
``notify.send_message`` on ``notify.prosms_se_mum`` reaches Mum. A ``title``
becomes the first line of the text, as SMS has no subject. Failures raise exactly as the
YAML service does (:mod:`.errors`), with the re-authentication remedy for refused keys.
"""

from __future__ import annotations

from homeassistant.components.notify import NotifyEntity, NotifyEntityFeature
from homeassistant.config_entries import ConfigSubentry
from homeassistant.helpers.device_registry import DeviceEntry

from ..errors import ValidationError
from ..providers.base import Provider
from .devices import recipient_device_info
from .errors import ServiceIdentity, invalid_message, send_error
from .flow import CONF_NUMBER
from .platform import describe_credentials
from .runtime import SmsConfigEntry


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


class SmsRecipientEntity(NotifyEntity):
    """Sends to the one number of its recipient subentry."""

    _attr_has_entity_name = True
    _attr_supported_features = NotifyEntityFeature.TITLE

    def __init__(self, entry: SmsConfigEntry, subentry: ConfigSubentry, account_device: DeviceEntry) -> None:
        self._entry = entry
        self._number: str = subentry.data[CONF_NUMBER]
        self._attr_name = None  # the recipient's device's main entity, named after it
        self._attr_unique_id = f"{entry.entry_id}_{subentry.subentry_id}"
        self._attr_device_info = recipient_device_info(entry, subentry, account_device)

    async def async_send_message(self, message: str, title: str | None = None) -> None:
        """Send, and raise unless the recipient accepted the SMS."""
        runtime = self._entry.runtime_data
        identity = entry_identity(self._entry, self.entity_id)
        try:
            sms = runtime.client.message(message, [self._number], sender=runtime.sender, title=title)
        except ValidationError as err:
            raise invalid_message(identity, err) from None
        result = await runtime.async_send(sms)
        if (error := send_error(identity, result)) is not None:
            raise error
