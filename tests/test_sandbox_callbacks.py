"""The sandbox calls a send's delivery-report URL back, in the provider's format, on loopback only.

A small HTTP server on 127.0.0.1 stands in for Home Assistant's webhook; what it receives
is read by the same ``Provider.parse_callback`` a real integration uses.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest

from notify_plugins.client import SmsClient
from notify_plugins.delivery import DeliveryState
from notify_plugins.providers import create_provider
from notify_plugins.sandbox import DEMO_CREDENTIALS, Sandbox
from notify_plugins.sandbox.callbacks import Callback, CallbackSender, is_loopback

WAIT = 10.0
"""Upper bound for a report to arrive; a pass never waits this long."""


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    query: dict[str, str]
    body: bytes
    content_type: str | None


class Webhook:
    """A loopback server that records every request and signals each arrival."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.arrived = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                parts = urlsplit(self.path)
                owner.received.append(
                    Received(
                        self.command,
                        parts.path,
                        dict(parse_qsl(parts.query)),
                        self.rfile.read(length),
                        self.headers.get("Content-Type"),
                    )
                )
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                owner.arrived.set()

            do_GET = do_POST = _record

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/webhook/abc"


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook()
    hook.thread.start()
    yield hook
    hook.server.shutdown()
    hook.server.server_close()


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(port=0) as running:
        yield running


@pytest.mark.parametrize("key", ["prosms", "smsdk", "smstools"])
def test_a_send_with_a_callback_url_gets_a_delivery_report_the_provider_parser_reads(
    key: str, sandbox: Sandbox, webhook: Webhook
) -> None:
    provider = create_provider(key, api_url=sandbox.api_url(key), callback_url=webhook.url, **DEMO_CREDENTIALS[key])
    client = SmsClient(provider)
    result = client.send("The door is open", ["+46701234567"], sender="HomeAlarm", reference="door-1")
    client.close()
    assert result.ok
    assert webhook.arrived.wait(WAIT)
    (call,) = webhook.received
    assert call.path == "/api/webhook/abc"
    (report,) = provider.parse_callback(call.method, call.query, call.body, call.content_type)
    assert report.recipient == "46701234567"
    assert report.status is DeliveryState.DELIVERED
    assert report.reference == "door-1"
    assert report.message_id == result.results[0].message_id


def test_a_send_without_a_callback_url_gets_no_report(sandbox: Sandbox, webhook: Webhook) -> None:
    provider = create_provider("prosms", api_url=sandbox.api_url("prosms"), **DEMO_CREDENTIALS["prosms"])
    client = SmsClient(provider)
    assert client.send("Hello", ["+46701234567"], sender="HomeAlarm").ok
    client.close()
    sandbox.stop()  # cancels anything still pending
    assert webhook.received == []


def test_the_query_string_of_the_callback_url_is_kept(sandbox: Sandbox, webhook: Webhook) -> None:
    url = f"{webhook.url}?entry=home"
    provider = create_provider("smsdk", api_url=sandbox.api_url("smsdk"), callback_url=url, **DEMO_CREDENTIALS["smsdk"])
    client = SmsClient(provider)
    assert client.send("Hello", ["+4522680880"], sender="HomeAlarm").ok
    client.close()
    assert webhook.arrived.wait(WAIT)
    assert webhook.received[0].query["entry"] == "home"
    assert webhook.received[0].query["receiver"] == "4522680880"


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8123/api/webhook/x", True),
        ("http://127.1.2.3/x", True),
        ("http://[::1]:8123/x", True),
        ("http://localhost:8123/x", True),
        ("https://home.example.org/api/webhook/x", False),
        ("http://10.0.0.5/x", False),
        ("ftp://127.0.0.1/x", False),
    ],
)
def test_only_loopback_urls_count_as_this_machine(url: str, loopback: bool) -> None:
    assert is_loopback(url) is loopback


def test_a_report_for_another_host_is_never_sent() -> None:
    sender = CallbackSender()
    assert not sender.schedule(Callback("GET", "https://home.example.org/api/webhook/x"))
    sender.close()
