"""Child processes of the end-to-end tests: the sandbox and a real Home Assistant.

Shared by the real-process suite next to this module and the browser test
(``tests/browser``). Both programs run as children writing to files: the test harness fails
tests that leave threads or tasks behind, and a file never blocks a chatty child the way a
full pipe would. Every child is stopped however the test ends.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[3]
DOMAINS = ("prosms", "smsdk", "smstools", "spryng", "smsgw")

SANDBOX_START_SECONDS = 15.0
STOP_SECONDS = 30.0

DEMO_CREDENTIALS: dict[str, dict[str, str]] = {
    "prosms": {"api_key": "prosms-demo-key"},
    "smsdk": {"api_key": "smsdk-demo-key"},
    "smstools": {"api_key": "smstools-demo-key", "api_secret": "smstools-demo-secret"},
    "spryng": {"api_key": "spryng-demo-key"},
    "smsgw": {"api_key": "smsgw-demo-key"},
}
"""The sandbox's demo accounts (``notify_plugins/sandbox/accounts.py``)."""

CORE_CONFIG: dict[str, Any] = {
    "name": "notify-plugins e2e",
    "time_zone": "UTC",
    "unit_system": "metric",
    "country": "SE",
    "currency": "SEK",
    "latitude": 59.33,
    "longitude": 18.07,
    "elevation": 0,
}
"""``homeassistant:`` of every test configuration: nothing left for Home Assistant to guess."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def tail(path: Path, lines: int = 40) -> str:
    """The end of a child's log, for failure messages."""
    if not path.exists():
        return f"({path.name} is empty)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@contextmanager
def child(command: list[str], log: Path, cwd: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command`` with its output in ``log``; SIGTERM it (then SIGKILL) on the way out."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, cwd=cwd, env={**os.environ, "PYTHONUNBUFFERED": "1"}
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def first_line(process: subprocess.Popen[bytes], log: Path, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if "\n" in text:
            return text.split("\n", 1)[0].strip()
        assert process.poll() is None, f"exited with {process.returncode}:\n{tail(log)}"
        time.sleep(0.05)
    raise AssertionError(f"no first line within {seconds:.0f} s:\n{tail(log)}")


@contextmanager
def running_sandbox(log: Path) -> Iterator[str]:
    """A running sandbox on a free loopback port; yields its base URL."""
    with child([sys.executable, "-m", "notify_plugins", "sandbox", "--port", "0"], log, ROOT) as process:
        line = first_line(process, log, SANDBOX_START_SECONDS)
        match = re.fullmatch(r"Sandbox listening on (http://127\.0\.0\.1:[0-9]+)", line)
        assert match, line
        yield match.group(1)


def messages(base: str) -> list[Any]:
    """Every message the sandbox accepted, oldest first (``GET /sandbox/messages``)."""
    with urllib.request.urlopen(f"{base}/sandbox/messages", timeout=5) as response:
        data = json.loads(response.read())
    found = data.get("messages", data) if isinstance(data, dict) else data
    assert isinstance(found, list), data
    return found


def write_config(directory: Path, config: dict[str, Any]) -> None:
    """``configuration.yaml`` in a new ``directory``, with our integrations linked in."""
    directory.mkdir()
    (directory / "configuration.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    links = directory / "custom_components"
    links.mkdir()
    for domain in DOMAINS:
        (links / domain).symlink_to(ROOT / "custom_components" / domain, target_is_directory=True)


def hass_command(config_dir: Path) -> list[str]:
    """``python -m homeassistant`` on ``config_dir``, installing nothing."""
    return [sys.executable, "-m", "homeassistant", "--config", str(config_dir), "--skip-pip", "--log-no-color"]


def wait_until_serving(process: subprocess.Popen[bytes], log: Path, url: str, seconds: float) -> None:
    """Wait until ``url`` answers (any HTTP status) while ``process`` runs."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"exited with {process.returncode}:\n{tail(log)}"
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.25)
    raise AssertionError(f"{url} did not answer within {seconds:.0f} s:\n{tail(log)}")


def problems(log: Path) -> list[str]:
    """Warnings and errors of ours in a Home Assistant log (and any blocking call on its loop)."""
    return [
        line
        for line in log.read_text(errors="replace").splitlines()
        if re.search(r"\b(ERROR|WARNING)\b", line) and re.search(r"notify_plugins|e2e_|blocking call", line)
    ]
