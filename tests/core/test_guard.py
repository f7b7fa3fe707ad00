"""The spend guard's rules, around real sends to the sandbox on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

import notify_plugins as np
from notify_plugins.client import AsyncSmsClient, SmsClient
from notify_plugins.errors import DailyLimitReached, SendingSwitchedOff
from notify_plugins.guard import (
    Ledger,
    MemoryLedgerStorage,
    SpendGuard,
    SpendLimits,
    fingerprint,
    unreadable_warning,
)
from notify_plugins.http.policy import RetryPolicy
from notify_plugins.http.sync import SyncTransport
from notify_plugins.message import Message
from notify_plugins.providers import create_provider
from notify_plugins.sandbox import DEMO_CREDENTIALS, Sandbox
from tests.clock import Clock

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MUM, DAD, GRAN = "46701234567", "46701234568", "46701234569"
REFUSED = "46701230000"  # the sandbox refuses numbers ending in 0000
TWO_PARTS = "Water leak in the basement. " * 7  # 196 GSM characters: 2 parts


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[SmsClient]:
    provider = create_provider("prosms", api_url=sandbox.api_url("prosms"), **DEMO_CREDENTIALS["prosms"])
    sms = SmsClient(provider, SyncTransport(retry=RetryPolicy(attempts=1)))
    yield sms
    sms.close()


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 12, 7, 12, 0, tzinfo=STOCKHOLM))


def guard(clock: Clock, daily_limit: int = 0, repeat_window: int = 0, ledger: Ledger | None = None) -> SpendGuard:
    """A guard on ``clock``, counting Stockholm's days."""
    limits = SpendLimits(daily_limit, repeat_window)
    return SpendGuard(limits, MemoryLedgerStorage(ledger), clock=clock, zone=lambda: STOCKHOLM)


def ledger_of(spend: SpendGuard) -> Ledger:
    assert isinstance(spend.storage, MemoryLedgerStorage)
    return spend.storage.ledger


def message(text: str, *numbers: str) -> Message:
    return Message.create(text, list(numbers), "HomeAlarm")


def delivered(sandbox: Sandbox) -> list[str]:
    return [m["recipient"] for m in sandbox.messages("prosms")]


# -- daily_limit ---------------------------------------------------------------------------


def test_sends_go_out_until_the_one_that_would_pass_the_limit_which_sends_nothing(
    client: SmsClient, sandbox: Sandbox, clock: Clock
) -> None:
    spend = guard(clock, daily_limit=3)
    for text in ("one", "two", "three"):
        assert spend.send(client, message(text, MUM)).ok

    refused = spend.send(client, message("four", MUM, DAD))

    assert not refused.ok
    assert isinstance(refused.error, DailyLimitReached)
    assert "daily_limit of 3 SMS parts" in str(refused.error) and "3 counted today" in str(refused.error)
    assert (refused.error.limit, refused.error.count, refused.error.needed) == (3, 3, 2)
    assert [(r.number, r.status, r.code) for r in refused.results] == [
        (MUM, np.Status.REJECTED, "daily_limit"),
        (DAD, np.Status.REJECTED, "daily_limit"),
    ]
    with pytest.raises(DailyLimitReached):
        refused.raise_for_failures()
    assert delivered(sandbox) == [MUM, MUM, MUM]


def test_a_send_counts_its_parts_times_its_recipients(client: SmsClient, sandbox: Sandbox, clock: Clock) -> None:
    three = message(TWO_PARTS, MUM, DAD, GRAN)
    assert three.segments.parts == 2

    assert isinstance(guard(clock, daily_limit=5).send(client, three).error, DailyLimitReached)
    assert delivered(sandbox) == []

    spend = guard(clock, daily_limit=6)
    assert spend.send(client, three).ok
    assert (ledger_of(spend).parts, ledger_of(spend).messages) == (6, 3)


def test_parts_of_refused_recipients_are_given_back(client: SmsClient, sandbox: Sandbox, clock: Clock) -> None:
    spend = guard(clock, daily_limit=4)

    result = spend.send(client, message(TWO_PARTS, MUM, REFUSED))

    assert [r.status for r in result.results] == [np.Status.ACCEPTED, np.Status.REJECTED]
    assert ledger_of(spend).parts == 2
    assert spend.send(client, message(TWO_PARTS, DAD)).ok  # the refused 2 parts are free again
    assert delivered(sandbox) == [MUM, DAD]


def test_parts_whose_outcome_is_unknown_stay_counted(client: SmsClient, clock: Clock) -> None:
    spend = guard(clock, daily_limit=2)

    result = spend.send(client, message("Door open [sandbox:truncated]", MUM))

    assert [r.status for r in result.results] == [np.Status.UNKNOWN]
    assert (ledger_of(spend).parts, ledger_of(spend).messages) == (1, 1)


