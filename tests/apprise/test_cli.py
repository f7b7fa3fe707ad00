"""The ``apprise`` command finds our services through ``notify-plugins apprise-path``.

Each test runs the real ``apprise`` executable of this environment as a subprocess,
against a sandbox on 127.0.0.1, with a private ``HOME`` (no user plugin folders or
configuration) and no proxy variables.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from notify_plugins import cli
from notify_plugins.sandbox import Sandbox
from notify_plugins.validation import mask_number
from tests.apprise.conftest import NUMBERS, VARIANTS, key_of, rejected, sandbox_url

APPRISE = Path(sys.executable).parent / "apprise"
ROOT = Path(__file__).resolve().parents[2]
PROXIES = {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"}


@pytest.fixture(scope="module")
def plugin_path() -> str:
    done = subprocess.run(
        [sys.executable, "-m", "notify_plugins", "apprise-path"], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return done.stdout.strip()


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in PROXIES and not name.startswith("APPRISE")}
    return {**env, "HOME": str(tmp_path), "NO_PROXY": "127.0.0.1,localhost"}


def run_apprise(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(APPRISE), *args], capture_output=True, text=True, timeout=120, env=env, check=False)


def test_apprise_path_prints_a_folder_with_one_plugin_module(plugin_path: str) -> None:
    folder = Path(plugin_path)
    assert folder.is_dir()
    assert [p.name for p in folder.glob("*.py")] == ["notify_plugins_sms.py"]
    assert not (folder / "__init__.py").exists()  # Apprise then scans the folder's modules


def test_apprise_path_subcommand_prints_the_same_folder(capsys: pytest.CaptureFixture[str], plugin_path: str) -> None:
    assert cli.main(["apprise-path"]) == 0
    assert capsys.readouterr().out.strip() == plugin_path


def test_apprise_path_does_not_import_apprise() -> None:
    code = "import sys; from notify_plugins import cli; cli.main(['apprise-path']); print('apprise' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.parametrize("variant", VARIANTS)
def test_apprise_with_plugin_path_option_delivers_to_the_sandbox(
    variant: str, sandbox: Sandbox, plugin_path: str, environment: dict[str, str]
) -> None:
    url = sandbox_url(variant, sandbox)
    done = run_apprise(["-P", plugin_path, "-vv", "-b", "Door open", url], environment)
    assert done.returncode == 0, done.stdout + done.stderr
    assert [m["recipient"] for m in sandbox.messages(key_of(variant))] == [NUMBERS[variant]]
    assert "Sent " in done.stdout


@pytest.mark.parametrize("variant", ["prosms", "smsgw"])
def test_apprise_with_plugin_path_variable_delivers_to_the_sandbox(
    variant: str, sandbox: Sandbox, plugin_path: str, environment: dict[str, str]
) -> None:
    done = run_apprise(
        ["-b", "Door open", "-t", "Alarm", sandbox_url(variant, sandbox)],
        {**environment, "APPRISE_PLUGIN_PATH": plugin_path},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert [m["text"] for m in sandbox.messages(key_of(variant))] == ["Alarm\nDoor open"]


def test_apprise_exits_non_zero_on_a_partial_failure_and_names_the_refused_number(
    sandbox: Sandbox, plugin_path: str, environment: dict[str, str]
) -> None:
    url = sandbox_url("prosms", sandbox, NUMBERS["prosms"], rejected(NUMBERS["prosms"]))
    done = run_apprise(["-P", plugin_path, "-v", "-b", "Door open", url], environment)
    assert done.returncode == 1
    assert "ProSMS.se rejected the SMS to ********000: 1015" in done.stdout
    assert len(sandbox.messages("prosms")) == 1


def test_apprise_without_the_plugin_path_does_not_know_our_schemes(
    sandbox: Sandbox, environment: dict[str, str]
) -> None:
    done = run_apprise(["-b", "Door open", sandbox_url("prosms", sandbox)], environment)
    assert done.returncode != 0
    assert sandbox.messages() == []


def test_apprise_details_lists_our_five_services_with_their_templates(
    plugin_path: str, environment: dict[str, str]
) -> None:
    done = run_apprise(["-P", plugin_path, "--details"], environment)
    assert done.returncode == 0, done.stderr
    for name, template in [
        ("ProSMS.se", "prosms://{apikey}@{sender}/{targets}"),
        ("SMS.dk", "smsdk://{apikey}@{sender}/{targets}"),
        ("Smstools", "smstools://{key}:{secret}@{sender}/{targets}"),
        ("Spryng", "spryng://{username}:{secret}@{sender}/{targets}"),
        ("SMS gateway (send_sms.php)", "{schema}://{apikey}@{host}:{port}/{sender}/{targets}"),
    ]:
        assert name in done.stdout
        assert template in done.stdout
    assert "Schema(s): smsgw, smsgws" in done.stdout


@pytest.mark.parametrize("verbosity", ["-vvv", "-vvvv"])
@pytest.mark.parametrize("variant", ["prosms", "smsgw"])
def test_no_full_number_appears_in_apprise_output_at_any_verbosity(
    variant: str, verbosity: str, sandbox: Sandbox, plugin_path: str, environment: dict[str, str]
) -> None:
    national = "0709876543" if variant == "prosms" else "07483938221"
    url = sandbox_url(variant, sandbox, NUMBERS[variant], national)
    done = run_apprise(["-P", plugin_path, verbosity, "-b", "Door open", url], environment)
    assert done.returncode == 0, done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "Loaded " in output  # Apprise's line with our url(privacy=True)
    for number in (NUMBERS[variant], national, national.lstrip("0")):
        assert number not in output
    assert mask_number(NUMBERS[variant]) in output
