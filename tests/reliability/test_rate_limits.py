"""Providers' rate limits: kept to on our side, and handled when the provider enforces them.

Spryng's Simple API document states a hard limit of 1200 requests a minute per key and
answers 429 beyond it; the client paces itself with a shared sliding-window limiter.
The tests drive a burst with a fake clock (the limiter's clock and the client's sleep
advance it), so a minute of pacing takes milliseconds. ProSMS/SMS.dk answer error 1050
("There is a cool down. remaining: ...", HTTP 409, in the error table of the ProSMS.se API Documentation) when an
account sends too fast: the send must stop there, with the wait reported, and nothing
more sent.
"""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import Callable

import pytest

from benchmarks.canned import make_provider, numbers, success
from notify_plugins import client as client_module
from notify_plugins.client import AsyncSmsClient, SmsClient
from notify_plugins.errors import RateLimitedError
from notify_plugins.http import HttpRequest, HttpResponse, RateLimiter, RetryPolicy, ratelimit
from notify_plugins.http.sync import SyncTransport
from notify_plugins.results import SendResult, Status
from tests.loopback import reply, scripted_server
from tests.reliability.conftest import TIMEOUT

SPRYNG = ("spryng", "spryng-simple")
BURST = 1500
LIMIT, WINDOW = 1200, 60.0


class FakeClock:
    """Monotonic time that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    async def async_sleep(self, seconds: float, *args: object) -> None:
        self.now += seconds


class RecordingTransport:
    """Answers every request at once and notes the (fake) time it was sent."""

    def __init__(self, clock: FakeClock, answer: Callable[[HttpRequest], HttpResponse]) -> None:
        self.clock = clock
        self.answer = answer
        self.sent: list[tuple[float, HttpRequest]] = []

    def execute(self, request: HttpRequest) -> HttpResponse:
        self.sent.append((self.clock(), request))
        return self.answer(request)

    def close(self) -> None:
        pass


class AsyncRecordingTransport(RecordingTransport):
    async def execute(self, request: HttpRequest) -> HttpResponse:  # type: ignore[override]
        return super().execute(request)

    async def close(self) -> None:
        pass


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Every limiter created during the test runs on a fake clock; sleeping advances it."""
    fake = FakeClock()
    monkeypatch.setattr(ratelimit, "_SHARED", {})
    monkeypatch.setattr(ratelimit, "RateLimiter", functools.partial(RateLimiter, clock=fake))
    monkeypatch.setattr(client_module.time, "sleep", fake.sleep)
    monkeypatch.setattr(asyncio, "sleep", fake.async_sleep)
    return fake


def busiest_window(times: list[float], window: float = WINDOW) -> int:
    """The most requests sent in any half-open span of ``window`` seconds."""
    ordered = sorted(times)
    start = 0
    best = 0
    for end, moment in enumerate(ordered):
        while ordered[start] <= moment - window:
            start += 1
        best = max(best, end - start + 1)
    return best


def _answer(variant: str) -> Callable[[HttpRequest], HttpResponse]:
    def answer(request: HttpRequest) -> HttpResponse:
        return success(variant, [_recipient_of(request)])

    return answer


def _recipient_of(request: HttpRequest) -> str:
    for name, value in request.params:
        if name in ("destination", "mobile"):
            return value
    payload = json.loads(request.body or b"{}")
    return str(payload["recipients"][0])


@pytest.mark.parametrize("variant", SPRYNG)
def test_a_spryng_burst_is_paced_to_1200_requests_in_any_minute(variant: str, clock: FakeClock) -> None:
    transport = RecordingTransport(clock, _answer(variant))
    client = SmsClient(make_provider(variant, "http://127.0.0.1:9/spryng"), transport)  # type: ignore[arg-type]
    results = [client.send("Burst", [number], sender="HomeAlarm") for number in numbers(BURST)]
    times = [moment for moment, _ in transport.sent]
    assert all(result.ok for result in results)
    assert len(times) == BURST
    assert busiest_window(times) == LIMIT
    assert times[LIMIT - 1] == 0.0
    assert times[LIMIT] == pytest.approx(WINDOW)


