"""Each integration's ``manifest.json``, from one table and the package version.

The version lives once, in ``notify_plugins.__version__``; every manifest's ``version``
and its requirement (``notify-plugins==<version>``, which Home Assistant installs) are
written from it by :func:`.strings.write`, so a release cannot leave one integration
pinned to the previous library. The keys come out in hassfest's order: ``domain``,
``name``, then alphabetical.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .. import __version__
from ..distribution import requirement
from ..providers import provider_class

PROJECT_URL = "https://github.com/notify-plugins/notify-plugins"

NAMES: Mapping[str, str] = MappingProxyType(
    {
        "prosms": "ProSMS.se",
        "smsdk": "SMS.dk",
        "smstools": "Smstools",
        "spryng": "Spryng",
        "smsgw": "White-label SMS gateway",
    }
)
"""The name Home Assistant shows for each integration."""

SHARED: Mapping[str, Any] = MappingProxyType(
    {
        "codeowners": ("@notify-plugins",),
        "config_flow": True,
        "documentation": f"{PROJECT_URL}/blob/main/docs/home-assistant.md",
        # a service: Home Assistant's developer documentation calls "hub" a gateway to other
        # devices or services and "service" one service per config entry. An entry here is one
        # account at an online SMS service; its recipients are phone numbers it texts, not
        # devices it reaches (Home Assistant's ntfy and Telegram bot, with a sub-entry per topic
        # or chat, are services too). The integration page then lists the accounts under
        # "Services", as the devices already say "service"; its button for another account says
        # "Add service" on 2025.4 and the translations' "Add account" (config.initiate_flow) on 2026.11.
        "integration_type": "service",
        "iot_class": "cloud_push",
        "issue_tracker": f"{PROJECT_URL}/issues",
        "loggers": ("notify_plugins",),
    }
)
"""What every integration declares alike."""


def manifest(domain: str) -> dict[str, Any]:
    """The manifest of ``domain``; integrations whose provider calls back need ``webhook``."""
    keys: dict[str, Any] = {key: list(value) if isinstance(value, tuple) else value for key, value in SHARED.items()}
    keys["requirements"] = [requirement()]
    keys["version"] = __version__
    if provider_class(domain).callback_methods:
        keys["dependencies"] = ["webhook"]
    return {"domain": domain, "name": NAMES[domain], **dict(sorted(keys.items()))}


def manifest_json(domain: str) -> str:
    """The text of ``manifest.json`` as it is committed."""
    return json.dumps(manifest(domain), indent=2) + "\n"
