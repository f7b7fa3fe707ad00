"""The names the parts of an integration share, as Home Assistant integrations keep them in
``const.py``: the keys of an account's data, its recipient subentries, and the ids of the
set-up forms' steps and sections that the translation files name.

The set-up flow (:mod:`.flow`) writes what the entry set-up, the entities, the actions and
diagnostics read; with the names here, none of those imports the flow, and the flow is
loaded only where it is needed.
"""

from __future__ import annotations

from typing import Final

from homeassistant.const import CONF_API_KEY, CONF_USERNAME

CONF_API_SECRET: Final = "api_secret"  # noqa: S105 - a configuration key, not a secret
CONF_SECRET: Final = "secret"  # noqa: S105 - a configuration key, not a secret
CONF_API_URL: Final = "api_url"
CONF_CALLBACK_URL: Final = "callback_url"
"""Not a configuration key: the entry set-up adds the delivery-report webhook's URL under it."""

CREDENTIAL_KEYS: tuple[str, ...] = (CONF_API_KEY, CONF_API_SECRET, CONF_USERNAME, CONF_SECRET)
"""The credential vocabulary every provider constructor shares (``create_provider``)."""

SUBENTRY_RECIPIENT: Final = "recipient"
"""The subentry type of a recipient: a name and a number, one notify entity."""
CONF_NUMBER: Final = "number"
"""A recipient's number, stored as international digits without ``+``."""

SECTION_API: Final = "api"
"""The collapsed form section that holds ``api_url`` where the provider has a default."""
STEP_NO_EXTERNAL_URL: Final = "no_external_url"
"""The options form of a provider that calls back while Home Assistant has no external URL:
the same fields, a description saying that delivery reports need one."""

COUNTRY_NAMES_KEY: Final = "country"
"""The translation files name the countries the providers serve under
``selector.country.options.<code>`` (lower case), for the forms' help texts."""
