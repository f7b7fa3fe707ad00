"""Readers of the values providers send back and users hand in.

Replies are untrusted JSON: a number may come as a string, an id as an integer, a bool
where a count belongs. Each reader takes what a field may plausibly hold and returns
None for anything else, so a provider module states *which* field it reads and never
re-implements *how*. Credentials and callback URLs are checked here once for all
providers, with the same words in every error.
"""

from __future__ import annotations

import math
from urllib.parse import quote, quote_plus, urlsplit

from ..errors import ValidationError


def read_text(value: object) -> str | None:
    """A non-blank string, stripped."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def read_int(value: object) -> int | None:
    """A JSON integer or a string of digits; never a bool."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


def read_count(value: object) -> int | None:
    """A JSON integer of zero or more."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if value >= 0 else None


def read_id(value: object) -> str | None:
    """An id: a non-blank string or an integer."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return read_text(value)


def read_number(value: object, *, negative: bool = False) -> float | None:
    """A finite JSON number (or numeric string); negative only when allowed (a balance)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        result = float(value)
    except (ValueError, OverflowError):
        return None
    return result if math.isfinite(result) and (negative or result >= 0) else None


def read_msisdn(value: object) -> str | None:
    """A phone number as international digits: a positive integer or a digit string
    (a leading ``+`` is tolerated)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if value > 0 else None
    if isinstance(value, str):
        digits = value.strip().removeprefix("+")
        return digits if digits.isascii() and digits.isdigit() else None
    return None


def credential(field: str, value: object) -> str:
    """A key, secret or user name: printable text, stripped, not empty."""
    if not isinstance(value, str):
        raise ValidationError(field, f"must be text, not {type(value).__name__}")
    cleaned = value.strip()
    if not cleaned:
        raise ValidationError(field, "is empty")
    if not cleaned.isprintable():
        raise ValidationError(field, "contains control characters (a pasted line break?)")
    return cleaned


def secret_spellings(*secrets: str) -> tuple[str, ...]:
    """Secrets as a reply may echo them: raw, and URL-encoded as our query strings carry them."""
    return tuple({form for s in secrets if s for form in (s, quote(s, safe=""), quote_plus(s))})


def validate_callback_url(value: object) -> str:
    """An http(s) URL for delivery reports. A query string is allowed: the callbacks'
    own parameters are not documented, so a correlation id of the user's is useful."""
    if not isinstance(value, str):
        raise ValidationError("callback_url", f"must be text, not {type(value).__name__}")
    cleaned = value.strip()
    if not cleaned.isprintable() or " " in cleaned:
        raise ValidationError("callback_url", "must not contain spaces or control characters")
    parts = urlsplit(cleaned)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError("callback_url", "must be an http:// or https:// URL with a host")
    return cleaned
