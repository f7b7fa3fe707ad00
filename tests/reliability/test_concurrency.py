"""Many sends at once, against the sandbox: every message arrives exactly once.

Home Assistant runs every integration on one event loop with one shared ``aiohttp``
session; Apprise and scripts may share one blocking client between threads. Each
message carries a unique tag, and the sandbox's ``GET /sandbox/messages`` must list each
tag once: none lost, none doubled, none crossed over to another request's recipient.
"""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import aiohttp
import pytest

from benchmarks.canned import VARIANTS, make_provider, numbers
from notify_plugins.client import AsyncSmsClient, SmsClient
from notify_plugins.http.aio import AsyncTransport
from notify_plugins.http.sync import SyncTransport
from notify_plugins.results import SendResult
from tests.reliability.conftest import FAST_RETRY, Sandbox

ASYNC_SENDS = 50
THREADS = 20
PER_THREAD = 3


def _tag(variant: str, index: int) -> str:
    return f"[{variant}#{index:03d}]"


def _records_with(messages: list[dict[str, Any]], tag: str) -> list[dict[str, Any]]:
    return [m for m in messages if tag in json.dumps(m, ensure_ascii=False)]


def _assert_each_once(sandbox: Sandbox, variant: str, pairs: list[tuple[str, str]]) -> None:
    messages = sandbox.messages()
    for tag, number in pairs:
        found = _records_with(messages, tag)
        assert len(found) == 1, f"{tag}: {len(found)} records"
        assert number in json.dumps(found[0]), f"{tag} reached another number: {found[0]}"
    assert len(messages) == len(pairs)


@pytest.mark.parametrize("variant", VARIANTS)
async def test_50_concurrent_async_sends_on_one_session_each_arrive_once(variant: str, clean_sandbox: Sandbox) -> None:
    pairs = [(_tag(variant, i), number) for i, number in enumerate(numbers(ASYNC_SENDS))]
    async with aiohttp.ClientSession() as session:
        client = AsyncSmsClient(
            make_provider(variant, clean_sandbox.api_url(variant)), AsyncTransport(session, retry=FAST_RETRY)
        )
        results: list[SendResult] = await asyncio.gather(
            *(client.send(f"Alarm {tag}", [number], sender="HomeAlarm") for tag, number in pairs)
        )
    assert [r.ok for r in results] == [True] * ASYNC_SENDS, [r.summary() for r in results if not r.ok][:3]
    _assert_each_once(clean_sandbox, variant, pairs)


@pytest.mark.parametrize("variant", VARIANTS)
def test_20_threads_sharing_one_sync_client_each_message_arrives_once(variant: str, clean_sandbox: Sandbox) -> None:
    pairs = [(_tag(variant, i), number) for i, number in enumerate(numbers(THREADS * PER_THREAD))]
    client = SmsClient(make_provider(variant, clean_sandbox.api_url(variant)), SyncTransport(retry=FAST_RETRY))

    def send(chunk: list[tuple[str, str]]) -> list[SendResult]:
        return [client.send(f"Alarm {tag}", [number], sender="HomeAlarm") for tag, number in chunk]

    with ThreadPoolExecutor(THREADS) as pool:
        chunks = [pairs[i::THREADS] for i in range(THREADS)]
        results = [result for batch in pool.map(send, chunks) for result in batch]
    client.close()
    assert all(r.ok for r in results), [r.summary() for r in results if not r.ok][:3]
    _assert_each_once(clean_sandbox, variant, pairs)
