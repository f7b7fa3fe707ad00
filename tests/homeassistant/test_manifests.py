"""What each integration folder declares: manifest, version pin, translations, imports.

The version has one source, ``notify_plugins.__version__`` (pyproject reads it as its
dynamic ``version``): every manifest's ``version`` and its ``requirements`` pin are
generated from it (``make generate``), and a release that forgets to regenerate fails here.
"""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from awesomeversion import AwesomeVersion
from homeassistant.const import __version__ as running
from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration
from homeassistant.util.package import is_installed

import notify_plugins
from notify_plugins import distribution
from notify_plugins.hacs import MINIMUM_HOMEASSISTANT, export_hacs
from notify_plugins.homeassistant import translation_file
from notify_plugins.homeassistant.manifest import manifest_json
from notify_plugins.providers import provider_class
from tests.homeassistant.helpers import DOMAINS

ROOT = Path(__file__).resolve().parents[2]
COMPONENTS = ROOT / "custom_components"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())

MANIFEST_KEYS = [
    "domain",
    "name",
    "codeowners",
    "config_flow",
    "dependencies",
    "documentation",
    "integration_type",
    "iot_class",
    "issue_tracker",
    "loggers",
    "requirements",
    "version",
]
"""``domain`` and ``name`` first, then the rest alphabetically (hassfest's order)."""


