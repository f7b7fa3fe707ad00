"""``?overflow=split|truncate|upstream`` with GSM, GSM-extended and Unicode text.

Apprise measures ``body_maxlen`` in characters; a provider takes a number of SMS parts,
whose size depends on the text. Each mode is sent to the sandbox, which records every
accepted message with the parts it counted itself.
"""

from __future__ import annotations

import logging

import apprise
import pytest

from notify_plugins.providers import provider_class
from notify_plugins.sandbox import Sandbox
from notify_plugins.text import count_segments
from tests.apprise.conftest import NUMBERS, VARIANTS, key_of, sandbox_url

TEXTS = {
    "gsm": "Door open at the back. " * 60,
    "gsm-extended": "{}" * 500,
    "unicode": "ж" * 1000,
}
"""Longer than any provider takes in one message, in each kind of text."""


def send(url: str, body: str, title: str = "") -> bool:
    notifier = apprise.Apprise()
    assert notifier.add(url)
    return bool(notifier.notify(body=body, title=title))


def sent_texts(sandbox: Sandbox, variant: str) -> list[str]:
    return [m["text"] for m in sandbox.messages(key_of(variant))]


def assert_within_the_provider_limit(sandbox: Sandbox, variant: str) -> None:
    max_parts = provider_class(key_of(variant)).max_parts
    for message in sandbox.messages(key_of(variant)):
        assert message["parts"] <= max_parts
        assert count_segments(message["text"]).parts <= max_parts


@pytest.mark.parametrize("kind", TEXTS)
@pytest.mark.parametrize("variant", ["prosms", "smstools", "spryng", "smsgw"])
def test_split_delivers_every_character_in_parts_the_provider_takes(variant: str, kind: str, sandbox: Sandbox) -> None:
    text = TEXTS[kind]
    assert send(sandbox_url(variant, sandbox, query="overflow=split"), text, title="Alarm")
    sent = sent_texts(sandbox, variant)
    assert len(sent) > 1
    assert "".join(sent) == "Alarm\n" + text.rstrip()
    assert_within_the_provider_limit(sandbox, variant)


def test_split_cuts_between_words_where_it_can(sandbox: Sandbox) -> None:
    assert send(sandbox_url("prosms", sandbox, query="overflow=split"), TEXTS["gsm"])
    parts = sent_texts(sandbox, "prosms")
    assert len(parts) > 1
    assert all(part.endswith(" ") for part in parts[:-1])
    assert all(part[0].isalpha() for part in parts)


@pytest.mark.parametrize("kind", TEXTS)
def test_truncate_sends_the_longest_start_that_fits_in_one_message(kind: str, sandbox: Sandbox) -> None:
    text = TEXTS[kind]
    assert send(sandbox_url("prosms", sandbox, query="overflow=truncate"), text)
    [sent] = sent_texts(sandbox, "prosms")
    assert text.startswith(sent)
    assert count_segments(sent).parts == provider_class("prosms").max_parts
    assert count_segments(text[: len(sent) + 1]).parts > provider_class("prosms").max_parts
    assert_within_the_provider_limit(sandbox, "prosms")


@pytest.mark.parametrize("kind", TEXTS)
def test_upstream_refuses_a_text_over_the_provider_limit_and_says_how_to_send_it(
    kind: str, sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        assert not send(sandbox_url("prosms", sandbox, query="overflow=upstream"), TEXTS[kind])
    assert sandbox.messages() == []
    assert "ProSMS.se takes at most 3" in caplog.text
    assert "?overflow=split" in caplog.text


@pytest.mark.parametrize("kind", TEXTS)
def test_upstream_is_the_default_and_passes_a_multipart_text_whole(kind: str, sandbox: Sandbox) -> None:
    text = TEXTS[kind][:200]  # two or three parts in every kind, one message for the provider
    assert count_segments(text).parts > 1
    assert send(sandbox_url("prosms", sandbox), text)
    assert sent_texts(sandbox, "prosms") == [text]


@pytest.mark.parametrize("variant", VARIANTS)
def test_split_of_a_short_text_sends_it_once(variant: str, sandbox: Sandbox) -> None:
    assert send(sandbox_url(variant, sandbox, query="overflow=split"), "Door open")
    assert [m["recipient"] for m in sandbox.messages(key_of(variant))] == [NUMBERS[variant]]
    assert sent_texts(sandbox, variant) == ["Door open"]
