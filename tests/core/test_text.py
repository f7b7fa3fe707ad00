"""Segment counting: the parts and encoding a user is billed for."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import notify_plugins as np
from notify_plugins.text import GSM_BASIC, GSM_EXTENSION, split_to_parts, truncate_to_parts


def test_interface_example():
    assert np.count_segments("Hej då") == np.Segments(encoding="gsm7", parts=1, units=6)


@pytest.mark.parametrize(
    ("units", "parts"), [(1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4), (1530, 10)]
)
def test_gsm_part_boundaries_match_the_published_table(units, parts):
    assert np.count_segments("a" * units) == np.Segments("gsm7", parts, units)


@pytest.mark.parametrize(("units", "parts"), [(70, 1), (71, 2), (134, 2), (135, 3), (670, 10)])
def test_unicode_part_boundaries_match_the_published_table(units, parts):
    assert np.count_segments("ж" * units) == np.Segments("ucs2", parts, units)


def test_extension_characters_count_two():
    assert np.count_segments("€[]") == np.Segments("gsm7", 1, 6)
    assert np.count_segments("{" * 80) == np.Segments("gsm7", 1, 160)
    assert np.count_segments("{" * 81).parts == 2


def test_an_escaped_character_is_never_split_across_parts():
    # 152 basic + one extension: 154 units, so the extension moves to part 2 of 2.
    text = "a" * 152 + "€" + "a" * 10
    assert np.count_segments(text) == np.Segments("gsm7", 2, 164)
    # 306 units fit two parts by arithmetic, but the escape cannot straddle the boundary.
    assert np.count_segments("a" * 152 + "€" + "a" * 152) == np.Segments("gsm7", 3, 306)


def test_one_non_gsm_character_switches_the_whole_text_to_ucs2():
    assert np.count_segments("Hello ✓").encoding == "ucs2"
    assert np.count_segments("Привет").encoding == "ucs2"


def test_emoji_outside_the_bmp_counts_two_code_units():
    assert np.count_segments("🔥") == np.Segments("ucs2", 1, 2)
    assert np.count_segments("🔥" * 35) == np.Segments("ucs2", 1, 70)
    assert np.count_segments("🔥" * 36).parts == 2


def test_a_surrogate_pair_is_never_split_across_parts():
    # 66 units then an emoji (2) = 68 > 67 in part 1, so it starts part 2.
    assert np.count_segments("ж" * 66 + "🔥" + "ж" * 5).parts == 2
    assert np.count_segments("ж" * 66 + "🔥" + "ж" * 66).parts == 3


def test_empty_text_costs_nothing():
    assert np.count_segments("") == np.Segments("gsm7", 0, 0)


def test_non_text_is_a_validation_error():
    with pytest.raises(np.ValidationError) as info:
        np.count_segments(None)  # type: ignore[arg-type]
    assert info.value.field == "message"


def test_the_gsm_tables_have_the_standard_sizes():
    assert len(GSM_BASIC) == 127  # 128 code points less ESC
    assert len(GSM_EXTENSION) == 10


@given(st.text(alphabet=sorted(GSM_BASIC), min_size=1, max_size=2000))
def test_any_basic_gsm_text_has_the_parts_the_table_predicts(text):
    segments = np.count_segments(text)
    n = len(text)
    assert segments.encoding == "gsm7"
    assert segments.units == n
    assert segments.parts == (1 if n <= 160 else math.ceil(n / 153))


@given(st.text(alphabet=sorted(GSM_BASIC | GSM_EXTENSION), min_size=1, max_size=1000))
def test_gsm_text_units_count_extensions_twice(text):
    segments = np.count_segments(text)
    assert segments.units == len(text) + sum(c in GSM_EXTENSION for c in text)
    assert segments.parts >= (1 if segments.units <= 160 else math.ceil(segments.units / 153))


@given(st.text(alphabet=st.characters(min_codepoint=0x400, max_codepoint=0x4FF), min_size=1, max_size=1000))
def test_any_bmp_unicode_text_has_the_parts_the_table_predicts(text):
    segments = np.count_segments(text)
    n = len(text)
    assert segments == np.Segments("ucs2", 1 if n <= 70 else math.ceil(n / 67), n)


_ANY_SMS_TEXT = st.text(
    st.sampled_from(sorted(GSM_BASIC - {"\r"})) | st.sampled_from(sorted(GSM_EXTENSION)) | st.characters(),
    max_size=1500,
)


@given(text=_ANY_SMS_TEXT, max_parts=st.integers(1, 6))
def test_split_to_parts_keeps_every_character_and_fits_each_piece(text: str, max_parts: int) -> None:
    pieces = split_to_parts(text, max_parts)
    assert "".join(pieces) == text
    assert all(piece and np.count_segments(piece).parts <= max_parts for piece in pieces)


@given(text=_ANY_SMS_TEXT, max_parts=st.integers(1, 6))
def test_truncate_to_parts_keeps_the_longest_start_that_fits(text: str, max_parts: int) -> None:
    kept = truncate_to_parts(text, max_parts)
    assert text.startswith(kept)
    assert np.count_segments(kept).parts <= max_parts
    if kept != text:
        assert np.count_segments(text[: len(kept) + 1]).parts > max_parts


@pytest.mark.parametrize(
    ("text", "sizes"),
    [
        ("ж" * 1000, [201, 201, 201, 201, 196]),  # 3 parts of 67 UCS-2 units
        ("{}" * 500, [228, 228, 228, 228, 88]),  # 3 parts of 76 escaped characters
        ("a" * 1000, [459, 459, 82]),  # 3 parts of 153 GSM characters
    ],
)
def test_split_sizes_follow_the_part_size_of_each_kind_of_text(text: str, sizes: list[int]) -> None:
    assert [len(piece) for piece in split_to_parts(text, 3)] == sizes
