"""The release: the workflow a ``v*`` tag runs, and the steps it shares with ``make release-check``.

The workflow cannot run here (it uploads), so its file is read as GitHub reads it and each
promised step is looked for by what it does; the steps themselves (``scripts/release.py``)
run for real.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shlex
import sys
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from notify_plugins import __version__
from notify_plugins.hacs import COUNTRIES
from tests.processes import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def load_release_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("release_script", ROOT / "scripts" / "release.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


release = load_release_script()


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text())
    return data


def steps(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = workflow["jobs"][job]["steps"]
    return found


def step_running(workflow: dict[Any, Any], job: str, pattern: str) -> dict[str, Any]:
    """The one step of ``job`` whose command or action matches ``pattern``; it must be named or be an action."""
    matching = [s for s in steps(workflow, job) if re.search(pattern, s.get("run", "") + s.get("uses", ""))]
    assert len(matching) == 1, f"{job}: {len(matching)} steps match {pattern!r}"
    assert matching[0].get("name") or matching[0].get("uses")
    return matching[0]


def release_commands(text: str) -> list[list[str]]:
    """Every ``scripts/release.py`` call in ``text``, as its arguments after the script."""
    calls = []
    for line in text.splitlines():
        if "scripts/release.py" in line:
            words = shlex.split(line.replace("\\", ""))
            calls.append(words[words.index("scripts/release.py") + 1 :])
    return calls


def test_the_workflow_runs_on_version_tags_only(workflow: dict[Any, Any]) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}


def test_the_wheel_and_sdist_are_built_once_and_checked(workflow: dict[Any, Any]) -> None:
    builds = [
        (job, s) for job in workflow["jobs"] for s in steps(workflow, job) if "python -m build" in s.get("run", "")
    ]
    assert [job for job, _ in builds] == ["build"]
    assert "--strict dist/*" in step_running(workflow, "build", r"twine check")["run"]
    upload = step_running(workflow, "build", r"actions/upload-artifact")
    assert upload["with"]["path"].split() == ["dist/", "release/"]
    for job in ("pypi", "github-release", "hacs"):
        assert step_running(workflow, job, r"actions/download-artifact")["with"]["name"] == "release"


def test_the_tag_is_checked_against_the_package_version_before_the_build(workflow: dict[Any, Any]) -> None:
    names = [s.get("run", "") for s in steps(workflow, "build")]
    tag = step_running(workflow, "build", r"release\.py check-tag")
    assert '"$GITHUB_REF_NAME"' in tag["run"]
    assert names.index(tag["run"]) < next(i for i, run in enumerate(names) if "python -m build" in run)


def test_pypi_is_published_by_trusted_publishing_from_the_pypi_environment(workflow: dict[Any, Any]) -> None:
    job = workflow["jobs"]["pypi"]
    publish = step_running(workflow, "pypi", r"pypa/gh-action-pypi-publish")
    assert job["needs"] == "build"
    assert job["environment"]["name"] == "pypi"
    assert job["permissions"] == {"id-token": "write"}
    assert publish["uses"] == "pypa/gh-action-pypi-publish@release/v1"
    assert not {"password", "user"} & set(publish.get("with", {}))  # no stored token


def test_the_github_release_carries_the_artifacts_the_changelog_and_the_hacs_zips(workflow: dict[Any, Any]) -> None:
    job = workflow["jobs"]["github-release"]
    create = step_running(workflow, "github-release", r"gh release create")
    assert job["needs"] == "pypi"  # never a release whose pinned requirement PyPI lacks
    assert job["permissions"] == {"contents": "write"}
    assert "dist/* release/*.zip" in create["run"]
    assert "--notes-file release/notes.md" in create["run"]
    notes = step_running(workflow, "build", r"release\.py notes")
    assert release_commands(notes["run"]) == [["notes", "release/notes.md", "--dated"]]
    assert release_commands(step_running(workflow, "build", r"release\.py hacs")["run"]) == [["hacs", "release"]]


def test_each_provider_is_released_to_its_own_repository_or_skipped_with_a_word(workflow: dict[Any, Any]) -> None:
    job = workflow["jobs"]["hacs"]
    assert job["needs"] == "pypi"
    assert job["strategy"]["matrix"]["domain"] == list(COUNTRIES)
    assert job["env"]["TOKEN"] == "${{ secrets.HACS_EXPORT_TOKEN }}"
    assert job["env"]["REPOSITORY"].endswith("/notify-plugins-${{ matrix.domain }}")
    [skip, *work] = steps(workflow, "hacs")
    assert skip["if"] == "env.TOKEN == '' || env.OWNER == ''"
    assert "::warning" in skip["run"] and "skipped" in skip["run"]
    assert all(s["if"] == "env.TOKEN != '' && env.OWNER != ''" for s in work)
    push = step_running(workflow, "hacs", r"git push")
    assert 'refs/tags/$GITHUB_REF_NAME"' in push["run"]
    assert '"release/$DOMAIN.zip"' in step_running(workflow, "hacs", r"gh release create")["run"]


def test_make_release_check_runs_every_step_of_the_workflow_but_the_uploads(workflow: dict[Any, Any]) -> None:
    makefile = (ROOT / "Makefile").read_text()
    target = re.search(r"^release-check:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert target, "no release-check target"
    local = {call[0] for call in release_commands(target.group(1))}
    in_workflow = {call[0] for s in steps(workflow, "build") for call in release_commands(s.get("run", ""))}
    assert in_workflow == local == {"check-tag", "check-dist", "notes", "hacs"}
    assert re.search(r"^release-check: dist\b", makefile, re.MULTILINE)  # build and twine check


def test_the_script_reads_the_version_the_package_has() -> None:
    assert release.package_version() == __version__


def test_a_tag_other_than_v_and_the_version_is_refused() -> None:
    release.check_tag(f"v{__version__}", __version__)
    for wrong in (__version__, f"v{__version__}.1", "v0.0.0"):
        with pytest.raises(release.ReleaseError, match=re.escape("notify_plugins/__init__.py")):
            release.check_tag(wrong, __version__)


def test_check_tag_fails_with_a_reason_on_a_wrong_tag(capsys: pytest.CaptureFixture[str]) -> None:
    assert release.main(["check-tag", "v9.9.9"]) == 1
    assert "v9.9.9 is not" in capsys.readouterr().err


CHANGELOG = """# Changelog

