"""The UI set-up shared by the five integrations: account, options and recipients.

An integration's ``config_flow.py`` is one subclass, ``class ConfigFlow(SmsConfigFlow,
domain=DOMAIN)`` naming its provider class; everything else is derived from what the
provider declares (its credential keys, whether it has a default API base, its country).

* **Account** (:class:`SmsConfigFlow`): the credentials and the sender, checked against the
  provider (:mod:`.account`) before the entry is made. ``api_url`` sits in a collapsed
  section of the form (:data:`~.const.SECTION_API`), except for the white-label gateway,
  which has no default and asks for it among the other fields. The section's value is
  flattened before it is checked, so an entry's ``data`` is one flat mapping whatever the
  form looked like. Secrets live in the entry's ``data``; the default country is an option.
* **Re-authentication** asks for the credentials only; **reconfigure** for the sender (and
  ``api_url``), checked with the stored credentials. Both store the new data and let the
  entry's update listener (:mod:`.entry`) reload it, once; an entry that is not loaded has
  no listener, so the flow schedules its reload itself.
* **Recipients** (:class:`RecipientFlow`) are config subentries: a name and a number,
  stored normalised; each becomes a notify entity.
* **Spend guard**: ``daily_limit`` and ``repeat_window`` are options
  (:func:`~.spend.limit_fields`). The set-up form offers the suggested values
  (:data:`~.spend.SUGGESTED`) and stores them in the new entry's options; *Configure*
  changes them; an entry made before has none, so both rules are off for it.

Library errors become form errors by :func:`form_error`: refused credentials
``invalid_auth`` (at the key when the form has one credential), no usable answer
``cannot_connect`` (``api_url_unanswered`` when the user typed the API URL), a sender the
core or the provider refuses ``invalid_sender``, a sender the account has not had approved
``sender_not_approved``, an API URL that is not one ``invalid_api_url``, anything
unexpected ``unknown`` (logged with its traceback). A form shown again with errors keeps
what the user typed (:func:`_typed`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar

import voluptuous as vol
from homeassistant.components import webhook
from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlow,
    SubentryFlowResult,
)
from homeassistant.const import CONF_API_KEY, CONF_COUNTRY, CONF_NAME, CONF_SENDER, CONF_USERNAME, CONF_WEBHOOK_ID
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import AbortFlow, section
from homeassistant.helpers import translation
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
    CountrySelector,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)

from ..client import AsyncSmsClient
from ..errors import (
    AuthenticationError,
    ProviderResponseError,
    RateLimitedError,
    TransportError,
    ValidationError,
)
from ..http.aio import AsyncTransport
from ..providers import provider_class
from ..providers.base import Provider
from ..validation import normalize_number, validate_country
from .account import Account, SenderNotApproved, account_title, async_check_account
from .config import build_provider, credential_keys, default_country
from .const import (
    CONF_API_SECRET,
    CONF_API_URL,
    CONF_NUMBER,
    CONF_SECRET,
    COUNTRY_NAMES_KEY,
    CREDENTIAL_KEYS,
    SECTION_API,
    STEP_NO_EXTERNAL_URL,
    SUBENTRY_RECIPIENT,
)
from .spend import GUARD_KEYS, SUGGESTED, limit_fields, whole_numbers
from .webhook import reachable_webhook_url

_LOGGER = logging.getLogger(__name__)

SECRET_KEYS = frozenset({CONF_API_KEY, CONF_API_SECRET, CONF_SECRET})
"""Credential fields typed as passwords, never shown again once entered."""

CONNECTION_ERRORS = (TransportError, ProviderResponseError, RateLimitedError)
"""No usable answer from the provider: nothing is known about the credentials."""

FORM_ERRORS = (
    "invalid_auth",
    "cannot_connect",
    "invalid_sender",
    "sender_not_approved",
    "invalid_api_url",
    "api_url_unanswered",
    "invalid_input",
    "unknown",
)
"""Every error the account forms can show (``config.error`` in the translations)."""

BASE = "base"

FIELD_ERRORS: Mapping[str, str] = MappingProxyType({CONF_SENDER: "invalid_sender", CONF_API_URL: "invalid_api_url"})
"""A field's own error key for a value the core or the provider refuses (else ``invalid_input``)."""

