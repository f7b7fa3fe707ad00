"""Every source the code points a reader at is one they can open.

Docstrings and comments name files of this repository (``docs/providers/prosms.md``,
``notify_plugins/providers/compaya.py``...) as where a fact comes from or is kept. A reader
has only the repository, so each named path must exist in it; and each provider has its page
of facts. The pages themselves (their links, anchors and the paths they name) are checked in
``tests/test_docs_links.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notify_plugins.providers import PROVIDERS

ROOT = Path(__file__).resolve().parent.parent
TOP = ("docs", "notify_plugins", "custom_components", "tests", "benchmarks", "scripts")
NAMED_PATH = re.compile(rf"(?<![\w/.-])((?:{'|'.join(TOP)})/[\w./-]*)")
SOURCES = sorted(path for top in TOP for path in (ROOT / top).rglob("*.py"))
PAGES = {"prosms": "prosms", "smsdk": "smsdk", "smstools": "smstools", "spryng": "spryng", "smsgw": "gateway"}


PLACEHOLDER = re.compile(r"/[A-Z_]+(/|$)")
"""A capitalised step is a placeholder, as in ``custom_components/DOMAIN``; so is a path
that goes on with ``<`` or ``{`` (``tests/providers/test_<key>.py``)."""


def named_paths(source: Path) -> set[str]:
    """The repository paths ``source`` names (a full stop ending a sentence is not part of one)."""
    text = source.read_text(encoding="utf-8")
    found = {
        match.group(1).rstrip(".")
        for match in NAMED_PATH.finditer(text)
        if text[match.end() : match.end() + 1] not in ("<", "{")
    }
    return {path for path in found if not PLACEHOLDER.search(path)}


def test_the_sources_are_found() -> None:
    assert ROOT / "notify_plugins" / "providers" / "compaya.py" in SOURCES
    assert "docs/providers/prosms.md" in named_paths(ROOT / "notify_plugins" / "providers" / "compaya.py")


def test_every_path_a_source_names_exists() -> None:
    missing = {
        str(source.relative_to(ROOT)): sorted(path for path in named_paths(source) if not (ROOT / path).exists())
        for source in SOURCES
    }
    assert {source: paths for source, paths in missing.items() if paths} == {}


@pytest.mark.parametrize("key", PROVIDERS)
def test_each_provider_has_a_page_of_facts_its_module_points_at(key: str) -> None:
    page = f"docs/providers/{PAGES[key]}.md"
    assert (ROOT / page).exists()
    module = ROOT / PROVIDERS[key].partition(":")[0].replace(".", "/")
    assert page in named_paths(module.with_suffix(".py")) | named_paths(ROOT / "notify_plugins/providers/compaya.py")
