"""Spryng: REST API with an api_key, Simple API with username + secret, and its DLR callback.

Sans-IO throughout: requests are built and inspected, responses are made with
``HttpResponse.create``. Shapes follow docs/providers/spryng.md and the Spryng Simple API
(Documentation).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

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
from notify_plugins.http.ratelimit import RateLimit, RateLimiter
from notify_plugins.providers import Balance, create_provider
from notify_plugins.providers.spryng import (
    REASON_CODES,
    SIMPLE_REPLY_CODES,
    SpryngProvider,
    parse_spryng_report,
)
from notify_plugins.results import Status
from notify_plugins.sending import SendOperation
from tests.providers.conftest import FUZZ, SEND_ERRORS, messages, only_batch, refusal, reply

API_KEY = "SPRYNG-test+key/0001"
USERNAME = "spryng-user"
SECRET = "SPRYNG-simple+secret/0002"
NL = "31612345678"
NL2 = "31687654321"
SE = "46701234567"


def rest(**kwargs: object) -> SpryngProvider:
    return SpryngProvider(api_key=API_KEY, **kwargs)  # type: ignore[arg-type]


def simple(**kwargs: object) -> SpryngProvider:
    return SpryngProvider(username=USERNAME, secret=SECRET, **kwargs)  # type: ignore[arg-type]


message = messages("Door open", (NL,))


MESSAGE_OBJECT = {
    "id": "8c6da478-8721-469d-8bbd-db4bbcdefa04",
    "status": "scheduled",
    "encoding": "plain",
    "originator": "HomeAlarm",
    "body": "Door open",
    "reference": "",
    "credits": 2.4,
    "scheduled_at": "2018-12-05T15:56:26+00:00",
    "canceled_at": None,
    "created_at": "2018-12-05T15:56:26+00:00",
    "updated_at": "2018-12-05T15:56:26+00:00",
    "links": {"self": "https://rest.spryngsms.com/v1/messages/8c6da478-8721-469d-8bbd-db4bbcdefa04"},
}


# -- configuration -----------------------------------------------------------------------


def test_an_api_key_selects_the_rest_api():
    assert rest().mode == "rest"


def test_username_and_secret_select_the_simple_api():
    assert simple().mode == "simple"


def test_create_provider_builds_either_mode_from_adapter_configuration():
    assert create_provider("spryng", api_key=API_KEY).mode == "rest"  # type: ignore[attr-defined]
    assert create_provider("spryng", username=USERNAME, secret=SECRET).mode == "simple"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("credentials", "field"),
    [
        ({}, "api_key"),
        ({"api_key": API_KEY, "username": USERNAME, "secret": SECRET}, "api_key"),
        ({"api_key": API_KEY, "secret": SECRET}, "api_key"),
        ({"username": USERNAME}, "secret"),
        ({"secret": SECRET}, "username"),
        ({"api_key": "  "}, "api_key"),
        ({"api_key": "key\nwith-break"}, "api_key"),
        ({"username": USERNAME, "secret": "sec\tret"}, "secret"),
        ({"api_key": 1234}, "api_key"),
    ],
)
def test_anything_but_exactly_one_credential_set_is_refused_naming_the_field(credentials, field):
    assert refusal(SpryngProvider, **credentials).field == field


def test_a_refused_credential_is_not_quoted_in_the_error():
    assert SECRET not in str(refusal(SpryngProvider, username=USERNAME, secret=SECRET + "\x00"))


def test_blank_credentials_count_as_not_given():
    assert SpryngProvider(api_key="", username=USERNAME, secret=SECRET).mode == "simple"


def test_surrounding_whitespace_is_dropped_from_credentials():
    assert SpryngProvider(api_key=f"  {API_KEY}\n").secrets == (API_KEY,)


def test_provider_metadata():
    assert SpryngProvider.key == "spryng"
    assert SpryngProvider.name == "Spryng"
    assert SpryngProvider.default_api_url == "https://rest.spryngsms.com"
    assert SpryngProvider.default_country == "NL"
    assert SpryngProvider.max_parts == 4
    assert SpryngProvider.rate_limit == RateLimit(1200, 60.0)
    assert SpryngProvider.credentials == (("api_key",), ("username", "secret"))
    assert SpryngProvider.supports_callback is False


def test_secrets_are_the_api_key_or_the_simple_secret_but_not_the_username():
    assert rest().secrets == (API_KEY,)
    assert simple().secrets == (SECRET,)


def test_repr_names_the_mode_and_url_but_no_credential():
    text = repr(simple()) + repr(rest()) + str(rest())
    assert "SpryngProvider(mode='simple', api_url='https://rest.spryngsms.com')" in text
    assert API_KEY not in text and SECRET not in text


def test_the_two_modes_have_separate_rate_limit_budgets():
    assert rest().account_id != simple().account_id
    assert rest().account_id == rest().account_id


# -- local checks ------------------------------------------------------------------------


def test_numeric_senders_may_have_14_digits():
    rest().check(message(sender="12345678901234"))


def test_numeric_senders_of_15_digits_are_refused_for_spryng():
    with pytest.raises(ValidationError) as info:
        rest().check(message(sender="123456789012345"))
    assert info.value.field == "sender"
    assert info.value.rule == "numeric sender has 15 digits; Spryng takes at most 14"


@pytest.mark.parametrize("length", [1, 256])
def test_references_of_1_to_256_characters_are_taken(length):
    rest().check(message(reference="r" * length))


def test_a_reference_of_257_characters_is_refused():
    with pytest.raises(ValidationError) as info:
        rest().check(message(reference="r" * 257))
    assert info.value.field == "reference"


@pytest.mark.parametrize("provider", [rest, simple])
def test_four_sms_parts_are_the_longest_message(provider):
    provider().check(message("a" * 612))
    with pytest.raises(ValidationError) as info:
        provider().check(message("a" * 613))
    assert info.value.field == "message"


def test_a_blank_route_is_refused():
    provider = rest()
    provider.route = " "
    with pytest.raises(ValidationError) as info:
        provider.check(message())
    assert info.value.field == "route"


def test_the_simple_api_refuses_text_outside_gsm_before_building_a_request():
    provider = simple()
    with pytest.raises(ValidationError) as info:
        list(provider.build_send(message("Larm: ∞ 🔥")))
    assert info.value.field == "message"
    assert "GSM" in info.value.rule and "api_key" in info.value.rule


def test_the_simple_api_takes_gsm_extension_characters():
    simple().check(message("Price: 5€ [ok]"))


def test_the_rest_api_takes_any_text():
    rest().check(message("Larm: ∞ 🔥"))


# -- REST API requests -------------------------------------------------------------------


def test_rest_send_request_shape():
    batch = only_batch(rest(), message(reference="alarm-17"))
    request = batch.request
    assert request.method == "POST"
    assert request.url == "https://rest.spryngsms.com/v1/messages"
    assert request.params == ()
    assert request.headers == (
        ("Content-Type", "application/json"),
        ("Accept", "application/json"),
        ("Authorization", f"Bearer {API_KEY}"),
    )
    assert request.json() == {
        "body": "Door open",
        "originator": "HomeAlarm",
        "recipients": [NL],
        "encoding": "plain",
        "route": "business",
        "reference": "alarm-17",
    }
    assert batch.recipients == (NL,)
    assert batch.parts == 1


def test_rest_send_without_a_reference_omits_it():
    assert "reference" not in only_batch(rest(), message()).request.json()


def test_rest_sends_many_recipients_in_one_request():
    batch = only_batch(rest(), message(recipients=(NL, NL2, SE)))
    assert batch.request.json()["recipients"] == [NL, NL2, SE]
    assert batch.recipients == (NL, NL2, SE)


def test_rest_splits_recipients_beyond_the_per_request_cap():
    provider = rest()
    provider.max_recipients_per_request = 2
    batches = list(provider.build_send(message(recipients=(NL, NL2, SE))))
    assert [b.request.json()["recipients"] for b in batches] == [[NL, NL2], [SE]]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Door open", "plain"),
        ("Pris: 5€ {ok}", "plain"),
        ("Hej då, Åsa", "plain"),
        ("Тревога", "unicode"),
        ("🔥", "unicode"),
    ],
)
def test_rest_encoding_follows_the_segment_analysis_never_auto(text, encoding):
    assert only_batch(rest(), message(text)).request.json()["encoding"] == encoding


def test_rest_parts_are_counted_in_the_chosen_encoding():
    assert only_batch(rest(), message("ж" * 71)).parts == 2


def test_the_route_can_be_set_on_an_instance():
    provider = rest()
    provider.route = "1234"
    assert only_batch(provider, message()).request.json()["route"] == "1234"


def test_the_route_can_be_set_on_a_subclass():
    class PremiumSpryng(SpryngProvider):
        route = "5678"

    assert only_batch(PremiumSpryng(api_key=API_KEY), message()).request.json()["route"] == "5678"


def test_api_url_replaces_the_base_and_keeps_a_path_prefix():
    provider = rest(api_url="http://127.0.0.1:8080/spryng/")
    assert only_batch(provider, message()).request.url == "http://127.0.0.1:8080/spryng/v1/messages"


# -- Simple API requests -----------------------------------------------------------------


def test_simple_send_request_shape():
    batch = only_batch(simple(), message(reference="alarm-17"))
    request = batch.request
    assert request.method == "POST"
    assert request.url == "https://rest.spryngsms.com/api/simple/message"
    assert request.params == (
        ("username", USERNAME),
        ("secret", SECRET),
        ("destination", NL),
        ("sender", "HomeAlarm"),
        ("body", "Door open"),
        ("route", "business"),
        ("reference", "alarm-17"),
    )
    assert request.headers == ()
    assert request.body is None
    assert request.full_url == (
        "https://rest.spryngsms.com/api/simple/message?username=spryng-user"
        "&secret=SPRYNG-simple%2Bsecret%2F0002&destination=31612345678&sender=HomeAlarm"
        "&body=Door+open&route=business&reference=alarm-17"
    )


def test_simple_send_without_a_reference_omits_it():
    names = [name for name, _ in only_batch(simple(), message()).request.params]
    assert names == ["username", "secret", "destination", "sender", "body", "route"]


def test_simple_sends_one_request_per_destination():
    batches = list(simple().build_send(message(recipients=(NL, NL2, SE))))
    assert [b.recipients for b in batches] == [(NL,), (NL2,), (SE,)]
    assert [dict(b.request.params)["destination"] for b in batches] == [NL, NL2, SE]


def test_the_simple_secret_is_never_in_what_logs_show():
    request = only_batch(simple(), message()).request
    assert request.describe() == "POST https://rest.spryngsms.com/api/simple/message"


# -- REST API responses ------------------------------------------------------------------


def test_rest_success_accepts_every_recipient_with_the_message_id_cost_and_parts():
    batch = only_batch(rest(), message(recipients=(NL, NL2)))
    results = rest().parse_send(batch, reply(201, MESSAGE_OBJECT))
    assert [(r.number, r.status, r.message_id, r.parts, r.cost) for r in results] == [
        (NL, Status.ACCEPTED, MESSAGE_OBJECT["id"], 1, 1.2),
        (NL2, Status.ACCEPTED, MESSAGE_OBJECT["id"], 1, 1.2),
    ]


def test_rest_success_with_http_200_is_accepted_too():
    batch = only_batch(rest(), message())
    assert rest().parse_send(batch, reply(200, MESSAGE_OBJECT))[0].status is Status.ACCEPTED


def test_rest_success_falls_back_to_message_id():
    batch = only_batch(rest(), message())
    results = rest().parse_send(batch, reply(201, {"messageId": "abc-123"}))
    assert results[0].message_id == "abc-123"
    assert results[0].cost is None


@pytest.mark.parametrize("credits", [None, "lots", -1, True, [1]])
def test_rest_success_without_usable_credits_has_no_cost(credits):
    batch = only_batch(rest(), message())
    result = rest().parse_send(batch, reply(201, {**MESSAGE_OBJECT, "credits": credits}))[0]
    assert result.status is Status.ACCEPTED
    assert result.cost is None


@pytest.mark.parametrize("payload", [{}, {"id": ""}, {"id": None}, {"id": True}, {"status": "scheduled"}])
def test_rest_success_without_an_id_is_an_unexpected_response(payload):
    with pytest.raises(ProviderResponseError) as info:
        rest().parse_send(only_batch(rest(), message()), reply(201, payload))
    assert info.value.code == 201


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><body>Maintenance</body></html>",
        b'{"id":"8c6da478',
        b"",
        b"[]",
        b'"ok"',
        b"\xff\xfe\x00",
    ],
)
def test_rest_bodies_that_are_not_a_message_object_are_unexpected_responses(body):
    with pytest.raises(ProviderResponseError) as info:
        rest().parse_send(only_batch(rest(), message()), HttpResponse.create(201, body))
    assert info.value.code == 201


def test_an_unexpected_response_quotes_a_short_excerpt_without_the_key():
    body = f"<html><body>Error for {API_KEY} " + "x" * 500 + "</body></html>"
    with pytest.raises(ProviderResponseError) as info:
        rest().parse_send(only_batch(rest(), message()), HttpResponse.create(200, body))
    assert "Error for ***" in str(info.value)
    assert API_KEY not in str(info.value)
    assert len(str(info.value)) < 200


# -- status codes, both APIs -------------------------------------------------------------

BOTH = pytest.mark.parametrize("provider", [rest, simple], ids=["rest", "simple"])


@BOTH
def test_401_is_an_authentication_error(provider):
    with pytest.raises(AuthenticationError) as info:
        provider().parse_send(only_batch(provider(), message()), reply(401, {"message": "Unauthenticated."}))
    assert info.value.code == 401
    assert info.value.text == "Unauthenticated."


@BOTH
def test_a_401_echoing_the_credentials_is_scrubbed(provider):
    echo = f"Invalid token {API_KEY} {SECRET}"
    with pytest.raises(AuthenticationError) as info:
        provider().parse_send(only_batch(provider(), message()), reply(401, {"message": echo}))
    shown = str(info.value) + repr(info.value.text)
    assert API_KEY not in shown or provider is simple
    assert SECRET not in shown or provider is rest
    assert "Invalid token" in shown


def test_a_url_encoded_secret_in_an_error_page_is_scrubbed():
    page = "<html>POST /api/simple/message?secret=SPRYNG-simple%2Bsecret%2F0002 failed</html>"
    with pytest.raises(ProviderResponseError) as info:
        simple().parse_send(only_batch(simple(), message()), HttpResponse.create(500, page))
    assert "SPRYNG-simple%2Bsecret" not in str(info.value) + str(info.value.text)


@BOTH
@pytest.mark.parametrize("status", [404, 405])
def test_404_and_405_point_at_the_api_url(provider, status):
    response = reply(status, {"status": status, "message": "Not found"})
    with pytest.raises(ProviderResponseError) as info:
        provider(api_url="https://sms.example/base").parse_send(only_batch(provider(), message()), response)
    assert info.value.code == status
    assert "api_url" in str(info.value) and "https://sms.example/base" in str(info.value)


@BOTH
def test_422_is_a_rejection_quoting_the_providers_message(provider):
    response = reply(422, {"message": "The originator may not be longer than 11 characters."})
    with pytest.raises(ProviderRejectedError) as info:
        provider().parse_send(only_batch(provider(), message()), response)
    assert info.value.code == 422
    assert info.value.text == "The originator may not be longer than 11 characters."


LARAVEL_NO_CREDIT = {
    "message": "The given data was invalid.",
    "errors": {"credits": ["User has insufficient credits; Currently: 0.0 Needed: 1.2"]},
}
"""A 422 as a public Node-RED Spryng node shows it."""


def test_a_422_naming_credits_is_the_lack_of_credit_with_spryngs_words():
    with pytest.raises(InsufficientCreditError) as info:
        rest().parse_send(only_batch(rest(), message()), reply(422, LARAVEL_NO_CREDIT))
    assert info.value.code == 422
    assert info.value.text == (
        "The given data was invalid. credits: User has insufficient credits; Currently: 0.0 Needed: 1.2"
    )


def test_a_send_refused_for_credit_stops_and_reports_the_credit_error():
    operation = SendOperation(rest(), message(recipients=(NL, NL2)))
    for batch in operation.batches():
        operation.record_response(batch, reply(422, LARAVEL_NO_CREDIT))
    result = operation.result()
    assert isinstance(result.error, InsufficientCreditError)
    assert [r.status for r in result.results] == [Status.REJECTED, Status.REJECTED]


def test_a_422_shows_the_field_messages_of_its_errors_object():
    body = {
        "message": "The given data was invalid.",
        "errors": {"originator": ["The originator may not be greater than 11 characters."], "body": ["Required."]},
    }
    with pytest.raises(ProviderRejectedError) as info:
        rest().parse_send(only_batch(rest(), message()), reply(422, body))
    assert not isinstance(info.value, InsufficientCreditError)
    assert info.value.text == (
        "The given data was invalid. originator: The originator may not be greater than 11 characters. body: Required."
    )


@BOTH
def test_422_without_a_message_quotes_the_body(provider):
    with pytest.raises(ProviderRejectedError) as info:
        provider().parse_send(only_batch(provider(), message()), HttpResponse.create(422, b"invalid destination"))
    assert info.value.text == "invalid destination"


@BOTH
def test_429_is_rate_limiting_with_retry_after(provider):
    response = reply(429, {"message": "Too Many Attempts."}, {"Retry-After": "42"})
    with pytest.raises(RateLimitedError) as info:
        provider().parse_send(only_batch(provider(), message()), response)
    assert info.value.retry_after == 42.0
    assert info.value.code == 429


@BOTH
def test_429_without_retry_after_has_no_wait(provider):
    with pytest.raises(RateLimitedError) as info:
        provider().parse_send(only_batch(provider(), message()), HttpResponse.create(429))
    assert info.value.retry_after is None


@BOTH
def test_500_is_an_unexpected_response_so_the_recipients_are_unknown(provider):
    with pytest.raises(ProviderResponseError) as info:
        provider().parse_send(only_batch(provider(), message()), HttpResponse.create(500, b"Internal Server Error"))
    assert info.value.code == 500
    assert info.value.text == "Internal Server Error"


@BOTH
def test_503_that_outlived_the_transports_retries_is_a_rejection(provider):
    with pytest.raises(ProviderRejectedError) as info:
        provider().parse_send(only_batch(provider(), message()), HttpResponse.create(503, b"<html>down</html>"))
    assert info.value.code == 503


@BOTH
@pytest.mark.parametrize("status", [301, 400, 403, 502, 504])
def test_undocumented_statuses_are_unexpected_responses(provider, status):
    with pytest.raises(ProviderResponseError) as info:
        provider().parse_send(only_batch(provider(), message()), HttpResponse.create(status, b"<h1>Bad Gateway</h1>"))
    assert info.value.code == status
    assert "<h1>Bad Gateway</h1>" in str(info.value)  # the excerpt that shows what answered


# -- Simple API responses ----------------------------------------------------------------


@pytest.mark.parametrize("body", [b"", b"1", b"OK", b"<html>sent</html>", b'{"status":"ok"}'])
def test_simple_api_http_200_is_accepted_whatever_the_undocumented_body(body):
    results = simple().parse_send(only_batch(simple(), message()), HttpResponse.create(200, body))
    assert [(r.number, r.status, r.message_id, r.parts) for r in results] == [(NL, Status.ACCEPTED, None, 1)]


SIMPLE_REJECTIONS = [
    ("100", "a required parameter is missing"),
    ("105", "the destination is too short"),
    ("110", "the message body is too long"),
    ("201", "unknown route"),
    ("202", "the account may not use this route"),
    ("800", "technical error at Spryng"),
]


@pytest.mark.parametrize(("code", "meaning"), SIMPLE_REJECTIONS)
def test_a_bare_number_from_the_simple_api_rejects_with_its_meaning(code, meaning):
    results = simple().parse_send(only_batch(simple(), message()), HttpResponse.create(200, f"{code}\n"))
    assert [(r.number, r.status, r.code, r.reason) for r in results] == [(NL, Status.REJECTED, code, meaning)]


def test_simple_api_code_203_is_the_lack_of_credit():
    with pytest.raises(InsufficientCreditError) as info:
        simple().parse_send(only_batch(simple(), message()), HttpResponse.create(200, b"203"))
    assert (info.value.code, info.value.text) == ("203", "insufficient credits")


def test_simple_api_code_200_is_a_refused_credential():
    with pytest.raises(AuthenticationError) as info:
        simple().parse_send(only_batch(simple(), message()), HttpResponse.create(200, b"200"))
    assert info.value.code == "200"


@pytest.mark.parametrize("body", [b"0", b"999", b"-1"])
def test_an_undocumented_bare_number_leaves_the_recipient_unknown(body):
    with pytest.raises(ProviderResponseError):
        simple().parse_send(only_batch(simple(), message()), HttpResponse.create(200, body))


def test_the_simple_api_codes_are_the_documented_ones():
    documented = {str(n) for n in (*range(100, 111), 200, 201, 202, 203, 800)}
    assert set(SIMPLE_REPLY_CODES) == documented


def test_simple_api_keeps_an_id_if_the_body_carries_one():
    response = reply(200, {"id": "8c6da478-8721-469d-8bbd-db4bbcdefa04"})
    assert simple().parse_send(only_batch(simple(), message()), response)[0].message_id == (
        "8c6da478-8721-469d-8bbd-db4bbcdefa04"
    )


# -- balance -----------------------------------------------------------------------------


def test_balance_request_shape():
    request = rest().balance().request
    assert request.method == "GET"
    assert request.url == "https://rest.spryngsms.com/v1/balance"
    assert request.params == ()
    assert request.headers == (("Accept", "application/json"), ("Authorization", f"Bearer {API_KEY}"))
    assert request.body is None


@pytest.mark.parametrize(("amount", "expected"), [(10.5, 10.5), (0, 0.0), (-2.25, -2.25), ("7.5", 7.5)])
def test_balance_reads_the_amount_in_credits(amount, expected):
    assert rest().balance().parse(reply(200, {"amount": amount})) == Balance(expected, "credits")


@pytest.mark.parametrize("body", [b'{"credit": 3}', b'{"amount": null}', b'{"amount": "n/a"}', b"10.5", b"<html>"])
def test_balance_without_a_numeric_amount_is_an_unexpected_response(body):
    with pytest.raises(ProviderResponseError):
        rest().balance().parse(HttpResponse.create(200, body))


def test_balance_with_a_bad_key_is_an_authentication_error():
    with pytest.raises(AuthenticationError):
        rest().balance().parse(reply(401, {"message": "Unauthenticated."}))


def test_the_simple_api_has_no_balance_call_while_its_parameters_are_unverified():
    with pytest.raises(NotImplementedError):
        simple().balance()


# -- whole sends through SendOperation ---------------------------------------------------


def test_a_rest_send_through_send_operation_accepts_everyone_in_one_request():
    provider = rest()
    operation = SendOperation(provider, message(recipients=(NL, NL2)))
    requests = []
    for batch in operation.batches():
        requests.append(batch.request)
        operation.record_response(batch, reply(201, MESSAGE_OBJECT))
    result = operation.result()
    assert len(requests) == 1
    assert result.ok
    assert result.provider == "Spryng"
    assert {r.message_id for r in result.results} == {MESSAGE_OBJECT["id"]}


def test_a_simple_send_through_send_operation_reports_each_destination():
    provider = simple()
    operation = SendOperation(provider, message(recipients=(NL, NL2)))
    answers = {NL: HttpResponse.create(200), NL2: reply(422, {"message": "Invalid destination"})}
    for batch in operation.batches():
        operation.record_response(batch, answers[batch.recipients[0]])
    result = operation.result()
    assert [(r.number, r.status, r.code) for r in result.results] == [
        (NL, Status.ACCEPTED, None),
        (NL2, Status.REJECTED, "422"),
    ]
    assert result.results[1].reason == "Invalid destination"


def test_a_bad_key_in_the_simple_api_stops_the_send_after_the_first_request():
    operation = SendOperation(simple(), message(recipients=(NL, NL2, SE)))
    sent = 0
    for batch in operation.batches():
        sent += 1
        operation.record_response(batch, HttpResponse.create(401))
    result = operation.result()
    assert sent == 1
    assert [r.status for r in result.results] == [Status.REJECTED] * 3
    assert isinstance(result.error, AuthenticationError)


def test_send_operation_refuses_unicode_for_the_simple_api_before_any_request():
    with pytest.raises(ValidationError):
        SendOperation(simple(), message("Тревога"))


# -- delivery-report callback ------------------------------------------------------------

REPORT = {
    "ID": "8c6da478-8721-469d-8bbd-db4bbcdefa04",
    "RECIPIENT": NL,
    "STATUS": "10",
    "REASONCODE": "0",
    "REFERENCE": "alarm-17",
    "ADDED": "20240131235959",
    "RESULTDATE": "20240201000001",
    "OPERATOR_STATUS_AT": "20240201000005",
    "OPERATOR": "20416",
}


def test_a_delivered_report_is_read_completely():
    report = parse_spryng_report(REPORT)
    assert report == DeliveryReport(
        message_id="8c6da478-8721-469d-8bbd-db4bbcdefa04",
        recipient=NL,
        status=DeliveryState.DELIVERED,
        reason_code="0",
        reason="No error",
        reference="alarm-17",
        created_at=datetime(2024, 1, 31, 23, 59, 59, tzinfo=UTC),
        sent_at=datetime(2024, 2, 1, 0, 0, 1, tzinfo=UTC),
        status_at=datetime(2024, 2, 1, 0, 0, 5, tzinfo=UTC),
        operator="20416",
    )
    assert report.raw == REPORT
    assert report.delivered and report.status.final


@pytest.mark.parametrize(("status", "state"), [("10", DeliveryState.DELIVERED), ("20", DeliveryState.FAILED)])
def test_every_status_maps_to_a_delivery_state(status, state):
    assert parse_spryng_report({**REPORT, "STATUS": status}).status is state


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("0", "No error"),
        ("20", "Recipient number unreachable"),
        ("21", "Recipient number incorrect"),
        ("22", "Delivery failure"),
        ("31", "The recipient is blacklisted (for example after answering STOP to an earlier message)"),
        ("32", "The originator is not registered for this country"),
    ],
)
def test_every_reason_code_has_its_documented_meaning(code, text):
    report = parse_spryng_report({**REPORT, "STATUS": "20", "REASONCODE": code})
    assert (report.reason_code, report.reason) == (code, text)


def test_the_reason_table_has_exactly_the_documented_codes():
    assert set(REASON_CODES) == {"0", "20", "21", "22", "31", "32"}


def test_an_unlisted_numeric_reason_code_is_kept_without_a_meaning():
    report = parse_spryng_report({**REPORT, "STATUS": "20", "REASONCODE": "40"})
    assert (report.reason_code, report.reason) == ("40", None)


def test_optional_parameters_may_be_absent_or_blank():
    report = parse_spryng_report({"ID": "abc", "RECIPIENT": NL, "STATUS": "20", "REFERENCE": "", "OPERATOR": " "})
    assert report == DeliveryReport("abc", NL, DeliveryState.FAILED)


def test_parameter_names_are_matched_in_any_case():
    report = parse_spryng_report({key.lower(): value for key, value in REPORT.items()})
    assert report.message_id == REPORT["ID"] and report.status is DeliveryState.DELIVERED


def test_describe_masks_the_number():
    assert parse_spryng_report({**REPORT, "STATUS": "20", "REASONCODE": "21"}).describe() == (
        "********678: failed (21 Recipient number incorrect)"
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ID": None}, "ID"),
        ({"ID": ""}, "ID"),
        ({"RECIPIENT": None}, "RECIPIENT"),
        ({"RECIPIENT": "06-12345678"}, "RECIPIENT"),
        ({"RECIPIENT": "0031612345678"}, "RECIPIENT"),
        ({"RECIPIENT": "12"}, "RECIPIENT"),
        ({"STATUS": None}, "STATUS"),
        ({"STATUS": "30"}, "STATUS"),
        ({"STATUS": "Delivered"}, "STATUS"),
        ({"REASONCODE": "x1"}, "REASONCODE"),
        ({"REASONCODE": "-1"}, "REASONCODE"),
        ({"ADDED": "2024-01-31 23:59:59"}, "ADDED"),
        ({"RESULTDATE": "20240230120000"}, "RESULTDATE"),
        ({"OPERATOR_STATUS_AT": "2024013123595"}, "OPERATOR_STATUS_AT"),
        ({"REFERENCE": ["a", "b"]}, "REFERENCE"),
    ],
)
def test_bad_reports_raise_a_validation_error_naming_the_parameter(change, field):
    params = {key: value for key, value in {**REPORT, **change}.items() if value is not None}
    with pytest.raises(ValidationError) as info:
        parse_spryng_report(params)
    assert info.value.field == field


def test_a_report_that_is_not_a_mapping_is_refused():
    with pytest.raises(ValidationError) as info:
        parse_spryng_report("ID=1&STATUS=10")  # type: ignore[arg-type]
    assert info.value.field == "params"


def test_a_bad_recipient_is_masked_in_the_error():
    with pytest.raises(ValidationError) as info:
        parse_spryng_report({**REPORT, "RECIPIENT": "4670123456x"})
    assert "4670123456" not in str(info.value)


# -- fuzzing: only documented errors escape ----------------------------------------------

statuses = st.sampled_from([200, 201, 204, 401, 404, 405, 422, 429, 500, 503]) | st.integers(100, 599)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
headers = st.fixed_dictionaries({}, optional={"Retry-After": st.text(max_size=20)})
bodies = st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode())
message_objects = st.fixed_dictionaries(
    {}, optional={"id": json_values, "messageId": json_values, "credits": json_values, "message": json_values}
).map(lambda d: json.dumps(d).encode())


def _parse_or_documented_error(provider: SpryngProvider, response: HttpResponse) -> None:
    batch = next(iter(provider.build_send(message(recipients=(NL, NL2)))))
    try:
        results = provider.parse_send(batch, response)
    except NotifyError as err:
        assert isinstance(err, SEND_ERRORS), repr(err)
        assert API_KEY not in str(err) and SECRET not in str(err)
        return
    assert sorted(r.number for r in results) == sorted(batch.recipients)


@BOTH
def test_fuzzed_send_responses_give_results_or_documented_errors(provider):
    @FUZZ
    @given(status=statuses, body=bodies | message_objects, extra=headers)
    def check(status: int, body: bytes, extra: dict[str, str]) -> None:
        _parse_or_documented_error(provider(), HttpResponse.create(status, body, extra))

    check()


def test_fuzzed_balance_responses_give_a_balance_or_documented_errors():
    call = rest().balance()

    @FUZZ
    @given(status=statuses, body=bodies, extra=headers)
    def check(status: int, body: bytes, extra: dict[str, str]) -> None:
        try:
            assert isinstance(call.parse(HttpResponse.create(status, body, extra)), Balance)
        except NotifyError as err:
            assert isinstance(err, SEND_ERRORS), repr(err)

    check()


report_values = st.text(max_size=20) | st.sampled_from(["10", "20", "0", "21", "20240131235959", NL, ""])


@FUZZ
@given(params=st.dictionaries(st.sampled_from([*REPORT, "id", "Status", "other"]) | st.text(max_size=8), report_values))
def test_fuzzed_callback_parameters_give_a_report_or_a_validation_error(params):
    try:
        assert isinstance(parse_spryng_report(params), DeliveryReport)
    except ValidationError as err:
        assert err.field in {*REPORT, "params"}


@FUZZ
@given(data=st.data())
def test_mutated_callbacks_give_a_report_or_a_validation_error(data):
    params = {
        key: data.draw(st.sampled_from([value, ""]) | st.text(max_size=16) | st.none(), label=key)
        for key, value in REPORT.items()
    }
    try:
        report = parse_spryng_report({k: v for k, v in params.items() if v is not None})
    except ValidationError as err:
        assert err.field in REPORT
    else:
        assert report.status in (DeliveryState.DELIVERED, DeliveryState.FAILED)


# -- rate limit --------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _busiest_minute(starts: list[float]) -> int:
    ordered, first, best = sorted(starts), 0, 0
    for last, moment in enumerate(ordered):
        while ordered[first] <= moment - 60.0:
            first += 1
        best = max(best, last - first + 1)
    return best


def test_a_burst_of_3000_reservations_at_once_is_spread_over_1200_a_minute():
    clock = FakeClock()
    limiter = RateLimiter(SpryngProvider.rate_limit, clock)  # type: ignore[arg-type]
    waits = [limiter.reserve() for _ in range(3000)]
    # Request i cannot start before minute i // 1200: the least total wait any limiter allows.
    theoretical_minimum = sum((i // 1200) * 60.0 for i in range(3000))
    assert sum(waits) >= theoretical_minimum
    assert _busiest_minute(waits) <= 1200
    assert waits[:1200] == [0.0] * 1200


def test_a_client_that_sleeps_as_told_sends_3000_in_no_less_than_two_minutes():
    clock = FakeClock()
    limiter = RateLimiter(SpryngProvider.rate_limit, clock)  # type: ignore[arg-type]
    starts = []
    for _ in range(3000):
        clock.now += limiter.reserve()
        starts.append(clock.now)
    assert _busiest_minute(starts) <= 1200
    assert starts[-1] >= 120.0
