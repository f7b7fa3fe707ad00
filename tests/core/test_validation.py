"""Sender, number, country and api_url rules: what a user is told when input is wrong."""

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

import notify_plugins as np
from notify_plugins.validation import check_numbers, validate_api_url
from tests.providers.conftest import refusal


@pytest.mark.parametrize(
    ("sender", "expected"),
    [
        ("HomeAlarm", "HomeAlarm"),
        ("  Alarm  ", "Alarm"),
        ("Bob", "Bob"),
        ("Villa-Nr.5", "Villa-Nr.5"),
        ("Tom & Jerry", "Tom & Jerry"),
        ("+46701234567", "46701234567"),
        ("123456789012345", "123456789012345"),
        ("123", "123"),
    ],
)
def test_accepted_senders_come_back_normalised(sender, expected):
    assert np.validate_sender(sender) == expected


@pytest.mark.parametrize(
    ("sender", "rule"),
    [
        ("AB", "3 to 11"),
        ("HomeAlarmSystem", "3 to 11"),
        ("1234567890123456", "3 to 15 digits"),
        ("12", "3 to 15 digits"),
        ("Hem/larm", "allowed are"),
        ("Hemlarm€", "allowed are"),
        ("Villa Åsa", "allowed are"),
        ("", "empty"),
        ("   ", "empty"),
    ],
)
def test_rejected_senders_name_the_field_and_rule(sender, rule):
    err = refusal(np.validate_sender, sender)
    assert err.field == "sender" and rule in err.rule


@pytest.mark.parametrize("sender", [None, 12345, b"Alarm", ["Alarm"]])
def test_non_text_sender_is_a_validation_error_not_a_crash(sender):
    err = refusal(np.validate_sender, sender)
    assert (err.field, err.rule) == ("sender", f"must be text, not {type(sender).__name__}")


def test_validation_error_is_a_value_error():
    assert issubclass(np.ValidationError, ValueError)


@pytest.mark.parametrize(
    ("number", "country", "expected"),
    [
        ("070-123 45 67", "SE", "46701234567"),
        ("+46 70 123 45 67", None, "46701234567"),
        ("0046701234567", None, "46701234567"),
        ("46701234567", None, "46701234567"),
        ("(070) 123.45.67", "se", "46701234567"),
        ("+45 22 68 08 80", None, "4522680880"),
        ("+39 348 123 4567", None, "393481234567"),
        ("+31 6 12345678", None, "31612345678"),
        ("+44 7483 938220", None, "447483938220"),
        (46701234567, None, "46701234567"),
        ("+46701234567", "DK", "46701234567"),
    ],
)
def test_numbers_are_normalised_to_international_digits(number, country, expected):
    assert np.normalize_number(number, country) == expected


def test_national_number_without_country_asks_for_one():
    with pytest.raises(np.ValidationError) as info:
        np.normalize_number("0701234567")
    assert info.value.field == "number"
    assert info.value.rule == (
        "is a national number (leading 0); give a country or write it internationally, e.g. +46701234567"
    )


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("+4670", "too short"),
        ("+46701234567890123", "too long"),
        ("+999123456789", "country code"),
        ("+46 70 12a 45 67", "not a phone number"),
        ("", "not a phone number"),
        ("+", "not a phone number"),
    ],
)
def test_impossible_numbers_are_refused_with_the_reason(number, reason):
    err = refusal(np.normalize_number, number)
    assert err.field == "number" and reason in err.rule


@pytest.mark.parametrize("number", ["0", "0 1", "0-"])
def test_a_lone_national_zero_is_refused_as_too_short(number):
    assert refusal(np.normalize_number, number, "SE").rule == "is not a valid phone number: it is too short"


def test_refused_numbers_are_masked_in_the_message():
    with pytest.raises(np.ValidationError) as info:
        np.normalize_number("+46 70 123 45 6")
    assert "4670123456" not in str(info.value)
    assert "456" in str(info.value)


def test_a_refused_number_states_its_rule_apart_from_the_number():
    """What an adapter shows next to the number as the user typed it."""
    with pytest.raises(np.ValidationError) as info:
        np.normalize_number("+46 70 12")
    assert info.value.rule == "is not a valid phone number: it is too short"
    assert str(info.value).endswith(info.value.rule)


