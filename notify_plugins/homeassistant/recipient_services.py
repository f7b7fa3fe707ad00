"""A ``notify.<name>`` action for each recipient of a UI-configured account.

``alert:``, YAML notify groups (``platform: group``), the notify MFA module
(``auth_mfa_modules: - type: notify``) and blueprints written against ``notify.<name>``
call legacy notify services by name, and none of them can reach a notify entity. So every
recipient also answers as a legacy notify service, provided the way Home Assistant has for
config entries (mobile_app and pushover do the same): the integration's ``async_setup``
loads its legacy ``notify`` platform by discovery (:func:`async_load_recipient_services`);
that platform's ``async_get_service`` answers with the domain's one
:class:`RecipientServices`, whose ``async_register_services`` Home Assistant's legacy
notify code calls (and :func:`homeassistant.components.notify.async_reload` again). Each
account adds its recipients when it has loaded and takes them away when it unloads, so a
recipient's action comes and goes with it and with the account, and is back after every
reload and restart.

**Name.** A recipient's action has the name of its notify entity: the entity
``notify.prosms_se_homealarm_mum`` is also the action ``notify.prosms_se_homealarm_mum``.
A new recipient's entity id is made of the account title and the recipient name
(:func:`.entity.suggested_object_id`). Renaming the recipient or the account changes
neither (alerts and MFA set-ups keep working); changing the entity's id in its settings
renames the action with it.

A name another service holds is never taken: ``notify.<domain>`` (the YAML platform's
default name), the name of every ``notify:`` platform in configuration.yaml, and any notify
action already registered; such a recipient goes without an action, with a warning that
says how to give it one.

**Calls** take ``message``, ``title`` (the first line of the text) and ``data`` (``sender``
for this call), and raise the errors of ``notify.send_message`` on the recipient's entity.
``target`` is refused: the action texts its recipient, nobody else (``<domain>.send_sms``
and the YAML platform take numbers).

Each YAML ``notify:`` service of the same domain is an object of its own that this never
touches. Hence no ``notify.async_reset_platform`` on unload: it removes every service of
the integration, YAML ones too, and stops notify discovery for every integration until the
notify component is set up again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final

from homeassistant.components.notify.const import (
    ATTR_DATA,
    ATTR_MESSAGE,
    ATTR_TARGET,
    ATTR_TITLE,
    NOTIFY_SERVICE_SCHEMA,
)
from homeassistant.components.notify.const import DOMAIN as NOTIFY_DOMAIN
from homeassistant.components.notify.legacy import BaseNotificationService
from homeassistant.config import config_per_platform
from homeassistant.const import CONF_NAME, Platform
from homeassistant.core import Event, HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import discovery
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.service import async_set_service_schema
from homeassistant.helpers.typing import ConfigType
from homeassistant.util import slugify
from homeassistant.util.hass_dict import HassKey

from ..providers.base import Provider
from .action import SERVICE_SEND_SMS
from .config import recipient_subentries
from .entity import (
    entry_identity,
    recipient_number,
    recipient_unique_id,
    suggested_object_id,
    ui_identity,
)
from .errors import service_error
from .runtime import SmsConfigEntry
from .service import checked_data

_LOGGER = logging.getLogger(__name__)

DISCOVERY_INFO: Mapping[str, Any] = MappingProxyType({"recipient_services": True})
"""What the integration's notify platform is discovered with: the UI recipients' actions
rather than a YAML platform."""

DATA_RECIPIENT_SERVICES: Final = HassKey[dict[str, "RecipientServices"]]("notify_plugins_recipient_services")
"""domain -> its :class:`RecipientServices`, made when the integration is set up."""


def yaml_service_names(config: ConfigType) -> set[str]:
    """The notify actions configuration.yaml's ``notify:`` platforms register (or will)."""
    names = {"notify"}
    for platform, platform_config in config_per_platform(config, NOTIFY_DOMAIN):
        name = platform_config.get(CONF_NAME) if isinstance(platform_config, Mapping) else None
        if isinstance(name or platform, str):
            names.add(slugify(str(name or platform)))
    return names


