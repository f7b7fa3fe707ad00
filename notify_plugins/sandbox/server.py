"""The sandbox's HTTP server: five emulated APIs and a message log on one loopback port.

Standard library only (``http.server``), one daemon thread per connection, HTTP/1.1 with
keep-alive so clients reuse connections as they would with a provider. :class:`Sandbox`
runs it in a background thread for tests and the demo; ``notify-plugins sandbox`` runs
it in the foreground (:mod:`.command`).

Paths: ``/<key>/...`` reaches that provider's emulation (``/prosms/v1/sms/send``); the
gateway also answers at ``/api/sms/...`` because its URLs have no room for a prefix;
``/sandbox/messages`` (GET lists, DELETE clears) and ``/sandbox/health`` are the
sandbox's own. Nothing is logged that could hold a credential: the access log shows
the method, the path without its query string, and the status.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .. import __version__
from .compaya import CompayaApi
from .exchange import Reply, Request, json_reply, text_reply
from .gateway import GatewayApi
from .guide import guide
from .messages import MessageLog
from .routing import Api, SandboxState
from .smstools import SmstoolsApi
from .spryng import SpryngApi
from .triggers import FaultBudget

_LOGGER = logging.getLogger(__name__)

PROVIDER_KEYS: tuple[str, ...] = ("prosms", "smsdk", "smstools", "spryng", "smsgw")
MAX_BODY = 1_048_576
"""Larger request bodies get 413; a thousand recipients take a few kilobytes."""
IDLE_TIMEOUT = 30.0
"""Seconds a kept-alive connection may sit idle before its thread lets it go."""

AccessLog = Callable[[str], None]


class Router:
    """Turns a request into a reply: the right emulation, or the sandbox's own endpoints."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state
        self.apis: Mapping[str, Api] = {
            "prosms": CompayaApi("prosms", state),
            "smsdk": CompayaApi("smsdk", state),
            "smstools": SmstoolsApi(state),
            "spryng": SpryngApi(state),
            "smsgw": GatewayApi(state),
        }

    def route(self, method: str, target: str, headers: Mapping[str, str], body: bytes, origin: str) -> Reply:
        parts = urlsplit(target)
        path = parts.path or "/"
        query = tuple(parse_qsl(parts.query, keep_blank_values=True, errors="replace"))
        segments = path.split("/", 2)  # "/prosms/v1/sms/send" -> "", "prosms", "v1/sms/send"
        first = segments[1] if len(segments) > 1 else ""
        if first in self.apis:
            rest = "/" + segments[2] if len(segments) > 2 else ""
            return self.apis[first].handle(Request(method, rest, query, headers, body, f"{origin}/{first}"))
        if path.startswith("/api/sms/"):
            return self.apis["smsgw"].handle(Request(method, path, query, headers, body, origin))
        if first == "sandbox" or path == "/":
            return self._own(method, path, dict(query), origin)
        return text_reply(404, f"No such path. Providers are under /{', /'.join(PROVIDER_KEYS)}.\n")

    def _own(self, method: str, path: str, query: Mapping[str, str], origin: str) -> Reply:
        log = self.state.log
        if path in ("/", "/sandbox", "/sandbox/"):
            return text_reply(200, guide(origin)) if method in ("GET", "HEAD") else text_reply(405, "Use GET.\n")
        if path == "/sandbox/health":
            if method not in ("GET", "HEAD"):
                return text_reply(405, "Use GET.\n")
            return json_reply(200, {"status": "ok", "providers": list(PROVIDER_KEYS), "messages": len(log)})
        if path == "/sandbox/messages":
            if method in ("GET", "HEAD"):
                messages = log.as_json(query.get("provider") or None)
                return json_reply(200, {"count": len(messages), "messages": messages})
            if method == "DELETE":
                self.state.budget.clear()
                return json_reply(200, {"cleared": log.clear()})
            return text_reply(405, "Use GET to list or DELETE to clear.\n")
        return text_reply(404, "The sandbox has /sandbox/messages and /sandbox/health.\n")


