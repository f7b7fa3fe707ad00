"""How many SMS parts a text costs, and in which encoding.

Providers bill per part and most want to be told the encoding, so the choice is made
here once, from the GSM 03.38 tables below (3GPP TS 23.038, default alphabet and its
extension table). Splitting is exact: an escaped extension character (2 septets) or a
UTF-16 surrogate pair is never cut across two parts, as handsets and SMSCs do.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
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
    return _count(text)


@lru_cache(maxsize=128)
def _count(text: str) -> Segments:
    """:func:`count_segments` of text, remembered: a notification is often the same text again."""
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


def _fits(text: str, max_parts: int) -> bool:
    return count_segments(text).parts <= max_parts


def longest_fitting_prefix(text: str, max_parts: int) -> int:
    """The length of the longest start of ``text`` that costs at most ``max_parts`` parts.

    A longer start never costs fewer parts, so a binary search finds it; no text of more
    than ``max_parts`` single-unit GSM parts can fit, which bounds the search.
    """
    if max_parts < 1:
        raise ValueError("max_parts must be at least 1")
    high = min(len(text), max(PART_SIZES["gsm7"][0], max_parts * PART_SIZES["gsm7"][1]))
    low = 0
    while low < high:
        middle = (low + high + 1) // 2
        if _fits(text[:middle], max_parts):
            low = middle
        else:
            high = middle - 1
    return low


def truncate_to_parts(text: str, max_parts: int) -> str:
    """The longest start of ``text`` that fits ``max_parts`` parts in its own encoding."""
    return text[: longest_fitting_prefix(text, max_parts)]


def split_to_parts(text: str, max_parts: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_parts`` parts each, that join back to ``text``.

    Each piece is measured in its own encoding, so a GSM stretch of a mixed text travels
    in the larger GSM parts. A cut is moved back to just after the last space or line
    break of the piece when that keeps at least half of it, so words stay whole.
    """
    pieces: list[str] = []
    start = 0
    while start < len(text):
        rest = text[start:]
        length = longest_fitting_prefix(rest, max_parts)
        if length < len(rest):
            space = max(rest.rfind(" ", 0, length), rest.rfind("\n", 0, length))
            if space + 1 >= length // 2 and rest[: space + 1].strip():
                length = space + 1
        pieces.append(rest[:length])
        start += length
    return pieces
