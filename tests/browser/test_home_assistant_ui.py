"""A new user's path through Home Assistant's UI, in a real browser, against the sandbox.

One Home Assistant with its frontend, one sandbox and one headless Chromium (:mod:`.session`)
serve the whole module; the tests run in order and each continues where the previous one
left the account: what the frontend asks first, set-up with its errors, a recipient, a send
through the notify entity in the action form, ``prosms.send_sms`` with its response, options,
reconfigure, diagnostics, re-authentication after a restart with a revoked key, and the
account's device. Each asserts what the page shows and what the sandbox received.

The walk runs on Home Assistant 2025.4.4 (``make browser``, ``.venv``) and on the newest
release (``scripts/newest-ha.sh browser``). Each step says what a user does through
``ui.frontend`` (:mod:`.frontend`), which takes the path of the frontend at hand where the
two differ. Entities are found by the names the pages show, not by their ids.

Screenshots of the key screens go to ``$NOTIFY_PLUGINS_SCREENSHOTS`` (``make screenshots``
sets it to ``docs/images`` on the newest release); without it they land in the test's
temporary directory.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.session import UiSession, ui_session
from tests.processes import DEMO_CREDENTIALS, messages

pytestmark = pytest.mark.slow

KEY = DEMO_CREDENTIALS["prosms"]["api_key"]
MUM = "+46701234567"
DAD = "+46709876543"
UI_SECONDS = 30_000
"""Playwright's patience per step, in milliseconds: the frontend is heavy for two shared cores."""