def test_what_the_provider_reports_the_sms_cost_is_added_up(client: SmsClient, clock: Clock) -> None:
    spend = guard(clock)
    spend.send(client, message(TWO_PARTS, MUM, DAD))
    spend.send(client, message("Door open", GRAN, REFUSED))

    assert ledger_of(spend).cost == pytest.approx(5.0)  # ProSMS.se's sandbox: 1 credit per part
    assert ledger_of(spend).parts == 5


def test_without_a_limit_the_parts_are_still_counted(client: SmsClient, clock: Clock) -> None:
    spend = guard(clock)
    for _ in range(4):
        assert spend.send(client, message(TWO_PARTS, MUM)).ok
    assert ledger_of(spend).parts == 8


# -- repeat_window ---------------------------------------------------------------------------


def test_the_same_text_to_the_same_number_within_the_window_is_held(
    client: SmsClient, sandbox: Sandbox, clock: Clock
) -> None:
    spend = guard(clock, repeat_window=10)
    assert spend.send(client, message("Door open", MUM)).ok
    clock.advance(minutes=9)

    again = spend.send(client, message("Door open", MUM, DAD))

    assert again.ok  # a held repeat is no failure
    assert [(r.number, r.status) for r in again.results] == [(MUM, np.Status.HELD), (DAD, np.Status.ACCEPTED)]
    assert again.held[0].reason == "the same text went to this number less than 10 minute(s) ago"
    assert again.summary() == "ProSMS.se: 1 of 2 accepted, 1 held as a repeat"
    assert delivered(sandbox) == [MUM, DAD]
    assert ledger_of(spend).parts == 2  # a held recipient costs nothing


def test_a_send_whose_every_recipient_is_held_sends_nothing_and_succeeds(
    client: SmsClient, sandbox: Sandbox, clock: Clock
) -> None:
    spend = guard(clock, daily_limit=1, repeat_window=5)
    spend.send(client, message("Door open", MUM))

    again = spend.send(client, message("Door open", MUM))

    assert again.ok and again.provider == "ProSMS.se"
    assert [r.status for r in again.results] == [np.Status.HELD]
    assert delivered(sandbox) == [MUM]


def test_another_text_or_a_send_after_the_window_goes_out(client: SmsClient, sandbox: Sandbox, clock: Clock) -> None:
    spend = guard(clock, repeat_window=10)
    spend.send(client, message("Door open", MUM))

    assert spend.send(client, message("Door closed", MUM)).accepted
    clock.advance(minutes=10)
    assert spend.send(client, message("Door open", MUM)).accepted
    assert delivered(sandbox) == [MUM, MUM, MUM]


def test_a_reminder_every_window_goes_out_though_its_trigger_comes_a_moment_early(
    client: SmsClient, sandbox: Sandbox, clock: Clock
) -> None:
    """A ``time_pattern`` automation every 5 minutes fires on the clock, but the send before
    was stamped after its trigger's own delay: the next comes a little less than 5 minutes
    later. That is a deliberate reminder, not a burst."""
    spend = guard(clock, repeat_window=5)
    clock.advance(seconds=0.2)  # the first send of the pattern, stamped after its trigger
    assert spend.send(client, message("Door open", MUM)).accepted
    for _ in range(3):
        clock.advance(minutes=5, seconds=-0.2)
        assert spend.send(client, message("Door open", MUM)).accepted
    clock.advance(minutes=4, seconds=50)  # ten seconds early is a repeat
    assert spend.send(client, message("Door open", MUM)).held
    assert delivered(sandbox) == [MUM] * 4


def test_a_refused_recipient_is_no_repeat(client: SmsClient, clock: Clock) -> None:
    spend = guard(clock, repeat_window=10)
    assert spend.send(client, message("Door open", REFUSED)).rejected

    assert spend.send(client, message("Door open", REFUSED)).rejected  # sent again, not held


def test_the_ledger_keeps_neither_number_nor_text(client: SmsClient, clock: Clock) -> None:
    spend = guard(clock, daily_limit=10, repeat_window=10)
    spend.send(client, message("Door open", MUM))

    stored = json.dumps(ledger_of(spend).to_data())
    assert MUM not in stored and "Door open" not in stored
    assert fingerprint(MUM, "Door open") in stored


# -- restarts and midnight --------------------------------------------------------------------


def test_counts_and_repeats_survive_a_restart(client: SmsClient, sandbox: Sandbox, clock: Clock) -> None:
    before = guard(clock, daily_limit=2, repeat_window=10)
    before.send(client, message("Door open", MUM))
    saved = json.loads(json.dumps(ledger_of(before).to_data()))

    after = guard(clock, daily_limit=2, repeat_window=10, ledger=Ledger.from_data(saved))

    assert after.send(client, message("Door open", MUM)).held
    assert after.send(client, message("Window open", MUM)).ok
    assert isinstance(after.send(client, message("Gate open", MUM)).error, DailyLimitReached)
    assert delivered(sandbox) == [MUM, MUM]


