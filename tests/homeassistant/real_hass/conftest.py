"""The real-process suite needs no in-process Home Assistant.

The suite's autouse fixture would start one (``enable_custom_integrations`` needs
``hass``); here it is replaced by a no-op, as these tests boot Home Assistant itself.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Nothing to enable: the Home Assistant under test runs in its own process."""
