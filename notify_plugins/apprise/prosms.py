"""``prosms://{apikey}@{sender}/{targets}``: ProSMS.se (Sweden) through the core provider."""

from __future__ import annotations

from typing import ClassVar

from apprise.locale import gettext_lazy as _

from .base import provider_page
from .compaya import CompayaNotifyBase


class NotifyProsms(CompayaNotifyBase):
    """ProSMS.se, with the API key from the account settings at login.prosms.se."""

    service_name = _("ProSMS.se")
    service_url = "https://www.prosms.se"
    setup_url = provider_page("prosms")
    secure_protocol = "prosms"
    provider_key: ClassVar[str] = "prosms"


__all__ = ["NotifyProsms"]
