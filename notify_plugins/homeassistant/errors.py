"""How the library's outcomes reach Home Assistant users.

* Input that could never be sent (a bad number in ``target``, a bad ``data.sender``, an
  empty text) is the caller's to fix: :class:`ServiceValidationError`, raised before
  anything is sent.
* Anything the provider did not accept raises :class:`HomeAssistantError`, so an automation
  or script sees the failure; the message names every recipient that was not accepted,
  masked, with the provider's reason (:meth:`SendResult.summary`). Nothing is reported as
  sent that was not.
* Refused credentials and exhausted credit make every later send fail too, so besides
  raising they are logged once, with the remedy, by :class:`AccountProblems`; the next
  successful send re-arms the log line.
* A send the spend guard refused (the daily limit, the *SMS sending* switch) raises
  :class:`HomeAssistantError` with the guard's own translation key (:mod:`.spend`).

Each error carries a translation key whose English text is in :data:`EXCEPTIONS`, the one
source every integration's ``translations/en.json`` repeats (a test keeps them equal), and
the same text rendered as its message, so it reads well with or without translations.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from ..errors import (
    AuthenticationError,
    InsufficientCreditError,
    NotifyError,
    ProviderRejectedError,
    RateLimitedError,
    SpendGuardError,
    ValidationError,
)
from ..providers.base import Provider
from ..results import SendResult
from .spend import EXCEPTIONS as SPEND_EXCEPTIONS
from .spend import error_placeholders

_LOGGER = logging.getLogger(__name__)
E = TypeVar("E", bound=HomeAssistantError)

EXCEPTIONS: Mapping[str, str] = MappingProxyType(
    {
        "invalid_message": "Nothing was sent through {service}: {reason}",
        "no_recipients": (
            "Nothing was sent through {service}: there are no recipients; give target in the action "
            "or recipient in the platform configuration"
        ),
        "invalid_data": "Nothing was sent through {service}: data takes only {allowed}, not {keys}",
        "send_failed": "Not every recipient of {service} accepted the SMS: {summary}",
        "authentication_failed": (
            "{provider} refused the credentials of {service} ({reason}). Check {credentials} in the "
            "notify platform configuration and restart Home Assistant."
        ),
        "insufficient_credit": (
            "The {provider} account has too little credit to send through {service} ({reason}). "
            "Top up the account; sending works again as soon as there is credit."
        ),
        "rate_limited": "{provider} is rate limiting {service} ({reason}). Send less often or try again later.",
        "reauth_required": (
            "{provider} refused the credentials of {service} ({reason}). Re-authenticate the account "
            "under Settings > Devices & services, where Home Assistant now asks for it."
        ),
        "no_account": "Nothing was sent through {service}: no {provider} account is set up and loaded",
        "choose_account": (
            "Nothing was sent through {service}: there are several {provider} accounts; choose one with "
            "config_entry_id or pick recipients of one account"
        ),
        "account_not_loaded": "Nothing was sent through {service}: {entry} is not a loaded {provider} account",
        "not_a_recipient": "Nothing was sent through {service}: {entity} is not a recipient of that {provider} account",
        "no_recipient_targeted": (
            "Nothing was sent through {service}: {targets} holds no recipient of the {provider} account"
        ),
        "target_not_taken": (
            "Nothing was sent through {service}: it texts only its own recipient and takes no target; "
            "text other numbers with {action}"
        ),
        "status_unsupported": "{provider} has no delivery status lookup; it reports delivery by calling back",
        "status_needs_recipient": "{provider} looks delivery up by recipient and message id: give the recipient",
        "status_failed": "{provider} could not tell the delivery status through {service}: {reason}",
        "setup_auth_failed": "{provider} refused the credentials: {reason}",
        "setup_not_ready": "{provider} could not be reached to check the account: {reason}",
        "setup_sender_not_approved": "{provider} does not list {sender} among the approved sender names",
    }
)
"""Translation key -> English text with ``{placeholders}``: ``exceptions`` in en.json."""

ACCOUNT_ERRORS: tuple[tuple[type[NotifyError], str], ...] = (
    (AuthenticationError, "authentication_failed"),
    (InsufficientCreditError, "insufficient_credit"),
    (RateLimitedError, "rate_limited"),
)
"""Account-level errors (``SendResult.raise_for_failures`` keeps their class) and their key."""

LOGGED_ONCE = frozenset({"authentication_failed", "insufficient_credit"})
"""Failures that stay until the user acts, so a log line each call would only repeat."""

UI_KEYS: Mapping[str, str] = MappingProxyType({"authentication_failed": "reauth_required"})
"""Keys whose text tells a YAML user what to do, and the key that tells a config entry's user."""

DATA_KEYS = ("sender",)
"""What ``data`` may carry in a call."""


