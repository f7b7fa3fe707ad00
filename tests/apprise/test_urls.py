"""URL forms and arguments, privacy, round trips and the plugins' self-description.

Each URL form of docs/apprise.md's "URL forms" and each argument has a test; every scheme is
checked for privacy (no secret in ``url(privacy=True)``) and for ``url()`` being the
exact inverse of ``parse_url`` (same behaviour, same ``url_identifier``, same ``len``).
"""

from __future__ import annotations

import inspect
import logging
import re
from pathlib import Path
from typing import Any

import apprise
import pytest

from notify_plugins.apprise import (
    PLUGINS,
    NotifyProsms,
    NotifySmsdk,
    NotifySmsGateway,
    NotifySmstools,
    NotifySpryng,
    SmsNotifyBase,
)
from notify_plugins.apprise.base import is_loopback

README = Path(__file__).resolve().parents[2] / "README.md"

EXAMPLES = {
    "prosms": "prosms://PROSMS-k3y%2B5ecr3t%2F91a7@HomeAlarm/46701234567/46709876543",
    "smsdk": "smsdk://SMSDK-k3y%2B5ecr3t%2F42b8@HomeAlarm/4520123456",
    "smstools": "smstools://SMSTOOLS-k3y-5ecr3t-7c1d:SMSTOOLS-s3cr3t%2B0e9f%2Fx@Alerts/393481234567",
    "spryng": "spryng://SPRYNG-k3y%2B5ecr3t%2F33aa@NotifyDemo/31612345678",
    "spryng-simple": "spryng://spryng-user:SPRYNG-s1mple%2B5ecr3t%2F77bb@NotifyDemo/31612345678",
    "smsgw": "smsgw://SMSGW-k3y%2B5ecr3t%2F55cc@127.0.0.1:8080/InfoSMS/447483938220",
    "smsgws": "smsgws://SMSGW-k3y%2B5ecr3t%2F55cc@sms.example.net/InfoSMS/447483938220",
}
"""One URL per form, with distinctive secrets (``tests/reliability/secrets.py``)."""

SECRETS = {
    "prosms": ["PROSMS-k3y+5ecr3t/91a7"],
    "smsdk": ["SMSDK-k3y+5ecr3t/42b8"],
    "smstools": ["SMSTOOLS-k3y-5ecr3t-7c1d", "SMSTOOLS-s3cr3t+0e9f/x"],
    "spryng": ["SPRYNG-k3y+5ecr3t/33aa"],
    "spryng-simple": ["SPRYNG-s1mple+5ecr3t/77bb"],
    "smsgw": ["SMSGW-k3y+5ecr3t/55cc"],
    "smsgws": ["SMSGW-k3y+5ecr3t/55cc"],
}


def load(url: str) -> Any:
    plugin = apprise.Apprise.instantiate(url, suppress_exceptions=False)
    assert isinstance(plugin, SmsNotifyBase), url
    return plugin


def spellings(secret: str) -> list[str]:
    from urllib.parse import quote, quote_plus

    return [secret, quote(secret, safe=""), quote_plus(secret), secret[:12]]


# -- the URL forms ----------------------------------------------------------------------


def test_prosms_url_holds_key_sender_and_targets() -> None:
    plugin = load("prosms://KEY@HomeAlarm/46701234567/46709876543")
    assert isinstance(plugin, NotifyProsms)
    assert plugin.credentials == {"apikey": "KEY"}
    assert plugin.sender == "HomeAlarm"
    assert plugin.targets == ["46701234567", "46709876543"]
    assert plugin.provider.api_url == "https://api.prosms.se"


def test_smsdk_url_holds_key_sender_and_targets() -> None:
    plugin = load("smsdk://KEY@HomeAlarm/4520123456")
    assert isinstance(plugin, NotifySmsdk)
    assert (plugin.sender, plugin.targets, plugin.provider.api_url) == (
        "HomeAlarm",
        ["4520123456"],
        "https://api.sms.dk",
    )


