"""apprise-api as its users run it, under the recipe of docs/apprise-api.md.

``scripts/apprise-api.sh`` (``make apprise-api``) puts apprise-api's source and requirements
and our wheel into a venv of their own and names both here. Each test starts apprise-api's
gunicorn with the command and folder of the image's ``etc/supervisord.conf`` and the image's
environment (config, attachment and plugin folders in ``tmp_path``), bound to a free loopback
port instead of the image's socket behind nginx, with ``LOG_LEVEL=TRACE`` and one worker: every
worker is a process of its own that sets itself up the same way, and a second one would only
double the start-up on a busy machine. The recipe adds one thing: ``GUNICORN_CMD_ARGS`` as the
documentation gives it.

Nothing checks readiness with a request: the first request a test makes is the first the
worker serves, so "a fresh worker" is what each test's opening request meets. Deliveries go
to the sandbox on loopback. Every response and every log line is searched for the
credentials and the full numbers sent; none may appear.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import shlex
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml

from notify_plugins.demo import DEMO_SENDS, DemoSend, apprise_url
from notify_plugins.sandbox import DEMO_CREDENTIALS
from notify_plugins.validation import normalize_number
from tests.processes import ROOT, child, free_port, messages, running_sandbox, tail

VENV = os.environ.get("NOTIFY_PLUGINS_APPRISE_API_VENV", "")
SOURCE = os.environ.get("NOTIFY_PLUGINS_APPRISE_API_SOURCE", "")
needs_apprise_api = pytest.mark.skipif(not (VENV and SOURCE), reason="run by make apprise-api (scripts/apprise-api.sh)")

SETTINGS = "notify_plugins.apprise.apprise_api_settings"
RECIPE = {"GUNICORN_CMD_ARGS": f"--env DJANGO_SETTINGS_MODULE={SETTINGS}"}
"""What the recipe adds to apprise-api's environment (docs/apprise-api.md, both variants)."""

IMAGE_WEBAPP = "/opt/apprise/webapp"
SCHEMES = ("prosms", "smsdk", "smstools", "spryng", "smsgw", "smsgws")
SENDS: tuple[DemoSend, ...] = tuple(build() for build in DEMO_SENDS)
"""One message per provider and Spryng API, as ``notify-plugins demo`` sends them."""

START_SECONDS = 30.0
REQUEST_SECONDS = 120.0
"""A worker's first request waits for it to boot: Django, then Apprise loading every plugin."""

HOME_COUNTRIES = {"prosms": "SE", "smsdk": "DK", "smstools": "IT", "spryng": "NL", "smsgw": None}


def secrets() -> set[str]:
    """What must never show: every credential but Spryng's username, and every full number."""
    found = {value for creds in DEMO_CREDENTIALS.values() for name, value in creds.items() if name != "username"}
    for send in SENDS:
        digits = normalize_number(send.recipient, HOME_COUNTRIES[send.key])
        found |= {digits, f"+{digits}", send.recipient, quote(send.recipient, safe=""), quote(f"+{digits}", safe="")}
    return found


