"""Sending through ``notify()``: every provider's success, refusal and fault shapes.

The in-process sandbox answers in each provider's own shapes; ``requests_mock`` stands in
where a test needs to see the request itself (verify, timeouts) or make ``requests``
raise. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import logging
import socket
from typing import Any

import apprise
import pytest
import requests
import requests_mock

from notify_plugins.apprise import SmsNotifyBase
from notify_plugins.results import Status
from notify_plugins.sandbox import Sandbox
from tests.apprise.conftest import NUMBERS, VARIANTS, key_of, rejected, sandbox_url

ENDPOINTS = {
    "prosms": "POST /v1/sms/send",
    "smsdk": "POST /v1/sms/send",
    "smstools": "POST /rest/api/sms/send",
    "spryng": "POST /v1/messages",
    "spryng-simple": "POST /api/simple/message",
    "smsgw": "GET /api/sms/send_sms.php",
}

REFUSED_KEY = {
    "prosms": "1054 Invalid token.",
    "smsdk": "1054 Invalid token.",
    "smstools": "BAD_CREDENTIALS",
    "spryng": "401",
    "spryng-simple": "401 Unauthenticated.",
    "smsgw": "Invalid API Key",
}
"""What each provider says, in our log line, when the credentials are wrong."""

WRONG_CREDENTIALS = {
    "prosms": {"api_key": "wrong"},
    "smsdk": {"api_key": "wrong"},
    "smstools": {"api_key": "wrong", "api_secret": "wrong"},
    "spryng": {"api_key": "wrong"},
    "spryng-simple": {"username": "spryng-demo", "secret": "wrong"},
    "smsgw": {"api_key": "wrong"},
}


def plugin_for(url: str) -> Any:
    plugin = apprise.Apprise.instantiate(url, suppress_exceptions=False)
    assert isinstance(plugin, SmsNotifyBase)
    return plugin


def notify(url: str, body: str = "Door open", title: str = "") -> tuple[bool, Any]:
    plugin = plugin_for(url)
    notified = apprise.Apprise()
    notified.add(plugin)
    return bool(notified.notify(body=body, title=title)), plugin


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


# -- success ------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_notify_delivers_to_the_sandbox(variant: str, sandbox: Sandbox) -> None:
    ok, plugin = notify(sandbox_url(variant, sandbox), body="Door open")
    assert ok
    received = sandbox.messages(key_of(variant))
    assert [(m["recipient"], m["sender"], m["text"]) for m in received] == [
        (NUMBERS[variant], "HomeAlarm", "Door open")
    ]
    assert received[0]["endpoint"] == ENDPOINTS[variant]
    assert plugin.last_result.ok


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_title_becomes_the_first_line_of_the_sms(variant: str, sandbox: Sandbox) -> None:
    ok, _ = notify(sandbox_url(variant, sandbox), body="Door open", title="Alarm")
    assert ok
    assert [m["text"] for m in sandbox.messages(key_of(variant))] == ["Alarm\nDoor open"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_target_gets_the_message(variant: str, sandbox: Sandbox) -> None:
    second = NUMBERS[variant][:-1] + "1"
    ok, _ = notify(sandbox_url(variant, sandbox, NUMBERS[variant], second))
    assert ok
    assert sorted(m["recipient"] for m in sandbox.messages(key_of(variant))) == sorted([NUMBERS[variant], second])


def test_accepted_recipients_are_logged_with_masked_numbers(sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="apprise"):
        assert notify(sandbox_url("prosms", sandbox))[0]
    assert any(m.startswith("Sent ProSMS.se SMS to ********567 (id ") for m in (r.getMessage() for r in caplog.records))
    assert "46701234567" not in caplog.text


# -- refusals -----------------------------------------------------------------------------


PER_RECIPIENT = tuple(v for v in VARIANTS if v != "spryng")
"""Spryng's REST API answers one request for all recipients, so it refuses them together."""


