"""Request/response values and the retry policy shared by both transports."""

import json

import pytest

from notify_plugins.errors import ProviderResponseError
from notify_plugins.http import HttpRequest, HttpResponse, RetryPolicy, excerpt, parse_retry_after, types
from notify_plugins.http.ratelimit import RateLimit, RateLimiter


def test_describe_hides_the_query_string():
    request = HttpRequest.get("https://gw.example/api/sms/send_sms.php", {"key": "s3cret", "mobile": "4670"})
    assert request.describe() == "GET https://gw.example/api/sms/send_sms.php"
    assert request.full_url == "https://gw.example/api/sms/send_sms.php?key=s3cret&mobile=4670"


def test_json_post_is_compact_utf8_with_headers():
    request = HttpRequest.post_json("https://x/v1", {"message": "Hej då"}, {"Authorization": "Bearer k"})
    assert request.body == '{"message":"Hej då"}'.encode()
    assert request.header("content-type") == "application/json"
    assert request.header("Authorization") == "Bearer k"


def test_form_post_encodes_fields_and_drops_unset_ones():
    request = HttpRequest.post_form("https://x/send", {"to": "4670,4522", "text": "a b", "transactionId": None})
    assert request.body == b"to=4670%2C4522&text=a+b"


def test_response_headers_are_case_insensitive():
    response = HttpResponse.create(429, b"", {"Retry-After": "3"})
    assert response.header("retry-after") == "3"


@pytest.mark.parametrize("body", [b"<html>502 Bad Gateway</html>", b'{"status":', b"", b"\xff\xfe"])
def test_a_body_that_is_not_json_raises_provider_response_error_with_an_excerpt(body):
    with pytest.raises(ProviderResponseError) as info:
        HttpResponse.create(502, body).json()
    assert info.value.code == 502


def test_a_json_reply_is_read_as_utf8_with_or_without_a_byte_order_mark():
    body = '{"message": "Hej då"}'.encode()
    assert HttpResponse.create(200, body).json_object() == {"message": "Hej då"}
    assert HttpResponse.create(200, b"\xef\xbb\xbf" + body).json_object() == {"message": "Hej då"}
    assert HttpResponse.create(200, b' {"a": 1}\n').json_object() == {"a": 1}


EDGE_REPLIES = [
    b'{"receiver": 46701234567, "creditCost": 1.0, "batchId": "e9fd008b"}',
    b'{"a": 1, "a": 2}',  # the last of a repeated name
    b"[18446744073709551616, -9223372036854775809, 18446744073709551615]",  # beyond 64 bits
    b'{"id": 123456789012345678901234567890}',
    b"[1e400, -1e400, 1.7976931348623157e309, 0.1e-400]",  # out of a float's range
    b"[NaN, Infinity, -Infinity]",  # not RFC 8259 JSON, read by Python's decoder
    b'["\\ud800", "\\udc00x"]',  # lone surrogates, escaped
    b'{"message": "Hej d\xc3\xa5 \\u00e5 \\n"}',
    b"\xef\xbb\xbf[1]",
    b" \t\r\n{} \n",
]


@pytest.mark.parametrize("body", EDGE_REPLIES)
@pytest.mark.parametrize("orjson", [True, False], ids=["orjson where installed", "json only"])
def test_a_reply_reads_the_same_with_or_without_orjson(body, orjson, monkeypatch):
    """Home Assistant always has orjson and most Apprise installations do not: a reply must mean
    the same to both, whatever orjson refuses or reads otherwise."""
    if not orjson:
        monkeypatch.setattr(types, "_orjson_loads", lambda: None)
    expected = json.loads(body.removeprefix(b"\xef\xbb\xbf").decode())
    assert repr(types._decode_json(body)) == repr(expected)  # repr: nan == nan, and int is no float


@pytest.mark.parametrize("body", [b"[1,]", b'"\xed\xa0\x80"', b"\xff", b"", b"{'a': 1}", b"[" * 5000])
@pytest.mark.parametrize("orjson", [True, False], ids=["orjson where installed", "json only"])
def test_a_reply_that_is_no_json_is_refused_with_or_without_orjson(body, orjson, monkeypatch):
    if not orjson:
        monkeypatch.setattr(types, "_orjson_loads", lambda: None)
    with pytest.raises((ValueError, RecursionError)):
        types._decode_json(body)


def test_json_object_refuses_other_json():
    with pytest.raises(ProviderResponseError):
        HttpResponse.create(200, b"[1, 2]").json_object()


def test_excerpt_scrubs_secrets_and_shortens():
    text = excerpt(b"error for key s3cret " + b"x" * 500, secrets=["s3cret"])
    assert "s3cret" not in text
    assert len(text) <= 120


@pytest.mark.parametrize(
    ("value", "seconds"), [("3", 3.0), ("0", 0.0), (" 1.5 ", 1.5), ("soon", None), (None, None), ("nan", None)]
)
def test_retry_after_seconds(value, seconds):
    assert parse_retry_after(value) == seconds


def test_retry_after_http_date():
    assert parse_retry_after("Thu, 01 Jan 1970 00:00:10 GMT", now=4.0) == 6.0


def test_retry_policy_backs_off_then_gives_up():
    policy = RetryPolicy(attempts=3, backoff=0.5)
    assert [policy.delay(1), policy.delay(2), policy.delay(3)] == [0.5, 1.0, None]


def test_retry_after_longer_than_the_cap_is_not_waited_for():
    assert RetryPolicy(max_delay=30).delay(1, retry_after=120) is None
    assert RetryPolicy(max_delay=30).delay(1, retry_after=2) == 2


def test_rate_limiter_allows_a_burst_then_waits_for_the_window():
    now = [0.0]
    limiter = RateLimiter(RateLimit(10, 1.0), clock=lambda: now[0])
    assert [limiter.reserve() for _ in range(10)] == [0.0] * 10
    assert limiter.reserve() == pytest.approx(1.0)
    now[0] = 0.5
    assert limiter.reserve() == pytest.approx(0.5)


def test_rate_limiter_never_exceeds_the_limit_in_any_window():
    now = [0.0]
    limiter = RateLimiter(RateLimit(1200, 60.0), clock=lambda: now[0])
    starts = []
    for i in range(3000):
        now[0] = i * 0.001  # a caller that does not wait: the limiter's schedule must hold anyway
        starts.append(now[0] + limiter.reserve())
    starts.sort()
    assert all(starts[i + 1200] - starts[i] >= 60.0 - 1e-9 for i in range(len(starts) - 1200))
