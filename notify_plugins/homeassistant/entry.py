"""Config entry set-up and unload, shared by the five integrations.

An integration's ``__init__.py`` makes one :class:`SmsIntegration` and hands Home
Assistant its ``async_setup``, ``async_setup_entry``, ``async_unload_entry`` and
``async_remove_entry`` (a deleted account takes its spend guard's stored counts along); its
``notify.py`` hands over :meth:`SmsIntegration.async_setup_notify_entry` next to the YAML
platform, and its ``diagnostics.py`` :func:`.diagnostics.async_get_config_entry_diagnostics`.

Set-up proves the account (:mod:`.account`) before anything is created: refused
credentials start re-authentication (``ConfigEntryAuthFailed``), no answer retries later
(``ConfigEntryNotReady``). The loaded entry's ``runtime_data`` is a
:class:`~.runtime.SmsRuntimeData`.

Each recipient (a config subentry) gets a notify entity, an event entity for its delivery
reports where the provider calls back (:mod:`.delivery_event`), and a legacy notify action
of the same name for ``alert:``, notify groups and login codes (:mod:`.recipient_services`,
loaded by :meth:`SmsIntegration.async_setup`; an account adds its recipients' actions once
loaded and removes them first thing when it unloads).

The platforms an entry loads are :attr:`SmsIntegration.platforms`: notify, sensor and
switch, and event where the provider calls back. Each send's result reaches the listeners
added with :meth:`~.runtime.SmsRuntimeData.async_add_result_listener`: that is how
re-authentication, the credit and limit repairs, the credit refresh and the sensors follow
sends.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import CONF_SENDER, CONF_USERNAME, CONF_WEBHOOK_ID, Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryError, ConfigEntryNotReady, HomeAssistantError
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.device_registry import DeviceEntry
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import ConfigType

from ..client import AsyncSmsClient
from ..errors import AuthenticationError, InsufficientCreditError, NotifyError, ValidationError
from ..http.aio import AsyncTransport
from ..providers.base import Provider
from ..results import SendResult
from .account import SenderNotApproved, async_check_account
from .account_guard import async_setup_entry_guard, limit_issue_listener
from .action import SmsActions
from .config import build_provider, default_country, recipient_subentries
from .const import CONF_CALLBACK_URL
from .coordinator import CreditCoordinator
from .delivery_event import DeliveryReportEvent, async_dispatch_report
from .devices import account_device_info, async_register_account_device, async_remove_stale_devices
from .entity import SmsRecipientEntity, ui_identity
from .errors import EXCEPTIONS, AccountProblems, provider_reason, translated_error
from .guard_entities import SentTodaySensor, SmsSendingSwitch
from .ledger import async_remove_ledger, entry_ledger_key
from .recipient_services import async_load_recipient_services, recipient_services
from .repairs import credit_issue_listener
from .runtime import SmsConfigEntry, SmsRuntimeData
from .sensor import async_setup_sensors
from .webhook import async_register_delivery_webhook, async_unregister_delivery_webhook, reachable_webhook_url

_LOGGER = logging.getLogger(__name__)

E = TypeVar("E", bound=HomeAssistantError)


def _setup_error(error_class: type[E], provider: type[Provider], key: str, **placeholders: str) -> E:
    return translated_error(error_class, provider.key, key, EXCEPTIONS, {"provider": provider.name, **placeholders})


class SmsIntegration:
    """Everything a config entry of ``domain`` needs, from its provider class."""

    def __init__(self, domain: str, provider: type[Provider]) -> None:
        if domain != provider.key:
            raise ValueError(f"domain {domain!r} must be the provider key {provider.key!r}")
        self.domain = domain
        self.provider = provider
        self.platforms: list[Platform] = [Platform.NOTIFY, Platform.SENSOR, Platform.SWITCH]
        if provider.callback_methods:  # delivery reports reach the recipients' event entities
            self.platforms.append(Platform.EVENT)
        self.actions = SmsActions(domain, provider)

    async def async_setup(self, hass: HomeAssistant, config: ConfigType) -> bool:
        """Register the integration's actions, once, whether or not an account is loaded,
        and load the legacy notify platform that gives recipients their actions."""
        self.actions.async_register(hass)
        async_load_recipient_services(hass, self.provider, config)
        return True

    def create_client(
        self, hass: HomeAssistant, entry: SmsConfigEntry, callback_url: str | None = None
    ) -> AsyncSmsClient:
        """The entry's client on Home Assistant's shared session (raises ``ValidationError``).

        ``callback_url`` goes with every send where the provider takes one per message
        (ProSMS.se and SMS.dk ``dlrUrl``, Smstools ``statusCallback``).
        """
        with_callback = callback_url is not None and self.provider.supports_callback
        provider = build_provider(
            self.provider, {**entry.data, CONF_CALLBACK_URL: callback_url if with_callback else None}
        )
        client = AsyncSmsClient(provider, AsyncTransport(async_get_clientsession(hass)), country=default_country(entry))
        client.failure_log_level = logging.DEBUG  # every failure is raised to the caller
        return client

    async def async_setup_entry(self, hass: HomeAssistant, entry: SmsConfigEntry) -> bool:
        sender: str = entry.data[CONF_SENDER]
        webhook_url = self._webhook_url(hass, entry)
        try:
            client = self.create_client(hass, entry, webhook_url)
            account = await async_check_account(client, sender, entry.data.get(CONF_USERNAME))
        except AuthenticationError as err:
            reason = provider_reason(err, self.provider.name)
            raise _setup_error(ConfigEntryAuthFailed, self.provider, "setup_auth_failed", reason=reason) from err
        except (SenderNotApproved, ValidationError) as err:
            raise _setup_error(ConfigEntryError, self.provider, "setup_sender_not_approved", sender=sender) from err
        except NotifyError as err:
            reason = provider_reason(err, self.provider.name)
            raise _setup_error(ConfigEntryNotReady, self.provider, "setup_not_ready", reason=reason) from err
        identity = ui_identity(self.provider, entry.title)
        guard, ledger = await async_setup_entry_guard(hass, entry)
        entry.runtime_data = SmsRuntimeData(
            provider=client.provider,
            client=client,
            sender=sender,
            account=account,
            problems=AccountProblems(identity),
            guard=guard,
            ledger=ledger,
            webhook_url=webhook_url,
        )
        runtime = entry.runtime_data
        entry.async_on_unload(runtime.async_add_result_listener(limit_issue_listener(hass, entry)))
        entry.async_on_unload(runtime.async_add_result_listener(self._reauth_on_refusal(hass, entry)))
        entry.async_on_unload(runtime.async_add_result_listener(credit_issue_listener(hass, entry, self.provider.name)))
        entry.async_on_unload(entry.add_update_listener(_async_reload))
        if client.provider.supports_balance:
            runtime.coordinator = CreditCoordinator(hass, entry, client)
            if account.balance is None:
                await runtime.coordinator.async_config_entry_first_refresh()
            else:
                runtime.coordinator.async_start_from(account.balance)
            refresh = _refresh_credit_on_refusal(hass, entry, runtime.coordinator)
            entry.async_on_unload(runtime.async_add_result_listener(refresh))
        if self.provider.callback_methods and CONF_WEBHOOK_ID in entry.data:
            self._register_webhook(hass, entry)
        async_remove_stale_devices(hass, entry)
        await hass.config_entries.async_forward_entry_setups(entry, self.platforms)
        recipient_services(hass, self.domain).async_add_entry(entry)
        return True

    def _webhook_url(self, hass: HomeAssistant, entry: SmsConfigEntry) -> str | None:
        """The URL of the entry's delivery-report webhook, or None where there is none.

        None when the provider never calls back (the gateway: its reports are polled), when
        the entry has no webhook id, or when Home Assistant has no external URL (the only
        kind a provider on the internet can call).
        """
        webhook_id: str | None = entry.data.get(CONF_WEBHOOK_ID)
        if not self.provider.callback_methods or webhook_id is None:
            return None
        url = reachable_webhook_url(hass, webhook_id)
        if url is None:
            _LOGGER.info(
                "%s: Home Assistant has no external URL, so %s cannot send delivery reports; "
                "set one under Settings > System > Network and reload the entry",
                entry.title,
                self.provider.name,
            )
        return url

    def _register_webhook(self, hass: HomeAssistant, entry: SmsConfigEntry) -> None:
        webhook_id: str = entry.data[CONF_WEBHOOK_ID]
        async_register_delivery_webhook(
            hass,
            domain=self.domain,
            webhook_id=webhook_id,
            name=entry.title,
            provider=entry.runtime_data.provider,
            listener=partial(async_dispatch_report, hass, entry.entry_id),
        )
        entry.async_on_unload(partial(async_unregister_delivery_webhook, hass, webhook_id))

    @staticmethod
    def _reauth_on_refusal(hass: HomeAssistant, entry: SmsConfigEntry) -> Callable[[SendResult], None]:
        @callback
        def listener(result: SendResult) -> None:
            if isinstance(result.error, AuthenticationError):
                entry.async_start_reauth(hass)

        return listener

    async def async_unload_entry(self, hass: HomeAssistant, entry: SmsConfigEntry) -> bool:
        services = recipient_services(hass, self.domain)
        services.async_remove_entry(entry.entry_id)  # first, so no call reaches an account half unloaded
        unloaded: bool = await hass.config_entries.async_unload_platforms(entry, self.platforms)
        if not unloaded:  # still loaded: its recipients keep their actions
            services.async_add_entry(entry)
        return unloaded

    async def async_remove_entry(self, hass: HomeAssistant, entry: SmsConfigEntry) -> None:
        """The account was deleted: its spend guard's ledger (``.storage/<domain>.spend.<entry id>``) goes too."""
        await async_remove_ledger(hass, entry_ledger_key(self.domain, entry.entry_id))

    async def async_setup_sensor_entry(
        self, hass: HomeAssistant, entry: SmsConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
    ) -> None:
        """Credit (where the provider reports it), the last send's outcome and today's parts."""
        runtime = entry.runtime_data
        await async_setup_sensors(
            hass,
            entry,
            async_add_entities,
            coordinator=runtime.coordinator,
            add_result_listener=runtime.async_add_result_listener,
            device_info=account_device_info(entry),
        )
        async_add_entities([SentTodaySensor(entry, runtime.guard, runtime.ledger, account_device_info(entry))])

    async def async_setup_switch_entry(
        self, hass: HomeAssistant, entry: SmsConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
    ) -> None:
        """The account's *SMS sending* switch."""
        async_add_entities([SmsSendingSwitch(entry, entry.runtime_data.guard, account_device_info(entry))])

    async def async_setup_event_entry(
        self, hass: HomeAssistant, entry: SmsConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
    ) -> None:
        """One delivery-report event entity per recipient, on the recipient's device."""
        _add_per_recipient(hass, entry, async_add_entities, DeliveryReportEvent)

    async def async_setup_notify_entry(
        self, hass: HomeAssistant, entry: SmsConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
    ) -> None:
        """One notify entity per recipient subentry, each on its own device in its subentry."""
        _add_per_recipient(hass, entry, async_add_entities, SmsRecipientEntity)


