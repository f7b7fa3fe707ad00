"""``notify-plugins demo``: one message through every provider, against the local sandbox.

The sandbox starts in-process on a free loopback port; each provider gets its demo
account and the sandbox's ``api_url``, so nothing leaves 127.0.0.1 (loopback traffic
also ignores proxy settings from the environment). One function per provider says what
is sent (:data:`DEMO_SENDS`); :func:`send_with_apprise` (the default) sends it through
the provider's Apprise plugin, as a user's ``apprise`` URL would, and
:func:`send_with_client` through the core client alone. The table shows what the
sandbox received for each, read back from its message log, so a plugin or client that
sent the wrong thing shows it here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO
from urllib.parse import quote, urlsplit

import requests

from .client import SmsClient
from .http.policy import RetryPolicy
from .http.sync import SyncTransport
from .providers import create_provider
from .sandbox import DEMO_CREDENTIALS, Sandbox

TIMEOUT = (2.0, 5.0)
"""Connect and read timeouts: the sandbox answers in milliseconds."""


@dataclass(frozen=True, slots=True)
class DemoSend:
    """What the demo sends through one provider (``variant`` keys ``DEMO_CREDENTIALS``)."""

    label: str
    key: str
    variant: str
    sender: str
    recipient: str
    text: str

    @property
    def credentials(self) -> Mapping[str, str]:
        return DEMO_CREDENTIALS[self.variant]


@dataclass(frozen=True, slots=True)
class Delivery:
    """How a send went, in the sender's words: ``ok`` and a one-line outcome."""

    ok: bool
    outcome: str


def prosms() -> DemoSend:
    """A national Swedish number: the client adds the country code (ProSMS's home is SE)."""
    return DemoSend("ProSMS.se", "prosms", "prosms", "HomeAlarm", "070-123 45 67", "Hej! Ytterdörren är öppen.")


def smsdk() -> DemoSend:
    """A text with a dash outside GSM 03.38, so it goes as Unicode."""
    return DemoSend("SMS.dk", "smsdk", "smsdk", "HomeAlarm", "+45 20 12 34 56", "Vandlækage i kælderen – tjek nu")


def smstools() -> DemoSend:
    return DemoSend("Smstools", "smstools", "smstools", "Alerts", "+39 348 123 4567", "Allarme: porta aperta")


def spryng_rest() -> DemoSend:
    return DemoSend("Spryng REST", "spryng", "spryng", "NotifyDemo", "+31 6 12345678", "Alarm: voordeur open 🔔")


def spryng_simple() -> DemoSend:
    """The Simple API sends GSM text only."""
    return DemoSend(
        "Spryng Simple", "spryng", "spryng-simple", "NotifyDemo", "+31 6 12345679", "Alarm: achterdeur open"
    )


def smsgw() -> DemoSend:
    return DemoSend("Gateway (smsgw)", "smsgw", "smsgw", "InfoSMS", "+44 7483 938220", "Hello from the gateway")


DEMO_SENDS: tuple[Callable[[], DemoSend], ...] = (prosms, smsdk, smstools, spryng_rest, spryng_simple, smsgw)

Sender = Callable[[DemoSend, str], Delivery]


def send_with_client(send: DemoSend, api_url: str) -> Delivery:
    """Send through the core :class:`SmsClient` on a proxy-free ``requests`` session."""
    session = requests.Session()
    session.trust_env = False  # never route loopback traffic through an environment proxy
    provider = create_provider(send.key, api_url=api_url, **send.credentials)
    client = SmsClient(provider, SyncTransport(session, timeout=TIMEOUT, retry=RetryPolicy(attempts=1)))
    try:
        result = client.send(send.text, [send.recipient], sender=send.sender)
    except Exception as err:  # a demo reports every failure in its table rather than a traceback
        return Delivery(False, f"{type(err).__name__}: {err}")
    finally:
        client.close()
        session.close()
    if result.ok:
        ids = {r.message_id for r in result.results if r.message_id}
        return Delivery(True, "accepted" + (f" ({', '.join(sorted(ids))})" if ids else ""))
    return Delivery(False, result.summary())


def apprise_url(send: DemoSend, api_url: str) -> str:
    """The documented Apprise URL for ``send`` (the README's "URL forms"), aimed at ``api_url``."""
    credentials = {name: quote(value, safe="") for name, value in send.credentials.items()}
    userinfo = ":".join(
        credentials[name] for name in ("api_key", "api_secret", "username", "secret") if name in credentials
    )
    recipient = quote(send.recipient, safe="")
    if send.key == "smsgw":
        # The gateway's host is the API base; the sandbox answers it at its root too.
        return f"smsgw://{userinfo}@{urlsplit(api_url).netloc}/{quote(send.sender, safe='')}/{recipient}"
    query = f"api_url={quote(api_url, safe='')}"
    return f"{send.key}://{userinfo}@{quote(send.sender, safe='')}/{recipient}?{query}"


def send_with_apprise(send: DemoSend, api_url: str) -> Delivery:
    """Send through Apprise with the provider's plugin, and read its per-recipient outcome."""
    import apprise

    from .apprise import SmsNotifyBase

    plugin = apprise.Apprise.instantiate(apprise_url(send, api_url))
    if not isinstance(plugin, SmsNotifyBase):
        return Delivery(False, "Apprise could not load the URL")
    plugin.socket_connect_timeout, plugin.socket_read_timeout = TIMEOUT
    plugin.retry_policy = RetryPolicy(attempts=1)
    plugin.request_rate_per_sec = 0
    notified = apprise.Apprise()
    notified.add(plugin)
    ok = bool(notified.notify(body=send.text))
    result = plugin.last_result
    if result is None:
        return Delivery(False, "nothing was sent")
    if ok and result.ok:
        ids = {r.message_id for r in result.results if r.message_id}
        return Delivery(True, "accepted" + (f" ({', '.join(sorted(ids))})" if ids else ""))
    return Delivery(False, result.summary())


def _received(send: DemoSend, messages: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    return next((m for m in messages if m.get("provider") == send.key and m.get("text") == send.text), None)


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return lines


def run(out: TextIO | None = None, sender: Sender = send_with_apprise) -> int:
    """Run the demo; 0 when every provider accepted its message, else 1."""
    stream = out or sys.stdout
    sends = [build() for build in DEMO_SENDS]
    with Sandbox(port=0) as sandbox:
        print(f"Sandbox on {sandbox.url}; sending one message through each provider.\n", file=stream)
        deliveries = [sender(send, sandbox.api_url(send.key)) for send in sends]
        messages = sandbox.messages()
    rows = [["provider", "endpoint", "recipient", "sender", "encoding", "outcome"]]
    for send, delivery in zip(sends, deliveries, strict=True):
        got = _received(send, messages) or {}
        rows.append(
            [
                send.label,
                str(got.get("endpoint") or "-"),
                str(got.get("recipient") or "-"),
                str(got.get("sender") or "-"),
                str(got.get("encoding") or "-"),
                delivery.outcome if delivery.ok else f"FAILED: {delivery.outcome}",
            ]
        )
    print("\n".join(_table(rows)), file=stream)
    succeeded = sum(1 for d in deliveries if d.ok)
    print(f"\n{succeeded} of {len(sends)} sends accepted.", file=stream, flush=True)
    return 0 if succeeded == len(sends) else 1
