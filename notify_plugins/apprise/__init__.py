"""The five providers as Apprise services: ``prosms``, ``smsdk``, ``smstools``, ``spryng``,
``smsgw`` and ``smsgws``.

Importing this package registers them with Apprise's plugin manager; :func:`register`
does it again, for instance after Apprise's ``N_MGR.unload_modules()``. Apprise has no
entry points, so the ``apprise`` command finds the services through a plugin path:
:func:`plugin_path` (``notify-plugins apprise-path``) is a folder holding one module
that calls :func:`register` when Apprise's custom-plugin loader imports it.
"""

from __future__ import annotations

import inspect
import logging
from pathlib import Path
from typing import Any

from .base import SmsNotifyBase
from .gateway import NotifySmsGateway
from .prosms import NotifyProsms
from .redaction import install as install_redactor
from .smsdk import NotifySmsdk
from .smstools import NotifySmstools
from .spryng import NotifySpryng

_LOGGER = logging.getLogger(__name__)

PLUGINS: tuple[type[SmsNotifyBase], ...] = (NotifyProsms, NotifySmsdk, NotifySmstools, NotifySpryng, NotifySmsGateway)


def schemas(plugin: type[SmsNotifyBase]) -> tuple[str, ...]:
    """The URL schemes a plugin class serves."""
    return tuple(s for s in (plugin.protocol, plugin.secure_protocol) if isinstance(s, str))


def _owner(manager: Any, schema: str) -> Any:
    """The plugin class serving ``schema`` (Apprise's manager has no ``get``)."""
    if schema not in manager:
        return None
    return manager[schema]


def _unmap(manager: Any, schemas: list[str]) -> None:
    """Unmap schemes without unloading the module that defines them.

    ``remove(..., unload=False)`` exists from Apprise 1.9.7; before it, ``remove`` takes
    only the schemes and never unloads a class added with ``add()`` (it has no module of
    its own in the manager), which is the same outcome.
    """
    if "unload" in inspect.signature(manager.remove).parameters:
        manager.remove(*schemas, unload=False)
    else:
        manager.remove(*schemas)


def register() -> bool:
    """Map every scheme to its plugin; True when all are ours afterwards.

    Safe to call any number of times. A scheme that another plugin already serves is
    left to it (with a warning) rather than taken over. Also keeps our credentials out
    of Apprise's own TRACE lines (:mod:`.redaction`).
    """
    from apprise.plugins import N_MGR

    install_redactor(schema for plugin in PLUGINS for schema in schemas(plugin))
    complete = True
    for plugin in PLUGINS:
        owners = {schema: _owner(N_MGR, schema) for schema in schemas(plugin)}
        if all(owner is plugin for owner in owners.values()):
            continue
        taken = [schema for schema, owner in owners.items() if owner not in (None, plugin)]
        if taken:
            _LOGGER.warning("%s:// already belongs to another Apprise plugin; not replaced", ", ".join(taken))
            complete = False
            continue
        _unmap(N_MGR, [schema for schema, owner in owners.items() if owner is plugin])
        complete = bool(N_MGR.add(plugin)) and complete
    return complete


def plugin_path() -> str:
    """The folder to give ``apprise -P`` or ``APPRISE_PLUGIN_PATH``."""
    return str(Path(__file__).resolve().parent / "plugin_path")


register()

__all__ = [
    "PLUGINS",
    "NotifyProsms",
    "NotifySmsGateway",
    "NotifySmsdk",
    "NotifySmstools",
    "NotifySpryng",
    "SmsNotifyBase",
    "plugin_path",
    "register",
]
