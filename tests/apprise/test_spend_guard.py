"""``?daily_limit=`` and ``?repeat_window=``: the spend guard in Apprise, its count kept in
Apprise's persistent storage across objects, ``apprise`` runs and processes."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import apprise
import pytest
from apprise.persistent_store import PersistentStore

from notify_plugins.apprise import SmsNotifyBase
from notify_plugins.apprise.spend import clear_memory
from notify_plugins.results import Status
from notify_plugins.sandbox import Sandbox
from tests.apprise.conftest import NUMBERS, VARIANTS, key_of, rejected, sandbox_url
from tests.clock import Clock

ROOT = Path(__file__).resolve().parents[2]
MUM = NUMBERS["prosms"]
DAD = MUM[:-1] + "8"
TWO_PARTS = "Water leak in the basement. " * 7  # 196 GSM characters: 2 parts


@pytest.fixture(autouse=True)
def fresh_process_memory() -> Iterator[None]:
    """Ledgers of memory-only storage live as long as the process: each test starts anew."""
    clear_memory()
    yield
    clear_memory()


def guarded(variant: str, sandbox: Sandbox, *targets: str, sender: str = "HomeAlarm", **limits: int) -> str:
    query = "&".join(f"{name}={value}" for name, value in limits.items())
    return sandbox_url(variant, sandbox, *targets, sender=sender, query=query)


def notifier(storage: Path | None, *urls: str) -> apprise.Apprise:
    asset = apprise.AppriseAsset() if storage is None else apprise.AppriseAsset(storage_path=str(storage))
    notifier = apprise.Apprise(asset=asset)
    for url in urls:
        assert notifier.add(url), url
    return notifier


def send(storage: Path | None, url: str, body: str = "Door open") -> bool:
    """One notification through a new Apprise object, as a new request or run would make."""
    return bool(notifier(storage, url).notify(body=body))


def delivered(sandbox: Sandbox, variant: str = "prosms") -> list[str]:
    return [m["recipient"] for m in sandbox.messages(key_of(variant))]


def ledger_files(storage: Path) -> list[Path]:
    return sorted(storage.glob("*/var/spend-*.psdata"))


# -- the URL ----------------------------------------------------------------------------------


def test_url_keeps_both_arguments_and_omits_them_when_off(sandbox: Sandbox) -> None:
    plugin = apprise.Apprise.instantiate(guarded("prosms", sandbox, daily_limit=50, repeat_window=5))
    assert isinstance(plugin, SmsNotifyBase)

    url = plugin.url()
    assert "daily_limit=50" in url and "repeat_window=5" in url
    again = apprise.Apprise.instantiate(url)
    assert (again.limits.daily_limit, again.limits.repeat_window) == (50, 5)
    assert again.url_identifier == plugin.url_identifier  # the guard does not change the account
    plain = apprise.Apprise.instantiate(sandbox_url("prosms", sandbox))
    assert "daily_limit" not in plain.url() and "repeat_window" not in plain.url()


@pytest.mark.parametrize("query", ["daily_limit=-1", "daily_limit=lots", "repeat_window=1.5"])
def test_a_limit_that_is_no_whole_number_makes_the_url_unloadable(
    query: str, sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        assert not apprise.Apprise().add(sandbox_url("prosms", sandbox, query=query))
    assert "must be a whole number, 0 or more" in caplog.text
    assert query.split("=", maxsplit=1)[0] in caplog.text


def test_apprise_details_list_both_arguments() -> None:
    for entry in apprise.Apprise().details(show_requirements=True)["schemas"]:
        if "prosms" in (entry["secure_protocols"] or ()):
            args = entry["details"]["args"]
            assert args["daily_limit"]["type"] == "int" and args["daily_limit"]["min"] == 0
            assert args["repeat_window"]["type"] == "int"
            assert "?daily_limit=N" in entry["requirements"]["details"]  # the line `apprise --details` prints
            return
    pytest.fail("prosms is not listed")


# -- daily_limit ---------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_send_that_would_pass_the_limit_sends_nothing_and_warns_once(
    variant: str, sandbox: Sandbox, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = guarded(variant, sandbox, daily_limit=2)
    assert send(tmp_path, url, "one") and send(tmp_path, url, "two")

    with caplog.at_level(logging.INFO, logger="apprise"):
        assert not send(tmp_path, url, "three")

    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "not sent: daily_limit of 2 SMS parts reached: 2 counted today" in warnings[0].getMessage()
    assert NUMBERS[variant] not in caplog.text
    assert len(delivered(sandbox, variant)) == 2


def test_a_send_counts_parts_times_recipients(sandbox: Sandbox, tmp_path: Path) -> None:
    assert not send(tmp_path, guarded("prosms", sandbox, MUM, DAD, daily_limit=3), TWO_PARTS)
    assert delivered(sandbox) == []
    assert send(tmp_path, guarded("prosms", sandbox, MUM, DAD, daily_limit=4), TWO_PARTS)
    assert delivered(sandbox) == [MUM, DAD]


def test_the_parts_of_a_refused_recipient_are_given_back(sandbox: Sandbox, tmp_path: Path) -> None:
    assert not send(tmp_path, guarded("prosms", sandbox, MUM, rejected(MUM), daily_limit=2))

    assert send(tmp_path, guarded("prosms", sandbox, DAD, daily_limit=2))
    assert delivered(sandbox) == [MUM, DAD]


def test_each_sender_of_an_account_has_its_own_count(sandbox: Sandbox, tmp_path: Path) -> None:
    assert send(tmp_path, guarded("prosms", sandbox, sender="HomeAlarm", daily_limit=1))
    assert not send(tmp_path, guarded("prosms", sandbox, sender="HomeAlarm", daily_limit=1), "again")

    assert send(tmp_path, guarded("prosms", sandbox, sender="Alerts", daily_limit=1))


# -- repeat_window -----------------------------------------------------------------------------------


def test_a_repeat_within_the_window_is_held_logged_once_at_info_and_no_failure(
    sandbox: Sandbox, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert send(tmp_path, guarded("prosms", sandbox, MUM, repeat_window=10))
    plugin = notifier(tmp_path, guarded("prosms", sandbox, MUM, DAD, repeat_window=10))

    with caplog.at_level(logging.INFO, logger="apprise"):
        assert plugin.notify(body="Door open")

    held = [r for r in caplog.records if "held a repeat" in r.getMessage()]
    assert len(held) == 1 and held[0].levelno == logging.INFO
    assert "********567" in held[0].getMessage() and MUM not in caplog.text
    assert [(r.number, r.status) for r in plugin[0].last_result.results] == [
        (MUM, Status.HELD),
        (DAD, Status.ACCEPTED),
    ]
    assert delivered(sandbox) == [MUM, DAD]


# -- state across objects, runs and processes ----------------------------------------------------------


def test_memory_only_storage_holds_the_limit_within_the_process(sandbox: Sandbox) -> None:
    url = guarded("prosms", sandbox, daily_limit=1)
    assert send(None, url)
    assert not send(None, url, "again")  # another Apprise object, the same process


def test_a_new_process_on_memory_only_storage_starts_from_zero(sandbox: Sandbox) -> None:
    url = guarded("prosms", sandbox, daily_limit=1)
    assert send(None, url)

    assert run_sender(url, None, "from another process").stdout.strip() == "sent"


def apprise_cli(plugin_path: str, storage: Path, url: str, body: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APPRISE") and "proxy" not in k.lower()}
    command = [str(Path(sys.executable).parent / "apprise"), "-P", plugin_path, "-S", str(storage), "-vv"]
    return subprocess.run(
        [*command, "-b", body, url], capture_output=True, text=True, timeout=120, check=False, env=env
    )


def test_the_limit_holds_across_separate_apprise_runs(sandbox: Sandbox, tmp_path: Path) -> None:
    plugin_path = subprocess.run(
        [sys.executable, "-m", "notify_plugins", "apprise-path"], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.strip()
    url = guarded("prosms", sandbox, daily_limit=2, repeat_window=5)

    runs = [apprise_cli(plugin_path, tmp_path, url, body) for body in ("one", "one", "two", "three")]

    assert [run.returncode for run in runs] == [0, 0, 0, 1]
    assert "held a repeat" in runs[1].stdout + runs[1].stderr
    assert "daily_limit of 2 SMS parts reached" in runs[3].stdout + runs[3].stderr
    assert len(delivered(sandbox)) == 2


SENDER = """
import os, sys, time
import apprise
from apprise.persistent_store import PersistentStore
import notify_plugins.apprise

