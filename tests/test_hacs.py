"""The HACS export: one provider's integration as a repository HACS accepts.

Each domain is exported into ``tmp_path`` and checked as HACS and hassfest would:
exactly one integration, manifest keys in order, no unknown keys, ``hacs.json`` keys and
types HACS accepts, a valid brand icon, a README, nothing else and no caches. The release
zip HACS installs is the export's integration, byte for byte the same from the same commit.
The repository's own ``hacs.json`` and committed brand icons are checked too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from phonenumbers import SUPPORTED_REGIONS

from notify_plugins import __version__, distribution
from notify_plugins.cli import main
from notify_plugins.hacs import HACS_KEYS, brand_icon, export_hacs, repository_root, write_release_zip

DOMAINS = ("prosms", "smsdk", "smstools", "spryng", "smsgw")
COUNTRIES = {"prosms": "SE", "smsdk": "DK", "smstools": "IT", "spryng": "NL"}

HACS_JSON_TYPES: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "content_in_root": bool,
    "country": (str, list),
    "filename": str,
    "hacs": str,
    "hide_default_branch": bool,
    "homeassistant": str,
    "persistent_directory": str,
    "render_readme": bool,
    "zip_release": bool,
}
"""Every key HACS accepts in ``hacs.json``, with its type; ``name`` is required."""

REQUIRED_MANIFEST_KEYS = {"domain", "name", "version", "documentation", "issue_tracker", "codeowners", "iot_class"}
KNOWN_MANIFEST_KEYS = REQUIRED_MANIFEST_KEYS | {
    "after_dependencies",
    "bluetooth",
    "config_flow",
    "dependencies",
    "dhcp",
    "disabled",
    "homekit",
    "import_executor",
    "integration_type",
    "loggers",
    "mqtt",
    "quality_scale",
    "requirements",
    "single_config_entry",
    "ssdp",
    "usb",
    "zeroconf",
}
"""The keys hassfest knows in a custom integration's manifest; any other is an error."""

VERSION = re.compile(r"[0-9]+\.[0-9]+(\.[0-9]+)?")


def hacs_json_problems(data: dict[str, Any]) -> list[str]:
    """What HACS's validation would refuse in ``data`` (the content of ``hacs.json``)."""
    problems = [f"unknown key {key!r}" for key in data if key not in HACS_JSON_TYPES]
    problems += [
        f"{key!r} is not {HACS_JSON_TYPES[key]}"
        for key, value in data.items()
        if key in HACS_JSON_TYPES and not isinstance(value, HACS_JSON_TYPES[key])
    ]
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        problems.append("'name' is required")
    country = data.get("country", [])
    codes = [country] if isinstance(country, str) else country if isinstance(country, list) else []
    problems += [
        f"{code!r} is not an ISO 3166 alpha-2 code"
        for code in codes
        if not (isinstance(code, str) and re.fullmatch("[A-Z]{2}", code) and code in SUPPORTED_REGIONS)
    ]
    if data.get("zip_release") and "filename" not in data:
        problems.append("'zip_release' needs 'filename'")
    problems += [
        f"{key!r} is not a version"
        for key in ("homeassistant", "hacs")
        if isinstance(data.get(key), str) and not VERSION.fullmatch(data[key])
    ]
    return problems


def manifest_problems(manifest: dict[str, Any]) -> list[str]:
    """What hassfest and HACS would refuse in a custom integration's ``manifest.json``."""
    keys = list(manifest)
    problems = [f"missing {key!r}" for key in sorted(REQUIRED_MANIFEST_KEYS - set(keys))]
    problems += [f"unknown key {key!r}" for key in keys if key not in KNOWN_MANIFEST_KEYS]
    if keys[:2] != ["domain", "name"] or keys[2:] != sorted(keys[2:]):
        problems.append(f"keys not in order domain, name, then alphabetical: {keys}")
    for key in ("documentation", "issue_tracker"):
        url = manifest.get(key, "")
        if not url.startswith("https://") or "home-assistant.io" in url:
            problems.append(f"{key!r} must be an https URL of this project: {url!r}")
    if not VERSION.fullmatch(str(manifest.get("version", ""))):
        problems.append(f"'version' is not a version: {manifest.get('version')!r}")
    return problems


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


def test_the_hacs_rules_here_are_the_ones_the_export_uses() -> None:
    assert set(HACS_JSON_TYPES) == HACS_KEYS


@pytest.mark.parametrize(
    ("content", "refused"),
    [
        ({"name": "SMS", "country": ["SE", "DK"], "zip_release": True, "filename": "sms.zip"}, False),
        ({}, True),
        ({"name": ""}, True),
        ({"name": "SMS", "domains": ["notify"]}, True),
        ({"name": "SMS", "render_readme": "yes"}, True),
        ({"name": "SMS", "country": "Sweden"}, True),
        ({"name": "SMS", "country": ["SE", "se"]}, True),
        ({"name": "SMS", "zip_release": True}, True),
        ({"name": "SMS", "homeassistant": "latest"}, True),
    ],
)
def test_the_hacs_json_check_refuses_what_hacs_refuses(content: dict[str, Any], refused: bool) -> None:
    assert bool(hacs_json_problems(content)) is refused


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_exported_manifest_is_one_hassfest_and_hacs_accept(domain: str, tmp_path: Path) -> None:
    out = export_hacs(domain, tmp_path / "repo")
    manifest = json.loads((out / "custom_components" / domain / "manifest.json").read_text())
    assert manifest_problems(manifest) == []
    assert manifest["domain"] == domain


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_exported_manifest_pins_this_version_of_the_library(domain: str, tmp_path: Path) -> None:
    out = export_hacs(domain, tmp_path / "repo")
    manifest = json.loads((out / "custom_components" / domain / "manifest.json").read_text())
    assert manifest["version"] == __version__
    assert manifest["requirements"] == [distribution.requirement()]


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_exported_hacs_json_is_one_hacs_accepts(domain: str, tmp_path: Path) -> None:
    out = export_hacs(domain, tmp_path / "repo")
    hacs = json.loads((out / "hacs.json").read_text())
    manifest = json.loads((out / "custom_components" / domain / "manifest.json").read_text())
    assert hacs_json_problems(hacs) == []
    assert hacs["name"] == manifest["name"]
    assert hacs["render_readme"] is True
    assert hacs.get("country") == COUNTRIES.get(domain)


