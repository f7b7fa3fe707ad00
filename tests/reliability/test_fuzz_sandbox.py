"""The sandbox, fed arbitrary requests: no crash, and no 5xx it did not mean to send.

The sandbox stands in for five providers in demos and tests, so whatever a buggy client
sends it must answer like an API would: a 4xx, or the provider's own error shape. A
5xx is allowed only where the sandbox produces one on purpose (``DELIBERATE_5XX``), and
after every example the same process must still answer ``GET /sandbox/messages``.
Requests go out through ``http.client`` (so paths, headers and bodies are sent as
generated) and, for the most broken inputs, as raw bytes on a socket.
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
from collections import Counter
from urllib.parse import parse_qsl, quote, unquote_plus, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.canned import DEMO_CONFIG, VARIANTS, make_provider, provider_key
from notify_plugins.errors import ValidationError
from notify_plugins.message import Message
from tests.reliability.conftest import Sandbox

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ENDPOINTS = [
    "/prosms/v1/sms/send",
    "/smsdk/v1/sms/send",
    "/prosms/v1/user/getcreditvalue",
    "/smsdk/v1/sms/listlog",
    "/smstools/rest/api/sms/send",
    "/smstools/rest/api/user",
    "/spryng/v1/messages",
    "/spryng/v1/balance",
    "/spryng/api/simple/message",
    "/smsgw/api/sms/send_sms.php",
    "/smsgw/api/sms/dlr.php",
    "/api/sms/send_sms.php",
    "/sandbox/messages",
    "/",
]

_smstools = DEMO_CONFIG["smstools"]
AUTHORIZATIONS = [
    f"Bearer {DEMO_CONFIG['prosms']['api_key']}",
    f"Bearer {DEMO_CONFIG['smsdk']['api_key']}",
    f"Bearer {DEMO_CONFIG['spryng']['api_key']}",
    "Basic " + base64.b64encode(f"{_smstools['api_key']}:{_smstools['api_secret']}".encode()).decode(),
    "Basic " + base64.b64encode(b"no-colon").decode(),
    "Basic !!!not-base64",
    "Bearer ",
    "",
]

DELIBERATE_5XX: dict[str, int] = {"[sandbox:500]": 500, "[sandbox:503]": 503, "[sandbox:html]": 502}
"""The sandbox's fault markers (``notify_plugins/sandbox/triggers.py``) and the 5xx each asks for."""

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
DEMO_VALUES = (
    *("46701234567", "46701230000", "HomeAlarm", "Nope", "smsgw-demo-key", "spryng-demo", "spryng-demo-secret"),
    *("json", "Hi [sandbox:500]", "[sandbox:503][sandbox:retry-after=0]", "[sandbox:html]", "[sandbox:429]"),
    *("[sandbox:truncated]", "[sandbox:empty]", "[sandbox:slow=0.01]", "[sandbox:times=1][sandbox:500]"),
)
"""Values the sandbox reacts to: demo credentials, a rejected number, senders, fault markers."""
demo_values = st.sampled_from(DEMO_VALUES)
FIELD_NAMES = (
    *("receiver", "senderName", "message", "from", "to", "text", "originator", "recipients", "body", "key"),
    *("mobile", "sender", "msgtext", "username", "secret", "destination", "response", "format", "encoding"),
    *("limit", "ref"),
)
"""Every API's parameter names, so fuzzed requests reach the handlers' deeper checks."""
fields = st.sampled_from(FIELD_NAMES)
pairs = st.lists(st.tuples(fields | text, demo_values | text), max_size=6)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text | demo_values,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(fields | text, inner, max_size=6),
    max_leaves=20,
)
bodies = (
    st.binary(max_size=300)
    | json_values.map(lambda value: json.dumps(value).encode())
    | pairs.map(lambda items: urlencode(items).encode())
)
headers = st.fixed_dictionaries(
    {},
    optional={
        "Authorization": st.sampled_from(AUTHORIZATIONS)
        | st.text(st.characters(codec="latin-1", exclude_categories=("Cc",)), max_size=40),
        "Content-Type": st.sampled_from(
            ["application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data", "x/y"]
        ),
        "Accept": st.sampled_from(["application/json", "application/xml", "*/*"]),
    },
)


@st.composite
def requests(draw: st.DrawFn) -> tuple[str, str, dict[str, str], bytes]:
    method = draw(st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]))
    path = draw(st.sampled_from(ENDPOINTS))
    if draw(st.booleans()):
        path += "/".join(quote(segment, safe="") for segment in draw(st.lists(text, max_size=3)))
    query = urlencode(draw(pairs))
    return method, path + (f"?{query}" if query else ""), draw(headers), draw(bodies)


def _deliberate(target: str, body: bytes, status: int) -> bool:
    """A 5xx that a fault marker anywhere in the request asked for."""
    sent = unquote_plus(target) + body.decode("utf-8", "replace") + unquote_plus(body.decode("utf-8", "replace"))
    sent += json.dumps(sent)  # markers inside JSON strings arrive escaped only if non-ASCII, but be generous
    return any(marker in sent and status == code for marker, code in DELIBERATE_5XX.items())


def _exchange(host: str, port: int, method: str, target: str, extra: dict[str, str], body: bytes) -> int:
    """Send one request as given and read the whole reply; return its status."""
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.request(method, target, body=body if method not in ("GET", "HEAD") else None, headers=extra)
        response = connection.getresponse()
        response.read()
        STATUSES[response.status] += 1
        return response.status
    finally:
        connection.close()


STATUSES: Counter[int] = Counter()
"""Every status the fuzzing saw (print it when tuning the strategies)."""


