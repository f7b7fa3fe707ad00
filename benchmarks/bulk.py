"""1,000 recipients through each provider against the sandbox: requests, connections, time.

For each API variant the same message goes to 1,000 distinct numbers three ways:

* bare: the provider's own prebuilt requests posted one after another with a plain
  ``requests.Session`` (the floor: HTTP alone);
* sync: ``SmsClient.send`` on ``SyncTransport`` (validation, batching, pacing, parsing);
* async: ``AsyncSmsClient.send`` on ``AsyncTransport`` with one ``aiohttp`` session.

Requests and TCP connections are counted on the client side (urllib3's pool counters for
the sync path, an ``aiohttp`` trace for the async one), so batching and connection reuse
are visible. The sandbox must then list exactly 1,000 messages for each run.

Spryng's client-side limiter (1200 requests a minute, shared per account across the
process) is reset before each run: one run stays under the limit, three back to back
would not, and waiting a minute is not what is being measured.
"""

from __future__ import annotations

import asyncio
import time

import aiohttp
import requests

from notify_plugins.client import AsyncSmsClient, SmsClient
from notify_plugins.http import ratelimit
from notify_plugins.http.aio import AsyncTransport
from notify_plugins.http.sync import SyncTransport
from notify_plugins.message import Message

from .canned import VARIANTS, make_provider, numbers, provider_key
from .report import Table
from .sandbox import SandboxProcess, available, running_sandbox

COUNT = 1_000
TEXT = "Water leak detected in the basement"
SENDER = "HomeAlarm"


def _pool_counts(session: requests.Session) -> tuple[int, int, int]:
    """(hosts, TCP connections opened, requests made) from urllib3's connection pools."""
    manager = session.get_adapter("http://127.0.0.1/").poolmanager  # type: ignore[attr-defined]
    pools = [manager.pools[key] for key in manager.pools.keys()]  # noqa: SIM118 - the container refuses iteration
    return len(pools), sum(p.num_connections for p in pools), sum(p.num_requests for p in pools)


def bare(api_url: str, variant: str, recipients: list[str]) -> float:
    provider = make_provider(variant, api_url)
    batches = list(provider.build_send(Message.create(TEXT, recipients, SENDER)))
    with requests.Session() as session:
        started = time.perf_counter()
        for batch in batches:
            request = batch.request
            session.request(request.method, request.full_url, data=request.body, headers=dict(request.headers)).content  # noqa: B018
        return time.perf_counter() - started


def sync(api_url: str, variant: str, recipients: list[str]) -> tuple[float, tuple[int, int, int], int]:
    session = requests.Session()
    client = SmsClient(make_provider(variant, api_url), SyncTransport(session))
    started = time.perf_counter()
    result = client.send(TEXT, recipients, sender=SENDER)
    elapsed = time.perf_counter() - started
    counts = _pool_counts(session)
    client.close()
    session.close()
    return elapsed, counts, len(result.accepted)


async def async_(api_url: str, variant: str, recipients: list[str]) -> tuple[float, int, int, int]:
    counts = {"connections": 0, "requests": 0}

    async def connection_made(*_: object) -> None:
        counts["connections"] += 1

    async def request_done(*_: object) -> None:
        counts["requests"] += 1

    trace = aiohttp.TraceConfig()
    trace.on_connection_create_end.append(connection_made)
    trace.on_request_end.append(request_done)
    async with aiohttp.ClientSession(trace_configs=[trace]) as session:
        client = AsyncSmsClient(make_provider(variant, api_url), AsyncTransport(session))
        started = time.perf_counter()
        result = await client.send(TEXT, recipients, sender=SENDER)
        elapsed = time.perf_counter() - started
    return elapsed, counts["requests"], counts["connections"], len(result.accepted)


def _delivered(sandbox: SandboxProcess) -> int:
    count = len(sandbox.messages())
    sandbox.clear()
    return count


def run(variants: tuple[str, ...] = VARIANTS) -> list[Table]:
    table = Table(
        f"Bulk: {COUNT:,} recipients per provider through the sandbox",
        [
            "provider",
            "requests",
            "TCP connections (sync)",
            "bare s",
            "sync s",
            "sync / bare",
            "async s",
            "async / bare",
            "delivered (bare / sync / async)",
        ],
    )
    if not available():
        table.notes.append("Skipped: the sandbox (notify_plugins/sandbox) is not there.")
        return [table]
    recipients = numbers(COUNT)
    with running_sandbox() as sandbox:
        sandbox.clear()
        for variant in variants:
            api_url = f"{sandbox.base}/{provider_key(variant)}"
            try:
                ratelimit._SHARED.clear()
                bare_s = bare(api_url, variant, recipients)
                bare_delivered = _delivered(sandbox)
                ratelimit._SHARED.clear()
                sync_s, (hosts, connections, sync_requests), sync_accepted = sync(api_url, variant, recipients)
                sync_delivered = _delivered(sandbox)
                ratelimit._SHARED.clear()
                async_s, async_requests, async_connections, async_accepted = asyncio.run(
                    async_(api_url, variant, recipients)
                )
                async_delivered = _delivered(sandbox)
            except Exception as err:  # a provider that has not landed must not hide the others
                table.notes.append(f"{variant}: skipped ({type(err).__name__}: {err})")
                continue
            if sync_accepted != COUNT or async_accepted != COUNT:
                table.notes.append(f"{variant}: accepted {sync_accepted} (sync) / {async_accepted} (async) of {COUNT}")
            if async_requests != sync_requests or async_connections > 1:
                table.notes.append(
                    f"{variant}: async path made {async_requests} requests on {async_connections} connections"
                )
            table.rows.append(
                [
                    variant,
                    sync_requests,
                    f"{connections} ({hosts} host)",
                    bare_s,
                    sync_s,
                    sync_s / bare_s,
                    async_s,
                    async_s / bare_s,
                    f"{bare_delivered} / {sync_delivered} / {async_delivered}",
                ]
            )
    table.notes.append(
        "bare = the provider's prebuilt requests sent with a plain requests.Session; sync and async include "
        "validating 1,000 numbers, building, pacing and parsing."
    )
    return [table]