@dataclass(frozen=True, slots=True)
class ServiceIdentity:
    """What error texts need to say where a failure happened and what to check."""

    domain: str
    service: str
    """``notify.<name>``, as the user calls it."""
    provider: str
    """The provider's human name, e.g. ``ProSMS.se``."""
    credentials: str
    """The YAML keys that hold the credentials, in words (``api_key and api_secret``)."""
    configured_in_ui: bool = False
    """A config entry rather than YAML: refused credentials are fixed by re-authenticating,
    not by editing configuration.yaml and restarting."""

    def key(self, key: str) -> str:
        """The translation key whose remedy fits where this service was configured."""
        return UI_KEYS.get(key, key) if self.configured_in_ui else key


def describe_credentials(provider: type[Provider]) -> str:
    """The credential keys in words: ``api_key``, ``api_key and api_secret``,
    ``api_key, or username and secret``."""
    return ", or ".join(" and ".join(credential_set) for credential_set in provider.credentials)


def translation_file() -> dict[str, dict[str, dict[str, str]]]:
    """The content every integration's ``translations/en.json`` must have."""
    return {"exceptions": {key: {"message": text} for key, text in EXCEPTIONS.items()}}


def translated_error(
    error_class: type[E], domain: str, key: str, texts: Mapping[str, str], values: dict[str, str]
) -> E:
    """``error_class`` with Home Assistant's translation ``key`` of ``domain`` and its
    placeholders, and the English text from ``texts`` as the message (what logs show)."""
    return error_class(
        texts[key].format(**values),
        translation_domain=domain,
        translation_key=key,
        translation_placeholders=values,
    )


def service_error(
    error_class: type[E],
    identity: ServiceIdentity,
    key: str,
    *,
    texts: Mapping[str, str] = EXCEPTIONS,
    **placeholders: str,
) -> E:
    """An error of an action or entity, its text naming the service and the provider."""
    values = {"service": identity.service, "provider": identity.provider, **placeholders}
    return translated_error(error_class, identity.domain, key, texts, values)


def invalid_message(identity: ServiceIdentity, err: ValidationError) -> ServiceValidationError:
    """A message the core refused before sending (the reason names the field at fault)."""
    return service_error(ServiceValidationError, identity, "invalid_message", reason=str(err))


def _account_key(error: NotifyError | None) -> str | None:
    return next((key for cls, key in ACCOUNT_ERRORS if isinstance(error, cls)), None)


def provider_reason(error: NotifyError, provider: str) -> str:
    """What the provider said, for a sentence that already names the provider and says what to do.

    The library's message starts with the provider's name and may end with its own advice
    ("...; top up the account"); the provider's text and code say the same without either.
    """
    if error.text:
        text = error.text.strip().rstrip(".")
        return text if error.code is None else f"{text}, code {error.code}"
    return str(error).removeprefix(f"{provider}: ").split("; ", 1)[0].rstrip(".")


def _account_error(identity: ServiceIdentity, key: str, error: NotifyError) -> HomeAssistantError:
    return service_error(
        HomeAssistantError,
        identity,
        identity.key(key),
        reason=provider_reason(error, identity.provider),
        credentials=identity.credentials,
    )


def spend_error(identity: ServiceIdentity, error: SpendGuardError) -> HomeAssistantError:
    """The error of a send the spend guard refused: nothing was sent."""
    key, placeholders = error_placeholders(error)
    return service_error(HomeAssistantError, identity, key, texts=SPEND_EXCEPTIONS, **placeholders)


def send_error(identity: ServiceIdentity, result: SendResult) -> HomeAssistantError | None:
    """The error for a send that was not wholly accepted (held repeats are), else None."""
    if isinstance(result.error, SpendGuardError):
        return spend_error(identity, result.error)
    try:
        result.raise_for_failures()
    except ProviderRejectedError:
        return service_error(HomeAssistantError, identity, "send_failed", summary=result.summary())
    except NotifyError as err:
        key = _account_key(err)
        if key is None:  # raise_for_failures raises nothing else; stay explicit all the same
            return service_error(HomeAssistantError, identity, "send_failed", summary=result.summary())
        return _account_error(identity, key, err)
    return None


class AccountProblems:
    """Log refused credentials or missing credit once, not on every call that fails again.

    The state is per notify service; a send that gets at least one recipient through shows
    the account works again, so a later recurrence is logged afresh.
    """

    def __init__(self, identity: ServiceIdentity) -> None:
        self._identity = identity
        self._logged: set[str] = set()

    def observe(self, result: SendResult) -> None:
        key = _account_key(result.error)
        if key in LOGGED_ONCE and result.error is not None:
            if key not in self._logged:
                self._logged.add(key)
                _LOGGER.error(
                    "%s (Logged once; later sends fail the same way until this is fixed.)",
                    _account_error(self._identity, key, result.error),
                )
        elif result.accepted:
            self._logged.clear()
