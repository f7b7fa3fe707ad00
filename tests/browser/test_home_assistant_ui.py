"""A new user's path through Home Assistant's UI, in a real browser, against the sandbox.

One Home Assistant (2025.4.4 with its frontend), one sandbox and one headless Chromium
(:mod:`.session`) serve the whole module; the tests run in order and each continues where
the previous one left the account: set-up with its errors, a recipient, a send through the
notify entity, ``prosms.send_sms`` in Developer tools with its response, options,
reconfigure, diagnostics, and re-authentication after a restart with a revoked key. Each
asserts what the page shows and what the sandbox received.

Screenshots of the key screens go to ``$NOTIFY_PLUGINS_SCREENSHOTS`` (``make screenshots``
sets it to ``docs/images``); without it they land in the test's temporary directory.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

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
        yield session


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("NOTIFY_PLUGINS_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def dialog_text(page: Page) -> str:
    """Everything the open dialog shows (its shadow roots included)."""
    text: str = page.locator("dialog-data-entry-flow").evaluate(
        """host => {
            const parts = [];
            const walk = node => {
                if (node.shadowRoot) walk(node.shadowRoot);
                for (const child of node.childNodes) {
                    if (child.nodeType === Node.TEXT_NODE) parts.push(child.textContent);
                    else walk(child);
                }
            };
            walk(host);
            return parts.join(' ').replace(/\\s+/g, ' ');
        }"""
    )
    return text


def form_errors(page: Page) -> dict[str, str]:
    """The errors the open flow form shows, by field (``base`` for the form's own)."""
    errors: dict[str, str] | None = page.locator("dialog-data-entry-flow ha-form").first.evaluate("form => form.error")
    return errors or {}


def api_url_field(page: Page) -> Locator:
    """The API URL field, its collapsed section opened first."""
    field = page.get_by_label("API URL")
    if not field.is_visible():
        page.locator("dialog-data-entry-flow ha-expansion-panel").first.click()
    return field


def open_entry_menu(ui: UiSession) -> None:
    ui.page.goto(ui.url("/config/integrations/integration/prosms"))
    ui.page.get_by_role("button", name="Menu").first.click()


def entry(ui: UiSession) -> dict[str, Any]:
    [found] = [e for e in ui.api("GET", "/api/config/config_entries/entry") if e["domain"] == "prosms"]
    return found


def perform_action(ui: UiSession, yaml_text: str) -> None:
    """Developer tools > Actions in YAML mode: type the call and perform it."""
    page = ui.page
    page.goto(ui.url("/developer-tools/action"))
    page.get_by_role("button", name=re.compile(r"^Go to (YAML|UI) mode$")).wait_for()
    if page.get_by_role("button", name="Go to YAML mode").count():
        page.get_by_role("button", name="Go to YAML mode").click()
    editor = page.locator(".cm-content").first
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(yaml_text)
    page.get_by_role("button", name="Perform action").click()


def sent_to(ui: UiSession, number: str, count: int = 1) -> list[dict[str, Any]]:
    """What the sandbox accepted for ``number``, once it has ``count`` messages (or time is up)."""
    for _ in range(UI_SECONDS // 100):
        found = [m for m in messages(ui.sandbox) if m["recipient"] == number.removeprefix("+")]
        if len(found) >= count:
            return found
        ui.page.wait_for_timeout(100)
    return found


def test_set_up_errors_land_on_their_field_and_typed_values_stay(ui: UiSession, shots: Path) -> None:
    page = ui.page
    page.goto(ui.url("/config/integrations/dashboard/add?domain=prosms"))
    page.get_by_role("button", name="OK").click()
    page.get_by_label("API key").fill("not-the-key")
    page.get_by_label("Sender").fill("HomeAlarm")
    api_url_field(page).fill(f"{ui.sandbox}/prosms")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("The provider refused the credentials.")).to_be_visible()
    assert form_errors(page) == {"api_key": "invalid_auth"}
    expect(page.get_by_label("Sender")).to_have_value("HomeAlarm")

    page.get_by_label("API key").fill(KEY)
    page.get_by_label("Sender").fill("Nobody")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("has not had this sender name approved")).to_be_visible()
    assert form_errors(page) == {"sender": "sender_not_approved"}
    expect(page.get_by_label("API key")).to_have_value(KEY)  # accepted, so never typed twice
    expect(api_url_field(page)).to_have_value(f"{ui.sandbox}/prosms")

    page.get_by_label("Sender").fill("HomeAlarm")
    assert "Translation Error" not in dialog_text(page)  # every text of the form has its placeholders
    page.screenshot(path=shots / "ha-setup-form.png", animations="disabled")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Add recipient")).to_be_visible()  # the success dialog says where
    page.get_by_role("button", name="Finish").click()
    assert entry(ui)["title"] == "ProSMS.se HomeAlarm"
    assert messages(ui.sandbox) == []  # the check sends nothing


