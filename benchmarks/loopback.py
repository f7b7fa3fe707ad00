"""A minimal keep-alive HTTP server for overhead measurements, run in its own process.

The point of the overhead benchmark is to see what the client costs, so the server must
cost as little as possible and must not share the client's GIL: it is a bare asyncio
protocol in a child process that reads one request (head plus ``Content-Length`` body)
and writes one canned response, keeping the connection open. ``GET /__stats`` answers
with the number of TCP connections and requests it has seen, so connection reuse can
be checked from outside.

Run as ``python -m benchmarks.loopback BODY_FILE``; the first stdout line is the port.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from tempfile import TemporaryDirectory


class _Stats:
    connections = 0
    requests = 0


def _response(status: int, body: bytes, content_type: str = "application/json") -> bytes:
    head = (
        f"HTTP/1.1 {status} OK\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
    )
    return head.encode() + body


class _CannedProtocol(asyncio.Protocol):
    def __init__(self, canned: bytes) -> None:
        self.canned = canned
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        _Stats.connections += 1

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end]
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            total = end + 4 + length
            if len(self.buffer) < total:
                return
            self.buffer = self.buffer[total:]
            assert self.transport is not None
            if head.startswith(b"GET /__stats"):
                stats = {"connections": _Stats.connections, "requests": _Stats.requests}
                self.transport.write(_response(200, json.dumps(stats).encode()))
            else:
                _Stats.requests += 1
                self.transport.write(self.canned)


async def _serve(canned: bytes) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _CannedProtocol(canned), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    async with server:
        await server.serve_forever()


@contextmanager
def canned_server(body: bytes, status: int = 200) -> Iterator[str]:
    """Start the server in a child process; yield its base URL (``http://127.0.0.1:PORT``)."""
    with TemporaryDirectory() as tmp:
        body_file = Path(tmp) / "body"
        body_file.write_bytes(_response(status, body))
        proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.loopback", str(body_file)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert proc.stdout is not None
            port = int(proc.stdout.readline())
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            proc.wait(5)


def main() -> None:
    canned = Path(sys.argv[1]).read_bytes()
    with suppress(KeyboardInterrupt):
        asyncio.run(_serve(canned))


if __name__ == "__main__":
    main()
