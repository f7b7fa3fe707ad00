"""Start the project's sandbox as a child process, as ``notify-plugins sandbox`` would run.

A child process rather than a thread, so that a request that crashed a handler thread or
the whole server shows up as a dead process or a refused connection. The benchmarks and
the reliability tests both run it this way.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .canned import provider_key

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
        return f"{self.base}/{provider_key(variant)}"

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


@contextmanager
def running_sandbox() -> Iterator[SandboxProcess]:
    """``notify-plugins sandbox`` on a port the system picks (``--port 0``), read from the line
    it starts with, so no other process can take the port in between."""
    process = subprocess.Popen(
        [sys.executable, "-m", "notify_plugins", "sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        started = re.fullmatch(r"Sandbox listening on (http://127\.0\.0\.1:[0-9]+)", first)
        if started is None:
            raise RuntimeError(f"sandbox did not start: {first!r}")
        # Keep reading what it prints, so a chatty sandbox never blocks on a full pipe.
        threading.Thread(target=process.stdout.read, daemon=True).start()
        yield SandboxProcess(process, started.group(1))
    finally:
        process.terminate()
        process.wait(5)
