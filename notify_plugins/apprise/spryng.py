"""``spryng://{apikey}@…`` (REST API) or ``spryng://{username}:{secret}@…`` (Simple API)."""

from __future__ import annotations

from typing import Any, ClassVar

from apprise.locale import gettext_lazy as _

from .base import APIKEY_TOKEN, TARGET_TOKENS, SmsNotifyBase, provider_page


class NotifySpryng(SmsNotifyBase):
    """Spryng: an API key selects the REST API, a username and secret the Simple API."""

    service_name = _("Spryng")
    service_url = "https://www.spryng.nl"
    setup_url = provider_page("spryng")
    secure_protocol = "spryng"
    provider_key: ClassVar[str] = "spryng"
    credential_map: ClassVar[dict[str, str]] = {"apikey": "api_key", "username": "username", "secret": "secret"}
    public_credentials: ClassVar[frozenset[str]] = frozenset({"username"})

    templates = (
        "{schema}://{apikey}@{sender}/{targets}",
        "{schema}://{username}:{secret}@{sender}/{targets}",
    )
    template_tokens: ClassVar[dict[str, Any]] = dict(
        SmsNotifyBase.template_tokens,
        apikey=dict(APIKEY_TOKEN, required=False),
        username={"name": _("Username"), "type": "string"},
        secret={"name": _("Secret"), "type": "string", "private": True},
        **TARGET_TOKENS,
    )

    def __init__(
        self, apikey: str | None = None, username: str | None = None, secret: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(credentials={"apikey": apikey, "username": username, "secret": secret}, **kwargs)

    def required_credentials(self) -> tuple[str, ...]:
        return ()  # either set will do; the provider names what is missing from a partial one

    def userinfo(self) -> tuple[str, ...]:
        return ("apikey",) if "apikey" in self.credentials else ("username", "secret")

    @classmethod
    def parse_userinfo(cls, results: dict[str, Any], user: str | None, password: str | None) -> None:
        if password is None:
            results["apikey"] = user
        else:
            results["username"], results["secret"] = user, password


__all__ = ["NotifySpryng"]
