"""Both transports: retry only where no duplicate SMS can result, against real loopback sockets."""

import aiohttp
import pytest

from notify_plugins.errors import TransportError
from notify_plugins.http import HttpRequest, RetryPolicy
from notify_plugins.http.aio import AsyncTransport
from notify_plugins.http.sync import SyncTransport
from tests.loopback import RESET, Hold, closed_port, reply, scripted_server

FAST = RetryPolicy(attempts=3, backoff=0.01)


def sync_transport(**kw):
    return SyncTransport(timeout=(0.5, 0.5), retry=FAST, **kw)


async def run_async(request, **kw):
    async with aiohttp.ClientSession() as session:
        transport = AsyncTransport(session, timeout=(0.5, 0.5), retry=FAST, **kw)
        return await transport.execute(request)


def run_sync(request, **kw):
    with sync_transport(**kw) as transport:
        return transport.execute(request)


@pytest.fixture(params=["sync", "async"])
def execute(request):
    if request.param == "sync":
        return run_sync

    async def _async(req):
        return await run_async(req)

    return _async


async def call(execute, req):
    result = execute(req)
    if hasattr(result, "__await__"):
        return await result
    return result


async def test_success_returns_status_body_and_headers(execute):
    with scripted_server(reply(200, b'{"ok":true}', {"X-Id": "7"})) as server:
        response = await call(execute, HttpRequest.get(f"http://127.0.0.1:{server.port}/x", {"a": "1"}))
    assert response.status == 200
    assert response.json() == {"ok": True}
    assert response.header("x-id") == "7"
    assert server.requests[0].startswith(b"GET /x?a=1 HTTP/1.1")


async def test_429_is_retried_honouring_retry_after_and_delivered_once(execute):
    with scripted_server(reply(429, b"", {"Retry-After": "0"}), reply(200)) as server:
        response = await call(execute, HttpRequest.post_json(f"http://127.0.0.1:{server.port}/send", {}))
    assert response.status == 200
    assert len(server.requests) == 2


async def test_503_retries_run_out_and_the_last_response_is_returned(execute):
    with scripted_server(reply(503), reply(503), reply(503), reply(200)) as server:
        response = await call(execute, HttpRequest.get(f"http://127.0.0.1:{server.port}/"))
    assert response.status == 503
    assert len(server.requests) == 3


async def test_500_is_never_retried(execute):
    with scripted_server(reply(500), reply(200)) as server:
        response = await call(execute, HttpRequest.get(f"http://127.0.0.1:{server.port}/"))
    assert response.status == 500
    assert len(server.requests) == 1


async def test_read_timeout_after_sending_is_not_retried_and_marked_sent(execute):
    with scripted_server(Hold(1.5), reply(200)) as server, pytest.raises(TransportError) as info:
        await call(execute, HttpRequest.post_json(f"http://127.0.0.1:{server.port}/send", {"m": 1}))
    assert info.value.sent is True
    assert len(server.requests) == 1


async def test_reset_before_the_response_is_not_retried(execute):
    with scripted_server(RESET, reply(200)) as server, pytest.raises(TransportError) as info:
        await call(execute, HttpRequest.post_json(f"http://127.0.0.1:{server.port}/send", {"m": 1}))
    assert info.value.sent is True
    assert len(server.requests) == 1


async def test_connection_refused_is_retried_then_reported_as_not_sent(execute):
    port = closed_port()
    with pytest.raises(TransportError) as info:
        await call(execute, HttpRequest.get(f"http://127.0.0.1:{port}/x", {"key": "s3cret"}))
    assert info.value.sent is False
    assert "s3cret" not in str(info.value)
    assert f"127.0.0.1:{port}/x" in str(info.value)


def test_sync_transport_reuses_one_connection_per_host():
    import http.server
    import threading

    connections = set()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            connections.add(self.client_address)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with sync_transport() as transport:
            for _ in range(5):
                assert transport.execute(HttpRequest.get(f"http://127.0.0.1:{server.server_port}/")).status == 200
    finally:
        server.shutdown()
        server.server_close()
    assert len(connections) == 1


async def test_async_transport_leaves_a_borrowed_session_open():
    with scripted_server(reply(200)) as server:
        async with aiohttp.ClientSession() as session:
            transport = AsyncTransport(session, retry=FAST)
            await transport.execute(HttpRequest.get(f"http://127.0.0.1:{server.port}/"))
            await transport.close()
            assert not session.closed


async def test_async_transport_closes_the_session_it_created():
    with scripted_server(reply(200)) as server:
        transport = AsyncTransport(retry=FAST)
        await transport.execute(HttpRequest.get(f"http://127.0.0.1:{server.port}/"))
        session = transport.session
        await transport.close()
        assert session.closed