def test_the_count_starts_again_at_local_midnight(client: SmsClient, clock: Clock) -> None:
    clock.now = datetime(2026, 12, 7, 23, 59, tzinfo=STOCKHOLM)
    spend = guard(clock, daily_limit=1)
    assert spend.send(client, message("Door open", MUM)).ok
    assert isinstance(spend.send(client, message("Door closed", MUM)).error, DailyLimitReached)

    clock.advance(minutes=1)  # 00:00 in Stockholm, 23:00 UTC: a new day here

    assert spend.send(client, message("Door closed", MUM)).ok
    assert ledger_of(spend).day == "2026-12-08"


def test_a_send_that_ends_after_midnight_owes_the_new_day_nothing(clock: Clock) -> None:
    clock.now = datetime(2026, 12, 7, 23, 59, 59, tzinfo=STOCKHOLM)
    spend = guard(clock, daily_limit=5)
    reservation = spend.reserve(message("Door open", REFUSED))
    clock.advance(seconds=2)
    spend.reserve(message("Door open", MUM))  # the first count of the new day

    refused = np.SendResult("ProSMS.se", (np.RecipientResult.rejected(REFUSED, "1015", "refused"),))
    spend.settle(reservation, refused)

    assert (ledger_of(spend).day, ledger_of(spend).parts) == ("2026-12-08", 1)


# -- concurrency ---------------------------------------------------------------------------------


async def test_twelve_simultaneous_async_sends_under_a_limit_of_five_send_exactly_five(
    sandbox: Sandbox, clock: Clock
) -> None:
    provider = create_provider("prosms", api_url=sandbox.api_url("prosms"), **DEMO_CREDENTIALS["prosms"])
    client = AsyncSmsClient(provider)
    spend = guard(clock, daily_limit=5)
    try:
        results = await asyncio.gather(*(spend.async_send(client, message(f"Alarm {i}", MUM)) for i in range(12)))
    finally:
        await client.close()

    assert sum(result.ok for result in results) == 5
    assert sum(isinstance(result.error, DailyLimitReached) for result in results) == 7
    assert len(delivered(sandbox)) == 5


def test_twelve_threads_sending_at_once_under_a_limit_of_five_send_exactly_five(sandbox: Sandbox, clock: Clock) -> None:
    spend = guard(clock, daily_limit=5)
    start = threading.Barrier(12)
    outcomes: list[bool] = []

    def send(index: int) -> None:
        provider = create_provider("prosms", api_url=sandbox.api_url("prosms"), **DEMO_CREDENTIALS["prosms"])
        sms = SmsClient(provider)
        try:
            start.wait()
            outcomes.append(spend.send(sms, message(f"Alarm {index}", MUM)).ok)
        finally:
            sms.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [False] * 7 + [True] * 5
    assert len(delivered(sandbox)) == 5


# -- the switch, unreadable state, the limits themselves ------------------------------------------


def test_switched_off_every_send_is_refused(client: SmsClient, sandbox: Sandbox, clock: Clock) -> None:
    spend = guard(clock)
    spend.enabled = False

    result = spend.send(client, message("Door open", MUM))

    assert isinstance(result.error, SendingSwitchedOff)
    assert [r.code for r in result.results] == ["sending_off"]
    assert delivered(sandbox) == []


@pytest.mark.parametrize(
    "stored",
    [
        "not a ledger",
        {"version": 99, "day": "2026-12-07"},
        {"version": 1, "day": "2026-12-07", "parts": "many", "messages": 0, "cost": None, "recent": {}},
        {"version": 1, "day": "2026-12-07", "parts": 1, "messages": 0, "cost": None, "recent": []},
    ],
)
def test_stored_state_of_another_shape_is_unreadable(stored: object) -> None:
    with pytest.raises(ValueError):
        Ledger.from_data(stored)


def test_nothing_stored_yet_is_an_empty_ledger() -> None:
    assert Ledger.from_data(None) == Ledger()


def test_the_warning_for_unreadable_state_says_sending_goes_on_from_zero() -> None:
    text = unreadable_warning("prosms.spend", "Expecting value")
    assert "sending goes on" in text and "starts again from 0" in text and "prosms.spend: Expecting value" in text


@pytest.mark.parametrize(("daily_limit", "repeat_window"), [(-1, 0), (0, "five"), (1.5, 0), (True, 0)])
def test_limits_are_whole_numbers_of_zero_or_more(daily_limit: object, repeat_window: object) -> None:
    with pytest.raises(np.ValidationError) as caught:
        SpendLimits.create(daily_limit, repeat_window)
    assert caught.value.field in {"daily_limit", "repeat_window"}
    assert caught.value.rule == "must be a whole number, 0 or more"


def test_limits_read_text_and_none() -> None:
    assert SpendLimits.create("50", None) == SpendLimits(50, 0)
    assert not SpendLimits.create().active and SpendLimits(0, 5).active
