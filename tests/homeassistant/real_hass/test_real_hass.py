"""End to end: a real Home Assistant process sends through all five platforms at start.

``python -m homeassistant`` (the installed 2025.4.4, with its frontend) runs on a
configuration written to a temporary directory, with HTTP on a free loopback port and our
integrations linked into its ``custom_components``. Its YAML sets up the five platforms
against a running sandbox and one automation per platform that sends when Home Assistant
starts. The test waits until the sandbox has all five messages, then stops Home Assistant
with SIGTERM and expects a clean exit.

Both programs run as child processes (:mod:`.processes`), stopped however the test ends.
"""

from __future__ import annotations

import json
import signal
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.homeassistant.real_hass.processes import (
    CORE_CONFIG,
    DEMO_CREDENTIALS,
    DOMAINS,
    ROOT,
    STOP_SECONDS,
    child,
    free_port,
    hass_command,
    messages,
    problems,
    running_sandbox,
    tail,
    write_config,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (ROOT / "notify_plugins" / "sandbox" / "__init__.py").is_file(), reason="the sandbox is not there yet"
    ),
]
RECIPIENT = "+46701234567"

DELIVERY_SECONDS = 60.0
"""Boot plus five sends; a boot here takes about five seconds."""


@pytest.fixture
def sandbox(socket_enabled: None, tmp_path: Path) -> Iterator[str]:
    """A running sandbox on a free loopback port; yields its base URL."""
    with running_sandbox(tmp_path / "sandbox.log") as base:
        yield base


def configuration(sandbox: str, port: int, tags: dict[str, str]) -> dict[str, Any]:
    """configuration.yaml: HTTP on ``port``, the five platforms, one start automation each."""
    return {
        "homeassistant": CORE_CONFIG,
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


def test_real_home_assistant_sends_through_all_five_platforms_at_start(sandbox: str, tmp_path: Path) -> None:
    port = free_port()
    tags = {domain: f"e2e-{domain}-{uuid.uuid4().hex[:8]}" for domain in DOMAINS}
    config_dir = tmp_path / "config"
    write_config(config_dir, configuration(sandbox, port, tags))
    log = tmp_path / "hass.out"
    with child(hass_command(config_dir), log, tmp_path) as hass:
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
    assert problems(log) == []
