"""A new user's path through Home Assistant's UI, in a real browser, against the sandbox.

One Home Assistant with its frontend, one sandbox and one headless Chromium (:mod:`.session`)
serve the whole module; the tests run in order and each continues where the previous one
left the account: what the frontend asks first, set-up with its errors, the integration page's
button for another account, a recipient with its device, its notify entity and delivery-report
event entity, a send through the notify entity and one through the recipient's notify action
in the action form, ``prosms.send_sms`` filled in by its labels with its response, a number it
refuses, options, reconfigure, diagnostics, re-authentication after a restart with a revoked
key, and the account's device. Each asserts what the page shows and what the sandbox received.

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
import yaml
from playwright.sync_api import Page, expect

from tests.browser.session import UiSession, ui_session
from tests.processes import DEMO_CREDENTIALS, messages

pytestmark = pytest.mark.slow

KEY = DEMO_CREDENTIALS["prosms"]["api_key"]
ACCOUNT = "ProSMS.se HomeAlarm"
MUM = "+46701234567"
DAD = "+46709876543"
MUM_ACTION = "notify.prosms_se_homealarm_mum"
"""The recipient's notify action: the account's title and the recipient's name, as the
rule in docs/home-assistant.md says."""
SEND_SMS_KEYS = {
    "Account": "config_entry_id",
    "Message": "message",
    "Numbers": "numbers",
    "Sender": "sender",
    "Reference": "reference",
}
"""Each label of ``send_sms``'s form and the key it names in YAML (the account picker's key
is Home Assistant's for the account of an action)."""
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


def test_the_integration_page_offers_another_account(ui: UiSession) -> None:
    """The integration page lists the account under *Services*; its button for another account
    says *Add account* on 2026.11 (the integration's own wording) and *Add service* on 2025.4
    (which knows only the integration type's). It opens the set-up form."""
    page, frontend = ui.page, ui.frontend
    frontend.open_integration("prosms")
    expect(page.get_by_role("heading", name="Services", exact=True)).to_be_visible()
    expect(frontend.entry_row(ACCOUNT)).to_be_visible()
    page.get_by_role("button", name=frontend.add_account, exact=True).click()
    expect(frontend.field("API key")).to_be_visible()
    assert "Set up ProSMS.se" in frontend.dialog_text()
    frontend.close_flow()  # nothing typed, nothing added
    expect(frontend.field("API key")).to_be_hidden()


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
    expect(page.get_by_role("button", name=frontend.add_account, exact=True)).to_be_visible()
    screenshot(page, shots / "ha-integration-page.png")
    assert entity(ui, "notify", "Mum")["state"] == "unknown"


def test_the_recipient_device_shows_its_notifier_and_delivery_reports(ui: UiSession, shots: Path) -> None:
    """*Settings > Devices & services > Devices*, the recipient's device: named after the
    recipient, its notify entity named *Mum* (not a cut-off account name) and its *Delivery
    report* event entity, connected via the account's device."""
    page, frontend = ui.page, ui.frontend
    frontend.open_device("Recipient")
    expect(page.get_by_text("Mum", exact=True).first).to_be_visible()
    expect(page.get_by_role("link", name=ACCOUNT)).to_be_visible()  # Connected via
    notifiers = frontend.device_card("Notifiers")
    expect(notifiers).to_contain_text("Mum")
    expect(notifiers).not_to_contain_text(ACCOUNT)
    expect(frontend.device_card("Events")).to_contain_text("Delivery report")
    screenshot(page, shots / "ha-recipient-device.png")
    report = entity(ui, "event", "Delivery report")
    assert report["attributes"]["friendly_name"] == "Mum Delivery report"
    assert report["attributes"]["event_types"] == ["delivered", "failed", "expired", "unknown"]


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


def test_the_recipient_is_also_a_notify_action(ui: UiSession, shots: Path) -> None:
    """Typing the recipient's name where the action form picks its action finds one action,
    *Send an SMS to Mum*, ``notify.prosms_se_homealarm_mum``: the name ``alert:``, notify
    groups and the login-code module take. Its fields are the notify action's keys."""
    page, frontend = ui.page, ui.frontend
    frontend.open_actions()
    found = frontend.search_actions("Mum")
    expect(found).to_have_count(1)
    expect(found).to_have_accessible_name(re.compile(rf"Send an SMS to Mum\b.*\b{re.escape(MUM_ACTION)}\b"))
    found.click()
    expect(page.get_by_text("Texts Mum, a recipient of the ProSMS.se HomeAlarm account")).to_be_visible()
    frontend.fill_action_fields({"message": "The back door opened.", "title": "Alarm"})
    screenshot(page, shots / "ha-notify-action.png")
    frontend.perform()
    sms = sent_to(ui, MUM, count=2)[-1]
    assert (sms["sender"], sms["text"]) == ("HomeAlarm", "Alarm\nThe back door opened.")


def test_send_sms_labels_name_their_keys_and_it_shows_its_response(ui: UiSession, shots: Path) -> None:
    """``prosms.send_sms`` in UI mode: the recipient as target, then each field by its label.
    YAML mode then shows each value under the key its label names (the account under
    ``config_entry_id``); back in UI mode, the form performs the call and shows the response."""
    page, frontend = ui.page, ui.frontend
    typed = {"Message": "Water leak in the basement.", "Sender": "NotifyDemo", "Reference": "leak-1"}
    frontend.open_actions()
    frontend.choose_action("prosms.send_sms")
    expect(frontend.action_row("Message")).to_be_visible()
    for old_label in ("Recipients", "Entities"):  # fields of the keys now aliases, which the form no longer shows
        expect(frontend.action_row(old_label)).to_have_count(0)
    frontend.add_entity_target("Mum")
    frontend.choose_account("Account", ACCOUNT)
    frontend.add_action_items("Numbers", [DAD])
    frontend.fill_action_fields(typed)

    call = yaml.safe_load(frontend.action_yaml())
    mum = entity(ui, "notify", "Mum")["entity_id"]
    assert call["action"] == "prosms.send_sms"
    assert call["target"] in ({"entity_id": mum}, {"entity_id": [mum]})
    given = {"Account": entry(ui)["entry_id"], "Numbers": [DAD], **typed}
    assert call["data"] == {SEND_SMS_KEYS[label]: value for label, value in given.items()}
    for label, key in SEND_SMS_KEYS.items():
        assert label == "Account" or label.lower() == key

    frontend.action_form_mode("UI")
    frontend.perform()
    response = frontend.response()
    assert response.count("status: accepted") == 2, response
    screenshot(page, shots / "ha-send-sms-response.png", height=1950)
    dad = sent_to(ui, DAD)[-1]
    assert (dad["sender"], dad["text"], dad["reference"]) == ("NotifyDemo", "Water leak in the basement.", "leak-1")
    assert dad["message_id"] in response


def test_numbers_alone_need_an_empty_target_and_a_wrong_one_is_named_as_typed(ui: UiSession) -> None:
    """The action form refuses a call without a target before it reaches Home Assistant; in
    YAML mode, ``target: {}`` sends to ``numbers`` alone, and a wrong number is named as typed."""
    page, frontend = ui.page, ui.frontend
    call = 'action: prosms.send_sms\ndata:\n  message: Test\n  numbers:\n    - "+4670123"\n'
    frontend.perform_yaml(call)
    expect(page.get_by_text("This action requires a target")).to_be_visible()
    frontend.perform_yaml(call.replace("data:", "target: {}\ndata:"))
    refused = page.get_by_text("Nothing was sent through prosms.send_sms")
    expect(refused).to_contain_text('"+4670123" is not a valid phone number')


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
