"""Home Assistant suite set-up: let Home Assistant load the integrations under test.

Every test runs on a real Home Assistant core (pytest-homeassistant-custom-component);
``aioclient_mock`` replaces the shared aiohttp session, so what the integrations send is
recorded exactly and nothing leaves the process. Helpers are in :mod:`.helpers`.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load the integrations in ``custom_components/``."""
