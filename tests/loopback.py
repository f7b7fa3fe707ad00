"""A scripted HTTP server on 127.0.0.1, for the transport and fault tests.

Each connection takes the next behaviour of the script, so a test states exactly what the
server does to each attempt and counts the requests that really arrived:

* ``bytes``: that reply (see :func:`reply`), then close;
* :class:`Hold`: read the request, say nothing for a while, then close (a read timeout);
* :data:`RESET`: close at once with a TCP reset;
* :class:`Drip`: the reply in pieces, each gap shorter than a read timeout, the whole longer;
* :class:`Stall`: the head and half the body, then silence.

A connection beyond the script gets a 500. When the block ends, the accept loop is woken
at once rather than waiting out its poll, which a matrix of a hundred cases would feel.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field


def reply(status: int, body: bytes = b"{}", headers: dict[str, str] | None = None) -> bytes:
    """A whole HTTP/1.1 response that closes the connection."""
    head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}", "Connection: close"]
    head += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


@dataclass(frozen=True)
class Hold:
    """Say nothing for ``seconds``, then close."""

    seconds: float


@dataclass(frozen=True)
class Drip:
    """Send ``payload`` in ``chunks`` pieces ``interval`` seconds apart, then close."""

    payload: bytes
    chunks: int = 8
    interval: float = 0.04


@dataclass(frozen=True)
class Stall:
    """Send the head and half the body of ``payload``, then hold silent for ``hold`` seconds."""

    payload: bytes
    hold: float = 1.0


RESET = "reset"
"""Close the connection at once, with a TCP reset."""

Behaviour = bytes | Hold | Drip | Stall | str


@dataclass
class ScriptedServer:
    behaviours: list[Behaviour]
    requests: list[bytes] = field(default_factory=list)
    port: int = 0


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")), 0
    )
    while len(body) < length:
        body += conn.recv(65536)
    return data


def _quiet(seconds: float, stop: threading.Event) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not stop.is_set():
        time.sleep(0.02)


def _pieces(payload: bytes, chunks: int) -> list[bytes]:
    size = max(1, -(-len(payload) // chunks))
    return [payload[i : i + size] for i in range(0, len(payload), size)]


def _behave(conn: socket.socket, behaviour: Behaviour, stop: threading.Event) -> None:
    if isinstance(behaviour, bytes):
        conn.sendall(behaviour)
    elif isinstance(behaviour, Hold):
        _quiet(behaviour.seconds, stop)
    elif isinstance(behaviour, Drip):
        for piece in _pieces(behaviour.payload, behaviour.chunks):
            conn.sendall(piece)
            time.sleep(behaviour.interval)
    elif isinstance(behaviour, Stall):
        head, _, body = behaviour.payload.partition(b"\r\n\r\n")
        conn.sendall(head + b"\r\n\r\n" + body[: len(body) // 2])
        _quiet(behaviour.hold, stop)
    elif behaviour == RESET:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


def _poke(port: int) -> None:
    with suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        pass


@contextmanager
def scripted_server(*behaviours: Behaviour) -> Iterator[ScriptedServer]:
    """Serve ``behaviours``, one a connection, on a free loopback port."""
    server = ScriptedServer(list(behaviours))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    server.port = listener.getsockname()[1]
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                if stop.is_set():  # the wake-up call of the block's end
                    return
                server.requests.append(_read_request(conn))
                _behave(conn, server.behaviours.pop(0) if server.behaviours else reply(500), stop)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        _poke(server.port)
        thread.join(3)
        listener.close()


def closed_port() -> int:
    """A loopback port with nothing listening (connection refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port
