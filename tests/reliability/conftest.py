"""Shared set-up for the reliability suite: fast retry and timeouts, and one running sandbox.

The sandbox runs as a child process (``python -m notify_plugins sandbox --port N``), as a
user would run it (:mod:`benchmarks.sandbox`), so a request that crashed a handler thread or
the whole server shows up as a dead process or a refused connection rather than being
hidden in-process.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from benchmarks.sandbox import SandboxProcess as Sandbox
from benchmarks.sandbox import running_sandbox
from notify_plugins.http import RetryPolicy

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


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    with running_sandbox() as running:
        yield running


@pytest.fixture
def clean_sandbox(sandbox: Sandbox) -> Sandbox:
    sandbox.clear()
    return sandbox