def manifest(domain: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((COMPONENTS / domain / "manifest.json").read_text())
    return data


def test_the_five_integrations_are_the_five_provider_keys() -> None:
    folders = sorted(p.name for p in COMPONENTS.iterdir() if (p / "manifest.json").is_file())

    assert folders == sorted(DOMAINS)


def test_pyproject_takes_its_version_from_the_package_and_its_name_is_the_one_pinned() -> None:
    project = PYPROJECT["project"]

    assert "version" not in project
    assert project["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "notify_plugins.__version__"}
    assert project["name"] == distribution.NAME


@pytest.mark.parametrize("domain", DOMAINS)
def test_manifest_on_disk_is_the_generated_one(domain: str) -> None:
    """Run ``make generate`` after changing the version or a manifest field."""
    assert (COMPONENTS / domain / "manifest.json").read_text() == manifest_json(domain)


@pytest.mark.parametrize("domain", DOMAINS)
def test_manifest_has_exactly_the_required_keys_in_hassfest_order(domain: str) -> None:
    calls_back = bool(provider_class(domain).callback_methods)
    expected = [key for key in MANIFEST_KEYS if key != "dependencies" or calls_back]

    assert list(manifest(domain)) == expected


@pytest.mark.parametrize("domain", DOMAINS)
def test_integrations_whose_provider_calls_back_depend_on_webhook(domain: str) -> None:
    calls_back = bool(provider_class(domain).callback_methods)

    assert manifest(domain).get("dependencies", []) == (["webhook"] if calls_back else [])


@pytest.mark.parametrize("domain", DOMAINS)
def test_manifest_version_and_requirement_follow_the_package_version(domain: str) -> None:
    data = manifest(domain)

    assert data["version"] == notify_plugins.__version__
    assert data["requirements"] == [f"{PYPROJECT['project']['name']}=={notify_plugins.__version__}"]


@pytest.mark.parametrize("domain", DOMAINS)
def test_manifest_describes_a_cloud_push_service_of_this_project(domain: str) -> None:
    """A service: each entry is one account at an online SMS service (Home Assistant's "one
    service per config entry"), so the integration page lists accounts under "Services"."""
    data = manifest(domain)

    assert data["domain"] == domain
    assert data["codeowners"] == ["@notify-plugins"]
    assert data["documentation"] == "https://github.com/notify-plugins/notify-plugins/blob/main/docs/home-assistant.md"
    assert data["issue_tracker"] == "https://github.com/notify-plugins/notify-plugins/issues"
    assert (data["integration_type"], data["iot_class"]) == ("service", "cloud_push")
    assert data["config_flow"] is True
    assert data["loggers"] == ["notify_plugins"]


@pytest.mark.parametrize("domain", DOMAINS)
def test_requirement_is_satisfied_by_the_installed_package(domain: str) -> None:
    """Home Assistant would otherwise try to install it from PyPI at startup."""
    assert is_installed(manifest(domain)["requirements"][0])


@pytest.mark.parametrize("domain", DOMAINS)
async def test_home_assistant_loads_the_integration_from_its_manifest(hass: HomeAssistant, domain: str) -> None:
    integration = await async_get_integration(hass, domain)

    assert integration.pkg_path == f"custom_components.{domain}"
    assert integration.name == manifest(domain)["name"]
    assert str(integration.version) == notify_plugins.__version__


@pytest.mark.parametrize("domain", DOMAINS)
def test_domain_is_not_a_core_integration(domain: str) -> None:
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(f"homeassistant.components.{domain}")


@pytest.mark.parametrize("domain", DOMAINS)
def test_notify_platform_is_built_for_its_own_provider(domain: str) -> None:
    module = importlib.import_module(f"custom_components.{domain}.notify")

    assert module.PLATFORM.domain == domain
    assert module.PLATFORM.provider is provider_class(domain)
    assert module.PLATFORM_SCHEMA is module.PLATFORM.schema


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_integration_hands_home_assistant_every_entry_hook_of_its_provider(domain: str) -> None:
    """Set-up, unload and removal (which deletes the spend guard's stored counts)."""
    module = importlib.import_module(f"custom_components.{domain}")

    assert module.INTEGRATION.provider is provider_class(domain)
    for hook in ("async_setup", "async_setup_entry", "async_unload_entry", "async_remove_entry"):
        assert getattr(module, hook) == getattr(module.INTEGRATION, hook), hook


@pytest.mark.parametrize("domain", DOMAINS)
def test_translations_carry_every_exception_text(domain: str) -> None:
    translations = json.loads((COMPONENTS / domain / "translations" / "en.json").read_text())

    carried = {key: translations["exceptions"].get(key) for key in translation_file()["exceptions"]}

    assert carried == translation_file()["exceptions"]


def _imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_integrations_never_import_apprise() -> None:
    sources = [*COMPONENTS.rglob("*.py"), *(ROOT / "notify_plugins" / "homeassistant").rglob("*.py")]
    imported = set().union(*(_imported_modules(path) for path in sources))

    assert not {m for m in imported if m.split(".")[0] == "apprise" or m.startswith("notify_plugins.apprise")}


def test_only_the_homeassistant_package_of_the_library_imports_home_assistant() -> None:
    outside = [
        path
        for path in (ROOT / "notify_plugins").rglob("*.py")
        if "homeassistant" not in path.relative_to(ROOT / "notify_plugins").parts
        and any(m.split(".")[0] == "homeassistant" for m in _imported_modules(path))
    ]

    assert outside == []


def test_loading_every_platform_leaves_apprise_unloaded() -> None:
    code = (
        "import sys\n"
        f"for domain in {DOMAINS!r}:\n"
        "    __import__(f'custom_components.{domain}.notify')\n"
        "unwanted = ('apprise', 'notify_plugins.apprise', 'notify_plugins.http.sync')\n"
        "print(sorted(m for m in unwanted if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)

    assert out.stdout.strip() == "[]"


def test_only_the_config_flow_platform_loads_the_set_up_flow() -> None:
    """What an account needs while it runs shares names with the flow (``const.py``), not its code."""
    platforms = ("", ".notify", ".sensor", ".switch", ".event", ".diagnostics", ".repairs")
    code = (
        "import importlib, sys\n"
        f"for name in {platforms!r}:\n"
        "    importlib.import_module(f'custom_components.prosms{name}')\n"
        "print('notify_plugins.homeassistant.flow' in sys.modules)\n"
        "importlib.import_module('custom_components.prosms.config_flow')\n"
        "print('notify_plugins.homeassistant.flow' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)

    assert out.stdout.split() == ["False", "True"]


def test_the_declared_minimum_home_assistant_is_the_oldest_tested_one(tmp_path: Path) -> None:
    """hacs.json (the repository's and every export's) and the documentation say 2025.4, and the
    suite never runs on anything older; manifests carry no version bound of their own."""
    exported = [json.loads((export_hacs(d, tmp_path / d) / "hacs.json").read_text()) for d in DOMAINS]
    declared = {json.loads((ROOT / "hacs.json").read_text())["homeassistant"], *(h["homeassistant"] for h in exported)}
    assert declared == {MINIMUM_HOMEASSISTANT} == {"2025.4.0"}
    assert AwesomeVersion(running) >= AwesomeVersion(MINIMUM_HOMEASSISTANT)
    for page in ("README.md", "docs/home-assistant.md"):
        assert "Home Assistant 2025.4 up to the current release" in (ROOT / page).read_text()
    assert all("homeassistant" not in manifest(domain) for domain in DOMAINS)
