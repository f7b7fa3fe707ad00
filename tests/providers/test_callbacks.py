"""Delivery-report callbacks: one entry point, ``Provider.parse_callback``, for every provider.

A web handler gives it the request's method, query, body and content type and gets
``DeliveryReport`` values back, or a ``ValidationError`` to answer with HTTP 400. The
Compaya and Smstools formats are assumptions (see their module docstrings); Spryng's is
section 5 of its Simple API documentation; the gateway has no callback at all.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notify_plugins.delivery import DeliveryState, callback_params
from notify_plugins.errors import ValidationError
from notify_plugins.providers import Provider, create_provider

FORM = "application/x-www-form-urlencoded"


def provider(key: str) -> Provider:
    config = {
        "prosms": {"api_key": "k"},
        "smsdk": {"api_key": "k"},
        "smstools": {"api_key": "k", "api_secret": "s"},
        "spryng": {"api_key": "k"},
        "smsgw": {"api_key": "k", "api_url": "https://sms.example.com"},
    }[key]
    return create_provider(key, **config)


# -- the uniform entry point --------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "methods"),
    [
        ("prosms", {"GET", "POST"}),
        ("smsdk", {"GET", "POST"}),
        ("smstools", {"GET", "POST"}),
        ("spryng", {"GET"}),
        ("smsgw", set()),
    ],
)
def test_each_provider_declares_the_methods_its_callback_uses(key: str, methods: set[str]) -> None:
    assert set(provider(key).callback_methods) == methods


def test_the_gateway_has_no_callback_and_says_so() -> None:
    with pytest.raises(NotImplementedError, match="does not call back"):
        provider("smsgw").parse_callback("GET", {"ref": "abc"})


@pytest.mark.parametrize("key", ["prosms", "smstools", "spryng"])
def test_a_method_the_provider_does_not_use_is_malformed(key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        provider(key).parse_callback("DELETE", {})
    assert caught.value.field == "method"


# -- ProSMS.se and SMS.dk (dlrUrl) ---------------------------------------------------------


def test_compaya_reads_the_send_log_vocabulary_from_the_query_string() -> None:
    (report,) = provider("prosms").parse_callback(
        "GET",
        {
            "receiver": "46701234567",
            "dlrStatus": "1",
            "batchId": "e9fd008b",
            "userReference": "door-1",
            "timeSent": "23.08.2026 12.33.57",
        },
    )
    assert report.recipient == "46701234567"
    assert report.status is DeliveryState.DELIVERED
    assert (report.reason_code, report.reason) == ("1", "Received")
    assert report.message_id == "e9fd008b"
    assert report.reference == "door-1"
    assert report.sent_at is not None and report.sent_at.replace(tzinfo=None) == datetime(2026, 8, 23, 12, 33, 57)


@pytest.mark.parametrize(
    ("dlr_status", "state"),
    [
        ("0", DeliveryState.PENDING),
        ("1", DeliveryState.DELIVERED),
        ("2", DeliveryState.FAILED),
        ("4", DeliveryState.FAILED),
        ("8", DeliveryState.PENDING),
        ("16", DeliveryState.UNKNOWN),
    ],
)
def test_compaya_dlr_status_values_map_to_states(dlr_status: str, state: DeliveryState) -> None:
    (report,) = provider("smsdk").parse_callback("GET", {"receiver": "4522680880", "dlrStatus": dlr_status})
    assert report.status is state
    assert report.reason_code == dlr_status


@pytest.mark.parametrize(
    ("status", "state", "reason"),
    [
        ("1", DeliveryState.DELIVERED, "Delivery successful"),
        ("2", DeliveryState.FAILED, "Delivery failed"),
        ("3", DeliveryState.PENDING, "Message buffered"),
        ("4", DeliveryState.FAILED, "Delivery abandoned"),
    ],
)
def test_compaya_also_reads_the_cpsms_status_vocabulary(status: str, state: DeliveryState, reason: str) -> None:
    (report,) = provider("smsdk").parse_callback("GET", {"status": status, "receiver": "4522680880"})
    assert (report.status, report.reason) == (state, reason)


def test_compaya_reads_a_form_or_json_body_when_it_posts() -> None:
    form = provider("prosms").parse_callback("POST", {}, b"receiver=46701234567&dlrStatus=2", FORM)
    body = json.dumps({"receiver": 46701234567, "dlrStatus": 2}).encode()
    as_json = provider("prosms").parse_callback("POST", {}, body, "application/json")
    assert form[0].status is as_json[0].status is DeliveryState.FAILED
    assert form[0].recipient == as_json[0].recipient == "46701234567"


def test_compaya_keeps_the_query_value_when_the_body_repeats_a_name() -> None:
    (report,) = provider("prosms").parse_callback(
        "POST", {"userReference": "mine"}, b"receiver=46701234567&dlrStatus=1&userReference=theirs", FORM
    )
    assert report.reference == "mine"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"dlrStatus": "1"}, "receiver"),
        ({"receiver": "46701234567"}, "dlrStatus"),
        ({"receiver": "not-a-number", "dlrStatus": "1"}, "receiver"),
        ({"receiver": "46701234567", "dlrStatus": "delivered"}, "dlrStatus"),
    ],
)
def test_compaya_refuses_a_malformed_report(params: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        provider("prosms").parse_callback("GET", params)
    assert caught.value.field == field


# -- Smstools (statusCallback) ---------------------------------------------------------------


def test_smstools_reads_a_posted_form_in_the_search_vocabulary() -> None:
    body = (
        b"id=123456&to=393481234567&status=DELIVERED&transactionId=door-1"
        b"&sentDate=2014-01-13T15:01:35%2B0100&deliveryDate=2014-01-13T15:01:40%2B0100"
    )
    (report,) = provider("smstools").parse_callback("POST", {}, body, FORM)
    assert report.message_id == "123456"
    assert report.recipient == "393481234567"
    assert report.status is DeliveryState.DELIVERED
    assert report.reference == "door-1"
    assert report.status_at == datetime(2014, 1, 13, 14, 1, 40, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "state"),
    [
        ("DELIVERED", DeliveryState.DELIVERED),
        ("delivered", DeliveryState.DELIVERED),
        ("NOT_DELIVERED", DeliveryState.FAILED),
        ("SENT", DeliveryState.PENDING),
        ("SOMETHING_NEW", DeliveryState.UNKNOWN),
    ],
)
def test_smstools_status_tokens_map_to_states(status: str, state: DeliveryState) -> None:
    (report,) = provider("smstools").parse_callback("GET", {"id": "1", "status": status})
    assert report.status is state
    assert report.reason_code == status.upper()


def test_smstools_explains_a_known_status_detail() -> None:
    (report,) = provider("smstools").parse_callback(
        "POST",
        {},
        b'{"to": "393481234567", "status": "NOT_DELIVERED", "statusDetail": "BAD_MSISDN"}',
        "application/json",
    )
    assert report.status is DeliveryState.FAILED
    assert report.reason is not None and "phone number is not valid" in report.reason


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"id": "1"}, "status"),
        ({"status": "DELIVERED"}, "to"),
        ({"to": "+39 348", "status": "DELIVERED"}, "to"),
    ],
)
def test_smstools_refuses_a_malformed_report(params: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        provider("smstools").parse_callback("GET", params)
    assert caught.value.field == field


# -- Spryng (portal-configured callback) ------------------------------------------------------


def test_spryng_reads_its_documented_get_parameters_in_either_mode() -> None:
    query = {"ID": "42", "RECIPIENT": "31612345678", "STATUS": "20", "REASONCODE": "21", "REFERENCE": "door-1"}
    simple = create_provider("spryng", username="u", secret="s")
    for spryng in (provider("spryng"), simple):
        (report,) = spryng.parse_callback("GET", query)
        assert report.status is DeliveryState.FAILED
        assert (report.reason_code, report.reason) == ("21", "Recipient number incorrect")
        assert report.reference == "door-1"


def test_spryng_refuses_a_report_without_status() -> None:
    with pytest.raises(ValidationError) as caught:
        provider("spryng").parse_callback("GET", {"ID": "42", "RECIPIENT": "31612345678"})
    assert caught.value.field == "STATUS"


# -- reading callback requests ----------------------------------------------------------------


def test_a_get_callback_ignores_any_body() -> None:
    assert callback_params("GET", {"a": "1"}, b"not parsed", "application/json") == {"a": "1"}


def test_blank_parameters_count_as_absent() -> None:
    assert callback_params("GET", {"a": " ", "b": "2"}) == {"b": "2"}


@pytest.mark.parametrize(
    ("body", "content_type"),
    [(b"{not json", "application/json"), (b"[1, 2]", "application/json"), (b"\xff\xfe", FORM), (b"x", "image/png")],
)
def test_a_body_that_is_not_parameters_is_malformed(body: bytes, content_type: str) -> None:
    with pytest.raises(ValidationError) as caught:
        callback_params("POST", {}, body, content_type)
    assert caught.value.field == "body"


def test_an_oversized_body_is_malformed() -> None:
    with pytest.raises(ValidationError):
        callback_params("POST", {}, b"a=" + b"1" * 100_000, FORM)


@settings(max_examples=200, deadline=None)
@given(
    key=st.sampled_from(["prosms", "smstools", "spryng"]),
    method=st.sampled_from(["GET", "POST"]),
    query=st.dictionaries(st.text(max_size=12), st.text(max_size=30), max_size=6),
    body=st.binary(max_size=200),
    content_type=st.sampled_from([None, FORM, "application/json", "text/plain"]),
)
def test_any_request_yields_reports_or_a_validation_error(
    key: str, method: str, query: dict[str, str], body: bytes, content_type: str | None
) -> None:
    try:
        reports = provider(key).parse_callback(method, query, body, content_type)
    except ValidationError:
        return
    assert all(report.status in DeliveryState for report in reports)
