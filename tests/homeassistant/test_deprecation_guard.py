"""The suite-wide guard (``conftest.deprecation_guard``) catches every kind of deprecation
report that names our integrations or comes from our code, and nothing else."""

from __future__ import annotations

import logging
import uuid
import warnings

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers.frame import report_usage
from homeassistant.loader import async_get_integration

from tests.homeassistant.conftest import ROOT, DeprecationGuard


async def test_a_frame_helper_report_naming_an_integration_of_ours_is_caught(
    hass: HomeAssistant, deprecation_guard: DeprecationGuard
) -> None:
    await async_get_integration(hass, "prosms")
    report_usage(f"calls a retired helper {uuid.uuid4()}", breaks_in_ha_version="2099.1.0", integration_domain="prosms")

    [problem] = deprecation_guard.problems()
    assert "'prosms'" in problem and "will stop working" in problem.lower()
    deprecation_guard.clear()


async def test_a_deprecation_logged_while_our_code_calls_is_caught(
    hass: HomeAssistant, deprecation_guard: DeprecationGuard
) -> None:
    """Home Assistant names no integration when the caller is not under custom_components/,
    as for our shared package: the guard then looks at who is calling."""
    our_module = ROOT / "notify_plugins" / "homeassistant" / "flow.py"
    call = "logging.getLogger('homeassistant.data_entry_flow').warning('The deprecated function x was called.')"

    exec(compile(call, str(our_module), "exec"), {"logging": logging})  # a call made from our code

    assert deprecation_guard.problems() == ["homeassistant.data_entry_flow: The deprecated function x was called."]
    deprecation_guard.clear()


def test_a_deprecation_warning_naming_an_integration_of_ours_is_caught(deprecation_guard: DeprecationGuard) -> None:
    warnings.warn("smsgw uses a retired API", DeprecationWarning, stacklevel=1)

    [problem] = deprecation_guard.problems()
    assert problem.startswith("DeprecationWarning") and "smsgw" in problem
    deprecation_guard.clear()


async def test_deprecations_of_others_are_left_alone(hass: HomeAssistant, deprecation_guard: DeprecationGuard) -> None:
    await async_get_integration(hass, "notify")
    report_usage(f"calls a retired helper {uuid.uuid4()}", breaks_in_ha_version="2099.1.0", integration_domain="notify")
    logging.getLogger("homeassistant.core").warning("Something unrelated is deprecated")
    warnings.warn("another library's API is deprecated", DeprecationWarning, stacklevel=1)

    assert deprecation_guard.problems() == []


def test_a_test_that_triggers_a_deprecation_of_ours_fails(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard as the suite uses it, in a run of its own: the test errors, naming the report."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makepyfile(
        test_synthetic="""
        import warnings

        def test_uses_something_retired():
            warnings.warn("spryng calls a retired API", DeprecationWarning, stacklevel=1)
        """
    )

    result = pytester.runpytest_subprocess(
        "-p", "tests.homeassistant.conftest", "-p", "no:cacheprovider", "-o", "asyncio_mode=auto"
    )

    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*Deprecated use reported for our integrations*", "*spryng calls a retired API*"])
