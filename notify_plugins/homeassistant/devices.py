"""The devices of a UI-configured account: one for the account, one per recipient.

Since Home Assistant 2026.8 a device belongs to at most one config subentry, and the
entity registry removes entities whose subentry differs from their device's. So the
account's service device (no subentry) carries only the account-level sensors, and each
recipient (a config subentry) has a device of its own in that subentry, linked to the
account's device as its ``via_device``. Home Assistant removes a recipient's device with
its subentry; :func:`async_remove_stale_devices` removes whatever else no longer
belongs to the entry (devices of recipients removed while the entry was not loaded, and
the account device's recipient links from releases that shared it).

The via link is written the way the running release wants it: ``via_device_id`` where
:class:`DeviceInfo` has it (``via_device``, an identifier, is deprecated there), the
account's identifier as ``via_device`` before.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceEntry, DeviceEntryType, DeviceInfo

from .runtime import SmsConfigEntry

VIA_DEVICE_ID = "via_device_id" in DeviceInfo.__optional_keys__
"""Whether this Home Assistant links a device to its parent by the parent's device id."""

ONE_SUBENTRY_PER_DEVICE = hasattr(DeviceEntry, "config_subentry_id")
"""Whether a device has one config subentry (2026.8 and later) rather than a set of them."""


ACCOUNT_MODEL = "SMS account"
"""The account device's model, as the device page shows it (the provider is its manufacturer)."""

RECIPIENT_MODEL = "Recipient"
"""A recipient device's model: ``send_sms`` offers only these devices as targets."""


def account_identifier(entry: SmsConfigEntry) -> tuple[str, str]:
    return (entry.domain, entry.entry_id)


def recipient_identifier(entry: SmsConfigEntry, subentry_id: str) -> tuple[str, str]:
    return (entry.domain, f"{entry.entry_id}_{subentry_id}")


def account_device_info(entry: SmsConfigEntry) -> DeviceInfo:
    """The account as a service device, for the entry's account-level entities."""
    provider = entry.runtime_data.provider
    return DeviceInfo(
        identifiers={account_identifier(entry)},
        name=entry.title,
        manufacturer=provider.name,
        model=ACCOUNT_MODEL,
        entry_type=DeviceEntryType.SERVICE,
    )


@callback
def async_register_account_device(hass: HomeAssistant, entry: SmsConfigEntry) -> DeviceEntry:
    """The account device, registered if it is not yet: recipient devices name it as their
    via device, which must exist before them, whichever platform loads first."""
    return dr.async_get(hass).async_get_or_create(config_entry_id=entry.entry_id, **account_device_info(entry))


def recipient_device_info(entry: SmsConfigEntry, subentry: ConfigSubentry, account: DeviceEntry) -> DeviceInfo:
    """The recipient's own service device, reached through the account's device.

    Named after the recipient alone (``Mum``): its page and the account's list of connected
    devices then show who it is, where ``ProSMS.se HomeAlarm Mum`` was cut off before the
    name. The account shows as the device it is connected via. Entity ids keep naming the
    account as well (:func:`.entity.suggested_object_id`).
    """
    via: dict[str, Any] = {"via_device_id": account.id} if VIA_DEVICE_ID else {"via_device": account_identifier(entry)}
    info: DeviceInfo = DeviceInfo(
        identifiers={recipient_identifier(entry, subentry.subentry_id)},
        name=subentry.title,
        manufacturer=entry.runtime_data.provider.name,
        model=RECIPIENT_MODEL,
        entry_type=DeviceEntryType.SERVICE,
        **via,  # type: ignore[typeddict-item]  # the via key differs between releases
    )
    return info


@callback
def async_remove_stale_devices(hass: HomeAssistant, entry: SmsConfigEntry) -> None:
    """Remove the entry's devices that are neither the account nor a current recipient,
    and keep the account device out of the recipients' subentries."""
    registry = dr.async_get(hass)
    wanted = {account_identifier(entry)} | {recipient_identifier(entry, sub_id) for sub_id in entry.subentries}
    for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
        if not device.identifiers & wanted:
            registry.async_remove_device(device.id)
        elif account_identifier(entry) in device.identifiers:
            _async_detach_from_recipients(registry, entry, device)


def _async_detach_from_recipients(registry: dr.DeviceRegistry, entry: SmsConfigEntry, device: DeviceEntry) -> None:
    """The account device belongs to no subentry; releases before this one added it to
    every recipient's subentry, as it carried their notify entities."""
    update: Any = registry.async_update_device  # its keywords differ between releases
    if ONE_SUBENTRY_PER_DEVICE:
        if getattr(device, "config_subentry_id", None) is not None:
            update(device.id, new_config_subentry_id=None)
        return
    for subentry_id in device.config_entries_subentries.get(entry.entry_id, set()) - {None}:
        update(device.id, remove_config_entry_id=entry.entry_id, remove_config_subentry_id=subentry_id)
