"""Messages are validated as a whole; results never hide a failed recipient."""

from collections.abc import Iterator

import pytest

import notify_plugins as np
from notify_plugins.errors import TransportError
from notify_plugins.http import HttpRequest, HttpResponse
from notify_plugins.message import Message
from notify_plugins.providers.base import Provider, SendBatch
from notify_plugins.results import RecipientResult, SendResult, Status
from notify_plugins.sending import SendOperation


def test_message_normalises_recipients_and_drops_duplicates():
    message = Message.create("Door open", ["+46701234567", "070-123 45 67", "+4522680880"], "HomeAlarm", country="SE")
    assert message.recipients == ("46701234567", "4522680880")
    assert message.sender == "HomeAlarm"
    assert message.segments == np.Segments("gsm7", 1, 9)


def test_title_becomes_the_first_line():
    message = Message.create("Door open", "+46701234567", "HomeAlarm", title="Alarm")
    assert message.text == "Alarm\nDoor open"


def test_every_bad_recipient_is_named_at_once():
    with pytest.raises(np.ValidationError) as info:
        Message.create("x", ["+46701234567", "12", "0701234567"], "HomeAlarm")
    assert info.value.field == "recipients"
    assert "is a national number" in info.value.rule
    assert "does not start with a known country code" in info.value.rule


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"text": "", "recipients": ["+46701234567"], "sender": "HomeAlarm"}, "message"),
        ({"text": "  \n", "recipients": ["+46701234567"], "sender": "HomeAlarm"}, "message"),
        ({"text": None, "recipients": ["+46701234567"], "sender": "HomeAlarm"}, "message"),
        ({"text": "x", "recipients": [], "sender": "HomeAlarm"}, "recipients"),
        ({"text": "x", "recipients": ["+46701234567"], "sender": "A"}, "sender"),
        ({"text": "x", "recipients": ["+46701234567"], "sender": "HomeAlarm", "reference": ""}, "reference"),
    ],
)
def test_invalid_message_names_the_field(kwargs, field):
    with pytest.raises(np.ValidationError) as info:
        Message.create(**kwargs)
    assert info.value.field == field


def test_send_result_is_ok_only_when_everyone_was_accepted():
    accepted = RecipientResult.accepted("46701234567")
    rejected = RecipientResult.rejected("4522680880", 1015, "Country code and phone number do not match.")
    assert SendResult("ProSMS.se", (accepted,)).ok
    assert not SendResult("ProSMS.se", (accepted, rejected)).ok
    assert not SendResult("ProSMS.se", ()).ok


def test_partial_failure_raises_naming_the_masked_number_and_reason():
    result = SendResult(
        "ProSMS.se",
        (
            RecipientResult.accepted("46701234567"),
            RecipientResult.rejected("4522680880", 1015, "Country code and phone number do not match."),
        ),
    )
    with pytest.raises(np.ProviderRejectedError) as info:
        result.raise_for_failures()
    text = str(info.value)
    assert "1 of 2 accepted" in text
    assert "*******880" in text and "4522680880" not in text
    assert "1015 Country code and phone number do not match." in text
    assert info.value.code == "1015"
    assert len(info.value.rejected) == 1


def test_account_level_error_keeps_its_class():
    error = np.InsufficientCreditError("no credit", code=1030)
    result = SendResult("ProSMS.se", (RecipientResult.rejected("46701234567", 1030, "no credit"),), error)
    with pytest.raises(np.InsufficientCreditError):
        result.raise_for_failures()


class FakeProvider(Provider):
    """One request per recipient; the response body says what happened."""

    key = "fake"
    name = "Fake"
    default_api_url = "https://fake.example"

    def _batches(self, message: Message) -> Iterator[SendBatch]:
        for number in message.recipients:
            yield SendBatch(HttpRequest.get(self.url("/send"), {"to": number}), (number,))

    def parse_send(self, batch, response):
        verdict = response.text
        if verdict == "auth":
            raise np.AuthenticationError("bad key", code=401)
        if verdict == "garbage":
            response.json_object()
        if verdict == "silent":
            return []
        if verdict == "no":
            return [RecipientResult.rejected(batch.recipients[0], "X1", "refused")]
        return [RecipientResult.accepted(batch.recipients[0], message_id="id-" + batch.recipients[0])]


def run(verdicts, numbers=("+46701234567", "+4522680880", "+393481234567")):
    message = Message.create("hi", list(numbers), "HomeAlarm")
    operation = SendOperation(FakeProvider(), message)
    requests = []
    for batch, verdict in zip(operation.batches(), verdicts, strict=False):
        requests.append(batch)
        if isinstance(verdict, TransportError):
            operation.record_failure(batch, verdict)
        else:
            operation.record_response(batch, HttpResponse.create(200, verdict))
    return operation.result(), requests


def test_every_recipient_gets_exactly_one_result():
    result, requests = run(["ok", "no", "ok"])
    assert [r.status for r in result.results] == [Status.ACCEPTED, Status.REJECTED, Status.ACCEPTED]
    assert len(requests) == 3


def test_an_authentication_error_stops_the_remaining_requests():
    result, requests = run(["ok", "auth", "ok"])
    assert len(requests) == 2
    assert [r.status for r in result.results] == [Status.ACCEPTED, Status.REJECTED, Status.REJECTED]
    assert isinstance(result.error, np.AuthenticationError)
    assert result.results[2].code == "401"


def test_an_unreadable_response_is_unknown_not_rejected():
    result, _ = run(["garbage", "ok", "ok"])
    assert result.results[0].status is Status.UNKNOWN
    assert "not JSON" in (result.results[0].reason or "")


def test_a_recipient_the_provider_did_not_mention_is_unknown():
    result, _ = run(["silent", "ok", "ok"])
    assert result.results[0].status is Status.UNKNOWN


def test_timeout_after_sending_is_unknown_and_connection_refused_is_rejected():
    result, _ = run([TransportError("read timeout", sent=True), TransportError("refused", sent=False), "ok"])
    assert [r.status for r in result.results] == [Status.UNKNOWN, Status.REJECTED, Status.ACCEPTED]


def test_a_batch_without_a_recorded_response_is_unknown():
    message = Message.create("hi", ["+46701234567", "+4522680880"], "HomeAlarm")
    operation = SendOperation(FakeProvider(), message)
    for _ in operation.batches():
        pass
    assert [r.status for r in operation.result().results] == [Status.UNKNOWN, Status.UNKNOWN]


def test_a_message_longer_than_the_provider_takes_is_refused_before_any_request():
    message = Message.create("a" * 2000, ["+46701234567"], "HomeAlarm")
    with pytest.raises(np.ValidationError) as info:
        SendOperation(FakeProvider(), message)
    assert info.value.field == "message"
