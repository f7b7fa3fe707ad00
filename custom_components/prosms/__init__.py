"""ProSMS.se SMS for Home Assistant: a notify platform (see ``notify.py``)."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType

DOMAIN = "prosms"

CONFIG_SCHEMA = cv.platform_only_config_schema(DOMAIN)
"""``prosms:`` at the top level is a mistake; Home Assistant then says to use ``notify:``."""


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Nothing to set up for the integration itself: it is all in the notify platform."""
    return True
