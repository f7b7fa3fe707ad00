"""ProSMS.se and SMS.dk: one Compaya platform, two configurations.

Sans-IO throughout: requests are built and inspected, replies are made with
``HttpResponse.create``. The reply shapes are the four in docs/providers/prosms.md (200,
207 mixed, 409 general error, 409 with code 1059), the live ``listlog`` capture, and the
``messageCode`` tables of the ProSMS.se and SMS.dk API Documentation.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notify_plugins.delivery import DeliveryReport, DeliveryState
from notify_plugins.errors import (
    AuthenticationError,
    InsufficientCreditError,
    NotifyError,
    ProviderRejectedError,
    ProviderResponseError,
    RateLimitedError,
    ValidationError,
)
from notify_plugins.http import HttpResponse
from notify_plugins.message import Message
from notify_plugins.providers import Balance, create_provider
from notify_plugins.providers.compaya import (
    DLR_STATES,
    RESPONSE_CODES,
    CompayaBatch,
    CompayaProvider,
    DlrStatus,
    parse_compaya_time,
    untangle_appended_query,
)
from notify_plugins.providers.prosms import ProsmsProvider
from notify_plugins.providers.smsdk import SmsdkProvider
from notify_plugins.results import RecipientResult, SendResult, Status
from notify_plugins.sending import SendOperation
from tests.providers.conftest import FUZZ, SEND_ERRORS, messages, only_batch, raised, reply

API_KEY = "PROSMS-test+key/0001"
SE = "46701234567"
SE2 = "46709876543"
SE3 = "46731234567"
BATCH_ID = "e9fd008b-7e81-0659-e4e3-ae5317b43ef2"


class OneByOneProsms(ProsmsProvider):
    max_recipients_per_request = 1


def prosms(**kwargs: Any) -> ProsmsProvider:
    return ProsmsProvider(api_key=API_KEY, **kwargs)


message = messages("Door open", (SE,))


def accepted_entry(number: str, cost: float = 1.0) -> dict[str, Any]:
    return {"receiver": int(number), "country": "Sweden", "countryCode": "SE", "creditCost": cost}


def success(*numbers: str, size: int = 1) -> dict[str, Any]:
    return {
        "status": "success",
        "messageCode": 5000,
        "result": {
            "totalCreditSum": float(len(numbers)),
            "messageSize": size,
            "batchId": BATCH_ID,
            "report": {"accepted": [accepted_entry(n) for n in numbers], "rejected": []},
        },
    }


def rejected_entry(number: str, code: int = 1015, text: str = "Country code and phone number do not match.") -> dict:
    return {"receiver": int(number), "messageCode": code, "message": text}


def mixed(accepted: tuple[str, ...], rejected: tuple[str, ...]) -> dict[str, Any]:
    return {
        "status": "mixed",
        "messageCode": 3000,
        "result": {
            "totalCreditSum": float(len(accepted)),
            "messageSize": 1,
            "batchId": BATCH_ID,
            "report": {
                "accepted": [accepted_entry(n) for n in accepted],
                "rejected": [rejected_entry(n) for n in rejected],
            },
        },
    }


def all_rejected(*numbers: str) -> dict[str, Any]:
    return {
        "status": "error",
        "messageCode": 1059,
        "message": "See specific error in returned rejected array.",
        "errorResult": {"report": {"accepted": [], "rejected": [rejected_entry(n) for n in numbers]}},
    }


def error(code: int, text: str) -> dict[str, Any]:
    return {"status": "error", "messageCode": code, "message": text}


# -- configuration -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "key", "name", "url", "country"),
    [
        (ProsmsProvider, "prosms", "ProSMS.se", "https://api.prosms.se", "SE"),
        (SmsdkProvider, "smsdk", "SMS.dk", "https://api.sms.dk", "DK"),
    ],
)
def test_the_two_services_differ_only_in_key_name_host_and_country(cls, key, name, url, country):
    assert issubclass(cls, CompayaProvider)
    assert (cls.key, cls.name, cls.default_api_url, cls.default_country) == (key, name, url, country)
    assert cls.max_parts == 3
    assert cls.credentials == (("api_key",),)
    assert cls.supports_callback is True
    assert cls.max_recipients_per_request == 50
    assert cls.rate_limit is None


def test_create_provider_builds_both_services_from_adapter_configuration():
    assert isinstance(create_provider("prosms", api_key=API_KEY), ProsmsProvider)
    assert isinstance(create_provider("smsdk", api_key=API_KEY, callback_url=None), SmsdkProvider)


@pytest.mark.parametrize("api_key", ["", "   ", "key\nbreak", 1234, None])
def test_a_missing_or_malformed_api_key_is_refused_naming_the_field(api_key):
    with pytest.raises(ValidationError) as info:
        ProsmsProvider(api_key=api_key)
    assert info.value.field == "api_key"


def test_surrounding_whitespace_is_dropped_from_the_api_key():
    assert ProsmsProvider(api_key=f"  {API_KEY}\n").secrets == (API_KEY,)


def test_secrets_are_the_api_key():
    assert prosms().secrets == (API_KEY,)


def test_repr_names_the_url_but_not_the_key():
    assert repr(prosms()) == "ProsmsProvider(api_url='https://api.prosms.se')"
    assert API_KEY not in repr(prosms()) + str(prosms())


@pytest.mark.parametrize("url", ["ftp://example.com/dlr", "not a url", "https://", "/relative/path", 42])
def test_a_callback_url_must_be_an_http_url(url):
    with pytest.raises(ValidationError) as info:
        prosms(callback_url=url)
    assert info.value.field == "callback_url"


def test_a_callback_url_may_carry_a_query_for_correlation():
    assert prosms(callback_url="https://hooks.example.com/dlr?id=42").callback_url == (
        "https://hooks.example.com/dlr?id=42"
    )


# -- local checks --------------------------------------------------------------------------


def test_a_reference_of_50_characters_is_taken():
    prosms().check(message(reference="r" * 50))


def test_a_reference_of_51_characters_is_refused_before_any_request():
    with pytest.raises(ValidationError) as info:
        SendOperation(prosms(), message(reference="r" * 51))
    assert info.value.field == "reference"
    assert info.value.rule == "has 51 characters; ProSMS.se takes at most 50 (userReference)"


def test_building_a_send_checks_the_reference_too():
    with pytest.raises(ValidationError):
        list(prosms().build_send(message(reference="r" * 51)))


@pytest.mark.parametrize("text", ["a" * 459, "ж" * 201])
def test_three_parts_is_the_longest_message(text):
    prosms().check(message(text))


@pytest.mark.parametrize("text", ["a" * 460, "ж" * 202])
def test_a_fourth_part_is_refused_before_any_request(text):
    with pytest.raises(ValidationError) as info:
        SendOperation(prosms(), message(text))
    assert info.value.field == "message"


# -- requests ------------------------------------------------------------------------------


def test_send_request_shape():
    batch = only_batch(prosms(), message())
    assert batch.request.method == "POST"
    assert batch.request.url == "https://api.prosms.se/v1/sms/send"
    assert batch.request.params == ()
    assert batch.request.headers == (
        ("Content-Type", "application/json"),
        ("Accept", "application/json"),
        ("Authorization", f"Bearer {API_KEY}"),
    )
    assert batch.request.json() == {
        "receiver": 46701234567,
        "senderName": "HomeAlarm",
        "message": "Door open",
        "format": "gsm",
        "encoding": "utf8",
    }
    assert batch.recipients == (SE,)
    assert batch.parts == 1


def test_the_receiver_is_a_json_integer_without_plus():
    body = only_batch(prosms(), message(recipients=("+46 70 123 45 67",))).request.body
    assert body is not None and b'"receiver":46701234567,' in body


def test_the_reference_and_callback_url_travel_as_user_reference_and_dlr_url():
    provider = prosms(callback_url="https://hooks.example.com/dlr?id=42")
    payload = only_batch(provider, message(reference="alarm-17")).request.json()
    assert payload["userReference"] == "alarm-17"
    assert payload["dlrUrl"] == "https://hooks.example.com/dlr?id=42"


def test_the_text_travels_as_utf8_json():
    body = only_batch(prosms(), message("Hej då, Ærø")).request.body
    assert body is not None and "Hej då, Ærø".encode() in body


@pytest.mark.parametrize(
    ("text", "fmt"),
    [("Door open", "gsm"), ("Price €5 [x]", "gsm"), ("Hej då Ærø", "gsm"), ("Тревога", "unicode"), ("🔥", "unicode")],
)
def test_the_format_follows_the_segment_analysis(text, fmt):
    assert only_batch(prosms(), message(text)).request.json()["format"] == fmt


def test_several_recipients_go_comma_joined_in_one_request_by_default():
    batch = only_batch(prosms(), message(recipients=(SE, SE2, SE3)))
    assert batch.recipients == (SE, SE2, SE3)
    assert batch.request.json()["receiver"] == f"{SE},{SE2},{SE3}"


def test_a_single_recipient_stays_a_json_integer():
    assert only_batch(prosms(), message(recipients=(SE,))).request.json()["receiver"] == int(SE)


def test_batches_hold_at_most_the_batch_size():
    numbers = tuple(f"4670{n:07d}" for n in range(1, 121))
    batches = list(prosms().build_send(message(recipients=numbers)))
    assert [len(b.recipients) for b in batches] == [50, 50, 20]
    assert batches[2].request.json()["receiver"] == ",".join(numbers[100:])


def test_the_batching_switch_off_sends_one_request_per_recipient():
    batches = list(OneByOneProsms(api_key=API_KEY).build_send(message(recipients=(SE, SE2, SE3))))
    assert [b.recipients for b in batches] == [(SE,), (SE2,), (SE3,)]
    assert [b.request.json()["receiver"] for b in batches] == [int(SE), int(SE2), int(SE3)]


def test_api_url_replaces_the_base_and_keeps_a_path_prefix():
    batch = only_batch(prosms(api_url="http://127.0.0.1:8080/prosms/"), message())
    assert batch.request.url == "http://127.0.0.1:8080/prosms/v1/sms/send"


def test_smsdk_sends_to_its_own_host():
    batch = only_batch(SmsdkProvider(api_key=API_KEY), message(recipients=("4522680880",)))
    assert batch.request.url == "https://api.sms.dk/v1/sms/send"
    assert batch.request.json()["receiver"] == 4522680880


def test_the_key_is_not_in_what_logs_show():
    assert API_KEY not in only_batch(prosms(), message()).request.describe()


# -- send replies --------------------------------------------------------------------------


def test_200_accepts_the_recipient_with_batch_id_cost_and_parts():
    provider = prosms()
    batch = only_batch(provider, message("a" * 200))
    results = provider.parse_send(batch, reply(200, success(SE, size=2)))
    assert results == [RecipientResult.accepted(SE, message_id=BATCH_ID, parts=2, cost=1.0)]


def test_an_accepted_receiver_given_as_a_string_is_matched():
    body = success(SE)
    body["result"]["report"]["accepted"][0]["receiver"] = SE
    provider = prosms()
    results = provider.parse_send(only_batch(provider, message()), reply(200, body))
    assert [r.status for r in results] == [Status.ACCEPTED]


def test_207_mixed_keeps_each_recipients_outcome_with_the_providers_code_and_text():
    provider = prosms()
    batch = only_batch(provider, message(recipients=(SE, SE2)))
    results = provider.parse_send(batch, reply(207, mixed(accepted=(SE,), rejected=(SE2,))))
    assert results == [
        RecipientResult.accepted(SE, message_id=BATCH_ID, parts=1, cost=1.0),
        RecipientResult.rejected(SE2, 1015, "Country code and phone number do not match."),
    ]


def test_a_2xx_with_our_recipient_in_rejected_is_a_rejection_not_a_success():
    provider = prosms()
    results = provider.parse_send(only_batch(provider, message()), reply(207, mixed(accepted=(), rejected=(SE,))))
    assert [(r.status, r.code) for r in results] == [(Status.REJECTED, "1015")]


def test_409_with_code_1059_rejects_each_recipient_from_the_error_result():
    provider = prosms()
    batch = only_batch(provider, message(recipients=(SE, SE2)))
    results = provider.parse_send(batch, reply(409, all_rejected(SE, SE2)))
    assert [(r.number, r.status, r.code, r.reason) for r in results] == [
        (SE, Status.REJECTED, "1015", "Country code and phone number do not match."),
        (SE2, Status.REJECTED, "1015", "Country code and phone number do not match."),
    ]


def test_a_rejection_without_a_message_is_explained_from_the_code_table():
    body = all_rejected(SE)
    del body["errorResult"]["report"]["rejected"][0]["message"]
    body["errorResult"]["report"]["rejected"][0]["messageCode"] = 1066
    provider = prosms()
    (result,) = provider.parse_send(only_batch(provider, message()), reply(409, body))
    assert (result.code, result.reason) == ("1066", "The country is not supported")


def test_1059_without_a_rejected_list_is_an_unexpected_response():
    provider = prosms()
    err = raised(provider, only_batch(provider, message()), reply(409, error(1059, "See specific error.")))
    assert isinstance(err, ProviderResponseError)


def test_409_general_error_is_a_rejection_with_the_providers_code_text_and_a_hint():
    provider = prosms()
    body = error(1017, 'Parameter "senderName" is not a approved sender name.')
    err = raised(provider, only_batch(provider, message()), reply(409, body))
    assert type(err) is ProviderRejectedError
    assert err.code == 1017
    assert err.text == 'Parameter "senderName" is not a approved sender name.'
    assert "approved in the web interface" in str(err)


@pytest.mark.parametrize("code", [1011, 1012, 1017])
def test_sender_problems_are_rejections_carrying_the_providers_code(code):
    provider = prosms()
    err = raised(provider, only_batch(provider, message()), reply(RESPONSE_CODES[code].http_status, error(code, "x")))
    assert type(err) is ProviderRejectedError
    assert err.code == code


def test_401_with_invalid_token_is_an_authentication_error():
    provider = prosms()
    err = raised(provider, only_batch(provider, message()), reply(401, error(1054, "Invalid token.")))
    assert type(err) is AuthenticationError
    assert (err.code, err.text) == (1054, "Invalid token.")


@pytest.mark.parametrize("status", [401, 403])
@pytest.mark.parametrize("body", ["", "<html><body>Unauthorized</body></html>", "Forbidden"])
def test_401_and_403_without_json_are_authentication_errors(status, body):
    provider = prosms()
    err = raised(provider, only_batch(provider, message()), HttpResponse.create(status, body))
    assert type(err) is AuthenticationError
    assert err.code == status


def test_404_html_page_is_an_unexpected_response_pointing_at_the_api_url():
    provider = prosms(api_url="http://127.0.0.1:9/wrong")
    page = "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>Not Found</body></html>"
    err = raised(
        provider, only_batch(provider, message()), HttpResponse.create(404, page, {"Content-Type": "text/html"})
    )
    assert type(err) is ProviderResponseError
    assert "api_url" in str(err) and "http://127.0.0.1:9/wrong" in str(err)


def test_no_credit_is_an_insufficient_credit_error():
    provider = prosms()
    body = error(1030, "You do not have sufficient credits.")
    err = raised(provider, only_batch(provider, message()), reply(402, body))
    assert type(err) is InsufficientCreditError
    assert err.code == 1030


def test_a_cool_down_is_rate_limiting_with_the_remaining_seconds():
    provider = prosms()
    body = error(1050, "There is a cool down. remaining: 30")
    err = raised(provider, only_batch(provider, message()), reply(409, body))
    assert isinstance(err, RateLimitedError)
    assert err.retry_after == 30.0
    assert err.code == 1050


def test_a_cool_down_without_a_number_falls_back_to_retry_after():
    provider = prosms()
    body = error(1050, "There is a cool down. remaining: ")
    err = raised(provider, only_batch(provider, message()), reply(409, body, {"Retry-After": "12"}))
    assert isinstance(err, RateLimitedError)
    assert err.retry_after == 12.0


def test_a_cool_down_without_any_wait_has_no_retry_after():
    provider = prosms()
    err = raised(provider, only_batch(provider, message()), reply(409, error(1050, "There is a cool down.")))
    assert isinstance(err, RateLimitedError)
    assert err.retry_after is None


def test_429_without_a_body_is_rate_limiting_with_retry_after():
    provider = prosms()
    err = raised(provider, only_batch(provider, message()), HttpResponse.create(429, "", {"Retry-After": "7"}))
    assert isinstance(err, RateLimitedError)
    assert err.retry_after == 7.0


@pytest.mark.parametrize(
    "response",
    [
        HttpResponse.create(500, json.dumps(error(1000, "Something went wrong."))),
        HttpResponse.create(500, "Internal Server Error"),
        HttpResponse.create(502, "<html><body>Bad Gateway</body></html>"),
        HttpResponse.create(200, ""),
        HttpResponse.create(200, '{"status":"success","messageCode":5000,"result":{"report":{"acc'),
        HttpResponse.create(200, "[1, 2, 3]"),
        HttpResponse.create(200, json.dumps({"status": "success", "messageCode": 5000})),
        HttpResponse.create(200, json.dumps({"unexpected": "fields"})),
        HttpResponse.create(409, "Conflict"),
    ],
    ids=["1000", "500-text", "502-html", "empty", "truncated", "list", "success-no-report", "odd-fields", "409-text"],
)
def test_unclear_replies_are_unexpected_responses(response):
    provider = prosms()
    err = raised(provider, only_batch(provider, message()), response)
    assert type(err) is ProviderResponseError


def test_an_unknown_error_code_keeps_the_code_and_follows_the_http_status():
    provider = prosms()
    err = raised(provider, only_batch(provider, message()), reply(409, error(1099, "A new rule.")))
    assert type(err) is ProviderRejectedError
    assert err.code == 1099
    assert err.text == "A new rule."


@pytest.mark.parametrize(
    "report",
    [{"accepted": "everyone", "rejected": []}, {"accepted": [], "rejected": {}}, {}, [], "report"],
)
def test_a_malformed_report_is_an_unexpected_response(report):
    body = success(SE)
    body["result"]["report"] = report
    provider = prosms()
    assert type(raised(provider, only_batch(provider, message()), reply(200, body))) is ProviderResponseError


def test_recipients_missing_from_the_report_are_left_out_for_the_core_to_mark_unknown():
    provider = prosms()
    results = provider.parse_send(only_batch(provider, message(recipients=(SE, SE2))), reply(200, success(SE)))
    assert [r.number for r in results] == [SE]


def test_entries_for_numbers_not_in_the_batch_are_ignored():
    provider = prosms()
    body = success(SE2)
    assert provider.parse_send(only_batch(provider, message()), reply(200, body)) == []


def test_a_number_reported_both_accepted_and_rejected_is_unknown():
    provider = prosms()
    body = mixed(accepted=(SE,), rejected=(SE,))
    (result,) = provider.parse_send(only_batch(provider, message()), reply(207, body))
    assert result.status is Status.UNKNOWN


@pytest.mark.parametrize("cost", ["free", -1, None, True, [1]])
def test_an_unusable_credit_cost_gives_no_cost(cost):
    body = success(SE)
    body["result"]["report"]["accepted"][0]["creditCost"] = cost
    provider = prosms()
    (result,) = provider.parse_send(only_batch(provider, message()), reply(200, body))
    assert result.status is Status.ACCEPTED and result.cost is None


@pytest.mark.parametrize("size", [None, 0, "two", True])
def test_an_unusable_message_size_falls_back_to_our_own_part_count(size):
    body = success(SE)
    body["result"]["messageSize"] = size
    provider = prosms()
    (result,) = provider.parse_send(only_batch(provider, message("a" * 200)), reply(200, body))
    assert result.parts == 2


def test_error_texts_never_quote_the_key():
    provider = prosms()
    body = error(1054, f"Invalid token {API_KEY}")
    err = raised(provider, only_batch(provider, message()), reply(401, body))
    assert API_KEY not in str(err) + repr(err) + str(err.text)


def test_an_unexpected_response_quotes_a_short_excerpt_without_the_key():
    provider = prosms()
    err = raised(provider, only_batch(provider, message()), HttpResponse.create(502, f"oops {API_KEY} " + "x" * 500))
    assert API_KEY not in str(err)
    assert len(str(err)) < 300


# -- the code table ------------------------------------------------------------------------


def test_the_table_has_every_documented_code():
    errors = {*range(1000, 1067)} - {1001}
    assert set(RESPONSE_CODES) == errors | {3000} | set(range(5000, 5015))


def test_every_error_code_maps_to_a_library_error_and_the_others_to_none():
    for code, row in RESPONSE_CODES.items():
        if code < 3000:
            assert row.error is not None and issubclass(row.error, NotifyError), code
        else:
            assert row.error is None, code


@pytest.mark.parametrize(
    ("codes", "cls"),
    [
        ({1030}, InsufficientCreditError),
        ({1037, 1038, 1052, 1053, 1054, 1055, 1058}, AuthenticationError),
        ({1050}, RateLimitedError),
        ({1000}, ProviderResponseError),
    ],
)
def test_account_level_codes_map_to_their_classes(codes, cls):
    assert {code for code, row in RESPONSE_CODES.items() if row.error is cls} == codes


def test_the_documented_http_statuses_are_kept():
    assert RESPONSE_CODES[1012].http_status == 406
    assert RESPONSE_CODES[1017].http_status == 409
    assert RESPONSE_CODES[1030].http_status == 402
    assert RESPONSE_CODES[1051].http_status == 404
    assert RESPONSE_CODES[3000].http_status == 207
    assert {RESPONSE_CODES[c].http_status for c in range(1002, 1009)} == {400}


@pytest.mark.parametrize("code", sorted(c for c, row in RESPONSE_CODES.items() if row.error and c != 1059))
def test_every_error_code_raises_its_class_with_the_code(code):
    row = RESPONSE_CODES[code]
    provider = prosms()
    err = raised(provider, only_batch(provider, message()), reply(row.http_status, error(code, row.text)))
    assert type(err) is row.error
    assert err.code == code


@pytest.mark.parametrize("code", sorted(c for c, row in RESPONSE_CODES.items() if row.error is None))
def test_a_success_or_mixed_code_without_a_report_is_an_unexpected_response(code):
    provider = prosms()
    response = reply(RESPONSE_CODES[code].http_status, {"status": "success", "messageCode": code})
    assert type(raised(provider, only_batch(provider, message()), response)) is ProviderResponseError


# -- balance and sender names --------------------------------------------------------------


def test_balance_request_shape():
    request = prosms().balance().request
    assert (request.method, request.url, request.body) == ("GET", "https://api.prosms.se/v1/user/getcreditvalue", None)
    assert request.headers == (("Accept", "application/json"), ("Authorization", f"Bearer {API_KEY}"))


@pytest.mark.parametrize(("value", "amount"), [(1234.5, 1234.5), (0, 0.0), ("42", 42.0), (-3, -3.0)])
def test_balance_reads_the_result_in_credits(value, amount):
    body = {"status": "success", "messageCode": 5000, "result": value}
    assert prosms().balance().parse(reply(200, body)) == Balance(amount, "credits")


@pytest.mark.parametrize("body", [{"status": "success"}, {"result": "lots"}, {"result": None}, {"credit": 5}])
def test_balance_without_a_numeric_result_is_an_unexpected_response(body):
    with pytest.raises(ProviderResponseError):
        prosms().balance().parse(reply(200, body))


def test_balance_with_a_bad_key_is_an_authentication_error():
    with pytest.raises(AuthenticationError):
        prosms().balance().parse(reply(401, error(1054, "Invalid token.")))


def test_balance_behind_a_404_page_is_an_unexpected_response():
    with pytest.raises(ProviderResponseError):
        prosms().balance().parse(HttpResponse.create(404, "<html>Not Found</html>"))


def test_sender_names_request_shape():
    request = SmsdkProvider(api_key=API_KEY).sender_names().request
    assert (request.method, request.url) == ("GET", "https://api.sms.dk/v1/sendername/list")
    assert request.header("Authorization") == f"Bearer {API_KEY}"


def test_sender_names_are_listed_in_order_without_duplicates_or_blanks():
    body = {
        "status": "success",
        "messageCode": 5000,
        "result": [
            {"senderName": "HomeAlarm", "id": 1},
            {"senderName": "Alerts"},
            {"senderName": "HomeAlarm"},
            {"senderName": "  "},
            {"id": 3},
            "NotifyDemo",
            17,
        ],
    }
    assert prosms().sender_names().parse(reply(200, body)) == ("HomeAlarm", "Alerts", "NotifyDemo")


def test_sender_names_without_a_list_are_an_unexpected_response():
    with pytest.raises(ProviderResponseError):
        prosms().sender_names().parse(reply(200, {"result": {"senderName": "HomeAlarm"}}))


# -- delivery status (listlog) ---------------------------------------------------------------

LIVE_LOG = {
    "status": "success",
    "messageCode": 5000,
    "result": {
        "limit": 10,
        "offset": 0,
        "data": [
            {
                "timeSent": "23.08.2026 12.33.57",
                "dlrStatus": 1,
                "receiver": 4522680880,
                "country": "DK",
                "sender": "SMSDKDemo",
                "messageSize": 1,
                "format": 0,
                "message": "Test",
                "creditCost": 1,
                "userReference": None,
                "batchId": "6851ec5b-55bd-b9da-f344-f42d6836c7ee",
            }
        ],
        "recordsTotal": 1,
    },
}


def log_with(**changes: Any) -> dict[str, Any]:
    body = json.loads(json.dumps(LIVE_LOG))
    body["result"]["data"][0].update(changes)
    return body


def test_delivery_status_request_shape():
    request = SmsdkProvider(api_key=API_KEY).delivery_status(BATCH_ID, limit=10).request
    assert (request.method, request.url) == ("POST", "https://api.sms.dk/v1/sms/listlog")
    assert request.header("Authorization") == f"Bearer {API_KEY}"
    assert request.json() == {"batchId": BATCH_ID, "limit": 10}


def test_delivery_status_asks_for_100_entries_by_default():
    assert prosms().delivery_status(BATCH_ID).request.json()["limit"] == 100


BAD_LOG_QUERIES = [
    ("", 10, "message_id"),
    (" ", 10, "message_id"),
    ("a\nb", 10, "message_id"),
    (None, 10, "message_id"),
    (BATCH_ID, 0, "limit"),
    (BATCH_ID, 1001, "limit"),
    (BATCH_ID, True, "limit"),
    (BATCH_ID, "10", "limit"),
]


@pytest.mark.parametrize(("message_id", "limit", "field"), BAD_LOG_QUERIES)
def test_delivery_status_refuses_a_bad_message_id_or_limit(message_id, limit, field):
    with pytest.raises(ValidationError) as info:
        prosms().delivery_status(message_id, limit=limit)
    assert info.value.field == field


def test_the_live_log_entry_is_read_completely():
    (report,) = SmsdkProvider(api_key=API_KEY).delivery_status(BATCH_ID).parse(reply(200, LIVE_LOG))
    assert report == DeliveryReport(
        message_id="6851ec5b-55bd-b9da-f344-f42d6836c7ee",
        recipient="4522680880",
        status=DeliveryState.DELIVERED,
        reason_code="1",
        reason="Received",
        reference=None,
        sent_at=datetime(2026, 8, 23, 12, 33, 57, tzinfo=ZoneInfo("Europe/Copenhagen")),
        cost=1.0,
    )
    assert report.raw["sender"] == "SMSDKDemo"


@pytest.mark.parametrize(
    ("value", "state", "reason"),
    [
        (0, DeliveryState.PENDING, "No status yet"),
        (1, DeliveryState.DELIVERED, "Received"),
        (2, DeliveryState.FAILED, "Rejected"),
        (4, DeliveryState.FAILED, "Expired"),
        (8, DeliveryState.PENDING, "Buffered"),
    ],
)
def test_every_dlr_status_maps_to_a_delivery_state(value, state, reason):
    (report,) = prosms().delivery_status(BATCH_ID).parse(reply(200, log_with(dlrStatus=value)))
    assert (report.status, report.reason_code, report.reason) == (state, str(value), reason)
    assert DLR_STATES[DlrStatus(value)] == (state, reason)


@pytest.mark.parametrize("value", [3, 16, -1, 999])
def test_an_undocumented_dlr_status_is_unknown_and_kept(value):
    (report,) = prosms().delivery_status(BATCH_ID).parse(reply(200, log_with(dlrStatus=value)))
    assert report.status is DeliveryState.UNKNOWN
    assert report.reason_code == str(value)


def test_a_user_reference_is_kept_and_a_missing_batch_id_falls_back_to_the_one_asked_for():
    (report,) = prosms().delivery_status(BATCH_ID).parse(reply(200, log_with(userReference="alarm-17", batchId=None)))
    assert (report.reference, report.message_id) == ("alarm-17", BATCH_ID)


def test_an_empty_log_is_an_empty_answer():
    body = {"status": "success", "messageCode": 5000, "result": {"limit": 10, "offset": 0, "data": []}}
    assert prosms().delivery_status(BATCH_ID).parse(reply(200, body)) == ()


def test_a_log_without_a_data_list_is_an_unexpected_response():
    with pytest.raises(ProviderResponseError):
        prosms().delivery_status(BATCH_ID).parse(reply(200, {"status": "success", "result": {"data": {}}}))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23.08.2026 12.33.57", datetime(2026, 8, 23, 12, 33, 57)),
        ("01.01.2025 00.00.00", datetime(2025, 1, 1, 0, 0, 0)),
        (" 31.12.2024 23.59.59 ", datetime(2024, 12, 31, 23, 59, 59)),
        ("31.02.2026 12.00.00", None),
        ("2026-08-23 12:33:57", None),
        ("23.08.2026 12:33:57", None),
        ("", None),
        (None, None),
        (1692793437, None),
    ],
)
def test_time_sent_is_read_in_the_danish_format(text, expected):
    assert parse_compaya_time(text, None) == expected


def test_time_sent_is_placed_in_the_given_zone():
    zone = ZoneInfo("Europe/Copenhagen")
    when = parse_compaya_time("23.01.2026 12.00.00", zone)
    assert when is not None and when.utcoffset() is not None and when.utcoffset().total_seconds() == 3600


# -- whole sends ---------------------------------------------------------------------------


def test_a_send_through_send_operation_reports_each_recipient():
    provider = OneByOneProsms(api_key=API_KEY)
    operation = SendOperation(provider, message(recipients=(SE, SE2, SE3)))
    replies = iter([reply(200, success(SE)), reply(409, all_rejected(SE2)), reply(200, success())])
    for batch in operation.batches():
        operation.record_response(batch, next(replies))
    result = operation.result()
    assert [(r.number, r.status, r.code) for r in result.results] == [
        (SE, Status.ACCEPTED, None),
        (SE2, Status.REJECTED, "1015"),
        (SE3, Status.UNKNOWN, None),
    ]
    assert result.results[0].message_id == BATCH_ID
    assert not result.ok
    assert result.error is None


def test_a_cool_down_stops_the_send_after_the_first_request():
    operation = SendOperation(prosms(), message(recipients=(SE, SE2, SE3)))
    sent = 0
    for batch in operation.batches():
        sent += 1
        operation.record_response(batch, reply(409, error(1050, "There is a cool down. remaining: 30")))
    result = operation.result()
    assert sent == 1
    assert [(r.status, r.code) for r in result.results] == [(Status.REJECTED, "1050")] * 3
    assert isinstance(result.error, RateLimitedError) and result.error.retry_after == 30.0


def test_a_batched_send_through_send_operation_reads_the_mixed_reply():
    operation = SendOperation(prosms(), message(recipients=(SE, SE2)))
    for batch in operation.batches():
        operation.record_response(batch, reply(207, mixed(accepted=(SE,), rejected=(SE2,))))
    assert [r.status for r in operation.result().results] == [Status.ACCEPTED, Status.REJECTED]


# -- fuzzing: only results or documented errors come out -----------------------------------

statuses = st.sampled_from([200, 207, 400, 401, 402, 403, 404, 406, 409, 429, 500, 503]) | st.integers(100, 599)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
receivers = st.sampled_from([int(SE), SE, f"+{SE}", int(SE2), 0, -1, True, None, "46 70", 10**30, 1.5])
entries = st.fixed_dictionaries(
    {},
    optional={
        "receiver": receivers,
        "creditCost": json_values,
        "messageCode": st.sampled_from(sorted(RESPONSE_CODES)) | json_values,
        "message": json_values,
    },
)
reports = st.fixed_dictionaries(
    {}, optional={"accepted": st.lists(entries, max_size=3) | json_values, "rejected": st.lists(entries, max_size=3)}
)
holders = st.fixed_dictionaries(
    {},
    optional={"report": reports | json_values, "batchId": json_values, "messageSize": json_values},
)
send_bodies = st.fixed_dictionaries(
    {},
    optional={
        "status": st.sampled_from(["success", "mixed", "error"]) | json_values,
        "messageCode": st.sampled_from(sorted(RESPONSE_CODES)) | json_values,
        "message": json_values,
        "result": holders | json_values,
        "errorResult": holders | json_values,
    },
)
bodies = (
    st.binary(max_size=200)
    | json_values.map(lambda v: json.dumps(v).encode())
    | send_bodies.map(lambda v: json.dumps(v).encode())
)
headers = st.fixed_dictionaries({}, optional={"Retry-After": st.text(max_size=12)})


def assert_results_for(batch: CompayaBatch, results: list[RecipientResult]) -> None:
    assert isinstance(results, list)
    assert all(isinstance(r, RecipientResult) for r in results)
    assert {r.number for r in results} <= set(batch.recipients)


@pytest.mark.parametrize("provider", [OneByOneProsms(api_key=API_KEY), prosms()], ids=["single", "batched"])
def test_fuzzed_send_replies_give_results_or_documented_errors(provider):
    batch = next(iter(provider.build_send(message(recipients=(SE, SE2)))))

    @FUZZ
    @given(status=statuses, body=bodies, extra=headers)
    def check(status: int, body: bytes, extra: dict[str, str]) -> None:
        try:
            results = provider.parse_send(batch, HttpResponse.create(status, body, extra))
        except SEND_ERRORS:
            return
        assert_results_for(batch, results)

    check()


def test_fuzzed_send_replies_leave_every_recipient_with_one_result_through_send_operation():
    @FUZZ
    @given(status=statuses, body=bodies)
    def check(status: int, body: bytes) -> None:
        operation = SendOperation(prosms(), message(recipients=(SE, SE2)))
        for batch in operation.batches():
            operation.record_response(batch, HttpResponse.create(status, body))
        assert [r.number for r in operation.result().results] == [SE, SE2]

    check()


log_entries = st.fixed_dictionaries(
    {},
    optional={
        "timeSent": st.sampled_from(["23.08.2026 12.33.57", "99.99.9999 99.99.99"]) | json_values,
        "dlrStatus": st.sampled_from([0, 1, 2, 4, 8, 16, "1"]) | json_values,
        "receiver": receivers,
        "creditCost": json_values,
        "userReference": json_values,
        "batchId": json_values,
    },
)
log_bodies = st.fixed_dictionaries(
    {},
    optional={
        "messageCode": st.sampled_from(sorted(RESPONSE_CODES)) | json_values,
        "result": st.fixed_dictionaries({}, optional={"data": st.lists(log_entries | json_values, max_size=3)})
        | json_values,
    },
)


@pytest.mark.parametrize(
    ("call", "extra_bodies"),
    [
        (lambda p: p.balance(), st.fixed_dictionaries({"result": json_values})),
        (lambda p: p.sender_names(), st.fixed_dictionaries({"result": st.lists(json_values, max_size=4)})),
        (lambda p: p.delivery_status(BATCH_ID), log_bodies),
    ],
    ids=["balance", "sender_names", "delivery_status"],
)
def test_fuzzed_call_replies_give_a_value_or_documented_errors(call, extra_bodies):
    parse = call(prosms()).parse

    @FUZZ
    @given(status=statuses, body=bodies | extra_bodies.map(lambda v: json.dumps(v).encode()), extra=headers)
    def check(status: int, body: bytes, extra: dict[str, str]) -> None:
        try:
            value = parse(HttpResponse.create(status, body, extra))
        except SEND_ERRORS:
            return
        assert isinstance(value, Balance | tuple)

    check()


# -- several receivers in one request, and the fallback to one a request ---------------------

MALFORMED_RECEIVER = {
    1047: 'Parameter "receiver" needs to be a digit.',
    1060: 'Parameter "receiver" must be of numeric characters only.',
}


def run(provider: CompayaProvider, msg: Message, answer: Any) -> tuple[list[CompayaBatch], SendResult]:
    """Drive a send, answering each batch with ``answer(batch)``."""
    operation = SendOperation(provider, msg)
    sent: list[CompayaBatch] = []
    for batch in operation.batches():
        sent.append(batch)  # type: ignore[arg-type]
        operation.record_response(batch, answer(batch))
    return sent, operation.result()


def test_each_receiver_of_a_batch_gets_its_outcome_from_the_accepted_and_rejected_lists():
    _, result = run(prosms(), message(recipients=(SE, SE2)), lambda batch: reply(207, mixed((SE,), (SE2,))))
    assert [(r.number, r.status, r.code) for r in result.results] == [
        (SE, Status.ACCEPTED, None),
        (SE2, Status.REJECTED, "1015"),
    ]


def test_a_receiver_in_neither_list_is_unknown_and_not_sent_again():
    sent, result = run(prosms(), message(recipients=(SE, SE2, SE3)), lambda batch: reply(200, success(SE, SE3)))
    assert len(sent) == 1
    assert [(r.number, r.status) for r in result.results] == [
        (SE, Status.ACCEPTED),
        (SE2, Status.UNKNOWN),
        (SE3, Status.ACCEPTED),
    ]


@pytest.mark.parametrize("code", sorted(MALFORMED_RECEIVER))
def test_a_refused_comma_form_falls_back_to_one_request_per_recipient(code):
    provider = prosms()

    def answer(batch: CompayaBatch) -> HttpResponse:
        if len(batch.recipients) > 1:
            return reply(409, error(code, MALFORMED_RECEIVER[code]))
        return reply(200, success(*batch.recipients))

    sent, result = run(provider, message(recipients=(SE, SE2, SE3)), answer)
    assert [b.request.json()["receiver"] for b in sent] == [f"{SE},{SE2},{SE3}", int(SE), int(SE2), int(SE3)]
    assert [(r.number, r.status) for r in result.results] == [(n, Status.ACCEPTED) for n in (SE, SE2, SE3)]
    assert result.ok and result.error is None
    assert provider.one_receiver_per_request is True


def test_the_account_remembers_the_fallback_for_later_sends():
    provider = prosms()
    run(provider, message(recipients=(SE, SE2)), lambda batch: reply(409, error(1060, MALFORMED_RECEIVER[1060])))
    later = list(provider.build_send(message(recipients=(SE, SE2))))
    assert [b.request.json()["receiver"] for b in later] == [int(SE), int(SE2)]
    assert prosms().one_receiver_per_request is False  # another account is not affected


def test_the_fallback_happens_once_so_a_refused_single_number_is_a_rejection():
    sent, result = run(
        prosms(), message(recipients=(SE, SE2)), lambda batch: reply(409, error(1060, MALFORMED_RECEIVER[1060]))
    )
    assert len(sent) == 3
    assert [(r.number, r.status, r.code) for r in result.results] == [
        (SE, Status.REJECTED, "1060"),
        (SE2, Status.REJECTED, "1060"),
    ]


def test_other_whole_request_refusals_do_not_fall_back():
    provider = prosms()
    sent, result = run(provider, message(recipients=(SE, SE2)), lambda batch: reply(409, error(1017, "not approved")))
    assert len(sent) == 1
    assert [r.status for r in result.results] == [Status.REJECTED, Status.REJECTED]
    assert provider.one_receiver_per_request is False


def test_parse_send_outside_a_send_operation_sees_the_refused_form_as_a_rejection():
    batch = only_batch(prosms(), message(recipients=(SE, SE2)))
    err = raised(prosms(), batch, reply(409, error(1060, MALFORMED_RECEIVER[1060])))
    assert isinstance(err, ProviderRejectedError)
    assert err.code == 1060


# -- delivery callbacks to a URL that has its own query ----------------------------------------


def test_a_callback_appended_with_a_second_question_mark_is_read():
    # callback_url "https://example.test/cb?ref=abc" + "?status=1&receiver=4522680880" (CPSMS' rule)
    (report,) = prosms().parse_callback("GET", {"ref": "abc?status=1", "receiver": "4522680880"})
    assert (report.recipient, report.status, report.reason_code) == ("4522680880", DeliveryState.DELIVERED, "1")
    assert report.raw["ref"] == "abc"


def test_a_callback_appended_to_a_bare_query_name_is_read():
    # callback_url "https://example.test/cb?token" + "?status=2&receiver=4522680880"
    (report,) = prosms().parse_callback("GET", {"token?status": "2", "receiver": "4522680880"})
    assert (report.recipient, report.status) == ("4522680880", DeliveryState.FAILED)


def test_untangling_leaves_a_well_formed_query_alone():
    params = {"status": "1", "receiver": "4522680880", "ref": "abc"}
    assert untangle_appended_query(params) == params
