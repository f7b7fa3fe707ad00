"""Smstools: form-encoded sends with HTTP Basic, per-SMS results, errorMsg codes, profile and search.

Sans-IO throughout: requests are built and inspected, replies are made with
``HttpResponse.create``. Shapes follow docs/providers/smstools.md (SmsHosting's Java SDK
models) and the Smstools REST API EN documentation (error body, search page).
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notify_plugins.delivery import DeliveryState
from notify_plugins.errors import (
    AuthenticationError,
    InsufficientCreditError,
    ProviderRejectedError,
    ProviderResponseError,
    RateLimitedError,
    ValidationError,
)
from notify_plugins.http import HttpResponse
from notify_plugins.providers import Balance, SendBatch, create_provider
from notify_plugins.providers.smstools import (
    ERROR_MESSAGES,
    SentSms,
    SmsSearchResult,
    SmstoolsProfile,
    SmstoolsProvider,
    parse_smstools_time,
)
from notify_plugins.results import RecipientResult, Status
from notify_plugins.sending import SendOperation
from tests.providers.conftest import FUZZ, SEND_ERRORS, messages, only_batch, raised, refusal, reply

API_KEY = "SMSTOOLS-test-key-0001"
API_SECRET = "SMSTOOLS-secret+0002/x"
BASIC = "Basic " + base64.b64encode(f"{API_KEY}:{API_SECRET}".encode()).decode()
IT = "393481234567"
IT2 = "393481234568"
IT3 = "393471234567"


def smstools(**kwargs: Any) -> SmstoolsProvider:
    return SmstoolsProvider(api_key=API_KEY, api_secret=API_SECRET, **kwargs)


message = messages("Porta aperta", (IT,))


def form(batch: SendBatch) -> list[tuple[str, str]]:
    assert batch.request.body is not None
    return parse_qsl(batch.request.body.decode(), keep_blank_values=True)


def sms(number: str, status: str = "INSERTED", sms_id: int = 1001, detail: str | None = None) -> dict[str, Any]:
    return {"id": sms_id, "to": number, "status": status, "statusDetail": detail, "type": "SMS"}


def sent(*entries: dict[str, Any]) -> dict[str, Any]:
    inserted = sum(1 for e in entries if e["status"] in ("INSERTED", "SANDBOX"))
    return {
        "from": "HomeAlarm",
        "text": "Porta aperta",
        "transactionId": None,
        "smsInserted": inserted,
        "smsNotInserted": len(entries) - inserted,
        "sms": list(entries),
    }


def failure(code: str, status: int = 400) -> HttpResponse:
    return reply(status, {"errorMsg": code, "errorCode": status})


# -- configuration -------------------------------------------------------------------------


def test_provider_metadata():
    assert SmstoolsProvider.key == "smstools"
    assert SmstoolsProvider.name == "Smstools"
    assert SmstoolsProvider.default_api_url == "https://api.smstools.it"
    assert SmstoolsProvider.default_country == "IT"
    assert SmstoolsProvider.max_parts == 5
    assert SmstoolsProvider.credentials == (("api_key", "api_secret"),)
    assert SmstoolsProvider.supports_callback is True


def test_create_provider_builds_it_from_adapter_configuration():
    provider = create_provider("smstools", api_key=API_KEY, api_secret=API_SECRET, callback_url=None)
    assert isinstance(provider, SmstoolsProvider)


@pytest.mark.parametrize(
    ("credentials", "field"),
    [
        ({"api_key": "", "api_secret": API_SECRET}, "api_key"),
        ({"api_key": API_KEY, "api_secret": "  "}, "api_secret"),
        ({"api_key": "key\nbreak", "api_secret": API_SECRET}, "api_key"),
        ({"api_key": API_KEY, "api_secret": 42}, "api_secret"),
        ({"api_key": "user:name", "api_secret": API_SECRET}, "api_key"),
    ],
)
def test_missing_or_malformed_credentials_are_refused_naming_the_field(credentials, field):
    assert refusal(SmstoolsProvider, **credentials).field == field


def test_a_refused_secret_is_not_quoted_in_the_error():
    assert API_SECRET not in str(refusal(SmstoolsProvider, api_key=API_KEY, api_secret=API_SECRET + "\x00"))


def test_secrets_are_the_key_and_the_secret():
    assert smstools().secrets == (API_KEY, API_SECRET)


def test_repr_names_the_url_but_no_credential():
    text = repr(smstools()) + str(smstools())
    assert "SmstoolsProvider(api_url='https://api.smstools.it')" in text
    assert API_KEY not in text and API_SECRET not in text


@pytest.mark.parametrize("url", ["ftp://example.com/dlr", "example.com/dlr", "https://", 7])
def test_a_callback_url_must_be_an_http_url(url):
    with pytest.raises(ValidationError) as info:
        smstools(callback_url=url)
    assert info.value.field == "callback_url"


# -- local checks --------------------------------------------------------------------------


def test_a_reference_of_60_characters_is_taken():
    smstools().check(message(reference="t" * 60))


def test_a_reference_of_61_characters_is_refused_before_any_request():
    with pytest.raises(ValidationError) as info:
        SendOperation(smstools(), message(reference="t" * 61))
    assert info.value.field == "reference"
    assert info.value.rule == "has 61 characters; Smstools takes at most 60 (transactionId)"


@pytest.mark.parametrize("text", ["a" * 765, "ж" * 335])
def test_five_parts_is_the_longest_message(text):
    smstools().check(message(text))


@pytest.mark.parametrize("text", ["a" * 766, "ж" * 336])
def test_a_sixth_part_is_refused_before_any_request(text):
    with pytest.raises(ValidationError) as info:
        SendOperation(smstools(), message(text))
    assert info.value.field == "message"


# -- requests ------------------------------------------------------------------------------


def test_send_request_shape():
    batch = only_batch(smstools(), message())
    assert batch.request.method == "POST"
    assert batch.request.url == "https://api.smstools.it/rest/api/sms/send"
    assert batch.request.params == ()
    assert batch.request.headers == (
        ("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"),
        ("Accept", "application/json"),
        ("Authorization", BASIC),
    )
    assert batch.request.body == b"from=HomeAlarm&to=393481234567&text=Porta+aperta&encoding=7BIT"
    assert batch.recipients == (IT,)
    assert batch.parts == 1


def test_all_recipients_go_comma_joined_in_one_request():
    batch = only_batch(smstools(), message(recipients=(IT, IT2, IT3)))
    assert batch.recipients == (IT, IT2, IT3)
    assert dict(form(batch))["to"] == f"{IT},{IT2},{IT3}"


def test_recipients_beyond_the_per_request_cap_go_in_further_requests():
    provider = smstools()
    provider.max_recipients_per_request = 2
    batches = list(provider.build_send(message(recipients=(IT, IT2, IT3))))
    assert [b.recipients for b in batches] == [(IT, IT2), (IT3,)]


def test_a_send_puts_at_most_999_numbers_in_one_request():
    numbers = tuple(f"39348{n:07d}" for n in range(1, 1001))
    batches = list(smstools().build_send(message(recipients=numbers)))
    assert [len(b.recipients) for b in batches] == [999, 1]
    assert len(dict(form(batches[0]))["to"].split(",")) == 999


def test_the_reference_and_callback_travel_as_transaction_id_and_status_callback():
    provider = smstools(callback_url="https://hooks.example.com/sms?id=9")
    fields = form(only_batch(provider, message(reference="alarm-17")))
    assert fields == [
        ("from", "HomeAlarm"),
        ("to", IT),
        ("text", "Porta aperta"),
        ("encoding", "7BIT"),
        ("transactionId", "alarm-17"),
        ("statusCallback", "https://hooks.example.com/sms?id=9"),
    ]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Porta aperta", "7BIT"),
        ("Costo €5 [x]", "7BIT"),
        ("Perché è così", "7BIT"),
        ("Тревога", "UCS2"),
        ("🔥", "UCS2"),
    ],
)
def test_the_encoding_follows_the_segment_analysis_never_auto(text, encoding):
    assert dict(form(only_batch(smstools(), message(text))))["encoding"] == encoding


def test_the_text_is_utf8_form_encoded():
    assert dict(form(only_batch(smstools(), message("Тревога €"))))["text"] == "Тревога €"


def test_api_url_replaces_the_base_and_keeps_a_path_prefix():
    batch = only_batch(smstools(api_url="http://127.0.0.1:8080/smstools"), message())
    assert batch.request.url == "http://127.0.0.1:8080/smstools/rest/api/sms/send"


def test_the_credentials_are_not_in_what_logs_show():
    shown = only_batch(smstools(), message()).request.describe()
    assert API_KEY not in shown and API_SECRET not in shown and BASIC not in shown


# -- send replies --------------------------------------------------------------------------


def test_inserted_sms_are_accepted_with_their_id_and_our_part_count():
    provider = smstools()
    batch = only_batch(provider, message("a" * 200, recipients=(IT, IT2)))
    response = reply(200, sent(sms(IT, sms_id=123456), sms(IT2, sms_id=123457)))
    assert provider.parse_send(batch, response) == [
        RecipientResult.accepted(IT, message_id="123456", parts=2),
        RecipientResult.accepted(IT2, message_id="123457", parts=2),
    ]


def test_sandbox_sms_are_accepted():
    provider = smstools()
    results = provider.parse_send(only_batch(provider, message()), reply(200, sent(sms(IT, "SANDBOX"))))
    assert [r.status for r in results] == [Status.ACCEPTED]


def test_not_inserted_sms_are_rejected_with_the_status_detail_explained():
    provider = smstools()
    batch = only_batch(provider, message(recipients=(IT, IT2)))
    response = reply(200, sent(sms(IT), sms(IT2, "NOT_INSERTED", detail="BAD_MSISDN")))
    results = provider.parse_send(batch, response)
    assert results[1] == RecipientResult.rejected(IT2, "BAD_MSISDN", ERROR_MESSAGES["BAD_MSISDN"].text)


def test_not_inserted_without_a_detail_keeps_the_status_as_code():
    provider = smstools()
    (result,) = provider.parse_send(only_batch(provider, message()), reply(200, sent(sms(IT, "NOT_INSERTED"))))
    assert (result.status, result.code) == (Status.REJECTED, "NOT_INSERTED")


def test_an_unknown_status_detail_is_quoted():
    provider = smstools()
    body = sent(sms(IT, "NOT_INSERTED", detail="BLACKLISTED"))
    (result,) = provider.parse_send(only_batch(provider, message()), reply(200, body))
    assert (result.code, result.reason) == ("BLACKLISTED", "BLACKLISTED")


@pytest.mark.parametrize(
    ("detail", "words"),
    [
        ("BADNUMBERFORMAT", "not in a valid format"),
        ("DUPLICATESMS", "the same SMS was just sent"),
        ("BLACKLIST", "on a blacklist"),
    ],
)
def test_a_not_inserted_sms_explains_its_status_detail(detail, words):
    provider = smstools()
    body = {
        "from": "HomeAlarm",
        "text": "Porta aperta",
        "transactionId": None,
        "smsInserted": 0,
        "smsNotInserted": 1,
        "sms": [{"id": None, "to": IT, "status": "NOT_INSERTED", "statusDetail": detail, "type": "SMS"}],
    }
    (result,) = provider.parse_send(only_batch(provider, message()), reply(200, body))
    assert (result.number, result.status, result.code, result.message_id) == (IT, Status.REJECTED, detail, None)
    assert words in (result.reason or "")


def test_an_undocumented_sms_status_is_unknown():
    provider = smstools()
    (result,) = provider.parse_send(only_batch(provider, message()), reply(200, sent(sms(IT, "QUEUED"))))
    assert result.status is Status.UNKNOWN
    assert "QUEUED" in (result.reason or "")


def test_recipients_absent_from_the_sms_list_are_left_for_the_core_to_mark_unknown():
    provider = smstools()
    results = provider.parse_send(only_batch(provider, message(recipients=(IT, IT2))), reply(200, sent(sms(IT))))
    assert [r.number for r in results] == [IT]


def test_a_plus_in_the_reported_number_still_matches():
    provider = smstools()
    (result,) = provider.parse_send(only_batch(provider, message()), reply(200, sent(sms(f"+{IT}"))))
    assert result.status is Status.ACCEPTED


def test_a_number_reported_inserted_and_not_inserted_is_unknown():
    provider = smstools()
    body = sent(sms(IT), sms(IT, "NOT_INSERTED", detail="BAD_MSISDN"))
    (result,) = provider.parse_send(only_batch(provider, message()), reply(200, body))
    assert result.status is Status.UNKNOWN


def test_counts_alone_that_insert_everyone_accept_everyone():
    provider = smstools()
    body = {"smsInserted": 2, "smsNotInserted": 0}
    results = provider.parse_send(only_batch(provider, message(recipients=(IT, IT2))), reply(200, body))
    assert [(r.status, r.message_id) for r in results] == [(Status.ACCEPTED, None)] * 2


def test_counts_alone_that_insert_no_one_reject_everyone():
    provider = smstools()
    body = {"smsInserted": 0, "smsNotInserted": 2}
    results = provider.parse_send(only_batch(provider, message(recipients=(IT, IT2))), reply(200, body))
    assert [(r.status, r.code) for r in results] == [(Status.REJECTED, "NOT_INSERTED")] * 2


@pytest.mark.parametrize(
    "body",
    [
        {"smsInserted": 1, "smsNotInserted": 1},
        {"from": "HomeAlarm"},
        {"sms": "all good"},
    ],
)
def test_a_reply_without_an_sms_list_or_settling_counts_is_an_unexpected_response(body):
    provider = smstools()
    err = raised(provider, only_batch(provider, message(recipients=(IT, IT2))), reply(200, body))
    assert type(err) is ProviderResponseError


def test_bad_credentials_are_an_authentication_error():
    provider = smstools()
    err = raised(provider, only_batch(provider, message()), failure("BAD_CREDENTIALS", 401))
    assert type(err) is AuthenticationError
    assert err.code == "BAD_CREDENTIALS"


@pytest.mark.parametrize("status", [401, 403])
@pytest.mark.parametrize("body", ["", "<html><body>401 Unauthorized</body></html>"])
def test_401_and_403_without_json_are_authentication_errors(status, body):
    provider = smstools()
    err = raised(provider, only_batch(provider, message()), HttpResponse.create(status, body))
    assert type(err) is AuthenticationError


@pytest.mark.parametrize("code", ["NO_CREDIT", "BAD_CREDIT", "SENDING_DISABLED"])
def test_credit_codes_are_insufficient_credit_errors(code):
    provider = smstools()
    err = raised(provider, only_batch(provider, message()), failure(code))
    assert type(err) is InsufficientCreditError
    assert err.code == code
    assert err.text == ERROR_MESSAGES[code].text


@pytest.mark.parametrize(
    "code", ["BAD_FROM", "BAD_TO", "BAD_MSISDN", "NO_VALID_RECIPIENT", "BAD_TEXT", "DUPLICATE_SMS"]
)
def test_request_codes_are_rejections_with_a_helpful_text(code):
    provider = smstools()
    err = raised(provider, only_batch(provider, message()), failure(code))
    assert type(err) is ProviderRejectedError
    assert err.code == code
    assert err.text == ERROR_MESSAGES[code].text


def test_several_codes_in_one_reply_raise_the_most_serious_and_explain_each():
    provider = smstools()
    err = raised(provider, only_batch(provider, message()), failure("BAD_FROM,NO_CREDIT"))
    assert type(err) is InsufficientCreditError
    assert err.code == "BAD_FROM,NO_CREDIT"
    assert err.text == f"{ERROR_MESSAGES['BAD_FROM'].text}; {ERROR_MESSAGES['NO_CREDIT'].text}"


def test_an_unknown_code_on_a_400_is_a_rejection_keeping_the_code():
    provider = smstools()
    err = raised(provider, only_batch(provider, message()), failure("BAD_SOMETHING_NEW"))
    assert type(err) is ProviderRejectedError
    assert err.code == "BAD_SOMETHING_NEW"


def test_an_unknown_code_on_a_500_is_an_unexpected_response():
    provider = smstools()
    err = raised(provider, only_batch(provider, message()), failure("GENERIC_ERROR", 500))
    assert type(err) is ProviderResponseError


def test_404_html_page_is_an_unexpected_response_pointing_at_the_api_url():
    provider = smstools(api_url="http://127.0.0.1:9/wrong")
    err = raised(provider, only_batch(provider, message()), HttpResponse.create(404, "<html>Not Found</html>"))
    assert type(err) is ProviderResponseError
    assert "http://127.0.0.1:9/wrong" in str(err)


def test_429_is_rate_limiting_with_retry_after():
    provider = smstools()
    err = raised(provider, only_batch(provider, message()), HttpResponse.create(429, "", {"Retry-After": "5"}))
    assert isinstance(err, RateLimitedError)
    assert err.retry_after == 5.0


@pytest.mark.parametrize(
    "response",
    [
        HttpResponse.create(500, "Internal Server Error"),
        HttpResponse.create(502, "<html><body>Bad Gateway</body></html>"),
        HttpResponse.create(200, ""),
        HttpResponse.create(200, '{"smsInserted":1,"sms":[{"id":1,"to":"3934'),
        HttpResponse.create(200, '["INSERTED"]'),
        HttpResponse.create(400, "Bad Request"),
        HttpResponse.create(200, "<smsResult><smsInserted>1</smsInserted></smsResult>"),
    ],
    ids=["500-text", "502-html", "empty", "truncated", "list", "400-text", "xml"],
)
def test_unclear_replies_are_unexpected_responses(response):
    provider = smstools()
    assert type(raised(provider, only_batch(provider, message()), response)) is ProviderResponseError


def test_error_texts_never_quote_the_credentials():
    provider = smstools()
    err = raised(
        provider, only_batch(provider, message()), failure(f"BAD_CREDENTIALS {API_KEY} {API_SECRET} {BASIC}", 401)
    )
    shown = str(err) + repr(err) + str(err.code) + str(err.text)
    for secret in (API_KEY, API_SECRET, BASIC.split()[1]):
        assert secret not in shown and secret.upper() not in shown


# -- the error table -----------------------------------------------------------------------


def test_the_table_has_every_documented_send_credit_and_search_code():
    documented = {
        "BAD_CREDENTIALS",
        "BAD_FROM",
        "NO_VALID_RECIPIENT",
        "BAD_GROUP",
        "BAD_TO",
        "BAD_MSISDN",
        "BAD_CREDIT",
        "NO_CREDIT",
        "SENDING_DISABLED",
        "DUPLICATE_SMS",
        "BAD_DATE",
        "BAD_TRANSACTIONID",
        "BAD_TEXT",
        "BAD_TEXT_PLACEHOLDER",
        "BAD_CALLBACK",
        "BAD_ENCODING",
        "BAD_QUALITY",
        "NO_PARAMS",
        "BAD_ID",
        "BAD_STATUS",
    }
    assert documented <= set(ERROR_MESSAGES)


@pytest.mark.parametrize("code", sorted(ERROR_MESSAGES))
def test_every_code_raises_its_class_with_a_sentence(code):
    row = ERROR_MESSAGES[code]
    provider = smstools()
    err = raised(provider, only_batch(provider, message()), failure(code))
    assert type(err) is row.error
    assert err.code == code and err.text == row.text
    assert len(row.text) > 15


@pytest.mark.parametrize(
    ("codes", "cls"),
    [
        ({"BAD_CREDENTIALS"}, AuthenticationError),
        ({"NO_CREDIT", "BAD_CREDIT", "SENDING_DISABLED"}, InsufficientCreditError),
    ],
)
def test_account_level_codes_map_to_their_classes(codes, cls):
    assert {code for code, row in ERROR_MESSAGES.items() if row.error is cls} == codes


# -- balance, profile and search -----------------------------------------------------------

USER = {
    "id": 4711,
    "name": "Mario",
    "lastname": "Rossi",
    "username": "mrossi",
    "email": "mario@example.com",
    "sender": "HomeAlarm",
    "credit": 12.35,
    "italysms": 130,
    "italysmsLow": 0,
    "senderAlias": ["HomeAlarm", "Alerts"],
}


def test_balance_and_profile_request_shape():
    for call in (smstools().balance(), smstools().profile()):
        request = call.request
        assert (request.method, request.url, request.params, request.body) == (
            "GET",
            "https://api.smstools.it/rest/api/user",
            (),
            None,
        )
        assert request.headers == (("Accept", "application/json"), ("Authorization", BASIC))


def test_balance_is_the_credit_in_euros():
    assert smstools().balance().parse(reply(200, USER)) == Balance(12.35, "EUR")


@pytest.mark.parametrize("credit", [None, "much", True, [1]])
def test_balance_without_a_numeric_credit_is_an_unexpected_response(credit):
    with pytest.raises(ProviderResponseError):
        smstools().balance().parse(reply(200, {**USER, "credit": credit}))


def test_balance_with_bad_credentials_is_an_authentication_error():
    with pytest.raises(AuthenticationError):
        smstools().balance().parse(failure("BAD_CREDENTIALS", 401))


def test_the_profile_keeps_the_identity_credit_and_senders_but_no_personal_details():
    profile = smstools().profile().parse(reply(200, USER))
    assert profile == SmstoolsProfile(
        id="4711",
        username="mrossi",
        credit=12.35,
        sender_aliases=("HomeAlarm", "Alerts"),
        default_sender="HomeAlarm",
        italy_sms=130,
    )
    assert "mario@example.com" not in repr(profile)


def test_a_profile_with_odd_optional_fields_keeps_what_is_usable():
    body = {"username": "mrossi", "credit": "x", "senderAlias": ["A1", 7, "", None], "italysms": "many"}
    assert smstools().profile().parse(reply(200, body)) == SmstoolsProfile(
        id=None, username="mrossi", credit=None, sender_aliases=("A1",)
    )


def test_a_profile_without_id_or_username_is_an_unexpected_response():
    with pytest.raises(ProviderResponseError):
        smstools().profile().parse(reply(200, {"credit": 1.0}))


def test_search_by_id_request_shape():
    request = smstools().search(sms_id=389395385).request
    assert (request.method, request.url) == ("GET", "https://api.smstools.it/rest/api/sms/search")
    assert request.params == (("id", "389395385"), ("offset", "0"), ("limit", "20"))
    assert request.headers == (("Accept", "application/json"), ("Authorization", BASIC))


def test_search_by_transaction_id_with_paging():
    request = smstools().search(transaction_id="alarm-17", offset=20, limit=10).request
    assert request.params == (("transactionId", "alarm-17"), ("offset", "20"), ("limit", "10"))


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({}, "sms_id"),
        ({"sms_id": "abc"}, "sms_id"),
        ({"sms_id": True}, "sms_id"),
        ({"transaction_id": ""}, "transaction_id"),
        ({"transaction_id": "t" * 61}, "transaction_id"),
        ({"sms_id": 1, "offset": -1}, "offset"),
        ({"sms_id": 1, "limit": 0}, "limit"),
    ],
)
def test_search_refuses_missing_or_bad_filters(arguments, field):
    with pytest.raises(ValidationError) as info:
        smstools().search(**arguments)
    assert info.value.field == field


DOCUMENTED_SEARCH = {
    "metadata": {"count": 1, "offset": 0, "limit": 20},
    "smsList": [
        {
            "id": 389395385,
            "to": "393480000000",
            "text": "Test Sms",
            "from": "mrossi",
            "status": "DELIVERED",
            "insertDate": "2014-01-13T15:01:35+0100",
            "sentDate": "2014-01-13T15:01:37+0100",
            "deliveryDate": "2014-01-13T15:01:40+0100",
            "transactionId": "72810108d4114097b9edb42b255b273c",
            "price": 0.0945,
        }
    ],
}


def test_the_documented_search_page_is_read_completely():
    result = smstools().search(sms_id=389395385).parse(reply(200, DOCUMENTED_SEARCH))
    cet = timezone(timedelta(hours=1))
    assert result == SmsSearchResult(
        count=1,
        offset=0,
        limit=20,
        messages=(
            SentSms(
                id="389395385",
                to="393480000000",
                status="DELIVERED",
                sender="mrossi",
                text="Test Sms",
                transaction_id="72810108d4114097b9edb42b255b273c",
                inserted_at=datetime(2014, 1, 13, 15, 1, 35, tzinfo=cet),
                sent_at=datetime(2014, 1, 13, 15, 1, 37, tzinfo=cet),
                delivered_at=datetime(2014, 1, 13, 15, 1, 40, tzinfo=cet),
                price=0.0945,
            ),
        ),
    )
    assert result.messages[0].delivery_state is DeliveryState.DELIVERED


@pytest.mark.parametrize(
    ("status", "state"),
    [
        ("DELIVERED", DeliveryState.DELIVERED),
        ("NOT_DELIVERED", DeliveryState.FAILED),
        ("NOT_SENT", DeliveryState.FAILED),
        ("SENT", DeliveryState.PENDING),
        ("SCHEDULED", DeliveryState.UNKNOWN),
        (None, DeliveryState.UNKNOWN),
    ],
)
def test_the_raw_status_is_kept_and_read_as_a_delivery_state(status, state):
    record = SentSms(id="1", to=IT, status=status)
    assert record.delivery_state is state


def test_a_search_page_skips_entries_that_are_not_objects():
    body = {"metadata": "none", "smsList": [7, None, {"id": "12", "status": "SENT"}]}
    result = smstools().search(sms_id=12).parse(reply(200, body))
    assert (result.count, [m.id for m in result.messages]) == (None, ["12"])


def test_a_search_without_an_sms_list_is_an_unexpected_response():
    with pytest.raises(ProviderResponseError):
        smstools().search(sms_id=12).parse(reply(200, {"metadata": {"count": 0}}))


def test_a_search_without_filters_reported_by_the_server_is_a_rejection():
    with pytest.raises(ProviderRejectedError):
        smstools().search(sms_id=12).parse(failure("NO_PARAMS"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014-01-13T15:01:35+0100", datetime(2014, 1, 13, 14, 1, 35, tzinfo=UTC)),
        ("2014-12-25T08:00:00+02:00", datetime(2014, 12, 25, 6, 0, 0, tzinfo=UTC)),
        ("2014-01-13 15:01:35", None),
        ("13.01.2014", None),
        (None, None),
        (1389621695, None),
    ],
)
def test_timestamps_are_read_with_their_offset(text, expected):
    assert parse_smstools_time(text) == expected


# -- whole sends ---------------------------------------------------------------------------


def test_a_send_through_send_operation_reports_each_recipient():
    provider = smstools()
    operation = SendOperation(provider, message(recipients=(IT, IT2, IT3)))
    body = sent(sms(IT, sms_id=11), sms(IT2, "NOT_INSERTED", sms_id=12, detail="BAD_MSISDN"))
    requests = 0
    for batch in operation.batches():
        requests += 1
        operation.record_response(batch, reply(200, body))
    result = operation.result()
    assert requests == 1
    assert [(r.number, r.status, r.message_id, r.code) for r in result.results] == [
        (IT, Status.ACCEPTED, "11", None),
        (IT2, Status.REJECTED, None, "BAD_MSISDN"),
        (IT3, Status.UNKNOWN, None, None),
    ]
    assert not result.ok


def test_a_send_with_bad_credentials_rejects_everyone_with_the_code():
    operation = SendOperation(smstools(), message(recipients=(IT, IT2)))
    for batch in operation.batches():
        operation.record_response(batch, failure("BAD_CREDENTIALS", 401))
    result = operation.result()
    assert [(r.status, r.code) for r in result.results] == [(Status.REJECTED, "BAD_CREDENTIALS")] * 2
    assert isinstance(result.error, AuthenticationError)


# -- fuzzing: only results or documented errors come out -----------------------------------

statuses = st.sampled_from([200, 204, 400, 401, 403, 404, 405, 429, 500, 503]) | st.integers(100, 599)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
numbers = st.sampled_from([IT, f"+{IT}", int(IT), IT2, "", "39 348", -1, True, None, 10**30, 3.5])
sms_entries = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values,
        "to": numbers,
        "status": st.sampled_from(["INSERTED", "NOT_INSERTED", "SANDBOX", "inserted", "X"]) | json_values,
        "statusDetail": st.sampled_from(sorted(ERROR_MESSAGES)) | json_values,
    },
)
send_bodies = st.fixed_dictionaries(
    {},
    optional={
        "sms": st.lists(sms_entries | json_values, max_size=4) | json_values,
        "smsInserted": st.integers(-1, 3) | json_values,
        "smsNotInserted": st.integers(-1, 3) | json_values,
        "errorMsg": st.sampled_from([*ERROR_MESSAGES, "BAD_FROM,NO_CREDIT", "NEW"]) | json_values,
        "errorCode": json_values,
    },
)
user_bodies = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values,
        "username": json_values,
        "credit": json_values,
        "senderAlias": st.lists(json_values, max_size=3) | json_values,
        "italysms": json_values,
        "sender": json_values,
    },
)
search_bodies = st.fixed_dictionaries(
    {},
    optional={
        "metadata": json_values,
        "smsList": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "id": json_values,
                    "to": numbers,
                    "status": json_values,
                    "insertDate": st.sampled_from(["2014-01-13T15:01:35+0100", "2014-99-99T00:00:00+0000"])
                    | json_values,
                    "price": json_values,
                    "text": json_values,
                },
            )
            | json_values,
            max_size=3,
        )
        | json_values,
    },
)
bodies = st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode())
headers = st.fixed_dictionaries({}, optional={"Retry-After": st.text(max_size=12)})


def test_fuzzed_send_replies_give_results_or_documented_errors():
    provider = smstools()
    batch = only_batch(provider, message(recipients=(IT, IT2)))

    @FUZZ
    @given(status=statuses, body=bodies | send_bodies.map(lambda v: json.dumps(v).encode()), extra=headers)
    def check(status: int, body: bytes, extra: dict[str, str]) -> None:
        try:
            results = provider.parse_send(batch, HttpResponse.create(status, body, extra))
        except SEND_ERRORS:
            return
        assert all(isinstance(r, RecipientResult) for r in results)
        assert {r.number for r in results} <= {IT, IT2}

    check()


def test_fuzzed_send_replies_leave_every_recipient_with_one_result_through_send_operation():
    @FUZZ
    @given(status=statuses, body=bodies | send_bodies.map(lambda v: json.dumps(v).encode()))
    def check(status: int, body: bytes) -> None:
        operation = SendOperation(smstools(), message(recipients=(IT, IT2)))
        for batch in operation.batches():
            operation.record_response(batch, HttpResponse.create(status, body))
        assert [r.number for r in operation.result().results] == [IT, IT2]

    check()


@pytest.mark.parametrize(
    ("call", "shaped", "kind"),
    [
        (lambda p: p.balance(), user_bodies, Balance),
        (lambda p: p.profile(), user_bodies, SmstoolsProfile),
        (lambda p: p.search(sms_id=1), search_bodies, SmsSearchResult),
    ],
    ids=["balance", "profile", "search"],
)
def test_fuzzed_call_replies_give_a_value_or_documented_errors(call, shaped, kind):
    parse = call(smstools()).parse

    @FUZZ
    @given(status=statuses, body=bodies | shaped.map(lambda v: json.dumps(v).encode()), extra=headers)
    def check(status: int, body: bytes, extra: dict[str, str]) -> None:
        try:
            value = parse(HttpResponse.create(status, body, extra))
        except SEND_ERRORS:
            return
        assert isinstance(value, kind)

    check()
