"""``smsgw://{apikey}@{host}[:{port}]/{sender}/{targets}`` (HTTP) and ``smsgws://…`` (HTTPS).

A white-label ``send_sms.php`` gateway runs on the reseller's own host, so the URL's host
is the API's and the sender moves to the first path entry. Plain ``smsgw://`` sends the
key in a query string without encryption: fine on this machine, warned about elsewhere.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any, ClassVar

from apprise import NotifyBase
from apprise.locale import gettext_lazy as _

from ..errors import ValidationError
from ..providers import Provider, create_provider
from .base import APIKEY_TOKEN, PROJECT_URL, SMS_ARGS, TARGET_TOKENS, SmsNotifyBase, is_loopback, provider_page


class NotifySmsGateway(SmsNotifyBase):
    """A reseller's ``send_sms.php`` gateway, reached at the host in the URL."""

    service_name = _("SMS gateway (send_sms.php)")
    service_url = PROJECT_URL
    setup_url = provider_page("gateway")
    notify_url = "{schema}://{host}[:{port}]"
    protocol = "smsgw"
    secure_protocol = "smsgws"
    provider_key: ClassVar[str] = "smsgw"
    credential_map: ClassVar[dict[str, str]] = {"apikey": "api_key"}
    sender_in_path: ClassVar[bool] = True

    templates = (
        "{schema}://{apikey}@{host}/{sender}/{targets}",
        "{schema}://{apikey}@{host}:{port}/{sender}/{targets}",
    )
    template_tokens: ClassVar[dict[str, Any]] = dict(
        SmsNotifyBase.template_tokens,
        apikey=APIKEY_TOKEN,
        host={"name": _("Hostname"), "type": "string", "required": True},
        port={"name": _("Port"), "type": "int", "min": 1, "max": 65535},
        **TARGET_TOKENS,
    )
    template_args: ClassVar[dict[str, Any]] = dict(
        NotifyBase.template_args, **{k: v for k, v in SMS_ARGS.items() if k != "api_url"}
    )

    def __init__(self, apikey: str | None = None, **kwargs: Any) -> None:
        super().__init__(credentials={"apikey": apikey}, **kwargs)

    def _create_provider(self, api_url: str | None) -> Provider:
        if api_url is not None:
            self.logger.warning("%s: api_url is ignored; the gateway is the host in the URL", self.service_name)
        if not self.host:
            raise ValidationError("host", f"the gateway's host is missing; the URL form is {self.templates[0]}")
        if _ip(self.host) is None and not _HOSTNAME.fullmatch(self.host):
            raise ValidationError("host", f"{self.host!r} is not a host name or IP address")
        base = f"{'https' if self.secure else 'http'}://{self.url_host()}"
        provider = create_provider(self.provider_key, api_url=base, api_key=self.credentials.get("apikey"))
        if not self.secure and not is_loopback(self.host):
            self.logger.warning(
                "%s: smsgw:// sends the API key to %s without encryption; use smsgws:// for HTTPS",
                self.service_name,
                self.host,
            )
        return provider

    def url_schema(self) -> str:
        return str(self.secure_protocol if self.secure else self.protocol)

    def url_host(self) -> str:
        address = _ip(self.host)
        host = f"[{address}]" if address is not None and address.version == 6 else self.host
        return f"{host}:{self.port}" if self.port else str(host)


_HOSTNAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,252})")


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


__all__ = ["NotifySmsGateway"]
