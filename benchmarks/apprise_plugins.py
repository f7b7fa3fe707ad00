"""Our gateway plugin against Apprise's own SMSEagle plugin: time and TCP connections per send.

Both are SMS-over-HTTP plugins that make one request per recipient; the difference
measured is that ours sends all of a notification's requests on one ``requests``
session (one connection), while Apprise's plugins call ``requests.post`` per request
(a connection each). Each plugin talks to its own keep-alive loopback server
(:mod:`.loopback`) answering its success reply; Apprise's throttle is switched off for
both, so the time is the plugins' own.

The sends run in an Apprise user's environment, ``.venv-apprise`` (``make bench`` makes it:
the package with its Apprise extra and nothing else), not in ``.venv``: Home Assistant
2025.4, installed there for its tests, pins urllib3 below 2, whose URL parser reads a long
query string byte by byte in Python, twice a request. That is 70 µs a send for the
gateway's GET and none of an Apprise user's business. Without ``.venv-apprise`` the
benchmark runs where it is, and the table says which urllib3 it measured.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import apprise
import requests
import urllib3

import notify_plugins.apprise  # noqa: F401  (registers smsgw)

from .canned import SUCCESS_BODIES, numbers
from .loopback import canned_server
from .report import Cell, Table

ROOT = Path(__file__).resolve().parents[1]
APPRISE_PYTHON = ROOT / ".venv-apprise" / "bin" / "python"

SENDS = 10
ROUNDS = 5
REPLIES = {
    "smsgw": SUCCESS_BODIES["smsgw"](()),
    "smseagle": json.dumps({"result": {"message_id": 1, "status": "ok"}}).encode(),
}


def _url(plugin: str, base: str, recipients: list[str]) -> str:
    host = base.removeprefix("http://")
    if plugin == "smsgw":
        return f"smsgw://smsgw-demo-key@{host}/HomeAlarm/{'/'.join(recipients)}"
    return f"smseagle://token0123456789@{host}/{'/'.join('+' + n for n in recipients)}"


def _connections(base: str) -> int:
    """Connections the server has seen, not counting the one this question opens."""
    return int(requests.get(f"{base}/__stats", timeout=5).json()["connections"]) - 1


@contextmanager
def _unthrottled(plugin: apprise.NotifyBase) -> Iterator[None]:
    before = type(plugin).request_rate_per_sec
    type(plugin).request_rate_per_sec = 0
    try:
        yield
    finally:
        type(plugin).request_rate_per_sec = before


def _measure(plugin_name: str, recipients: int) -> tuple[float, int, bool]:
    """Best-of-ROUNDS ms per send, connections opened over SENDS sends, every send accepted."""
    with canned_server(REPLIES[plugin_name]) as base:
        plugin = apprise.Apprise.instantiate(_url(plugin_name, base, numbers(recipients)))
        assert plugin is not None, plugin_name
        with _unthrottled(plugin):
            ok = plugin.notify("Door open")  # warm-up (imports, first connection)
            before = _connections(base)
            for _ in range(SENDS):
                ok = plugin.notify("Door open") and ok
            opened = _connections(base) - before - 1  # the first question's own connection
            best = float("inf")
            for _ in range(ROUNDS):
                started = time.perf_counter()
                for _ in range(SENDS):
                    ok = plugin.notify("Door open") and ok
                best = min(best, (time.perf_counter() - started) / SENDS)
    return best * 1000, opened, bool(ok)


def measure() -> dict[str, object]:
    """Every row of the table, and the versions they were measured with."""
    rows: list[list[Cell]] = []
    for recipients in (1, 20):
        for name in ("smsgw", "smseagle"):
            label = "smsgw (notify-plugins)" if name == "smsgw" else "smseagle (Apprise)"
            ms, opened, ok = _measure(name, recipients)
            rows.append([label, recipients, round(ms, 2), opened, ok])
    return {"rows": rows, "apprise": apprise.__version__, "urllib3": urllib3.__version__}


def run() -> list[Table]:
    table = Table(
        f"Apprise: our gateway plugin and Apprise's SMSEagle plugin, loopback server (best of {ROUNDS}x{SENDS})",
        ["plugin", "recipients", "ms per send", f"TCP connections over {SENDS} sends", "all accepted"],
    )
    if APPRISE_PYTHON.exists():
        where = "an Apprise user's environment (.venv-apprise)"
        answer = subprocess.run(
            [str(APPRISE_PYTHON), "-m", "benchmarks.apprise_plugins"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        measured = json.loads(answer.stdout)
    else:
        where = "this environment (no .venv-apprise)"
        measured = measure()
    table.rows = measured["rows"]
    ours, theirs = (float(row[2]) for row in table.rows[:2])  # type: ignore[arg-type]
    verdict = "met" if ours <= theirs else "MISSED"
    table.notes.append(f"Goal: one recipient no slower than SMSEagle: {verdict} ({ours:.2f} vs {theirs:.2f} ms).")
    table.notes.append(
        f"Apprise {measured['apprise']} with urllib3 {measured['urllib3']}, in {where}; both make one request "
        "per recipient; ours reuses one connection per send."
    )
    return [table]


if __name__ == "__main__":  # the measurement, run in the Apprise user's environment by run()
    json.dump(measure(), sys.stdout)
