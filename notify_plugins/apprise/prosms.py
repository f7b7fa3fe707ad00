"""``prosms://{apikey}@{sender}/{targets}``: ProSMS.se (Sweden) through the core provider."""

from __future__ import annotations

from typing import Any, ClassVar

from .base import README_URL, TARGET_TOKENS, SmsNotifyBase

APIKEY_TOKEN = {"name": "API Key", "type": "string", "private": True, "required": True}


class NotifyProsms(SmsNotifyBase):
    """ProSMS.se, with the API key from the account settings at login.prosms.se."""

    service_name = "ProSMS.se"
    service_url = "https://www.prosms.se"
    setup_url = f"{README_URL}#prosmsse"
    secure_protocol = "prosms"
    provider_key: ClassVar[str] = "prosms"
    credential_map: ClassVar[dict[str, str]] = {"apikey": "api_key"}

    templates = ("{schema}://{apikey}@{sender}/{targets}",)
    template_tokens: ClassVar[dict[str, Any]] = dict(
        SmsNotifyBase.template_tokens, apikey=APIKEY_TOKEN, **TARGET_TOKENS
    )

    def __init__(self, apikey: str | None = None, **kwargs: Any) -> None:
        super().__init__(credentials={"apikey": apikey}, **kwargs)


__all__ = ["APIKEY_TOKEN", "NotifyProsms"]
