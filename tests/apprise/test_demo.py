"""``notify-plugins demo``: one message through each provider's Apprise plugin to the sandbox."""

from __future__ import annotations

import inspect
import io
import subprocess
import sys
from pathlib import Path

import apprise
import pytest

from notify_plugins import demo
from notify_plugins.apprise import SmsNotifyBase
from notify_plugins.demo import DEMO_SENDS, Delivery, DemoSend, apprise_url, run, send_with_apprise, send_with_client

ROOT = Path(__file__).resolve().parents[2]
LABELS = ["ProSMS.se", "SMS.dk", "Smstools", "Spryng REST", "Spryng Simple", "Gateway (smsgw)"]


def test_the_demo_sends_through_the_apprise_plugins_by_default() -> None:
    assert inspect.signature(run).parameters["sender"].default is send_with_apprise


def test_the_demo_delivers_every_message_and_prints_what_each_provider_received() -> None:
    out = io.StringIO()
    assert run(out) == 0
    text = out.getvalue()
    lines = text.splitlines()
    assert lines[0].startswith("Sandbox on http://127.0.0.1:")
    for label in LABELS:
        row = next(line for line in lines if line.startswith(label))
        assert "accepted" in row
        assert "FAILED" not in row
    assert "POST /v1/sms/send" in text
    assert "GET /api/sms/send_sms.php" in text
    assert lines[-1] == "6 of 6 sends accepted."


def test_the_core_client_sender_gives_the_same_table() -> None:
    out = io.StringIO()
    assert run(out, sender=send_with_client) == 0
    assert out.getvalue().splitlines()[-1] == "6 of 6 sends accepted."


def test_a_failed_send_shows_in_the_table_and_the_exit_status() -> None:
    def refuse_spryng(send: DemoSend, api_url: str) -> Delivery:
        if send.key == "spryng":
            return Delivery(False, "refused for the test")
        return send_with_apprise(send, api_url)

    out = io.StringIO()
    assert run(out, sender=refuse_spryng) == 1
    assert "FAILED: refused for the test" in out.getvalue()
    assert out.getvalue().splitlines()[-1] == "4 of 6 sends accepted."


@pytest.mark.parametrize("build", DEMO_SENDS, ids=lambda build: build.__name__)
def test_each_demo_url_is_a_documented_apprise_url(build: object) -> None:
    send = build()  # type: ignore[operator]
    url = apprise_url(send, "http://127.0.0.1:8080/" + send.key)
    plugin = apprise.Apprise.instantiate(url, suppress_exceptions=False)
    assert isinstance(plugin, SmsNotifyBase)
    assert plugin.sender == send.sender
    assert len(plugin.targets) == 1
    expected = "http://127.0.0.1:8080" + ("" if send.key == "smsgw" else f"/{send.key}")
    assert plugin.provider.api_url == expected


def test_apprise_sender_reports_a_url_apprise_cannot_load() -> None:
    broken = DemoSend("Broken", "prosms", "prosms", "X", "+46701234567", "text")
    assert send_with_apprise(broken, "http://127.0.0.1:9/prosms") == Delivery(False, "Apprise could not load the URL")


def test_apprise_sender_reports_when_nothing_was_sent() -> None:
    nowhere = DemoSend("Nowhere", "prosms", "prosms", "HomeAlarm", "123", "text")
    assert send_with_apprise(nowhere, "http://127.0.0.1:9/prosms") == Delivery(False, "nothing was sent")


def test_apprise_sender_reports_the_provider_refusal() -> None:
    from notify_plugins.sandbox import Sandbox

    refused = DemoSend("Refused", "prosms", "prosms", "HomeAlarm", "+46701230000", "text")
    with Sandbox(port=0) as sandbox:
        delivery = send_with_apprise(refused, sandbox.api_url("prosms"))
    assert not delivery.ok
    assert "********000: rejected (1015" in delivery.outcome


def test_notify_plugins_demo_command_exits_zero() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "notify_plugins", "demo"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "6 of 6 sends accepted." in done.stdout
    assert demo.__doc__ and "Apprise plugin" in demo.__doc__


def test_client_sender_reports_a_refused_recipient() -> None:
    from notify_plugins.sandbox import Sandbox

    refused = DemoSend("Refused", "prosms", "prosms", "HomeAlarm", "+46701230000", "text")
    with Sandbox(port=0) as sandbox:
        delivery = send_with_client(refused, sandbox.api_url("prosms"))
    assert not delivery.ok
    assert "********000: rejected (1015" in delivery.outcome


def test_client_sender_reports_an_invalid_message_instead_of_raising() -> None:
    invalid = DemoSend("Invalid", "prosms", "prosms", "HomeAlarm", "123", "text")
    delivery = send_with_client(invalid, "http://127.0.0.1:9/prosms")
    assert not delivery.ok
    assert delivery.outcome.startswith("ValidationError: recipients:")
