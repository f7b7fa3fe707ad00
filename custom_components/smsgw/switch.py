"""The *SMS sending* switch of a UI-configured White-label gateway account: off, nothing is sent."""

from __future__ import annotations

from . import INTEGRATION

PARALLEL_UPDATES = 0
"""Switching only flips a flag of the account's spend guard."""

async_setup_entry = INTEGRATION.async_setup_switch_entry
