"""What every provider promises the adapters, checked for all five alike.

* **Capabilities** are declared (``supports_*``, ``callback_methods``) and the declaration
  is the truth: a declared call builds a request, an undeclared one is refused.
* **One check per message**: a message made for a provider is not checked again when it
  is sent; one made elsewhere is checked before the first request is built.
* **A send's batches** come lazily; taken without parsing, they are those of a send that
  nothing refuses, which is what ``request_count`` counts.
* **Errors read alike**: every provider names itself, its code and the HTTP status.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from benchmarks.canned import VARIANTS, make_provider, success
from notify_plugins.client import SmsClient
from notify_plugins.errors import AuthenticationError, ValidationError
from notify_plugins.http import HttpResponse
from notify_plugins.message import Message
from notify_plugins.providers import Provider, create_provider, provider_class
from notify_plugins.providers.base import BatchNotSent
from notify_plugins.sending import SendOperation
from notify_plugins.text import count_segments
from tests.providers.conftest import only_batch, raised, reply

NUMBERS = ("46701234567", "46709876543", "46731234567", "4522680880", "393481234567")


def provider(variant: str) -> Provider:
    return make_provider(variant, f"https://api.example/{variant}")


CALLS: dict[str, Callable[[Provider], object]] = {
    "supports_balance": lambda p: p.balance(),
    "supports_sender_names": lambda p: p.sender_names(),
    "supports_account_name": lambda p: p.account_name(),
    "supports_delivery_status": lambda p: p.delivery_status("abc123", "46701234567"),
}


# -- capabilities ----------------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("capability", sorted(CALLS))
def test_a_declared_call_builds_a_request_and_an_undeclared_one_is_refused(variant: str, capability: str) -> None:
    subject = provider(variant)
    if getattr(subject, capability):
        assert CALLS[capability](subject).request.url.startswith(subject.api_url)  # type: ignore[attr-defined]
    else:
        with pytest.raises(NotImplementedError):
            CALLS[capability](subject)


@pytest.mark.parametrize(
    ("variant", "declared"),
    [
        ("prosms", {"supports_balance", "supports_sender_names", "supports_delivery_status"}),
        ("smsdk", {"supports_balance", "supports_sender_names", "supports_delivery_status"}),
        ("smstools", {"supports_balance", "supports_account_name"}),
        ("spryng", {"supports_balance"}),
        ("spryng-simple", set()),
        ("smsgw", {"supports_delivery_status"}),
    ],
)
def test_each_provider_declares_what_it_can_do(variant: str, declared: set[str]) -> None:
    assert {name for name in CALLS if getattr(provider(variant), name)} == declared


def test_only_the_gateway_needs_the_recipient_to_look_delivery_up() -> None:
    needs = {
        key
        for key in ("prosms", "smsdk", "smstools", "spryng", "smsgw")
        if provider_class(key).delivery_status_needs_recipient
    }
    assert needs == {"smsgw"}
    with pytest.raises(ValidationError) as info:
        provider("smsgw").delivery_status("abc123")
    assert info.value.field == "recipient"


def test_the_class_declares_what_some_instance_can_do() -> None:
    assert provider_class("spryng").supports_balance is True
    assert create_provider("spryng", username="user", secret="secret").supports_balance is False


# -- one check per message ------------------------------------------------------------------


class Counting:
    """Counts the provider checks of a provider instance."""

    def __init__(self, subject: Provider, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = subject.check

        def check(message: Message) -> Message:
            self.count += 1
            return original(message)

        monkeypatch.setattr(subject, "check", check)


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_message_made_for_the_provider_is_checked_once_whole_send_included(
    variant: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    subject = provider(variant)
    checks = Counting(subject, monkeypatch)

    class Canned:
        def execute(self, request: object) -> HttpResponse:
            return success(variant, NUMBERS[:2])

        def close(self) -> None:
            pass

    client = SmsClient(subject, Canned())  # type: ignore[arg-type]
    client.send_message(client.message("Door open", NUMBERS[:2], sender="HomeAlarm"))
    assert checks.count == 1


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_message_made_elsewhere_is_checked_before_any_request_is_built(variant: str) -> None:
    subject = provider(variant)
    too_long = Message.create("a" * 153 * subject.max_parts + "a", NUMBERS[:1], "HomeAlarm")
    with pytest.raises(ValidationError) as info:
        subject.build_send(too_long)  # not iterated: the check comes first, the batches lazily
    assert info.value.field == "message"
    with pytest.raises(ValidationError):
        SendOperation(subject, too_long)


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_changed_copy_of_a_checked_message_is_checked_again(variant: str) -> None:
    subject = provider(variant)
    checked = subject.check(Message.create("Door open", NUMBERS[:1], "HomeAlarm"))
    longer = "a" * 153 * subject.max_parts + "a"
    changed = dataclasses.replace(checked, text=longer, segments=count_segments(longer))
    with pytest.raises(ValidationError) as info:
        subject.build_send(changed)
    assert info.value.field == "message"


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_numeric_sender_is_checked_alone_with_the_providers_own_rule(variant: str) -> None:
    subject = provider(variant)
    digits = "1" * subject.max_numeric_sender_digits
    assert subject.check_sender(f"+{digits}") == digits
    with pytest.raises(ValidationError) as info:
        subject.check_sender(digits + "1")
    assert info.value.field == "sender"


# -- a send's batches --------------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("count", [1, 2, 5])
def test_request_count_counts_the_batches_of_a_send_nothing_refuses(variant: str, count: int) -> None:
    subject = provider(variant)
    subject.max_recipients_per_request = min(subject.max_recipients_per_request, 2)
    message = Message.create("Door open", NUMBERS[:count], "HomeAlarm")
    batches = list(subject.build_send(message))
    assert subject.request_count(count) == len(batches)
    assert sorted(n for batch in batches for n in batch.recipients) == sorted(message.recipients)


def test_a_refusal_parsed_before_the_next_batch_is_taken_is_sent_again_one_number_a_request() -> None:
    subject = provider("prosms")
    batches = subject.build_send(Message.create("Door open", NUMBERS[:3], "HomeAlarm"))
    first = next(batches)
    refused = reply(409, {"status": "error", "messageCode": 1060, "message": "must be of numeric characters only"})
    with pytest.raises(BatchNotSent):
        subject.parse_send(first, refused)
    assert [batch.recipients for batch in batches] == [(n,) for n in NUMBERS[:3]]


# -- errors read alike -------------------------------------------------------------------------

REFUSED_KEY = {
    "prosms": reply(401, {"status": "error", "messageCode": 1054, "message": "Invalid token."}),
    "smsdk": reply(401, {"status": "error", "messageCode": 1054, "message": "Invalid token."}),
    "smstools": reply(401, {"errorMsg": "BAD_CREDENTIALS", "errorCode": 401}),
    "spryng": reply(401, {"message": "Unauthenticated."}),
    "spryng-simple": reply(200, "200"),
    "smsgw": reply(200, "407"),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_refused_key_reads_alike_for_every_provider(variant: str) -> None:
    subject = provider(variant)
    response = REFUSED_KEY[variant]
    err = raised(subject, only_batch(subject, Message.create("Door open", NUMBERS[:1], "HomeAlarm")), response)
    assert isinstance(err, AuthenticationError)
    assert str(err).startswith(subject.name)
    assert f"HTTP {response.status}" in str(err)
    assert err.code is not None
