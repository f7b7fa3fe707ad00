"""The generated files of each integration: ``translations/en.json``, ``services.yaml``,
``quality_scale.yaml`` and ``manifest.json``, from the texts and tables in this module
(and :mod:`.quality`, :mod:`.manifest`).

English is written here once, as data, with the texts of the modules that use them
(:mod:`.sensor`, :mod:`.repairs`, :mod:`.coordinator`, :mod:`.delivery_event`,
:mod:`.spend`); each integration's ``en.json`` is derived from it and from what its provider
declares (credential keys, default API base, whether delivery can be polled), so the five
integrations cannot drift apart. The provider's home language (:data:`HOME_LANGUAGES`) has
one source too, the file next to it (``sv.json`` for ProSMS.se...): translated by hand, never
written here, read by Home Assistant (and by the forms for the country names in their help
texts), and the test suite checks that it has exactly the keys and placeholders of
``en.json``.

Run ``make generate`` (``python -m notify_plugins.homeassistant.strings``) after changing a
text or the version to rewrite the files under ``custom_components/``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from homeassistant.const import CONF_API_KEY, CONF_COUNTRY, CONF_NAME, CONF_SENDER, CONF_USERNAME
from homeassistant.util.yaml import dump

from ..providers import PROVIDERS, provider_class
from ..providers.base import Provider
from . import coordinator, delivery_event, repairs, sensor, spend
from .action import (
    ATTR_CONFIG_ENTRY_ID,
    ATTR_MESSAGE,
    ATTR_MESSAGE_ID,
    ATTR_NUMBERS,
    ATTR_RECIPIENT,
    ATTR_REFERENCE,
    SERVICE_DELIVERY_STATUS,
    SERVICE_SEND_SMS,
)
from .config import credential_keys
from .const import (
    CONF_API_SECRET,
    CONF_API_URL,
    CONF_NUMBER,
    CONF_SECRET,
    COUNTRY_NAMES_KEY,
    SECTION_API,
    STEP_NO_EXTERNAL_URL,
    SUBENTRY_RECIPIENT,
)
from .devices import RECIPIENT_MODEL
from .errors import EXCEPTIONS

HOME_LANGUAGES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"prosms": ("sv",), "smsdk": ("da",), "smstools": ("it",), "spryng": ("nl",), "smsgw": ()}
)
"""The languages besides English each integration ships."""

FIELDS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        CONF_API_KEY: ("API key", "The API key of your {provider} account."),
        CONF_API_SECRET: ("API secret", "The secret that belongs to the API key."),
        CONF_USERNAME: ("Username", "Spryng Simple API only: the username, together with its secret."),
        CONF_SECRET: ("Secret", "Spryng Simple API only: the secret that goes with the username."),
        CONF_SENDER: (
            "Sender",
            "The name (3 to 11 letters and digits) or number (up to 15 digits) the SMS comes from.",
        ),
        CONF_API_URL: ("API URL", "The base address of the API; leave empty for {default_api_url}."),
    }
)
"""Form field -> (label, help text) of the account forms."""

GATEWAY_URL_HELP = "The base address of your gateway, such as {example_api_url}."
"""``api_url`` where the provider has no default to fall back on."""

API_SECTION = {
    "name": "API address",
    "description": "Only for a reseller's server or a test server; leave it closed otherwise.",
}
"""The collapsed form section that holds ``api_url`` where the provider has a default. Its
description takes no placeholders: Home Assistant 2025.4 fills none in a section's
description and shows a translation error instead (the field's help below names the default)."""

CONFIG_ERRORS: Mapping[str, str] = MappingProxyType(
    {
        "invalid_auth": "The provider refused the credentials.",
        "cannot_connect": "The provider could not be reached or gave no usable answer. Try again later.",
        "invalid_sender": (
            "This sender cannot be used: a name has 3 to 11 letters and digits, a number up to 15 digits."
        ),
        "sender_not_approved": (
            "The account has not had this sender name approved yet. Approve it in the provider's web "
            "interface, or use an approved one."
        ),
        "invalid_api_url": ("This is not a usable API URL: give the full base address, such as {example_api_url}."),
        "api_url_unanswered": (
            "Nothing at this address answered as the {provider} API does: check that it is the API's base address."
        ),
        "invalid_input": "This value is not valid for the provider; check it for typos or missing parts.",
        "unknown": "Unexpected error; the log has the details.",
    }
)

CONFIG_ABORTS: Mapping[str, str] = MappingProxyType(
    {
        "already_configured": "This account is already set up.",
        "reauth_successful": "Re-authentication was successful.",
        "reconfigure_successful": "Re-configuration was successful.",
        "wrong_account": "These credentials belong to another account than the one being updated.",
    }
)


def _field_texts(provider: type[Provider], keys: tuple[str, ...]) -> dict[str, Any]:
    """A form step's ``data`` and ``data_description``; ``api_url`` in its section where
    the provider has a default (:data:`~.const.SECTION_API`)."""
    in_section = provider.default_api_url is not None and CONF_API_URL in keys
    fields = tuple(key for key in keys if not (in_section and key == CONF_API_URL))
    help_texts = {key: FIELDS[key][1] for key in fields}
    if CONF_API_URL in help_texts:
        help_texts[CONF_API_URL] = GATEWAY_URL_HELP
    texts: dict[str, Any] = {"data": {key: FIELDS[key][0] for key in fields}, "data_description": help_texts}
    if in_section:
        label, help_text = FIELDS[CONF_API_URL]
        texts["sections"] = {
            SECTION_API: {
                **API_SECTION,
                "data": {CONF_API_URL: label},
                "data_description": {CONF_API_URL: help_text},
            }
        }
    return texts


ADD_ACCOUNT = "Add account"
"""The integration page's button that starts the set-up flow. Home Assistant 2026.11 shows
it in place of the wording of the integration type (*Add service*); 2025.4 ignores it."""


def _config(provider: type[Provider]) -> dict[str, Any]:
    credentials = credential_keys(provider)
    settings = (CONF_SENDER, CONF_API_URL)
    either = len(provider.credentials) > 1
    how = (
        "Give either an API key (REST API) or a username and secret (Simple API). "
        if either
        else "Give the credentials of your account. "
    )
    return {
        "initiate_flow": {"user": ADD_ACCOUNT},
        "step": {
            "user": {
                "title": "Set up {provider}",
                "description": how + "They are checked with {provider} before the account is added; nothing is sent.",
                **_field_texts(provider, (*credentials, *settings)),
            },
            "reauth_confirm": {
                "title": "Re-authenticate {name}",
                "description": "{provider} refused the stored credentials. Enter the current ones.",
                **_field_texts(provider, credentials),
            },
            "reconfigure": {
                "title": "Reconfigure {provider}",
                "description": "Change the sender or the API URL; the stored credentials are checked with them.",
                **_field_texts(provider, settings),
            },
        },
        "error": dict(CONFIG_ERRORS),
        "abort": dict(CONFIG_ABORTS),
        "create_entry": {"default": CREATED},
    }


WEBHOOK_NOTES: Mapping[str, str] = MappingProxyType(
    {
        "per_send": " Delivery reports come back to Home Assistant at {webhook_url} (sent with every SMS).",
        "portal": " For delivery reports, enter {webhook_url} as the callback URL in the {provider} portal.",
    }
)
"""The options form's last sentence: where delivery reports reach Home Assistant."""


def webhook_note(provider: type[Provider]) -> str | None:
    """Which :data:`WEBHOOK_NOTES` entry fits the provider: None when it never calls back."""
    if not provider.callback_methods:
        return None
    return "per_send" if provider.supports_callback else "portal"


NO_EXTERNAL_URL = (
    " Delivery reports need Home Assistant's external URL, and none is set: add one under Settings > System > "
    "Network, then reload this account."
)
"""The options form's last sentence when the provider would call back but cannot reach Home Assistant."""

CREATED = (
    "Each person to text becomes a recipient of the account: on this integration's page, open the account's "
    "⋮ menu and choose **Add recipient**."
)
"""Shown when an account has been added: where recipients are added (not the visible button, which
adds another account)."""


def _options(provider: type[Provider]) -> dict[str, Any]:
    note = webhook_note(provider)
    country = (
        "Without a choice, {provider} uses {default_country}."
        if provider.default_country
        else "Without a choice, numbers need their international prefix."
    )
    intro = "Numbers written without an international prefix are read as numbers of this country. " + country
    form = {
        "title": "{provider} options",
        "data": {CONF_COUNTRY: "Default country"},
        "data_description": {CONF_COUNTRY: "The country of numbers that start with a single 0."},
    }
    steps = {"init": {**form, "description": intro + (WEBHOOK_NOTES[note] if note else "")}}
    if note:
        steps[STEP_NO_EXTERNAL_URL] = {**form, "description": intro + NO_EXTERNAL_URL}
    return {"step": steps, "error": {"invalid_country": "This is not a two-letter country code."}}


def _subentries() -> dict[str, Any]:
    fields = {CONF_NAME: "Name", CONF_NUMBER: "Phone number"}
    help_texts = {
        CONF_NAME: (
            "Names the recipient's device; its notify entity and notify action end in the name, e.g. _mum for Mum."
        ),
        CONF_NUMBER: "With +country code, or a national number of {country}.",
    }
    return {
        SUBENTRY_RECIPIENT: {
            "initiate_flow": {"user": "Add recipient", "reconfigure": "Change recipient"},
            "entry_type": "Recipient",
            "step": {
                "user": {
                    "title": "Add a recipient",
                    "description": (
                        "Each recipient becomes a notify entity, and a notify action of the same name, "
                        "that sends an SMS to this number."
                    ),
                    "data": fields,
                    "data_description": help_texts,
                },
                "reconfigure": {
                    "title": "Change a recipient",
                    "description": (
                        "Change the name or the number of this recipient; its notify entity and notify action "
                        "keep their names."
                    ),
                    "data": fields,
                    "data_description": help_texts,
                },
            },
            "error": {
                "invalid_number": "This is not a valid phone number.",
                "already_configured": "This number is already a recipient of the account.",
            },
            "abort": {"reconfigure_successful": "The recipient was changed."},
        }
    }


ACCOUNT_FIELD = ("Account", "The account to use; needed only when several are set up.")


def _services(provider: type[Provider]) -> dict[str, Any]:
    found: dict[str, Any] = {
        SERVICE_SEND_SMS: {
            "name": "Send SMS",
            "description": "Sends an SMS to the recipients chosen as targets (their notify entities, devices, "
            "areas or labels) and to numbers, and answers per recipient with the provider's status, message id, "
            "parts and cost.",
            "fields": {
                ATTR_CONFIG_ENTRY_ID: ACCOUNT_FIELD,
                ATTR_MESSAGE: ("Message", "The text of the SMS."),
                ATTR_NUMBERS: ("Numbers", "Phone numbers to text besides the recipients chosen as targets."),
                CONF_SENDER: ("Sender", "Another sender for this message than the account's."),
                ATTR_REFERENCE: ("Reference", "Your own reference, reported back with the delivery status."),
            },
        }
    }
    if provider.supports_delivery_status:
        found[SERVICE_DELIVERY_STATUS] = {
            "name": "Delivery status",
            "description": "Asks the provider whether a sent message has been delivered.",
            "fields": {
                ATTR_CONFIG_ENTRY_ID: ACCOUNT_FIELD,
                ATTR_MESSAGE_ID: ("Message id", "The message_id that send_sms answered for the recipient."),
                ATTR_RECIPIENT: ("Recipient", "The number the message went to; the gateway needs it."),
            },
        }
    return {
        name: {
            "name": service["name"],
            "description": service["description"],
            "fields": {key: {"name": label, "description": text} for key, (label, text) in service["fields"].items()},
        }
        for name, service in found.items()
    }


FRAGMENTS: tuple[Mapping[str, Any], ...] = (sensor.ENGLISH, repairs.ENGLISH, coordinator.ENGLISH)
"""The English of the modules whose entities, repairs and errors they name; merged into every
integration's ``en.json``."""

COUNTRY_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "SE": "Sweden",
        "DK": "Denmark",
        "NO": "Norway",
        "FI": "Finland",
        "IT": "Italy",
        "NL": "Netherlands",
        "BE": "Belgium",
        "DE": "Germany",
    }
)
"""The countries the providers serve, named in the forms' help texts (:func:`~.flow.async_country_name`
reads them in Home Assistant's language); another country shows as its code."""

