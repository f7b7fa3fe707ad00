"""The built release artifacts, once per session.

``make dist`` builds them into ``dist/`` and passes that folder as ``NOTIFY_PLUGINS_DIST``;
run on their own, these tests build a fresh wheel and sdist into a temporary folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from notify_plugins import __version__
from tests.processes import ROOT

BUILD_SECONDS = 600


@pytest.fixture(scope="session")
def dist_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("NOTIFY_PLUGINS_DIST")
    if given:
        return (ROOT / given).resolve()
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--installer", "uv", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=BUILD_SECONDS,
    )
    return out


@pytest.fixture(scope="session")
def wheel(dist_dir: Path) -> Path:
    [found] = dist_dir.glob("*.whl")
    assert found.name == f"notify_plugins-{__version__}-py3-none-any.whl"
    return found


@pytest.fixture(scope="session")
def sdist(dist_dir: Path) -> Path:
    [found] = dist_dir.glob("*.tar.gz")
    assert found.name == f"notify_plugins-{__version__}.tar.gz"
    return found
