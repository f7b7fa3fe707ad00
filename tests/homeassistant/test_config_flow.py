"""The account form of every integration: checked with the provider before anything is
stored, specific errors, one entry per account, re-authentication, reconfigure, options."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import aiohttp
import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, section
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from notify_plugins.homeassistant.strings import COUNTRY_NAMES
from notify_plugins.providers import PROVIDERS, provider_class
from tests.homeassistant.helpers import DOMAINS, GATEWAY_URL
from tests.homeassistant.ui import (
    COMPAYA_HOSTS,
    GATEWAY_DLR,
    SMSTOOLS_USER,
    SPRYNG_BALANCE,
    USER_INPUT,
    account_entry,
    answer_account_checks,
    check_urls,
    setup_account,
    start_user_flow,
)

PROSMS_CREDIT = f"{COMPAYA_HOSTS['prosms']}/v1/user/getcreditvalue"
PROSMS_SENDERS = f"{COMPAYA_HOSTS['prosms']}/v1/sendername/list"
COMPAYA_BAD_KEY = {"status": "error", "messageCode": 1037, "message": "Login credentials invalid."}

EXPECTED_UNIQUE_ID_KIND = {
    "prosms": "digest",
    "smsdk": "digest",
    "smstools": "id:4711",
    "spryng": "digest",
    "smsgw": "digest",
}


async def submit(hass: HomeAssistant, flow: dict[str, Any], user_input: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = await hass.config_entries.flow.async_configure(flow["flow_id"], user_input)
    return result


# -- success ------------------------------------------------------------------------------


@pytest.mark.parametrize("domain", DOMAINS)
async def test_user_step_checks_the_account_and_creates_the_entry(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, domain: str
) -> None:
    answer_account_checks(aioclient_mock, domain)
    flow = await start_user_flow(hass, domain)
    assert (flow["type"], flow["step_id"]) == (FlowResultType.FORM, "user")

    result = await submit(hass, flow, USER_INPUT[domain])
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    data = dict(result["data"])
    webhook_id = data.pop("webhook_id", None)
    assert data == USER_INPUT[domain]
    assert (webhook_id is not None) is bool(provider_class(domain).callback_methods)
    entry = result["result"]
    assert entry.state is ConfigEntryState.LOADED
    checked = {(method.lower(), str(url.with_query(None))) for method, url, _, _ in aioclient_mock.mock_calls}
    assert set(check_urls(domain)) <= checked


@pytest.mark.parametrize("domain", DOMAINS)
async def test_unique_id_comes_from_the_account_never_from_the_secret(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, domain: str
) -> None:
    answer_account_checks(aioclient_mock, domain)
    result = await submit(hass, await start_user_flow(hass, domain), USER_INPUT[domain])

    unique_id = result["result"].unique_id
    if EXPECTED_UNIQUE_ID_KIND[domain] == "digest":
        provider = provider_class(domain)
        credentials = {k: v for k, v in USER_INPUT[domain].items() if k not in ("sender",)}
        assert unique_id == provider(**credentials).account_id
    else:
        assert unique_id == EXPECTED_UNIQUE_ID_KIND[domain]
    assert all(value not in unique_id for value in USER_INPUT[domain].values() if value != "HomeAlarm")
    assert GATEWAY_URL not in unique_id


async def test_spryng_simple_api_is_accepted_unverified_and_named_by_its_username(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    result = await submit(
        hass, await start_user_flow(hass, "spryng"), {"username": "casa", "secret": "s3cret", "sender": "HomeAlarm"}
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert (result["result"].unique_id, result["title"]) == ("simple:casa", "Spryng casa")
    assert aioclient_mock.call_count == 0


async def test_smstools_title_names_the_account(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    answer_account_checks(aioclient_mock, "smstools")

    result = await submit(hass, await start_user_flow(hass, "smstools"), USER_INPUT["smstools"])

    assert result["title"] == "Smstools casa"


async def test_sender_is_stored_as_the_provider_takes_it(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    answer_account_checks(aioclient_mock, "prosms")

    result = await submit(
        hass, await start_user_flow(hass, "prosms"), {"api_key": " prosms-key ", "sender": " HomeAlarm "}
    )

    assert {key: result["data"][key] for key in ("api_key", "sender")} == {
        "api_key": "prosms-key",
        "sender": "HomeAlarm",
    }


# -- api_url -------------------------------------------------------------------------------


def _fields(flow: dict[str, Any]) -> list[str]:
    return [str(key) for key in flow["data_schema"].schema]


def _api_section(flow: dict[str, Any]) -> Any:
    """The collapsed section of the form that holds ``api_url``."""
    [section] = [value for key, value in flow["data_schema"].schema.items() if str(key) == "api"]
    return section


@pytest.mark.parametrize("domain", [d for d in DOMAINS if d != "smsgw"])
async def test_api_url_is_offered_in_a_collapsed_section(hass: HomeAssistant, domain: str) -> None:
    flow = await start_user_flow(hass, domain)

    section = _api_section(flow)
    assert "api_url" not in _fields(flow)
    assert section.options == {"collapsed": True}
    assert [str(key) for key in section.schema.schema] == ["api_url"]
    assert _fields(flow)[-1] == "api"  # after the spend guard's fields, which every user sees


async def test_api_url_is_always_asked_for_the_gateway(hass: HomeAssistant) -> None:
    flow = await start_user_flow(hass, "smsgw")

    assert "api_url" in _fields(flow)
    assert "api" not in _fields(flow)
    assert any(str(key) == "api_url" and key.__class__.__name__ == "Required" for key in flow["data_schema"].schema)
    assert flow["description_placeholders"]["example_api_url"] == GATEWAY_URL


async def test_api_url_from_the_section_is_stored_flat_and_reaches_another_host(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.get("https://reseller.example.com/v1/user/getcreditvalue", json={"result": 5})
    aioclient_mock.get("https://reseller.example.com/v1/sendername/list", json={"result": ["HomeAlarm"]})
    flow = await start_user_flow(hass, "prosms")

    result = await submit(hass, flow, {**USER_INPUT["prosms"], "api": {"api_url": " https://reseller.example.com "}})

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert {k: v for k, v in result["data"].items() if k != "webhook_id"} == {
        **USER_INPUT["prosms"],
        "api_url": "https://reseller.example.com",
    }


async def test_an_untouched_section_stores_no_api_url(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    answer_account_checks(aioclient_mock, "prosms")

    result = await submit(hass, await start_user_flow(hass, "prosms"), {**USER_INPUT["prosms"], "api": {}})

    assert {k: v for k, v in result["data"].items() if k != "webhook_id"} == USER_INPUT["prosms"]


async def test_a_form_shown_again_keeps_the_api_url_in_its_section(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.get("https://reseller.example.com/v1/user/getcreditvalue", status=HTTPStatus.UNAUTHORIZED)
    flow = await start_user_flow(hass, "prosms")

    result = await submit(hass, flow, {**USER_INPUT["prosms"], "api": {"api_url": "https://reseller.example.com"}})

    assert result["errors"] == {"api_key": "invalid_auth"}
    [key] = _api_section(result).schema.schema
    assert key.description == {"suggested_value": "https://reseller.example.com"}


# -- errors --------------------------------------------------------------------------------


async def test_refused_key_is_invalid_auth(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    aioclient_mock.get(PROSMS_CREDIT, status=HTTPStatus.UNAUTHORIZED, json=COMPAYA_BAD_KEY)

    result = await submit(hass, await start_user_flow(hass, "prosms"), USER_INPUT["prosms"])

    assert (result["type"], result["errors"]) == (FlowResultType.FORM, {"api_key": "invalid_auth"})


@pytest.mark.parametrize(
    ("domain", "url", "reply"),
    [
        ("smstools", SMSTOOLS_USER, {"status": HTTPStatus.UNAUTHORIZED}),
        ("spryng", SPRYNG_BALANCE, {"status": HTTPStatus.UNAUTHORIZED, "json": {"message": "Unauthenticated."}}),
        ("smsgw", GATEWAY_DLR, {"text": "407"}),
    ],
)
async def test_each_provider_tells_refused_credentials(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, domain: str, url: str, reply: dict[str, Any]
) -> None:
    aioclient_mock.get(url, **reply)

    result = await submit(hass, await start_user_flow(hass, domain), USER_INPUT[domain])

    single_key = len(provider_class(domain).credentials) == 1 and len(provider_class(domain).credentials[0]) == 1
    assert result["errors"] == ({"api_key": "invalid_auth"} if single_key else {"base": "invalid_auth"})


@pytest.mark.parametrize(
    "reply",
    [
        {"exc": aiohttp.ClientConnectionError("refused")},
        {"status": HTTPStatus.OK, "text": "<html>maintenance</html>"},
    ],
    ids=["unreachable", "undocumented-reply"],
)
async def test_no_usable_answer_is_cannot_connect(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, reply: dict[str, Any]
) -> None:
    aioclient_mock.get(PROSMS_CREDIT, **reply)

    result = await submit(hass, await start_user_flow(hass, "prosms"), USER_INPUT["prosms"])

    assert result["errors"] == {"base": "cannot_connect"}


@pytest.mark.parametrize("sender", ["AB", "Far too long a name", "1234567890123456"])
async def test_sender_the_core_refuses_is_invalid_sender_without_asking_the_provider(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, sender: str
) -> None:
    result = await submit(hass, await start_user_flow(hass, "prosms"), {"api_key": "prosms-key", "sender": sender})

    assert result["errors"] == {"sender": "invalid_sender"}
    assert aioclient_mock.call_count == 0


async def test_spryng_refuses_a_fifteen_digit_numeric_sender(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    result = await submit(
        hass, await start_user_flow(hass, "spryng"), {"api_key": "spryng-key", "sender": "461234567890123"}
    )

    assert result["errors"] == {"sender": "invalid_sender"}


async def test_sender_missing_from_the_approved_names_is_sender_not_approved(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    answer_account_checks(aioclient_mock, "prosms", senders=("Other",))

    result = await submit(hass, await start_user_flow(hass, "prosms"), USER_INPUT["prosms"])

    assert result["errors"] == {"sender": "sender_not_approved"}


async def test_spryng_needs_one_complete_set_of_credentials(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    result = await submit(hass, await start_user_flow(hass, "spryng"), {"username": "casa", "sender": "HomeAlarm"})

    assert result["errors"] == {"secret": "invalid_input"}


async def test_unexpected_failure_is_unknown_and_logged(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, caplog: pytest.LogCaptureFixture
) -> None:
    aioclient_mock.get(PROSMS_CREDIT, exc=RuntimeError("boom"))

    result = await submit(hass, await start_user_flow(hass, "prosms"), USER_INPUT["prosms"])

    assert result["errors"] == {"base": "unknown"}
    assert "Unexpected error while checking the account" in caplog.text


async def test_form_recovers_after_an_error(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    aioclient_mock.get(PROSMS_CREDIT, status=HTTPStatus.UNAUTHORIZED, json=COMPAYA_BAD_KEY)
    flow = await start_user_flow(hass, "prosms")
    failed = await submit(hass, flow, USER_INPUT["prosms"])
    aioclient_mock.clear_requests()
    answer_account_checks(aioclient_mock, "prosms")

    result = await submit(hass, failed, USER_INPUT["prosms"])

    assert result["type"] is FlowResultType.CREATE_ENTRY


def suggested(form: dict[str, Any]) -> dict[str, Any]:
    """What the form shows in its fields (the suggested values), sections flattened."""
    found: dict[str, Any] = {}
    for key, value in form["data_schema"].schema.items():
        if isinstance(value, section):
            found.update(suggested({"data_schema": value.schema}))
        elif key.description and "suggested_value" in key.description:
            found[str(key)] = key.description["suggested_value"]
    return found


async def test_an_accepted_key_is_never_typed_twice(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    answer_account_checks(aioclient_mock, "prosms", senders=("HomeAlarm",))
    typed = {"api_key": "prosms-key", "sender": "Garage", "api": {"api_url": "https://api.prosms.se"}}

    form = await submit(hass, await start_user_flow(hass, "prosms"), typed)

    assert form["errors"] == {"sender": "sender_not_approved"}
    # the key the provider accepted stays in its field
    assert suggested(form) == {"api_key": "prosms-key", "sender": "Garage", "api_url": "https://api.prosms.se"}


async def test_a_refused_key_is_cleared_and_everything_else_stays(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.get(PROSMS_CREDIT, status=HTTPStatus.UNAUTHORIZED, json=COMPAYA_BAD_KEY)

    form = await submit(hass, await start_user_flow(hass, "prosms"), {"api_key": "wrong", "sender": "HomeAlarm"})

    assert suggested(form) == {"sender": "HomeAlarm"}


async def test_an_invalid_api_url_says_a_url_is_expected(hass: HomeAssistant) -> None:
    typed = {**USER_INPUT["prosms"], "api": {"api_url": "api.prosms.se"}}

    form = await submit(hass, await start_user_flow(hass, "prosms"), typed)

    assert form["errors"] == {"api": "invalid_api_url"}  # above its section: none is shown inside one
    gateway = await submit(hass, await start_user_flow(hass, "smsgw"), {**USER_INPUT["smsgw"], "api_url": "sms"})
    assert gateway["errors"] == {"api_url": "invalid_api_url"}


async def test_an_api_url_that_does_not_answer_points_at_the_url(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.get("https://wrong.example.com/v1/user/getcreditvalue", exc=aiohttp.ClientConnectionError("x"))
    typed = {**USER_INPUT["prosms"], "api": {"api_url": "https://wrong.example.com"}}

    form = await submit(hass, await start_user_flow(hass, "prosms"), typed)

    assert form["errors"] == {"api": "api_url_unanswered"}
    assert suggested(form)["api_url"] == "https://wrong.example.com"


@pytest.mark.parametrize(
    ("domain", "title"), [("prosms", "ProSMS.se HomeAlarm"), ("smsgw", "White-label gateway HomeAlarm")]
)
async def test_accounts_the_provider_does_not_name_are_titled_by_their_sender(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, domain: str, title: str
) -> None:
    answer_account_checks(aioclient_mock, domain)

    result = await submit(hass, await start_user_flow(hass, domain), USER_INPUT[domain])

    assert result["title"] == title


# -- one entry per account -------------------------------------------------------------------


@pytest.mark.parametrize("domain", DOMAINS)
async def test_the_same_account_cannot_be_added_twice(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, domain: str
) -> None:
    answer_account_checks(aioclient_mock, domain)
    await submit(hass, await start_user_flow(hass, domain), USER_INPUT[domain])

    result = await submit(hass, await start_user_flow(hass, domain), USER_INPUT[domain])

    assert (result["type"], result["reason"]) == (FlowResultType.ABORT, "already_configured")


# -- re-authentication ---------------------------------------------------------------------


async def test_reauth_stores_the_new_key_and_reloads(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    entry = await setup_account(hass, aioclient_mock, "prosms")
    flow = await entry.start_reauth_flow(hass)
    assert (flow["type"], flow["step_id"]) == (FlowResultType.FORM, "reauth_confirm")
    assert [str(key) for key in flow["data_schema"].schema] == ["api_key"]

    result = await submit(hass, flow, {"api_key": "new-key"})
    await hass.async_block_till_done()

    assert (result["type"], result["reason"]) == (FlowResultType.ABORT, "reauth_successful")
    assert entry.data == {"api_key": "new-key", "sender": "HomeAlarm"}
    assert entry.unique_id == provider_class("prosms")(api_key="new-key").account_id
    assert entry.state is ConfigEntryState.LOADED


async def test_reauth_shows_invalid_auth_for_a_refused_key(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await setup_account(hass, aioclient_mock, "prosms")
    aioclient_mock.clear_requests()
    aioclient_mock.get(PROSMS_CREDIT, status=HTTPStatus.UNAUTHORIZED, json=COMPAYA_BAD_KEY)

    result = await submit(hass, await entry.start_reauth_flow(hass), {"api_key": "still-wrong"})

    assert result["errors"] == {"api_key": "invalid_auth"}  # the form's one credential
    assert entry.data["api_key"] == "prosms-key"


async def test_reauth_with_credentials_of_another_smstools_account_aborts(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    answer_account_checks(aioclient_mock, "smstools")
    entry = account_entry("smstools", unique_id="id:4711")
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    aioclient_mock.clear_requests()
    answer_account_checks(aioclient_mock, "smstools", account_id=9999)

    result = await submit(hass, await entry.start_reauth_flow(hass), {"api_key": "k2", "api_secret": "s2"})

    assert (result["type"], result["reason"]) == (FlowResultType.ABORT, "wrong_account")
    assert entry.data["api_key"] == "tools-key"


async def test_reauth_with_the_key_of_another_entry_aborts(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await setup_account(hass, aioclient_mock, "prosms")
    other = account_entry("prosms", unique_id=provider_class("prosms")(api_key="other-key").account_id)
    other.add_to_hass(hass)

    result = await submit(hass, await entry.start_reauth_flow(hass), {"api_key": "other-key"})

    assert (result["type"], result["reason"]) == (FlowResultType.ABORT, "already_configured")


# -- reconfigure ---------------------------------------------------------------------------


async def loaded_with_two_approved_senders(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> Any:
    """A loaded ProSMS.se account whose provider approves HomeAlarm and Garage."""
    answer_account_checks(aioclient_mock, "prosms", senders=("HomeAlarm", "Garage"))
    entry = account_entry("prosms", unique_id=provider_class("prosms")(api_key="prosms-key").account_id)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    return entry


async def test_reconfigure_changes_the_sender_after_checking_it(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await loaded_with_two_approved_senders(hass, aioclient_mock)
    flow = await entry.start_reconfigure_flow(hass)
    assert "api_key" not in _fields(flow)

    result = await submit(hass, flow, {"sender": "Garage"})
    await hass.async_block_till_done()

    assert (result["type"], result["reason"]) == (FlowResultType.ABORT, "reconfigure_successful")
    assert entry.data == {"api_key": "prosms-key", "sender": "Garage"}
    assert entry.title == "ProSMS.se Garage"  # the title set-up gave follows the sender


async def test_reconfigure_keeps_a_title_the_user_chose(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await loaded_with_two_approved_senders(hass, aioclient_mock)
    hass.config_entries.async_update_entry(entry, title="Cottage SMS")
    await hass.async_block_till_done()

    await submit(hass, await entry.start_reconfigure_flow(hass), {"sender": "Garage"})
    await hass.async_block_till_done()

    assert entry.title == "Cottage SMS"


async def test_reconfigure_refuses_an_unapproved_sender(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await setup_account(hass, aioclient_mock, "prosms")

    result = await submit(hass, await entry.start_reconfigure_flow(hass), {"sender": "Garage"})

    assert result["errors"] == {"sender": "sender_not_approved"}
    assert entry.data["sender"] == "HomeAlarm"


async def test_reconfigure_offers_and_stores_the_api_url_through_its_section(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await setup_account(hass, aioclient_mock, "prosms")
    aioclient_mock.get("https://reseller.example.com/v1/user/getcreditvalue", json={"result": 5})
    aioclient_mock.get("https://reseller.example.com/v1/sendername/list", json={"result": ["HomeAlarm"]})
    flow = await entry.start_reconfigure_flow(hass)
    assert _api_section(flow).options == {"collapsed": True}

    result = await submit(hass, flow, {"sender": "HomeAlarm", "api": {"api_url": "https://reseller.example.com"}})
    await hass.async_block_till_done()

    assert result["reason"] == "reconfigure_successful"
    assert entry.data == {"api_key": "prosms-key", "sender": "HomeAlarm", "api_url": "https://reseller.example.com"}
    [key] = _api_section(await entry.start_reconfigure_flow(hass)).schema.schema
    assert key.description == {"suggested_value": "https://reseller.example.com"}


def _credit_reads(aioclient_mock: AiohttpClientMocker) -> int:
    return sum(1 for _, url, _, _ in aioclient_mock.mock_calls if str(url.with_query(None)) == PROSMS_CREDIT)


async def test_a_successful_reconfigure_reloads_the_entry_once(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await loaded_with_two_approved_senders(hass, aioclient_mock)
    await hass.async_block_till_done()
    before = _credit_reads(aioclient_mock)

    await submit(hass, await entry.start_reconfigure_flow(hass), {"sender": "Garage"})
    await hass.async_block_till_done()

    assert _credit_reads(aioclient_mock) - before == 2  # the flow's check, then one set-up
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.sender == "Garage"


async def test_reauth_of_an_entry_that_failed_to_set_up_loads_it(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.get(PROSMS_CREDIT, status=HTTPStatus.UNAUTHORIZED, json=COMPAYA_BAD_KEY)
    entry = account_entry("prosms")
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
    [flow] = hass.config_entries.flow.async_progress_by_handler("prosms")
    aioclient_mock.clear_requests()
    answer_account_checks(aioclient_mock, "prosms")

    result = await submit(hass, flow, {"api_key": "new-key"})
    await hass.async_block_till_done()

    assert result["reason"] == "reauth_successful"
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.client.provider.account_id == provider_class("prosms")(api_key="new-key").account_id


# -- options -------------------------------------------------------------------------------


async def test_options_set_the_default_country_and_reload(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await setup_account(hass, aioclient_mock, "smsgw")
    flow = await hass.config_entries.options.async_init(entry.entry_id)
    assert (flow["type"], flow["step_id"]) == (FlowResultType.FORM, "init")

    result = await hass.config_entries.options.async_configure(flow["flow_id"], {"country": "SE"})
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {"country": "SE"}
    assert entry.runtime_data.client.country == "SE"


async def test_options_say_that_delivery_reports_need_an_external_url(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await setup_account(hass, aioclient_mock, "prosms")  # no external URL

    flow = await hass.config_entries.options.async_init(entry.entry_id)

    assert flow["step_id"] == "no_external_url"
    assert "webhook_url" not in flow["description_placeholders"]
    assert flow["description_placeholders"]["default_country"] == "Sweden"
    result = await hass.config_entries.options.async_configure(flow["flow_id"], {"country": "DK"})
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    ("domain", "language", "name"),
    [
        ("prosms", "sv", "Sverige"),
        ("smsdk", "da", "Danmark"),
        ("smstools", "it", "Italia"),
        ("spryng", "nl", "Nederland"),
    ],
)
async def test_options_name_the_country_in_home_assistants_language(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, domain: str, language: str, name: str
) -> None:
    """Read from the integration's own translation file: not "Sweden" in a Swedish text."""
    entry = await setup_account(hass, aioclient_mock, domain)
    hass.config.language = language

    flow = await hass.config_entries.options.async_init(entry.entry_id)

    assert flow["description_placeholders"]["default_country"] == name


