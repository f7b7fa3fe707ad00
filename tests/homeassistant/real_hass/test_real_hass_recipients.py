"""End to end: a UI-configured account's recipients survive restarts of a real Home Assistant.

The configuration directory holds a ProSMS.se config entry (as the UI stores it) against a
running sandbox, with two recipients, and an automation that texts both recipients' notify
entities when Home Assistant starts, then opens a front door that an ``alert:`` watches;
the alert texts Mum through her recipient's notify action, ``notify.prosms_se_mum``.
Home Assistant is started twice: each time all three messages must arrive, and between the
runs the registries must show each recipient's entity in its subentry, on a device of its
own linked to the account's device. The log must hold no deprecation warning about the
integration.
"""

from __future__ import annotations

import json
import re
import signal
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.processes import (
    STOP_SECONDS,
    child,
    free_port,
    hass_command,
    hass_configuration,
    link_integrations,
    problems,
    tail,
    wait_for_tags,
    write_configuration,
)

pytestmark = pytest.mark.slow

DELIVERY_SECONDS = 60.0
"""Boot plus two sends."""

ENTRY_ID = "01JE2EPROSMSACCOUNT0000000"
RECIPIENTS = {
    "Mum": ("01JE2EMUM00000000000000000", "46701234567"),
    "Dad": ("01JE2EDAD00000000000000000", "46709876543"),
}
ENTITIES = {"Mum": "notify.prosms_se_mum", "Dad": "notify.prosms_se_dad"}
DOOR = "input_boolean.front_door"
DEPRECATION = re.compile(r"deprecat|will stop working", re.IGNORECASE)


def config_entries(base: str) -> dict[str, Any]:
    """``.storage/core.config_entries`` with the account and its recipients, as the UI saves them."""
    created = "2026-01-01T00:00:00+00:00"
    entry = {
        "created_at": created,
        "modified_at": created,
        "data": {"api_key": "prosms-demo-key", "sender": "HomeAlarm", "api_url": f"{base}/prosms"},
        "disabled_by": None,
        "discovery_keys": {},
        "domain": "prosms",
        "entry_id": ENTRY_ID,
        "minor_version": 1,
        "options": {},
        "pref_disable_new_entities": False,
        "pref_disable_polling": False,
        "source": "user",
        "subentries": [
            {
                "data": {"name": name, "number": number},
                "subentry_id": subentry_id,
                "subentry_type": "recipient",
                "title": name,
                "unique_id": number,
            }
            for name, (subentry_id, number) in RECIPIENTS.items()
        ],
        "title": "ProSMS.se",
        "unique_id": "e2e-account",
        "version": 1,
    }
    return {"version": 1, "minor_version": 5, "key": "core.config_entries", "data": {"entries": [entry]}}


def recipients_configuration(base: str, port: int, tag: str) -> dict[str, Any]:
    """Core and HTTP settings as every real-process test has them; one automation texting
    both recipients' notify entities when Home Assistant starts, then opening the front
    door, and an alert on the door that texts Mum's recipient action."""
    config = {key: value for key, value in hass_configuration(base, port, {}).items() if key != "automation"}
    config["input_boolean"] = {"front_door": {"name": "Front door", "initial": False}}
    config["alert"] = {
        "front_door": {
            "name": "Front door",
            "entity_id": DOOR,
            "state": "on",
            "repeat": 60,
            "can_acknowledge": True,
            "skip_first": False,
            "message": f"{tag} alert",
            "notifiers": [ENTITIES["Mum"].removeprefix("notify.")],
        }
    }
    config["automation"] = [
        {
            "id": "sms_recipients_at_start",
            "alias": "SMS to the recipients at start",
            "triggers": [{"trigger": "homeassistant", "event": "start"}],
            "actions": [
                *(
                    {
                        "action": "notify.send_message",
                        "target": {"entity_id": entity},
                        "data": {"message": f"{tag} {name}"},
                    }
                    for name, entity in ENTITIES.items()
                ),
                {"action": "input_boolean.turn_on", "target": {"entity_id": DOOR}},
            ],
        }
    ]
    return config


def write_config(config_dir: Path, base: str, tag: str) -> None:
    """configuration.yaml for this run, and the integration linked in on the first."""
    write_configuration(config_dir, recipients_configuration(base, free_port(), tag))
    if not (config_dir / "custom_components").exists():
        link_integrations(config_dir, ("prosms",))


def run_until_all_texted(config_dir: Path, base: str, log: Path, tag: str) -> None:
    """Start Home Assistant, wait until both recipients got the start message and Mum the
    alert, stop it cleanly."""
    write_config(config_dir, base, tag)
    expected = {**{name: f"{tag} {name}" for name in RECIPIENTS}, "alert": f"{tag} alert"}
    with child(hass_command(config_dir), log, config_dir.parent) as hass:
        texts = wait_for_tags(hass, log, base, expected, DELIVERY_SECONDS)
        [alert] = [text for text in texts if expected["alert"] in text]
        assert RECIPIENTS["Mum"][1] in alert, alert  # the alert texted Mum, through her recipient's action
        hass.send_signal(signal.SIGTERM)
        assert hass.wait(STOP_SECONDS) == 0, tail(log)


def stored(config_dir: Path, key: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((config_dir / ".storage" / key).read_text())["data"]
    return data


def assert_each_recipient_on_its_own_device(config_dir: Path) -> None:
    entities = {e["entity_id"]: e for e in stored(config_dir, "core.entity_registry")["entities"]}
    devices = {d["id"]: d for d in stored(config_dir, "core.device_registry")["devices"]}
    [account] = [d for d in devices.values() if ["prosms", ENTRY_ID] in d["identifiers"]]
    recipient_devices = set()
    for name, entity_id in ENTITIES.items():
        subentry_id = RECIPIENTS[name][0]
        entity = entities[entity_id]
        device = devices[entity["device_id"]]
        assert entity["config_subentry_id"] == subentry_id
        assert device["identifiers"] == [["prosms", f"{ENTRY_ID}_{subentry_id}"]]
        assert device["via_device_id"] == account["id"]
        recipient_devices.add(device["id"])
    assert len(recipient_devices) == len(ENTITIES)


def test_recipients_keep_their_entities_and_devices_across_restarts(sandbox: str, tmp_path: Path) -> None:
    config_dir = tmp_path / "config"
    (config_dir / ".storage").mkdir(parents=True)
    (config_dir / ".storage" / "core.config_entries").write_text(json.dumps(config_entries(sandbox)))
    logs = [tmp_path / "hass-1.out", tmp_path / "hass-2.out"]

    for log in logs:
        run_until_all_texted(config_dir, sandbox, log, f"e2e-{uuid.uuid4().hex[:8]}")
        assert_each_recipient_on_its_own_device(config_dir)

    deprecations = [
        line
        for log in logs
        for line in log.read_text(errors="replace").splitlines()
        if re.search(r"\b(ERROR|WARNING)\b", line) and DEPRECATION.search(line) and re.search(r"prosms", line)
    ]
    assert [*problems(logs[0]), *problems(logs[1]), *deprecations] == []
