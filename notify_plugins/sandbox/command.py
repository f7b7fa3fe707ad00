"""``notify-plugins sandbox``: the sandbox in the foreground until SIGINT or SIGTERM.

The first line on stdout is exactly ``Sandbox listening on http://HOST:PORT`` (flushed at
once), so a script or test can start it with ``--port 0`` and read where it is. Then come
the demo credentials and trigger conventions (:mod:`.guide`), then one line per request:
method, path without query string (keys travel in some queries), status.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import TextIO

from .guide import guide
from .server import Sandbox


def _printer(out: TextIO) -> Callable[[str], None]:
    """Print access-log lines until the output goes away (a closed pipe stops the log, not the server)."""
    broken = threading.Event()

    def write(line: str) -> None:
        if broken.is_set():
            return
        try:
            print(line, file=out, flush=True)
        except (OSError, ValueError):
            broken.set()

    return write


def run(host: str = "127.0.0.1", port: int = 0, *, quiet: bool = False, out: TextIO | None = None) -> int:
    """Serve until SIGINT/SIGTERM; 0 on a clean stop, 1 when the port cannot be bound."""
    stream = out or sys.stdout
    sandbox = Sandbox(port, host, access_log=None if quiet else _printer(stream))
    try:
        sandbox.start()
    except OSError as err:
        print(f"notify-plugins sandbox: cannot listen on {host}:{port}: {err.strerror or err}", file=sys.stderr)
        return 1
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        print(f"Sandbox listening on {sandbox.url}", file=stream, flush=True)
        print(guide(sandbox.url), file=stream, end="", flush=True)
        while not stop.wait(0.2):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sandbox.stop()
    with contextlib.suppress(OSError, ValueError):
        print("Sandbox stopped.", file=stream, flush=True)
    return 0
