"""``smsdk://{apikey}@{sender}/{targets}``: SMS.dk (Denmark) through the core provider."""

from __future__ import annotations

from typing import Any, ClassVar

from .base import README_URL, TARGET_TOKENS, SmsNotifyBase
from .prosms import APIKEY_TOKEN


class NotifySmsdk(SmsNotifyBase):
    """SMS.dk, with the API key from the account settings at login.sms.dk."""

    service_name = "SMS.dk"
    service_url = "https://www.sms.dk"
    setup_url = f"{README_URL}#smsdk"
    secure_protocol = "smsdk"
    provider_key: ClassVar[str] = "smsdk"
    credential_map: ClassVar[dict[str, str]] = {"apikey": "api_key"}

    templates = ("{schema}://{apikey}@{sender}/{targets}",)
    template_tokens: ClassVar[dict[str, Any]] = dict(
        SmsNotifyBase.template_tokens, apikey=APIKEY_TOKEN, **TARGET_TOKENS
    )

    def __init__(self, apikey: str | None = None, **kwargs: Any) -> None:
        super().__init__(credentials={"apikey": apikey}, **kwargs)


__all__ = ["NotifySmsdk"]
