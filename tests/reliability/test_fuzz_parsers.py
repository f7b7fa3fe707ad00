"""Every provider's response parsers, fed arbitrary bytes and arbitrary JSON.

The property, whatever comes back from the network:

* ``parse_send`` returns results only for the batch's recipients, each at most once, or
  raises one of the errors a reply may stand for (:data:`SEND_ERRORS`: never a crash, a
  ``ValidationError`` or a ``TransportError``), whose text holds no credential;
* through ``SendOperation``, every recipient of the message ends with exactly one result;
* a balance call's parser returns a :class:`Balance` or raises one of those errors.

Besides free-form bodies, the provider's own success body is mutated leaf by leaf, which
reaches far deeper into the parsers than random JSON does.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.canned import DEMO_CONFIG, VARIANTS, make_provider, success
from notify_plugins.errors import NotifyError
from notify_plugins.http import HttpResponse
from notify_plugins.message import Message
from notify_plugins.providers import Balance, Provider
from notify_plugins.results import RecipientResult
from notify_plugins.sending import SendOperation
from tests.providers.conftest import SEND_ERRORS

RECIPIENTS = ("46701234567", "46709876543")
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

statuses = st.sampled_from([200, 201, 202, 204, 207, 400, 401, 402, 403, 404, 406, 409, 422, 429, 500, 503]) | (
    st.integers(100, 599)
)
headers = st.fixed_dictionaries(
    {},
    optional={
        "Content-Type": st.sampled_from(["application/json", "text/html", "text/plain", "application/xml"]),
        "Retry-After": st.text(max_size=30) | st.integers(-5, 10**6).map(str),
    },
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


def _mutate(template: Any, draw: st.DrawFn) -> Any:
    """The template with some of its values (at any depth) replaced by arbitrary JSON."""
    if draw(st.integers(0, 5)) == 0:
        return draw(json_values)
    if isinstance(template, dict):
        return {key: _mutate(value, draw) for key, value in template.items() if draw(st.integers(0, 7))}
    if isinstance(template, list):
        return [_mutate(value, draw) for value in template]
    return template


def _batch(variant: str):  # type: ignore[no-untyped-def]
    provider = make_provider(variant, f"http://127.0.0.1:9/{variant}")
    message = Message.create("Fuzzing the parser", RECIPIENTS, "HomeAlarm")
    return provider, message, list(provider.build_send(message))


def _documented(err: NotifyError, provider: Provider) -> None:
    """An error a reply may stand for, without the credentials in it."""
    assert isinstance(err, SEND_ERRORS), repr(err)
    shown = f"{err} {err.text} {err.code}"
    assert not [secret for secret in DEMO_CONFIG[variant_of(provider)].values() if secret in shown]


def variant_of(provider: Provider) -> str:
    return f"{provider.key}-simple" if getattr(provider, "mode", None) == "simple" else provider.key


def _check_parse(variant: str, response: HttpResponse) -> None:
    provider, message, batches = _batch(variant)
    for batch in batches:
        try:
            results = provider.parse_send(batch, response)
        except NotifyError as err:
            _documented(err, provider)
            continue
        assert all(isinstance(result, RecipientResult) for result in results)
        numbers = [result.number for result in results]
        assert len(numbers) == len(set(numbers)) and set(numbers) <= set(batch.recipients)
    operation = SendOperation(provider, message)
    for batch in operation.batches():
        operation.record_response(batch, response)
    assert sorted(r.number for r in operation.result().results) == sorted(RECIPIENTS)


@pytest.mark.parametrize("variant", VARIANTS)
def test_arbitrary_bytes_give_results_or_documented_errors(variant: str) -> None:
    @FUZZ
    @given(status=statuses, body=st.binary(max_size=300), extra=headers)
    def check(status: int, body: bytes, extra: dict[str, str]) -> None:
        _check_parse(variant, HttpResponse.create(status, body, extra))

    check()


@pytest.mark.parametrize("variant", VARIANTS)
def test_arbitrary_json_gives_results_or_documented_errors(variant: str) -> None:
    @FUZZ
    @given(status=statuses, value=json_values, extra=headers)
    def check(status: int, value: object, extra: dict[str, str]) -> None:
        _check_parse(variant, HttpResponse.create(status, json.dumps(value), extra))

    check()


@pytest.mark.parametrize("variant", VARIANTS)
def test_mutated_success_bodies_give_results_or_documented_errors(variant: str) -> None:
    template = json.loads(success(variant, RECIPIENTS).body) if variant != "spryng-simple" else {"status": "ok"}

    @FUZZ
    @given(status=statuses, data=st.data())
    def check(status: int, data: st.DataObject) -> None:
        body = json.dumps(_mutate(template, data.draw))
        _check_parse(variant, HttpResponse.create(status, body, {"Content-Type": "application/json"}))

    check()


@pytest.mark.parametrize("variant", VARIANTS)
def test_balance_parsers_give_a_balance_or_documented_errors(variant: str) -> None:
    provider = make_provider(variant, f"http://127.0.0.1:9/{variant}")
    if not provider.supports_balance:
        pytest.skip(f"{provider.name} has no balance call")
    call = provider.balance()

    @FUZZ
    @given(status=statuses, body=st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
    def check(status: int, body: bytes) -> None:
        try:
            balance = call.parse(HttpResponse.create(status, body))
        except NotifyError as err:
            _documented(err, provider)
        else:
            assert isinstance(balance, Balance)

    check()
