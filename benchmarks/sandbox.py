"""Start the project's sandbox as a child process, as ``notify-plugins sandbox`` would run."""

from __future__ import annotations

import json
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
    def __init__(self, base: str) -> None:
        self.base = base

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


@contextmanager
def running_sandbox() -> Iterator[SandboxProcess]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "notify_plugins", "sandbox", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        if first != f"Sandbox listening on http://127.0.0.1:{port}":
            raise RuntimeError(f"sandbox did not start: {first!r}")
        threading.Thread(target=process.stdout.read, daemon=True).start()
        yield SandboxProcess(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(5)
