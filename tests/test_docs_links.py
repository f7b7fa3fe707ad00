"""Every link and repository path in the documentation resolves.

A reader follows the README into ``docs/`` and back, and copies paths out of the pages: a
relative link must reach a file of the repository, its ``#anchor`` a heading of that file (as
GitHub derives heading anchors), and a path named in backticks (``notify_plugins/guard.py``)
must exist. Links to other sites are not followed: no test leaves this machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(
    [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md", *(ROOT / "docs").rglob("*.md")],
    key=lambda p: p.relative_to(ROOT).as_posix(),
)
GENERATED_TOP_LEVEL = {"dist", "release", "build", ".venv"}
"""Folders that commands write into a checkout: a path under them is named, not shipped."""
GENERATED_PATHS = {"benchmarks/results/latest.md"}
"""Files the documentation names as what a command writes (``make bench``)."""

FENCE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$", re.MULTILINE | re.DOTALL)
"""A fenced code block, also one indented into a list item."""
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+<?(\S+?)>?(?:\s.*)?$", re.MULTILINE)
PATH_LIKE = re.compile(r"[A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)+/?")
PLACEHOLDER = re.compile(r"^[A-Z][A-Z_]+$")
"""A segment such as ``DOMAIN`` or ``OUTDIR`` stands for a name the reader chooses."""


def prose(markdown: str) -> str:
    """The page without its fenced code blocks (a ``# comment`` there is no heading)."""
    return FENCE.sub("", markdown)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: its text, lower case, punctuation dropped, spaces to ``-``."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link counts by its text
    text = text.replace("`", "").replace("*", "")
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    found: set[str] = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", prose(page.read_text(encoding="utf-8")), re.MULTILINE):
        base = slug(heading)
        name, n = base, 0
        while name in found:  # GitHub numbers a repeated heading
            n += 1
            name = f"{base}-{n}"
        found.add(name)
    return found


def links(page: Path) -> Iterator[str]:
    text = CODE_SPAN.sub("", prose(page.read_text(encoding="utf-8")))
    yield from INLINE_LINK.findall(text)
    yield from REFERENCE.findall(text)


def code_paths(page: Path) -> Iterator[str]:
    """Repository paths named in backticks: a relative path whose first part the checkout has."""
    for _, span in CODE_SPAN.findall(prose(page.read_text(encoding="utf-8"))):
        path = span.removeprefix("./")
        if not PATH_LIKE.fullmatch(path) or path.startswith("../"):
            continue
        parts = path.rstrip("/").split("/")
        if parts[0] in GENERATED_TOP_LEVEL or any(PLACEHOLDER.match(part) for part in parts):
            continue
        if (ROOT / parts[0]).exists():
            yield path


def name(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def test_the_pages_are_found() -> None:
    names = {name(page) for page in PAGES}
    assert {
        "README.md",
        "CONTRIBUTING.md",
        "docs/home-assistant.md",
        "docs/apprise.md",
        "docs/delivery-reports.md",
        "docs/spend-guard.md",
        "docs/providers/prosms.md",
        "docs/providers/gateway.md",
    } <= names


@pytest.mark.parametrize("page", PAGES, ids=name)
def test_every_relative_link_and_anchor_resolves(page: Path) -> None:
    broken = []
    for target in links(page):
        if re.match(r"^[a-z][a-z0-9+.\-]*:", target):  # https:, mailto: ... another site
            continue
        path, _, anchor = unquote(target).partition("#")
        destination = (page.parent / path).resolve() if path else page
        if not destination.is_relative_to(ROOT) or not destination.exists():
            broken.append(f"{target}: no such file")
        elif anchor and (destination.suffix != ".md" or anchor not in anchors(destination)):
            broken.append(f"{target}: no heading with that anchor")
    assert broken == []


@pytest.mark.parametrize("page", PAGES, ids=name)
def test_every_repository_path_named_exists(page: Path) -> None:
    missing = [p for p in code_paths(page) if p.rstrip("/") not in GENERATED_PATHS and not (ROOT / p).exists()]
    assert missing == []


def test_the_link_check_sees_what_it_checks() -> None:
    """The patterns find the README's links and paths, so an empty result above means something."""
    readme = ROOT / "README.md"
    assert "docs/home-assistant.md" in set(links(readme))
    assert any(
        p.startswith("custom_components/") or p.startswith("docs/") for p in code_paths(ROOT / "CONTRIBUTING.md")
    )
    assert slug("What `notify()` returns") == "what-notify-returns"
    assert slug("Home Assistant's own `apprise` platform") == "home-assistants-own-apprise-platform"
    assert slug("The `send_sms` action") == "the-send_sms-action"
    assert "# configuration.yaml" not in prose((ROOT / "docs" / "home-assistant.md").read_text(encoding="utf-8"))
    assert "notify.send_message" not in prose("1. Send:\n\n   ```yaml\n   action: notify.send_message\n   ```\n")


def test_every_screenshot_is_shown_with_a_caption() -> None:
    page = (ROOT / "docs" / "home-assistant.md").read_text(encoding="utf-8")
    for image in sorted((ROOT / "docs" / "images").glob("*.png")):
        shown = re.search(rf"!\[([^\]]+)\]\(images/{re.escape(image.name)}\)", page)
        assert shown is not None, image.name
        assert shown.group(1).strip()
