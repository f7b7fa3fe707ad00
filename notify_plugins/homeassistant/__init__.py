"""Home Assistant adapters shared by the five integrations in ``custom_components/``.

This package is the only part of ``notify_plugins`` that imports ``homeassistant``. Each
integration (``prosms``, ``smsdk``, ``smstools``, ``spryng``, ``smsgw``) is a few files
that name its domain and provider; the YAML schema (:mod:`.config`), the ``notify.<name>``
action (:mod:`.service`) and the translation of errors (:mod:`.errors`) live here once, as
do the config entry (:mod:`.entry`, :mod:`.runtime`), the recipient entities
(:mod:`.entity`, :mod:`.delivery_event`), the recipients' notify actions
(:mod:`.recipient_services`), the integration actions (:mod:`.action`, :mod:`.targets`),
diagnostics (:mod:`.diagnostics`), the names they share (:mod:`.const`) and the texts of
every integration file (:mod:`.strings`). The UI set-up (:mod:`.flow`) is imported by each
integration's ``config_flow.py`` alone; it and the entry set-up prove an account the same
way (:mod:`.account`).
"""

from __future__ import annotations

from .config import platform_schema
from .entry import SmsIntegration
from .errors import EXCEPTIONS, ServiceIdentity, translation_file
from .platform import SmsPlatform
from .runtime import SmsConfigEntry, SmsRuntimeData
from .service import SmsNotificationService

__all__ = [
    "EXCEPTIONS",
    "ServiceIdentity",
    "SmsConfigEntry",
    "SmsIntegration",
    "SmsNotificationService",
    "SmsPlatform",
    "SmsRuntimeData",
    "platform_schema",
    "translation_file",
]
