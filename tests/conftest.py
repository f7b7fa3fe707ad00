"""Import this repository's ``custom_components`` before Home Assistant's test harness runs.

The harness ships a ``custom_components`` package of its own and puts it on the path while
Home Assistant starts; the first one imported wins. The repository root is on ``sys.path``
(pytest ``pythonpath``), so importing ours here makes Home Assistant load the integrations
under test.
"""

import custom_components  # noqa: F401

pytest_plugins = ["pytester"]
"""Runs of pytest inside a test: the Home Assistant suite proves its deprecation guard fails a test."""
