"""Sensors of a UI-configured account: remaining credit (where the provider reports it)
and the outcome of the last send."""

from __future__ import annotations

from . import INTEGRATION

PARALLEL_UPDATES = 0
"""The credit is read by one coordinator per account; the last-send sensor only listens."""

async_setup_entry = INTEGRATION.async_setup_sensor_entry
