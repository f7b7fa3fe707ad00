"""An account's configuration, derived from each provider's own declarations: the YAML of
the five notify platforms, the provider that YAML or an entry's data builds, and what a
config entry's options and subentries say (its default country, its recipients).

A provider class states which credentials it takes (``credentials``), whether it has an
official API base (``default_api_url``; the white-label gateway has none, so ``api_url``
is required there) and which region it assumes for national numbers
(``default_country``). :func:`platform_schema` turns those declarations into the
platform's ``PLATFORM_SCHEMA`` (docs/home-assistant.md, "YAML notify platforms"), and the
rules are the core's: the sender, every recipient, the country and the API base are checked
by :mod:`notify_plugins.validation` at setup, and the provider's constructor has the last
word on the credentials (Spryng's "exactly one set", Smstools' key without ``:``).

Home Assistant prints the value at an error's path ("got ...") next to the message. A
credential error therefore points one step below the credential (:data:`HIDDEN`), where
there is nothing to print, so a bad key names its YAML key and the rule but never its value.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

import phonenumbers
import voluptuous as vol
from homeassistant.components.notify import PLATFORM_SCHEMA as NOTIFY_PLATFORM_SCHEMA
from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.const import CONF_COUNTRY, CONF_NAME, CONF_RECIPIENT, CONF_SENDER
from homeassistant.helpers import config_validation as cv

from ..errors import ValidationError
from ..providers import provider_class
from ..providers.base import Provider
from ..validation import normalize_number, validate_api_url, validate_country, validate_sender
from .const import CONF_API_URL, CONF_CALLBACK_URL, CREDENTIAL_KEYS, SUBENTRY_RECIPIENT
from .spend import GUARD_KEYS

HIDDEN = "<value hidden>"
"""Path step below a credential in setup errors: there is no value there to print."""

QUOTE_HINT = 'write it in quotes, e.g. "+46701234567": YAML reads unquoted digits as a number (a leading 0 as octal)'


def load_number_metadata() -> None:
    """Load every region's numbering metadata now rather than on first use.

    ``phonenumbers`` imports a region's metadata module the first time a number of that
    region is checked, and those checks run on Home Assistant's event loop (setup
    validation, each call's ``target``). Home Assistant imports platform modules in its
    import executor, so loading everything while this module is imported keeps that disk
    I/O off the loop; it costs about half a second and 2 MB, once.
    """
    phonenumbers.PhoneMetadata.load_all()


load_number_metadata()


def credential_keys(provider: type[Provider]) -> tuple[str, ...]:
    """Every credential key the provider accepts, in declaration order."""
    return tuple(dict.fromkeys(key for credential_set in provider.credentials for key in credential_set))


def default_country(entry: ConfigEntry) -> str | None:
    """The region of an entry's national numbers: its option, else the provider's own."""
    country: str | None = entry.options.get(CONF_COUNTRY) or provider_class(entry.domain).default_country
    return country


def recipient_subentries(entry: ConfigEntry) -> list[ConfigSubentry]:
    """The entry's recipients, in the order they were added."""
    return [sub for sub in entry.subentries.values() if sub.subentry_type == SUBENTRY_RECIPIENT]


def _reason(err: ValidationError) -> str:
    """The core's message without its ``field:`` prefix; Home Assistant adds the key."""
    return str(err).removeprefix(f"{err.field}: ")


def _core_rule(check: Callable[[Any], str]) -> Callable[[Any], str]:
    """A voluptuous validator that applies a core check and keeps its wording."""

    def validator(value: Any) -> str:
        try:
            return check(value)
        except ValidationError as err:
            raise vol.Invalid(_reason(err)) from None

    return validator


def _quoted(value: Any) -> str:
    """Numbers and numeric senders must reach us as the text the user wrote."""
    if isinstance(value, bool) or not isinstance(value, str):
        raise vol.Invalid(QUOTE_HINT if isinstance(value, int) else f"must be text, not {type(value).__name__}")
    return value


def _credential(value: Any) -> str:
    """A credential is text (a number is taken as its digits); errors never echo it."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise vol.Invalid(f"must be text, not {type(value).__name__}", path=[HIDDEN])
    text = str(value).strip()
    if not text:
        raise vol.Invalid("is empty", path=[HIDDEN])
    return text


def build_provider(provider: type[Provider], config: Mapping[str, Any]) -> Provider:
    """The provider for a validated platform configuration (raises ``ValidationError``)."""
    options: dict[str, Any] = {key: config[key] for key in credential_keys(provider) if config.get(key) is not None}
    for key in (CONF_API_URL, CONF_CALLBACK_URL):
        if config.get(key) is not None:
            options[key] = config[key]
    return provider(**options)


def _error_path(field: str, config: Mapping[str, Any]) -> list[Hashable]:
    if field in CREDENTIAL_KEYS:
        return [field, HIDDEN]
    return [field] if field in config else []


def _settle(provider: type[Provider]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Checks that need the whole configuration: recipients against the effective country,
    and the credentials and API base against the provider's constructor."""

    def validator(config: dict[str, Any]) -> dict[str, Any]:
        country = config.get(CONF_COUNTRY) or provider.default_country
        errors: list[vol.Invalid] = []
        recipients: dict[str, None] = {}
        for index, number in enumerate(config[CONF_RECIPIENT]):
            try:
                recipients[normalize_number(number, country)] = None
            except ValidationError as err:
                errors.append(vol.Invalid(_reason(err), path=[CONF_RECIPIENT, index]))
        try:
            build_provider(provider, config)
        except ValidationError as err:
            errors.append(vol.Invalid(_reason(err), path=_error_path(err.field, config)))
        if errors:
            raise vol.MultipleInvalid(errors)
        return {**config, CONF_RECIPIENT: list(recipients)}

    return validator


def platform_schema(provider: type[Provider]) -> Callable[[Any], dict[str, Any]]:
    """``PLATFORM_SCHEMA`` for the notify platform of ``provider`` (domain = ``provider.key``).

    With a single credential set its keys are required; with several (Spryng) each key is
    optional and the provider's constructor insists on exactly one complete set. ``name``
    defaults to the domain, so an unnamed platform becomes ``notify.<domain>`` instead of
    colliding with others as ``notify.notify``. Unknown keys are errors (the notify
    component's base schema lets them through), so a misspelt ``recipients:`` is caught.
    ``daily_limit`` and ``repeat_window`` are the spend guard's, 0 (off) unless given.
    """
    single_set = len(provider.credentials) == 1
    credential_marker = vol.Required if single_set else vol.Optional
    api_url_marker = vol.Optional if provider.default_api_url else vol.Required
    fields: dict[Any, Any] = {
        vol.Optional(CONF_NAME, default=provider.key): cv.string,
        **{credential_marker(key): _credential for key in credential_keys(provider)},
        vol.Required(CONF_SENDER): vol.All(_quoted, _core_rule(validate_sender)),
        vol.Optional(CONF_RECIPIENT, default=[]): vol.All(cv.ensure_list, [_quoted]),
        vol.Optional(CONF_COUNTRY): _core_rule(validate_country),
        api_url_marker(CONF_API_URL): _core_rule(validate_api_url),
        **{vol.Optional(key, default=0): cv.positive_int for key in GUARD_KEYS},
    }
    schema: Callable[[Any], dict[str, Any]] = vol.All(
        NOTIFY_PLATFORM_SCHEMA.extend(fields, extra=vol.PREVENT_EXTRA), _settle(provider)
    )
    return schema
