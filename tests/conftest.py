"""Import this repository's ``custom_components`` before Home Assistant's test harness runs,
and share the sandbox among the suites that send to it.

The harness ships a ``custom_components`` package of its own and puts it on the path while
Home Assistant starts; the first one imported wins. The repository root is on ``sys.path``
(pytest ``pythonpath``), so importing ours here makes Home Assistant load the integrations
under test.
"""

from collections.abc import Iterator

import pytest

import custom_components  # noqa: F401
from notify_plugins.sandbox import Sandbox

pytest_plugins = ["pytester"]
"""Runs of pytest inside a test: the Home Assistant suite proves its deprecation guard fails a test."""


@pytest.fixture(scope="module")
def running_sandbox() -> Iterator[Sandbox]:
    """The sandbox on a free port of 127.0.0.1, one per test module."""
    with Sandbox(port=0) as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(running_sandbox: Sandbox) -> Sandbox:
    """The module's sandbox, with nothing received yet."""
    running_sandbox.clear()
    return running_sandbox