@pytest.mark.parametrize("domain", DOMAINS)
def test_hacs_installs_a_release_from_its_zip_asset(domain: str, tmp_path: Path) -> None:
    hacs = json.loads((export_hacs(domain, tmp_path / "repo") / "hacs.json").read_text())
    assert hacs["zip_release"] is True
    assert hacs["filename"] == f"{domain}.zip"


def files_below(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_release_zip_unpacks_as_hacs_does_into_the_exported_integration(domain: str, tmp_path: Path) -> None:
    """HACS extracts the asset into ``custom_components/DOMAIN``: the files sit at its root."""
    integration = export_hacs(domain, tmp_path / "repo") / "custom_components" / domain
    asset = write_release_zip(integration, tmp_path / f"{domain}.zip")
    installed = tmp_path / "config" / "custom_components" / domain
    with zipfile.ZipFile(asset) as archive:
        assert archive.testzip() is None
        archive.extractall(installed)
    assert files_below(installed) == files_below(integration)
    assert (installed / "manifest.json").is_file()
    assert (installed / "brand" / "icon.png").is_file()


def test_the_release_zip_is_the_same_bytes_from_the_same_commit(tmp_path: Path) -> None:
    """Two exports made apart, with other file times and modes, give identical assets."""
    first = export_hacs("smstools", tmp_path / "one") / "custom_components" / "smstools"
    second = export_hacs("smstools", tmp_path / "two") / "custom_components" / "smstools"
    for number, path in enumerate(sorted(second.rglob("*"))):
        os.utime(path, (1_000_000_000 + number, 1_500_000_000 + number))
        if path.is_file():
            path.chmod(0o600 if number % 2 else 0o755)
    one = write_release_zip(first, tmp_path / "one.zip").read_bytes()
    two = write_release_zip(second, tmp_path / "two.zip").read_bytes()
    assert one == two
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert {info.external_attr >> 16 & 0o777 for info in archive.infolist()} == {0o644}


def test_the_release_zip_leaves_caches_out(tmp_path: Path) -> None:
    integration = tmp_path / "spryng"
    shutil.copytree(repository_root() / "custom_components" / "spryng", integration)
    (integration / "__pycache__").mkdir(exist_ok=True)
    (integration / "__pycache__" / "notify.cpython-313.pyc").write_bytes(b"\0")
    (integration / ".DS_Store").write_bytes(b"\0")
    with zipfile.ZipFile(write_release_zip(integration, tmp_path / "spryng.zip")) as archive:
        assert not [n for n in archive.namelist() if "__pycache__" in n or n.endswith((".pyc", ".DS_Store"))]


def test_the_release_zip_needs_an_integration_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"manifest\.json"):
        write_release_zip(tmp_path, tmp_path / "x.zip")


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


def test_the_command_writes_the_release_zip_of_its_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export-hacs", "smsgw", str(tmp_path / "repo"), "--zip", str(tmp_path / "smsgw.zip")]) == 0
    with zipfile.ZipFile(tmp_path / "smsgw.zip") as archive:
        assert sorted(archive.namelist()) == sorted(files_below(tmp_path / "repo" / "custom_components" / "smsgw"))
    assert "smsgw.zip" in capsys.readouterr().out


def test_the_command_fails_plainly_on_a_used_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x")
    assert main(["export-hacs", "smsdk", str(tmp_path)]) == 1
    assert "not an empty directory" in capsys.readouterr().err


def test_the_repository_hacs_json_is_one_hacs_accepts_for_the_integration_it_manages() -> None:
    """HACS manages the first integration of a repository with several: ProSMS.se here."""
    hacs = json.loads((repository_root() / "hacs.json").read_text())
    components = repository_root() / "custom_components"
    first = sorted(p.parent.name for p in components.glob("*/manifest.json"))[0]
    assert hacs_json_problems(hacs) == []
    assert first == "prosms"
    assert hacs.get("country") == COUNTRIES[first]


@pytest.mark.parametrize("domain", DOMAINS)
def test_each_committed_manifest_is_one_hassfest_and_hacs_accept(domain: str) -> None:
    manifest = json.loads((repository_root() / "custom_components" / domain / "manifest.json").read_text())
    assert manifest_problems(manifest) == []


def test_the_readme_names_each_provider_s_hacs_repository() -> None:
    for page in ("README.md", "docs/home-assistant.md"):
        text = (repository_root() / page).read_text()
        for domain in DOMAINS:
            assert f"https://github.com/notify-plugins/notify-plugins-{domain})" in text