url, storage, body, go = sys.argv[1:5]
asset = apprise.AppriseAsset(storage_path=storage) if storage else apprise.AppriseAsset()
notifier = apprise.Apprise(asset=asset)
assert notifier.add(url)
print("ready", flush=True)
while go and not os.path.exists(go):
    time.sleep(0.001)
print("sent" if notifier.notify(body=body) else "refused", flush=True)
"""


def start_sender(url: str, storage: Path | None, body: str, go: Path | None = None) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    return subprocess.Popen(
        [sys.executable, "-c", SENDER, url, str(storage or ""), body, str(go or "")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**env, "NO_PROXY": "127.0.0.1,localhost"},
    )


def run_sender(url: str, storage: Path | None, body: str) -> subprocess.CompletedProcess[str]:
    process = start_sender(url, storage, body)
    stdout, stderr = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout.replace("ready\n", ""), stderr)


def test_processes_sending_at_once_on_one_storage_folder_never_pass_the_limit(sandbox: Sandbox, tmp_path: Path) -> None:
    url = guarded("prosms", sandbox, daily_limit=3)
    go = tmp_path / "go"
    storage = tmp_path / "storage"
    processes = [start_sender(url, storage, f"Alarm {i}", go) for i in range(8)]
    for process in processes:  # every one has imported Apprise and loaded the URL
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    go.touch()

    outcomes = [process.communicate(timeout=120)[0].strip() for process in processes]

    assert sorted(outcomes) == ["refused"] * 5 + ["sent"] * 3
    assert len(delivered(sandbox)) == 3


# -- midnight, unreadable state --------------------------------------------------------------------------


def test_the_count_starts_again_at_local_midnight(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(datetime(2026, 12, 7, 23, 59).astimezone())
    monkeypatch.setattr(SmsNotifyBase, "_clock", staticmethod(clock))
    url = guarded("prosms", sandbox, daily_limit=1)
    assert send(tmp_path, url)
    assert not send(tmp_path, url, "again")

    clock.now = datetime(2026, 12, 8, 0, 0).astimezone()

    assert send(tmp_path, url, "again")
    stored = json.loads(ledger_files(tmp_path)[0].read_bytes())
    assert (stored["day"], stored["parts"]) == ("2026-12-08", 1)


def test_unreadable_stored_state_lets_the_send_through_warns_and_is_replaced(
    sandbox: Sandbox, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = guarded("prosms", sandbox, daily_limit=1)
    assert send(tmp_path, url)
    (ledger,) = ledger_files(tmp_path)
    ledger.write_bytes(b"\x00 not json")

    with caplog.at_level(logging.WARNING, logger="apprise"):
        assert send(tmp_path, url, "the alarm")

    assert "could not read its stored count" in caplog.text and "starts again from 0" in caplog.text
    assert len(delivered(sandbox)) == 2
    assert json.loads(ledger.read_bytes())["parts"] == 1  # replaced by today's fresh count
    assert not send(tmp_path, url, "and the limit holds again")


def test_a_count_that_cannot_be_saved_lets_sends_through_and_says_the_limit_does_not_hold(
    sandbox: Sandbox, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk or a read-only folder: an alarm still gets out, and the log does not claim
    a limit that is not kept."""
    url = guarded("prosms", sandbox, daily_limit=1)
    monkeypatch.setattr(PersistentStore, "write", lambda *args, **kwargs: False)

    with caplog.at_level(logging.WARNING, logger="apprise"):
        assert send(tmp_path, url) and send(tmp_path, url, "the alarm")

    assert "could not save its count" in caplog.text and "the daily limit does not hold" in caplog.text
    assert len(delivered(sandbox)) == 2


def test_the_ledger_on_disk_holds_no_number_and_no_text(sandbox: Sandbox, tmp_path: Path) -> None:
    assert send(tmp_path, guarded("prosms", sandbox, daily_limit=5, repeat_window=5), "Door open")

    (ledger,) = ledger_files(tmp_path)
    content = ledger.read_text()
    assert MUM not in content and "Door open" not in content


def test_without_either_argument_nothing_is_stored(sandbox: Sandbox, tmp_path: Path) -> None:
    assert send(tmp_path, sandbox_url("prosms", sandbox))
    assert ledger_files(tmp_path) == []
