"""Delivery reports from the provider, as ``<domain>_delivery_report`` events.

One Home Assistant webhook per config entry receives the provider's delivery-report
callbacks. The request is read by the provider's own sans-IO parser
(:meth:`~notify_plugins.providers.base.Provider.parse_callback`), so this module has no
per-provider branch: it only answers HTTP, fires one event per report and hands each
report to the entry's listener (its recipients' event entities, :mod:`.delivery_event`).

The webhook is not ``local_only``: providers call from the internet. Its id is the only
secret in the URL, so neither it nor the request's parameters are ever logged; a
malformed callback is answered 400 (Spryng, for one, then retries) and logged at debug
with the parser's reason, whose numbers are masked.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from http import HTTPStatus
from types import MappingProxyType
from typing import Final

from aiohttp import web
from homeassistant.components import webhook
from homeassistant.core import HomeAssistant
from homeassistant.helpers.network import NoURLAvailableError

from ..delivery import DeliveryReport
from ..errors import ValidationError
from ..providers.base import Provider

_LOGGER = logging.getLogger(__name__)

EVENT_SUFFIX: Final = "_delivery_report"
"""The event type is ``<domain>_delivery_report`` (``prosms_delivery_report``...)."""

EVENT_FIELDS: tuple[str, ...] = ("recipient", "status", "reason_code", "reason", "reference", "message_id")
"""The keys of every event's data, each a string or None."""

SUPPORTED_METHODS: frozenset[str] = frozenset({"GET", "HEAD", "POST", "PUT"})
"""What Home Assistant's webhook component can route."""


def event_type(domain: str) -> str:
    """``prosms`` -> ``prosms_delivery_report``."""
    return f"{domain}{EVENT_SUFFIX}"


def event_data(report: DeliveryReport) -> dict[str, str | None]:
    """A report as event data: only strings or None, so templates and triggers match simply."""
    return {
        "recipient": report.recipient,
        "status": str(report.status),
        "reason_code": report.reason_code,
        "reason": report.reason,
        "reference": report.reference,
        "message_id": report.message_id,
    }


def delivery_webhook_url(hass: HomeAssistant, webhook_id: str) -> str:
    """The URL to give the provider (as ``dlrUrl`` / ``statusCallback``, or in its portal).

    Only Home Assistant's external URL (or Home Assistant Cloud's) will do: the provider
    calls from the internet, and a LAN address handed to it with every SMS would only be
    a URL it cannot reach (or, at worst, a reason to refuse the message). Raises
    ``homeassistant.helpers.network.NoURLAvailableError`` when there is no external URL.
    """
    return webhook.async_generate_url(hass, webhook_id, allow_internal=False, prefer_external=True)


def reachable_webhook_url(hass: HomeAssistant, webhook_id: str | None) -> str | None:
    """:func:`delivery_webhook_url`, or None when there is no webhook or no external URL."""
    if webhook_id is None:
        return None
    try:
        return delivery_webhook_url(hass, webhook_id)
    except NoURLAvailableError:
        return None


Handler = Callable[[HomeAssistant, str, web.Request], Awaitable[web.Response | None]]
ReportListener = Callable[[DeliveryReport], None]


def _handler(domain: str, provider: Provider, listener: ReportListener | None) -> Handler:
    kind = event_type(domain)

    async def handle(hass: HomeAssistant, webhook_id: str, request: web.Request) -> web.Response | None:
        body = await request.read() if request.can_read_body else b""
        query: Mapping[str, str] = MappingProxyType(dict(request.query))
        try:
            reports = provider.parse_callback(request.method, query, body, request.content_type or None)
        except ValidationError as err:
            _LOGGER.debug("%s: ignored a malformed delivery report (%s)", provider.name, err)
            return web.Response(status=HTTPStatus.BAD_REQUEST)
        for report in reports:
            _LOGGER.debug("%s: delivery report %s", provider.name, report.describe())
            hass.bus.async_fire(kind, event_data(report))
            if listener is not None:
                listener(report)
        return web.Response(status=HTTPStatus.OK)

    return handle


def async_register_delivery_webhook(
    hass: HomeAssistant,
    *,
    domain: str,
    webhook_id: str,
    name: str,
    provider: Provider,
    listener: ReportListener | None = None,
) -> None:
    """Receive ``provider``'s delivery reports at ``webhook_id``, fire them as events and
    hand each to ``listener`` (a callback).

    Allowed methods are those the provider calls back with. Raises ``ValueError`` for a
    provider that never calls back (the gateway: its reports are polled), so a caller
    cannot register a webhook nothing would ever reach.
    """
    methods = frozenset(provider.callback_methods) & SUPPORTED_METHODS
    if not methods:
        raise ValueError(f"{provider.name} does not call back with delivery reports")
    webhook.async_register(
        hass, domain, name, webhook_id, _handler(domain, provider, listener), local_only=False, allowed_methods=methods
    )


def async_unregister_delivery_webhook(hass: HomeAssistant, webhook_id: str) -> None:
    """Stop receiving delivery reports at ``webhook_id`` (safe when none is registered)."""
    webhook.async_unregister(hass, webhook_id)


__all__ = [
    "EVENT_FIELDS",
    "async_register_delivery_webhook",
    "async_unregister_delivery_webhook",
    "delivery_webhook_url",
    "event_data",
    "event_type",
    "reachable_webhook_url",
]