def test_smstools_url_holds_key_and_secret() -> None:
    plugin = load("smstools://AUTHKEY:AUTHSECRET@Alerts/393481234567")
    assert isinstance(plugin, NotifySmstools)
    assert plugin.credentials == {"key": "AUTHKEY", "secret": "AUTHSECRET"}
    assert plugin.provider.secrets == ("AUTHKEY", "AUTHSECRET")


def test_spryng_url_with_an_api_key_uses_the_rest_api() -> None:
    plugin = load("spryng://APIKEY@NotifyDemo/31612345678")
    assert isinstance(plugin, NotifySpryng)
    assert plugin.provider.mode == "rest"


def test_spryng_url_with_username_and_secret_uses_the_simple_api() -> None:
    plugin = load("spryng://demo-user:SECRET@NotifyDemo/31612345678")
    assert plugin.provider.mode == "simple"
    assert plugin.credentials == {"username": "demo-user", "secret": "SECRET"}


def test_smsgw_url_reaches_its_host_over_http() -> None:
    plugin = load("smsgw://KEY@127.0.0.1:8080/InfoSMS/447483938220")
    assert isinstance(plugin, NotifySmsGateway)
    assert plugin.provider.api_url == "http://127.0.0.1:8080"
    assert (plugin.sender, plugin.targets) == ("InfoSMS", ["447483938220"])


def test_smsgws_url_reaches_its_host_over_https() -> None:
    plugin = load("smsgws://KEY@sms.example.net/InfoSMS/447483938220")
    assert plugin.provider.api_url == "https://sms.example.net"


def test_smsgw_over_http_to_another_host_warns_that_the_key_travels_unencrypted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        load("smsgw://KEY@sms.example.net/InfoSMS/447483938220")
    assert "without encryption; use smsgws://" in caplog.text