@pytest.mark.parametrize("number", [None, 4.5, True, ["+46701234567"]])
def test_non_text_number_is_a_validation_error_not_a_crash(number):
    err = refusal(np.normalize_number, number)
    assert (err.field, err.rule) == ("number", f"must be text, not {type(number).__name__}")


@pytest.mark.parametrize("country", ["XX", "Sweden", "S", 46, None])
def test_unknown_country_is_refused(country):
    with pytest.raises(np.ValidationError) as info:
        np.validate_country(country)
    assert info.value.field == "country"


def test_bad_country_for_a_national_number_is_reported_as_country():
    with pytest.raises(np.ValidationError) as info:
        np.normalize_number("0701234567", "XX")
    assert info.value.field == "country"


def test_check_numbers_keeps_the_valid_ones_and_every_error():
    checked = check_numbers(["+46701234567", "nonsense", "0701234567", "+46 70 123 45 67", "+4670"], "SE")
    assert checked.valid == ("46701234567",)
    assert [raw for raw, _ in checked.invalid] == ["nonsense", "+4670"]
    assert all(err.field == "number" for _, err in checked.invalid)


@st.composite
def valid_numbers(draw):
    region = draw(st.sampled_from(["SE", "DK", "IT", "NL", "GB", "DE", "US", "FI", "NO"]))
    kind = draw(st.sampled_from([phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE]))
    example = phonenumbers.example_number_for_type(region, kind)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)


@given(valid_numbers(), st.sampled_from(["{}", "00{}", "{} "]))
def test_normalising_a_normalised_number_is_the_identity(e164, form):
    normalised = np.normalize_number(e164)
    assert normalised == e164[1:]
    assert np.normalize_number(normalised) == normalised
    assert np.normalize_number(form.format(normalised) if form != "{}" else normalised) == normalised


@given(st.text(max_size=30))
def test_normalize_number_only_ever_raises_validation_error(text):
    try:
        result = np.normalize_number(text, "SE")
    except np.ValidationError:
        return
    assert result.isdigit()


@given(st.text(max_size=20))
def test_validate_sender_only_ever_raises_validation_error(text):
    try:
        result = np.validate_sender(text)
    except np.ValidationError:
        return
    assert 3 <= len(result) <= 15


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("https://api.prosms.se/", "https://api.prosms.se"),
        ("http://127.0.0.1:8080/prosms/", "http://127.0.0.1:8080/prosms"),
    ],
)
def test_api_url_keeps_scheme_host_port_and_prefix(url, expected):
    assert validate_api_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "ftp://x",
        "127.0.0.1:8080",
        "http://",
        "https://u:p@host",
        "https://h/?k=1",
        "https://h:99999",
        "http://[x]",
        None,
    ],
)
def test_bad_api_url_is_refused(url):
    with pytest.raises(np.ValidationError) as info:
        validate_api_url(url)
    assert info.value.field == "api_url"
    if url and "u:p" in url:
        assert "u:p" not in str(info.value)


def test_a_remembered_number_still_refuses_a_different_country():
    assert np.normalize_number("0701234567", "SE") == "46701234567"
    with pytest.raises(np.ValidationError):
        np.normalize_number("0701234567", "XX")
    assert np.normalize_number("0701234567", "SE") == "46701234567"


@pytest.mark.parametrize("country", [46, ["SE"], {"SE": 1}])
def test_a_country_that_is_not_text_is_refused_even_for_international_numbers(country):
    with pytest.raises(np.ValidationError) as info:
        np.normalize_number("+46701234567", country)
    assert info.value.field == "country"


@pytest.mark.parametrize(
    ("number", "country", "expected"),
    [
        ("22 68 08 80", "DK", "4522680880"),  # Danish numbers have no trunk 0
        ("412 34 567", "NO", "4741234567"),
        ("701234567", "SE", "46701234567"),
    ],
)
def test_bare_digits_that_are_only_valid_nationally_are_read_as_national(number, country, expected):
    assert np.normalize_number(number, country) == expected


def test_bare_digits_valid_internationally_stay_international_whatever_the_country():
    assert np.normalize_number("4522680880", "SE") == "4522680880"


def test_bare_digits_valid_nowhere_name_the_international_reading():
    assert refusal(np.normalize_number, "22680880").rule.startswith("is not a valid phone number")
