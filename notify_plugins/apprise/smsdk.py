"""``smsdk://{apikey}@{sender}/{targets}``: SMS.dk (Denmark) through the core provider."""

from __future__ import annotations

from typing import ClassVar

from apprise.locale import gettext_lazy as _

from .base import provider_page
from .compaya import CompayaNotifyBase


class NotifySmsdk(CompayaNotifyBase):
    """SMS.dk, with the API key from the account settings at login.sms.dk."""

    service_name = _("SMS.dk")
    service_url = "https://www.sms.dk"
    setup_url = provider_page("smsdk")
    secure_protocol = "smsdk"
    provider_key: ClassVar[str] = "smsdk"


__all__ = ["NotifySmsdk"]
