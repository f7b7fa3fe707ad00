"""No credential ever shows up in logs, exceptions, reprs or result summaries.

Every provider, on both transports, meets the situations in which code is tempted to
print what it sent or got: success, a refusal that echoes the key back, an HTML error
page quoting it, a body that is not JSON, no connection at all and a read timeout. With
DEBUG logging captured from every logger (ours, urllib3, aiohttp), everything a caller
or a log could show is collected and searched for the secrets in every spelling
(:mod:`tests.reliability.secrets`).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import aiohttp
import pytest

from benchmarks.canned import VARIANTS, provider_key, success
from notify_plugins.client import AsyncSmsClient, SmsClient
from notify_plugins.errors import NotifyError
from notify_plugins.http.aio import AsyncTransport
from notify_plugins.http.sync import SyncTransport
from notify_plugins.providers import Provider, create_provider
from notify_plugins.results import SendResult
from tests.loopback import Hold, closed_port, reply, scripted_server
from tests.reliability.conftest import FAST_RETRY, TIMEOUT
from tests.reliability.secrets import SECRETS, leaks, secret_values

NUMBER = "46701234567"


def _echo(variant: str) -> str:
    return " ".join(secret_values(variant))


SCENARIOS: dict[str, Callable[[str], list[object] | None]] = {
    "success": lambda v: [reply(success(v, [NUMBER]).status, success(v, [NUMBER]).body)],
    "refusal echoing the key": lambda v: [
        reply(
            401,
            (
                f'{{"status":false,"messageCode":1054,"message":"Invalid token {_echo(v)}",'
                f'"errorCode":401,"errorMsg":"BAD_CREDENTIALS {_echo(v)}","error":"Invalid API key {_echo(v)}"}}'
            ).encode(),
            {"Content-Type": "application/json"},
        )
    ],
    "HTML error page quoting the key": lambda v: [
        reply(500, f"<html><body>Error for key={_echo(v)}</body></html>".encode(), {"Content-Type": "text/html"})
    ],
    "body that is not JSON quoting the key": lambda v: [reply(200, f"unexpected: {_echo(v)}".encode())],
    "connection refused": lambda v: None,
    "read timeout": lambda v: [Hold(1.0)],
}


def _provider(variant: str, base: str) -> Provider:
    return create_provider(provider_key(variant), api_url=f"{base}/{provider_key(variant)}", **SECRETS[variant])


@contextmanager
def _scenario(name: str, variant: str) -> Iterator[str]:
    script = SCENARIOS[name](variant)
    if script is None:
        yield f"http://127.0.0.1:{closed_port()}"
        return
    with scripted_server(*script) as server:
        yield f"http://127.0.0.1:{server.port}"


def _everything_shown(result: SendResult, provider: Provider) -> str:
    shown = [result.summary(), repr(result), repr(provider), str(provider)]
    shown += [repr(r) for r in result.results] + [r.describe() for r in result.results]
    errors: list[BaseException] = [result.error] if result.error else []
    try:
        result.raise_for_failures()
    except NotifyError as raised:
        errors.append(raised)
    for error in errors:
        shown += [str(error), repr(error), "".join(traceback.format_exception(error))]
        shown += [repr(getattr(error, name, None)) for name in ("code", "text", "rejected")]
    return "\n".join(shown)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    for name in ("notify_plugins", "urllib3", "aiohttp", "asyncio"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


async def _send(scenario: str, variant: str, transport: str) -> tuple[SendResult, Provider]:
    with _scenario(scenario, variant) as base:
        provider = _provider(variant, base)
        if transport == "sync":
            with SyncTransport(timeout=TIMEOUT, retry=FAST_RETRY) as sync:
                return SmsClient(provider, sync).send("Secret hygiene", [NUMBER], sender="HomeAlarm"), provider
        async with aiohttp.ClientSession() as session:
            client = AsyncSmsClient(provider, AsyncTransport(session, timeout=TIMEOUT, retry=FAST_RETRY))
            return await client.send("Secret hygiene", [NUMBER], sender="HomeAlarm"), provider


def _logged(records: list[logging.LogRecord], ours: bool) -> str:
    return "\n".join(
        f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in records if r.name.startswith("notify_plugins") is ours
    )


@pytest.mark.parametrize("transport", ["sync", "async"])
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("scenario", list(SCENARIOS))
async def test_no_secret_in_our_logs_errors_reprs_or_summaries(
    scenario: str, variant: str, transport: str, debug_logs: pytest.LogCaptureFixture
) -> None:
    result, provider = await _send(scenario, variant, transport)
    logged = _logged(debug_logs.records, ours=True)
    assert leaks(variant, logged) == [], logged
    shown = _everything_shown(result, provider)
    assert leaks(variant, shown) == [], shown


@pytest.mark.parametrize("transport", ["sync", "async"])
@pytest.mark.parametrize("variant", VARIANTS)
async def test_no_secret_in_http_library_debug_logs(
    variant: str, transport: str, debug_logs: pytest.LogCaptureFixture
) -> None:
    await _send("success", variant, transport)
    logged = _logged(debug_logs.records, ours=False)
    assert leaks(variant, logged) == [], logged


async def test_http_library_debug_lines_still_name_endpoint_and_status(debug_logs: pytest.LogCaptureFixture) -> None:
    await _send("success", "smsgw", "sync")
    lines = [r.getMessage() for r in debug_logs.records if r.name == "urllib3.connectionpool"]
    assert any("send_sms.php?<redacted>" in line and " 200 " in line for line in lines), lines


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_secret_in_a_validation_error(variant: str) -> None:
    provider = _provider(variant, "http://127.0.0.1:9")
    with pytest.raises(NotifyError) as info:
        SmsClient(provider).send("x" * 5000, [NUMBER], sender="HomeAlarm")
    assert leaks(variant, str(info.value) + repr(info.value)) == []


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_secret_in_a_provider_built_request_repr(variant: str) -> None:
    provider = _provider(variant, "http://127.0.0.1:9")
    client = SmsClient(provider)
    batch = next(iter(provider.build_send(client.message("Repr", [NUMBER], sender="HomeAlarm"))))
    assert leaks(variant, batch.request.describe()) == []
    assert leaks(variant, repr(batch.request)) == [], repr(batch.request)
