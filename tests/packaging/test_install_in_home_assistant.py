"""End to end: Home Assistant installs the built wheel itself, from the HACS release zips.

As HACS installs a release: each provider's asset (``notify-plugins export-hacs DOMAIN OUT
--zip DOMAIN.zip``, what the release attaches) is unpacked into
``custom_components/DOMAIN`` of a fresh configuration, the way HACS extracts it, and a bare
Home Assistant 2025.4.4 (its own virtual environment, ``.venv-hass``, made by
``scripts/bootstrap.sh hass``, without notify-plugins) starts on it WITHOUT ``--skip-pip``.
Home Assistant reads the manifests' requirement and installs it with ``uv pip install``;
``UV_FIND_LINKS`` points uv at a folder holding only our wheel, while the library's own
dependencies come from PyPI. The YAML sets up every provider's notify platform against the
sandbox with an automation that sends when Home Assistant starts. The test asserts each
message arrived, that exactly this version was installed (from our wheel), and that Apprise
was not, so ``notify-plugins apprise-path`` there says what to install.

The Home Assistant environment is kept between runs; what Home Assistant installed in an
earlier run (notify-plugins, and Apprise had it come along) is removed first.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest

from notify_plugins import __version__, distribution
from tests.processes import (
    RECIPIENT,
    ROOT,
    STOP_SECONDS,
    child,
    free_port,
    hass_configuration,
    problems,
    running_sandbox,
    tail,
    wait_for_tags,
    write_configuration,
)

pytestmark = pytest.mark.slow

DOMAINS = ("prosms", "smsdk", "smstools", "spryng", "smsgw")
HASS_VENV = ROOT / ".venv-hass"
BOOTSTRAP_SECONDS = 1800
INSTALL_AND_DELIVERY_SECONDS = 600.0
"""Start-up with the installs Home Assistant makes (our wheel, the first time also the
frontend and the other default integrations' requirements) and one send."""

INSTALLED = """
import importlib.metadata, json
print(json.dumps({d.metadata["Name"].lower(): d.version for d in importlib.metadata.distributions()}))
"""


@pytest.fixture(scope="module")
def hass_python() -> Path:
    """The bare Home Assistant environment, made once and cached, without notify-plugins."""
    subprocess.run([ROOT / "scripts" / "bootstrap.sh", "hass"], check=True, timeout=BOOTSTRAP_SECONDS)
    python = HASS_VENV / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "uv", "pip", "uninstall", "--quiet", "--python", python, "notify-plugins", "apprise"],
        check=True,
        timeout=120,
    )
    return python


def installed(python: Path) -> dict[str, str]:
    """Distribution name -> version, in the environment of ``python``."""
    done = subprocess.run([python, "-I", "-c", INSTALLED], capture_output=True, text=True, check=True, timeout=60)
    found: dict[str, str] = json.loads(done.stdout)
    return found


def home_assistant_environment(wheels: Path) -> dict[str, str]:
    """This environment, minus anything that points at another Python environment or
    installer setting, plus the folder uv should find our wheel in."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"} and not name.startswith(("UV_", "PIP_"))
    }
    return {**env, "UV_FIND_LINKS": str(wheels)}


def install_release_zip(domain: str, config_dir: Path, scratch: Path) -> None:
    """The release asset of ``domain``, made by the command, unpacked as HACS unpacks it:
    every member checked to stay inside the folder, then extracted into it."""
    asset = scratch / f"{domain}.zip"
    subprocess.run(
        [sys.executable, "-m", "notify_plugins", "export-hacs", domain, scratch / domain, "--zip", asset],
        check=True,
        capture_output=True,
        timeout=60,
    )
    target = config_dir / "custom_components" / domain
    with zipfile.ZipFile(asset) as archive:
        for member in archive.namelist():
            assert (target / member).resolve().is_relative_to(target.resolve()), member
        archive.extractall(target)


def test_home_assistant_installs_the_wheel_the_manifest_pins_and_delivers_without_apprise(
    wheel: Path, hass_python: Path, tmp_path: Path
) -> None:
    assert distribution.NAME not in installed(hass_python)
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    shutil.copy(wheel, wheels)
    config_dir = tmp_path / "config"
    for domain in DOMAINS:
        install_release_zip(domain, config_dir, tmp_path)
    tags = {domain: f"install-{domain}-{uuid.uuid4().hex[:8]}" for domain in DOMAINS}
    log = tmp_path / "hass.out"

    with running_sandbox(tmp_path) as sandbox:
        config = hass_configuration(sandbox, free_port(), tags)
        config["logger"]["logs"] = {"homeassistant.util.package": "info"}  # "Attempting install of ..."
        write_configuration(config_dir, config)
        command = [HASS_VENV / "bin" / "hass", "-c", config_dir, "--log-no-color"]
        with child(command, log, tmp_path, env=home_assistant_environment(wheels)) as hass:
            records = wait_for_tags(hass, log, sandbox, tags, INSTALL_AND_DELIVERY_SECONDS)
            hass.send_signal(signal.SIGTERM)
            assert hass.wait(STOP_SECONDS) == 0, tail(log)

    for tag in tags.values():
        [record] = [r for r in records if tag in r]
        assert RECIPIENT.removeprefix("+") in record
    assert f"Attempting install of {distribution.requirement()}" in log.read_text()
    assert problems(log) == []

    after = installed(hass_python)
    assert after[distribution.NAME] == __version__
    assert "apprise" not in after
    where = [hass_python, "-I", "-c", "import notify_plugins; print(notify_plugins.__file__)"]
    site = Path(subprocess.check_output(where, text=True).strip())
    with zipfile.ZipFile(wheel) as archive:
        assert site.read_bytes() == archive.read("notify_plugins/__init__.py")  # ours, not a namesake

    # Its command line is there too, and says in one line what the Apprise plugins need.
    done = subprocess.run(
        [HASS_VENV / "bin" / "notify-plugins", "apprise-path"], check=False, capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    assert done.stderr.strip() == distribution.apprise_missing_line("apprise-path")
