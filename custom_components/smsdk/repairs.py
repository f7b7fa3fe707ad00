"""The fix of the "Daily SMS limit reached" repair of a SMS.dk account: its daily limit."""

from __future__ import annotations

from notify_plugins.homeassistant.account_guard import async_create_fix_flow

__all__ = ["async_create_fix_flow"]
