"""The spend guard in Home Assistant: its option keys, its errors and every text it shows.

The rules are the core's (:mod:`notify_plugins.guard`); here is what Home Assistant users
see of them, in the five languages the integrations speak: the ``daily_limit`` and
``repeat_window`` fields of the set-up form and of *Configure* (the YAML platforms take the
same keys), the *SMS sending* switch and the *SMS sent today* sensor
(:mod:`.guard_entities`), the "Daily SMS limit reached" repair (:mod:`.limit_issue`) and the
errors of a refused send. :func:`translations` is the fragment of one integration's
translation file in one language; English goes into ``en.json`` by ``make generate``, the
other languages into the home-language files, and a test keeps those equal to this table.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final, NamedTuple

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
"""What the set-up form of a new account offers (the README says why these)."""

SWITCH_KEY: Final = "sending"
SENSOR_KEY: Final = "sent_today"
ISSUE_KEY: Final = "daily_limit_reached"
SENSOR_ATTRIBUTES: tuple[str, ...] = ("messages", "cost", "daily_limit")

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


def error_placeholders(error: SpendGuardError) -> tuple[str, dict[str, str]]:
    """The translation key of a refusal and the placeholders its text needs besides ``service``."""
    key = next(key for cls, key in ERROR_KEYS.items() if isinstance(error, cls))
    if isinstance(error, DailyLimitReached):
        return key, {"limit": str(error.limit), "count": str(error.count), "needed": str(error.needed)}
    return key, {}


class Texts(NamedTuple):
    """Everything the guard says, in one language."""

    daily_limit: tuple[str, str]
    """The form field: label and help."""
    repeat_window: tuple[str, str]
    limit_reached: str
    """The error of a send refused by the limit: ``{service}``, ``{limit}``, ``{count}``, ``{needed}``."""
    sending_off: str
    """The error of a send while the switch is off: ``{service}``."""
    switch: str
    sensor: str
    unit: str
    attributes: tuple[str, str, str]
    """Names of :data:`SENSOR_ATTRIBUTES`."""
    issue_title: str
    """``{account}``."""
    fix_title: str
    fix_description: str
    """``{account}``, ``{count}``, ``{limit}``."""


TEXTS: Mapping[str, Texts] = MappingProxyType(
    {
        "en": Texts(
            daily_limit=(
                "Daily SMS limit",
                "The most SMS parts this account may send per day (a long text is several parts, and each "
                "recipient counts). 0 means no limit.",
            ),
            repeat_window=(
                "Repeat window",
                "Minutes during which the same text to the same number is not sent again. 0 means off.",
            ),
            limit_reached=(
                "Nothing was sent through {service}: the daily limit of {limit} SMS parts would be passed "
                "({count} sent today, this message needs {needed})"
            ),
            sending_off=(
                "Nothing was sent through {service}: SMS sending is switched off for this account; turn its "
                "SMS sending switch on"
            ),
            switch="SMS sending",
            sensor="SMS sent today",
            unit="parts",
            attributes=("Messages", "Cost", "Daily limit"),
            issue_title="Daily SMS limit reached on {account}",
            fix_title="Raise the daily SMS limit of {account}",
            fix_description=(
                "{account} has used {count} of its {limit} SMS parts today, so sends are refused until midnight. "
                "Raise the limit to send more today (0 means no limit), or leave it: this message disappears "
                "at midnight."
            ),
        ),
        "sv": Texts(
            daily_limit=(
                "Daglig SMS-gräns",
                "Det högsta antalet SMS-delar kontot får skicka per dag (en lång text är flera delar, och varje "
                "mottagare räknas). 0 betyder ingen gräns.",
            ),
            repeat_window=(
                "Upprepningsfönster",
                "Minuter under vilka samma text till samma nummer inte skickas igen. 0 betyder av.",
            ),
            limit_reached=(
                "Inget skickades via {service}: den dagliga gränsen på {limit} SMS-delar skulle överskridas "
                "({count} skickade i dag, meddelandet behöver {needed})"
            ),
            sending_off=(
                "Inget skickades via {service}: SMS-sändning är avstängd för kontot; slå på dess brytare SMS-sändning"
            ),
            switch="SMS-sändning",
            sensor="SMS skickade i dag",
            unit="delar",
            attributes=("Meddelanden", "Kostnad", "Daglig gräns"),
            issue_title="Daglig SMS-gräns nådd på {account}",
            fix_title="Höj den dagliga SMS-gränsen för {account}",
            fix_description=(
                "{account} har använt {count} av sina {limit} SMS-delar i dag, så utskick avvisas till midnatt. "
                "Höj gränsen för att skicka mer i dag (0 betyder ingen gräns), eller låt den vara: meddelandet "
                "försvinner vid midnatt."
            ),
        ),
        "da": Texts(
            daily_limit=(
                "Daglig SMS-grænse",
                "Det største antal SMS-dele, kontoen må sende pr. dag (en lang tekst er flere dele, og hver "
                "modtager tæller). 0 betyder ingen grænse.",
            ),
            repeat_window=(
                "Gentagelsesvindue",
                "Minutter, hvor den samme tekst til det samme nummer ikke sendes igen. 0 betyder slået fra.",
            ),
            limit_reached=(
                "Intet blev sendt via {service}: den daglige grænse på {limit} SMS-dele ville blive overskredet "
                "({count} sendt i dag, beskeden kræver {needed})"
            ),
            sending_off=(
                "Intet blev sendt via {service}: SMS-afsendelse er slået fra for kontoen; slå dens kontakt "
                "SMS-afsendelse til"
            ),
            switch="SMS-afsendelse",
            sensor="SMS sendt i dag",
            unit="dele",
            attributes=("Beskeder", "Pris", "Daglig grænse"),
            issue_title="Daglig SMS-grænse nået på {account}",
            fix_title="Hæv den daglige SMS-grænse for {account}",
            fix_description=(
                "{account} har brugt {count} af sine {limit} SMS-dele i dag, så afsendelser afvises indtil "
                "midnat. Hæv grænsen for at sende mere i dag (0 betyder ingen grænse), eller lad den være: "
                "beskeden forsvinder ved midnat."
            ),
        ),
        "it": Texts(
            daily_limit=(
                "Limite SMS giornaliero",
                "Il numero massimo di parti SMS che l'account può inviare al giorno (un testo lungo conta più "
                "parti e ogni destinatario conta). 0 significa nessun limite.",
            ),
            repeat_window=(
                "Finestra di ripetizione",
                "Minuti durante i quali lo stesso testo allo stesso numero non viene inviato di nuovo. "
                "0 significa disattivato.",
            ),
            limit_reached=(
                "Nulla è stato inviato tramite {service}: il limite giornaliero di {limit} parti SMS verrebbe "
                "superato ({count} inviate oggi, il messaggio ne richiede {needed})"
            ),
            sending_off=(
                "Nulla è stato inviato tramite {service}: l'invio di SMS è disattivato per l'account; attiva "
                "il suo interruttore Invio SMS"
            ),
            switch="Invio SMS",
            sensor="SMS inviati oggi",
            unit="parti",
            attributes=("Messaggi", "Costo", "Limite giornaliero"),
            issue_title="Limite SMS giornaliero raggiunto su {account}",
            fix_title="Aumenta il limite SMS giornaliero di {account}",
            fix_description=(
                "{account} ha usato {count} delle sue {limit} parti SMS di oggi, quindi gli invii vengono "
                "rifiutati fino a mezzanotte. Aumenta il limite per inviare ancora oggi (0 significa nessun "
                "limite), oppure lascialo: questo avviso scompare a mezzanotte."
            ),
        ),
        "nl": Texts(
            daily_limit=(
                "Dagelijkse sms-limiet",
                "Het maximale aantal sms-delen dat dit account per dag mag versturen (een lange tekst telt als "
                "meerdere delen en elke ontvanger telt mee). 0 betekent geen limiet.",
            ),
            repeat_window=(
                "Herhaalvenster",
                "Minuten waarin dezelfde tekst naar hetzelfde nummer niet opnieuw wordt verstuurd. 0 betekent uit.",
            ),
            limit_reached=(
                "Er is niets verstuurd via {service}: de dagelijkse limiet van {limit} sms-delen zou worden "
                "overschreden ({count} vandaag verstuurd, dit bericht heeft er {needed} nodig)"
            ),
            sending_off=(
                "Er is niets verstuurd via {service}: sms versturen staat uit voor dit account; zet de "
                "schakelaar Sms versturen aan"
            ),
            switch="Sms versturen",
            sensor="Sms vandaag verstuurd",
            unit="delen",
            attributes=("Berichten", "Kosten", "Dagelijkse limiet"),
            issue_title="Dagelijkse sms-limiet bereikt op {account}",
            fix_title="Verhoog de dagelijkse sms-limiet van {account}",
            fix_description=(
                "{account} heeft vandaag {count} van zijn {limit} sms-delen gebruikt, dus verzendingen worden "
                "tot middernacht geweigerd. Verhoog de limiet om vandaag meer te versturen (0 betekent geen "
                "limiet), of laat hem staan: deze melding verdwijnt om middernacht."
            ),
        ),
    }
)
"""Language -> the guard's texts."""

