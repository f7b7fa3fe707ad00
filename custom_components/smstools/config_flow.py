"""The UI set-up of Smstools: account, re-authentication, reconfigure, options, recipients."""

from __future__ import annotations

from notify_plugins.homeassistant.flow import SmsConfigFlow
from notify_plugins.providers.smstools import SmstoolsProvider

from . import DOMAIN


class ConfigFlow(SmsConfigFlow, domain=DOMAIN):
    """Everything is derived from the provider class (:mod:`notify_plugins.homeassistant.flow`)."""

    provider = SmstoolsProvider