@dataclass
class AppriseApi:
    """A running apprise-api: its address, its log, and every response it gave."""

    base: str
    log: Path
    sandbox: str
    responses: list[str] = field(default_factory=list)

    def request(self, path: str, form: Mapping[str, str] | None = None, *, accept: str = "application/json") -> Any:
        """(status, body) of a GET, or of a form POST when ``form`` is given."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(f"{self.base}{path}", data=data, headers={"Accept": accept})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=REQUEST_SECONDS) as response:
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as err:
            status, body = err.code, err.read().decode()
        self.responses.append(body)
        return status, body

    def url(self, send: DemoSend) -> str:
        return apprise_url(send, f"{self.sandbox}/{send.key}")

    def leaks(self) -> list[str]:
        """Responses and log lines holding a credential or a full number."""
        hidden = secrets()
        texts = [*self.responses, *self.log.read_text(errors="replace").splitlines()]
        return [text[:300] for text in texts if any(secret in text for secret in hidden)]


def apprise_path() -> str:
    """The plugin folder as a user gets it: ``notify-plugins apprise-path`` in apprise-api's venv."""
    done = subprocess.run(
        [Path(VENV) / "bin" / "notify-plugins", "apprise-path"], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


def image_command(port: int) -> tuple[list[str], Path, dict[str, str]]:
    """gunicorn's command, folder and environment from the image's supervisord.conf, on ``port``."""
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(Path(SOURCE) / "apprise_api" / "etc" / "supervisord.conf")
    program = conf["program:gunicorn"]
    webapp = str(Path(SOURCE) / "apprise_api")
    command = shlex.split(program["command"].replace(IMAGE_WEBAPP, webapp))
    assert command[0] == "gunicorn", command
    command[0] = str(Path(VENV) / "bin" / "gunicorn")
    environment = dict(pair.split("=", 1) for pair in shlex.split(program.get("environment", "").replace(",", " ")))
    return (
        [*command, "--bind", f"127.0.0.1:{port}"],
        Path(program["directory"].replace(IMAGE_WEBAPP, webapp)),
        environment,
    )


def image_environment(tmp: Path, program: Mapping[str, str]) -> dict[str, str]:
    """The image's ENV (apprise-api's Dockerfile, python:3.14-slim) with its folders in ``tmp``."""
    folders = {name: tmp / name for name in ("config", "attach", "plugin", "home")}
    for folder in folders.values():
        folder.mkdir()
    (folders["config"] / "store").mkdir()
    return {
        "PATH": f"{Path(VENV) / 'bin'}:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "TZ": "Etc/UTC",
        "PYTHONDONTWRITEBYTECODE": "1",
        "APPRISE_CONFIG_DIR": str(folders["config"]),
        "APPRISE_ATTACH_DIR": str(folders["attach"]),
        "APPRISE_PLUGIN_PATHS": str(folders["plugin"]),
        **{name: value.replace("/tmp/apprise", str(folders["home"])) for name, value in program.items()},
        "APPRISE_WORKER_COUNT": "1",
        "LOG_LEVEL": "TRACE",
    }


def wait_for_port(port: int, process: Any, log: Path) -> None:
    """Until gunicorn listens: a bare connection, no request, so no worker serves anything."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, f"gunicorn exited with {process.returncode}:\n{tail(log)}"
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"gunicorn did not listen within {START_SECONDS:.0f} s:\n{tail(log)}")


@contextmanager
def apprise_api(tmp_path: Path, extra: Mapping[str, str], *, check_leaks: bool = True) -> Iterator[AppriseApi]:
    port = free_port()
    command, folder, program = image_command(port)
    env = {**image_environment(tmp_path, program), **extra}
    log = tmp_path / "apprise-api.log"
    with running_sandbox(tmp_path) as sandbox, child(command, log, folder, env=env) as process:
        wait_for_port(port, process, log)
        api = AppriseApi(f"http://127.0.0.1:{port}", log, sandbox)
        yield api
        assert process.poll() is None, f"gunicorn exited with {process.returncode}:\n{tail(log)}"
    assert "Traceback" not in log.read_text(errors="replace"), tail(log, 80)
    if check_leaks:
        assert api.leaks() == []


def tagged(send: DemoSend, tag: str) -> DemoSend:
    return replace(send, text=f"{send.text} {tag}")


def delivered(api: AppriseApi, tag: str) -> list[str]:
    """The providers the sandbox received a message with ``tag`` through."""
    return sorted(m["provider"] for m in messages(api.sandbox) if tag in m.get("text", ""))


def details(api: AppriseApi, *, show_all: bool = False) -> dict[str, bool]:
    """Our schemes listed by /details/, each with whether it is enabled."""
    status, body = api.request("/details/" + ("?all=yes" if show_all else ""))
    assert status == 200, body
    listed = {}
    for schema in json.loads(body)["schemas"]:
        for scheme in (schema.get("protocols") or []) + (schema.get("secure_protocols") or []):
            if scheme in SCHEMES:
                listed[scheme] = bool(schema.get("enabled", True))
    return listed


def config(api: AppriseApi, form: str) -> str:
    urls = [api.url(send) for send in SENDS]
    if form == "yaml":
        return "version: 1\nurls:\n" + "".join(f"  - {json.dumps(url)}\n" for url in urls)
    return "".join(f"{url}\n" for url in urls)


def test_the_recipe_is_what_the_documentation_gives() -> None:
    doc = (ROOT / "docs" / "apprise-api.md").read_text()
    [(name, value)] = RECIPE.items()
    assert f'ENV {name}="{value}"' in doc  # the Dockerfile
    assert f'export {name}="{value}"' in doc  # the virtualenv


def test_ci_checks_out_the_apprise_api_commit_the_local_stage_unpacks() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "checks.yml").read_text())
    [checkout] = [s for s in workflow["jobs"]["apprise-api"]["steps"] if s.get("with", {}).get("repository")]
    tarball = re.search(r"^APPRISE_API_SOURCE \?= (.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert tarball
    assert checkout["with"]["repository"] == "caronc/apprise-api"
    assert tarball.group(1).endswith(f"apprise-api-{checkout['with']['ref'][:7]}.tar.gz")


@needs_apprise_api
def test_a_fresh_worker_lists_every_scheme_in_details(tmp_path: Path) -> None:
    with apprise_api(tmp_path, RECIPE) as api:
        assert details(api) == dict.fromkeys(SCHEMES, True)


@needs_apprise_api
@pytest.mark.parametrize("form", ["text", "yaml"])
def test_a_fresh_worker_adds_a_configuration_that_then_delivers_through_every_provider(
    tmp_path: Path, form: str
) -> None:
    tag = f"stateful-{form}-{uuid.uuid4().hex[:8]}"
    with apprise_api(tmp_path, RECIPE) as api:
        status, body = api.request("/add/sms", {"config": config(api, form), "format": form})
        assert status == 200, body

        status, body = api.request("/json/urls/sms?privacy=1")
        assert status == 200, body
        listed = [entry["url"] for entry in json.loads(body)["urls"]]
        assert sorted(url.split("://")[0] for url in listed) == sorted(send.key for send in SENDS)

        status, body = api.request("/notify/sms", {"body": f"Stateful {tag}"})
        assert status == 200, body
        assert delivered(api, tag) == sorted(send.key for send in SENDS)


@needs_apprise_api
def test_a_fresh_worker_delivers_stateless_through_every_provider(tmp_path: Path) -> None:
    tag = f"stateless-{uuid.uuid4().hex[:8]}"
    with apprise_api(tmp_path, RECIPE) as api:
        for send in SENDS:
            status, body = api.request("/notify/", {"urls": api.url(send), "body": tagged(send, tag).text})
            assert status == 200, f"{send.label}: {body}"
        assert delivered(api, tag) == sorted(send.key for send in SENDS)
        received = {m["provider"]: m for m in messages(api.sandbox) if tag in m["text"]}
        assert received["smsdk"]["encoding"] != "gsm"  # the dash outside GSM 03.38, as sent


@needs_apprise_api
def test_the_deny_list_holds_from_the_first_request(tmp_path: Path) -> None:
    """Denied schemes are refused by a fresh worker, by /add/ too (which applies no filter of its
    own), and still after a /notify/ has loaded the plugin folder as well (a user who also
    kept APPRISE_PLUGIN_PATHS from the command-line advice)."""
    denied = {**RECIPE, "APPRISE_DENY_SERVICES": "prosms, smstools", "APPRISE_PLUGIN_PATHS": apprise_path()}
    prosms, smsdk, smstools = (next(s for s in SENDS if s.key == key) for key in ("prosms", "smsdk", "smstools"))
    tag = f"deny-{uuid.uuid4().hex[:8]}"
    with apprise_api(tmp_path, denied) as api:
        assert api.request("/add/denied", {"urls": api.url(smstools)})[0] == 400
        status, _ = api.request("/notify/", {"urls": api.url(prosms), "body": f"denied {tag}"})
        assert status != 200
        status, body = api.request("/notify/", {"urls": api.url(smsdk), "body": f"allowed {tag}"})
        assert status == 200, body
        status, _ = api.request("/notify/", {"urls": api.url(prosms), "body": f"denied again {tag}"})
        assert status != 200
        assert delivered(api, tag) == ["smsdk"]
        listed = details(api, show_all=True)
        assert {scheme for scheme, enabled in listed.items() if not enabled} == {"prosms", "smstools"}
        assert "prosms" not in details(api)


@needs_apprise_api
def test_the_allow_list_holds_from_the_first_request(tmp_path: Path) -> None:
    allowed = {**RECIPE, "APPRISE_ALLOW_SERVICES": "smsdk json"}
    prosms, smsdk = (next(s for s in SENDS if s.key == key) for key in ("prosms", "smsdk"))
    tag = f"allow-{uuid.uuid4().hex[:8]}"
    with apprise_api(tmp_path, allowed) as api:
        status, _ = api.request("/notify/", {"urls": api.url(prosms), "body": f"not allowed {tag}"})
        assert status != 200
        assert api.request("/add/refused", {"urls": api.url(prosms)})[0] == 400
        status, body = api.request("/notify/", {"urls": api.url(smsdk), "body": f"allowed {tag}"})
        assert status == 200, body
        assert delivered(api, tag) == ["smsdk"]
        assert details(api) == {"smsdk": True}


@needs_apprise_api
def test_without_the_recipe_a_fresh_worker_knows_none_of_the_schemes(tmp_path: Path) -> None:
    """Why the recipe exists: apprise-api with only APPRISE_PLUGIN_PATHS. Should this fail,
    apprise-api passes its plugin paths everywhere now, and the recipe's step can go."""
    with apprise_api(tmp_path, {"APPRISE_PLUGIN_PATHS": apprise_path()}, check_leaks=False) as api:
        assert details(api) == {}
        status, body = api.request("/add/sms", {"config": config(api, "text"), "format": "text"})
        assert status == 400, body
    assert re.search(r"Unparseable URL prosms://", api.log.read_text())
