"""The integration actions: ``<domain>.send_sms`` and, where the provider can only be
polled, ``<domain>.delivery_status``.

``send_sms`` takes ``message``, Home Assistant's standard ``target`` (recipient entities,
or devices, areas, floors and labels, resolved to the account's recipients: "everyone
labelled Family" is ``target: {label_id: family}``; ``entity_id: all`` is every recipient
of the account) and/or ``numbers``, an optional ``sender`` and ``reference``, and an
optional ``config_entry_id``. ``entities`` (recipient entities) and ``recipients``
(numbers and recipient entities in one list) are the names these fields had first; they
keep working as aliases, so automations written with them need no change. A target that
holds no recipient of the account is refused rather than ignored, and an entity named
directly must be one of its recipients; entities a device, area or label brings along
that are not recipients (its event entity, a lamp in the same area) are left out.
Without ``config_entry_id``, the account is the one the targeted recipients belong to,
or the only loaded account. Errors are those of the YAML service (:mod:`.errors`): bad
input raises ``ServiceValidationError`` before anything is sent, and anything the
provider did not accept raises ``HomeAssistantError`` naming the failed recipients, so a
partial failure never passes for success. When the caller asks for the response
(``response_variable``), a successful send answers per recipient with its status, the
provider's message id, the parts and the cost where the provider reports them.

``delivery_status`` asks the provider what became of a message: ProSMS.se / SMS.dk read
their send log (``listlog``) by the message id (the ``batchId``), the white-label gateway
looks up ``dlr.php`` by recipient and message id (its ``ref``). The other providers report
delivery by calling back, so the action is not registered for them.

Both are registered once in ``async_setup`` (not per entry), so automations that use them
validate even while an account is not loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import voluptuous as vol
from homeassistant.components.notify.const import DOMAIN as NOTIFY_DOMAIN
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_SENDER
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import entity_registry as er

from ..delivery import DeliveryReport
from ..errors import NotifyError, ValidationError
from ..providers.base import Provider
from ..results import RecipientResult
from ..validation import normalize_number
from .config import default_country, recipient_subentries
from .const import SUBENTRY_RECIPIENT
from .entity import entry_identity, recipient_number, ui_identity
from .errors import ServiceIdentity, invalid_message, service_error
from .runtime import SmsConfigEntry
from .service import split_targets
from .targets import describe_target, resolve_target

SERVICE_SEND_SMS = "send_sms"
SERVICE_DELIVERY_STATUS = "delivery_status"

ATTR_CONFIG_ENTRY_ID = "config_entry_id"
ATTR_MESSAGE = "message"
ATTR_NUMBERS = "numbers"
ATTR_RECIPIENTS = "recipients"
"""Alias: numbers and recipient entities in one list (the field's first name)."""
ATTR_ENTITIES = "entities"
"""Alias of ``target: {entity_id: ...}`` (the field's first name)."""
ALIASES: tuple[str, ...] = (ATTR_ENTITIES, ATTR_RECIPIENTS)
ATTR_REFERENCE = "reference"
ATTR_MESSAGE_ID = "message_id"
ATTR_RECIPIENT = "recipient"

SEND_SMS_SCHEMA = vol.Schema(
    {
        vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Required(ATTR_MESSAGE): cv.string,
        vol.Optional(ATTR_NUMBERS, default=[]): vol.All(cv.ensure_list, [cv.string]),
        vol.Optional(CONF_SENDER): cv.string,
        vol.Optional(ATTR_REFERENCE): cv.string,
        vol.Optional(ATTR_ENTITIES, default=[]): cv.entity_ids,
        vol.Optional(ATTR_RECIPIENTS, default=[]): vol.All(cv.ensure_list, [cv.string]),
        **cv.ENTITY_SERVICE_FIELDS,
    }
)

DELIVERY_STATUS_SCHEMA = vol.Schema(
    {
        vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Required(ATTR_MESSAGE_ID): cv.string,
        vol.Optional(ATTR_RECIPIENT): cv.string,
    }
)


def _international(number: str | None) -> str | None:
    return None if number is None else f"+{number}"


def recipient_data(result: RecipientResult) -> dict[str, Any]:
    """One recipient of the response: what the provider said about it."""
    return {
        "number": _international(result.number),
        "status": str(result.status),
        "message_id": result.message_id,
        "parts": result.parts,
        "cost": result.cost,
        "code": result.code,
        "reason": result.reason,
    }


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def report_data(report: DeliveryReport) -> dict[str, Any]:
    """One delivery report of the response."""
    return {
        "number": _international(report.recipient),
        "status": str(report.status),
        "final": report.status.final,
        "message_id": report.message_id,
        "reason_code": report.reason_code,
        "reason": report.reason,
        "reference": report.reference,
        "sent_at": _time(report.sent_at),
        "status_at": _time(report.status_at),
        "cost": report.cost,
    }


def _is_entity(item: str) -> bool:
    """Whether an item of ``recipients`` is a notify entity rather than a number."""
    return item.startswith(f"{NOTIFY_DOMAIN}.")


def _check_typed_numbers(identity: ServiceIdentity, typed: Sequence[str], country: str | None) -> None:
    """Refuse the first number the user typed that is none, naming it as typed.

    The core masks numbers in its messages, for logs; this error goes back to the form or
    the automation the number was typed into, and with several recipients only the number
    itself tells which one is wrong.
    """
    for item in typed:
        try:
            normalize_number(item, country)
        except ValidationError as err:
            raise service_error(
                ServiceValidationError, identity, "invalid_message", reason=f'"{item}" {err.rule}'
            ) from None


class SmsActions:
    """The actions of one integration, bound to its domain and provider class."""

    def __init__(self, domain: str, provider: type[Provider]) -> None:
        self.domain = domain
        self.provider = provider

    @callback
    def async_register(self, hass: HomeAssistant) -> None:
        async def send_sms(call: ServiceCall) -> ServiceResponse:
            return await self.async_send_sms(hass, call)

        hass.services.async_register(
            self.domain, SERVICE_SEND_SMS, send_sms, schema=SEND_SMS_SCHEMA, supports_response=SupportsResponse.OPTIONAL
        )
        if self.provider.supports_delivery_status:

            async def delivery_status(call: ServiceCall) -> ServiceResponse:
                return await self.async_delivery_status(hass, call)

            hass.services.async_register(
                self.domain,
                SERVICE_DELIVERY_STATUS,
                delivery_status,
                schema=DELIVERY_STATUS_SCHEMA,
                supports_response=SupportsResponse.OPTIONAL,
            )

    def _identity(self, action: str) -> ServiceIdentity:
        return ui_identity(self.provider, f"{self.domain}.{action}")

    # -- which account -------------------------------------------------------------------

    def _entry(self, hass: HomeAssistant, action: str, entry_id: str | None, hinted: Sequence[str]) -> SmsConfigEntry:
        """The loaded entry to act for: the one named, else the one the recipient entities
        belong to, else the only one."""
        identity = self._identity(action)
        if entry_id is None:
            candidates = set(hinted) or {e.entry_id for e in hass.config_entries.async_loaded_entries(self.domain)}
            if not candidates:
                raise service_error(ServiceValidationError, identity, "no_account")
            if len(candidates) > 1:
                raise service_error(ServiceValidationError, identity, "choose_account")
            (entry_id,) = candidates
        entry = hass.config_entries.async_get_entry(entry_id)
        if entry is None or entry.domain != self.domain or entry.state is not ConfigEntryState.LOADED:
            raise service_error(ServiceValidationError, identity, "account_not_loaded", entry=entry_id)
        return entry

    def _recipient(self, hass: HomeAssistant, entity_id: str) -> tuple[str, str] | None:
        """(entry id, number) when ``entity_id`` is a recipient's notify entity of this
        integration, else None."""
        registered = er.async_get(hass).async_get(entity_id)
        if registered is None or registered.domain != NOTIFY_DOMAIN:
            return None
        entry = hass.config_entries.async_get_entry(registered.config_entry_id or "")
        if entry is None or entry.domain != self.domain:
            return None
        subentry = entry.subentries.get(registered.config_subentry_id or "")
        if subentry is None or subentry.subentry_type != SUBENTRY_RECIPIENT:
            return None
        return entry.entry_id, recipient_number(subentry)

    def _named(
        self, hass: HomeAssistant, identity: ServiceIdentity, entity_ids: Sequence[str]
    ) -> dict[str, tuple[str, str]]:
        """entity id -> (entry id, number) for entities named one by one: each must be a recipient."""
        found: dict[str, tuple[str, str]] = {}
        for entity_id in entity_ids:
            if (recipient := self._recipient(hass, entity_id)) is None:
                raise service_error(ServiceValidationError, identity, "not_a_recipient", entity=entity_id)
            found[entity_id] = recipient
        return found

    # -- send_sms ------------------------------------------------------------------------

    async def async_send_sms(self, hass: HomeAssistant, call: ServiceCall) -> ServiceResponse:
        identity = self._identity(SERVICE_SEND_SMS)
        aliased = split_targets(call.data[ATTR_RECIPIENTS])
        typed = [*split_targets(call.data[ATTR_NUMBERS]), *(item for item in aliased if not _is_entity(item))]
        target = resolve_target(hass, call)
        named_ids = [*call.data[ATTR_ENTITIES], *(item for item in aliased if _is_entity(item)), *target.direct]
        if not (typed or named_ids or target.given):
            raise service_error(ServiceValidationError, identity, "no_recipients")
        named = self._named(hass, identity, list(dict.fromkeys(named_ids)))
        brought = {eid: found for eid in target.indirect if (found := self._recipient(hass, eid)) is not None}
        hinted = {entry_id for entry_id, _ in (*named.values(), *brought.values())}
        entry = self._entry(hass, SERVICE_SEND_SMS, call.data.get(ATTR_CONFIG_ENTRY_ID), sorted(hinted))
        if stray := next((eid for eid, (entry_id, _) in named.items() if entry_id != entry.entry_id), None):
            raise service_error(ServiceValidationError, identity, "not_a_recipient", entity=stray)
        identity = entry_identity(entry, identity.service)
        from_target = [number for eid, (_, number) in named.items() if eid in target.direct]
        from_target += [number for entry_id, number in brought.values() if entry_id == entry.entry_id]
        if target.everyone:
            from_target += [recipient_number(sub) for sub in recipient_subentries(entry)]
        if target.given and not from_target:
            described = describe_target(hass, call.data)
            raise service_error(ServiceValidationError, identity, "no_recipient_targeted", targets=described)
        from_aliases = [number for eid, (_, number) in named.items() if eid not in target.direct]
        _check_typed_numbers(identity, typed, default_country(entry))
        result = await entry.runtime_data.async_send_text(
            identity,
            call.data[ATTR_MESSAGE],
            [*from_aliases, *from_target, *typed],
            sender=call.data.get(CONF_SENDER),
            reference=call.data.get(ATTR_REFERENCE),
        )
        if not call.return_response:
            return None
        return {
            "provider": result.provider,
            "recipients": [recipient_data(r) for r in result.results],
        }

    # -- delivery_status -----------------------------------------------------------------

    async def async_delivery_status(self, hass: HomeAssistant, call: ServiceCall) -> ServiceResponse:
        entry = self._entry(hass, SERVICE_DELIVERY_STATUS, call.data.get(ATTR_CONFIG_ENTRY_ID), ())
        identity = entry_identity(entry, f"{self.domain}.{SERVICE_DELIVERY_STATUS}")
        try:
            reports = await self._lookup(identity, entry, call.data[ATTR_MESSAGE_ID], call.data.get(ATTR_RECIPIENT))
        except ValidationError as err:
            raise invalid_message(identity, err) from None
        except NotifyError as err:
            raise service_error(HomeAssistantError, identity, "status_failed", reason=str(err)) from None
        return {"reports": [report_data(report) for report in reports]} if call.return_response else None

    async def _lookup(
        self, identity: ServiceIdentity, entry: SmsConfigEntry, message_id: str, recipient: str | None
    ) -> tuple[DeliveryReport, ...]:
        """The provider's reports for a message (raises the library's errors)."""
        client = entry.runtime_data.client
        provider = client.provider
        if not provider.supports_delivery_status:
            raise service_error(ServiceValidationError, identity, "status_unsupported")
        number = None
        if provider.delivery_status_needs_recipient:
            if not recipient:
                raise service_error(ServiceValidationError, identity, "status_needs_recipient")
            number = normalize_number(recipient, default_country(entry))
        return await client.call(provider.delivery_status(message_id, number))
