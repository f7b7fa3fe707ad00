"""What a user does in Home Assistant's frontend, on each of the two frontends the walk drives.

The walk runs on Home Assistant 2025.4.4 (frontend 20250411.0) and on the newest release,
2026.11.0 (frontend 20261028.4). Most of what a user does reads the same on both: fields,
buttons, menu items and options found by their role and accessible name. :class:`Frontend`
holds those steps. Where the frontends part, each subclass says which path its users take:

==================================  ==============================  ===============================
step                                2025.4                          2026.11
==================================  ==============================  ===============================
after logging in                    the default dashboard           ``/home/overview``, with a
                                                                    *Confirm new HTTP server
                                                                    configuration* dialog (``http:``
                                                                    moves from YAML to storage)
a dialog's role                     ``alertdialog``                 ``dialog``
a finished set-up flow              *Success!*, *Finish*            *Name and assign*,
                                                                    *Skip and finish*
an entry's row                      ``ha-md-list-item``             ``ha-row-item``
a sub-entry's row                   ``ha-md-list-item``             ``ha-config-sub-entry-row``
the button that adds an account     *Add service*, the wording of   *Add account*, the integration's
                                    the integration type            own (``config.initiate_flow``)
Developer tools                     in the sidebar                  *Settings > Tools*
picking an action                   a combobox to type into, its    a search dialog
                                    options in a list below it
picking a target entity             *Choose entity*, a combobox     *Add target*, a search dialog
the account in ``send_sms``'s form  a combobox, *Integration* with  a button, *Integration*
                                    a star
the action form's modes             *Go to YAML mode* or            *UI mode* and *YAML mode*
                                    *Go to UI mode*                 side by side
the sidebar's entries               options of a listbox            links
the profile's *Advanced mode*       a switch                        none (the walk needs neither)
==================================  ==============================  ===============================

A text field's accessible name is its label with ``*`` when required, on both; 2026.11's
inputs no longer answer to Playwright's ``get_by_label``, so fields are found by role. The
action form's fields have no accessible name at all: they are found in the settings row
headed by their label. What a dialog or a row shows sits in slots of the element that has
the role, not inside it, so a locator scoped to a 2026.11 dialog finds none of its buttons,
and rows are found by their element.

Both name the action form's account picker *Integration*, whatever the field's label: the
frontend gives a ``config_entry`` selector that name when the form passes none, and the action
form passes none (the field's label heads its row).

New steps are written once on :class:`Frontend` when both frontends show them alike, else on each subclass.
"""

from __future__ import annotations

import re
from importlib.metadata import version

from playwright.sync_api import Locator, Page, expect


def _named(text: str) -> re.Pattern[str]:
    """A field's accessible name: its label, with the ``*`` of a required field or without."""
    return re.compile(rf"^{re.escape(text)}\*?$")