class RecipientServices(BaseNotificationService):
    """The legacy notify actions of every loaded account's recipients, of one domain."""

    def __init__(self, provider: type[Provider], reserved: Iterable[str]) -> None:
        self.provider = provider
        self.domain = provider.key
        self.reserved = frozenset({provider.key, *reserved})
        self._entries: dict[str, SmsConfigEntry] = {}
        self._served: dict[str, tuple[str, str]] = {}
        """Action name -> (entry id, subentry id) of the recipient it texts."""
        self._refused: set[str] = set()
        self._registered_by_notify = False

    @property
    def names(self) -> dict[str, tuple[str, str]]:
        """Action name (without ``notify.``) -> (entry id, subentry id), as registered now."""
        return dict(self._served)

    # -- called by Home Assistant's legacy notify code ------------------------------------

    async def async_register_services(self) -> None:
        """Register the recipients' actions (not an action of the platform's own: its default
        name would be ``notify.notify``)."""
        self._registered_by_notify = True
        self.async_update()

    async def async_unregister_services(self) -> None:
        """Remove every recipient's action (Home Assistant resetting the platform)."""
        for name in tuple(self._served):
            self._remove(name)

    # -- called by the accounts ------------------------------------------------------------

    @callback
    def async_add_entry(self, entry: SmsConfigEntry) -> None:
        """A loaded account: its recipients get their actions."""
        self._entries[entry.entry_id] = entry
        self.async_update()

    @callback
    def async_remove_entry(self, entry_id: str) -> None:
        """An account unloading: its recipients' actions go."""
        self._entries.pop(entry_id, None)
        self.async_update()

    @callback
    def async_update(self) -> None:
        """Register and remove actions until there is one per recipient of a loaded account."""
        if not self._registered_by_notify:
            return  # the notify platform is still being set up; it registers them all then
        wanted = self._wanted()
        for name, recipient in tuple(self._served.items()):
            if wanted.get(name) != recipient:
                self._remove(name)
        for name, recipient in wanted.items():
            if name not in self._served:
                self._register(name, recipient)

    @callback
    def async_entity_renamed(self, event: Event[er.EventEntityRegistryUpdatedData]) -> None:
        """A notify entity got another entity id: its recipient's action follows."""
        self.async_update()

    def _wanted(self) -> dict[str, tuple[str, str]]:
        registry = er.async_get(self.hass)
        wanted: dict[str, tuple[str, str]] = {}
        for entry in self._entries.values():
            for subentry in recipient_subentries(entry):
                subentry_id = subentry.subentry_id
                entity_id = registry.async_get_entity_id(
                    NOTIFY_DOMAIN, self.domain, recipient_unique_id(entry, subentry_id)
                )
                name = entity_id.split(".", 1)[1] if entity_id else suggested_object_id(entry, subentry)
                if self._taken(name, entity_id):
                    continue
                wanted.setdefault(name, (entry.entry_id, subentry_id))
        return wanted

    def _taken(self, name: str, entity_id: str | None) -> bool:
        """Whether another service holds ``name`` (warned about once)."""
        held = self.hass.services.has_service(NOTIFY_DOMAIN, name) and name not in self._served
        if name not in self.reserved and not held:
            self._refused.discard(name)
            return False
        if name not in self._refused:
            self._refused.add(name)
            _LOGGER.warning(
                "notify.%s already names another notify action, so the recipient %s has no action of its "
                "own; give its notify entity another entity id to have one",
                name,
                entity_id or "without an entity",
            )
        return True

    def _register(self, name: str, recipient: tuple[str, str]) -> None:
        entry = self._entries[recipient[0]]
        subentry = entry.subentries[recipient[1]]
        self._served[name] = recipient
        self.hass.services.async_register(NOTIFY_DOMAIN, name, self._async_call, schema=NOTIFY_SERVICE_SCHEMA)
        fields = {key: value for key, value in self.services_dict["notify"]["fields"].items() if key != ATTR_TARGET}
        async_set_service_schema(
            self.hass,
            NOTIFY_DOMAIN,
            name,
            {
                "name": f"Send an SMS to {subentry.title}",
                "description": (
                    f"Texts {subentry.title}, a recipient of the {entry.title} account; "
                    "change the recipient under that account's integration entry."
                ),
                "fields": fields,
            },
        )

    def _remove(self, name: str) -> None:
        del self._served[name]
        self.hass.services.async_remove(NOTIFY_DOMAIN, name)

    async def _async_call(self, call: ServiceCall) -> None:
        """Text the recipient the called action belongs to."""
        service = f"{NOTIFY_DOMAIN}.{call.service}"
        entry_id, subentry_id = self._served.get(call.service, ("-", "-"))
        entry = self._entries.get(entry_id)
        subentry = None if entry is None else entry.subentries.get(subentry_id)
        if entry is None or subentry is None:  # removed while the call was on its way
            identity = ui_identity(self.provider, service)
            raise service_error(ServiceValidationError, identity, "account_not_loaded", entry=entry_id)
        identity = entry_identity(entry, service)
        if call.data.get(ATTR_TARGET):
            raise service_error(
                ServiceValidationError, identity, "target_not_taken", action=f"{self.domain}.{SERVICE_SEND_SMS}"
            )
        data = checked_data(identity, call.data.get(ATTR_DATA))
        await entry.runtime_data.async_send_text(
            identity,
            call.data[ATTR_MESSAGE],
            [recipient_number(subentry)],
            title=call.data.get(ATTR_TITLE),
            sender=data.get("sender") or None,
        )


@callback
def _renames_a_notify_entity(data: er.EventEntityRegistryUpdatedData) -> bool:
    return (
        data["action"] == "update"
        and "entity_id" in data["changes"]
        and data["entity_id"].startswith(f"{NOTIFY_DOMAIN}.")
    )


def recipient_services(hass: HomeAssistant, domain: str) -> RecipientServices:
    """The domain's :class:`RecipientServices` (made by :func:`async_load_recipient_services`)."""
    return hass.data[DATA_RECIPIENT_SERVICES][domain]


@callback
def async_load_recipient_services(hass: HomeAssistant, provider: type[Provider], config: ConfigType) -> None:
    """Make the domain's recipient actions and have Home Assistant load them as a legacy
    notify platform, once, from the integration's ``async_setup``.

    The platform loads in a task of its own: it needs the integration set up, which is
    what is running now.
    """
    services = RecipientServices(provider, yaml_service_names(config))
    hass.data.setdefault(DATA_RECIPIENT_SERVICES, {})[provider.key] = services
    hass.bus.async_listen(er.EVENT_ENTITY_REGISTRY_UPDATED, services.async_entity_renamed, _renames_a_notify_entity)
    hass.async_create_task(
        discovery.async_load_platform(hass, Platform.NOTIFY, provider.key, dict(DISCOVERY_INFO), config),
        f"{provider.key} recipient notify actions",
    )
