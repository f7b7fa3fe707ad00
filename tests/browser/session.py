"""A real Home Assistant with its frontend, the sandbox and Chromium, for the browser test.

:func:`ui_session` starts the sandbox and ``python -m homeassistant`` of this environment
(Home Assistant 2025.4.4 in ``.venv``, the newest release in ``scripts/newest-ha.sh``'s
venv; the helpers of the real-process tests, :mod:`tests.processes`) on loopback ports,
finishes onboarding through Home Assistant's own API (the user step creates the owner; the
other steps are marked done in the onboarding store beforehand, so none of the integrations
onboarding would add, which go to the internet, are set up), and opens Debian's Chromium
through Playwright, logged in with the owner's tokens, with the steps of that release's
frontend (:mod:`.frontend`). Every request of the page that is not to 127.0.0.1 is aborted
and recorded, so the test can assert there were none.
"""

from __future__ import annotations

import json
import os
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, Route, sync_playwright

from notify_plugins.providers import PROVIDERS
from tests.browser.frontend import Frontend, frontend_of, home_assistant_release
from tests.processes import (
    CORE_CONFIG,
    child,
    free_port,
    hass_command,
    link_integrations,
    running_sandbox,
    wait_until_serving,
    write_configuration,
)

DOMAINS = tuple(PROVIDERS)
"""Every integration, linked into the configuration."""

CHROMIUM = Path(os.environ.get("NOTIFY_PLUGINS_CHROMIUM", "/usr/bin/chromium"))
"""Debian's Chromium; ``NOTIFY_PLUGINS_CHROMIUM`` names another Chromium-based browser."""
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # a chroot's /dev may have no /dev/shm of its own
)
BOOT_SECONDS = 120.0
OWNER = {"name": "Test Owner", "username": "owner", "password": "owner-password-1", "language": "en"}


@dataclass
class UiSession:
    """What the browser test works with."""

    base: str
    """Home Assistant's URL (``http://127.0.0.1:<port>``)."""
    sandbox: str
    page: Page
    frontend: Frontend
    """The steps of this release's frontend, on :attr:`page`."""
    token: str
    """The owner's access token, for REST calls the test makes itself."""
    log: Path
    config_dir: Path
    hass: ExitStack
    """Owns the running Home Assistant process (see :meth:`restart`)."""
    blocked: list[str] = field(default_factory=list)
    """URLs the page tried to reach beyond loopback (aborted)."""

    def restart(self, edit: Callable[[Path], None] | None = None) -> None:
        """Stop Home Assistant, let ``edit`` change its configuration directory, start it again."""
        self.hass.close()
        if edit is not None:
            edit(self.config_dir)
        start_hass(self.hass, self.config_dir, self.log, self.base)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def api(self, method: str, path: str, body: Any = None) -> Any:
        """Home Assistant's REST API as the owner."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url(path),
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
        return json.loads(raw) if raw else None


def configuration(port: int) -> dict[str, Any]:
    """Only what the frontend needs; no ``default_config``, whose integrations reach the LAN
    and the internet."""
    return {
        "homeassistant": dict(CORE_CONFIG),
        "http": {"server_host": "127.0.0.1", "server_port": port},
        "logger": {"default": "warning"},
        "frontend": {},
        "config": {},
    }


def mark_onboarding_steps_done(config_dir: Path) -> None:
    """Every onboarding step but the user's, which the test does through the API."""
    storage = config_dir / ".storage"
    storage.mkdir()
    (storage / "onboarding").write_text(
        json.dumps(
            {
                "version": 4,
                "minor_version": 1,
                "key": "onboarding",
                "data": {"done": ["core_config", "analytics", "integration"]},
            }
        )
    )


def _post_json(url: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def onboard(base: str) -> dict[str, Any]:
    """Create the owner through the onboarding API; the tokens as the frontend stores them."""
    client_id = f"{base}/"
    code = _post_json(f"{base}/api/onboarding/users", {**OWNER, "client_id": client_id})["auth_code"]
    form = urllib.parse.urlencode({"grant_type": "authorization_code", "code": code, "client_id": client_id}).encode()
    with urllib.request.urlopen(
        urllib.request.Request(f"{base}/auth/token", data=form, method="POST"), timeout=30
    ) as response:
        tokens: dict[str, Any] = json.loads(response.read())
    return {**tokens, "hassUrl": base, "clientId": client_id, "expires": None}


def start_hass(stack: ExitStack, config_dir: Path, log: Path, base: str) -> None:
    """Start Home Assistant on ``config_dir`` (stopped when ``stack`` closes) and wait for HTTP."""
    process = stack.enter_context(child(hass_command(config_dir), log, config_dir.parent))
    wait_until_serving(process, log, f"{base}/api/onboarding", BOOT_SECONDS)


def launch(playwright: Any) -> Browser:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: `make browser` installs Debian's chromium as root"
    browser: Browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
    return browser


@contextmanager
def ui_session(tmp: Path) -> Iterator[UiSession]:
    frontend = frontend_of(home_assistant_release())
    with ExitStack() as stack:
        sandbox = stack.enter_context(running_sandbox(tmp))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        config_dir = tmp / "config"
        write_configuration(config_dir, configuration(port))
        link_integrations(config_dir, DOMAINS)
        mark_onboarding_steps_done(config_dir)
        hass, log = stack.enter_context(ExitStack()), tmp / "hass.out"
        start_hass(hass, config_dir, log, base)
        tokens = onboard(base)
        playwright = stack.enter_context(sync_playwright())
        browser = launch(playwright)
        stack.callback(browser.close)
        context = browser.new_context(
            base_url=base, viewport={"width": 1280, "height": 900}, locale="en-US", timezone_id="UTC"
        )
        context.add_init_script(
            f"const tokens = {json.dumps(tokens)};"
            "tokens.expires = Date.now() + tokens.expires_in * 1000;"
            "window.localStorage.setItem('hassTokens', JSON.stringify(tokens));"
        )
        page = context.new_page()
        session = UiSession(
            base=base,
            sandbox=sandbox,
            page=page,
            frontend=frontend(page),
            token=tokens["access_token"],
            log=log,
            config_dir=config_dir,
            hass=hass,
        )

        def only_loopback(route: Route) -> None:
            host = urllib.parse.urlsplit(route.request.url).hostname
            if host == "127.0.0.1" or route.request.url.startswith(("data:", "blob:")):
                route.continue_()
            else:
                session.blocked.append(route.request.url)
                route.abort()

        context.route("**/*", only_loopback)
        yield session