def _add_per_recipient(
    hass: HomeAssistant,
    entry: SmsConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    entity_class: Callable[[SmsConfigEntry, ConfigSubentry, DeviceEntry], Entity],
) -> None:
    """One ``entity_class`` per recipient, added in the recipient's subentry (so on its
    device, connected via the account's)."""
    account = async_register_account_device(hass, entry)
    for subentry in recipient_subentries(entry):
        async_add_entities([entity_class(entry, subentry, account)], config_subentry_id=subentry.subentry_id)


def _refresh_credit_on_refusal(
    hass: HomeAssistant, entry: SmsConfigEntry, coordinator: CreditCoordinator
) -> Callable[[SendResult], None]:
    """A send refused for credit makes the credit sensor read the balance now, not in up to
    half an hour, so it does not show a balance the provider has just said is not enough.
    The task is the entry's, so an unload waits for it rather than leaving it behind."""

    @callback
    def listener(result: SendResult) -> None:
        if isinstance(result.error, InsufficientCreditError):
            entry.async_create_task(hass, coordinator.async_request_refresh(), "refresh credit after a refusal")

    return listener


async def _async_reload(hass: HomeAssistant, entry: SmsConfigEntry) -> None:
    """Options, recipients or (by reauth and reconfigure) data changed: load the entry again
    so entities and the client follow.

    The one way a loaded entry reloads: recipients (subentries) need an update listener,
    so the options flow is a plain ``OptionsFlow`` (``OptionsFlowWithReload`` refuses an
    entry with a listener) and reauth and reconfigure store their data without
    ``async_update_reload_and_abort`` (which warns about a listener since 2026.6).
    """
    await hass.config_entries.async_reload(entry.entry_id)
