"""Config entry set-up and unload, shared by the five integrations.

An integration's ``__init__.py`` makes one :class:`SmsIntegration` and hands Home
Assistant its ``async_setup``, ``async_setup_entry`` and ``async_unload_entry``; its
``notify.py`` hands over :meth:`SmsIntegration.async_setup_notify_entry` next to the YAML
platform, and its ``diagnostics.py`` :func:`.diagnostics.async_get_config_entry_diagnostics`.

Set-up proves the account (:mod:`.account`) before anything is created: refused
credentials start re-authentication (``ConfigEntryAuthFailed``), no answer retries later
(``ConfigEntryNotReady``). The loaded entry's ``runtime_data`` is a
:class:`~.runtime.SmsRuntimeData`.

Extension points: :attr:`SmsIntegration.platforms` is a list to which another platform
(``Platform.SENSOR``) can be appended before Home Assistant sets entries up;
:attr:`SmsIntegration.entry_setup_hooks` are awaited with ``(hass, entry)`` once
``runtime_data`` exists and before the platforms load (a coordinator's first refresh, a
webhook), and each send's result reaches
:meth:`~.runtime.SmsRuntimeData.async_add_result_listener`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from homeassistant.const import CONF_SENDER, CONF_USERNAME, Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryError, ConfigEntryNotReady
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import ConfigType

from ..client import AsyncSmsClient
from ..errors import AuthenticationError, NotifyError, ValidationError
from ..http.aio import AsyncTransport
from ..providers.base import Provider
from ..results import SendResult
from .account import SenderNotApproved, async_check_account
from .action import SmsActions
from .config import build_provider
from .entity import SmsRecipientEntity
from .errors import EXCEPTIONS, AccountProblems, ServiceIdentity
from .flow import SUBENTRY_RECIPIENT, default_country
from .platform import describe_credentials
from .runtime import SmsConfigEntry, SmsRuntimeData

_LOGGER = logging.getLogger(__name__)

EntrySetupHook = Callable[[HomeAssistant, SmsConfigEntry], Awaitable[None]]


E = TypeVar("E", bound=Exception)


def _setup_error(error_class: type[E], provider: type[Provider], key: str, **placeholders: str) -> E:
    values = {"provider": provider.name, **placeholders}
    return error_class(  # type: ignore[call-arg]
        EXCEPTIONS[key].format(**values),
        translation_domain=provider.key,
        translation_key=key,
        translation_placeholders=values,
    )


class SmsIntegration:
    """Everything a config entry of ``domain`` needs, from its provider class."""

    def __init__(self, domain: str, provider: type[Provider]) -> None:
        if domain != provider.key:
            raise ValueError(f"domain {domain!r} must be the provider key {provider.key!r}")
        self.domain = domain
        self.provider = provider
        self.platforms: list[Platform] = [Platform.NOTIFY]
        self.entry_setup_hooks: list[EntrySetupHook] = []
        self.actions = SmsActions(domain, provider)

    async def async_setup(self, hass: HomeAssistant, config: ConfigType) -> bool:
        """Register the integration's actions, once, whether or not an account is loaded."""
        self.actions.async_register(hass)
        return True

    def create_client(self, hass: HomeAssistant, entry: SmsConfigEntry) -> AsyncSmsClient:
        """The entry's client on Home Assistant's shared session (raises ``ValidationError``)."""
        provider = build_provider(self.provider, entry.data)
        client = AsyncSmsClient(provider, AsyncTransport(async_get_clientsession(hass)), country=default_country(entry))
        client.failure_log_level = logging.DEBUG  # every failure is raised to the caller
        return client

    async def async_setup_entry(self, hass: HomeAssistant, entry: SmsConfigEntry) -> bool:
        sender: str = entry.data[CONF_SENDER]
        try:
            client = self.create_client(hass, entry)
            account = await async_check_account(client, sender, entry.data.get(CONF_USERNAME))
        except AuthenticationError as err:
            raise _setup_error(ConfigEntryAuthFailed, self.provider, "setup_auth_failed", reason=str(err)) from err
        except (SenderNotApproved, ValidationError) as err:
            raise _setup_error(ConfigEntryError, self.provider, "setup_sender_not_approved", sender=sender) from err
        except NotifyError as err:
            raise _setup_error(ConfigEntryNotReady, self.provider, "setup_not_ready", reason=str(err)) from err
        identity = ServiceIdentity(
            domain=self.domain,
            service=entry.title,
            provider=self.provider.name,
            credentials=describe_credentials(self.provider),
            configured_in_ui=True,
        )
        entry.runtime_data = SmsRuntimeData(
            provider=client.provider,
            client=client,
            sender=sender,
            account=account,
            problems=AccountProblems(identity),
        )
        entry.async_on_unload(entry.runtime_data.async_add_result_listener(self._reauth_on_refusal(hass, entry)))
        entry.async_on_unload(entry.add_update_listener(_async_reload))
        for hook in self.entry_setup_hooks:
            await hook(hass, entry)
        await hass.config_entries.async_forward_entry_setups(entry, self.platforms)
        return True

    @staticmethod
    def _reauth_on_refusal(hass: HomeAssistant, entry: SmsConfigEntry) -> Callable[[SendResult], None]:
        @callback
        def listener(result: SendResult) -> None:
            if isinstance(result.error, AuthenticationError):
                entry.async_start_reauth(hass)

        return listener

    async def async_unload_entry(self, hass: HomeAssistant, entry: SmsConfigEntry) -> bool:
        unloaded: bool = await hass.config_entries.async_unload_platforms(entry, self.platforms)
        return unloaded

    async def async_setup_notify_entry(
        self, hass: HomeAssistant, entry: SmsConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
    ) -> None:
        """One notify entity per recipient subentry, each tied to its subentry."""
        for subentry in entry.subentries.values():
            if subentry.subentry_type == SUBENTRY_RECIPIENT:
                async_add_entities([SmsRecipientEntity(entry, subentry)], config_subentry_id=subentry.subentry_id)


async def _async_reload(hass: HomeAssistant, entry: SmsConfigEntry) -> None:
    """Options and recipients changed: load the entry again so entities and the client follow."""
    await hass.config_entries.async_reload(entry.entry_id)
