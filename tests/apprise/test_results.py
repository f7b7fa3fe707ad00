"""What ``Apprise.notify()`` hands back on each side of Apprise 2.0, as docs/apprise.md says.

Apprise 1.x returns ``True``/``False``; Apprise 2.0 introduced ``AppriseResult``, truthy
exactly when every service succeeded. The same tests run on the oldest supported Apprise
(``make apprise-oldest``) and the newest (``make unit``).
"""

from __future__ import annotations

import re
from pathlib import Path

import apprise
import pytest

from notify_plugins.sandbox import Sandbox
from tests.apprise.conftest import NUMBERS, rejected, sandbox_url

APPRISE_2 = int(apprise.__version__.split(".")[0]) >= 2
APPRISE_PAGE = (Path(__file__).resolve().parents[2] / "docs" / "apprise.md").read_text(encoding="utf-8")


def test_apprise_result_exists_from_apprise_2_0_on() -> None:
    assert hasattr(apprise, "AppriseResult") is APPRISE_2


def test_a_delivered_send_is_truthy(sandbox: Sandbox) -> None:
    notifier = apprise.Apprise()
    assert notifier.add(sandbox_url("prosms", sandbox))
    result = notifier.notify(body="Door open")
    assert result
    if APPRISE_2:
        assert isinstance(result, apprise.AppriseResult)
        assert result.status == apprise.AppriseResultStatus.SUCCESS
        assert (result.success_count, result.failed_count) == (1, 0)
    else:
        assert result is True


def test_a_partial_refusal_is_falsy_and_the_others_still_get_the_sms(sandbox: Sandbox) -> None:
    number = NUMBERS["prosms"]
    notifier = apprise.Apprise()
    assert notifier.add(sandbox_url("prosms", sandbox, number, rejected(number)))
    result = notifier.notify(body="Door open")
    assert not result
    assert [m["recipient"] for m in sandbox.messages()] == [number]
    if APPRISE_2:
        assert result.status == apprise.AppriseResultStatus.FAILURE
        assert (result.success_count, result.failed_count) == (0, 1)
        assert [bool(service) for service in result] == [False]
    else:
        assert result is False


@pytest.mark.skipif(not APPRISE_2, reason="PARTIAL is an AppriseResultStatus, from Apprise 2.0")
def test_one_refusing_service_among_two_is_partial_and_falsy(sandbox: Sandbox) -> None:
    number = NUMBERS["prosms"]
    notifier = apprise.Apprise()
    assert notifier.add(sandbox_url("prosms", sandbox, number))
    assert notifier.add(sandbox_url("smsdk", sandbox, rejected(NUMBERS["smsdk"])))
    result = notifier.notify(body="Door open")
    assert not result
    assert result.status == apprise.AppriseResultStatus.PARTIAL
    assert (result.success_count, result.failed_count) == (1, 1)


def test_no_matching_service_is_none_before_2_0_and_nomatch_after(sandbox: Sandbox) -> None:
    notifier = apprise.Apprise()
    assert notifier.add(sandbox_url("prosms", sandbox), tag="family")
    result = notifier.notify(body="Door open", tag="work")
    assert not result
    if APPRISE_2:
        assert result.status == apprise.AppriseResultStatus.NOMATCH
    else:
        assert result is None
    assert sandbox.messages() == []


def test_the_documented_python_example_runs_against_the_sandbox(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    code = re.search(r"```python\n(.*?)```", APPRISE_PAGE, re.DOTALL)
    assert code is not None
    source = code.group(1).replace("YOUR_API_KEY", "prosms-demo-key")
    source = source.replace("/46701234567", f"/46701234567?api_url=http://127.0.0.1:{sandbox.port}/prosms")
    exec(compile(source, "docs/apprise.md", "exec"), {})
    assert capsys.readouterr().out == ""  # delivered to everyone
    assert [m["text"] for m in sandbox.messages()] == ["Alarm\nDoor open"]
    exec(
        compile(
            source.replace("/46701234567", f"/46701234567/{rejected(NUMBERS['prosms'])}"), "docs/apprise.md", "exec"
        ),
        {},
    )
    assert capsys.readouterr().out == "not delivered to everyone\n"
