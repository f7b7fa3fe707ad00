"""The real-process suite needs no in-process Home Assistant, and runs without the harness.

The suite's autouse fixture would start one (``enable_custom_integrations`` needs
``hass``); here it is replaced by a no-op, as these tests boot Home Assistant itself. Both tests
send to a sandbox of their own (:func:`sandbox`).

On the newest Home Assistant release no test harness exists yet, so this suite also runs
with only pytest installed (``scripts/newest-ha.sh``). Then nothing blocks sockets: the
harness brings pytest-socket, whose ``socket_enabled`` the sandbox fixture asks for; without
pytest-socket a no-op stands in for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.processes import running_sandbox


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Nothing to enable: the Home Assistant under test runs in its own process."""


@pytest.fixture
def sandbox(socket_enabled: None, tmp_path: Path) -> Iterator[str]:
    """A running sandbox on a free loopback port; yields its base URL."""
    with running_sandbox(tmp_path) as url:
        yield url


class _WithoutPytestSocket:
    """Fixtures that pytest-socket would provide, for a run without the harness."""

    @pytest.fixture
    def socket_enabled(self) -> None:
        """Sockets are not blocked when pytest-socket is not installed."""


def pytest_configure(config: Any) -> None:
    if not config.pluginmanager.hasplugin("socket"):
        config.pluginmanager.register(_WithoutPytestSocket(), "notify-plugins-without-pytest-socket")
