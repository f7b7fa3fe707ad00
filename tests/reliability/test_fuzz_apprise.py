"""Apprise URL parsing for every scheme, fed generated URLs.

Apprise calls a plugin's ``parse_url`` for any URL a user writes in a config file, so a
typo must never crash it. ``Apprise.instantiate`` (with exceptions not suppressed) may
only return a plugin or None, or raise ``TypeError``, Apprise's documented way for a
plugin to refuse its configuration. A plugin that loads must describe itself without
error (``url()``, ``url(privacy=True)``, ``url_identifier``, ``len()``), and loading its
own ``url()`` again must give the same service (Apprise's convention: ``parse_url()`` and
``url()`` are exact inverses).
"""

from __future__ import annotations

from urllib.parse import quote

import apprise
import pytest
from apprise.plugins import N_MGR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import notify_plugins.apprise  # noqa: F401  (registers the schemes)

SCHEMES = ("prosms", "smsdk", "smstools", "spryng", "smsgw", "smsgws")
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_URL_CHARACTERS = st.characters(codec="utf-8", exclude_categories=("Cs",))
pieces = st.text(_URL_CHARACTERS, max_size=20) | st.sampled_from(
    ["", "HomeAlarm", "Alerts", "46701234567", "+46 70 123 45 67", "0701234567", "key:secret", "%", "%zz", "@", ":"]
)
numbers = st.sampled_from(["46701234567", "+46701234567", "0046701234567", "0701234567", "31612345678", "123"])
query_keys = st.sampled_from(["from", "to", "country", "api_url", "cto", "rto", "verify", "format", "overflow", "x"])
query_values = pieces | st.sampled_from(["http://127.0.0.1:9/x", "SE", "nl", "yes", "no", "-1", "1e309"])


@st.composite
def urls(draw: st.DrawFn, scheme: str) -> str:
    """URLs shaped like the documented ones, with any part possibly garbage."""
    encode = draw(st.booleans())

    def piece(value: str) -> str:
        return quote(value, safe="") if encode else value

    user = draw(pieces)
    password = draw(st.none() | pieces)
    userinfo = piece(user) + ("" if password is None else ":" + piece(password))
    host = draw(st.sampled_from(["HomeAlarm", "127.0.0.1:8080", "sms.example.net", "localhost"]) | pieces)
    path = [piece(p) for p in draw(st.lists(numbers | pieces, max_size=4))]
    query = "&".join(f"{draw(query_keys)}={piece(draw(query_values))}" for _ in range(draw(st.integers(0, 3))))
    url = f"{scheme}://{userinfo}@{piece(host)}/{'/'.join(path)}"
    return url + (f"?{query}" if query else "")


def _apprise_itself_raises(url: str) -> bool:
    """True when Apprise raises for this URL with its own ``json://`` scheme too.

    Older Apprise (1.9.1) lets urllib's ``ValueError`` ("Invalid IPv6 URL") out of its URL
    parser, before any plugin sees the URL; that is Apprise's behaviour, not ours.
    """
    try:
        apprise.Apprise.instantiate("json" + url[url.index("://") :], suppress_exceptions=False)
    except ValueError:
        return True
    except TypeError:
        return False
    return False


def _check(url: str) -> None:
    try:
        plugin = apprise.Apprise.instantiate(url, suppress_exceptions=False)
    except TypeError:
        return
    except ValueError:
        if _apprise_itself_raises(url):
            return
        raise
    if plugin is None:
        return
    assert isinstance(plugin, apprise.NotifyBase)
    assert isinstance(plugin.url(), str)
    assert isinstance(plugin.url(privacy=True), str)
    assert len(plugin) >= 0
    again = apprise.Apprise.instantiate(plugin.url(), suppress_exceptions=False)
    assert again is not None, plugin.url(privacy=True)
    assert again.url_identifier == plugin.url_identifier
    assert len(again) == len(plugin)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_scheme_is_registered(scheme: str) -> None:
    assert scheme in N_MGR


@pytest.mark.parametrize("scheme", SCHEMES)
def test_generated_urls_load_as_a_plugin_or_not_at_all(scheme: str) -> None:
    @FUZZ
    @given(url=urls(scheme))
    def check(url: str) -> None:
        _check(url)

    check()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_arbitrary_text_after_the_scheme_never_crashes_parse_url(scheme: str) -> None:
    @FUZZ
    @given(rest=st.text(_URL_CHARACTERS, max_size=60))
    def check(rest: str) -> None:
        parsed = N_MGR[scheme].parse_url(f"{scheme}://{rest}")
        assert parsed is None or isinstance(parsed, dict)
        _check(f"{scheme}://{rest}")

    check()


def test_parse_url_of_none_is_none() -> None:
    for scheme in SCHEMES:
        assert N_MGR[scheme].parse_url(None) is None
