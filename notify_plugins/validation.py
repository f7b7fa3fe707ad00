"""Checks every provider needs before a request is built.

The rules are the strictest common ground of the five providers, so input that passes
here is not refused by any of them for its shape:

* Senders: the Compaya platform (ProSMS, SMS.dk) states "between 3 and max 11
  characters in length. Or 15 digits" (error 1011) and refuses unusual characters (1012);
  Spryng and Smstools cap alphanumeric senders at 11. So a sender is either 3-11
  characters from ASCII letters, digits, space and ``. - _ & ! '``, or 3-15 digits (an
  optional leading ``+`` is dropped, as no provider wants it).
* Numbers: every provider wants international digits without ``+`` or ``00``; validity
  comes from ``phonenumbers`` (Google's libphonenumber metadata) rather than home-made
  length tables. It is imported on the first number check, not with this module: it
  takes longer to import than the rest of the library together, and a caller that only
  counts segments or checks a sender never needs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ValidationError

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

SENDER_PUNCTUATION = " .-_&!'"
_ALPHANUMERIC_SENDER = re.compile(r"[A-Za-z0-9 .\-_&!']{3,11}")
_NUMERIC_SENDER = re.compile(r"\+?([0-9]{3,15})")
_NUMBER_NOISE = re.compile(r"[\s\-.()]")

_POSSIBILITY_REASONS = {
    "INVALID_COUNTRY_CODE": "its country code does not exist",
    "TOO_SHORT": "it is too short",
    "INVALID_LENGTH": "its length is not valid for its country",
    "TOO_LONG": "it is too long",
}
"""``phonenumbers.ValidationResult`` member names -> the reason an error gives."""


def mask_number(number: object) -> str:
    """Hide all but the last three digits, so errors and logs can name a number safely."""
    text = str(number)
    visible = 3 if len(text) > 3 else 0
    return "*" * (len(text) - visible) + text[len(text) - visible :]


def validate_sender(sender: object) -> str:
    """Return the sender as providers want it, or raise :class:`ValidationError`.

    Surrounding whitespace is dropped; a leading ``+`` on a numeric sender is dropped.
    """
    if not isinstance(sender, str):
        raise ValidationError("sender", f"must be text, not {type(sender).__name__}")
    return _sender(sender)


@lru_cache(maxsize=256)
def _sender(sender: str) -> str:
    """:func:`validate_sender` for text, remembered: an account sends from one or two senders."""
    candidate = sender.strip()
    if not candidate:
        raise ValidationError("sender", "is empty; use 3-11 letters/digits or up to 15 digits")
    numeric = _NUMERIC_SENDER.fullmatch(candidate)
    if numeric:
        return numeric.group(1)
    if candidate.lstrip("+").isdigit():
        raise ValidationError("sender", f"numeric sender {candidate!r} must have 3 to 15 digits")
    if len(candidate) < 3 or len(candidate) > 11:
        raise ValidationError(
            "sender",
            f"{candidate!r} has {len(candidate)} characters; an alphanumeric sender "
            "must have 3 to 11 (or be a number of up to 15 digits)",
        )
    if not _ALPHANUMERIC_SENDER.fullmatch(candidate):
        bad = "".join(sorted({c for c in candidate if not _ALPHANUMERIC_SENDER.fullmatch(c * 3)}))
        raise ValidationError(
            "sender",
            f"{candidate!r} contains {bad!r}; allowed are ASCII letters, digits and "
            f"the characters {SENDER_PUNCTUATION!r}",
        )
    return candidate


def validate_country(country: object) -> str:
    """Return an upper-case ISO 3166 alpha-2 region that has a calling code."""
    if not isinstance(country, str) or not re.fullmatch(r"[A-Za-z]{2}", country.strip()):
        raise ValidationError("country", f"{country!r} is not a two-letter ISO 3166 code such as 'SE'")
    import phonenumbers

    region = country.strip().upper()
    if phonenumbers.country_code_for_region(region) == 0:
        raise ValidationError("country", f"{region!r} is not a region with telephone numbers")
    return region


def normalize_number(number: object, country: str | None = None) -> str:
    """Return ``number`` as international digits without ``+``.

    ``+`` or ``00`` means international; a single leading ``0`` is a national number and
    needs ``country``; any other bare digits are taken as international already (the
    providers' own format). Spaces, dashes, dots and parentheses are ignored.

    Bare digits that are no valid international number but a valid national number of
    ``country`` are taken as national: Denmark and Norway, among others, have no trunk
    ``0``, so ``22 68 08 80`` is how a Dane writes a Danish number. A number valid both
    ways stays international, as the rule above says.
    """
    if isinstance(number, bool) or not isinstance(number, str | int):
        raise ValidationError("number", f"must be text, not {type(number).__name__}")
    if country is not None and not isinstance(country, str):
        validate_country(country)  # raises: only text can name a region
    return _normalize(str(number).strip(), country)


@lru_cache(maxsize=4096)
def _normalize(raw: str, country: str | None) -> str:
    """:func:`normalize_number` for text, remembered: notifications go to the same few
    numbers again and again, and the validity check is most of a send's own CPU time."""
    import phonenumbers

    cleaned = _NUMBER_NOISE.sub("", raw)
    if cleaned.startswith("+"):
        digits, national = cleaned[1:], False
    elif cleaned.startswith("00"):
        digits, national = cleaned[2:], False
    elif cleaned.startswith("0"):
        digits, national = cleaned, True
    else:
        digits, national = cleaned, False
    if not digits.isdigit():
        raise _number_error(
            raw,
            "is not a phone number; use digits with an optional leading + "
            "(spaces, dashes, dots and parentheses are fine)",
        )
    if national:
        if country is None:
            raise _number_error(
                digits,
                "is a national number (leading 0); give a country or write it internationally, e.g. +46701234567",
            )
        region = validate_country(country)
        try:
            parsed = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            raise _number_error(digits, "is not a valid phone number: it is too short") from None
    else:
        international = _international(digits)
        if (
            cleaned == digits
            and country is not None
            and not (international and phonenumbers.is_valid_number(international))
        ):
            local = _national(digits, validate_country(country))
            if local is not None:
                return local
        if international is None:
            raise _number_error(digits, "does not start with a known country code")
        parsed = international
    if not phonenumbers.is_valid_number(parsed):
        reasons = {getattr(phonenumbers.ValidationResult, name): text for name, text in _POSSIBILITY_REASONS.items()}
        possibility = phonenumbers.is_possible_number_with_reason(parsed)
        reason = reasons.get(possibility, "it is not a number in use for its country")
        raise _number_error(digits, f"is not a valid phone number: {reason}")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)[1:]


