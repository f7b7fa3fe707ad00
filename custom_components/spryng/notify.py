"""Spryng as a notify platform: ``platform: spryng`` under ``notify:``.

YAML keys: ``name`` (default ``spryng``), either ``api_key`` (REST API) or ``username`` and
``secret`` (Simple API), ``sender``, ``recipient``, ``country`` (default NL) and ``api_url``
(default https://rest.spryngsms.com). The provider class declares the credentials and
defaults; the rest is :mod:`notify_plugins.homeassistant`.
"""

from __future__ import annotations

from notify_plugins.homeassistant import SmsPlatform
from notify_plugins.providers.spryng import SpryngProvider

from . import DOMAIN

PLATFORM = SmsPlatform(DOMAIN, SpryngProvider)
PLATFORM_SCHEMA = PLATFORM.schema
async_get_service = PLATFORM.async_get_service
