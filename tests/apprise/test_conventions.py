"""Apprise's plugin conventions, where they serve users, and the deliberate differences.

The "Apprise conventions" section of docs/apprise.md lists both; each item there is checked here.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import time

import apprise
import pytest
import requests_mock
import urllib3
from apprise.locale import LazyTranslation

from notify_plugins.apprise import PLUGINS, NotifyProsms, NotifySmsGateway
from notify_plugins.providers import provider_class
from notify_plugins.sandbox import Sandbox
from tests.apprise.conftest import sandbox_url
from tests.loopback import scripted_server

PROSMS = "prosms://KEY@HomeAlarm/46701234567?api_url=http%3A%2F%2F127.0.0.1%3A9"
ACCEPTED = {"status": "success", "messageCode": 5000, "result": {"report": {"accepted": [{"receiver": 46701234567}]}}}


def details_of(scheme: str, lang: str | None = None) -> dict[str, object]:
    """The ``apprise --details`` entry of the plugin serving ``scheme``."""
    for entry in apprise.Apprise().details(lang=lang)["schemas"]:
        if scheme in (entry["protocols"] or []) or scheme in (entry["secure_protocols"] or []):
            return dict(entry)
    raise AssertionError(f"{scheme} not listed")


def test_each_plugin_names_the_endpoint_it_sends_to() -> None:
    for plugin in PLUGINS:
        if plugin is NotifySmsGateway:
            assert plugin.notify_url == "{schema}://{host}[:{port}]"
        else:
            assert plugin.notify_url == provider_class(plugin.provider_key).default_api_url
            assert plugin.notify_url.startswith("https://")


@pytest.mark.parametrize("app_id", [None, "Home Alarm 2.1"])
def test_requests_carry_the_user_agent_of_the_apprise_asset(app_id: str | None) -> None:
    asset = apprise.AppriseAsset() if app_id is None else apprise.AppriseAsset(app_id=app_id)
    with requests_mock.Mocker() as mock:
        route = mock.post("http://127.0.0.1:9/v1/sms/send", json=ACCEPTED)
        notifier = apprise.Apprise(asset=asset)
        assert notifier.add(PROSMS)
        assert notifier.notify("Door open")
    assert route.last_request.headers["User-Agent"] == (app_id or "Apprise")


@pytest.mark.parametrize("redirect", ["", "&redirect=yes", "&redirect=no"])
def test_a_redirect_is_never_followed_and_never_resent(redirect: str) -> None:
    with requests_mock.Mocker() as mock:
        route = mock.post("http://127.0.0.1:9/v1/sms/send", status_code=302, headers={"Location": "http://127.0.0.2/"})
        elsewhere = mock.post("http://127.0.0.2/", json=ACCEPTED)
        notifier = apprise.Apprise()
        assert notifier.add(PROSMS + redirect + "&retry=2&wait=0")
        assert not notifier.notify("Door open")
    assert route.call_count == 1
    assert elsewhere.call_count == 0


def test_service_and_field_names_are_translatable_like_apprise_own() -> None:
    for plugin in PLUGINS:
        assert isinstance(plugin.service_name, LazyTranslation)
        for token in plugin.template_tokens.values():
            if "name" in token:
                assert isinstance(token["name"], LazyTranslation)
    assert str(NotifyProsms.service_name) == "ProSMS.se"


def test_field_names_read_in_the_user_language_from_apprise_own_catalog() -> None:
    ours = details_of("prosms", lang="de")["details"]
    theirs = details_of("seven", lang="de")["details"]  # Apprise's own SMS plugin, same fields
    assert isinstance(ours, dict) and isinstance(theirs, dict)
    for field in ("apikey", "targets"):
        assert str(ours["tokens"][field]["name"]) == str(theirs["tokens"][field]["name"])


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The HTTP connections opened from here on."""
    made: list[object] = []
    connect = urllib3.connection.HTTPConnection.connect

    def counting_connect(self: urllib3.connection.HTTPConnection) -> None:
        made.append(self)
        connect(self)

    monkeypatch.setattr(urllib3.connection.HTTPConnection, "connect", counting_connect)
    return made


def test_one_send_to_twenty_recipients_uses_one_connection_where_apprise_smseagle_uses_twenty(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, opened: list[object]
) -> None:
    """Apprise's own SMS plugins open a connection per request (``requests.post``); ours
    keep one session. The gateway makes one request per recipient."""
    recipients = [f"4474839{n:05d}" for n in range(38220, 38240)]
    assert apprise.Apprise.instantiate(sandbox_url("smsgw", sandbox, *recipients)).notify("Door open")
    assert len(sandbox.messages("smsgw")) == 20
    assert len(opened) == 1
    opened.clear()
    eagle = apprise.Apprise.instantiate(
        f"smseagle://token0123456789@127.0.0.1:{sandbox.port}/{'/'.join('+' + n for n in recipients)}"
    )
    monkeypatch.setattr(type(eagle), "request_rate_per_sec", 0)
    eagle.notify("Door open")  # the sandbox does not speak SMSEagle's API; only connections count
    assert len(opened) == 20


def test_later_notifications_of_a_plugin_reuse_its_connection(sandbox: Sandbox, opened: list[object]) -> None:
    plugin = apprise.Apprise.instantiate(sandbox_url("smsgw", sandbox))
    assert plugin.notify("Door open") and plugin.notify("Door closed")
    assert len(sandbox.messages("smsgw")) == 2
    assert len(opened) == 1


def test_a_connection_the_server_closed_between_notifications_is_replaced(opened: list[object]) -> None:
    """A provider closes an idle keep-alive connection in its own time; the next notification
    goes out, once, on a new one."""
    body = b'{"status":true,"error":0}'
    kept_open = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (
        len(body),
        body,
    )
    with scripted_server(kept_open, kept_open) as server:  # each closes its connection after the reply
        plugin = apprise.Apprise.instantiate(f"smsgw://KEY@127.0.0.1:{server.port}/HomeAlarm/46701234567")
        assert plugin.notify("Door open")
        time.sleep(0.2)  # idle: the server's close reaches this side
        assert plugin.notify("Door closed")
    assert len(server.requests) == 2
    assert len(opened) == 2


def test_the_plugin_s_connection_closes_with_the_plugin(sandbox: Sandbox) -> None:
    plugin = apprise.Apprise.instantiate(sandbox_url("smsgw", sandbox))
    assert plugin.notify("Door open")
    pools = plugin._client.transport.session.get_adapter(sandbox.url).poolmanager.pools
    assert len(pools) == 1
    del plugin
    gc.collect()
    assert len(pools) == 0


def test_the_throttle_between_requests_is_that_of_apprise_own_sms_plugins() -> None:
    """Read in a fresh interpreter: the tests' fixture switches our throttle off."""
    code = (
        "import notify_plugins.apprise as p; from apprise.plugins import N_MGR; "
        "print(p.SmsNotifyBase.request_rate_per_sec, N_MGR['sinch'].request_rate_per_sec, "
        "N_MGR['d7sms'].request_rate_per_sec)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.split() == ["0.2", "0.2", "0.2"]