class Frontend:
    """The steps that read the same on both frontends."""

    release = ""
    """Home Assistant's ``YEAR.MONTH`` whose frontend this is."""
    dialog_role: str = "dialog"
    set_up_finished = "Finish"
    """The button that closes a set-up flow once it has created the entry."""
    entry_row_tag = ""
    """The element of an entry's row on an integration's page (see above: not its role)."""
    sub_entry_row_tag = ""
    """The element of a sub-entry's row."""
    add_account = ""
    """The integration page's button that adds another account (a set-up flow)."""

    def __init__(self, page: Page) -> None:
        self.page = page

    # -- after logging in -------------------------------------------------------------------

    def settle_after_login(self) -> None:
        """Whatever the frontend asks of a new user before anything else."""

    # -- flows (set-up, options, recipients, reconfigure) -----------------------------------

    def field(self, label: str) -> Locator:
        """A text field of the open form, by its label."""
        return self.page.get_by_role("textbox", name=_named(label))

    def collapsed_field(self, label: str, section: str) -> Locator:
        """A text field in a collapsed section of the form, the section opened first if it is
        closed. Its header says which (``aria-expanded``): counting the fields instead can
        catch a form that is drawing itself again after a submit, and a click then closes an
        open section."""
        header = self.page.get_by_role("button", name=section)
        expect(header).to_have_attribute("aria-expanded", re.compile("^(true|false)$"))
        if header.get_attribute("aria-expanded") == "false":
            header.click()
        return self.field(label)

    def submit(self) -> None:
        self.page.get_by_role("button", name="Submit").click()

    def finish_set_up(self) -> None:
        """Close the dialog a set-up flow ends with once it has created the entry."""
        self.page.get_by_role("button", name=self.set_up_finished, exact=True).click()

    def finish_flow(self) -> None:
        """Close the dialog another flow ends with (options, a sub-entry)."""
        self.page.get_by_role("button", name="Finish", exact=True).click()

    def dialog_text(self) -> str:
        """Everything the open dialog shows, as its accessibility tree reads it."""
        text: str = self.page.get_by_role(self.dialog_role).last.aria_snapshot()
        return text

    def close_flow(self) -> None:
        """Close the dialog a flow ends with when it changed an entry (reconfigure, reauth)."""
        self.page.get_by_role("button", name="Close", exact=True).last.click()

    # -- an integration's page --------------------------------------------------------------

    def open_integration(self, domain: str) -> None:
        """*Settings > Devices & services*, then the integration."""
        self.page.goto(f"/config/integrations/integration/{domain}")

    def entry_row(self, title: str) -> Locator:
        """The row of the entry titled ``title``: it has the entry's *Configure* button."""
        return (
            self.page.locator(self.entry_row_tag)
            .filter(has_text=title)
            .filter(has=self.page.get_by_role("button", name="Configure", exact=True))
        )

    def open_entry_menu(self, title: str) -> None:
        """The ⋮ menu of the entry titled ``title``."""
        self.entry_row(title).get_by_role("button", name="Menu").click()

    def sub_entry(self, name: str, kind: str) -> Locator:
        """A sub-entry's row: its name on a line of its own, and its kind (``Mum``, ``Recipient``)."""
        return (
            self.page.locator(self.sub_entry_row_tag)
            .filter(has=self.page.get_by_text(name, exact=True))
            .filter(has_text=re.compile(rf"\b{kind}\b"))
        )

    # -- Developer tools > Actions ----------------------------------------------------------

    def open_actions(self) -> None:
        """The *Actions* tab of the developer tools."""
        raise NotImplementedError

    def action_form_mode(self, mode: str) -> None:
        """Switch the action form to ``"UI"`` or ``"YAML"`` mode (the form keeps the last one)."""
        raise NotImplementedError

    def search_actions(self, text: str) -> Locator:
        """Type ``text`` where the action form, in UI mode, picks its action; the actions it
        then offers whose name or id has ``text`` (``Mum``, ``notify.send_message``)."""
        self.open_action_search(text)
        return self.page.get_by_role("option", name=re.compile(rf"\b{re.escape(text)}\b"))

    def open_action_search(self, text: str) -> None:
        """Type ``text`` into the action form's action picker."""
        raise NotImplementedError

    def choose_action(self, action: str) -> None:
        """Pick ``action`` (``notify.send_message``) in the action form, in UI mode."""
        self.search_actions(action).click()

    def add_entity_target(self, name: str) -> None:
        """Add the entity whose name has ``name`` as the action's target."""
        raise NotImplementedError

    def action_row(self, label: str) -> Locator:
        """The action form's row of the field labelled ``label``."""
        return self.page.locator("ha-settings-row").filter(has=self.page.get_by_text(label, exact=True))

    def tick(self, row: Locator) -> None:
        """Tick an optional field's box, which the form needs before it takes the field. The
        box the frontend draws covers the checkbox, and the form's footer may cover the row:
        the click goes to the checkbox itself."""
        box = row.get_by_role("checkbox")
        box.dispatch_event("click")
        expect(box).to_be_checked()

    def action_field(self, label: str) -> Locator:
        """A text field of the action form, by its label; an optional one is ticked first."""
        row = self.action_row(label)
        field = row.get_by_role("textbox")
        expect(field).to_be_visible()
        if field.is_disabled():  # an optional field, not ticked yet
            self.tick(row)
            expect(field).to_be_enabled()
        return field

    def open_account_picker(self, row: Locator) -> None:
        """Open the account picker in the action form's row ``row``."""
        raise NotImplementedError

    def choose_account(self, label: str, title: str) -> None:
        """Tick the action form's field ``label`` (a ``config_entry`` selector) and pick the
        account titled ``title`` among its options (the account and its integration)."""
        row = self.action_row(label)
        self.tick(row)
        self.open_account_picker(row)
        self.page.get_by_role("option", name=re.compile(rf"^{re.escape(title)}\b")).click()

    def add_action_items(self, label: str, values: list[str]) -> None:
        """Tick the action form's list field ``label`` (a text selector taking several) and
        give it ``values``, each with *Add* and typed into the new line."""
        row = self.action_row(label)
        self.tick(row)
        for value in values:
            row.get_by_role("button", name="Add", exact=True).click()
            row.get_by_role("textbox").last.fill(value)

    def action_yaml(self) -> str:
        """The action form's call as its YAML mode shows it."""
        self.action_form_mode("YAML")
        editor = self.page.locator(".cm-content").first  # CodeMirror's editable area
        expect(editor).to_contain_text("action:")
        text: str = editor.inner_text()
        return text

    def fill_action_fields(self, values: dict[str, str]) -> None:
        """Type each value into the action form's field of that label. The form redraws its
        fields a moment after a target is added (a target may bring fields of its own, such
        as *Title*) and may drop what was typed before: what no longer shows is typed again."""
        for _ in range(3):
            for label, value in values.items():
                field = self.action_field(label)
                if field.input_value() != value:
                    field.fill(value)
            self.page.wait_for_timeout(500)  # the redraw after a target, if still to come
            if all(self.action_field(label).input_value() == value for label, value in values.items()):
                return
        raise AssertionError(f"the action form does not keep {values}")

    def perform(self) -> None:
        self.page.get_by_role("button", name="Perform action").click()

    def perform_yaml(self, yaml_text: str) -> None:
        """The action form in YAML mode: type the call and perform it."""
        page = self.page
        self.action_form_mode("YAML")
        page.locator(".cm-content").first.click()  # CodeMirror's editable area
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        page.keyboard.insert_text(yaml_text)
        self.perform()

    def response(self) -> str:
        """The response the action form shows (YAML)."""
        expect(self.page.get_by_text("Response", exact=True)).to_be_visible()
        text: str = self.page.locator(".cm-content").last.inner_text()
        return text

    # -- devices ----------------------------------------------------------------------------

    def open_device(self, model: str) -> None:
        """*Settings > Devices & services > Devices*, then the device of ``model``
        (``SMS account``, ``Recipient``)."""
        self.page.goto("/config/devices/dashboard")
        self.page.get_by_role("row").filter(has_text=model).get_by_role("rowheader").click()

    def device_card(self, heading: str) -> Locator:
        """The card of the open device page headed ``heading``: its entities of one kind
        (*Notifiers*, *Events*, *Sensors*)."""
        return self.page.locator("ha-card").filter(has=self.page.get_by_role("heading", name=heading, exact=True))


