"""ProSMS.se: the Compaya platform on ``api.prosms.se`` for Swedish customers.

Host, country and name are all that differ from SMS.dk (``docs/providers.md`` 1 + 2;
the seed's Postman environment sets ``url`` to ``https://api.prosms.se`` and
``countryCode`` to ``SE``).
"""

from __future__ import annotations

from typing import ClassVar

from .compaya import CompayaProvider


class ProsmsProvider(CompayaProvider):
    """ProSMS.se with an API key from the account settings (``login.prosms.se``)."""

    key: ClassVar[str] = "prosms"
    name: ClassVar[str] = "ProSMS.se"
    default_api_url: ClassVar[str | None] = "https://api.prosms.se"
    default_country: ClassVar[str | None] = "SE"


__all__ = ["ProsmsProvider"]
