"""Where the integrations stand on Home Assistant's Integration Quality Scale.

One table for all five (they share every line of code), with a comment wherever a rule
is exempt, not done yet, or met differently by one provider. ``quality_scale.yaml`` of
each integration is written from it by :mod:`.strings`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

DONE, TODO, EXEMPT = "done", "todo", "exempt"

RULES: Mapping[str, tuple[str, str | None]] = MappingProxyType(
    {
        # Bronze
        "action-setup": (DONE, None),
        "appropriate-polling": (DONE, "The credit is read every 30 minutes; it changes only with sends and top-ups."),
        "brands": (DONE, "Our own icon in brand/icon.png, for HACS; not the provider's logo."),
        "common-modules": (DONE, "Shared code lives once in notify_plugins.homeassistant."),
        "config-flow-test-coverage": (DONE, None),
        "config-flow": (DONE, None),
        "dependency-transparency": (TODO, "notify-plugins is not published on PyPI yet."),
        "docs-actions": (DONE, None),
        "docs-high-level-description": (DONE, None),
        "docs-installation-instructions": (DONE, None),
        "docs-removal-instructions": (DONE, None),
        "entity-event-setup": (
            DONE,
            "Notify, event and last-send entities subscribe in async_added_to_hass and unsubscribe on removal.",
        ),
        "entity-unique-id": (DONE, None),
        "has-entity-name": (DONE, None),
        "runtime-data": (DONE, None),
        "test-before-configure": (DONE, None),
        "test-before-setup": (DONE, None),
        "unique-config-entry": (DONE, None),
        # Silver
        "action-exceptions": (DONE, None),
        "config-entry-unloading": (DONE, None),
        "docs-configuration-parameters": (DONE, None),
        "docs-installation-parameters": (DONE, None),
        "entity-unavailable": (DONE, "The credit sensor is unavailable while the provider does not answer."),
        "integration-owner": (DONE, None),
        "log-when-unavailable": (
            DONE,
            "The credit coordinator logs once when the provider stops answering and when it is back.",
        ),
        "parallel-updates": (DONE, None),
        "reauthentication-flow": (DONE, None),
        "test-coverage": (TODO, "Coverage is not measured yet."),
        # Gold
        "devices": (
            DONE,
            "A service device per account, and one per recipient, named after the recipient and linked to it "
            "(via_device).",
        ),
        "diagnostics": (DONE, None),
        "discovery-update-info": (EXEMPT, "A cloud service: nothing to discover."),
        "discovery": (EXEMPT, "A cloud service: nothing to discover."),
        "docs-data-update": (
            DONE,
            "docs/home-assistant.md says when credit is read and when the last-send sensor changes.",
        ),
        "docs-examples": (DONE, None),
        "docs-known-limitations": (DONE, "docs/home-assistant.md lists them."),
        "docs-supported-devices": (EXEMPT, "A service, not devices."),
        "docs-supported-functions": (DONE, None),
        "docs-troubleshooting": (DONE, "A troubleshooting table in docs/home-assistant.md."),
        "docs-use-cases": (DONE, "Use cases in docs/home-assistant.md."),
        "dynamic-devices": (DONE, "A recipient added later gets its device, entities and notify action at once."),
        "entity-category": (DONE, "The last-send sensor is diagnostic."),
        "entity-device-class": (
            DONE,
            "The last-send sensor is an enum; credit has none, as its unit is SMS credits for most providers.",
        ),
        "entity-disabled-by-default": (
            EXEMPT,
            "The account's entities are cheap: one poll each 30 minutes, listeners, and a switch.",
        ),
        "entity-translations": (
            DONE,
            "Sensor, switch and event entity names, states, units and event types are translated; a notify "
            "entity is its recipient's device's main entity.",
        ),
        "exception-translations": (DONE, None),
        "icon-translations": (TODO, None),
        "reconfiguration-flow": (DONE, None),
        "repair-issues": (
            DONE,
            "An issue when the credit runs out, gone once credit is back; a fixable one when the daily SMS "
            "limit refuses a send, gone at midnight or once the limit is raised.",
        ),
        "stale-devices": (
            DONE,
            "A removed recipient takes its device and entity with it; devices of recipients removed "
            "while the account was not loaded are removed at its next start.",
        ),
        # Platinum
        "async-dependency": (DONE, None),
        "inject-websession": (DONE, None),
        "strict-typing": (DONE, None),
    }
)
"""Rule -> (status, comment or None), the same for every integration unless overridden."""

OVERRIDES: Mapping[str, Mapping[str, tuple[str, str | None]]] = MappingProxyType(
    {
        "spryng": MappingProxyType(
            {
                "test-before-configure": (
                    DONE,
                    "REST keys are checked with the balance call; the Simple API has no call that sends "
                    "nothing, so its secret is first checked by the first send.",
                )
            }
        ),
        "smsgw": MappingProxyType(
            {
                "test-before-configure": (
                    DONE,
                    "No balance call: the key is checked with a delivery lookup of a message never sent.",
                )
            }
        ),
    }
)


def quality_scale(domain: str) -> dict[str, Any]:
    """The content of ``custom_components/<domain>/quality_scale.yaml``."""
    rules: dict[str, Any] = {}
    for rule, default in RULES.items():
        status, comment = OVERRIDES.get(domain, {}).get(rule, default)
        rules[rule] = status if comment is None else {"status": status, "comment": comment}
    return {"rules": rules}