class Frontend2025(Frontend):
    """Home Assistant 2025.4's frontend (20250411.0)."""

    release = "2025.4"
    add_account = "Add service"
    dialog_role = "alertdialog"
    entry_row_tag = sub_entry_row_tag = "ha-md-list-item"

    def open_actions(self) -> None:
        """*Developer tools* in the sidebar, then *Actions*."""
        self.page.goto("/")
        self.page.get_by_role("option", name="Developer tools").first.click()
        self.page.get_by_role("tab", name="Actions").click()

    def action_form_mode(self, mode: str) -> None:
        """*Go to YAML mode* or *Go to UI mode*: the one that shows leads to the other mode."""
        self.page.get_by_role("button", name=re.compile(r"^Go to (YAML|UI) mode$")).wait_for()
        switch = self.page.get_by_role("button", name=f"Go to {mode} mode")
        if switch.count():
            switch.click()

    def open_action_search(self, text: str) -> None:
        """Type into the *Action* combobox; its options show in a list below it."""
        self.action_form_mode("UI")
        self.page.get_by_role("combobox", name="Action").fill(text)

    def open_account_picker(self, row: Locator) -> None:
        """The picker is a combobox named *Integration* (with the star of a required field): click into it."""
        row.get_by_role("combobox", name=_named("Integration")).click()

    def add_entity_target(self, name: str) -> None:
        """*Choose entity*, type the name, pick the entity."""
        self.page.get_by_role("button", name="Choose entity").click()
        self.page.get_by_role("combobox", name="Choose entity").fill(name)
        self.page.get_by_role("option", name=re.compile(re.escape(name))).first.click()