COUNTRIES: Mapping[str, Any] = MappingProxyType(
    {"selector": {COUNTRY_NAMES_KEY: {"options": {code.lower(): name for code, name in COUNTRY_NAMES.items()}}}}
)


def merged(base: dict[str, Any], fragment: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``fragment`` added, nested dictionaries merged key by key."""
    result = dict(base)
    for key, value in fragment.items():
        result[key] = merged(result[key], value) if isinstance(value, Mapping) and key in result else value
    return result


def fragments(domain: str) -> tuple[Mapping[str, Any], ...]:
    """The English of ``domain``'s modules: :data:`FRAGMENTS`, the delivery report event
    entity's texts where the provider calls back, the spend guard's and the country names."""
    found = (*FRAGMENTS, delivery_event.ENGLISH) if provider_class(domain).callback_methods else FRAGMENTS
    return (*found, spend.translations(domain), COUNTRIES)


def english(domain: str) -> dict[str, Any]:
    """The content of ``custom_components/<domain>/translations/en.json``."""
    found = _english(domain)
    for fragment in fragments(domain):
        found = merged(found, fragment)
    return found


def _english(domain: str) -> dict[str, Any]:
    provider = provider_class(domain)
    return {
        "config": _config(provider),
        "options": _options(provider),
        "config_subentries": _subentries(),
        "services": _services(provider),
        "exceptions": {key: {"message": text} for key, text in EXCEPTIONS.items()},
    }


def services_yaml(domain: str) -> dict[str, Any]:
    """The content of ``services.yaml``: fields and selectors; texts are in the translations."""
    account = {"selector": {"config_entry": {"integration": domain}}}
    text: dict[str, Any] = {"selector": {"text": {}}}
    found: dict[str, Any] = {
        SERVICE_SEND_SMS: {
            "target": {
                "entity": [{"integration": domain, "domain": "notify"}],
                "device": [{"integration": domain, "model": RECIPIENT_MODEL}],
            },
            "fields": {
                ATTR_CONFIG_ENTRY_ID: account,
                ATTR_MESSAGE: {
                    "required": True,
                    "example": "The door is open",
                    "selector": {"text": {"multiline": True}},
                },
                ATTR_NUMBERS: {
                    "example": '["+46701234567", "+46709876543"]',
                    "selector": {"text": {"multiple": True}},
                },
                CONF_SENDER: {"example": "HomeAlarm", **text},
                ATTR_REFERENCE: {"example": "door-1", **text},
            },
        }
    }
    if provider_class(domain).supports_delivery_status:
        found[SERVICE_DELIVERY_STATUS] = {
            "fields": {
                ATTR_CONFIG_ENTRY_ID: account,
                ATTR_MESSAGE_ID: {"required": True, **text},
                ATTR_RECIPIENT: {"example": "+46701234567", **text},
            }
        }
    return found


def _yaml(data: Any) -> str:
    """YAML without anchors: the JSON round trip gives every repeated value its own copy."""
    text: str = dump(json.loads(json.dumps(data)))
    return text


def write(components: Path) -> None:
    """Rewrite the generated files of every integration under ``components``."""
    from .manifest import manifest_json
    from .quality import quality_scale

    for domain in PROVIDERS:
        folder = components / domain
        (folder / "translations").mkdir(parents=True, exist_ok=True)
        (folder / "translations" / "en.json").write_text(
            json.dumps(english(domain), indent=2, ensure_ascii=False) + "\n"
        )
        (folder / "services.yaml").write_text(_yaml(services_yaml(domain)))
        (folder / "quality_scale.yaml").write_text(_yaml(quality_scale(domain)))
        (folder / "manifest.json").write_text(manifest_json(domain))


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd() / "custom_components")