## [Unreleased]

- later

## [1.2.0] - 2027-01-05

### Added

- a thing

## [1.1.0] - 2026-12-01

- older

[Unreleased]: https://example.invalid/compare/v1.2.0...HEAD
[1.2.0]: https://example.invalid/releases/tag/v1.2.0
"""


def test_the_release_notes_are_the_version_s_changelog_section() -> None:
    assert release.changelog_section(CHANGELOG, "1.2.0") == ("2027-01-05", "### Added\n\n- a thing\n")
    assert release.changelog_section(CHANGELOG, "1.1.0") == ("2026-12-01", "- older\n")
    with pytest.raises(release.ReleaseError, match=r"no section '## \[1.3.0\]'"):
        release.changelog_section(CHANGELOG, "1.3.0")


def test_the_workflow_refuses_an_undated_section_and_the_local_check_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "CHANGELOG.md").write_text(CHANGELOG.replace("2027-01-05", "unreleased"))
    with pytest.raises(release.ReleaseError, match="release date"):
        release.write_notes(tmp_path / "notes.md", "1.2.0", dated=True, root=tmp_path)
    assert release.write_notes(tmp_path / "notes.md", "1.2.0", dated=False, root=tmp_path).startswith("### Added")
    assert "refuses" in capsys.readouterr().err


def test_the_notes_of_this_version_can_be_written(tmp_path: Path) -> None:
    assert release.main(["notes", str(tmp_path / "notes.md")]) == 0
    assert "### Added" in (tmp_path / "notes.md").read_text()


def test_dist_must_hold_exactly_this_version_s_wheel_and_sdist(tmp_path: Path) -> None:
    wheel, sdist = f"notify_plugins-{__version__}-py3-none-any.whl", f"notify_plugins-{__version__}.tar.gz"
    for name in (wheel, sdist):
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in release.check_dist(tmp_path, __version__)] == sorted([wheel, sdist])
    (tmp_path / "notify_plugins-0.0.1.tar.gz").write_bytes(b"")
    with pytest.raises(release.ReleaseError, match="holds"):
        release.check_dist(tmp_path, __version__)


def test_the_hacs_step_writes_five_repositories_and_their_zips_the_same_each_time(tmp_path: Path) -> None:
    first = release.write_hacs(tmp_path / "one")
    second = release.write_hacs(tmp_path / "two")
    assert [p.name for p in first] == [f"{domain}.zip" for domain in COUNTRIES]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    for asset in first:
        domain = asset.stem
        hacs = json.loads((tmp_path / "one" / "hacs" / domain / "hacs.json").read_text())
        assert hacs["filename"] == asset.name
        with zipfile.ZipFile(asset) as archive:
            assert "manifest.json" in archive.namelist()
