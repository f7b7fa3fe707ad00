"""SMS.dk: the Compaya platform on ``api.sms.dk`` for Danish customers.

Host, country and name are all that differ from ProSMS.se (``docs/providers.md`` 1 + 2;
the seed's Postman environment sets ``url`` to ``https://api.sms.dk`` and
``countryCode`` to ``DK``).
"""

from __future__ import annotations

from typing import ClassVar

from .compaya import CompayaProvider


class SmsdkProvider(CompayaProvider):
    """SMS.dk with an API key from the account settings (``login.sms.dk``)."""

    key: ClassVar[str] = "smsdk"
    name: ClassVar[str] = "SMS.dk"
    default_api_url: ClassVar[str | None] = "https://api.sms.dk"
    default_country: ClassVar[str | None] = "DK"


__all__ = ["SmsdkProvider"]
