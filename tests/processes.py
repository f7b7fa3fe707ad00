"""Real programs for the end-to-end tests: the sandbox and Home Assistant as child processes.

Children write to files, not pipes: the test harness fails tests that leave threads or
tasks behind, and a file never blocks a chatty child the way a full pipe would. Every
child is stopped (SIGTERM, then SIGKILL) however the test ends.
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
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]

RECIPIENT = "+46701234567"
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
def child(
    command: Sequence[str | Path], log: Path, cwd: Path, env: Mapping[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command`` with its output in ``log``; SIGTERM it (then SIGKILL) on the way out.

    ``env`` replaces the environment (default: this one); output is never buffered.
    """
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(part) for part in command],
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env={**(os.environ if env is None else env), "PYTHONUNBUFFERED": "1"},
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
def running_sandbox(directory: Path) -> Iterator[str]:
    """``notify-plugins sandbox`` of this environment on a free loopback port; yields its base URL."""
    log = directory / "sandbox.log"
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


CORE_CONFIG: Mapping[str, Any] = {
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


def hass_configuration(sandbox: str, port: int, tags: Mapping[str, str]) -> dict[str, Any]:
    """configuration.yaml: HTTP on ``port``, a notify platform per domain in ``tags`` pointed
    at the sandbox, and an automation per platform that sends its tag when Home Assistant starts."""
    return {
        "homeassistant": dict(CORE_CONFIG),
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
            for domain in tags
        ],
        "automation": [
            {
                "id": f"sms_at_start_{domain}",
                "alias": f"SMS at start through {domain}",
                "triggers": [{"trigger": "homeassistant", "event": "start"}],
                "actions": [
                    {
                        "action": f"notify.e2e_{domain}",
                        "data": {"title": "Home Assistant", "message": f"started {tag}"},
                    }
                ],
            }
            for domain, tag in tags.items()
        ],
    }


def write_configuration(directory: Path, config: Mapping[str, Any]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "configuration.yaml").write_text(yaml.safe_dump(dict(config), sort_keys=False))


def link_integrations(config_dir: Path, domains: Sequence[str]) -> None:
    """This checkout's integrations in the configuration's ``custom_components``, as links."""
    links = config_dir / "custom_components"
    links.mkdir(exist_ok=True)
    for domain in domains:
        (links / domain).symlink_to(ROOT / "custom_components" / domain, target_is_directory=True)


def hass_command(config_dir: Path) -> list[str]:
    """``python -m homeassistant`` of this environment on ``config_dir``, installing nothing."""
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


def wait_for_tags(
    hass: subprocess.Popen[bytes], log: Path, sandbox: str, tags: Mapping[str, str], seconds: float
) -> list[str]:
    """Wait until the sandbox holds a message with each tag; its messages as JSON texts."""
    deadline = time.monotonic() + seconds
    missing = set(tags)
    while missing and time.monotonic() < deadline:
        assert hass.poll() is None, f"Home Assistant exited with {hass.returncode}:\n{tail(log)}"
        received = json.dumps(messages(sandbox))
        missing = {domain for domain in missing if tags[domain] not in received}
        time.sleep(0.25)
    assert not missing, f"the sandbox got nothing from {sorted(missing)} within {seconds:.0f} s:\n{tail(log)}"
    return [json.dumps(m) for m in messages(sandbox)]


def problems(log: Path) -> list[str]:
    """Warnings and errors of Home Assistant's log that concern our code or the sends."""
    return [
        line
        for line in log.read_text(errors="replace").splitlines()
        if re.search(r"\b(ERROR|WARNING)\b", line) and re.search(r"notify_plugins|e2e_|blocking call", line)
    ]
