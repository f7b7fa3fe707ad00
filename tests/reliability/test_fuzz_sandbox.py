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
from urllib.parse import quote, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.canned import DEMO_CONFIG
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

DELIBERATE_5XX: frozenset[tuple[str, int]] = frozenset()
"""(path prefix, status) pairs the sandbox answers with a 5xx on purpose."""

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
demo_values = st.sampled_from(
    ["46701234567", "46701230000", "HomeAlarm", "Nope", "smsgw-demo-key", "spryng-demo", "spryng-demo-secret", "json"]
)
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
        "Authorization": st.sampled_from(AUTHORIZATIONS) | st.text(st.characters(codec="latin-1"), max_size=40),
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


def _deliberate(path: str, status: int) -> bool:
    return any(path.startswith(prefix) and status == code for prefix, code in DELIBERATE_5XX)


def _still_serving(sandbox: Sandbox) -> None:
    assert sandbox.alive(), "the sandbox process died"
    assert isinstance(sandbox.messages(), list)


def test_arbitrary_requests_get_no_unintended_5xx_and_never_stop_the_sandbox(sandbox: Sandbox) -> None:
    host = urlsplit(sandbox.base)

    @FUZZ
    @given(request=requests())
    def check(request: tuple[str, str, dict[str, str], bytes]) -> None:
        method, target, extra, body = request
        connection = http.client.HTTPConnection(host.hostname or "127.0.0.1", host.port, timeout=10)
        try:
            connection.request(method, target, body=body if method not in ("GET", "HEAD") else None, headers=extra)
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        assert response.status < 500 or _deliberate(target, response.status), (method, target, response.status)

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
