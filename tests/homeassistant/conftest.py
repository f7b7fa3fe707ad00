"""Home Assistant suite set-up: let Home Assistant load the integrations under test, and
fail every test in which Home Assistant says our integrations use something deprecated.

Every test runs on a real Home Assistant core (pytest-homeassistant-custom-component);
``aioclient_mock`` replaces the shared aiohttp session, so what the integrations send is
recorded exactly and nothing leaves the process. Helpers are in :mod:`.helpers`.
"""

from __future__ import annotations

import logging
import re
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from notify_plugins.providers import PROVIDERS

DOMAINS = tuple(PROVIDERS)
"""Our integrations' domains (the provider keys); not from :mod:`.helpers`, which needs the
test harness that the real-process suite runs without."""

ROOT = Path(__file__).resolve().parents[2]
OUR_CODE = (str(ROOT / "notify_plugins") + "/", *(str(ROOT / "custom_components" / d) + "/" for d in DOMAINS))
"""Where our integrations' code lives: the shared package and each integration's folder."""

DEPRECATION = re.compile(
    r"deprecat|will stop working|stop working in|will be removed|no longer (?:be )?supported", re.I
)
"""How Home Assistant words a deprecation: its frame helper ("... This will stop working in
Home Assistant 2026.12.0") and its deprecation helper ("The deprecated function ...")."""

NAMES_US = re.compile(rf"\b(?:{'|'.join(DOMAINS)})\b")


def _ours(filename: str) -> bool:
    return filename.startswith(OUR_CODE)


def _our_code_is_calling() -> bool:
    """Whether a frame of our code is on the current stack: Home Assistant names no
    integration when it finds none under ``custom_components/``, and our shared code lives
    in ``notify_plugins/``."""
    frame = sys._getframe(1)
    while frame is not None:
        if _ours(frame.f_code.co_filename):
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


class DeprecationGuard(logging.Handler):
    """Collects what Home Assistant reports as deprecated in our integrations' use of it,
    and Python deprecation warnings raised from our code or naming our integrations."""

    def __init__(self, warnings_seen: list[warnings.WarningMessage]) -> None:
        super().__init__(logging.WARNING)
        self.reports: list[str] = []
        self.warnings_seen = warnings_seen

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith("homeassistant"):
            return
        message = record.getMessage()
        if not DEPRECATION.search(message):
            return
        if NAMES_US.search(message) or _ours_in(record.stack_info) or _our_code_is_calling():
            self.reports.append(f"{record.name}: {message}")

    def problems(self) -> list[str]:
        """Every deprecation of ours reported so far, logged or warned."""
        return self.reports + [
            f"{w.category.__name__} at {w.filename}:{w.lineno}: {w.message}" for w in self.warnings_seen if _is_ours(w)
        ]

    def clear(self) -> None:
        self.reports.clear()
        self.warnings_seen.clear()


def _is_ours(warning: warnings.WarningMessage) -> bool:
    return issubclass(warning.category, DeprecationWarning | PendingDeprecationWarning) and bool(
        _ours(warning.filename) or NAMES_US.search(str(warning.message))
    )


def _ours_in(stack_info: str | None) -> bool:
    return stack_info is not None and any(path in stack_info for path in OUR_CODE)


@pytest.fixture(autouse=True)
def deprecation_guard() -> Iterator[DeprecationGuard]:
    """Fail the test when Home Assistant or Python reports a deprecation in our code.

    Python warnings are recorded while the test runs and handed back to pytest afterwards,
    so the run's warning summary still lists those that are not ours.
    """
    root = logging.getLogger()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        guard = DeprecationGuard(caught)
        root.addHandler(guard)
        try:
            yield guard
        finally:
            root.removeHandler(guard)
    problems = guard.problems()
    for warning in caught:
        if not _is_ours(warning):
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    if problems:
        pytest.fail("Deprecated use reported for our integrations:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load the integrations in ``custom_components/``."""
