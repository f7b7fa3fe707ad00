"""SMS.dk SMS for Home Assistant: accounts set up in the UI (recipients as notify
entities, the ``smsdk.send_sms`` action) and the YAML notify platform (see ``notify.py``)."""

from __future__ import annotations

from homeassistant.helpers import config_validation as cv

from notify_plugins.homeassistant import SmsIntegration
from notify_plugins.providers.smsdk import SmsdkProvider

DOMAIN = "smsdk"

CONFIG_SCHEMA = cv.platform_only_config_schema(DOMAIN)
"""``smsdk:`` at the top level is a mistake; Home Assistant then says to use ``notify:``."""

INTEGRATION = SmsIntegration(DOMAIN, SmsdkProvider)
async_setup = INTEGRATION.async_setup
async_setup_entry = INTEGRATION.async_setup_entry
async_unload_entry = INTEGRATION.async_unload_entry
async_remove_entry = INTEGRATION.async_remove_entry
