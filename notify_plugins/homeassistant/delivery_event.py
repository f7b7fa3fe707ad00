"""Delivery reports as an event entity per recipient: ``event.<recipient>_delivery_report``.

Home Assistant's developer documentation puts notifications that arrive from outside in
event entities. Where the provider calls back (:mod:`.webhook`), each recipient's device
has one, whose event types are the outcomes of a message to that number:

* ``delivered``: the network delivered it;
* ``failed``: the provider or the network gave up on it;
* ``expired``: it was not delivered in time, as the provider's code or reason says
  (ProSMS.se and SMS.dk ``dlrStatus`` 4 "Expired", a status such as ``EXPIRED``);
* ``unknown``: the provider reported a state nobody can read as an outcome.

A report that the message is still on its way (``pending``: buffered, sent on) is no
outcome, so it fires none; the ``<domain>_delivery_report`` bus event still carries every
report, for automations written before the entities. Each event has the provider's
``message_id``, its status code (``reason_code``) and ``reason``, the message's
``reference`` and ``status_at``, when the provider says the status came about. Never a
number: the entity is the recipient.

The webhook hands each report to :func:`async_dispatch_report`; the entities of the entry
listen on its signal and keep those for their own number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from homeassistant.components.event import EventEntity
from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceEntry
from homeassistant.helpers.dispatcher import async_dispatcher_connect, async_dispatcher_send

from ..delivery import DeliveryReport, DeliveryState
from .devices import recipient_device_info
from .entity import recipient_number, recipient_unique_id, suggested_object_id
from .runtime import SmsConfigEntry

DELIVERED: Final = "delivered"
FAILED: Final = "failed"
EXPIRED: Final = "expired"
UNKNOWN: Final = "unknown"
EVENT_TYPES: tuple[str, ...] = (DELIVERED, FAILED, EXPIRED, UNKNOWN)

KEY: Final = "delivery_report"
"""The entity's translation key and the end of its unique id and entity id."""

ATTRIBUTES: tuple[str, ...] = ("message_id", "reason_code", "reason", "reference", "status_at")
"""What each event carries besides its type."""

_OUTCOMES: Mapping[DeliveryState, str] = MappingProxyType(
    {DeliveryState.DELIVERED: DELIVERED, DeliveryState.FAILED: FAILED, DeliveryState.UNKNOWN: UNKNOWN}
)


def report_event_type(report: DeliveryReport) -> str | None:
    """The event a report fires: its outcome, ``expired`` where the provider says so, or
    None for a message still on its way."""
    outcome = _OUTCOMES.get(report.status)
    if outcome is None or outcome == DELIVERED:
        return outcome
    said = " ".join(part for part in (report.reason_code, report.reason) if part).casefold()
    return EXPIRED if "expire" in said else outcome


def report_attributes(report: DeliveryReport) -> dict[str, str | None]:
    """The event's data: the provider's ids, code and time; no number."""
    return {
        "message_id": report.message_id,
        "reason_code": report.reason_code,
        "reason": report.reason,
        "reference": report.reference,
        "status_at": None if report.status_at is None else report.status_at.isoformat(),
    }


def _digits(number: str | None) -> str:
    """International digits, whether the provider wrote ``+46…``, ``0046…`` or ``46…``."""
    digits = re.sub(r"\D", "", number or "")
    return digits.removeprefix("00")


def delivery_signal(entry_id: str) -> str:
    """The dispatcher signal that carries the entry's delivery reports to its entities."""
    return f"notify_plugins_delivery_report_{entry_id}"


@callback
def async_dispatch_report(hass: HomeAssistant, entry_id: str, report: DeliveryReport) -> None:
    """Hand a report the entry's webhook received to the entry's event entities."""
    async_dispatcher_send(hass, delivery_signal(entry_id), report)


class DeliveryReportEvent(EventEntity):
    """The delivery reports for one recipient's number."""

    _attr_has_entity_name = True
    _attr_translation_key = KEY

    def __init__(self, entry: SmsConfigEntry, subentry: ConfigSubentry, account_device: DeviceEntry) -> None:
        self._entry_id = entry.entry_id
        self._attr_event_types = list(EVENT_TYPES)
        self._number = recipient_number(subentry)
        self._attr_unique_id = f"{recipient_unique_id(entry, subentry.subentry_id)}_{KEY}"
        self._attr_device_info = recipient_device_info(entry, subentry, account_device)
        self.entity_id = f"event.{suggested_object_id(entry, subentry)}_{KEY}"

    async def async_added_to_hass(self) -> None:
        await super().async_added_to_hass()
        self.async_on_remove(async_dispatcher_connect(self.hass, delivery_signal(self._entry_id), self._received))

    @callback
    def _received(self, report: DeliveryReport) -> None:
        if _digits(report.recipient) != self._number:
            return
        if (event_type := report_event_type(report)) is None:
            return
        self._trigger_event(event_type, report_attributes(report))
        self.async_write_ha_state()


ENGLISH: Mapping[str, Any] = MappingProxyType(
    {
        "entity": {
            "event": {
                KEY: {
                    "name": "Delivery report",
                    "state_attributes": {
                        "event_type": {
                            "state": {
                                DELIVERED: "Delivered",
                                FAILED: "Failed",
                                EXPIRED: "Expired",
                                UNKNOWN: "Unknown",
                            }
                        },
                        "message_id": {"name": "Message id"},
                        "reason_code": {"name": "Status code"},
                        "reason": {"name": "Reason"},
                        "reference": {"name": "Reference"},
                        "status_at": {"name": "Status time"},
                    },
                }
            }
        }
    }
)
"""The event entity's texts in ``en.json`` (integrations whose provider calls back); each
integration's other language is translated in its own translation file."""
