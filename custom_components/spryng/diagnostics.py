"""Diagnostics with every secret and phone number redacted."""

from __future__ import annotations

from notify_plugins.homeassistant.diagnostics import async_get_config_entry_diagnostics

__all__ = ["async_get_config_entry_diagnostics"]
