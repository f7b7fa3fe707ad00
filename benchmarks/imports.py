"""Import cost of every entry point, each in a fresh interpreter with ``-X importtime``.

Apprise loads every plugin path it finds and Home Assistant imports each integration at
start-up, so what an import drags in is paid by every user, every time. The core's goal
is under 50 ms; the Home Assistant integrations must not import Apprise (Home Assistant
has no use for it and it is slow to import).

The probe writes a marker to stderr before and after the measured imports, so the
interpreter's own start-up imports are not counted. The total is the sum of the
cumulative times of the top-level import lines between the markers; the breakdown names
the packages that cost most, each counted where it was first entered.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .report import Table

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
HA_RUNS = 3
CORE_GOAL_MS = 50.0

HA_PRELOAD = (
    "homeassistant.core",
    "homeassistant.const",
    "homeassistant.exceptions",
    "homeassistant.components.notify",
    "homeassistant.components.notify.legacy",
    "homeassistant.helpers.config_validation",
    "homeassistant.helpers.aiohttp_client",
    "homeassistant.util",
)
"""What a running Home Assistant has imported before it loads a notify platform; it is
imported before the measurement starts, so an integration's row shows what it adds."""

_PROBE = """
import sys
for name in {preload!r}:
    __import__(name)
sys.stderr.write("@@start\\n"); sys.stderr.flush()
for name in {modules!r}:
    __import__(name)
sys.stderr.write("@@end\\n"); sys.stderr.flush()
import json
print(json.dumps({{name: name in sys.modules for name in ("apprise", "homeassistant", "requests", "aiohttp")}}))
"""


@dataclass(frozen=True)
class ImportLine:
    self_us: int
    cumulative_us: int
    depth: int
    name: str


@dataclass(frozen=True)
class Probe:
    total_ms: float
    heaviest: list[tuple[str, float]]
    loaded: dict[str, bool]


def parse_importtime(stderr: str) -> list[ImportLine]:
    """The ``import time:`` lines between the probe's markers."""
    lines: list[ImportLine] = []
    inside = False
    for raw in stderr.splitlines():
        if raw == "@@start":
            inside = True
        elif raw == "@@end":
            break
        elif inside and raw.startswith("import time:") and "|" in raw:
            own, cumulative, name = raw.removeprefix("import time:").split("|", 2)
            if not own.strip().isdigit():
                continue
            stripped = name.lstrip(" ")
            depth = (len(name) - len(stripped) - 1) // 2
            lines.append(ImportLine(int(own), int(cumulative), depth, stripped))
    return lines


def heaviest_packages(lines: list[ImportLine], skip: str, count: int = 3) -> list[tuple[str, float]]:
    """Top-level packages by the time spent entering them (children print before parents)."""
    totals: dict[str, int] = defaultdict(int)
    parent_at: dict[int, ImportLine] = {}
    for line in reversed(lines):
        parent = parent_at.get(line.depth - 1)
        root = line.name.split(".")[0]
        if parent is None or parent.name.split(".")[0] != root:
            totals[root] += line.cumulative_us
        parent_at[line.depth] = line
    ranked = sorted(((us / 1000, root) for root, us in totals.items() if root != skip), reverse=True)
    return [(root, ms) for ms, root in ranked[:count]]


def probe(modules: list[str], runs: int, preload: tuple[str, ...] = ()) -> Probe:
    """Import ``modules`` in ``runs`` fresh interpreters (after ``preload``); report the median run."""
    found: list[Probe] = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", _PROBE.format(modules=modules, preload=preload)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        lines = parse_importtime(done.stderr)
        found.append(
            Probe(
                sum(line.cumulative_us for line in lines if line.depth == 0) / 1000,
                heaviest_packages(lines, skip=modules[0].split(".")[0]),
                json.loads(done.stdout.strip().splitlines()[-1]),
            )
        )
    return sorted(found, key=lambda p: p.total_ms)[len(found) // 2]


def _importable(module: str) -> bool:
    path = ROOT / Path(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def targets() -> list[tuple[str, list[str], int]]:
    """(label, modules to import, runs): the core, each provider, Apprise, each HA integration.

    Home Assistant rows are measured with :data:`HA_PRELOAD` already imported."""
    from notify_plugins.providers import PROVIDERS

    found: list[tuple[str, list[str], int]] = [("core: notify_plugins", ["notify_plugins"], RUNS)]
    provider_modules = sorted({spec.partition(":")[0] for spec in PROVIDERS.values()})
    provider_modules.insert(0, "notify_plugins.providers.compaya")
    for module in provider_modules:
        if _importable(module):
            found.append((f"provider: {module.rsplit('.', 1)[1]}", [module], RUNS))
    if _importable("notify_plugins.apprise"):
        found.append(("Apprise registration: notify_plugins.apprise", ["notify_plugins.apprise"], RUNS))
    for package in sorted((ROOT / "custom_components").glob("*/__init__.py")):
        domain = package.parent.name
        modules = [f"custom_components.{domain}"]
        modules += [f"custom_components.{domain}.{p.stem}" for p in sorted(package.parent.glob("*.py"))]
        modules = [m for m in modules if not m.endswith(".__init__")]
        found.append(
            (f"Home Assistant: custom_components.{domain} and its {len(modules) - 1} modules", modules, HA_RUNS)
        )
    return [(label, list(dict.fromkeys(modules)), runs) for label, modules, runs in found]


def run() -> list[Table]:
    table = Table(
        "Import cost (fresh interpreter, -X importtime, median)",
        ["import", "total ms", "heaviest dependencies", "apprise loaded", "homeassistant loaded"],
    )
    core_ms: float | None = None
    ha_with_apprise: list[str] = []
    for label, modules, runs in targets():
        result = probe(modules, runs, HA_PRELOAD if label.startswith("Home Assistant") else ())
        if modules == ["notify_plugins"]:
            core_ms = result.total_ms
        if label.startswith("Home Assistant") and result.loaded.get("apprise"):
            ha_with_apprise.append(label)
        heaviest = ", ".join(f"{root} {ms:.0f}" for root, ms in result.heaviest)
        table.rows.append(
            [label, result.total_ms, heaviest, result.loaded.get("apprise"), result.loaded.get("homeassistant")]
        )
    if core_ms is not None:
        verdict = "met" if core_ms < CORE_GOAL_MS else "MISSED"
        table.notes.append("A package's time includes everything it imports, so nested packages appear in both.")
        table.notes.append(f"Goal: core under {CORE_GOAL_MS:.0f} ms: {verdict} ({core_ms:.1f} ms).")
    if not any(label.startswith("Home Assistant") for label, _, _ in targets()):
        table.notes.append("No Home Assistant integration found under custom_components/.")
    elif ha_with_apprise:
        table.notes.append("Home Assistant modules that import apprise (must not): " + ", ".join(ha_with_apprise))
    else:
        table.notes.append("No Home Assistant integration module imports apprise.")
    return [table]