class Frontend2026(Frontend):
    """Home Assistant 2026.11's frontend (20261028.4)."""

    release = "2026.11"
    set_up_finished = "Skip and finish"
    add_account = "Add account"
    entry_row_tag = "ha-row-item"
    sub_entry_row_tag = "ha-config-sub-entry-row"

    def settle_after_login(self) -> None:
        """The first page after ``http:`` moved from YAML to storage asks to confirm it (or
        reverts it five minutes later and restarts on the default port): confirm."""
        page = self.page
        page.goto("/")
        expect(page).to_have_url(re.compile(r"/home/overview$"))
        dialog = page.get_by_role("dialog", name="Confirm new HTTP server configuration")
        expect(dialog).to_be_visible()
        # what the dialog shows sits in its slots, outside the <dialog> element itself
        expect(page.get_by_text("Server port")).to_be_visible()
        page.get_by_role("button", name="Confirm", exact=True).click()
        expect(dialog).to_be_hidden()

    def open_actions(self) -> None:
        """*Settings* in the sidebar, *Tools*, then *Actions*."""
        page = self.page
        page.goto("/")
        page.get_by_role("link", name=re.compile(r"\bSettings\b")).click()
        page.get_by_role("link", name=re.compile(r"^Tools\b")).click()
        page.get_by_role("tab", name="Actions").click()

    def action_form_mode(self, mode: str) -> None:
        """*UI mode* and *YAML mode*, side by side."""
        self.page.get_by_role("button", name=f"{mode} mode", exact=True).click()

    def open_action_search(self, text: str) -> None:
        """The action field (*Action*, or the action chosen last) opens a search dialog: type
        into it."""
        self.action_form_mode("UI")
        chosen = re.compile(r"^Action$|\s[a-z0-9_]+\.[a-z0-9_]+$")  # "Send SMS prosms.send_sms"
        self.page.get_by_role("button", name=chosen).first.click()
        self._search(text)

    def open_account_picker(self, row: Locator) -> None:
        """The picker is a button named *Integration* that opens a list to search."""
        row.get_by_role("button", name="Integration", exact=True).click()

    def add_entity_target(self, name: str) -> None:
        """*Add target* opens a search dialog: entities only, type the name, pick it."""
        self.page.get_by_role("button", name="Add target").click()
        self.page.get_by_role("button", name="Filter: Entities").click()
        self._search(name).first.click()

    def _search(self, text: str) -> Locator:
        """Type ``text`` into the open search dialog; the options that then show it."""
        self.page.get_by_role("dialog", name="Select option").get_by_role("textbox").fill(text)
        return self.page.get_by_role("option", name=re.compile(rf"\b{re.escape(text)}\b"))


FRONTENDS: dict[str, type[Frontend]] = {frontend.release: frontend for frontend in (Frontend2025, Frontend2026)}


def home_assistant_release() -> str:
    """``YEAR.MONTH`` of the Home Assistant installed here, which serves its frontend."""
    year, month, *_ = version("homeassistant").split(".")
    return f"{year}.{month}"


def frontend_of(release: str) -> type[Frontend]:
    """The steps for the frontend of ``release``; another release's frontend is not known."""
    if release not in FRONTENDS:
        raise LookupError(
            f"the browser walk knows the frontends of Home Assistant {' and '.join(FRONTENDS)}, "
            f"not {release}'s: add its differences to tests/browser/frontend.py"
        )
    return FRONTENDS[release]
