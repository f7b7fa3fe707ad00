"""The spend guard in Home Assistant: its option keys, its errors and every text it shows.

The rules are the core's (:mod:`notify_plugins.guard`); here is what Home Assistant users
see of them: the ``daily_limit`` and ``repeat_window`` fields of the set-up form and of
*Configure* (the YAML platforms take the same keys), the *SMS sending* switch and the *SMS
sent today* sensor (:mod:`.guard_entities`), the "Daily SMS limit reached" repair
(:mod:`.account_guard`) and the errors of a refused send. :func:`translations` is the
English of all of it, which ``make generate`` writes into each integration's ``en.json``;
each integration's other language is translated in its own translation file.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import voluptuous as vol
from homeassistant.helpers.selector import NumberSelector, NumberSelectorConfig, NumberSelectorMode

from ..errors import DailyLimitReached, SendingSwitchedOff, SpendGuardError
from ..guard import SpendLimits
from ..providers import provider_class
from .const import STEP_NO_EXTERNAL_URL

CONF_DAILY_LIMIT: Final = "daily_limit"
CONF_REPEAT_WINDOW: Final = "repeat_window"
GUARD_KEYS: tuple[str, str] = (CONF_DAILY_LIMIT, CONF_REPEAT_WINDOW)

SUGGESTED: Mapping[str, int] = MappingProxyType({CONF_DAILY_LIMIT: 50, CONF_REPEAT_WINDOW: 5})
"""What the set-up form of a new account offers (docs/spend-guard.md says why these)."""

SWITCH_KEY: Final = "sending"
SENSOR_KEY: Final = "sent_today"
ISSUE_KEY: Final = "daily_limit_reached"

ERROR_KEYS: Mapping[type[SpendGuardError], str] = MappingProxyType(
    {DailyLimitReached: "daily_limit_reached", SendingSwitchedOff: "sending_off"}
)


def limits(settings: Mapping[str, Any]) -> SpendLimits:
    """The limits in an entry's options or a platform's YAML (absent: off)."""
    return SpendLimits.create(settings.get(CONF_DAILY_LIMIT), settings.get(CONF_REPEAT_WINDOW))


def limit_fields(*, daily_limit_only: bool = False) -> dict[Any, Any]:
    """The guard's form fields: whole numbers of 0 or more, typed in a box."""
    box = NumberSelector(NumberSelectorConfig(min=0, max=1_000_000, step=1, mode=NumberSelectorMode.BOX))
    keys = (CONF_DAILY_LIMIT,) if daily_limit_only else GUARD_KEYS
    return {vol.Optional(key): box for key in keys}


def whole_numbers(values: Mapping[str, Any]) -> dict[str, Any]:
    """Form values with the guard's options as whole numbers (the number selector hands
    over floats); a box left empty is simply absent, which is off."""
    return {key: int(value) if key in GUARD_KEYS else value for key, value in values.items()}


def error_placeholders(error: SpendGuardError) -> tuple[str, dict[str, str]]:
    """The translation key of a refusal and the placeholders its text needs besides ``service``."""
    key = next(key for cls, key in ERROR_KEYS.items() if isinstance(error, cls))
    if isinstance(error, DailyLimitReached):
        return key, {"limit": str(error.limit), "count": str(error.count), "needed": str(error.needed)}
    return key, {}


EXCEPTIONS: Mapping[str, str] = MappingProxyType(
    {
        "daily_limit_reached": (
            "Nothing was sent through {service}: the daily limit of {limit} SMS parts would be passed "
            "({count} sent today, this message needs {needed})"
        ),
        "sending_off": (
            "Nothing was sent through {service}: SMS sending is switched off for this account; turn its "
            "SMS sending switch on"
        ),
    }
)
"""Translation key -> English text of a refused send (``{service}``, and the limit's
``{limit}``, ``{count}``, ``{needed}``): the message of the error raised, and its text in
``en.json``."""

FIELDS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        CONF_DAILY_LIMIT: (
            "Daily SMS limit",
            "The most SMS parts this account may send per day (a long text is several parts, and each "
            "recipient counts). 0 means no limit.",
        ),
        CONF_REPEAT_WINDOW: (
            "Repeat window",
            "Minutes during which the same text to the same number is not sent again. 0 means off.",
        ),
    }
)
"""Form field -> (label, help text) in English."""


def _form_fields(keys: tuple[str, ...]) -> dict[str, Any]:
    """``data`` and ``data_description`` of a form with these fields."""
    return {
        "data": {key: FIELDS[key][0] for key in keys},
        "data_description": {key: FIELDS[key][1] for key in keys},
    }


def translations(domain: str) -> dict[str, Any]:
    """The guard's part of ``custom_components/<domain>/translations/en.json``; each
    integration's other language is translated in its own translation file.

    The fields sit in the set-up form and in every step of the options form (a provider that
    calls back has a second one, for Home Assistant without an external URL); the limit's
    repair asks for the daily limit alone.
    """
    fields = _form_fields(GUARD_KEYS)
    option_steps = ["init", *([STEP_NO_EXTERNAL_URL] if provider_class(domain).callback_methods else [])]
    return {
        "config": {"step": {"user": fields}},
        "options": {"step": dict.fromkeys(option_steps, fields)},
        "entity": {
            "switch": {SWITCH_KEY: {"name": "SMS sending"}},
            "sensor": {
                SENSOR_KEY: {
                    "name": "SMS sent today",
                    "unit_of_measurement": "parts",
                    "state_attributes": {
                        "messages": {"name": "Messages"},
                        "cost": {"name": "Cost"},
                        "daily_limit": {"name": "Daily limit"},
                    },
                }
            },
        },
        "issues": {
            ISSUE_KEY: {
                "title": "Daily SMS limit reached on {account}",
                "fix_flow": {
                    "step": {
                        "limit": {
                            "title": "Raise the daily SMS limit of {account}",
                            "description": (
                                "{account} has used {count} of its {limit} SMS parts today, so sends are refused "
                                "until midnight. Raise the limit to send more today (0 means no limit), or leave "
                                "it: this message disappears at midnight."
                            ),
                            **_form_fields((CONF_DAILY_LIMIT,)),
                        }
                    }
                },
            }
        },
        "exceptions": {key: {"message": text} for key, text in EXCEPTIONS.items()},
    }


__all__ = [
    "CONF_DAILY_LIMIT",
    "CONF_REPEAT_WINDOW",
    "EXCEPTIONS",
    "GUARD_KEYS",
    "ISSUE_KEY",
    "SUGGESTED",
    "error_placeholders",
    "limits",
    "translations",
    "whole_numbers",
]
