"""Fixtures for the Apprise plugin tests: URLs of the sandbox on 127.0.0.1 (which
``tests/conftest.py`` runs) and fast, proxy-free plugins.

The plugins' throttle (``request_rate_per_sec``) and the core's retry backoff are real
waits; tests switch both off so that no test sleeps. Proxy variables are removed so that
nothing a test sends can leave the machine.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from notify_plugins.apprise import SmsNotifyBase
from notify_plugins.http.policy import RetryPolicy
from notify_plugins.sandbox import DEMO_CREDENTIALS, Sandbox

VARIANTS = ("prosms", "smsdk", "smstools", "spryng", "spryng-simple", "smsgw")
"""Every provider, Spryng's two APIs apart (they send differently)."""

NUMBERS = {
    "prosms": "46701234567",
    "smsdk": "4520123456",
    "smstools": "393481234567",
    "spryng": "31612345678",
    "spryng-simple": "31612345679",
    "smsgw": "447483938220",
}
"""A valid mobile number per variant, in the provider's home country."""

USERINFO_ORDER = ("api_key", "api_secret", "username", "secret")


def key_of(variant: str) -> str:
    return variant.split("-", 1)[0]


def rejected(number: str) -> str:
    """The same number ending in 0000, which the sandbox refuses per recipient."""
    return number[:-4] + "0000"


def userinfo(variant: str, credentials: dict[str, str] | None = None) -> str:
    chosen = dict(DEMO_CREDENTIALS[variant]) if credentials is None else credentials
    return ":".join(quote(chosen[name], safe="") for name in USERINFO_ORDER if name in chosen)


def sandbox_url(
    variant: str,
    sandbox: Sandbox,
    *targets: str,
    sender: str = "HomeAlarm",
    credentials: dict[str, str] | None = None,
    query: str = "",
) -> str:
    """The documented URL for ``variant`` aimed at ``sandbox`` (the gateway by host, the rest by api_url)."""
    path = "/".join(targets or (NUMBERS[variant],))
    if variant == "smsgw":
        url = f"smsgw://{userinfo(variant, credentials)}@{sandbox.url.removeprefix('http://')}/{sender}/{path}"
        return url + (f"?{query}" if query else "")
    api_url = quote(sandbox.api_url(variant), safe="")
    url = f"{key_of(variant)}://{userinfo(variant, credentials)}@{sender}/{path}?api_url={api_url}"
    return url + (f"&{query}" if query else "")


@pytest.fixture(autouse=True)
def fast_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SmsNotifyBase, "request_rate_per_sec", 0)
    monkeypatch.setattr(SmsNotifyBase, "retry_policy", RetryPolicy(attempts=1))
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
