"""A tiny scripted HTTP server on 127.0.0.1 for transport tests.

Each connection takes the next behaviour from a list, so a test states exactly what the
server does to each attempt and counts how many requests really arrived.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


def reply(status: int, body: bytes = b"{}", headers: dict[str, str] | None = None) -> bytes:
    head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}", "Connection: close"]
    head += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


@dataclass
class ScriptedServer:
    behaviours: list[object]
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


@contextmanager
def scripted_server(*behaviours: object) -> Iterator[ScriptedServer]:
    """Behaviours: bytes (a raw reply), ("sleep", s) (hold, then close), "reset" (close at once)."""
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
                server.requests.append(_read_request(conn))
                behaviour = server.behaviours.pop(0) if server.behaviours else reply(500)
                if isinstance(behaviour, bytes):
                    conn.sendall(behaviour)
                elif isinstance(behaviour, tuple) and behaviour[0] == "sleep":
                    deadline = time.monotonic() + float(behaviour[1])
                    while time.monotonic() < deadline and not stop.is_set():
                        time.sleep(0.02)
                elif behaviour == "reset":
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        thread.join(2)
        listener.close()


def closed_port() -> int:
    """A loopback port with nothing listening (connection refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port
