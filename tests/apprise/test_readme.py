"""The README's Apprise examples work as written (with the sandbox's real port)."""

from __future__ import annotations

import re
from pathlib import Path

import apprise
import pytest

from notify_plugins.apprise import PLUGINS, SmsNotifyBase, schemas
from notify_plugins.sandbox import Sandbox

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
SANDBOX_EXAMPLES = re.findall(r'apprise -b "Door open" "([a-z]+://[^"]*127\.0\.0\.1:8080[^"]*)"', README)


def test_the_readme_has_a_sandbox_example_for_every_url_form() -> None:
    forms = {url.split("://", 1)[0] + (":" if url.split("@", 1)[0].count(":") > 1 else "") for url in SANDBOX_EXAMPLES}
    assert forms >= {"prosms", "smsdk", "smstools:", "spryng", "spryng:", "smsgw"}


def test_the_readme_documents_every_scheme_and_argument() -> None:
    section = README.split("## Apprise", 1)[1].split("\n## ", 1)[0]
    for plugin in PLUGINS:
        for scheme in schemas(plugin):
            assert f"`{scheme}://" in section
    for argument in ("?from=", "?to=", "?country=", "?api_url=", "?cto=", "?rto=", "?verify=no"):
        assert f"`{argument}" in section
    for name in (
        "APPRISE_PLUGIN_PATH",
        "APPRISE_PLUGIN_PATHS",
        "notify-plugins apprise-path",
        "import notify_plugins.apprise",
    ):
        assert name in section


@pytest.mark.parametrize("url", SANDBOX_EXAMPLES)
def test_each_sandbox_example_delivers(url: str, sandbox: Sandbox) -> None:
    plugin = apprise.Apprise.instantiate(url.replace("127.0.0.1:8080", f"127.0.0.1:{sandbox.port}"))
    assert isinstance(plugin, SmsNotifyBase)
    assert plugin.notify("Door open")
    assert len(sandbox.messages()) == 1
