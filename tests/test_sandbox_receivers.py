"""ProSMS.se and SMS.dk through the sandbox: several receivers in one request, and the
fallback to one a request when the platform refuses that form."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from notify_plugins.client import SmsClient
from notify_plugins.http import HttpRequest, HttpResponse
from notify_plugins.http.sync import SyncTransport
from notify_plugins.providers import create_provider
from notify_plugins.results import Status
from notify_plugins.sandbox import DEMO_CREDENTIALS, Sandbox

NUMBERS = ["+46701234567", "+46701234568", "+46701230000"]
"""Two the sandbox accepts and one it rejects (a number ending in 0000)."""


class CountingTransport(SyncTransport):
    """The real transport, keeping the ``receiver`` of every request it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.receivers: list[object] = []

    def execute(self, request: HttpRequest) -> HttpResponse:
        self.receivers.append(request.json()["receiver"])
        return super().execute(request)


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(port=0) as running:
        yield running


@pytest.mark.parametrize("key", ["prosms", "smsdk"])
def test_several_receivers_go_in_one_request_and_each_gets_its_outcome(key: str, sandbox: Sandbox) -> None:
    transport = CountingTransport()
    client = SmsClient(create_provider(key, api_url=sandbox.api_url(key), **DEMO_CREDENTIALS[key]), transport)
    result = client.send("Door open", NUMBERS, sender="HomeAlarm")
    client.close()
    assert transport.receivers == ["46701234567,46701234568,46701230000"]
    assert [(r.number, r.status) for r in result.results] == [
        ("46701234567", Status.ACCEPTED),
        ("46701234568", Status.ACCEPTED),
        ("46701230000", Status.REJECTED),
    ]
    assert sorted(m["recipient"] for m in sandbox.messages(key)) == ["46701234567", "46701234568"]


def test_a_refused_comma_form_is_sent_again_one_number_a_request(sandbox: Sandbox) -> None:
    transport = CountingTransport()
    provider = create_provider("prosms", api_url=sandbox.api_url("prosms"), **DEMO_CREDENTIALS["prosms"])
    client = SmsClient(provider, transport)
    text = "Door open [sandbox:one-receiver]"
    result = client.send(text, NUMBERS[:2], sender="HomeAlarm")
    again = client.send(text, NUMBERS[:2], sender="HomeAlarm")
    client.close()
    assert transport.receivers == ["46701234567,46701234568", 46701234567, 46701234568, 46701234567, 46701234568]
    assert result.ok and again.ok
    assert len(sandbox.messages("prosms")) == 4
