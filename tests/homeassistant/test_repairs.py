"""The credit repairs issue: raised when credit runs out, gone when it is back."""

from __future__ import annotations

import json

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from notify_plugins.errors import InsufficientCreditError, ProviderRejectedError
from notify_plugins.homeassistant.repairs import (
    ENGLISH,
    ISSUE_KEY,
    async_observe_balance,
    async_observe_send,
    credit_issue_id,
    credit_issue_listener,
)
from notify_plugins.http import HttpResponse
from notify_plugins.message import Message
from notify_plugins.providers import Balance
from notify_plugins.providers.spryng import SpryngProvider
from notify_plugins.results import RecipientResult, SendResult
from notify_plugins.sending import SendOperation
from tests.homeassistant.helpers import LANGUAGE_FILES, shipped_translations


def entry(hass: HomeAssistant, title: str = "Home") -> MockConfigEntry:
    config_entry = MockConfigEntry(domain="smstools", title=title)
    config_entry.add_to_hass(hass)
    return config_entry


def issue(hass: HomeAssistant, config_entry: MockConfigEntry) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue("smstools", credit_issue_id(config_entry))


def out_of_credit() -> SendResult:
    error = InsufficientCreditError("Smstools: the account has no credit left", code="NO_CREDIT")
    return SendResult("smstools", (RecipientResult.rejected("393481234567", "NO_CREDIT", "no credit"),), error)


def accepted() -> SendResult:
    return SendResult("smstools", (RecipientResult.accepted("393481234567"),))


@pytest.mark.parametrize("amount", [0.0, -1.5])
async def test_a_balance_of_zero_or_less_raises_the_issue(hass: HomeAssistant, amount: float) -> None:
    home = entry(hass)
    async_observe_balance(hass, home, "Smstools", Balance(amount, "EUR"))
    found = issue(hass, home)
    assert found is not None
    assert found.translation_key == ISSUE_KEY
    assert found.translation_placeholders == {"provider": "Smstools", "account": "Home"}
    assert found.severity is ir.IssueSeverity.WARNING
    assert not found.is_fixable


async def test_credit_back_clears_the_issue(hass: HomeAssistant) -> None:
    home = entry(hass)
    async_observe_balance(hass, home, "Smstools", Balance(0, "EUR"))
    async_observe_balance(hass, home, "Smstools", Balance(4.2, "EUR"))
    assert issue(hass, home) is None


async def test_a_balance_above_zero_does_not_clear_a_send_refused_for_credit(hass: HomeAssistant) -> None:
    """The balance read right after a refusal may be above zero and still less than a message costs."""
    home = entry(hass)
    async_observe_send(hass, home, "Smstools", out_of_credit())
    async_observe_balance(hass, home, "Smstools", Balance(0.05, "EUR"))
    assert issue(hass, home) is not None
    async_observe_send(hass, home, "Smstools", accepted())
    assert issue(hass, home) is None


async def test_the_issue_names_the_account_once_and_the_provider_once(hass: HomeAssistant) -> None:
    home = entry(hass, "Smstools casa")
    async_observe_send(hass, home, "Smstools", out_of_credit())
    found = issue(hass, home)
    assert found is not None and found.translation_placeholders is not None
    texts = ENGLISH["issues"][ISSUE_KEY]
    title = texts["title"].format(**found.translation_placeholders)
    description = texts["description"].format(**found.translation_placeholders)
    assert title == "No credit left on Smstools casa"
    assert description.startswith("The account Smstools casa has no credit left")
    assert "Smstools Smstools" not in description


async def test_a_send_refused_for_credit_raises_the_issue(hass: HomeAssistant) -> None:
    home = entry(hass)
    async_observe_send(hass, home, "Smstools", out_of_credit())
    assert issue(hass, home) is not None


async def test_a_send_that_got_through_clears_the_issue(hass: HomeAssistant) -> None:
    home = entry(hass)
    listener = credit_issue_listener(hass, home, "Smstools")
    listener(out_of_credit())
    listener(accepted())
    assert issue(hass, home) is None


async def test_a_rejected_number_says_nothing_about_credit(hass: HomeAssistant) -> None:
    home = entry(hass)
    async_observe_send(hass, home, "Smstools", out_of_credit())
    rejected = SendResult(
        "smstools",
        (RecipientResult.rejected("393481234567", "BAD_MSISDN", "bad number"),),
        ProviderRejectedError("rejected"),
    )
    async_observe_send(hass, home, "Smstools", rejected)
    assert issue(hass, home) is not None


async def test_a_spryng_422_naming_credits_raises_the_issue(hass: HomeAssistant) -> None:
    """Spryng's Laravel-style 422 (as a public Node-RED Spryng node shows it) is the credit error."""
    home = MockConfigEntry(domain="spryng", title="Home")
    home.add_to_hass(hass)
    body = {
        "message": "The given data was invalid.",
        "errors": {"credits": ["User has insufficient credits; Currently: 0.0 Needed: 1.2"]},
    }
    operation = SendOperation(
        SpryngProvider(api_key="spryng-key"), Message.create("Door open", ["31612345678"], "Home")
    )
    for batch in operation.batches():
        operation.record_response(
            batch, HttpResponse.create(422, json.dumps(body), {"Content-Type": "application/json"})
        )
    async_observe_send(hass, home, "Spryng", operation.result())
    assert ir.async_get(hass).async_get_issue("spryng", credit_issue_id(home)) is not None


async def test_each_account_has_its_own_issue(hass: HomeAssistant) -> None:
    home, office = entry(hass, "Home"), entry(hass, "Office")
    async_observe_send(hass, home, "Smstools", out_of_credit())
    assert issue(hass, home) is not None
    assert issue(hass, office) is None


@pytest.mark.parametrize(("domain", "language"), LANGUAGE_FILES)
def test_every_language_names_the_account_and_the_provider(domain: str, language: str) -> None:
    texts = shipped_translations(domain, language)["issues"][ISSUE_KEY]

    assert set(texts) == {"title", "description"}
    assert "{account}" in texts["title"]  # the account, not the provider: two accounts are told apart
    assert "{account}" in texts["description"] and "{provider}" in texts["description"]
