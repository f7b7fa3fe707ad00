#!/usr/bin/env python3
"""The release steps that are not uploads, shared by `make release-check` and the release workflow.

`.github/workflows/release.yml` runs each subcommand as a step of its own on a `v*` tag;
`make release-check` runs them all locally, so a tag is pushed only after they passed here.

    scripts/release.py version              the package version (read, not imported)
    scripts/release.py check-tag [TAG]      fail unless TAG is v<version>; without TAG, the
                                            v* tag at HEAD, or v<version> when HEAD has none
    scripts/release.py check-dist DIST      fail unless DIST holds exactly this version's wheel and sdist
    scripts/release.py notes OUT [--dated]  the CHANGELOG section of the version, for the GitHub
                                            release; --dated fails while it says "unreleased"
    scripts/release.py hacs OUTDIR          each provider's HACS repository in OUTDIR/hacs/DOMAIN
                                            and its release asset OUTDIR/DOMAIN.zip
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAINS = ("prosms", "smsdk", "smstools", "spryng", "smsgw")
DATED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class ReleaseError(Exception):
    """A release step that must stop the release, with the reason to print."""


def package_version(root: Path = ROOT) -> str:
    """``__version__`` of ``notify_plugins/__init__.py``, parsed as setuptools reads it."""
    tree = ast.parse((root / "notify_plugins" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and [getattr(target, "id", None) for target in node.targets] == ["__version__"]
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    raise ReleaseError("notify_plugins/__init__.py assigns no __version__ string")


def tag_at_head(root: Path = ROOT) -> str | None:
    """The ``v*`` tag on the checked-out commit, if there is one."""
    git = shutil.which("git")
    if git is None:
        return None
    done = subprocess.run(  # noqa: S603 (fixed arguments)
        [git, "tag", "--points-at", "HEAD", "--list", "v*"], cwd=root, capture_output=True, text=True, check=False
    )
    tags = done.stdout.split() if done.returncode == 0 else []
    return tags[0] if tags else None


def check_tag(tag: str, version: str) -> None:
    if tag != f"v{version}":
        raise ReleaseError(
            f"the tag {tag} is not v{version}, the version in notify_plugins/__init__.py: "
            "tag the commit whose version you mean to release"
        )


def check_dist(dist: Path, version: str) -> list[Path]:
    """The wheel and sdist of ``version``, and nothing else, in ``dist``."""
    expected = {f"notify_plugins-{version}-py3-none-any.whl", f"notify_plugins-{version}.tar.gz"}
    found = {path.name for path in dist.iterdir()} if dist.is_dir() else set()
    if found != expected:
        raise ReleaseError(f"{dist} holds {sorted(found)}, not {sorted(expected)}")
    return sorted(dist / name for name in expected)


def changelog_section(changelog: str, version: str) -> tuple[str, str]:
    """The date of ``## [version] - date`` and the text up to the next ``## `` heading."""
    heading = re.compile(rf"^## \[{re.escape(version)}\](?: - (?P<date>.+))?$", re.MULTILINE)
    match = heading.search(changelog)
    if match is None:
        raise ReleaseError(f"CHANGELOG.md has no section '## [{version}]'")
    following = re.compile(r"^## ", re.MULTILINE).search(changelog, match.end())
    body = changelog[match.end() : following.start() if following else len(changelog)]
    body = re.sub(r"^\[[^\]]+\]: \S+$", "", body, flags=re.MULTILINE).strip()
    if not body:
        raise ReleaseError(f"the CHANGELOG.md section of {version} is empty")
    return (match.group("date") or "").strip(), body + "\n"


def write_notes(out: Path, version: str, *, dated: bool, root: Path = ROOT) -> str:
    date, body = changelog_section((root / "CHANGELOG.md").read_text(encoding="utf-8"), version)
    if not DATED.fullmatch(date):
        message = f"the CHANGELOG.md section of {version} is dated {date or 'nothing'!r}, not YYYY-MM-DD"
        if dated:
            raise ReleaseError(message + ": give it the release date before tagging")
        print(f"note: {message}; the release workflow refuses that", file=sys.stderr)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(body, encoding="utf-8")
    return body


def write_hacs(outdir: Path, root: Path = ROOT) -> list[Path]:
    """Export every provider's HACS repository and write its release zip from that export."""
    sys.path.insert(0, str(root))
    from notify_plugins.hacs import export_hacs, release_zip_name, write_release_zip

    assets = []
    for domain in DOMAINS:
        export = export_hacs(domain, outdir / "hacs" / domain, source=root)
        assets.append(write_release_zip(export / "custom_components" / domain, outdir / release_zip_name(domain)))
    return assets


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/release.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("version")
    tag = sub.add_parser("check-tag")
    tag.add_argument("tag", nargs="?")
    dist = sub.add_parser("check-dist")
    dist.add_argument("dist", type=Path)
    notes = sub.add_parser("notes")
    notes.add_argument("out", type=Path)
    notes.add_argument("--dated", action="store_true", help="fail unless the section carries a date")
    hacs = sub.add_parser("hacs")
    hacs.add_argument("outdir", type=Path)
    args = parser.parse_args(argv)

    version = package_version()
    try:
        if args.command == "version":
            print(version)
        elif args.command == "check-tag":
            given = args.tag or tag_at_head()
            if given is None:
                print(f"HEAD has no v* tag; it would be released as v{version}")
            else:
                check_tag(given, version)
                print(f"{given} is the package version")
        elif args.command == "check-dist":
            for path in check_dist(args.dist, version):
                print(path)
        elif args.command == "notes":
            write_notes(args.out, version, dated=args.dated)
            print(f"Wrote the release notes of {version} to {args.out}")
        elif args.command == "hacs":
            for asset in write_hacs(args.outdir):
                print(asset)
    except (ReleaseError, OSError, ValueError) as err:
        print(f"release: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
