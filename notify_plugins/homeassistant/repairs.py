"""A repairs issue while an account has no credit, gone again as soon as it has.

Two things tell that credit ran out: the credit sensor's balance reaching zero (providers
with a balance call, through :class:`~.coordinator.CreditCoordinator`) and a send refused
with :class:`~notify_plugins.errors.InsufficientCreditError` (every provider, including
those that cannot be asked for their balance). Either raises the issue. A send that got
through clears it, and so does a positive balance unless a send was refused for credit
since (the balance may be above zero and still less than a message costs). One issue per
config entry, so two accounts of one provider are told apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from ..errors import InsufficientCreditError
from ..providers.base import Balance
from ..results import SendResult

ISSUE_KEY: Final = "credit_exhausted"
"""The translation key of the issue (``issues.credit_exhausted`` in the translations)."""

CAUSE_BALANCE: Final = "balance"
CAUSE_SEND: Final = "send"

ENGLISH: Mapping[str, Any] = MappingProxyType(
    {
        "issues": {
            ISSUE_KEY: {
                "title": "No credit left on {account}",
                "description": (
                    "The account {account} has no credit left, so SMS messages cannot be sent. Top it up "
                    "at {provider}; this message disappears as soon as there is credit again."
                ),
            }
        }
    }
)
"""The issue's texts in ``en.json``; each integration's other language is translated in its
own translation file."""


def credit_issue_id(entry: ConfigEntry) -> str:
    """The issue's id: one per config entry."""
    return f"{ISSUE_KEY}_{entry.entry_id}"


@callback
def async_set_credit_issue(
    hass: HomeAssistant, entry: ConfigEntry, provider_name: str, *, exhausted: bool, cause: str = CAUSE_BALANCE
) -> None:
    """Raise the entry's issue when ``exhausted``, else clear it (both idempotent).

    ``cause`` (:data:`CAUSE_BALANCE` or :data:`CAUSE_SEND`) is kept with the issue: a send
    refused for credit proves more than a balance above zero, which may still be less than
    one message costs.
    """
    issue_id = credit_issue_id(entry)
    if not exhausted:
        ir.async_delete_issue(hass, entry.domain, issue_id)
        return
    ir.async_create_issue(
        hass,
        entry.domain,
        issue_id,
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=ISSUE_KEY,
        translation_placeholders={"provider": provider_name, "account": entry.title},
        data={"cause": cause},
    )


def _raised_by_a_send(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    issue = ir.async_get(hass).async_get_issue(entry.domain, credit_issue_id(entry))
    return issue is not None and (issue.data or {}).get("cause") == CAUSE_SEND


@callback
def async_observe_balance(hass: HomeAssistant, entry: ConfigEntry, provider_name: str, balance: Balance) -> None:
    """A balance of zero or less raises the issue; anything above clears it, unless a send
    was refused for credit since the last one got through."""
    if balance.amount > 0 and _raised_by_a_send(hass, entry):
        return
    async_set_credit_issue(hass, entry, provider_name, exhausted=balance.amount <= 0)


@callback
def async_observe_send(hass: HomeAssistant, entry: ConfigEntry, provider_name: str, result: SendResult) -> None:
    """A send refused for credit raises the issue; a send with an accepted recipient clears it.

    Other outcomes (a rejected number, a timeout) say nothing about credit and change nothing.
    """
    if isinstance(result.error, InsufficientCreditError):
        async_set_credit_issue(hass, entry, provider_name, exhausted=True, cause=CAUSE_SEND)
    elif result.accepted:
        async_set_credit_issue(hass, entry, provider_name, exhausted=False)


def credit_issue_listener(hass: HomeAssistant, entry: ConfigEntry, provider_name: str) -> Callable[[SendResult], None]:
    """:func:`async_observe_send` as a listener of every send's result (called on the loop)."""

    def listener(result: SendResult) -> None:
        async_observe_send(hass, entry, provider_name, result)

    return listener


__all__ = [
    "ENGLISH",
    "ISSUE_KEY",
    "async_observe_balance",
    "async_observe_send",
    "async_set_credit_issue",
    "credit_issue_id",
    "credit_issue_listener",
]
