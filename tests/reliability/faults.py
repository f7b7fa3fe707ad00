"""Network faults on 127.0.0.1, built on the core tests' scripted loopback server.

``tests.core.loopback.scripted_server`` already answers each connection with canned
bytes, holds it silent (``("sleep", s)``) or resets it; :func:`quick_server` is that
server with a faster shutdown, which matters over a matrix of a hundred and more cases.
Two faults need the reply to arrive slowly, which that server cannot do, so
:func:`drip_server` adds them: a response whose bytes trickle in (each gap shorter than
the read timeout, the whole longer) and one that stalls halfway through its body.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from tests.core.loopback import ScriptedServer, _read_request, scripted_server


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


def _pieces(payload: bytes, chunks: int) -> list[bytes]:
    size = max(1, -(-len(payload) // chunks))
    return [payload[i : i + size] for i in range(0, len(payload), size)]


def _serve_slowly(conn: socket.socket, behaviour: Drip | Stall, stop: threading.Event) -> None:
    if isinstance(behaviour, Drip):
        for piece in _pieces(behaviour.payload, behaviour.chunks):
            conn.sendall(piece)
            time.sleep(behaviour.interval)
        return
    head, _, body = behaviour.payload.partition(b"\r\n\r\n")
    conn.sendall(head + b"\r\n\r\n" + body[: len(body) // 2])
    deadline = time.monotonic() + behaviour.hold
    while time.monotonic() < deadline and not stop.is_set():
        time.sleep(0.02)


@contextmanager
def drip_server(behaviour: Drip | Stall) -> Iterator[ScriptedServer]:
    """Serve ``behaviour`` to the first connection; any later one gets a bare 500."""
    server = ScriptedServer([behaviour])
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.02)
    server.port = listener.getsockname()[1]
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                server.requests.append(_read_request(conn))
                if server.behaviours:
                    _serve_slowly(conn, server.behaviours.pop(0), stop)  # type: ignore[arg-type]
                else:
                    conn.sendall(b"HTTP/1.1 500 X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        thread.join(3)
        listener.close()


def _poke(port: int) -> None:
    with suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        pass


@contextmanager
def quick_server(*behaviours: object) -> Iterator[ScriptedServer]:
    """``scripted_server`` whose accept loop is woken on exit instead of waiting out its poll.

    A connection opened just after the block ends lets the server thread see its stop
    flag at once; it is recorded as an empty request, so read ``requests`` inside the block.
    """
    with scripted_server(*behaviours) as server:
        try:
            yield server
        finally:
            threading.Timer(0.005, _poke, (server.port,)).start()
