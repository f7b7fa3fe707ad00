"""What the spend guard adds to a send: guarded against unguarded, over the same loopback server.

Both sides validate the same message and send it through the same client to the minimal
keep-alive server of :mod:`.loopback`; the guarded side goes through
:meth:`SpendGuard.async_send` (or ``send``) with both rules on (a limit never reached, a
5-minute repeat window) and a new text each time, so every send is counted, remembered and
settled, and none is held; the guard reads the clock and time zone as in Home Assistant.

The two sides take turns send by send and their medians are compared (:mod:`.paired`).

* **async, in-memory ledger**: the Home Assistant case (its ledger lives in memory on the
  event loop; the ``Store`` save is deferred and batched, so it is not in the send's path).
  Goal: at most 5 % more than the unguarded async send.
* **sync, Apprise's persistent storage**: the Apprise case with a storage folder: each send
  reads and writes the ledger file twice under a ``flock`` (count before, settle after).
  Shown for what it costs; it has no goal.

The sans-IO row is the guard's own work per send (reserve and settle on an in-memory
ledger, in a tight loop), the part of the ratio that no HTTP exchange adds noise to.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import tempfile
import timeit
from collections.abc import Callable
from zoneinfo import ZoneInfo

import aiohttp
import requests
from apprise.persistent_store import PersistentStore

from notify_plugins.apprise.spend import PersistentLedgerStorage
from notify_plugins.client import AsyncSmsClient, SmsClient
from notify_plugins.guard import MemoryLedgerStorage, SpendGuard, SpendLimits
from notify_plugins.http.aio import AsyncTransport
from notify_plugins.http.sync import SyncTransport
from notify_plugins.message import Message
from notify_plugins.results import RecipientResult, SendResult

from .canned import SUCCESS_BODIES, make_provider, numbers
from .loopback import canned_server
from .paired import amedians, medians
from .report import Cell, Table

VARIANT = "prosms"
PAIRS = 3000
APPRISE_PAIRS = 300
GOAL = 1.05
TEXT = "Door open at the back entrance"
SENDER = "HomeAlarm"
LIMITS = SpendLimits(daily_limit=10**9, repeat_window=5)


ZONE = ZoneInfo("Europe/Stockholm")


def _guard(storage: MemoryLedgerStorage | PersistentLedgerStorage) -> SpendGuard:
    return SpendGuard(LIMITS, storage, zone=lambda: ZONE)  # as in Home Assistant: a zone, time.time


def _texts() -> Callable[[], str]:
    counter = itertools.count()
    return lambda: f"{TEXT} {next(counter)}"


async def measure_async(api_url: str, number: str) -> dict[str, float]:
    async with aiohttp.ClientSession() as session:
        client = AsyncSmsClient(make_provider(VARIANT, api_url), AsyncTransport(session))
        guard = _guard(MemoryLedgerStorage())
        text = _texts()

        async def unguarded() -> None:
            assert (await client.send_message(client.message(text(), [number], sender=SENDER))).ok

        async def guarded() -> None:
            assert (await guard.async_send(client, client.message(text(), [number], sender=SENDER))).ok

        return await amedians({"unguarded": unguarded, "guarded": guarded}, PAIRS)


def measure_sync_apprise_store(api_url: str, number: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        store = PersistentStore(path=folder, namespace="benchmark")
        storage = PersistentLedgerStorage(store, "spend-benchmark", logging.getLogger("benchmark"))
        guard = _guard(storage)
        client = SmsClient(make_provider(VARIANT, api_url), SyncTransport(requests.Session()))
        text = _texts()

        def unguarded() -> None:
            assert client.send_message(client.message(text(), [number], sender=SENDER)).ok

        def guarded() -> None:
            assert guard.send(client, client.message(text(), [number], sender=SENDER)).ok

        try:
            return medians({"unguarded": unguarded, "guarded": guarded}, APPRISE_PAIRS)
        finally:
            client.close()


def guard_alone(number: str) -> float:
    """Seconds of the guard's own work per send: reserve and settle, no I/O."""
    guard = _guard(MemoryLedgerStorage())
    text = _texts()
    accepted = SendResult("ProSMS.se", (RecipientResult.accepted(number, parts=1, cost=1.0),))

    def one() -> None:
        message = Message.create(text(), [number], SENDER)
        guard.settle(guard.reserve(message), accepted)

    def validation_only() -> None:
        Message.create(text(), [number], SENDER)

    runs = 2000
    both = min(timeit.repeat(one, number=runs, repeat=5)) / runs
    base = min(timeit.repeat(validation_only, number=runs, repeat=5)) / runs
    return both - base


def run() -> list[Table]:
    logging.getLogger("notify_plugins").setLevel(logging.WARNING)
    number = numbers(1)[0]
    table = Table(
        f"Spend guard: cost per send ({VARIANT}, loopback keep-alive server, median of {PAIRS} alternating pairs)",
        ["path", "unguarded µs/send", "guarded µs/send", "guarded / unguarded"],
    )
    with canned_server(SUCCESS_BODIES[VARIANT]([number])) as base:
        api_url = f"{base}/{VARIANT}"
        timed = asyncio.run(measure_async(api_url, number))
        async_ratio = timed["guarded"] / timed["unguarded"]
        table.rows.append(
            ["async (aiohttp), in-memory ledger", timed["unguarded"] * 1e6, timed["guarded"] * 1e6, async_ratio]
        )
        alone = guard_alone(number)
        unguarded = timed["unguarded"]
        table.rows.append(["async, the guard's own work alone (sans-IO)", unguarded * 1e6, None, 1 + alone / unguarded])
        timed = measure_sync_apprise_store(api_url, number)
        table.rows.append(
            [
                "sync (requests), Apprise persistent storage",
                timed["unguarded"] * 1e6,
                timed["guarded"] * 1e6,
                timed["guarded"] / timed["unguarded"],
            ]
        )
    rows: list[list[Cell]] = table.rows
    sans_io = float(rows[1][3])  # type: ignore[arg-type]
    verdict = "met" if async_ratio <= GOAL else "MISSED"
    table.notes.append(
        f"Goal: the guarded async send at most {GOAL:.2f}x the unguarded one: {verdict} ({async_ratio:.3f}x measured; "
        f"the guard's own {alone * 1e6:.1f} µs per send alone make {sans_io:.3f}x)."
    )
    table.notes.append(
        "Both rules on (limit never reached, 5-minute repeat window), a new text each send: every send is counted, "
        "remembered and settled. The Apprise row reads and writes the ledger file twice per send under a flock; "
        "most of its time is Apprise's own PersistentStore.write (a backup file removed and renamed), so it follows "
        "the file system's speed."
    )
    return [table]