EXCEPTIONS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        language: MappingProxyType({"daily_limit_reached": texts.limit_reached, "sending_off": texts.sending_off})
        for language, texts in TEXTS.items()
    }
)
"""Language -> translation key -> text of a refused send."""


def form_fields(language: str) -> dict[str, Any]:
    """``data`` and ``data_description`` of a form that has both fields."""
    texts = TEXTS[language]
    pairs = {CONF_DAILY_LIMIT: texts.daily_limit, CONF_REPEAT_WINDOW: texts.repeat_window}
    return {
        "data": {key: label for key, (label, _) in pairs.items()},
        "data_description": {key: help_text for key, (_, help_text) in pairs.items()},
    }


def translations(domain: str, language: str) -> dict[str, Any]:
    """The guard's part of ``custom_components/<domain>/translations/<language>.json``.

    The fields sit in the set-up form and in every step of the options form (a provider that
    calls back has a second one, for Home Assistant without an external URL).
    """
    texts = TEXTS[language]
    fields = form_fields(language)
    option_steps = ["init", *([STEP_NO_EXTERNAL_URL] if provider_class(domain).callback_methods else [])]
    limit_field = {key: {CONF_DAILY_LIMIT: value[CONF_DAILY_LIMIT]} for key, value in fields.items()}
    return {
        "config": {"step": {"user": fields}},
        "options": {"step": dict.fromkeys(option_steps, fields)},
        "entity": {
            "switch": {SWITCH_KEY: {"name": texts.switch}},
            "sensor": {
                SENSOR_KEY: {
                    "name": texts.sensor,
                    "unit_of_measurement": texts.unit,
                    "state_attributes": {
                        key: {"name": name} for key, name in zip(SENSOR_ATTRIBUTES, texts.attributes, strict=True)
                    },
                }
            },
        },
        "issues": {
            ISSUE_KEY: {
                "title": texts.issue_title,
                "fix_flow": {
                    "step": {"limit": {"title": texts.fix_title, "description": texts.fix_description, **limit_field}}
                },
            }
        },
        "exceptions": {key: {"message": text} for key, text in EXCEPTIONS[language].items()},
    }


__all__ = [
    "CONF_DAILY_LIMIT",
    "CONF_REPEAT_WINDOW",
    "EXCEPTIONS",
    "GUARD_KEYS",
    "ISSUE_KEY",
    "SUGGESTED",
    "TEXTS",
    "error_placeholders",
    "limits",
    "translations",
]
