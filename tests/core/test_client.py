"""The asyncio client's send is a coroutine like any other: it fails where it is awaited."""

from __future__ import annotations

import asyncio
import inspect

import notify_plugins as np
from notify_plugins.client import AsyncSmsClient
from notify_plugins.providers.prosms import ProsmsProvider


def test_the_async_send_is_a_coroutine_function() -> None:
    assert inspect.iscoroutinefunction(AsyncSmsClient.send)


async def test_gathered_sends_each_report_their_own_validation_error() -> None:
    client = AsyncSmsClient(ProsmsProvider(api_key="KEY"))
    outcomes = await asyncio.gather(
        client.send("", ["+46701234567"], sender="HomeAlarm"),
        client.send("Door open", ["12"], sender="HomeAlarm"),
        return_exceptions=True,
    )
    await client.close()
    assert [type(outcome) for outcome in outcomes] == [np.ValidationError, np.ValidationError]
    assert [outcome.field for outcome in outcomes if isinstance(outcome, np.ValidationError)] == [
        "message",
        "recipients",
    ]
