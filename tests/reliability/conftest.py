"""Shared set-up for the reliability suite: fast retry and timeouts, and one running sandbox.

The sandbox runs as a child process (``python -m notify_plugins sandbox --port N``), as a
user would run it, so a request that crashed a handler thread or the whole server shows
up as a dead process or a refused connection rather than being hidden in-process.
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
from pathlib import Path
from typing import Any

import pytest

from benchmarks.canned import provider_key
from notify_plugins.http import RetryPolicy

ROOT = Path(__file__).resolve().parents[2]

FAST_RETRY = RetryPolicy(attempts=3, backoff=0.01, max_delay=1.0)
"""Three attempts, 10 ms apart: the real policy's shape at test speed."""

TIMEOUT = (0.5, 0.25)
"""Connect and read timeouts short enough for a silent server to cost a quarter second."""


def send_path(variant: str) -> str:
    """The request line's path prefix each API variant sends to (the README's "Providers")."""
    return SEND_PATHS[variant]


SEND_PATHS = {
    "prosms": "/prosms/v1/sms/send",
    "smsdk": "/smsdk/v1/sms/send",
    "smstools": "/smstools/rest/api/sms/send",
    "spryng": "/spryng/v1/messages",
    "spryng-simple": "/spryng/api/simple/message",
    "smsgw": "/smsgw/api/sms/send_sms.php",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Sandbox:
    """A running sandbox process and the few calls tests make on it."""

    def __init__(self, process: subprocess.Popen[str], base: str) -> None:
        self.process = process
        self.base = base

    def api_url(self, variant: str) -> str:
        return f"{self.base}/{provider_key(variant)}"

    def messages(self) -> list[dict[str, Any]]:
        with urllib.request.urlopen(f"{self.base}/sandbox/messages", timeout=5) as response:
            data = json.loads(response.read())
        found = data.get("messages", data) if isinstance(data, dict) else data
        assert isinstance(found, list)
        return found

    def clear(self) -> None:
        request = urllib.request.Request(f"{self.base}/sandbox/messages", method="DELETE")
        with urllib.request.urlopen(request, timeout=5):
            pass

    def alive(self) -> bool:
        return self.process.poll() is None


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "notify_plugins", "sandbox", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert process.stdout is not None
    first = process.stdout.readline().strip()
    assert first == f"Sandbox listening on http://127.0.0.1:{port}", first
    # Keep reading what it prints, so a chatty sandbox never blocks on a full pipe.
    threading.Thread(target=process.stdout.read, daemon=True).start()
    try:
        yield Sandbox(process, f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(5)


@pytest.fixture
def clean_sandbox(sandbox: Sandbox) -> Sandbox:
    sandbox.clear()
    return sandbox
