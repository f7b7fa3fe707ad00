"""One provider's integration as a repository HACS can install.

HACS manages one integration per repository ("If there are more than one, only the first
one will be managed"), while this repository keeps all five under ``custom_components/``.
:func:`export_hacs` writes the tree HACS expects for one of them::

    OUTDIR/
      custom_components/DOMAIN/   the integration as it is here, without caches
      hacs.json                   only keys HACS accepts (HACS_KEYS)
      README.md                   for that provider
      icon.png                    the brand icon, also at custom_components/DOMAIN/brand/

HACS installs a release of that repository from its asset ``DOMAIN.zip`` (``zip_release``
with ``filename`` in ``hacs.json``), which it unpacks into ``custom_components/DOMAIN/``:
:func:`write_release_zip` makes that asset from the export, the same bytes from the same
commit on any machine.

Brand icons are our own plain drawings (a speech bubble on a colour per provider), not
the providers' logos; :func:`brand_icon` draws them as PNG with the standard library, so
they can be regenerated exactly (``python -m notify_plugins.hacs --icons``).
"""

from __future__ import annotations

import json
import shutil
import stat
import struct
import sys
import zipfile
import zlib
from collections.abc import Mapping
from fnmatch import fnmatch
from pathlib import Path
from types import MappingProxyType
from typing import Any

HACS_KEYS: frozenset[str] = frozenset(
    {
        "name",
        "content_in_root",
        "country",
        "filename",
        "hacs",
        "hide_default_branch",
        "homeassistant",
        "persistent_directory",
        "render_readme",
        "zip_release",
    }
)
"""Every key HACS accepts in ``hacs.json``; any other fails its validation."""

MINIMUM_HOMEASSISTANT = "2025.4.0"
"""The oldest Home Assistant the integrations are tested on (config subentries, 2025.3+)."""

COUNTRIES: Mapping[str, str | None] = MappingProxyType(
    {"prosms": "SE", "smsdk": "DK", "smstools": "IT", "spryng": "NL", "smsgw": None}
)
"""HACS ``country`` of each regional provider; the white-label gateway is anywhere."""

CREDENTIALS: Mapping[str, str] = MappingProxyType(
    {
        "prosms": "the API key from the account settings at login.prosms.se",
        "smsdk": "the API key from the account settings at login.sms.dk",
        "smstools": "the AUTH_KEY and AUTH_SECRET from the API security section of the Smstools private area",
        "spryng": "a REST API key, or the username and secret of the Simple API",
        "smsgw": "the API key from the gateway's operator and the gateway's URL",
    }
)

DELIVERY_REPORTS: Mapping[str, str] = MappingProxyType(
    {
        "prosms": "ProSMS.se calls Home Assistant back with each delivery report (sent as `dlrUrl`).",
        "smsdk": "SMS.dk calls Home Assistant back with each delivery report (sent as `dlrUrl`).",
        "smstools": "Smstools calls Home Assistant back with each delivery report (sent as `statusCallback`).",
        "spryng": "Spryng calls the delivery-report URL set in its portal; enter the webhook URL there.",
        "smsgw": "The gateway cannot call back; delivery is looked up by polling.",
    }
)

ICON_COLOURS: Mapping[str, tuple[int, int, int]] = MappingProxyType(
    {
        "prosms": (0x1F, 0x5F, 0xBF),
        "smsdk": (0xC0, 0x30, 0x30),
        "smstools": (0x2E, 0x8B, 0x57),
        "spryng": (0xE0, 0x7A, 0x1F),
        "smsgw": (0x6A, 0x4C, 0x9C),
    }
)
"""Our own colour per integration; nothing taken from the providers' brands."""

ICON_SIZE = 256
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
"""Every member's timestamp in a release zip: the earliest a zip can hold, never the checkout's."""
EXCLUDED = ("__pycache__", "*.pyc", "*.pyo", ".DS_Store", ".mypy_cache", ".pytest_cache", ".ruff_cache")


def repository_root() -> Path:
    """The checkout this module runs from (``custom_components/`` lives beside the package)."""
    return Path(__file__).resolve().parent.parent


def _integration(domain: str, source: Path) -> Path:
    folder = source / "custom_components" / domain
    if domain not in COUNTRIES:
        raise ValueError(f"{domain!r} is not one of {', '.join(COUNTRIES)}")
    if not (folder / "manifest.json").is_file():
        raise FileNotFoundError(f"{folder} has no manifest.json: run from a checkout of the repository")
    return folder


def hacs_manifest(domain: str, manifest: Mapping[str, Any]) -> dict[str, Any]:
    """``hacs.json`` for one integration: its name, the oldest Home Assistant, its country."""
    content: dict[str, Any] = {
        "name": str(manifest["name"]),
        "homeassistant": MINIMUM_HOMEASSISTANT,
        "render_readme": True,
        "zip_release": True,
        "filename": release_zip_name(domain),
    }
    country = COUNTRIES[domain]
    if country is not None:
        content["country"] = country
    return content


def release_zip_name(domain: str) -> str:
    """The release asset HACS downloads for ``domain`` (``filename`` in its ``hacs.json``)."""
    return f"{domain}.zip"


