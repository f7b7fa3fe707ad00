"""Start the project's sandbox as a child process, as ``notify-plugins sandbox`` would run.

A child process rather than a thread, so that a request that crashed a handler thread or
the whole server shows up as a dead process or a refused connection. The benchmarks and
the reliability tests both run it this way.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def available() -> bool:
    return (ROOT / "notify_plugins" / "sandbox" / "__init__.py").is_file()


class SandboxProcess:
    """A running sandbox process and the few calls made on it."""

    def __init__(self, process: subprocess.Popen[str], base: str) -> None:
        self.process = process
        self.base = base

    def api_url(self, variant: str) -> str:
        """The API base of a provider variant (``spryng-simple`` is Spryng's)."""
        return f"{self.base}/{variant.split('-', maxsplit=1)[0]}"

    def messages(self) -> list[dict[str, Any]]:
        with urllib.request.urlopen(f"{self.base}/sandbox/messages", timeout=30) as response:
            data = json.loads(response.read())
        found = data.get("messages", data) if isinstance(data, dict) else data
        assert isinstance(found, list)
        return found

    def clear(self) -> None:
        request = urllib.request.Request(f"{self.base}/sandbox/messages", method="DELETE")
        with urllib.request.urlopen(request, timeout=30):
            pass

    def alive(self) -> bool:
        return self.process.poll() is None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_sandbox() -> Iterator[SandboxProcess]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "notify_plugins", "sandbox", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        if first != f"Sandbox listening on http://127.0.0.1:{port}":
            raise RuntimeError(f"sandbox did not start: {first!r}")
        # Keep reading what it prints, so a chatty sandbox never blocks on a full pipe.
        threading.Thread(target=process.stdout.read, daemon=True).start()
        yield SandboxProcess(process, f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(5)
