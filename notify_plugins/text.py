"""How many SMS parts a text costs, and in which encoding.

Providers bill per part and most want to be told the encoding, so the choice is made
here once, from the GSM 03.38 tables below (3GPP TS 23.038, default alphabet and its
extension table). Splitting is exact: an escaped extension character (2 septets) or a
UTF-16 surrogate pair is never cut across two parts, as handsets and SMSCs do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .errors import ValidationError

GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("|^€{}[]~\\\f")
GSM_ALL = GSM_BASIC | GSM_EXTENSION

# (units in a single part, units per part when concatenated)
PART_SIZES: dict[str, tuple[int, int]] = {"gsm7": (160, 153), "ucs2": (70, 67)}

Encoding = Literal["gsm7", "ucs2"]


@dataclass(frozen=True, slots=True)
class Segments:
    """The cost of a text: ``units`` are GSM septets or UTF-16 code units."""

    encoding: Encoding
    parts: int
    units: int


def is_gsm7(text: str) -> bool:
    """True when every character is in the GSM 03.38 basic or extension table."""
    return GSM_ALL.issuperset(text)


def _unit_sizes(text: str, encoding: Encoding) -> list[int]:
    if encoding == "gsm7":
        return [2 if c in GSM_EXTENSION else 1 for c in text]
    return [2 if ord(c) > 0xFFFF else 1 for c in text]


def _units(text: str, encoding: Encoding) -> int:
    """``sum(_unit_sizes(...))`` without building the list: the common one-part case."""
    if encoding == "gsm7":
        return len(text) + sum(map(text.count, GSM_EXTENSION))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def count_segments(text: str) -> Segments:
    """Return encoding, number of parts and number of units of ``text``."""
    if not isinstance(text, str):
        raise ValidationError("message", f"must be text, not {type(text).__name__}")
    encoding: Encoding = "gsm7" if is_gsm7(text) else "ucs2"
    units = _units(text, encoding)
    single, multi = PART_SIZES[encoding]
    if units <= single:
        return Segments(encoding, 1 if units else 0, units)
    parts, used = 1, 0
    for size in _unit_sizes(text, encoding):
        if used + size > multi:
            parts, used = parts + 1, 0
        used += size
    return Segments(encoding, parts, units)
