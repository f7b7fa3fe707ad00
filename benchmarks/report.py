"""Result tables shared by every benchmark, and the files they are written to.

Each benchmark module returns :class:`Table` values; ``python -m benchmarks`` prints them
as Markdown and writes ``benchmarks/results/latest.md`` and ``latest.json`` so the numbers
behind the README can be checked and compared between runs.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

RESULTS_DIR = Path(__file__).parent / "results"

Cell = str | int | float | bool | None


@dataclass
class Table:
    """One benchmark's measurements: a title, column names, rows, and what they mean."""

    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        lines = [f"### {self.title}", ""]
        lines.append("| " + " | ".join(self.columns) + " |")
        lines.append("| " + " | ".join("---" for _ in self.columns) + " |")
        lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in self.rows]
        if self.notes:
            lines.append("")
            lines += [f"- {note}" for note in self.notes]
        return "\n".join(lines)


def _cell(value: Cell) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 100 else f"{value:.0f}"
    return str(value)


def environment() -> dict[str, str | int | None]:
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "executable": sys.executable,
    }


def render(tables: list[Table], env: dict[str, str | int | None]) -> str:
    head = [
        "# Benchmark results",
        "",
        f"Measured {env['date']} with Python {env['python']} on {env['platform']} ({env['cpus']} CPUs).",
        "Regenerate with `make bench` (or `.venv/bin/python -m benchmarks`).",
        "",
    ]
    return "\n".join(head) + "\n\n".join(table.markdown() for table in tables) + "\n"


def write(tables: list[Table], env: dict[str, str | int | None], directory: Path = RESULTS_DIR) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    markdown = directory / "latest.md"
    markdown.write_text(render(tables, env))
    payload = {"environment": env, "tables": [asdict(table) for table in tables]}
    (directory / "latest.json").write_text(json.dumps(payload, indent=2) + "\n")
    return markdown