def test_a_recipient_is_added_from_the_entry_menu(ui: UiSession, shots: Path) -> None:
    page = ui.page
    open_entry_menu(ui)
    page.get_by_role("menuitem", name="Add recipient").click()
    page.get_by_label("Name").fill("Mum")
    page.get_by_label("Phone number").fill("0701234567")
    page.screenshot(path=shots / "ha-add-recipient.png", animations="disabled")
    page.get_by_role("button", name="Submit").click()
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_text("Recipient -")).to_be_visible()
    assert ui.api("GET", "/api/states/notify.prosms_se_homealarm_mum")["state"] == "unknown"


def test_the_recipient_entity_sends_through_notify_send_message(ui: UiSession) -> None:
    perform_action(
        ui,
        "action: notify.send_message\ntarget:\n  entity_id: notify.prosms_se_homealarm_mum\n"
        "data:\n  title: Alarm\n  message: The front door opened.\n",
    )
    [sms] = sent_to(ui, MUM)
    assert (sms["sender"], sms["text"]) == ("HomeAlarm", "Alarm\nThe front door opened.")
    assert ui.api("GET", "/api/states/sensor.prosms_se_homealarm_last_send")["state"] == "sent"


def test_send_sms_shows_its_response_in_developer_tools(ui: UiSession, shots: Path) -> None:
    page = ui.page
    perform_action(
        ui,
        "action: prosms.send_sms\ndata:\n  message: Water leak in the basement.\n"
        "  entities:\n    - notify.prosms_se_homealarm_mum\n"
        f'  recipients:\n    - "{DAD}"\n  reference: leak-1\n',
    )
    expect(page.get_by_text("Response", exact=True)).to_be_visible()
    response = page.locator(".cm-content").last.inner_text()
    assert response.count("status: accepted") == 2, response
    page.screenshot(path=shots / "ha-send-sms-response.png", full_page=True, animations="disabled")
    dad = sent_to(ui, DAD)[-1]
    assert (dad["text"], dad["reference"]) == ("Water leak in the basement.", "leak-1")
    assert dad["message_id"] in response


def test_a_wrong_recipient_is_named_as_typed(ui: UiSession) -> None:
    page = ui.page
    perform_action(ui, 'action: prosms.send_sms\ndata:\n  message: Test\n  recipients:\n    - "+4670123"\n')
    alert = page.locator("ha-alert", has_text="Nothing was sent through")
    expect(alert).to_contain_text('"+4670123" is not a valid phone number')


def test_options_say_delivery_reports_need_an_external_url(ui: UiSession) -> None:
    page = ui.page
    page.goto(ui.url("/config/integrations/integration/prosms"))
    page.get_by_role("button", name="Configure").first.click()
    expect(page.get_by_text("external URL")).to_be_visible()
    assert " at - " not in dialog_text(page)
    page.get_by_role("button", name="Submit").click()
    page.get_by_role("button", name="Finish").click()


def test_reconfigure_changes_the_sender(ui: UiSession) -> None:
    page = ui.page
    open_entry_menu(ui)
    page.get_by_role("menuitem", name="Reconfigure").click()
    page.get_by_label("Sender").fill("Alerts")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Re-configuration was successful.")).to_be_visible()
    page.get_by_role("button", name="Close", exact=True).last.click()
    assert entry(ui)["title"] == "ProSMS.se Alerts"
    assert ui.api("GET", "/api/states/sensor.prosms_se_homealarm_last_send")["state"] == "sent"  # kept over the reload


def test_diagnostics_download_hides_the_key_and_numbers(ui: UiSession) -> None:
    page = ui.page
    open_entry_menu(ui)
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
    page = ui.page
    page.goto(ui.url("/config/integrations/dashboard"))
    page.get_by_role("button", name="Reconfigure").first.click()
    expect(page.get_by_text("refused the stored credentials")).to_be_visible()
    page.get_by_label("API key").fill(KEY)
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Re-authentication was successful.")).to_be_visible()
    page.get_by_role("button", name="Close", exact=True).last.click()
    assert entry(ui)["state"] == "loaded"
    assert ui.api("GET", "/api/states/sensor.prosms_se_homealarm_last_send")["state"] == "sent"  # kept over the restart


def test_the_device_page_shows_the_account(ui: UiSession, shots: Path) -> None:
    page = ui.page
    page.goto(ui.url("/config/devices/dashboard"))
    # the frontend hands the page its connection a moment after it has loaded
    page.wait_for_function("() => document.querySelector('home-assistant')?.hass?.callWS")
    devices: list[dict[str, Any]] = page.evaluate(
        "() => document.querySelector('home-assistant').hass.callWS({type: 'config/device_registry/list'})"
    )
    [account] = [d for d in devices if d["model"] == "SMS account"]
    page.goto(ui.url(f"/config/devices/device/{account['id']}"))
    expect(page.get_by_text("Remaining credit")).to_be_visible()
    expect(page.get_by_text("ProSMS.se Alerts Mum")).to_be_visible()  # the recipient, connected via the account
    page.screenshot(path=shots / "ha-device-page.png", full_page=True, animations="disabled")


def test_the_page_never_left_loopback(ui: UiSession) -> None:
    hosts = {re.sub(r"^https?://([^/]+)/.*$", r"\1", url) for url in ui.blocked}
    assert hosts <= {"brands.home-assistant.io"}, sorted(ui.blocked)
