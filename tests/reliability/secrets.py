"""Distinctive credentials for the secret-hygiene tests, and the forms they may leak in.

Each value is unique enough that finding it anywhere in captured output can only mean a
leak. Besides the raw value, a secret leaks as its URL-encoded form (query strings and
form bodies) and, for HTTP Basic (Smstools), as the base64 of ``key:secret``.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from urllib.parse import quote, quote_plus

SECRETS: dict[str, dict[str, str]] = {
    "prosms": {"api_key": "PROSMS-k3y+5ecr3t/91a7"},
    "smsdk": {"api_key": "SMSDK-k3y+5ecr3t/42b8"},
    "smstools": {"api_key": "SMSTOOLS-k3y-5ecr3t-7c1d", "api_secret": "SMSTOOLS-s3cr3t+0e9f/x"},
    "spryng": {"api_key": "SPRYNG-k3y+5ecr3t/33aa"},
    "spryng-simple": {"username": "spryng-user", "secret": "SPRYNG-s1mple+5ecr3t/77bb"},
    "smsgw": {"api_key": "SMSGW-k3y+5ecr3t/55cc"},
}
"""Per API variant; every value except Spryng's username is secret."""


def secret_values(variant: str, credentials: Mapping[str, str] | None = None) -> list[str]:
    chosen = SECRETS[variant] if credentials is None else credentials
    return [value for name, value in chosen.items() if name != "username"]


def leak_forms(variant: str, credentials: Mapping[str, str] | None = None) -> list[str]:
    """Every spelling in which ``variant``'s secrets (or the ``credentials`` given) could appear."""
    chosen = SECRETS[variant] if credentials is None else credentials
    values = secret_values(variant, chosen)
    forms: set[str] = set()
    for value in values:
        forms |= {value, quote(value, safe=""), quote_plus(value)}
    if "api_secret" in chosen:
        pair = f"{chosen['api_key']}:{chosen['api_secret']}".encode()
        forms.add(base64.b64encode(pair).decode())
    # A fragment long enough to be unmistakable catches secrets cut by excerpting.
    forms |= {value[:12] for value in values if len(value) >= 12}
    return sorted(forms)


def leaks(variant: str, text: str, credentials: Mapping[str, str] | None = None) -> list[str]:
    return [form for form in leak_forms(variant, credentials) if form in text]
