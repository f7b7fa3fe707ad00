"""Every Apprise URL and example in the README and in ``docs/`` works against the sandbox.

Examples for a real account carry placeholder credentials (``YOUR_API_KEY``, ``AUTH_KEY``)
and the provider's own API; the documentation promises that each works against the sandbox
once ``api_url`` is added, so each is sent there with the demo credentials of its provider
and nothing else changed: same sender, same targets, same arguments. ``docs/apprise.md`` is
the Apprise page: it must document every scheme and argument.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from pathlib import Path
from urllib.parse import quote

import apprise
import pytest

from notify_plugins.apprise import PLUGINS, SmsNotifyBase, schemas
from notify_plugins.sandbox import Sandbox
from tests.apprise.conftest import userinfo

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
DOCS = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
"""The README and every page under docs/, where the Apprise examples live."""
APPRISE_SECTION = (ROOT / "docs" / "apprise.md").read_text(encoding="utf-8")
SANDBOX_EXAMPLES = sorted(
    set(re.findall(r'apprise (?:-\w+ )*-b "[^"]*" "([a-z]+://[^"]*127\.0\.0\.1:8080[^"]*)"', DOCS))
)
EXAMPLE_URLS = sorted(
    set(re.findall(r"\b(?:prosms|smsdk|smstools|spryng|smsgws?)://[^\s\"'`|{}…]+@[^\s\"'`|{}…]+", DOCS))
)
"""Every complete URL of ours anywhere in the documentation (templates hold ``{``, prose ``…``)."""


def variant_of(url: str) -> str:
    scheme, rest = url.split("://", 1)
    if scheme == "spryng" and ":" in rest.split("@", 1)[0]:
        return "spryng-simple"
    return scheme.removesuffix("s") if scheme == "smsgws" else scheme


def against_sandbox(url: str, sandbox: Sandbox) -> str:
    """``url`` with the demo credentials, aimed at ``sandbox`` (``api_url``, or the gateway's host)."""
    variant = variant_of(url)
    scheme, rest = url.split("://", 1)
    where = rest.split("@", 1)[1].replace("127.0.0.1:8080", f"127.0.0.1:{sandbox.port}")
    if variant == "smsgw":  # the sandbox speaks plain HTTP on this machine
        path = where.partition("/")[2]
        return f"smsgw://{userinfo(variant)}@127.0.0.1:{sandbox.port}/{path}"
    if "api_url=" not in where:
        api_url = quote(sandbox.api_url(variant), safe="")
        where += ("&" if "?" in where else "?") + f"api_url={api_url}"
    return f"{scheme}://{userinfo(variant)}@{where}"


def test_the_documentation_has_a_sandbox_example_for_every_url_form() -> None:
    forms = {url.split("://", 1)[0] + (":" if url.split("@", 1)[0].count(":") > 1 else "") for url in SANDBOX_EXAMPLES}
    assert forms >= {"prosms", "smsdk", "smstools:", "spryng", "spryng:", "smsgw"}


def test_every_example_url_is_found() -> None:
    assert {variant_of(url) for url in EXAMPLE_URLS} == {
        "prosms",
        "smsdk",
        "smstools",
        "spryng",
        "spryng-simple",
        "smsgw",
    }
    assert any("?from=Home%20Alarm" in url for url in EXAMPLE_URLS)
    assert any("daily_limit=" in url for url in EXAMPLE_URLS)
    assert len(EXAMPLE_URLS) >= 17


def test_both_first_sms_examples_of_the_readme_are_tested() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.findall(r'apprise -vv -b "[^"]*" "([^"]+)"', readme)
    assert "prosms://YOUR_API_KEY@HomeAlarm/46701234567" in first
    assert set(first) <= set(EXAMPLE_URLS)
    assert set(first) & set(SANDBOX_EXAMPLES)


def test_the_apprise_page_documents_every_scheme_and_argument() -> None:
    for plugin in PLUGINS:
        for scheme in schemas(plugin):
            assert f"`{scheme}://" in APPRISE_SECTION
    for argument in (
        "?from=",
        "?to=",
        "?country=",
        "?api_url=",
        "?cto=",
        "?rto=",
        "?verify=no",
        "?overflow=",
        "?daily_limit=",
        "?repeat_window=",
    ):
        assert f"`{argument}" in APPRISE_SECTION
    for name in (
        "APPRISE_PLUGIN_PATH",
        "APPRISE_PLUGIN_PATHS",
        "notify-plugins apprise-path",
        "import notify_plugins.apprise",
    ):
        assert name in APPRISE_SECTION


@pytest.mark.parametrize("url", EXAMPLE_URLS)
def test_each_example_delivers_to_every_target_against_the_sandbox(
    url: str, sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        plugin = apprise.Apprise.instantiate(against_sandbox(url, sandbox))
        assert isinstance(plugin, SmsNotifyBase), caplog.text
        assert plugin.notify("Door open"), caplog.text
    assert [r.getMessage() for r in caplog.records] == []  # no target dropped, no sender refused
    assert len(plugin.targets) >= 1
    assert sorted(m["recipient"] for m in sandbox.messages()) == sorted(plugin.targets)
    expected_sender = apprise.Apprise.instantiate(url.replace("sms.example.com", "127.0.0.1")).sender
    assert {m["sender"] for m in sandbox.messages()} == {expected_sender}


@pytest.mark.parametrize("url", SANDBOX_EXAMPLES)
def test_each_sandbox_example_delivers_as_written(url: str, sandbox: Sandbox) -> None:
    plugin = apprise.Apprise.instantiate(url.replace("127.0.0.1:8080", f"127.0.0.1:{sandbox.port}"))
    assert isinstance(plugin, SmsNotifyBase)
    assert plugin.notify("Door open")
    assert len(sandbox.messages()) == 1


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(piece) for piece in text.split(".")[:3])


def test_the_supported_apprise_range_is_the_one_tested() -> None:
    found = re.search(r"Apprise \*\*(\d+\.\d+\.\d+) to (\d+\.\d+\.\d+)\*\* is supported", APPRISE_SECTION)
    assert found is not None
    oldest, newest = found.groups()
    assert f"Apprise {oldest} to {newest}." in (ROOT / "README.md").read_text(encoding="utf-8")
    script = (ROOT / "scripts" / "apprise-oldest.sh").read_text(encoding="utf-8")
    assert f"APPRISE_OLDEST={oldest}\n" in script
    assert _version(oldest) <= _version(apprise.__version__) <= _version(newest), (
        f"Apprise {apprise.__version__} is outside the documented range: run the Apprise tests on it, then update"
        " docs/apprise.md and the README"
    )


def test_home_assistant_pins_the_oldest_supported_apprise() -> None:
    spec = importlib.util.find_spec("homeassistant")
    if spec is None or spec.origin is None:
        pytest.skip("Home Assistant is not installed here")
    found = [Path(spec.origin).parent / "components" / "apprise" / "manifest.json"]
    oldest = re.search(r"Apprise \*\*(\d+\.\d+\.\d+) to", APPRISE_SECTION)
    assert oldest is not None
    assert f'"apprise=={oldest.group(1)}"' in found[0].read_text(encoding="utf-8")
    assert f"{oldest.group(1)} is the version Home Assistant 2025.4 pins" in APPRISE_SECTION


def test_the_overflow_refusal_quoted_in_the_documentation_is_what_the_log_says(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    quoted = re.search(r"the log says why: `([^`]+)`", APPRISE_SECTION)
    assert quoted is not None
    url = against_sandbox("prosms://YOUR_API_KEY@HomeAlarm/46701234567", sandbox)
    with caplog.at_level(logging.WARNING):
        assert not apprise.Apprise.instantiate(url).notify("ж" * 1000)
    assert re.sub(r"\s+", " ", quoted.group(1)) in caplog.text
