"""End to end: a real Home Assistant process sends through all five platforms at start.

``python -m homeassistant`` (the installed release, with its frontend) runs on a
configuration written to a temporary directory, with HTTP on a free loopback port and our
integrations linked into its ``custom_components``. Its YAML sets up the five platforms
against a running sandbox and one automation per platform that sends when Home Assistant
starts. The test waits until the sandbox has all five messages, then stops Home Assistant
with SIGTERM and expects a clean exit.

Both programs run as child processes writing to files: the test harness fails tests that
leave threads or tasks behind, and a file never blocks a chatty child the way a full pipe
would. Every child is stopped however the test ends.
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
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (ROOT / "notify_plugins" / "sandbox" / "__init__.py").is_file(), reason="the sandbox is not there yet"
    ),
]
DOMAINS = ("prosms", "smsdk", "smstools", "spryng", "smsgw")
RECIPIENT = "+46701234567"

SANDBOX_START_SECONDS = 15.0
DELIVERY_SECONDS = 60.0
"""Boot plus five sends; a boot here takes about five seconds."""
STOP_SECONDS = 30.0

DEMO_CREDENTIALS: dict[str, dict[str, str]] = {
    "prosms": {"api_key": "prosms-demo-key"},
    "smsdk": {"api_key": "smsdk-demo-key"},
    "smstools": {"api_key": "smstools-demo-key", "api_secret": "smstools-demo-secret"},
    "spryng": {"api_key": "spryng-demo-key"},
    "smsgw": {"api_key": "smsgw-demo-key"},
}
"""The sandbox's demo accounts (``notify_plugins/sandbox/accounts.py``)."""


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


@pytest.fixture
def sandbox(socket_enabled: None, tmp_path: Path) -> Iterator[str]:
    """A running sandbox on a free loopback port; yields its base URL."""
    log = tmp_path / "sandbox.log"
    with child([sys.executable, "-m", "notify_plugins", "sandbox", "--port", "0"], log, ROOT) as process:
        line = first_line(process, log, SANDBOX_START_SECONDS)
        match = re.fullmatch(r"Sandbox listening on (http://127\.0\.0\.1:[0-9]+)", line)
        assert match, line
        yield match.group(1)


def messages(base: str) -> list[Any]:
    with urllib.request.urlopen(f"{base}/sandbox/messages", timeout=5) as response:
        data = json.loads(response.read())
    found = data.get("messages", data) if isinstance(data, dict) else data
    assert isinstance(found, list), data
    return found


def configuration(sandbox: str, port: int, tags: dict[str, str]) -> dict[str, Any]:
    """configuration.yaml: HTTP on ``port``, the five platforms, one start automation each."""
    return {
        "homeassistant": {
            "name": "notify-plugins e2e",
            "time_zone": "UTC",
            "unit_system": "metric",
            "country": "SE",
            "currency": "SEK",
            "latitude": 59.33,
            "longitude": 18.07,
            "elevation": 0,
        },
        "http": {"server_host": "127.0.0.1", "server_port": port},
        "logger": {"default": "warning"},
        "notify": [
            {
                "platform": domain,
                "name": f"e2e_{domain}",
                **DEMO_CREDENTIALS[domain],
                "sender": "HomeAlarm",
                "recipient": [RECIPIENT],
                "api_url": f"{sandbox}/{domain}",
            }
            for domain in DOMAINS
        ],
        "automation": [
            {
                "id": f"sms_at_start_{domain}",
                "alias": f"SMS at start through {domain}",
                "triggers": [{"trigger": "homeassistant", "event": "start"}],
                "actions": [
                    {
                        "action": f"notify.e2e_{domain}",
                        "data": {"title": "Home Assistant", "message": f"started {tags[domain]}"},
                    }
                ],
            }
            for domain in DOMAINS
        ],
    }


def write_config(directory: Path, config: dict[str, Any]) -> None:
    directory.mkdir()
    (directory / "configuration.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    links = directory / "custom_components"
    links.mkdir()
    for domain in DOMAINS:
        (links / domain).symlink_to(ROOT / "custom_components" / domain, target_is_directory=True)


def test_real_home_assistant_sends_through_all_five_platforms_at_start(sandbox: str, tmp_path: Path) -> None:
    port = free_port()
    tags = {domain: f"e2e-{domain}-{uuid.uuid4().hex[:8]}" for domain in DOMAINS}
    config_dir = tmp_path / "config"
    write_config(config_dir, configuration(sandbox, port, tags))
    log = tmp_path / "hass.out"
    command = [sys.executable, "-m", "homeassistant", "--config", str(config_dir), "--skip-pip", "--log-no-color"]

    with child(command, log, tmp_path) as hass:
        deadline = time.monotonic() + DELIVERY_SECONDS
        missing = set(DOMAINS)
        while missing and time.monotonic() < deadline:
            assert hass.poll() is None, f"Home Assistant exited with {hass.returncode}:\n{tail(log)}"
            received = json.dumps(messages(sandbox))
            missing = {domain for domain in missing if tags[domain] not in received}
            time.sleep(0.25)
        assert not missing, f"the sandbox got nothing from {sorted(missing)}:\n{tail(log)}"

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/manifest.json", timeout=5) as response:
            assert response.status == 200  # the frontend is served on the loopback port

        hass.send_signal(signal.SIGTERM)
        assert hass.wait(STOP_SECONDS) == 0, tail(log)

    records = [json.dumps(m) for m in messages(sandbox)]
    for domain in DOMAINS:
        [record] = [r for r in records if tags[domain] in r]
        assert RECIPIENT.removeprefix("+") in record, record
    problems = [
        line
        for line in log.read_text(errors="replace").splitlines()
        if re.search(r"\b(ERROR|WARNING)\b", line) and re.search(r"notify_plugins|e2e_|blocking call", line)
    ]
    assert problems == []