@pytest.mark.parametrize("host", ["127.0.0.1:8080", "localhost", "[::1]:8080", "gw.localhost"])
def test_smsgw_over_http_on_this_machine_does_not_warn(host: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        load(f"smsgw://KEY@{host}/InfoSMS/447483938220")
    assert "without encryption" not in caplog.text


def test_smsgws_does_not_warn_about_encryption(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        load("smsgws://KEY@sms.example.net/InfoSMS/447483938220")
    assert "without encryption" not in caplog.text


def test_gateway_url_keeps_an_ipv6_host_in_brackets() -> None:
    plugin = load("smsgw://KEY@[::1]:8080/InfoSMS/447483938220")
    assert plugin.provider.api_url == "http://[::1]:8080"
    assert "@[::1]:8080/" in plugin.url()


# -- targets ----------------------------------------------------------------------------


def test_targets_are_separated_by_slash_or_comma() -> None:
    plugin = load("prosms://KEY@HomeAlarm/46701234567,46709876543/46701112233")
    assert plugin.targets == ["46701234567", "46709876543", "46701112233"]


def test_to_argument_adds_targets() -> None:
    plugin = load("prosms://KEY@HomeAlarm/46701234567?to=%2B46709876543,0046701112233")
    assert plugin.targets == ["46701234567", "46709876543", "46701112233"]


def test_national_numbers_use_the_provider_home_country() -> None:
    assert load("prosms://KEY@HomeAlarm/070-123%2045%2067").targets == ["46701234567"]
    assert load("spryng://KEY@NotifyDemo/06-12345678").targets == ["31612345678"]


def test_country_argument_sets_the_region_of_national_numbers() -> None:
    plugin = load("prosms://KEY@HomeAlarm/0612345678?country=nl")
    assert plugin.country == "NL"
    assert plugin.targets == ["31612345678"]


def test_invalid_country_makes_the_url_unloadable(caplog: pytest.LogCaptureFixture) -> None:
    assert not apprise.Apprise().add("prosms://KEY@HomeAlarm/46701234567?country=XX")
    assert "'XX' is not a region with telephone numbers" in caplog.text


def test_repeated_targets_are_sent_once() -> None:
    assert load("prosms://KEY@HomeAlarm/46701234567/+46701234567/0701234567").targets == ["46701234567"]


def test_invalid_targets_are_dropped_with_a_warning_naming_them(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        plugin = load("prosms://KEY@HomeAlarm/46701234567/123/not-a-number")
    assert plugin.targets == ["46701234567"]
    assert "dropped invalid target" in caplog.text
    assert "/123" not in plugin.url()
    dropped = [r.getMessage() for r in caplog.records if "dropped invalid target" in r.getMessage()]
    assert len(dropped) == 2


def test_a_url_without_a_valid_target_loads_but_warns(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        plugin = load("prosms://KEY@HomeAlarm/123")
    assert plugin.targets == []
    assert "no valid target; nothing will be sent" in caplog.text


# -- sender -----------------------------------------------------------------------------


def test_from_argument_gives_a_sender_a_host_cannot_hold() -> None:
    plugin = load("prosms://KEY@46701234567?from=Home%20Alarm")
    assert plugin.sender == "Home Alarm"
    assert plugin.targets == ["46701234567"]


def test_from_argument_on_the_gateway_makes_every_path_entry_a_target() -> None:
    plugin = load("smsgw://KEY@127.0.0.1/46701234567/46709876543?from=Info%20SMS")
    assert plugin.sender == "Info SMS"
    assert plugin.targets == ["46701234567", "46709876543"]


def test_a_numeric_sender_loses_its_plus() -> None:
    assert load("prosms://KEY@46700000000/46701234567?from=%2B46701112233").sender == "46701112233"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("prosms://KEY@X/46701234567", "'X' has 1 characters"),
        ("prosms://KEY@ThisSenderIsTooLong/46701234567", "has 19 characters"),
        ("smstools://K:S@Bad%3Csender/393481234567", "contains '<'"),
        ("prosms://KEY@/46701234567", "sender: is missing"),
        ("smsgw://KEY@127.0.0.1", "sender: is missing"),
    ],
)
def test_invalid_sender_makes_the_url_unloadable_and_says_why(
    url: str, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(TypeError, match=re.escape(reason)):
        apprise.Apprise.instantiate(url, suppress_exceptions=False)
    assert not apprise.Apprise().add(url)
    assert reason in caplog.text


def test_spryng_refuses_a_numeric_sender_longer_than_it_takes() -> None:
    with pytest.raises(TypeError, match="numeric sender has 15 digits"):
        apprise.Apprise.instantiate(
            "spryng://KEY@NotifyDemo/31612345678?from=123456789012345", suppress_exceptions=False
        )


# -- credentials and api_url ------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("prosms://HomeAlarm/46701234567", "apikey missing"),
        ("smstools://KEY@Alerts/393481234567", "secret missing"),
        ("spryng://demo-user:@NotifyDemo/31612345678", "needs the secret"),
        ("smsgw://@127.0.0.1/InfoSMS/447483938220", "apikey missing"),
        ("smsgw://KEY@bad%20host/InfoSMS/447483938220", "is not a host name or IP address"),
        ("smsgw://KEY@/InfoSMS/447483938220", "the gateway's host is missing"),
        ("prosms://KEY@HomeAlarm:8080/46701234567", "a port has no place in this URL"),
        ("prosms://KEY@HomeAlarm/46701234567?api_url=ftp%3A%2F%2Fexample.net", "api_url: must be an http"),
        ("prosms://KEY@HomeAlarm/46701234567?api_url=http%3A%2F%2F%5Bnot-ipv6%5D", "api_url"),
    ],
)
def test_bad_configuration_makes_the_url_unloadable(url: str, reason: str) -> None:
    with pytest.raises(TypeError, match=re.escape(reason)):
        apprise.Apprise.instantiate(url, suppress_exceptions=False)


def test_an_api_key_may_hold_a_colon() -> None:
    plugin = load("prosms://abc:def@HomeAlarm/46701234567")
    assert plugin.credentials == {"apikey": "abc:def"}
    assert load(plugin.url()).credentials == {"apikey": "abc:def"}


def test_api_url_argument_replaces_the_api_base() -> None:
    plugin = load("prosms://KEY@HomeAlarm/46701234567?api_url=http%3A%2F%2F127.0.0.1%3A8080%2Fprosms")
    assert plugin.provider.api_url == "http://127.0.0.1:8080/prosms"
    assert "api_url=http%3A%2F%2F127.0.0.1%3A8080%2Fprosms" in plugin.url()


def test_api_url_on_the_gateway_is_ignored_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        plugin = load("smsgws://KEY@sms.example.net/InfoSMS/447483938220?api_url=https%3A%2F%2Fother.example.net")
    assert plugin.provider.api_url == "https://sms.example.net"
    assert "api_url is ignored" in caplog.text


def test_apprise_timeouts_and_verify_are_kept() -> None:
    plugin = load("prosms://KEY@HomeAlarm/46701234567?cto=1.5&rto=7&verify=no")
    assert plugin.request_timeout == (1.5, 7.0)
    assert plugin.verify_certificate is False
    again = load(plugin.url())
    assert (again.request_timeout, again.verify_certificate) == ((1.5, 7.0), False)


def test_yaml_configuration_takes_the_same_arguments() -> None:
    config = apprise.AppriseConfig()
    config.add_config(
        "urls:\n"
        "  - prosms://KEY@HomeAlarm:\n"
        "      - to: 46701234567, 0709876543\n"
        "        from: Home Alarm\n"
        "        country: SE\n",
        format="yaml",
    )
    servers = list(apprise.Apprise(config))
    assert len(servers) == 1
    plugin = servers[0]
    assert plugin.sender == "Home Alarm"
    assert plugin.targets == ["46701234567", "46709876543"]


def test_plugins_can_be_built_directly_from_python() -> None:
    plugin = NotifySmstools(key="K", secret="S", sender="Alerts", targets=["+39 348 123 4567"])
    assert plugin.targets == ["393481234567"]
    assert plugin.url().startswith("smstools://K:S@Alerts/393481234567?")


# -- privacy, round trips, identity, length ---------------------------------------------


@pytest.mark.parametrize("form", list(EXAMPLES))
def test_privacy_url_hides_every_secret(form: str) -> None:
    private = load(EXAMPLES[form]).url(privacy=True)
    for secret in SECRETS[form]:
        for spelling in spellings(secret):
            assert spelling not in private
    assert "****@" in private


def test_privacy_url_shows_spryng_username_which_is_not_secret() -> None:
    assert load(EXAMPLES["spryng-simple"]).url(privacy=True).startswith("spryng://spryng-user:****@NotifyDemo/")


@pytest.mark.parametrize(
    "url",
    [
        *EXAMPLES.values(),
        "prosms://KEY@46701234567?from=Home%20Alarm&country=se&to=0709876543",
        "smsgw://KEY@127.0.0.1/46701234567?from=Info%20SMS",
        "smsgws://KEY@[::1]:8443/InfoSMS/447483938220?verify=no",
        "smstools://K:S@Alerts/393481234567?api_url=http%3A%2F%2F127.0.0.1%3A9%2Fsmstools&rto=9",
        "spryng://KEY@NotifyDemo?to=31612345678,31612345679&retry=2",
    ],
)
def test_url_round_trips_to_the_same_behaviour(url: str) -> None:
    plugin = load(url)
    again = load(plugin.url())
    assert type(again) is type(plugin)
    assert again.url() == plugin.url()
    assert again.url_identifier == plugin.url_identifier
    assert len(again) == len(plugin)
    assert (again.sender, again.targets, again.country) == (plugin.sender, plugin.targets, plugin.country)
    assert again.provider.api_url == plugin.provider.api_url
    assert again.credentials == plugin.credentials


@pytest.mark.parametrize("form", list(EXAMPLES))
def test_url_identifier_ignores_targets_and_hides_secrets(form: str) -> None:
    plugin = load(EXAMPLES[form])
    others = load(EXAMPLES[form].rsplit("/", 1)[0] + "/46701112233")
    assert others.url_identifier == plugin.url_identifier
    text = repr(plugin.url_identifier)
    for secret in SECRETS[form]:
        assert secret not in text


def test_url_identifier_tells_accounts_and_endpoints_apart() -> None:
    base = load("prosms://KEY@HomeAlarm/46701234567").url_identifier
    assert load("prosms://KEY2@HomeAlarm/46701234567").url_identifier != base
    assert load("smsdk://KEY@HomeAlarm/46701234567").url_identifier != base
    assert load("prosms://KEY@HomeAlarm/46701234567?api_url=http%3A%2F%2F127.0.0.1").url_identifier != base
    assert (
        load("smsgw://KEY@h.example/A1B/46701234567").url_identifier
        != load("smsgws://KEY@h.example/A1B/46701234567").url_identifier
    )


@pytest.mark.parametrize(
    ("url", "requests"),
    [
        ("prosms://KEY@HomeAlarm/46701234567/46709876543/46701112233", 1),
        ("smsdk://KEY@HomeAlarm/4520123456/4520123457", 1),
        ("smstools://K:S@Alerts/393481234567/393481234568/393481234569", 1),
        ("spryng://KEY@NotifyDemo/31612345678/31612345679", 1),
        ("spryng://user:S@NotifyDemo/31612345678/31612345679", 2),
        ("smsgw://KEY@127.0.0.1/InfoSMS/447483938220/447483938221", 2),
        ("prosms://KEY@HomeAlarm/123", 1),
    ],
)
def test_len_is_the_number_of_requests_a_send_makes(url: str, requests: int) -> None:
    assert len(load(url)) == requests


def test_parse_url_of_nothing_is_nothing() -> None:
    for plugin in PLUGINS:
        assert plugin.parse_url(None) is None
        assert plugin.parse_url("") is None
        assert plugin.parse_url(42) is None  # type: ignore[arg-type]  # Apprise API may hand over anything


# -- self-description --------------------------------------------------------------------


def test_sms_limits_merge_the_title_and_allow_the_provider_longest_text() -> None:
    assert all(plugin.title_maxlen == 0 for plugin in PLUGINS)
    assert NotifyProsms.body_maxlen == 3 * 153
    assert NotifySmstools.body_maxlen == 5 * 153
    assert NotifySpryng.body_maxlen == NotifySmsGateway.body_maxlen == 4 * 153


@pytest.mark.parametrize("plugin", PLUGINS, ids=lambda p: p.__name__)
def test_every_template_token_is_declared_and_reaches_init(plugin: type[SmsNotifyBase]) -> None:
    init_args = set(inspect.signature(plugin.__init__).parameters) | set(
        inspect.signature(SmsNotifyBase.__init__).parameters
    )
    url_parts = {"schema", "host", "port", "user", "password"}
    for template in plugin.templates:
        for token in re.findall(r"{(\w+)}", template):
            assert token == "schema" or token in plugin.template_tokens, (template, token)
    for name, token in {**plugin.template_tokens, **plugin.template_args}.items():
        target = token.get("alias_of") or token.get("map_to") or name
        if "alias_of" in token:
            assert target in plugin.template_tokens or target in plugin.template_args
        elif name in plugin.template_tokens:
            assert target in init_args | url_parts, name


@pytest.mark.parametrize("plugin", PLUGINS, ids=lambda p: p.__name__)
def test_secrets_are_marked_private_in_the_metadata(plugin: type[SmsNotifyBase]) -> None:
    for name in plugin.credential_map:
        assert plugin.template_tokens[name].get("private", False) is (name not in plugin.public_credentials)


@pytest.mark.parametrize("plugin", PLUGINS, ids=lambda p: p.__name__)
def test_setup_url_is_the_providers_page_in_the_documentation(plugin: type[SmsNotifyBase]) -> None:
    """Apprise's listings link ``setup_url`` as "how to set this up": the provider's page says
    where the credentials are and shows the URL form."""
    prefix = "https://github.com/notify-plugins/notify-plugins/blob/main/"
    assert plugin.setup_url.startswith(prefix)
    page = README.parent / plugin.setup_url.removeprefix(prefix)
    assert page.parent.name == "providers" and page.is_file()
    assert f"{plugin.secure_protocol}://" in page.read_text(encoding="utf-8")
    assert plugin.service_name and plugin.service_url


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.2", True), ("[::1]", True), ("", False), (None, False)])
def test_loopback_hosts_are_recognised(host: str | None, loopback: bool) -> None:
    assert is_loopback(host) is loopback
