"""Our gateway plugin against Apprise's own SMSEagle plugin: time and TCP connections per send.

Both are SMS-over-HTTP plugins that make one request per recipient; the difference
measured is that ours keeps one ``requests`` session (one connection) for all of a
notification's requests and for the plugin's later notifications, while Apprise's plugins
call ``requests.post`` per request (a connection each). Each plugin talks to its own
keep-alive loopback server (:mod:`.loopback`) answering its success reply; Apprise's
throttle is switched off for both, so the time is the plugins' own, and the two take turns
send by send (:mod:`.paired`).

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
from collections.abc import Callable
from pathlib import Path

import apprise
import requests
import urllib3

import notify_plugins.apprise  # noqa: F401  (registers smsgw)

from .canned import SUCCESS_BODIES, numbers
from .loopback import canned_server
from .paired import medians
from .report import Cell, Table

ROOT = Path(__file__).resolve().parents[1]
APPRISE_PYTHON = ROOT / ".venv-apprise" / "bin" / "python"

SENDS = 10
ROUNDS = {1: 1000, 20: 100}
"""Sends of each plugin timed, by recipients per send."""
LABELS = {"smsgw": "smsgw (notify-plugins)", "smseagle": "smseagle (Apprise)"}
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


def _instance(name: str, base: str, recipients: int) -> apprise.NotifyBase:
    plugin = apprise.Apprise.instantiate(_url(name, base, numbers(recipients)))
    assert plugin is not None, name
    plugin.request_rate_per_sec = 0  # Apprise's throttle off: the time is the plugin's own
    return plugin


def _measure(recipients: int) -> list[list[Cell]]:
    """Each plugin's median ms per send, the two taking turns send by send, the connections
    each opened over SENDS sends, and whether every send was accepted."""
    with canned_server(REPLIES["smsgw"]) as ours, canned_server(REPLIES["smseagle"]) as theirs:
        bases = {"smsgw": ours, "smseagle": theirs}
        plugins = {name: _instance(name, base, recipients) for name, base in bases.items()}
        accepted = dict.fromkeys(plugins, True)
        opened: dict[str, int] = {}
        for name, plugin in plugins.items():
            before = _connections(bases[name])
            for _ in range(SENDS):
                accepted[name] = plugin.notify("Door open") and accepted[name]
            opened[name] = _connections(bases[name]) - before - 1  # the first question's own connection

        def sender(name: str) -> Callable[[], None]:
            def send() -> None:
                accepted[name] = plugins[name].notify("Door open") and accepted[name]

            return send

        timed = medians({name: sender(name) for name in plugins}, ROUNDS[recipients])
    return [[LABELS[name], recipients, round(timed[name] * 1000, 3), opened[name], accepted[name]] for name in plugins]


def measure() -> dict[str, object]:
    """Every row of the table, and the versions they were measured with."""
    rows = [row for recipients in (1, 20) for row in _measure(recipients)]
    return {"rows": rows, "apprise": apprise.__version__, "urllib3": urllib3.__version__}


def run() -> list[Table]:
    table = Table(
        "Apprise: our gateway plugin and Apprise's SMSEagle plugin, loopback servers (median ms, taking turns)",
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
        "per recipient; ours keeps its connection between sends, Apprise's opens one per request."
    )
    return [table]


if __name__ == "__main__":  # the measurement, run in the Apprise user's environment by run()
    json.dump(measure(), sys.stdout)
