"""The name notify-plugins is installed under, and what to install for the Apprise plugins.

Home Assistant installs the integrations' library from the requirement in each manifest
(:func:`requirement`), by name from PyPI: if this name ever stopped being ours, Home
Assistant would install somebody else's package. Keep it equal to ``project.name`` in
``pyproject.toml`` (the test suite compares them).

Apprise is an extra (``notify-plugins[apprise]``), so that Home Assistant, which pins its
own Apprise, does not get a second one it never uses; the commands that need it say what
to install instead of failing with a traceback.
"""

from __future__ import annotations

import importlib.util

from . import __version__

NAME = "notify-plugins"
"""The distribution name on PyPI."""

APPRISE_INSTALL = f'pip install "{NAME}[apprise]"'
"""The command that installs the package with Apprise, as the README gives it."""


def requirement() -> str:
    """The pin each integration's manifest carries: exactly this version."""
    return f"{NAME}=={__version__}"


def apprise_installed() -> bool:
    """Whether Apprise can be imported, found without importing it (that takes a while)."""
    try:
        return importlib.util.find_spec("apprise") is not None
    except (ImportError, ValueError):
        return False


def apprise_missing_line(command: str) -> str:
    """The one line a command that needs Apprise prints when it is not installed."""
    return f"notify-plugins {command}: Apprise is not installed; install it with: {APPRISE_INSTALL}"
