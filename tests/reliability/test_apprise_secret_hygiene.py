"""The ``apprise`` command at its most verbose (``-vvvv``) prints no credential.

Each provider's URL is sent through the real ``apprise`` CLI against the sandbox, once
with the sandbox's demo credentials (the send succeeds) and once with distinctive wrong
ones (the provider refuses them, the path where error texts are built). Everything the
process prints, on stdout and stderr, is searched for the secrets in every spelling.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from benchmarks.canned import DEMO_CONFIG, VARIANTS, provider_key
from benchmarks.sandbox import ROOT
from benchmarks.sandbox import SandboxProcess as Sandbox
from tests.reliability.secrets import SECRETS, leaks

APPRISE = Path(sys.executable).parent / "apprise"
NUMBER = "46701234567"


@pytest.fixture(scope="module")
def plugin_path() -> str:
    done = subprocess.run(
        [sys.executable, "-m", "notify_plugins", "apprise-path"], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return done.stdout.strip()


def apprise_url(variant: str, credentials: dict[str, str], sandbox: Sandbox) -> str:
    """The documented URL form ("URL forms" in docs/apprise.md) aimed at the sandbox."""
    q = {name: quote(value, safe="") for name, value in credentials.items()}
    api_url = quote(sandbox.api_url(variant), safe="")
    if variant == "smsgw":
        return f"smsgw://{q['api_key']}@{sandbox.base.removeprefix('http://')}/HomeAlarm/{NUMBER}"
    if variant == "smstools":
        user = f"{q['api_key']}:{q['api_secret']}"
    elif variant == "spryng-simple":
        user = f"{q['username']}:{q['secret']}"
    else:
        user = q["api_key"]
    return f"{provider_key(variant)}://{user}@HomeAlarm/{NUMBER}?api_url={api_url}"


@pytest.mark.parametrize("accepted", [True, False], ids=["demo-account", "refused-key"])
@pytest.mark.parametrize("variant", VARIANTS)
def test_apprise_cli_at_vvvv_prints_no_secret(variant: str, accepted: bool, sandbox: Sandbox, plugin_path: str) -> None:
    credentials = DEMO_CONFIG[variant] if accepted else SECRETS[variant]
    done = subprocess.run(
        [str(APPRISE), "-vvvv", "-P", plugin_path, "-b", "Secret hygiene", apprise_url(variant, credentials, sandbox)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )
    printed = done.stdout + done.stderr
    assert (done.returncode == 0) is accepted, printed[-2000:]
    assert leaks(variant, printed, credentials) == [], printed
