"""The YAML of the five notify platforms: what sets up, and how bad configuration fails.

Bad configuration must fail at setup, before any message, with Home Assistant's
"Invalid config" line naming the key and the rule, and must never print a credential.
"""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import DOMAIN as HOMEASSISTANT_DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from tests.homeassistant.helpers import DOMAINS, GATEWAY_URL, compaya_accepted, notify, platform, sent, setup_notify


@pytest.mark.parametrize("domain", DOMAINS)
async def test_platform_without_name_registers_notify_dot_domain(hass: HomeAssistant, domain: str) -> None:
    await setup_notify(hass, platform(domain))

    assert hass.services.has_service("notify", domain)
    assert not hass.services.has_service("notify", "notify")


async def test_five_unnamed_platforms_do_not_collide(hass: HomeAssistant) -> None:
    await setup_notify(hass, *(platform(domain) for domain in DOMAINS))

    assert all(hass.services.has_service("notify", domain) for domain in DOMAINS)


async def test_named_platforms_of_one_provider_live_side_by_side(hass: HomeAssistant) -> None:
    await setup_notify(hass, platform("prosms", name="family_sms"), platform("prosms", name="Ops SMS"))

    assert hass.services.has_service("notify", "family_sms")
    assert hass.services.has_service("notify", "ops_sms")


async def test_national_recipients_are_read_in_the_providers_country(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.post("https://api.prosms.se/v1/sms/send", json=compaya_accepted(46701234567))
    await setup_notify(hass, platform("prosms", recipient=["070-123 45 67"]))

    await notify(hass, "prosms", message="Hej")

    assert [request.json()["receiver"] for request in sent(aioclient_mock)] == [46701234567]


async def test_country_sets_the_region_of_national_recipients(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.get(f"{GATEWAY_URL}/api/sms/send_sms.php", json={"status": True, "error": 0})
    await setup_notify(hass, platform("smsgw", country="se", recipient="0701234567"))

    await notify(hass, "smsgw", message="Hej")

    assert dict(sent(aioclient_mock)[0].query)["mobile"] == "46701234567"


INVALID_YAML: list[Any] = [
    pytest.param("prosms", {"sender": "HomeAlarmSystem"}, "sender", "must have 3 to 11", id="sender-too-long"),
    pytest.param("smsdk", {"sender": "Home#Alarm"}, "sender", "allowed are ASCII letters", id="sender-bad-character"),
    pytest.param("prosms", {"sender": 4670123}, "sender", "write it in quotes", id="sender-unquoted-number"),
    pytest.param("spryng", {"sender": None}, "sender", "required key 'sender' not provided", id="sender-missing"),
    pytest.param(
        "prosms", {"recipient": ["+4670"]}, "recipient->0", "not a valid phone number", id="recipient-invalid"
    ),
    pytest.param(
        "smsgw",
        {"recipient": ["+46701234567", "0701234567"]},
        "recipient->1",
        "national number",
        id="recipient-national",
    ),
    pytest.param(
        "smstools", {"recipient": [46701234567]}, "recipient->0", "write it in quotes", id="recipient-unquoted"
    ),
    pytest.param("prosms", {"country": "Sweden"}, "country", "two-letter ISO 3166", id="country-not-a-code"),
    pytest.param("smsdk", {"country": "XX"}, "country", "not a region with telephone numbers", id="country-unknown"),
    pytest.param(
        "spryng", {"api_url": "ftp://rest.example.com"}, "api_url", "http:// or https://", id="api-url-scheme"
    ),
    pytest.param("prosms", {"api_url": "https://h.example/?k=1"}, "api_url", "must not contain", id="api-url-query"),
    pytest.param(
        "smsgw", {"api_url": None}, "api_url", "required key 'api_url' not provided", id="gateway-without-url"
    ),
    pytest.param("prosms", {"api_key": None}, "api_key", "required key 'api_key' not provided", id="api-key-missing"),
    pytest.param("smsdk", {"api_key": "  "}, "api_key", "is empty", id="api-key-empty"),
    pytest.param(
        "smstools", {"api_secret": None}, "api_secret", "required key 'api_secret' not provided", id="secret-missing"
    ),
    pytest.param(
        "spryng", {"username": "demo", "secret": "s3cr3t"}, "api_key", "not both", id="spryng-both-credential-sets"
    ),
    pytest.param("spryng", {"api_key": None}, "api_key", "needs an api_key", id="spryng-no-credentials"),
    pytest.param("spryng", {"api_key": None, "username": "demo"}, "secret", "needs the secret", id="spryng-no-secret"),
    pytest.param("prosms", {"recipients": ["+46701234567"]}, "recipients", "invalid option", id="unknown-key"),
]


@pytest.mark.parametrize(("domain", "overrides", "key", "rule"), INVALID_YAML)
async def test_invalid_yaml_fails_setup_naming_the_key_and_the_rule(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture, domain: str, overrides: dict[str, Any], key: str, rule: str
) -> None:
    await setup_notify(hass, platform(domain, **overrides))

    assert not hass.services.has_service("notify", domain)
    errors = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Invalid config for 'notify'")]
    assert len(errors) == 1, caplog.text
    assert f"from integration '{domain}'" in errors[0]
    assert key in errors[0]
    assert rule in errors[0]


@pytest.mark.parametrize(
    ("domain", "overrides"),
    [
        pytest.param("smstools", {"api_key": "user:pa55word"}, id="smstools-key-with-colon"),
        pytest.param("spryng", {"username": "demo", "secret": "pa55word"}, id="spryng-both-sets"),
        pytest.param("prosms", {"api_key": ["pa55word"]}, id="key-not-text"),
    ],
)
async def test_credential_errors_never_print_the_credential(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture, domain: str, overrides: dict[str, Any]
) -> None:
    await setup_notify(hass, platform(domain, **overrides))

    assert not hass.services.has_service("notify", domain)
    assert "Invalid config for 'notify'" in caplog.text
    assert "pa55word" not in caplog.text


async def test_one_bad_platform_leaves_the_others_working(hass: HomeAssistant) -> None:
    await setup_notify(hass, platform("prosms", sender="x"), platform("smsdk"))

    assert not hass.services.has_service("notify", "prosms")
    assert hass.services.has_service("notify", "smsdk")


async def test_every_bad_recipient_is_reported_at_once(hass: HomeAssistant, caplog: pytest.LogCaptureFixture) -> None:
    await setup_notify(hass, platform("prosms", recipient=["+4670", "+46701234567", "abc"]))

    assert "recipient->0" in caplog.text
    assert "recipient->2" in caplog.text
    assert "recipient->1" not in caplog.text


async def test_configuration_under_the_integrations_own_key_points_to_notify(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    assert await async_setup_component(hass, "prosms", {"prosms": {"api_key": "prosms-key"}})
    await hass.async_block_till_done()  # the recipients' notify platform loads in the background

    assert "The prosms integration does not support YAML setup" in caplog.text
    issue = ir.async_get(hass).async_get_issue(HOMEASSISTANT_DOMAIN, "platform_only_prosms")
    assert issue is not None
    assert issue.translation_key == "platform_only"
