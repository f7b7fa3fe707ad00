"""Per-message client overhead: our send paths against a bare HTTP call of the same bytes.

Both sides post the identical request (ProSMS's JSON send, built once by the provider) to
the same minimal keep-alive server in another process (:mod:`.loopback`), one message at
a time over one session. "Bare" is ``requests.Session.post`` or ``aiohttp``'s
``session.post`` plus reading the body; "client" is the whole public path (validate the
number and sender, count segments, build, send, parse, account for the recipient);
"transport" is only ``execute`` of the prebuilt request. The three take turns call by
call and their medians are compared (:mod:`.paired`).

Goal: the full client within 1.2x of the bare call.
"""

from __future__ import annotations

import asyncio
import logging
import timeit
from collections.abc import Callable

import aiohttp
import requests

from notify_plugins.client import AsyncSmsClient, SmsClient, _logged
from notify_plugins.http import HttpRequest
from notify_plugins.http.aio import AsyncTransport
from notify_plugins.http.sync import SyncTransport
from notify_plugins.message import Message
from notify_plugins.sending import SendOperation

from .canned import SUCCESS_BODIES, make_provider, numbers, success
from .loopback import canned_server
from .paired import amedians, medians
from .report import Cell, Table

VARIANT = "prosms"
SYNC_ROUNDS = 1000
ASYNC_ROUNDS = 3000
GOAL = 1.2
TEXT = "Door open at the back entrance"
SENDER = "HomeAlarm"


def _prebuilt(api_url: str, number: str) -> HttpRequest:
    provider = make_provider(VARIANT, api_url)
    message = Message.create(TEXT, [number], SENDER)
    return next(iter(provider.build_send(message))).request


def measure_sync(api_url: str, number: str) -> dict[str, float]:
    request = _prebuilt(api_url, number)
    headers = dict(request.headers)
    bare_session = requests.Session()
    transport = SyncTransport(requests.Session())
    client = SmsClient(make_provider(VARIANT, api_url), SyncTransport(requests.Session()))

    def bare() -> None:
        response = bare_session.post(request.full_url, data=request.body, headers=headers, timeout=(5, 30))
        assert response.status_code == 200 and response.content

    def transport_only() -> None:
        assert transport.execute(request).status == 200

    def full_client() -> None:
        assert client.send(TEXT, [number], sender=SENDER).ok

    try:
        return medians({"bare": bare, "transport": transport_only, "client": full_client}, SYNC_ROUNDS)
    finally:
        bare_session.close()
        transport.close()
        client.close()


async def measure_async(api_url: str, number: str) -> dict[str, float]:
    request = _prebuilt(api_url, number)
    headers = dict(request.headers)
    async with aiohttp.ClientSession() as bare_session, aiohttp.ClientSession() as session:
        transport = AsyncTransport(session)
        client = AsyncSmsClient(make_provider(VARIANT, api_url), AsyncTransport(session))

        async def bare() -> None:
            async with bare_session.post(request.full_url, data=request.body, headers=headers) as response:
                assert response.status == 200 and await response.read()

        async def transport_only() -> None:
            assert (await transport.execute(request)).status == 200

        async def full_client() -> None:
            assert (await client.send(TEXT, [number], sender=SENDER)).ok

        return await amedians({"bare": bare, "transport": transport_only, "client": full_client}, ASYNC_ROUNDS)


def sans_io_breakdown(number: str) -> list[list[Cell]]:
    """The client's own work per message, without any I/O, split by stage (µs)."""
    provider = make_provider(VARIANT, "http://127.0.0.1:9/" + VARIANT)
    response = success(VARIANT, [number])
    message = Message.create(TEXT, [number], SENDER)
    batch = next(iter(provider.build_send(message)))

    def bookkeeping() -> None:
        operation = SendOperation(provider, message)
        for each in operation.batches():
            operation.record_response(each, response)
        _logged(operation.result())

    stages: list[tuple[str, Callable[[], object]]] = [
        ("validate (Message.create: numbers, sender, segments)", lambda: Message.create(TEXT, [number], SENDER)),
        ("build the request (provider.build_send)", lambda: list(provider.build_send(message))),
        ("parse the response (provider.parse_send)", lambda: provider.parse_send(batch, response)),
        ("send loop and result (SendOperation, including parse, and the log line)", bookkeeping),
    ]
    rows: list[list[Cell]] = []
    for label, stage in stages:
        best = min(timeit.repeat(stage, number=500, repeat=5)) / 500
        rows.append([label, best * 1e6])
    return rows


def run() -> list[Table]:
    logging.getLogger("notify_plugins").setLevel(logging.WARNING)
    number = numbers(1)[0]
    table = Table(
        f"Per-message overhead ({VARIANT} send, loopback keep-alive server, "
        f"median of {ASYNC_ROUNDS} async / {SYNC_ROUNDS} sync calls of each, taking turns)",
        ["path", "bare µs/msg", "transport µs/msg", "client µs/msg", "transport / bare", "client / bare"],
    )
    with canned_server(SUCCESS_BODIES[VARIANT]([number])) as base:
        api_url = f"{base}/{VARIANT}"
        for label, timings in (
            ("sync (requests)", measure_sync(api_url, number)),
            ("async (aiohttp)", asyncio.run(measure_async(api_url, number))),
        ):
            bare, transport, client = timings["bare"], timings["transport"], timings["client"]
            table.rows.append([label, bare * 1e6, transport * 1e6, client * 1e6, transport / bare, client / bare])
    worst = max(float(row[5]) for row in table.rows)  # type: ignore[arg-type]
    table.notes.append(
        f"Goal: client within {GOAL}x of the bare call: {'met' if worst <= GOAL else 'MISSED'} (worst {worst:.2f}x)."
    )
    table.notes.append("client = validate + build + send + parse + per-recipient result, one recipient per message.")
    breakdown = Table(f"Where the client's own time goes ({VARIANT}, sans-IO, best of 5x500)", ["stage", "µs/msg"])
    breakdown.rows = sans_io_breakdown(number)
    return [table, breakdown]