def _still_serving(sandbox: Sandbox) -> None:
    assert sandbox.alive(), "the sandbox process died"
    assert isinstance(sandbox.messages(), list)


def test_arbitrary_requests_get_no_unintended_5xx_and_never_stop_the_sandbox(sandbox: Sandbox) -> None:
    host = urlsplit(sandbox.base)

    @FUZZ
    @given(request=requests())
    def check(request: tuple[str, str, dict[str, str], bytes]) -> None:
        method, target, extra, body = request
        status = _exchange(host.hostname or "127.0.0.1", host.port or 80, method, target, extra, body)
        assert status < 500 or _deliberate(target, body, status), (method, target, status)

    check()
    _still_serving(sandbox)


@pytest.mark.parametrize("prefix", [b"", b"GET ", b"POST /prosms/v1/sms/send HTTP/1.1\r\n"])
def test_raw_garbage_on_the_socket_never_stops_the_sandbox(prefix: bytes, sandbox: Sandbox) -> None:
    host = urlsplit(sandbox.base)

    @settings(max_examples=60, deadline=None)
    @given(garbage=st.binary(max_size=400))
    def check(garbage: bytes) -> None:
        with socket.create_connection((host.hostname or "127.0.0.1", host.port or 80), timeout=5) as sock:
            sock.sendall(prefix + garbage)
            sock.shutdown(socket.SHUT_WR)
            sock.settimeout(5)
            reply = b""
            while chunk := sock.recv(65536):
                reply += chunk
        if reply.startswith(b"HTTP/"):
            status = int(reply.split(b" ", 2)[1])
            assert status < 500, reply[:200]

    check()
    _still_serving(sandbox)


def _mutated_pairs(
    items: tuple[tuple[str, str], ...], draw: st.DrawFn, values: st.SearchStrategy[str] | None = None
) -> list[tuple[str, str]]:
    """Some pairs dropped, some values replaced, a couple of pairs added."""
    values = (demo_values | text) if values is None else values
    out: list[tuple[str, str]] = []
    for name, value in items:
        choice = draw(st.integers(0, 5))
        if choice == 0:
            continue
        out.append((name, draw(values) if choice == 1 else value))
    return out + draw(st.lists(st.tuples(fields, values), max_size=2))


def _mutated_json(value: object, draw: st.DrawFn) -> object:
    if draw(st.integers(0, 5)) == 0:
        return draw(json_values)
    if isinstance(value, dict):
        return {k: _mutated_json(v, draw) for k, v in value.items() if draw(st.integers(0, 7))}
    if isinstance(value, list):
        return [_mutated_json(v, draw) for v in value]
    return value


@st.composite
def near_valid_sends(draw: st.DrawFn) -> tuple[str, str, dict[str, str], bytes]:
    """A real client's send request for a random provider, with some parts replaced."""
    variant = draw(st.sampled_from(VARIANTS))
    number = draw(st.sampled_from(["46701234567", "46701230000", "31612345678", "4522680880"]))
    sender = draw(st.sampled_from(["HomeAlarm", "NotifyDemo", "Alerts", "Stranger", "12345"]))
    words = draw(st.lists(st.sampled_from([*DEMO_VALUES, "Door open", "Hej då", "€uro", "😀"]), min_size=1, max_size=3))
    provider = make_provider(variant, f"http://127.0.0.1:9/{provider_key(variant)}")
    try:
        request = next(iter(provider.build_send(Message.create(" ".join(words), [number], sender))))
    except ValidationError:  # e.g. an emoji for Spryng's GSM-only Simple API: send plain text instead
        request = next(iter(provider.build_send(Message.create("Door open", [number], sender))))
    http_request = request.request
    query = urlencode(_mutated_pairs(http_request.params, draw))
    target = urlsplit(http_request.url).path + (f"?{query}" if query else "")
    header_values = st.sampled_from(AUTHORIZATIONS) | st.text(
        st.characters(codec="latin-1", exclude_categories=("Cc",)), max_size=30
    )
    headers = dict(_mutated_pairs(http_request.headers, draw, header_values))
    body = http_request.body or b""
    content_type = http_request.header("content-type") or ""
    if body and "json" in content_type:
        body = json.dumps(_mutated_json(json.loads(body), draw)).encode()
    elif body:
        body = urlencode(_mutated_pairs(tuple(parse_qsl(body.decode())), draw)).encode()
    return http_request.method, target, headers, body


def test_near_valid_sends_get_no_unintended_5xx(sandbox: Sandbox) -> None:
    host = urlsplit(sandbox.base)

    @FUZZ
    @given(request=near_valid_sends())
    def check(request: tuple[str, str, dict[str, str], bytes]) -> None:
        method, target, extra, body = request
        status = _exchange(host.hostname or "127.0.0.1", host.port or 80, method, target, extra, body)
        assert status < 500 or _deliberate(target, body, status), (method, target, status, body[:200])

    check()
    _still_serving(sandbox)


@pytest.mark.parametrize("encoding", [[], {}], ids=["list", "object"])
def test_a_spryng_send_with_a_non_text_encoding_is_refused_with_a_4xx(encoding: object, sandbox: Sandbox) -> None:
    host = urlsplit(sandbox.base)
    body = json.dumps(
        {"body": "Hi", "originator": "HomeAlarm", "recipients": ["46701234567"], "encoding": encoding}
    ).encode()
    headers = {"Authorization": AUTHORIZATIONS[2], "Content-Type": "application/json"}
    status = _exchange(host.hostname or "127.0.0.1", host.port or 80, "POST", "/spryng/v1/messages", headers, body)
    assert 400 <= status < 500
