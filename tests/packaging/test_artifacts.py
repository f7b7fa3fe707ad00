"""What the release artifacts hold: the wheel everything the integrations and the Apprise
plugin path need and nothing of the tests; the sdist what a build needs; metadata that
installs Apprise only with the ``apprise`` extra, so Home Assistant never gets it."""

from __future__ import annotations

import re
import tarfile
import zipfile
from email.message import Message
from email.parser import HeaderParser
from pathlib import Path

from packaging.requirements import Requirement

from notify_plugins import __version__, distribution
from tests.processes import ROOT

PLUGIN_SHIM = "notify_plugins/apprise/plugin_path/notify_plugins_sms.py"
DIST_INFO = f"notify_plugins-{__version__}.dist-info"


def package_files() -> set[str]:
    """Every file of the package in this checkout, as an archive names it."""
    return {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "notify_plugins").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def wheel_text(wheel: Path, name: str) -> str:
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(name).decode()


def metadata(wheel: Path) -> Message:
    return HeaderParser().parsestr(wheel_text(wheel, f"{DIST_INFO}/METADATA"))


def sdist_names(sdist: Path) -> set[str]:
    """Its files, named below the sdist's top folder (``notify_plugins-X/``)."""
    with tarfile.open(sdist) as archive:
        return {member.name.split("/", 1)[1] for member in archive.getmembers() if member.isfile()}


def test_the_wheel_holds_every_file_of_the_package(wheel: Path) -> None:
    package = {name for name in wheel_names(wheel) if name.startswith("notify_plugins/")}

    assert package == package_files()
    assert {"notify_plugins/py.typed", PLUGIN_SHIM, "notify_plugins/homeassistant/__init__.py"} <= package


def test_the_wheel_holds_nothing_but_the_package_and_its_metadata(wheel: Path) -> None:
    names = wheel_names(wheel)

    assert {name.split("/")[0] for name in names} == {"notify_plugins", DIST_INFO}
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]
    assert f"{DIST_INFO}/licenses/LICENSE" in names


def test_the_wheel_installs_apprise_only_with_its_extra(wheel: Path) -> None:
    meta = metadata(wheel)
    requirements = [Requirement(text) for text in meta.get_all("Requires-Dist", [])]
    core = sorted(r.name for r in requirements if r.marker is None)
    [apprise] = [r for r in requirements if r.name == "apprise"]

    assert core == ["aiohttp", "phonenumbers", "requests", "voluptuous"]
    assert str(apprise.specifier) == ">=1.9.1"
    assert str(apprise.marker) == 'extra == "apprise"'
    assert "apprise" in meta.get_all("Provides-Extra", [])


def test_the_wheel_is_the_package_home_assistant_pins(wheel: Path) -> None:
    meta = metadata(wheel)

    assert (meta["Name"], meta["Version"]) == (distribution.NAME, __version__)
    assert distribution.requirement() == f"{meta['Name']}=={meta['Version']}"
    assert meta["License-Expression"] == "MIT"
    assert meta["Requires-Python"] == ">=3.11"
    assert "notify-plugins = notify_plugins.cli:main" in wheel_text(wheel, f"{DIST_INFO}/entry_points.txt")


def test_the_sdist_holds_what_a_build_needs_and_no_tests(sdist: Path) -> None:
    names = sdist_names(sdist)

    assert {"pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md", "PKG-INFO"} <= names
    assert {name for name in names if name.startswith("notify_plugins/")} == package_files()
    assert not [name for name in names if name.split("/")[0] in {"tests", "benchmarks", "custom_components"}]


def test_the_changelog_has_an_entry_for_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text()

    assert re.search(rf"^## \[{re.escape(__version__)}\]", changelog, re.MULTILINE)