@pytest.fixture(scope="module")
def ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UiSession]:
    with ui_session(tmp_path_factory.mktemp("browser")) as session:
        session.page.set_default_timeout(UI_SECONDS)
        expect.set_options(timeout=UI_SECONDS)
        yield session


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("NOTIFY_PLUGINS_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(page: Page, path: Path, height: int | None = None) -> None:
    """The window as a user sees it; ``height`` makes it taller for this one picture (the
    frontend scrolls inside its own panels, so a full-page screenshot shows no more)."""
    size = page.viewport_size
    if height and size:
        page.set_viewport_size({"width": size["width"], "height": height})
    page.wait_for_load_state("networkidle")  # the icons, which load once the page shows them
    page.screenshot(path=path, animations="disabled")
    if height and size:
        page.set_viewport_size(size)


def form_errors(page: Page) -> dict[str, str]:
    """The errors the open flow form holds, by field key (``base`` for the form's own)."""
    errors: dict[str, str] | None = page.locator("dialog-data-entry-flow ha-form").first.evaluate("form => form.error")
    return errors or {}


def entry(ui: UiSession) -> dict[str, Any]:
    [found] = [e for e in ui.api("GET", "/api/config/config_entries/entry") if e["domain"] == "prosms"]
    return found


def entity(ui: UiSession, domain: str, name: str) -> dict[str, Any]:
    """The one ``domain`` entity whose name, as the frontend shows it, ends with ``name``."""
    found = [
        state
        for state in ui.api("GET", "/api/states")
        if state["entity_id"].startswith(f"{domain}.") and state["attributes"].get("friendly_name", "").endswith(name)
    ]
    assert len(found) == 1, (domain, name, found)
    return found[0]


def sent_to(ui: UiSession, number: str, count: int = 1) -> list[dict[str, Any]]:
    """What the sandbox accepted for ``number``, once it has ``count`` messages (or time is up)."""
    for _ in range(UI_SECONDS // 100):
        found = [m for m in messages(ui.sandbox) if m["recipient"] == number.removeprefix("+")]
        if len(found) >= count:
            return found
        ui.page.wait_for_timeout(100)
    return found


def test_the_first_page_asks_what_the_frontend_needs_first(ui: UiSession) -> None:
    """2026.11 asks to confirm the HTTP settings it moved from YAML to storage; confirmed, the
    restart below comes back on the same address."""
    ui.frontend.settle_after_login()
    ui.page.goto("/config/integrations/dashboard")
    expect(ui.page.get_by_role("button", name="Add integration")).to_be_visible()


def test_set_up_errors_land_on_their_field_and_typed_values_stay(ui: UiSession, shots: Path) -> None:
    page, frontend = ui.page, ui.frontend
    page.goto("/config/integrations/dashboard/add?domain=prosms")
    page.get_by_role("button", name="OK").click()
    frontend.field("API key").fill("not-the-key")
    frontend.field("Sender").fill("HomeAlarm")
    frontend.collapsed_field("API URL", "API address").fill(f"{ui.sandbox}/prosms")
    frontend.submit()
    expect(page.get_by_text("The provider refused the credentials.")).to_be_visible()
    assert form_errors(page) == {"api_key": "invalid_auth"}
    expect(frontend.field("Sender")).to_have_value("HomeAlarm")

    frontend.field("API key").fill(KEY)
    frontend.field("Sender").fill("Nobody")
    frontend.submit()
    expect(page.get_by_text("has not had this sender name approved")).to_be_visible()
    assert form_errors(page) == {"sender": "sender_not_approved"}
    expect(frontend.field("API key")).to_have_value(KEY)  # accepted, so never typed twice
    expect(frontend.collapsed_field("API URL", "API address")).to_have_value(f"{ui.sandbox}/prosms")

    frontend.field("Sender").fill("HomeAlarm")
    assert "Translation Error" not in frontend.dialog_text()  # every text of the form has its placeholders
    screenshot(page, shots / "ha-setup-form.png")
    frontend.submit()
    expect(page.get_by_text("Add recipient")).to_be_visible()  # the success dialog says where
    frontend.finish_set_up()
    assert entry(ui)["title"] == "ProSMS.se HomeAlarm"
    assert messages(ui.sandbox) == []  # the check sends nothing


def test_a_recipient_is_added_from_the_entry_menu(ui: UiSession, shots: Path) -> None:
    page, frontend = ui.page, ui.frontend
    frontend.open_integration("prosms")
    frontend.open_entry_menu("ProSMS.se HomeAlarm")
    page.get_by_role("menuitem", name="Add recipient").click()
    frontend.field("Name").fill("Mum")
    frontend.field("Phone number").fill("0701234567")
    screenshot(page, shots / "ha-add-recipient.png")
    frontend.submit()
    frontend.finish_flow()
    expect(frontend.sub_entry("Mum", "Recipient")).to_be_visible()
    screenshot(page, shots / "ha-integration-page.png")
    assert entity(ui, "notify", "Mum")["state"] == "unknown"


def test_the_recipient_entity_sends_through_notify_send_message(ui: UiSession, shots: Path) -> None:
    page, frontend = ui.page, ui.frontend
    frontend.open_actions()
    frontend.choose_action("notify.send_message")
    frontend.add_entity_target("Mum")
    frontend.fill_action_fields({"Message": "The front door opened.", "Title": "Alarm"})
    screenshot(page, shots / "ha-send-message.png")
    frontend.perform()
    [sms] = sent_to(ui, MUM)
    assert (sms["sender"], sms["text"]) == ("HomeAlarm", "Alarm\nThe front door opened.")
    assert entity(ui, "sensor", "Last send")["state"] == "sent"


def test_send_sms_shows_its_response_in_the_action_form(ui: UiSession, shots: Path) -> None:
    page, frontend = ui.page, ui.frontend
    mum = entity(ui, "notify", "Mum")["entity_id"]
    frontend.open_actions()
    frontend.perform_yaml(
        "action: prosms.send_sms\ndata:\n  message: Water leak in the basement.\n"
        f"  entities:\n    - {mum}\n"
        f'  recipients:\n    - "{DAD}"\n  reference: leak-1\n'
    )
    response = frontend.response()
    assert response.count("status: accepted") == 2, response
    screenshot(page, shots / "ha-send-sms-response.png", height=1500)
    dad = sent_to(ui, DAD)[-1]
    assert (dad["text"], dad["reference"]) == ("Water leak in the basement.", "leak-1")
    assert dad["message_id"] in response


def test_a_wrong_recipient_is_named_as_typed(ui: UiSession) -> None:
    page, frontend = ui.page, ui.frontend
    frontend.perform_yaml('action: prosms.send_sms\ndata:\n  message: Test\n  recipients:\n    - "+4670123"\n')
    alert = page.locator("ha-alert", has_text="Nothing was sent through")
    expect(alert).to_contain_text('"+4670123" is not a valid phone number')


def test_options_say_delivery_reports_need_an_external_url(ui: UiSession) -> None:
    page, frontend = ui.page, ui.frontend
    frontend.open_integration("prosms")
    frontend.entry_row("ProSMS.se HomeAlarm").get_by_role("button", name="Configure", exact=True).click()
    expect(page.get_by_text("external URL")).to_be_visible()
    assert " at - " not in frontend.dialog_text()
    frontend.submit()
    frontend.finish_flow()


def test_reconfigure_changes_the_sender(ui: UiSession) -> None:
    page, frontend = ui.page, ui.frontend
    frontend.open_integration("prosms")
    frontend.open_entry_menu("ProSMS.se HomeAlarm")
    page.get_by_role("menuitem", name="Reconfigure").click()
    frontend.field("Sender").fill("Alerts")
    frontend.submit()
    expect(page.get_by_text("Re-configuration was successful.")).to_be_visible()
    frontend.close_flow()
    assert entry(ui)["title"] == "ProSMS.se Alerts"
    assert entity(ui, "sensor", "Last send")["state"] == "sent"  # kept over the reload


def test_diagnostics_download_hides_the_key_and_numbers(ui: UiSession) -> None:
    page, frontend = ui.page, ui.frontend
    frontend.open_integration("prosms")
    frontend.open_entry_menu("ProSMS.se Alerts")
    with page.expect_download() as download:
        page.get_by_role("menuitem", name="Download diagnostics").click()
    text = Path(download.value.path()).read_text()
    data = json.loads(text)["data"]
    assert data["entry"]["data"]["api_key"] == "**REDACTED**"
    assert data["entry"]["data"]["sender"] == "Alerts"
    assert KEY not in text
    assert "701234567" not in text


def test_a_revoked_key_asks_for_re_authentication_after_a_restart(ui: UiSession) -> None:
    def revoke(config_dir: Path) -> None:
        path = config_dir / ".storage" / "core.config_entries"
        stored = json.loads(path.read_text())
        for item in stored["data"]["entries"]:
            if item["domain"] == "prosms":
                item["data"]["api_key"] = "revoked-key"
        path.write_text(json.dumps(stored))

    ui.restart(revoke)
    page, frontend = ui.page, ui.frontend
    page.goto("/config/integrations/dashboard")
    page.get_by_role("button", name="Reconfigure").first.click()
    expect(page.get_by_text("refused the stored credentials")).to_be_visible()
    frontend.field("API key").fill(KEY)
    frontend.submit()
    expect(page.get_by_text("Re-authentication was successful.")).to_be_visible()
    frontend.close_flow()
    assert entry(ui)["state"] == "loaded"
    assert entity(ui, "sensor", "Last send")["state"] == "sent"  # kept over the restart


def test_the_device_page_shows_the_account(ui: UiSession, shots: Path) -> None:
    page, frontend = ui.page, ui.frontend
    frontend.open_device("SMS account")
    expect(page.get_by_text("Remaining credit")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\bMum\b")).first).to_be_visible()  # the recipient, connected via the account
    screenshot(page, shots / "ha-device-page.png")


def test_the_page_never_left_loopback(ui: UiSession) -> None:
    hosts = {re.sub(r"^https?://([^/]+)/.*$", r"\1", url) for url in ui.blocked}
    assert hosts <= {"brands.home-assistant.io"}, sorted(ui.blocked)
