"""Spryng SMS for Home Assistant: accounts set up in the UI (recipients as notify
entities, the ``spryng.send_sms`` action) and the YAML notify platform (see ``notify.py``)."""

from __future__ import annotations

from homeassistant.helpers import config_validation as cv

from notify_plugins.homeassistant import SmsIntegration
from notify_plugins.providers.spryng import SpryngProvider

DOMAIN = "spryng"

CONFIG_SCHEMA = cv.platform_only_config_schema(DOMAIN)
"""``spryng:`` at the top level is a mistake; Home Assistant then says to use ``notify:``."""

INTEGRATION = SmsIntegration(DOMAIN, SpryngProvider)
async_setup = INTEGRATION.async_setup
async_setup_entry = INTEGRATION.async_setup_entry
async_unload_entry = INTEGRATION.async_unload_entry
async_remove_entry = INTEGRATION.async_remove_entry
