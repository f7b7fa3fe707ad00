"""The white-label gateway: one GET per recipient, JSON or numeric replies, and DLR lookups.

Sans-IO throughout. Shapes are those of the gateway's "Vårt API" page (docs/providers/gateway.md).
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notify_plugins.delivery import DeliveryReport, DeliveryState
from notify_plugins.errors import (
    AuthenticationError,
    InsufficientCreditError,
    NotifyError,
    ProviderResponseError,
    RateLimitedError,
    ValidationError,
)
from notify_plugins.http import HttpResponse
from notify_plugins.providers import SendBatch, create_provider
from notify_plugins.providers.gateway import REPLY_CODES, GatewayProvider, derive_ref
from notify_plugins.results import RecipientResult, Status
from notify_plugins.sending import SendOperation
from tests.providers.conftest import FUZZ, SEND_ERRORS, messages, only_batch, reply

API_KEY = "SMSGW-test+key/0003"
BASE = "https://sms.example.se"
UK = "447483938220"
SE = "46701234567"
SE2 = "46709876543"
REF = re.compile(r"[0-9a-f]{16}")


def gateway(api_url: str = BASE) -> GatewayProvider:
    return GatewayProvider(api_key=API_KEY, api_url=api_url)


message = messages("Hello How Are You", (UK,), sender="InfoSMS")


def parse(body: str | bytes, status: int = 200, batch: SendBatch | None = None) -> list[RecipientResult]:
    return gateway().parse_send(batch or only_batch(gateway(), message()), reply(status, body))


# -- configuration -----------------------------------------------------------------------


def test_the_gateway_url_is_mandatory():
    with pytest.raises(ValidationError) as info:
        GatewayProvider(api_key=API_KEY)
    assert info.value.field == "api_url"


def test_create_provider_without_a_url_names_the_missing_url():
    with pytest.raises(ValidationError) as info:
        create_provider("smsgw", api_key=API_KEY, api_url=None)
    assert info.value.field == "api_url"


@pytest.mark.parametrize("api_key", ["", "   ", "key\nbreak", 42])
def test_a_missing_or_malformed_key_is_refused(api_key):
    with pytest.raises(ValidationError) as info:
        GatewayProvider(api_key=api_key, api_url=BASE)
    assert info.value.field == "api_key"


def test_provider_metadata():
    assert GatewayProvider.key == "smsgw"
    assert GatewayProvider.default_api_url is None
    assert GatewayProvider.default_country is None
    assert GatewayProvider.max_parts == 4
    assert GatewayProvider.credentials == (("api_key",),)
    assert GatewayProvider.supports_callback is False
    assert GatewayProvider.rate_limit is None


def test_the_key_is_the_only_secret_and_is_not_in_the_repr():
    provider = gateway()
    assert provider.secrets == (API_KEY,)
    assert repr(provider) == "GatewayProvider(api_url='https://sms.example.se')"


def test_there_is_no_balance_call():
    with pytest.raises(NotImplementedError):
        gateway().balance()


def test_four_sms_parts_are_the_longest_message():
    gateway().check(message("a" * 612))
    with pytest.raises(ValidationError) as info:
        gateway().check(message("a" * 613))
    assert info.value.field == "message"


# -- requests ----------------------------------------------------------------------------


def test_send_request_shape():
    batch = only_batch(gateway(), message(reference="alarm-17"))
    request = batch.request
    assert request.method == "GET"
    assert request.url == "https://sms.example.se/api/sms/send_sms.php"
    assert request.params == (
        ("key", API_KEY),
        ("mobile", UK),
        ("sender", "InfoSMS"),
        ("msgtext", "Hello How Are You"),
        ("ref", derive_ref("alarm-17", UK)),
        ("response", "json"),
    )
    assert request.headers == ()
    assert request.body is None
    assert batch.recipients == (UK,)
    assert batch.ref == derive_ref("alarm-17", UK)
    assert batch.parts == 1


def test_the_text_is_url_encoded_as_utf8_in_the_query():
    request = only_batch(gateway(), message("Hej då ✓")).request
    assert "msgtext=Hej+d%C3%A5+%E2%9C%93" in request.full_url


def test_the_key_is_never_in_what_logs_show():
    assert only_batch(gateway(), message()).request.describe() == "GET https://sms.example.se/api/sms/send_sms.php"


@pytest.mark.parametrize(
    ("api_url", "url"),
    [
        ("http://gw.example:8080", "http://gw.example:8080/api/sms/send_sms.php"),
        ("https://gw.example", "https://gw.example/api/sms/send_sms.php"),
        ("http://127.0.0.1:9000/smsgw/", "http://127.0.0.1:9000/smsgw/api/sms/send_sms.php"),
    ],
)
def test_plain_http_or_https_is_whatever_the_api_url_says(api_url, url):
    assert only_batch(gateway(api_url), message()).request.url == url


def test_one_request_per_recipient():
    batches = list(gateway().build_send(message(recipients=(UK, SE, SE2))))
    assert [b.recipients for b in batches] == [(UK,), (SE,), (SE2,)]
    assert [dict(b.request.params)["mobile"] for b in batches] == [UK, SE, SE2]


def test_without_a_reference_each_recipient_gets_a_fresh_random_ref():
    refs = [b.ref for b in gateway().build_send(message(recipients=(UK, SE, SE2)))]
    refs += [b.ref for b in gateway().build_send(message(recipients=(UK, SE, SE2)))]
    assert len(set(refs)) == 6
    assert all(REF.fullmatch(ref) for ref in refs)


def test_with_a_reference_each_recipient_gets_its_own_reproducible_ref():
    first = [b.ref for b in gateway().build_send(message(recipients=(UK, SE), reference="alarm-17"))]
    again = [b.ref for b in gateway().build_send(message(recipients=(UK, SE), reference="alarm-17"))]
    assert first == again == [derive_ref("alarm-17", UK), derive_ref("alarm-17", SE)]
    assert len(set(first)) == 2


def test_a_derived_ref_is_short_and_url_safe_whatever_the_reference():
    ref = derive_ref("Larm / köket & hallen? " * 20, UK)
    assert REF.fullmatch(ref)
    assert derive_ref("alarm-17", UK) != derive_ref("alarm-18", UK)


def test_references_differing_only_at_the_joint_give_different_refs():
    assert derive_ref("a1", "23") != derive_ref("a", "123")


# -- send replies ------------------------------------------------------------------------


def test_json_success_accepts_the_recipient_with_the_ref_as_message_id():
    batch = only_batch(gateway(), message())
    results = parse('{"status":true,"error":0}', batch=batch)
    assert [(r.number, r.status, r.message_id, r.parts) for r in results] == [(UK, Status.ACCEPTED, batch.ref, 1)]


@pytest.mark.parametrize(
    "body", ['{"status":false,"error":"Message not accepted"}', '{"status":false,"error":"Missing Mobile Parameter"}']
)
def test_json_failures_reject_the_recipient_with_the_gateways_reason(body):
    batch = only_batch(gateway(), message())
    (result,) = parse(body, batch=batch)
    assert result.status is Status.REJECTED
    assert result.reason == json.loads(body)["error"]
    assert result.message_id == batch.ref


def test_a_json_failure_without_a_reason_still_rejects():
    (result,) = parse('{"status":false}')
    assert result.status is Status.REJECTED


@pytest.mark.parametrize(("code", "status"), [("200", Status.ACCEPTED), ("400", Status.REJECTED)])
def test_numeric_replies_accept_or_reject(code, status):
    (result,) = parse(f"{code}\n")
    assert result.status is status
    assert result.code == (None if code == "200" else code)


@pytest.mark.parametrize(
    ("code", "error"), [("405", AuthenticationError), ("406", InsufficientCreditError), ("407", AuthenticationError)]
)
def test_numeric_account_replies_raise_their_error(code, error):
    with pytest.raises(error) as info:
        parse(code)
    assert info.value.code == code
    assert info.value.text == REPLY_CODES[code].meaning


def test_the_numeric_reply_table_is_the_documented_one():
    assert set(REPLY_CODES) == {"200", "400", "405", "406", "407"}
    assert [code for code, r in REPLY_CODES.items() if r.accepted] == ["200"]


@pytest.mark.parametrize(
    ("error", "raised"),
    [
        ('"Not Enough Credit"', InsufficientCreditError),
        ('"Inavlid API Key"', AuthenticationError),
        ('"Remote IP not allowed"', AuthenticationError),
        ("406", InsufficientCreditError),
        ('"407"', AuthenticationError),
    ],
)
def test_json_failures_that_concern_the_account_raise_their_error(error, raised):
    with pytest.raises(raised):
        parse(f'{{"status":false,"error":{error}}}')


def test_a_json_failure_echoing_the_key_is_scrubbed():
    with pytest.raises(AuthenticationError) as info:
        parse(json.dumps({"status": False, "error": f"Invalid API Key {API_KEY}"}))
    assert API_KEY not in str(info.value) + str(info.value.text)


def test_a_url_encoded_key_in_an_error_page_is_scrubbed():
    page = "<html>GET /api/sms/send_sms.php?key=SMSGW-test%2Bkey%2F0003 failed</html>"
    with pytest.raises(ProviderResponseError) as info:
        parse(page, status=500)
    assert "SMSGW-test%2Bkey" not in str(info.value)


@pytest.mark.parametrize(
    "body",
    [
        '{"status":true,"error":"Message not accepted"}',
        '{"status":"maybe"}',
        '{"error":0}',
        "[true]",
        '{"status":tr',
        "",
        "<!DOCTYPE html><html><body>Welcome to nginx</body></html>",
        "999",
        "OK",
    ],
)
def test_replies_that_are_not_documented_are_unexpected_responses(body):
    with pytest.raises(ProviderResponseError):
        parse(body)


@pytest.mark.parametrize("status", [500, 502, 302])
def test_an_accepting_body_with_a_failing_http_status_is_not_taken_as_accepted(status):
    with pytest.raises(ProviderResponseError):
        parse("200", status=status)
    with pytest.raises(ProviderResponseError):
        parse('{"status":true,"error":0}', status=status)


@pytest.mark.parametrize("status", [404, 405])
def test_404_and_405_pages_point_at_the_api_url(status):
    with pytest.raises(ProviderResponseError) as info:
        parse("<html><h1>Not Found</h1></html>", status=status)
    assert info.value.code == status
    assert "api_url" in str(info.value) and BASE in str(info.value)


def test_http_405_with_the_numeric_body_405_means_the_ip_is_not_allowed():
    with pytest.raises(AuthenticationError):
        parse("405", status=405)


@pytest.mark.parametrize("status", [401, 403])
def test_http_access_refusals_are_authentication_errors(status):
    with pytest.raises(AuthenticationError):
        parse("Forbidden", status=status)


def test_http_429_is_rate_limiting_with_retry_after():
    with pytest.raises(RateLimitedError) as info:
        gateway().parse_send(
            only_batch(gateway(), message()), HttpResponse.create(429, "slow down", {"Retry-After": "5"})
        )
    assert info.value.retry_after == 5.0


def test_a_json_failure_with_a_failing_http_status_is_still_read():
    (result,) = parse('{"status":false,"error":"Message not accepted"}', status=400)
    assert result.status is Status.REJECTED


# -- whole sends through SendOperation ---------------------------------------------------


def test_a_send_through_send_operation_reports_each_recipient_by_ref():
    operation = SendOperation(gateway(), message(recipients=(UK, SE)))
    answers = {UK: '{"status":true,"error":0}', SE: '{"status":false,"error":"Message not accepted"}'}
    refs = {}
    for batch in operation.batches():
        refs[batch.recipients[0]] = dict(batch.request.params)["ref"]
        operation.record_response(batch, reply(200, answers[batch.recipients[0]]))
    result = operation.result()
    assert [(r.number, r.status, r.message_id) for r in result.results] == [
        (UK, Status.ACCEPTED, refs[UK]),
        (SE, Status.REJECTED, refs[SE]),
    ]
    assert result.provider == GatewayProvider.name


def test_no_credit_stops_the_send_before_the_next_recipient():
    operation = SendOperation(gateway(), message(recipients=(UK, SE, SE2)))
    sent = 0
    for batch in operation.batches():
        sent += 1
        operation.record_response(batch, reply(200, "406"))
    result = operation.result()
    assert sent == 1
    assert [r.status for r in result.results] == [Status.REJECTED] * 3
    assert isinstance(result.error, InsufficientCreditError)


# -- delivery-report lookup --------------------------------------------------------------


def test_delivery_lookup_request_shape():
    request = gateway().delivery_status("h01txyo25k", "+44 7483 938220").request
    assert request.method == "GET"
    assert request.url == "https://sms.example.se/api/sms/dlr.php"
    assert request.params == (("key", API_KEY), ("full_number", UK), ("ref", "h01txyo25k"))
    assert request.describe() == "GET https://sms.example.se/api/sms/dlr.php"


@pytest.mark.parametrize(
    ("number", "ref", "field"),
    [(None, "abc", "recipient"), ("12", "abc", "number"), (UK, "", "message_id"), (UK, "a\nb", "message_id")],
)
def test_a_bad_lookup_is_refused_before_sending(number, ref, field):
    with pytest.raises(ValidationError) as info:
        gateway().delivery_status(ref, number)
    assert info.value.field == field


def lookup(body: str | bytes, status: int = 200) -> DeliveryReport:
    (report,) = gateway().delivery_status("h01txyo25k", UK).parse(reply(status, body))
    return report


def test_a_message_still_in_the_queue_is_pending():
    report = lookup('{"status":true,"queue_status":"pending","queue_error":0}')
    assert report == DeliveryReport("h01txyo25k", UK, DeliveryState.PENDING, reason_code="pending")
    assert report.raw == {"status": True, "queue_status": "pending", "queue_error": 0}


def test_a_processed_message_without_a_report_yet_is_pending_with_its_cost():
    body = (
        '{"status":true,"queue_status":"processed","queue_error":0,'
        '"dlr_status":"sending","dlr_error":"","sms_cost":"0.05"}'
    )
    report = lookup(body)
    assert (report.status, report.reason_code, report.reason, report.cost) == (
        DeliveryState.PENDING,
        "sending",
        None,
        0.05,
    )


def test_a_delivered_message_is_delivered():
    body = (
        '{"status":true,"queue_status":"processed","queue_error":0,'
        '"dlr_status":"delivered","dlr_error":"","sms_cost":"0.05"}'
    )
    report = lookup(body)
    assert report.status is DeliveryState.DELIVERED and report.status.final
    assert report.cost == 0.05


def test_a_report_deleted_by_the_user_is_unknown():
    report = lookup(
        '{"status":true,"queue_status":"processed","queue_error":0,"dlr_exist":false,"dlr_status":"notfound"}'
    )
    assert report.status is DeliveryState.UNKNOWN
    assert report.reason_code == "notfound"
    assert "deleted" in (report.reason or "")


def test_a_wrong_number_or_ref_is_unknown():
    report = lookup('{"status":false,"queue_status":"notfound"}')
    assert report.status is DeliveryState.UNKNOWN
    assert report.reason_code == "notfound"
    assert "wrong number or ref" in (report.reason or "")


@pytest.mark.parametrize("word", ["failed", "undelivered", "rejected", "expired"])
def test_usual_failure_words_are_failed(word):
    body = json.dumps({"status": True, "queue_status": "processed", "dlr_status": word, "dlr_error": "Absent"})
    report = lookup(body)
    assert (report.status, report.reason_code, report.reason) == (DeliveryState.FAILED, word, "Absent")


def test_an_unknown_report_word_is_unknown_and_kept():
    report = lookup('{"status":true,"queue_status":"processed","dlr_status":"buffered"}')
    assert (report.status, report.reason_code) == (DeliveryState.UNKNOWN, "buffered")


@pytest.mark.parametrize(
    "body", ['{"status":"true","queue_status":"pending"}', '{"status":1,"queue_status":"pending"}']
)
def test_loosely_typed_status_flags_are_read(body):
    assert lookup(body).status is DeliveryState.PENDING


@pytest.mark.parametrize(
    ("body", "error"),
    [("407", AuthenticationError), ('{"status":false,"error":"Invalid API Key"}', AuthenticationError)],
)
def test_lookups_with_a_bad_key_raise_authentication_errors(body, error):
    with pytest.raises(error):
        lookup(body)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ('{"status":false}', 200),
        ("200", 200),
        ('{"queue_status":"pending"}', 200),
        ("<html>Not Found</html>", 404),
        ('{"status":true,"queue_st', 200),
        ("", 200),
        ("[]", 200),
    ],
)
def test_undocumented_lookup_replies_are_unexpected_responses(body, status):
    with pytest.raises(ProviderResponseError):
        lookup(body, status)


# -- fuzzing: only documented errors escape ----------------------------------------------

statuses = st.sampled_from([200, 400, 401, 404, 405, 406, 407, 429, 500]) | st.integers(100, 599)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
words = st.sampled_from(["pending", "processed", "notfound", "sending", "delivered", "", "PROCESSED"]) | json_values
replies = st.fixed_dictionaries(
    {},
    optional={
        "status": st.sampled_from([True, False, "true", 1, 0, None]) | json_values,
        "error": st.sampled_from([0, "0", "", "Message not accepted", "406", "Invalid API Key"]) | json_values,
        "queue_status": words,
        "queue_error": json_values,
        "dlr_status": words,
        "dlr_error": json_values,
        "dlr_exist": json_values,
        "sms_cost": st.sampled_from(["0.05", "x", "-1", "1e400"]) | json_values,
    },
).map(lambda d: json.dumps(d).encode())
bodies = (
    st.binary(max_size=300)
    | json_values.map(lambda v: json.dumps(v).encode())
    | replies
    | st.sampled_from([b"200", b"400", b"405", b"406", b"407", b"999"])
)


@FUZZ
@given(status=statuses, body=bodies)
def test_fuzzed_send_replies_give_a_result_or_documented_errors(status, body):
    batch = only_batch(gateway(), message())
    try:
        results = gateway().parse_send(batch, HttpResponse.create(status, body))
    except NotifyError as err:
        assert isinstance(err, SEND_ERRORS), repr(err)
        assert API_KEY not in str(err)
    else:
        assert [r.number for r in results] == [UK]
        assert results[0].message_id == batch.ref


@FUZZ
@given(status=statuses, body=bodies)
def test_fuzzed_lookup_replies_give_a_report_or_documented_errors(status, body):
    try:
        report = lookup(body, status)
    except NotifyError as err:
        assert isinstance(err, SEND_ERRORS), repr(err)
    else:
        assert isinstance(report.status, DeliveryState)
        assert report.cost is None or report.cost >= 0
