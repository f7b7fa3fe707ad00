"""Without the ``apprise`` extra, the commands that need Apprise say what to install.

Each test runs the command in a child Python whose import system refuses ``apprise``, as
in an environment where ``pip install notify-plugins`` left the extra out (Home
Assistant's, for one).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from notify_plugins.distribution import APPRISE_INSTALL
from tests.processes import ROOT

WITHOUT_APPRISE = """
import sys

class RefuseApprise:
    def find_spec(self, name, path=None, target=None):
        if name == "apprise" or name.startswith("apprise."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, RefuseApprise())
from notify_plugins.cli import main
sys.exit(main(sys.argv[1:]))
"""


def run_without_apprise(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_APPRISE, *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


@pytest.mark.parametrize("command", ["apprise-path", "demo"])
def test_a_command_that_needs_apprise_says_in_one_line_what_to_install(command: str) -> None:
    done = run_without_apprise(command)

    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"notify-plugins {command}: Apprise is not installed; install it with: {APPRISE_INSTALL}"
    ]
    assert APPRISE_INSTALL == 'pip install "notify-plugins[apprise]"'


def test_the_home_assistant_export_works_without_apprise(tmp_path: Path) -> None:
    done = run_without_apprise("export-hacs", "prosms", str(tmp_path / "repo"))

    assert done.returncode == 0, done.stderr
    assert (tmp_path / "repo" / "custom_components" / "prosms" / "manifest.json").is_file()


def test_the_documentation_says_what_to_install_for_apprise_and_that_home_assistant_does_without() -> None:
    readme = (ROOT / "README.md").read_text()
    apprise = readme.split("\n## Apprise\n", 1)[1].split("\n## ", 1)[0]
    apprise_page = (ROOT / "docs" / "apprise.md").read_text()
    home_assistant_install = (ROOT / "docs" / "home-assistant.md").read_text().split("\n## Install\n", 1)[1]

    assert f"```sh\n   {APPRISE_INSTALL}\n   ```" in apprise  # the README's first step
    assert f"```sh\n{APPRISE_INSTALL}\n```" in apprise_page
    assert "without Apprise" in home_assistant_install.split("\n## ", 1)[0]
