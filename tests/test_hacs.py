"""The HACS export: one provider's integration as a repository HACS accepts.

Each domain is exported into ``tmp_path`` and checked as HACS and hassfest would:
exactly one integration, manifest keys in order, only accepted ``hacs.json`` keys, a
valid brand icon, nothing else and no caches. The committed brand icons are checked too.
"""

from __future__ import annotations

import json
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from notify_plugins.cli import main
from notify_plugins.hacs import HACS_KEYS, brand_icon, export_hacs, repository_root

DOMAINS = ("prosms", "smsdk", "smstools", "spryng", "smsgw")
REQUIRED_MANIFEST_KEYS = {"domain", "name", "version", "documentation", "issue_tracker", "codeowners", "iot_class"}
COUNTRIES = {"prosms": "SE", "smsdk": "DK", "smstools": "IT", "spryng": "NL"}


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG after checking its signature, every chunk's CRC and its pixels."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, chunks = 8, {}
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc, kind
        chunks[kind] = chunks.get(kind, b"") + body
        offset += 12 + length
    assert set(chunks) >= {b"IHDR", b"IDAT", b"IEND"}
    width, height, depth, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour_type) == (8, 6)
    assert len(zlib.decompress(chunks[b"IDAT"])) == height * (1 + width * 4)
    return width, height


@pytest.mark.parametrize("domain", DOMAINS)
def test_each_committed_brand_icon_is_a_valid_256_pixel_png(domain: str) -> None:
    icon = repository_root() / "custom_components" / domain / "brand" / "icon.png"
    assert png_size(icon.read_bytes()) == (256, 256)


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_committed_icons_are_the_drawn_ones(domain: str) -> None:
    icon = repository_root() / "custom_components" / domain / "brand" / "icon.png"
    assert icon.read_bytes() == brand_icon(domain)


@pytest.mark.parametrize("domain", DOMAINS)
def test_an_export_holds_exactly_one_integration(domain: str, tmp_path: Path) -> None:
    out = export_hacs(domain, tmp_path / "repo")
    assert [p.name for p in (out / "custom_components").iterdir()] == [domain]
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "custom_components", "hacs.json", "icon.png"]


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_exported_manifest_has_the_required_keys_in_order(domain: str, tmp_path: Path) -> None:
    out = export_hacs(domain, tmp_path / "repo")
    manifest = json.loads((out / "custom_components" / domain / "manifest.json").read_text())
    keys = list(manifest)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    assert set(keys) >= REQUIRED_MANIFEST_KEYS
    assert manifest["domain"] == domain


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_exported_hacs_json_has_only_keys_hacs_accepts(domain: str, tmp_path: Path) -> None:
    out = export_hacs(domain, tmp_path / "repo")
    hacs = json.loads((out / "hacs.json").read_text())
    manifest = json.loads((out / "custom_components" / domain / "manifest.json").read_text())
    assert set(hacs) <= HACS_KEYS
    assert hacs["name"] == manifest["name"]
    assert hacs["render_readme"] is True
    assert hacs.get("country") == COUNTRIES.get(domain)


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_export_carries_the_brand_icon(domain: str, tmp_path: Path) -> None:
    out = export_hacs(domain, tmp_path / "repo")
    assert png_size((out / "custom_components" / domain / "brand" / "icon.png").read_bytes()) == (256, 256)
    assert (out / "icon.png").read_bytes() == (out / "custom_components" / domain / "brand" / "icon.png").read_bytes()


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_readme_is_about_that_provider(domain: str, tmp_path: Path) -> None:
    out = export_hacs(domain, tmp_path / "repo")
    text = (out / "README.md").read_text()
    assert f"custom_components/{domain}" in text
    assert f"{domain}_delivery_report" in text
    others = [d for d in DOMAINS if d != domain]
    assert not any(f"custom_components/{other}" in text for other in others)


def test_caches_are_left_out(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(repository_root() / "custom_components" / "spryng", source / "custom_components" / "spryng")
    cache = source / "custom_components" / "spryng" / "__pycache__"
    cache.mkdir(exist_ok=True)
    (cache / "notify.cpython-313.pyc").write_bytes(b"\0")
    out = export_hacs("spryng", tmp_path / "repo", source=source)
    assert not [p for p in out.rglob("*") if p.name == "__pycache__" or p.suffix == ".pyc"]


def test_a_directory_with_content_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        export_hacs("prosms", tmp_path)
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_an_unknown_domain_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not one of"):
        export_hacs("sms", tmp_path / "repo")


def test_the_command_writes_the_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export-hacs", "smsdk", str(tmp_path / "repo")]) == 0
    assert (tmp_path / "repo" / "custom_components" / "smsdk" / "manifest.json").is_file()
    assert "smsdk" in capsys.readouterr().out


def test_the_command_fails_plainly_on_a_used_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x")
    assert main(["export-hacs", "smsdk", str(tmp_path)]) == 1
    assert "not an empty directory" in capsys.readouterr().err


def test_the_repository_hacs_json_has_only_keys_hacs_accepts() -> None:
    hacs = json.loads((repository_root() / "hacs.json").read_text())
    assert set(hacs) <= HACS_KEYS
    assert hacs["name"]
