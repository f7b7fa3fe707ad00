"""``smstools://{key}:{secret}@{sender}/{targets}``: Smstools (Italy) through the core provider."""

from __future__ import annotations

from typing import Any, ClassVar

from apprise.locale import gettext_lazy as _

from .base import TARGET_TOKENS, SmsNotifyBase, provider_page


class NotifySmstools(SmsNotifyBase):
    """Smstools, with ``AUTH_KEY`` and ``AUTH_SECRET`` from the API security section."""

    service_name = _("Smstools")
    service_url = "https://www.smstools.it"
    setup_url = provider_page("smstools")
    secure_protocol = "smstools"
    provider_key: ClassVar[str] = "smstools"
    credential_map: ClassVar[dict[str, str]] = {"key": "api_key", "secret": "api_secret"}

    templates = ("{schema}://{key}:{secret}@{sender}/{targets}",)
    template_tokens: ClassVar[dict[str, Any]] = dict(
        SmsNotifyBase.template_tokens,
        key={"name": _("Auth Key"), "type": "string", "private": True, "required": True},
        secret={"name": _("Auth Secret"), "type": "string", "private": True, "required": True},
        **TARGET_TOKENS,
    )

    def __init__(self, key: str | None = None, secret: str | None = None, **kwargs: Any) -> None:
        super().__init__(credentials={"key": key, "secret": secret}, **kwargs)


__all__ = ["NotifySmstools"]
