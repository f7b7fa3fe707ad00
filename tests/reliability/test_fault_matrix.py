"""What each provider, on each transport, makes of each network fault.

Every case sends one message to one recipient against a scripted server on 127.0.0.1
and asserts three things: the recipient's status, the error class on the
``SendResult``, and how many requests the server saw. The rule behind the expectations
(``notify_plugins/http/policy.py``): retry only when the provider certainly did not act
(no connection, 429, 503), never once the request may have been processed, and report
such ambiguous failures as ``unknown`` rather than as sent or failed, so no SMS is ever
sent twice and none is claimed that may not have gone out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import aiohttp
import pytest

from benchmarks.canned import VARIANTS, make_provider, provider_key, success
from notify_plugins.client import AsyncSmsClient, SmsClient
from notify_plugins.errors import NotifyError, ProviderResponseError, RateLimitedError, TransportError
from notify_plugins.http.aio import AsyncTransport
from notify_plugins.http.sync import SyncTransport
from notify_plugins.results import SendResult, Status
from tests.loopback import RESET, Drip, Hold, ScriptedServer, Stall, closed_port, reply, scripted_server
from tests.reliability.conftest import FAST_RETRY, TIMEOUT, send_path

NUMBER = "46701234567"
HTML = b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"

Script = Callable[[bytes], list[object]]


@dataclass(frozen=True)
class Fault:
    """A fault, the server script that produces it, and what must come of it."""

    name: str
    script: Script | None  # None: nothing listens (connection refused)
    status: Status
    error: type[NotifyError] | None
    requests: int


FAULTS = [
    Fault("connection refused is retried then rejected as not sent", None, Status.REJECTED, TransportError, 0),
    Fault(
        "reset before the response is unknown and not retried",
        lambda ok: [RESET, ok],
        Status.UNKNOWN,
        TransportError,
        1,
    ),
    Fault(
        "read timeout after sending is unknown and not retried",
        lambda ok: [Hold(1.0), ok],
        Status.UNKNOWN,
        TransportError,
        1,
    ),
    Fault(
        "429 with Retry-After is retried and delivered once",
        lambda ok: [reply(429, b"", {"Retry-After": "0"}), ok],
        Status.ACCEPTED,
        None,
        2,
    ),
    Fault(
        "429 without Retry-After is retried with backoff and delivered once",
        lambda ok: [reply(429, b""), ok],
        Status.ACCEPTED,
        None,
        2,
    ),
    Fault(
        "429 on every attempt is rejected as rate limited",
        lambda ok: [reply(429, b"", {"Retry-After": "0"})] * 3 + [ok],
        Status.REJECTED,
        RateLimitedError,
        3,
    ),
    Fault(
        "500 is unknown and not retried",
        lambda ok: [reply(500, b"Internal Server Error", {"Content-Type": "text/plain"}), ok],
        Status.UNKNOWN,
        ProviderResponseError,
        1,
    ),
    Fault("503 is retried and delivered once", lambda ok: [reply(503, b""), ok], Status.ACCEPTED, None, 2),
    Fault(
        "HTML error page is unknown and not retried",
        lambda ok: [reply(502, HTML, {"Content-Type": "text/html"}), ok],
        Status.UNKNOWN,
        ProviderResponseError,
        1,
    ),
    Fault(
        "truncated JSON is unknown and not retried",
        lambda ok: [_truncated(ok), ok],
        Status.UNKNOWN,
        ProviderResponseError,
        1,
    ),
    Fault(
        "empty body is unknown and not retried",
        lambda ok: [reply(200, b"", {"Content-Type": "application/json"}), ok],
        Status.UNKNOWN,
        ProviderResponseError,
        1,
    ),
    Fault(
        "slow drip within the read timeout per read is delivered once", lambda ok: [Drip(ok)], Status.ACCEPTED, None, 1
    ),
    Fault("stall in the middle of the body is unknown", lambda ok: [Stall(ok)], Status.UNKNOWN, TransportError, 1),
]

OVERRIDES: dict[tuple[str, str], tuple[Status, type[NotifyError] | None]] = {
    # Spryng's Simple API documents no response body, only statuses: any 2xx is an
    # acceptance (providers/spryng.py), so a 200 whose body is cut short or empty is too.
    ("spryng-simple", FAULTS[9].name): (Status.ACCEPTED, None),
    ("spryng-simple", FAULTS[10].name): (Status.ACCEPTED, None),
}
"""Provider-specific expectations, where a provider's documented API makes the difference."""


def _truncated(ok: bytes) -> bytes:
    head, _, body = ok.partition(b"\r\n\r\n")
    cut = body[: max(1, len(body) // 2)]
    return (
        head.replace(f"Content-Length: {len(body)}".encode(), f"Content-Length: {len(cut)}".encode())
        + b"\r\n\r\n"
        + cut
    )


def _ok_reply(variant: str) -> bytes:
    response = success(variant, [NUMBER])
    return reply(response.status, response.body, {"Content-Type": "application/json"})


@contextmanager
def _server(fault: Fault, variant: str) -> Iterator[tuple[str, ScriptedServer | None]]:
    if fault.script is None:
        yield f"http://127.0.0.1:{closed_port()}", None
        return
    with scripted_server(*fault.script(_ok_reply(variant))) as server:
        yield f"http://127.0.0.1:{server.port}", server


def _send_sync(variant: str, base: str) -> SendResult:
    transport = SyncTransport(timeout=TIMEOUT, retry=FAST_RETRY)
    with transport:
        client = SmsClient(make_provider(variant, f"{base}/{provider_key(variant)}"), transport)
        return client.send("Fault matrix", [NUMBER], sender="HomeAlarm")


async def _send_async(variant: str, base: str) -> SendResult:
    async with aiohttp.ClientSession() as session:
        transport = AsyncTransport(session, timeout=TIMEOUT, retry=FAST_RETRY)
        client = AsyncSmsClient(make_provider(variant, f"{base}/{provider_key(variant)}"), transport)
        return await client.send("Fault matrix", [NUMBER], sender="HomeAlarm")


def _cases() -> list[object]:
    return [
        pytest.param(fault, variant, transport, id=f"{fault.name.replace(' ', '-')}-{variant}-{transport}")
        for fault in FAULTS
        for variant in VARIANTS
        for transport in ("sync", "async")
    ]


@pytest.mark.parametrize(("fault", "variant", "transport"), _cases())
async def test_fault(fault: Fault, variant: str, transport: str) -> None:
    status, error = OVERRIDES.get((variant, fault.name), (fault.status, fault.error))
    with _server(fault, variant) as (base, server):
        if transport == "sync":
            result = _send_sync(variant, base)
        else:
            result = await _send_async(variant, base)
        seen = list(server.requests) if server else []
    assert [(r.number, r.status) for r in result.results] == [(NUMBER, status)]
    if error is None:
        assert result.error is None, repr(result.error)
    else:
        assert isinstance(result.error, error), repr(result.error)
    if isinstance(result.error, TransportError):
        assert result.error.sent is (status is Status.UNKNOWN)
    assert len(seen) == fault.requests
    assert all(r.split(b" ")[1].startswith(send_path(variant).encode()) for r in seen)