EXAMPLE_API_URL = "https://sms.example.com"
"""Shown in the gateway's ``api_url`` help as a placeholder: translations carry no URLs."""


def form_error(err: Exception, fields: Mapping[str, Any], data: Mapping[str, Any] | None = None) -> tuple[str, str]:
    """``(field or "base", error key)`` for an exception of the account check of ``data``.

    Refused credentials are shown at the credential when the form has only one; a
    ``ValidationError`` of a field on the form at that field; no usable answer from an API
    URL the user typed at that URL (it may be the wrong address). Anything else is a
    form-wide error.
    """
    credentials = [field for field in fields if field in CREDENTIAL_KEYS]
    if isinstance(err, AuthenticationError):
        return (credentials[0] if len(credentials) == 1 else BASE), "invalid_auth"
    if isinstance(err, SenderNotApproved):
        return CONF_SENDER, "sender_not_approved"
    if isinstance(err, ValidationError):
        return _place(err.field, fields), FIELD_ERRORS.get(err.field, "invalid_input")
    if isinstance(err, TransportError | ProviderResponseError) and (data or {}).get(CONF_API_URL):
        return _place(CONF_API_URL, fields), "api_url_unanswered"
    if isinstance(err, CONNECTION_ERRORS):
        return BASE, "cannot_connect"
    _LOGGER.exception("Unexpected error while checking the account", exc_info=err)
    return BASE, "unknown"


def _place(field: str, fields: Mapping[str, Any]) -> str:
    """Where the form shows an error about ``field``: at the field, above the section that
    holds it (Home Assistant shows no errors inside a section), else at the top."""
    if field in fields:
        return field
    if field == CONF_API_URL and SECTION_API in fields:
        return SECTION_API
    return BASE


def _text(kind: TextSelectorType = TextSelectorType.TEXT) -> TextSelector:
    return TextSelector(TextSelectorConfig(type=kind))


def _section_last(fields: Mapping[Any, Any]) -> dict[Any, Any]:
    """``fields`` with the collapsed API address section at the end: a form is read top to
    bottom, and that section is for few users, after every field all of them fill in."""
    return dict(sorted(fields.items(), key=lambda item: str(item[0]) == SECTION_API))


