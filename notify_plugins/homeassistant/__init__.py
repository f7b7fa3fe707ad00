"""Home Assistant adapters shared by the five integrations in ``custom_components/``.

This package is the only part of ``notify_plugins`` that imports ``homeassistant``. Each
integration (``prosms``, ``smsdk``, ``smstools``, ``spryng``, ``smsgw``) is a few files
that name its domain and provider; the YAML schema (:mod:`.config`), the ``notify.<name>``
action (:mod:`.service`) and the translation of errors (:mod:`.errors`) live here once.
"""

from __future__ import annotations

from .config import platform_schema
from .errors import EXCEPTIONS, ServiceIdentity, translation_file
from .platform import SmsPlatform
from .service import SmsNotificationService

__all__ = [
    "EXCEPTIONS",
    "ServiceIdentity",
    "SmsNotificationService",
    "SmsPlatform",
    "platform_schema",
    "translation_file",
]
