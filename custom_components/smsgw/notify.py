"""A white-label SMS gateway as a notify platform: ``platform: smsgw`` under ``notify:``.

YAML keys: ``name`` (default ``smsgw``), ``api_key``, ``sender``, ``recipient``,
``country`` (no default: national numbers need it) and ``api_url`` (required: the
gateway's own base URL). The provider class declares the credentials; the rest is
:mod:`notify_plugins.homeassistant`.
"""

from __future__ import annotations

from notify_plugins.homeassistant import SmsPlatform
from notify_plugins.providers.gateway import GatewayProvider

from . import DOMAIN, INTEGRATION

PLATFORM = SmsPlatform(DOMAIN, GatewayProvider)
PLATFORM_SCHEMA = PLATFORM.schema
async_get_service = PLATFORM.async_get_service

PARALLEL_UPDATES = 0
"""Sends are not polled updates; the client paces requests to the provider's rate limit."""

async_setup_entry = INTEGRATION.async_setup_notify_entry
"""The notify entities of a UI-configured account: one per recipient subentry."""
