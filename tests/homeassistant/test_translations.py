"""Every integration's generated files match their source, and every language file has
exactly the keys and placeholders of English."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from homeassistant.util.yaml import load_yaml_dict

from notify_plugins.homeassistant.action import ALIASES, DELIVERY_STATUS_SCHEMA, SEND_SMS_SCHEMA
from notify_plugins.homeassistant.coordinator import EXCEPTIONS as COORDINATOR_EXCEPTIONS
from notify_plugins.homeassistant.errors import EXCEPTIONS
from notify_plugins.homeassistant.flow import FORM_ERRORS
from notify_plugins.homeassistant.quality import RULES
from notify_plugins.homeassistant.quality import quality_scale as expected_quality_scale
from notify_plugins.homeassistant.spend import EXCEPTIONS as SPEND_EXCEPTIONS
from notify_plugins.homeassistant.strings import HOME_LANGUAGES, english, services_yaml, write
from notify_plugins.homeassistant.targets import TARGET_KEYS
from tests.homeassistant.helpers import COMPONENTS, DOMAINS, LANGUAGE_FILES, shipped_translations

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


@pytest.mark.parametrize("domain", DOMAINS)
def test_english_is_generated_from_the_one_source(domain: str) -> None:
    assert shipped_translations(domain, "en") == english(domain)


@pytest.mark.parametrize("domain", DOMAINS)
def test_each_integration_ships_english_and_its_home_language(domain: str) -> None:
    languages = sorted(p.stem for p in (COMPONENTS / domain / "translations").glob("*.json"))

    assert languages == sorted(("en", *HOME_LANGUAGES[domain]))


@pytest.mark.parametrize(("domain", "language"), LANGUAGE_FILES)
def test_every_language_has_exactly_the_english_keys_and_placeholders(domain: str, language: str) -> None:
    reference = flatten(shipped_translations(domain, "en"))
    translated = flatten(shipped_translations(domain, language))

    assert sorted(translated) == sorted(reference)
    for key, text in reference.items():
        assert set(PLACEHOLDER.findall(translated[key])) == set(PLACEHOLDER.findall(text)), key
        assert translated[key].strip(), key


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_error_and_abort_the_code_can_show_has_a_text(domain: str) -> None:
    texts = english(domain)

    assert set(FORM_ERRORS) <= set(texts["config"]["error"])
    assert {"already_configured", "reauth_successful", "reconfigure_successful", "wrong_account"} <= set(
        texts["config"]["abort"]
    )
    assert set(EXCEPTIONS) | set(COORDINATOR_EXCEPTIONS) | set(SPEND_EXCEPTIONS) == set(texts["exceptions"])
    assert {"invalid_number", "already_configured"} <= set(texts["config_subentries"]["recipient"]["error"])


SHARED_WORDS: dict[str, set[str]] = {
    "sv": {"Finland"},
    "da": {"Finland", "Send SMS", "Reference"},
    "it": {"Account"},
    "nl": {"Finland", "Account", "Secret"},
}
"""Texts that read the same in English and in the language: the only ones a translated file may
share with ``en.json``."""

HOME_LANGUAGE_FILES = [(domain, language) for domain, languages in HOME_LANGUAGES.items() for language in languages]


@pytest.mark.parametrize(("domain", "language"), HOME_LANGUAGE_FILES)
def test_every_text_of_a_home_language_file_is_translated(domain: str, language: str) -> None:
    """A key added in English and copied into the home-language file untranslated fails here."""
    english_texts = flatten(shipped_translations(domain, "en"))
    translated = flatten(shipped_translations(domain, language))

    untranslated = {key: text for key, text in translated.items() if text == english_texts.get(key)}

    assert set(untranslated.values()) <= SHARED_WORDS[language], untranslated


def test_make_generate_writes_english_and_leaves_each_home_language_to_its_translator(tmp_path: Path) -> None:
    """The home-language files are the one source of their language: the generator never writes them."""
    write(tmp_path)

    written = sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("translations/*"))

    assert written == sorted(f"{domain}/translations/en.json" for domain in DOMAINS)


@pytest.mark.parametrize("domain", DOMAINS)
def test_services_yaml_is_generated_and_matches_the_action_schemas(domain: str) -> None:
    services = load_yaml_dict(str(COMPONENTS / domain / "services.yaml"))

    assert services == services_yaml(domain)
    schemas = {"send_sms": SEND_SMS_SCHEMA, "delivery_status": DELIVERY_STATUS_SCHEMA}
    hidden = {*ALIASES, *TARGET_KEYS}  # target keys come from the target selector; aliases stay out of the form
    for name, service in services.items():
        assert set(service["fields"]) == {str(key) for key in schemas[name].schema} - hidden
        assert set(english(domain)["services"][name]["fields"]) == set(service["fields"])
    assert set(services["send_sms"]["target"]) == {"entity", "device"}
    assert {str(key) for key in SEND_SMS_SCHEMA.schema} >= hidden


@pytest.mark.parametrize("domain", DOMAINS)
def test_each_send_sms_label_names_its_key(domain: str) -> None:
    fields = english(domain)["services"]["send_sms"]["fields"]

    labels = {key: field["name"] for key, field in fields.items() if key != "config_entry_id"}

    assert labels == {"message": "Message", "numbers": "Numbers", "sender": "Sender", "reference": "Reference"}
    assert fields["config_entry_id"]["name"] == "Account"  # Home Assistant's key for the account picker


@pytest.mark.parametrize("domain", DOMAINS)
def test_quality_scale_states_every_rule(domain: str) -> None:
    scale = load_yaml_dict(str(COMPONENTS / domain / "quality_scale.yaml"))

    assert scale == expected_quality_scale(domain)
    assert set(scale["rules"]) == set(RULES)
    for rule in scale["rules"].values():
        status = rule if isinstance(rule, str) else rule["status"]
        assert status in {"done", "todo", "exempt"}
        if status == "exempt":
            assert isinstance(rule, dict) and rule["comment"]


@pytest.mark.parametrize(("domain", "language"), LANGUAGE_FILES)
def test_no_text_contains_a_url(domain: str, language: str) -> None:
    """hassfest refuses URLs in translation strings: they are placeholders."""
    texts = flatten(shipped_translations(domain, language))

    assert [key for key, text in texts.items() if re.search(r"https?://", text)] == []