def readme(domain: str, manifest: Mapping[str, Any]) -> str:
    """The exported repository's README: what it is, how to install and set it up."""
    name = manifest["name"]
    return f"""# {name} SMS for Home Assistant

Send SMS through {name} from Home Assistant: a notify entity per recipient, the
`{domain}.send_sms` action with per-recipient results, the remaining credit as a sensor
where {name} reports it, and delivery reports as `{domain}_delivery_report` events.

This repository is exported from [notify-plugins]({manifest.get("documentation", "")}),
which holds the integration's library and its other providers.

## Install

With HACS: add this repository as a custom repository of type *Integration*, install
"{name}" and restart Home Assistant. HACS installs a release from its `{release_zip_name(domain)}`.

By hand: copy `custom_components/{domain}` into the `custom_components` folder of your
Home Assistant configuration and restart.

## Set up

Settings → Devices & services → Add integration → {name}. You need {CREDENTIALS[domain]},
and a sender name or number. Add each recipient as an entry of the integration.

## Delivery reports

{DELIVERY_REPORTS[domain]}

Issues: {manifest.get("issue_tracker", "")}
"""


def export_hacs(domain: str, outdir: Path | str, *, source: Path | None = None) -> Path:
    """Write the HACS repository tree for ``domain`` into ``outdir`` (new or empty).

    Returns ``outdir``. Refuses a non-empty directory rather than mixing two exports.
    """
    root = source or repository_root()
    folder = _integration(domain, root)
    target = Path(outdir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} exists and is not an empty directory")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    integration = target / "custom_components" / domain
    shutil.copytree(folder, integration, ignore=shutil.ignore_patterns(*EXCLUDED))
    icon = integration / "brand" / "icon.png"
    if not icon.is_file():
        icon.parent.mkdir(parents=True, exist_ok=True)
        icon.write_bytes(brand_icon(domain))
    shutil.copyfile(icon, target / "icon.png")
    (target / "hacs.json").write_text(json.dumps(hacs_manifest(domain, manifest), indent=2) + "\n", encoding="utf-8")
    (target / "README.md").write_text(readme(domain, manifest), encoding="utf-8")
    return target


def write_release_zip(integration: Path | str, target: Path | str) -> Path:
    """Zip the files of an integration folder at the archive's root, as HACS unpacks them.

    Reproducible, so that a release asset can be rebuilt and compared: members in sorted
    order, each dated :data:`ZIP_DATE_TIME` with mode 0644, and stored rather than
    deflated, whose bytes would depend on the zlib that compressed them. An integration
    is a few dozen kilobytes. Caches are left out as in :func:`export_hacs`.
    """
    folder = Path(integration)
    if not (folder / "manifest.json").is_file():
        raise FileNotFoundError(f"{folder} has no manifest.json: give the integration's folder")
    members = sorted(
        relative.as_posix()
        for relative in (path.relative_to(folder) for path in folder.rglob("*") if path.is_file())
        if not any(fnmatch(part, pattern) for part in relative.parts for pattern in EXCLUDED)
    )
    out = Path(target)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.create_system = 3  # Unix, whatever system writes it, so the mode bits count
            archive.writestr(info, (folder / name).read_bytes())
    return out


# -- brand icons ------------------------------------------------------------------------


def _inside_rounded_square(x: float, y: float, size: int, radius: float) -> bool:
    nearest_x = min(max(x, radius), size - radius)
    nearest_y = min(max(y, radius), size - radius)
    return (x - nearest_x) ** 2 + (y - nearest_y) ** 2 <= radius**2


def _inside_bubble(x: float, y: float) -> bool:
    """A speech bubble: an ellipse with a tail to the lower left."""
    if ((x - 128) / 88) ** 2 + ((y - 116) / 66) ** 2 <= 1:
        return True
    # the tail: a triangle (70,160) (110,170) (60,212)
    (ax, ay), (bx, by), (cx, cy) = (70, 160), (112, 172), (58, 214)
    d1 = (x - bx) * (ay - by) - (ax - bx) * (y - by)
    d2 = (x - cx) * (by - cy) - (bx - cx) * (y - cy)
    d3 = (x - ax) * (cy - ay) - (cx - ax) * (y - ay)
    negative = d1 < 0 or d2 < 0 or d3 < 0
    positive = d1 > 0 or d2 > 0 or d3 > 0
    return not (negative and positive)


def _inside_dot(x: float, y: float) -> bool:
    return any((x - cx) ** 2 + (y - 116) ** 2 <= 13**2 for cx in (88, 128, 168))


def _pixel(x: int, y: int, colour: tuple[int, int, int]) -> bytes:
    cx, cy = x + 0.5, y + 0.5
    if not _inside_rounded_square(cx, cy, ICON_SIZE, 48):
        return b"\x00\x00\x00\x00"
    if _inside_bubble(cx, cy) and not _inside_dot(cx, cy):
        return b"\xff\xff\xff\xff"
    return bytes((*colour, 0xFF))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def brand_icon(domain: str) -> bytes:
    """The 256x256 RGBA PNG icon of an integration."""
    colour = ICON_COLOURS[domain]
    rows = b"".join(b"\x00" + b"".join(_pixel(x, y, colour) for x in range(ICON_SIZE)) for y in range(ICON_SIZE))
    header = struct.pack(">IIBBBBB", ICON_SIZE, ICON_SIZE, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 9)) + _chunk(b"IEND", b"")
    )


def write_brand_icons(source: Path | None = None) -> list[Path]:
    """(Re)draw ``custom_components/<domain>/brand/icon.png`` for every integration."""
    root = source or repository_root()
    written = []
    for domain in ICON_COLOURS:
        path = _integration(domain, root) / "brand" / "icon.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(brand_icon(domain))
        written.append(path)
    return written


if __name__ == "__main__" and sys.argv[1:] == ["--icons"]:
    for written_path in write_brand_icons():
        print(written_path)


__all__ = [
    "COUNTRIES",
    "HACS_KEYS",
    "brand_icon",
    "export_hacs",
    "hacs_manifest",
    "readme",
    "release_zip_name",
    "write_brand_icons",
    "write_release_zip",
]
