"""What ProSMS.se and SMS.dk share in Apprise: one platform, one URL form.

``{schema}://{apikey}@{sender}/{targets}``; each plugin names only its service and key.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .base import APIKEY_TOKEN, TARGET_TOKENS, SmsNotifyBase


class CompayaNotifyBase(SmsNotifyBase):
    """A Compaya-platform service: an API key, a sender and numbers."""

    credential_map: ClassVar[dict[str, str]] = {"apikey": "api_key"}

    templates = ("{schema}://{apikey}@{sender}/{targets}",)
    template_tokens: ClassVar[dict[str, Any]] = dict(
        SmsNotifyBase.template_tokens, apikey=APIKEY_TOKEN, **TARGET_TOKENS
    )

    def __init__(self, apikey: str | None = None, **kwargs: Any) -> None:
        super().__init__(credentials={"apikey": apikey}, **kwargs)


__all__ = ["CompayaNotifyBase"]
