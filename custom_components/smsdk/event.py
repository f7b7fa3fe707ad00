"""Delivery reports of a UI-configured account: an event entity per recipient, fed by the
account's delivery-report webhook."""

from __future__ import annotations

from . import INTEGRATION

PARALLEL_UPDATES = 0
"""The entities only listen; nothing is polled."""

async_setup_entry = INTEGRATION.async_setup_event_entry