def _cleaned(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Form values, sections flattened, without surrounding blanks; empty optional fields
    are left out."""
    flat = {key: value for key, value in user_input.items() if key != SECTION_API}
    flat.update(user_input.get(SECTION_API) or {})
    values = {key: value.strip() if isinstance(value, str) else value for key, value in flat.items()}
    return {key: value for key, value in values.items() if value not in (None, "")}


def _sectioned(values: Mapping[str, Any]) -> dict[str, Any]:
    """Flat values shaped like the form: ``api_url`` inside :data:`SECTION_API`."""
    shaped = {key: value for key, value in values.items() if key != CONF_API_URL}
    if CONF_API_URL in values:
        shaped[SECTION_API] = {CONF_API_URL: values[CONF_API_URL]}
    return shaped


class SmsConfigFlow(ConfigFlow):
    """The account of one provider; subclasses set :attr:`provider` and ``domain=``."""

    VERSION = 1
    provider: ClassVar[type[Provider]]

    # -- schemas -----------------------------------------------------------------------

    def _credentials_schema(self) -> dict[Any, Any]:
        """Required keys for a provider with one credential set; Spryng's two sets are
        optional fields, and its constructor insists on exactly one complete set."""
        marker = vol.Required if len(self.provider.credentials) == 1 else vol.Optional
        return {
            marker(key): _text(TextSelectorType.PASSWORD if key in SECRET_KEYS else TextSelectorType.TEXT)
            for key in credential_keys(self.provider)
        }

    def _settings_schema(self) -> dict[Any, Any]:
        fields: dict[Any, Any] = {vol.Required(CONF_SENDER): _text()}
        if self.provider.default_api_url is None:
            fields[vol.Required(CONF_API_URL)] = _text(TextSelectorType.URL)
        else:
            api = vol.Schema({vol.Optional(CONF_API_URL): _text(TextSelectorType.URL)})
            fields[vol.Optional(SECTION_API)] = section(api, {"collapsed": True})
        return fields

    def _form_values(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Flat values shaped like the form: ``api_url`` where the form has it."""
        return dict(values) if self.provider.default_api_url is None else _sectioned(values)

    def _placeholders(self) -> dict[str, str]:
        return {
            "provider": self.provider.name,
            "default_api_url": self.provider.default_api_url or "-",
            "example_api_url": EXAMPLE_API_URL,
        }

    # -- the check ---------------------------------------------------------------------

    async def _async_check(
        self, data: Mapping[str, Any], fields: Mapping[str, Any]
    ) -> tuple[Account | None, dict[str, str]]:
        """The account behind ``data``, or the form errors that say why there is none."""
        try:
            provider = build_provider(self.provider, data)
            client = AsyncSmsClient(provider, AsyncTransport(async_get_clientsession(self.hass)))
            client.failure_log_level = logging.DEBUG
            return await async_check_account(client, data[CONF_SENDER], data.get(CONF_USERNAME)), {}
        except Exception as err:  # every failure becomes a form error; form_error logs the unexpected
            field, key = form_error(err, fields, data)
            return None, {field: key}

    # -- user --------------------------------------------------------------------------

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Credentials and sender, checked against the provider, and the spend guard's limits."""
        fields = _section_last({**self._credentials_schema(), **self._settings_schema(), **limit_fields()})
        errors: dict[str, str] = {}
        if user_input is not None:
            data = whole_numbers(_cleaned(user_input))
            options = {key: data.pop(key) for key in GUARD_KEYS if key in data}
            account, errors = await self._async_check(data, {str(key): None for key in fields})
            if account is not None:
                await self.async_set_unique_id(account.unique_id)
                self._abort_if_unique_id_configured()
                if self.provider.callback_methods:  # where delivery reports reach Home Assistant
                    data[CONF_WEBHOOK_ID] = webhook.async_generate_id()
                return self.async_create_entry(title=account.title, data=data, options=options)
        typed = _cleaned(user_input) if user_input is not None else dict(SUGGESTED)
        shown = self._form_values(_typed(typed, errors))
        schema = self.add_suggested_values_to_schema(vol.Schema(fields), shown)
        return self.async_show_form(
            step_id="user", data_schema=schema, errors=errors, description_placeholders=self._placeholders()
        )

    # -- re-authentication ---------------------------------------------------------------

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """The provider refused the stored credentials (at set-up or on a send)."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """New credentials for the same account; the sender and API base stay."""
        entry = self._get_reauth_entry()
        fields = self._credentials_schema()
        errors: dict[str, str] = {}
        if user_input is not None:
            credentials = _cleaned(user_input)
            kept = {key: value for key, value in entry.data.items() if key not in credential_keys(self.provider)}
            account, errors = await self._async_check({**kept, **credentials}, {str(key): None for key in fields})
            if account is not None:
                return await self._async_update(entry, account, {**kept, **credentials})
        shown = _typed(user_input, errors) if user_input is not None else _without_secrets(entry.data)
        schema = self.add_suggested_values_to_schema(vol.Schema(fields), shown)
        return self.async_show_form(
            step_id="reauth_confirm", data_schema=schema, errors=errors, description_placeholders=self._placeholders()
        )

    # -- reconfigure -------------------------------------------------------------------

    async def async_step_reconfigure(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Another sender or API base for the same account, checked with the stored credentials."""
        entry = self._get_reconfigure_entry()
        fields = self._settings_schema()
        errors: dict[str, str] = {}
        if user_input is not None:
            credentials = {key: value for key, value in entry.data.items() if key in credential_keys(self.provider)}
            data = {**credentials, **_cleaned(user_input)}
            account, errors = await self._async_check(data, {str(key): None for key in fields})
            if account is not None:
                return await self._async_update(entry, account, data)
        shown = _cleaned(user_input) if user_input is not None else _without_secrets(entry.data)
        schema = self.add_suggested_values_to_schema(vol.Schema(fields), self._form_values(shown))
        return self.async_show_form(
            step_id="reconfigure", data_schema=schema, errors=errors, description_placeholders=self._placeholders()
        )

    async def _async_update(self, entry: ConfigEntry, account: Account, data: Mapping[str, Any]) -> ConfigFlowResult:
        """Store the new data; an account that names itself must be the entry's own.

        An id that is only a digest of the credentials (:attr:`Account.names_account`
        False) cannot tell one account from another, so it is replaced, keeping duplicate
        detection right for the new credentials.

        A loaded entry's update listener reloads it when the data changed: Home Assistant
        warns from 2026.6 when ``async_update_reload_and_abort`` is used on an entry that
        has one (and reloads twice before).
        """
        await self.async_set_unique_id(account.unique_id)
        if account.names_account:
            self._abort_if_unique_id_mismatch(reason="wrong_account")
        elif any(
            other.entry_id != entry.entry_id and other.unique_id == account.unique_id
            for other in self._async_current_entries(include_ignore=False)
        ):
            raise AbortFlow("already_configured")
        if CONF_WEBHOOK_ID in entry.data:  # the provider keeps calling the same webhook
            data = {**data, CONF_WEBHOOK_ID: entry.data[CONF_WEBHOOK_ID]}
        automatic = {self.provider.name, account_title(self.provider.name, str(entry.data.get(CONF_SENDER, "")))}
        title = account.title if entry.title in automatic else entry.title  # a title the user chose stays
        self.hass.config_entries.async_update_entry(entry, unique_id=account.unique_id, title=title, data=data)
        if not entry.update_listeners:  # not loaded: no listener reloads it
            self.hass.config_entries.async_schedule_reload(entry.entry_id)
        return self.async_abort(
            reason="reconfigure_successful" if self.source == SOURCE_RECONFIGURE else "reauth_successful"
        )

    # -- options and subentries ----------------------------------------------------------

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> SmsOptionsFlow:
        return SmsOptionsFlow()

    @classmethod
    @callback
    def async_get_supported_subentry_types(cls, config_entry: ConfigEntry) -> dict[str, type[ConfigSubentryFlow]]:
        return {SUBENTRY_RECIPIENT: RecipientFlow}


def _without_secrets(values: Mapping[str, Any] | None) -> dict[str, Any]:
    """Stored values to show in a form: never a stored secret."""
    return {key: value for key, value in (values or {}).items() if key not in SECRET_KEYS}


def _typed(user_input: Mapping[str, Any] | None, errors: Mapping[str, str]) -> dict[str, Any]:
    """What the user just typed, to show again with the form's errors.

    Everything stays, the secrets too (only to the form they were typed into), so an error
    about the sender or the URL never makes the user type the key again; only credentials
    the provider refused are cleared, to be typed anew.
    """
    if "invalid_auth" in errors.values():
        return _without_secrets(user_input)
    return dict(user_input or {})


async def async_country_name(hass: HomeAssistant, domain: str, code: str | None) -> str:
    """``SE`` -> ``Sweden`` (``Sverige`` in Swedish) for a help text; ``-`` for none.

    A placeholder is filled in before Home Assistant translates the text around it, without
    knowing the browser's language. The name is read from the integration's translation
    files in Home Assistant's own language (English where the integration does not speak
    it, as the text around it then is), so a Swedish sentence does not name an English
    country; a country the files do not name shows as its code.
    """
    if code is None:
        return "-"
    names = await translation.async_get_translations(hass, hass.config.language, "selector", [domain])
    return names.get(f"component.{domain}.selector.{COUNTRY_NAMES_KEY}.options.{code.lower()}", code.upper())


class SmsOptionsFlow(OptionsFlow):
    """The default country for national numbers (recipients and action calls) and the spend
    guard's limits."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        errors: dict[str, str] = {}
        if user_input is not None:
            options = whole_numbers(_cleaned(user_input))
            try:
                if CONF_COUNTRY in options:
                    options[CONF_COUNTRY] = validate_country(options[CONF_COUNTRY])
            except ValidationError:
                errors[CONF_COUNTRY] = "invalid_country"
            else:
                return self.async_create_entry(data=options)
        schema = self.add_suggested_values_to_schema(
            vol.Schema({vol.Optional(CONF_COUNTRY): CountrySelector(), **limit_fields()}),
            user_input or self.config_entry.options,
        )
        provider = provider_class(self.config_entry.domain)
        # from Home Assistant, not the loaded entry: an entry that could not be loaded has
        # an external URL all the same, and saving the options reloads it with this one
        url = reachable_webhook_url(self.hass, self.config_entry.data.get(CONF_WEBHOOK_ID))
        placeholders = {
            "provider": provider.name,
            "default_country": await async_country_name(self.hass, provider.key, provider.default_country),
        }
        if provider.callback_methods and url is None:
            return self.async_show_form(
                step_id=STEP_NO_EXTERNAL_URL, data_schema=schema, errors=errors, description_placeholders=placeholders
            )
        return self.async_show_form(
            step_id="init",
            data_schema=schema,
            errors=errors,
            description_placeholders={**placeholders, "webhook_url": url or "-"},
        )

    async def async_step_no_external_url(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """The form without a delivery-report URL is answered like the other."""
        return await self.async_step_init(user_input)


class RecipientFlow(ConfigSubentryFlow):
    """A recipient of the account: a name and a number, one notify entity."""

    def _schema(self) -> vol.Schema:
        return vol.Schema({vol.Required(CONF_NAME): _text(), vol.Required(CONF_NUMBER): _text(TextSelectorType.TEL)})

    def _check(
        self, entry: ConfigEntry, user_input: Mapping[str, Any], own_id: str | None
    ) -> tuple[str, dict[str, str]]:
        """The normalised number, or the errors of the form."""
        try:
            number = normalize_number(str(user_input[CONF_NUMBER]), default_country(entry))
        except ValidationError:
            return "", {CONF_NUMBER: "invalid_number"}
        taken = {sub.unique_id for sub_id, sub in entry.subentries.items() if sub_id != own_id}
        if number in taken:
            return number, {CONF_NUMBER: "already_configured"}
        return number, {}

    async def _placeholders(self, entry: ConfigEntry) -> dict[str, str]:
        """The help text names the country of national numbers."""
        return {"country": await async_country_name(self.hass, entry.domain, default_country(entry))}

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        entry = self._get_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            number, errors = self._check(entry, user_input, None)
            if not errors:
                name = str(user_input[CONF_NAME]).strip() or number
                return self.async_create_entry(
                    title=name, data={CONF_NAME: name, CONF_NUMBER: number}, unique_id=number
                )
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(self._schema(), user_input),
            errors=errors,
            description_placeholders=await self._placeholders(entry),
        )

    async def async_step_reconfigure(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        entry = self._get_entry()
        subentry = self._get_reconfigure_subentry()
        errors: dict[str, str] = {}
        if user_input is not None:
            number, errors = self._check(entry, user_input, subentry.subentry_id)
            if not errors:
                name = str(user_input[CONF_NAME]).strip() or number
                return self.async_update_and_abort(
                    entry, subentry, title=name, data={CONF_NAME: name, CONF_NUMBER: number}, unique_id=number
                )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(self._schema(), user_input or subentry.data),
            errors=errors,
            description_placeholders=await self._placeholders(entry),
        )
