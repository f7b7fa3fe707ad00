"""Home Assistant's ``target`` of an action call, resolved to entity ids.

``target`` (``entity_id``, ``device_id``, ``area_id``, ``floor_id``, ``label_id``) is
resolved by Home Assistant's own helper, so devices, areas, floors, labels and groups mean
here what they mean for every other action. The helper moved between releases:
``homeassistant.helpers.target`` with a ``TargetSelection`` of the call's data (2026),
earlier ``TargetSelectorData``, and ``homeassistant.helpers.service`` with the call itself
(2025.4). :func:`resolve_target` asks whichever the running release has.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from homeassistant.const import (
    ATTR_AREA_ID,
    ATTR_DEVICE_ID,
    ATTR_ENTITY_ID,
    ATTR_FLOOR_ID,
    ATTR_LABEL_ID,
    ENTITY_MATCH_ALL,
    ENTITY_MATCH_NONE,
)
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import service as service_helpers

TARGET_KEYS: tuple[str, ...] = (ATTR_ENTITY_ID, ATTR_DEVICE_ID, ATTR_AREA_ID, ATTR_FLOOR_ID, ATTR_LABEL_ID)


def _target_helpers() -> ModuleType | None:
    try:
        return importlib.import_module("homeassistant.helpers.target")
    except ImportError:
        return None


TARGET_HELPERS = _target_helpers()
"""``homeassistant.helpers.target`` where the release has it."""


@dataclass(frozen=True, slots=True)
class ResolvedTarget:
    """What a call's ``target`` named."""

    given: bool
    """Whether the call had a target at all (``entity_id: none`` is none)."""
    everyone: bool
    """``entity_id: all``."""
    direct: tuple[str, ...]
    """Entities named by id (groups expanded), sorted."""
    indirect: tuple[str, ...]
    """Entities a device, area, floor or label brought along, sorted."""


def _ids(value: Any) -> list[str]:
    if value is None or value == ENTITY_MATCH_NONE:
        return []
    return [str(item) for item in (value if isinstance(value, list | tuple | set) else [value])]


def describe_target(hass: HomeAssistant, data: Mapping[str, Any]) -> str:
    """A call's target as it gave it, devices by name, for an error text (asked for only
    when a call fails: it looks the devices up)."""
    devices = dr.async_get(hass)
    parts = []
    for key in TARGET_KEYS:
        values = _ids(data.get(key))
        if key == ATTR_DEVICE_ID:
            values = [
                (device.name_by_user or device.name or item) if (device := devices.async_get(item)) else item
                for item in values
            ]
        if values:
            parts.append(f"{key}: {', '.join(values)}")
    return "; ".join(parts)


def _selected(hass: HomeAssistant, call: ServiceCall) -> Any:
    if TARGET_HELPERS is not None:
        selection = getattr(TARGET_HELPERS, "TargetSelection", None) or TARGET_HELPERS.TargetSelectorData
        return TARGET_HELPERS.async_extract_referenced_entity_ids(hass, selection(call.data))
    return service_helpers.async_extract_referenced_entity_ids(hass, call)


def resolve_target(hass: HomeAssistant, call: ServiceCall) -> ResolvedTarget:
    """The entities a call's ``target`` names, the way the running release resolves them."""
    everyone = ENTITY_MATCH_ALL in _ids(call.data.get(ATTR_ENTITY_ID))
    if not any(_ids(call.data.get(key)) for key in TARGET_KEYS):
        return ResolvedTarget(False, False, (), ())
    selected = _selected(hass, call)
    direct = selected.referenced - {ENTITY_MATCH_ALL}
    return ResolvedTarget(
        given=True,
        everyone=everyone,
        direct=tuple(sorted(direct)),
        indirect=tuple(sorted(selected.indirectly_referenced - direct)),
    )
