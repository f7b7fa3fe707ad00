"""One object per integration that is everything its ``notify.py`` needs.

An integration declares its domain and its provider class; the provider declares the
credentials, the default API base (or its absence) and the default country. From those
:class:`SmsPlatform` derives the ``PLATFORM_SCHEMA`` and ``async_get_service`` that Home
Assistant's legacy notify loader looks up in the platform module.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from homeassistant.components.notify.legacy import BaseNotificationService
from homeassistant.const import CONF_COUNTRY, CONF_NAME, CONF_RECIPIENT, CONF_SENDER
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.typing import ConfigType, DiscoveryInfoType
from homeassistant.util import slugify

from ..client import AsyncSmsClient
from ..http.aio import AsyncTransport
from ..providers.base import Provider
from .config import build_provider, platform_schema
from .errors import ServiceIdentity, describe_credentials
from .ledger import async_get_ledger, hass_guard, platform_ledger_key
from .recipient_services import recipient_services
from .service import SmsNotificationService
from .spend import limits


class SmsPlatform:
    """The notify platform of one provider, under the Home Assistant domain ``domain``."""

    def __init__(self, domain: str, provider: type[Provider]) -> None:
        if domain != provider.key:
            raise ValueError(f"domain {domain!r} must be the provider key {provider.key!r}")
        self.domain = domain
        self.provider = provider
        self.schema: Callable[[Any], dict[str, Any]] = platform_schema(provider)

    def identity(self, config: ConfigType) -> ServiceIdentity:
        return ServiceIdentity(
            domain=self.domain,
            service=f"notify.{slugify(config[CONF_NAME])}",
            provider=self.provider.name,
            credentials=describe_credentials(self.provider),
        )

    async def async_get_service(
        self, hass: HomeAssistant, config: ConfigType, discovery_info: DiscoveryInfoType | None = None
    ) -> BaseNotificationService:
        """Build the service from configuration that :attr:`schema` has validated, or, when
        the integration discovered its own platform, hand over the UI recipients' actions
        (:mod:`.recipient_services`).

        The transport wraps Home Assistant's shared ``aiohttp`` session, which it never
        closes; the only I/O is reading the spend guard's ledger, where a limit is set.
        """
        if discovery_info is not None:
            return recipient_services(hass, self.domain)
        transport = AsyncTransport(async_get_clientsession(hass))
        client = AsyncSmsClient(build_provider(self.provider, config), transport, country=config.get(CONF_COUNTRY))
        client.failure_log_level = logging.DEBUG  # the service raises every failure itself
        guard = None
        if (rules := limits(config)).active:
            key = platform_ledger_key(self.domain, client.provider.account_id, config[CONF_SENDER])
            guard = hass_guard(rules, await async_get_ledger(hass, key))
        return SmsNotificationService(
            client, self.identity(config), sender=config[CONF_SENDER], recipients=config[CONF_RECIPIENT], guard=guard
        )
