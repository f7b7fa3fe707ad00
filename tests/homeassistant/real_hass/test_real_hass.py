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
import signal
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.processes import (
    RECIPIENT,
    STOP_SECONDS,
    child,
    free_port,
    hass_command,
    hass_configuration,
    link_integrations,
    messages,
    problems,
    tail,
    wait_for_tags,
    write_configuration,
)

pytestmark = pytest.mark.slow
DOMAINS = ("prosms", "smsdk", "smstools", "spryng", "smsgw")

DELIVERY_SECONDS = 60.0
"""Boot plus five sends; a boot here takes about five seconds."""


def write_config(directory: Path, tags: dict[str, str], sandbox: str, port: int) -> None:
    write_configuration(directory, hass_configuration(sandbox, port, tags))
    link_integrations(directory, DOMAINS)


def test_real_home_assistant_sends_through_all_five_platforms_at_start(sandbox: str, tmp_path: Path) -> None:
    port = free_port()
    tags = {domain: f"e2e-{domain}-{uuid.uuid4().hex[:8]}" for domain in DOMAINS}
    config_dir = tmp_path / "config"
    write_config(config_dir, tags, sandbox, port)
    log = tmp_path / "hass.out"
    command = hass_command(config_dir)

    with child(command, log, tmp_path) as hass:
        wait_for_tags(hass, log, sandbox, tags, DELIVERY_SECONDS)

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/manifest.json", timeout=5) as response:
            assert response.status == 200  # the frontend is served on the loopback port

        hass.send_signal(signal.SIGTERM)
        assert hass.wait(STOP_SECONDS) == 0, tail(log)

    records = [json.dumps(m) for m in messages(sandbox)]
    for domain in DOMAINS:
        [record] = [r for r in records if tags[domain] in r]
        assert RECIPIENT.removeprefix("+") in record, record
    assert problems(log) == []