def _number_error(number: str, rule: str) -> ValidationError:
    """The number masked in the message (it goes to logs), and the rule on its own."""
    return ValidationError("number", f"{mask_number(number)} {rule}", rule=rule)


def _international(digits: str) -> PhoneNumber | None:
    """``digits`` read after a ``+``; None when they start with no known country code."""
    import phonenumbers

    try:
        return phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return None


def _national(digits: str, region: str) -> str | None:
    """``digits`` as a valid national number of ``region``, in international digits, or None."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)[1:]


@dataclass(frozen=True, slots=True)
class NumberCheck:
    """Numbers split into the usable and the refused, so one bad entry loses nothing else."""

    valid: tuple[str, ...]
    invalid: tuple[tuple[str, ValidationError], ...]


def check_numbers(numbers: Iterable[object], country: str | None = None) -> NumberCheck:
    """Normalise many numbers, dropping duplicates and keeping every error with its input."""
    valid: dict[str, None] = {}
    invalid: list[tuple[str, ValidationError]] = []
    for number in numbers:
        try:
            valid[normalize_number(number, country)] = None
        except ValidationError as err:
            invalid.append((str(number), err))
    return NumberCheck(tuple(valid), tuple(invalid))


def validate_api_url(api_url: object) -> str:
    """Return an API base (scheme, host, port and optional path prefix) without a trailing ``/``.

    Credentials, queries and fragments are refused: they would be silently dropped or,
    worse, logged.
    """
    from urllib.parse import urlsplit  # here, not at the top: it is a fifth of the core's import time

    if not isinstance(api_url, str):
        raise ValidationError("api_url", f"must be text, not {type(api_url).__name__}")
    try:
        parts = urlsplit(api_url.strip())
    except ValueError:  # e.g. a bracketed host that is no IPv6 address: "http://[x]"
        raise ValidationError("api_url", "is not a valid URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError("api_url", "must be an http:// or https:// URL with a host")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValidationError("api_url", "must not contain credentials, a query or a fragment")
    try:
        parts.port  # noqa: B018 - raises ValueError for an out-of-range port
    except ValueError:
        raise ValidationError("api_url", "has an invalid port") from None
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