class _Unreadable(Exception):
    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    """Headers and body leave in two writes; with Nagle's algorithm the body then waits for
    the client's delayed ACK, about 40 ms per keep-alive request."""
    server_version = f"notify-plugins-sandbox/{__version__}"
    timeout = IDLE_TIMEOUT
    server: _Server

    def version_string(self) -> str:
        return self.server_version

    def __getattr__(self, name: str) -> Any:
        # Every method, however odd, reaches the emulations, which answer as their
        # provider does (404, 405...) rather than with http.server's 501.
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def _serve(self) -> None:
        try:
            body = self._read_body()
        except _Unreadable as problem:
            self.close_connection = True
            self._write(text_reply(problem.status, problem.text + "\n"))
            return
        except (OSError, ValueError):
            self.close_connection = True
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            reply = self.server.router.route(self.command, self.path, headers, body, self._origin())
        except Exception:
            _LOGGER.exception("sandbox: unhandled error in %s %s", self.command, urlsplit(self.path).path)
            reply = text_reply(500, "The sandbox failed on this request; see its log.\n")
        if reply.delay:
            self.server.stopping.wait(reply.delay)
        self._write(reply)

    def _origin(self) -> str:
        host = self.headers.get("Host") or f"{self.server.host_text}:{self.server.server_port}"
        return f"http://{host}"

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked()
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            return b""
        if not length_text.strip().isdigit():
            raise _Unreadable(400, "Content-Length is not a number.")
        length = int(length_text.strip())
        if length > MAX_BODY:
            raise _Unreadable(413, "The request body is too large.")
        body = self.rfile.read(length)
        if len(body) < length:
            raise ValueError("the connection closed inside the body")
        return body

    def _read_chunked(self) -> bytes:
        body = b""
        while True:
            size_line = self.rfile.readline(1024).split(b";")[0].strip()
            try:
                size = int(size_line, 16)
            except ValueError:
                raise _Unreadable(400, "Bad chunked encoding.") from None
            if size < 0 or len(body) + size > MAX_BODY:
                raise _Unreadable(413, "The request body is too large.")
            if size == 0:
                while self.rfile.readline(1024).strip():
                    pass  # trailers
                return body
            body += self.rfile.read(size)
            self.rfile.readline(1024)

    def _write(self, reply: Reply) -> None:
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers:
                self.send_header(name, value)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply.body)
            self.wfile.flush()
        except OSError:
            self.close_connection = True
            return
        self.server.note(f"{self.command} {urlsplit(self.path).path} {reply.status}")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own errors (malformed requests), without quoting the request line:
        it may carry a key in its query string. HTTP/2.0 and later get a plain 400."""
        super().send_error(400 if code == 505 else code)

    def log_message(self, format: str, *args: Any) -> None:
        """Silenced: http.server would log the request line, query string (and keys) included."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, host: str, port: int, router: Router, access_log: AccessLog | None) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.router = router
        self.access_log = access_log
        self.stopping = threading.Event()
        self.host_text = f"[{host}]" if ":" in host else host
        super().__init__((host, port), _Handler)

    def note(self, line: str) -> None:
        if self.access_log is not None:
            self.access_log("".join(c if c.isprintable() else "?" for c in line[:200]))

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up mid-request is normal; anything else is logged."""
        _LOGGER.debug("sandbox: connection error from %s", client_address, exc_info=True)


class Sandbox:
    """The sandbox on a background thread: ``with Sandbox() as sandbox: ...``.

    ``port=0`` picks a free port; :attr:`url` says which. :meth:`api_url` is the
    ``api_url`` to give a provider (``http://127.0.0.1:PORT/prosms``), :meth:`messages`
    what the sandbox accepted. ``access_log`` receives one line per request (method,
    path without query, status).
    """

    def __init__(self, port: int = 0, host: str = "127.0.0.1", *, access_log: AccessLog | None = None) -> None:
        self.host = host
        self.state = SandboxState(MessageLog(), FaultBudget())
        self._requested_port = port
        self._access_log = access_log
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Sandbox:
        """Bind and start serving (raises ``OSError`` when the port is taken)."""
        if self._server is not None:
            return self
        self._server = _Server(self.host, self._requested_port, Router(self.state), self._access_log)
        self.state.callbacks.open()
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, name="sandbox", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None:
            return
        server.stopping.set()
        self.state.callbacks.close()
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(5)
        self._server = self._thread = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the sandbox is not running")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """``http://HOST:PORT`` of the running sandbox."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def api_url(self, provider: str) -> str:
        """The ``api_url`` for a provider key (``spryng-simple`` is Spryng's prefix too)."""
        key = provider.split("-", 1)[0]
        if key not in PROVIDER_KEYS:
            raise ValueError(f"{provider!r} is not one of {', '.join(PROVIDER_KEYS)}")
        return f"{self.url}/{key}"

    def messages(self, provider: str | None = None) -> list[dict[str, Any]]:
        """What ``GET /sandbox/messages`` lists, optionally for one provider key."""
        return self.state.log.as_json(provider)

    def clear(self) -> int:
        """Forget every accepted message (and every ``times=N`` count)."""
        self.state.budget.clear()
        return self.state.log.clear()