@pytest.mark.parametrize("variant", PER_RECIPIENT)
def test_a_partial_failure_makes_notify_false_and_names_the_refused_recipient(
    variant: str, sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    refused = rejected(NUMBERS[variant])
    ok, plugin = notify(sandbox_url(variant, sandbox, NUMBERS[variant], refused))
    assert not ok
    assert [m["recipient"] for m in sandbox.messages(key_of(variant))] == [NUMBERS[variant]]
    statuses = {r.number: r.status for r in plugin.last_result.results}
    assert statuses == {NUMBERS[variant]: Status.ACCEPTED, refused: Status.REJECTED}
    lines = [line for line in warnings(caplog) if "rejected the SMS to" in line]
    assert len(lines) == 1
    assert "*" * (len(refused) - 3) + "000" in lines[0]
    result = next(r for r in plugin.last_result.results if r.number == refused)
    assert result.reason and result.reason in lines[0]
    if result.code:
        assert result.code in lines[0]


def test_spryng_rest_refuses_the_whole_request_for_one_bad_number(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    ok, plugin = notify(sandbox_url("spryng", sandbox, "31612345678", "31612340000"))
    assert not ok
    assert sandbox.messages() == []
    assert [r.status for r in plugin.last_result.results] == [Status.REJECTED, Status.REJECTED]
    lines = [line for line in warnings(caplog) if "Spryng rejected the SMS to" in line]
    assert len(lines) == 2
    assert all("422 The recipients.1 is not a valid phone number." in line for line in lines)


@pytest.mark.parametrize("variant", VARIANTS)
def test_refused_credentials_fail_with_the_provider_reason(
    variant: str, sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    ok, _ = notify(sandbox_url(variant, sandbox, credentials=WRONG_CREDENTIALS[variant]))
    assert not ok
    assert sandbox.messages() == []
    assert any(REFUSED_KEY[variant] in line for line in warnings(caplog)), warnings(caplog)


@pytest.mark.parametrize("variant", ["prosms", "smsdk", "smstools"])
def test_a_sender_not_approved_gets_the_provider_sender_error(
    variant: str, sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    ok, _ = notify(sandbox_url(variant, sandbox, sender="Unapproved"))
    assert not ok
    assert any(("1017" in line or "BAD_FROM" in line) for line in warnings(caplog))


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_credit_fails_every_recipient(variant: str, sandbox: Sandbox) -> None:
    number = NUMBERS[variant][:-4] + "0402"
    ok, plugin = notify(sandbox_url(variant, sandbox, number))
    assert not ok
    assert [r.status for r in plugin.last_result.results] == [Status.REJECTED]


# -- faults -------------------------------------------------------------------------------


FAULTS = [
    pytest.param(variant, fault, id=f"{variant}-{fault}")
    for variant in VARIANTS
    for fault in ("500", "503", "429", "html", "truncated", "empty")
    if not (variant == "spryng-simple" and fault in ("truncated", "empty"))
]
"""Spryng's Simple API documents no reply body, so any 2xx is its acceptance (see below)."""


@pytest.mark.parametrize(("variant", "fault"), FAULTS)
def test_provider_faults_make_notify_false_without_raising(
    variant: str, fault: str, sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    ok, plugin = notify(sandbox_url(variant, sandbox), body=f"Door open [sandbox:{fault}]")
    assert not ok
    assert not plugin.last_result.ok
    assert warnings(caplog)


def test_spryng_simple_counts_any_2xx_reply_as_sent(sandbox: Sandbox) -> None:
    ok, plugin = notify(sandbox_url("spryng-simple", sandbox), body="Door open [sandbox:empty]")
    assert ok
    assert plugin.last_result.ok


def test_an_unclear_reply_is_logged_as_maybe_sent(sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    ok, plugin = notify(sandbox_url("prosms", sandbox), body="Door open [sandbox:empty]")
    assert not ok
    assert plugin.last_result.results[0].status is Status.UNKNOWN
    assert any("may or may not have been sent" in line for line in warnings(caplog))


def test_a_server_that_is_not_there_makes_notify_false() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    ok, plugin = notify(f"smsgw://KEY@127.0.0.1:{port}/HomeAlarm/46701234567")
    assert not ok
    assert plugin.last_result.results[0].status is Status.REJECTED


@pytest.mark.parametrize(
    "exception",
    [
        requests.ConnectionError,
        requests.Timeout,
        requests.HTTPError,
        requests.TooManyRedirects,
        requests.RequestException,
    ],
)
def test_requests_exceptions_make_notify_false_instead_of_raising(exception: type[Exception]) -> None:
    with requests_mock.Mocker() as mock:
        mock.post("http://127.0.0.1:9/prosms/v1/sms/send", exc=exception)
        ok, plugin = notify("prosms://KEY@HomeAlarm/46701234567?api_url=http%3A%2F%2F127.0.0.1%3A9%2Fprosms")
    assert not ok
    assert plugin.last_result.results[0].status in (Status.REJECTED, Status.UNKNOWN)


# -- nothing sent -------------------------------------------------------------------------


def test_no_valid_target_sends_nothing_and_returns_false(sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    ok, plugin = notify(sandbox_url("prosms", sandbox, "123"))
    assert not ok
    assert plugin.last_result is None
    assert sandbox.messages() == []
    assert "ProSMS.se: no valid target; nothing sent" in warnings(caplog)


def test_a_text_longer_than_the_provider_takes_is_refused_not_cut(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    ok, _ = notify(sandbox_url("prosms", sandbox), body="x" * 500)
    assert not ok
    assert sandbox.messages() == []
    assert any("not sent: message:" in line and "takes at most 3" in line for line in warnings(caplog))


def test_overflow_split_sends_a_long_text_as_several_messages(sandbox: Sandbox) -> None:
    ok, _ = notify(sandbox_url("prosms", sandbox, query="overflow=split"), body="y" * 500)
    assert ok
    assert len(sandbox.messages("prosms")) == 2


def test_spryng_simple_refuses_text_outside_gsm(sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    ok, _ = notify(sandbox_url("spryng-simple", sandbox), body="Alarm 🔔")
    assert not ok
    assert any("Simple API sends GSM plain text only" in line for line in warnings(caplog))


# -- transport settings --------------------------------------------------------------------


def test_verify_and_timeouts_reach_every_request() -> None:
    with requests_mock.Mocker() as mock:
        route = mock.post(
            "https://127.0.0.1:9/v1/messages",
            status_code=201,
            json={"id": "m1", "status": "scheduled", "credits": 1.0},
        )
        ok, _ = notify(
            "spryng://KEY@NotifyDemo/31612345678?api_url=https%3A%2F%2F127.0.0.1%3A9&verify=no&cto=1.5&rto=7"
        )
    assert ok
    assert route.last_request.verify is False
    assert route.last_request.timeout == (1.5, 7.0)


def test_certificates_are_verified_by_default() -> None:
    with requests_mock.Mocker() as mock:
        route = mock.get("https://127.0.0.1/api/sms/send_sms.php", json={"status": True, "error": 0})
        ok, _ = notify("smsgws://KEY@127.0.0.1/InfoSMS/447483938220")
    assert ok
    assert route.last_request.verify is True
    assert route.last_request.qs["mobile"] == ["447483938220"]


def test_apprise_throttle_runs_before_every_request(monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox) -> None:
    _one_receiver_each(monkeypatch)
    plugin = plugin_for(sandbox_url("prosms", sandbox, "46701234567", "46701234568", "46701234569"))
    calls: list[None] = []
    monkeypatch.setattr(plugin, "throttle", lambda *args, **kwargs: calls.append(None))
    assert plugin.notify("Door open")
    assert len(calls) == len(plugin) == 3


APPRISE_RETRIES = "retry" in apprise.NotifyBase.template_args
"""Apprise 1.11 added ``?retry=``; before it, the argument is ignored."""


def _one_receiver_each(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("notify_plugins.providers.compaya.CompayaProvider.max_recipients_per_request", 1)


def test_an_apprise_retry_resends_only_to_refused_recipients() -> None:
    """On Apprise 1.9.x ``?retry=`` is ignored, so the refused recipient is tried once."""
    refused = "46701230000"
    rejected = [{"receiver": 46701230000, "messageCode": 1015, "message": "x"}]
    with requests_mock.Mocker() as mock:
        route = mock.post(
            "http://127.0.0.1:9/v1/sms/send",
            json={
                "status": "error",
                "messageCode": 1059,
                "message": "See specific error in returned rejected array.",
                "errorResult": {"report": {"accepted": [], "rejected": rejected}},
            },
            status_code=409,
        )
        route_mixed = mock.post(
            "http://127.0.0.1:9/v1/sms/send",
            additional_matcher=lambda request: b"46701234567" in request.body,
            json={
                "status": "mixed",
                "messageCode": 3000,
                "result": {"report": {"accepted": [{"receiver": 46701234567}], "rejected": rejected}},
            },
            status_code=207,
        )
        ok, _ = notify(
            f"prosms://KEY@HomeAlarm/46701234567/{refused}?api_url=http%3A%2F%2F127.0.0.1%3A9&retry=1&wait=0"
        )
    assert not ok
    assert route_mixed.call_count == 1  # both numbers, comma-joined
    assert route.call_count == (1 if APPRISE_RETRIES else 0)  # the retry: the refused number alone


def test_loopback_requests_ignore_proxy_settings(monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    ok, _ = notify(sandbox_url("prosms", sandbox))
    assert ok