@pytest.mark.parametrize("variant", SPRYNG)
async def test_an_async_spryng_burst_is_paced_to_1200_requests_in_any_minute(variant: str, clock: FakeClock) -> None:
    transport = AsyncRecordingTransport(clock, _answer(variant))
    client = AsyncSmsClient(make_provider(variant, "http://127.0.0.1:9/spryng"), transport)  # type: ignore[arg-type]
    results = [await client.send("Burst", [number], sender="HomeAlarm") for number in numbers(BURST)]
    times = [moment for moment, _ in transport.sent]
    assert all(result.ok for result in results)
    assert busiest_window(times) == LIMIT
    assert max(times) == pytest.approx(WINDOW)


def test_two_clients_with_one_spryng_key_share_one_budget(clock: FakeClock) -> None:
    transport = RecordingTransport(clock, _answer("spryng"))
    first, second = (
        SmsClient(make_provider("spryng", "http://127.0.0.1:9/spryng"), transport)  # type: ignore[arg-type]
        for _ in range(2)
    )
    for index, number in enumerate(numbers(BURST)):
        (first if index % 2 else second).send("Shared", [number], sender="HomeAlarm")
    assert busiest_window([moment for moment, _ in transport.sent]) == LIMIT


def test_a_spryng_429_with_retry_after_is_waited_out_and_delivered_once() -> None:
    waits: list[float] = []
    ok = success("spryng", ["46701234567"])
    with scripted_server(
        reply(429, b'{"message":"Too Many Attempts."}', {"Retry-After": "2"}), reply(ok.status, ok.body)
    ) as server:
        patient = RetryPolicy(attempts=3, backoff=0.01, max_delay=30.0)
        transport = SyncTransport(timeout=TIMEOUT, retry=patient, sleep=waits.append)
        client = SmsClient(make_provider("spryng", f"http://127.0.0.1:{server.port}/spryng"), transport)
        result = client.send("Retry", ["46701234567"], sender="HomeAlarm")
        seen = len(server.requests)
    assert result.ok
    assert waits == [2.0]
    assert seen == 2


@pytest.mark.parametrize("variant", SPRYNG)
def test_a_spryng_429_asking_for_longer_than_the_policy_waits_is_reported_with_its_retry_after(variant: str) -> None:
    waits: list[float] = []
    with scripted_server(reply(429, b'{"message":"Too Many Attempts."}', {"Retry-After": "120"})) as server:
        transport = SyncTransport(timeout=TIMEOUT, retry=RetryPolicy(max_delay=30.0), sleep=waits.append)
        client = SmsClient(make_provider(variant, f"http://127.0.0.1:{server.port}/spryng"), transport)
        result = client.send("Retry", ["46701234567"], sender="HomeAlarm")
        seen = len(server.requests)
    assert waits == []
    assert seen == 1
    assert [r.status for r in result.results] == [Status.REJECTED]
    assert isinstance(result.error, RateLimitedError)
    assert result.error.retry_after == 120.0


def _cool_down(seconds: int) -> HttpResponse:
    body = {"status": "error", "messageCode": 1050, "message": f"There is a cool down. remaining: {seconds}"}
    return HttpResponse.create(409, json.dumps(body), {"Content-Type": "application/json"})


def _send_with_cool_down(variant: str, recipients: list[str]) -> tuple[SendResult, RecordingTransport, int]:
    clock = FakeClock()
    transport = RecordingTransport(clock, lambda request: _cool_down(30))
    provider = make_provider(variant, f"http://127.0.0.1:9/{variant}")
    client = SmsClient(provider, transport)  # type: ignore[arg-type]
    message = client.message("Cool down", recipients, sender="HomeAlarm")
    batches = len(list(provider.build_send(message)))
    return client.send_message(message), transport, batches


@pytest.mark.parametrize("variant", ["prosms", "smsdk"])
def test_a_compaya_cool_down_stops_the_send_and_reports_the_wait(variant: str) -> None:
    result, transport, batches = _send_with_cool_down(variant, numbers(3))
    assert isinstance(result.error, RateLimitedError)
    assert result.error.retry_after == 30.0
    assert str(result.error.code) == "1050"
    assert [r.status for r in result.results] == [Status.REJECTED] * 3
    assert len(transport.sent) == 1, f"{len(transport.sent)} of {batches} batches were sent"