async def test_a_language_the_integration_does_not_speak_names_the_country_in_english(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    """The text around it falls back to English as well."""
    entry = await setup_account(hass, aioclient_mock, "prosms")
    hass.config.language = "da"

    flow = await hass.config_entries.options.async_init(entry.entry_id)

    assert flow["description_placeholders"]["default_country"] == "Sweden"


@pytest.mark.parametrize(
    ("country", "language", "shown"), [("DK", "sv", "Danmark"), ("FR", "sv", "FR"), (None, "en", "-")]
)
async def test_the_recipient_form_names_the_country_of_national_numbers(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, country: str | None, language: str, shown: str
) -> None:
    """The account's country option in Home Assistant's language; a country without a name as
    its code; none (the gateway has no default) as a dash."""
    domain = "prosms" if country else "smsgw"
    entry = await setup_account(hass, aioclient_mock, domain, options={"country": country} if country else None)
    hass.config.language = language

    flow = await hass.config_entries.subentries.async_init((entry.entry_id, "recipient"), context={"source": "user"})

    assert flow["description_placeholders"] == {"country": shown}


def test_every_country_a_provider_assumes_has_a_name() -> None:
    defaults = {provider_class(key).default_country for key in PROVIDERS} - {None}

    assert defaults <= set(COUNTRY_NAMES)


async def test_options_refuse_a_country_that_is_not_one(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    entry = await setup_account(hass, aioclient_mock, "smsgw")
    flow = await hass.config_entries.options.async_init(entry.entry_id)

    result = await hass.config_entries.options.async_configure(flow["flow_id"], {"country": "Sweden"})

    assert result["errors"] == {"country": "invalid_country"}
