"""No credential reaches Home Assistant's log or an error a user sees, even at debug level.

Each platform is set up from YAML with distinctive credentials (``tests/reliability/secrets.py``)
and sends twice with every logger at DEBUG: once accepted, once refused by a provider whose
error body quotes the credential back. The log, the raised errors and their translation
placeholders are searched for every spelling of the secret (raw, URL-encoded, base64 of
HTTP Basic, a long fragment).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from tests.homeassistant.helpers import (
    GATEWAY_ACCEPTED,
    GATEWAY_URL,
    SPRYNG_ACCEPTED,
    compaya_accepted,
    notify,
    setup_notify,
    smstools_reply,
)
from tests.reliability.secrets import SECRETS, leaks

NUMBER = "+46701234567"

ENDPOINTS: dict[str, tuple[str, str, Any, HTTPStatus]] = {
    "prosms": ("post", "https://api.prosms.se/v1/sms/send", compaya_accepted(46701234567), HTTPStatus.OK),
    "smsdk": ("post", "https://api.sms.dk/v1/sms/send", compaya_accepted(46701234567), HTTPStatus.OK),
    "smstools": (
        "post",
        "https://api.smstools.it/rest/api/sms/send",
        smstools_reply(("46701234567", "INSERTED", None)),
        HTTPStatus.OK,
    ),
    "spryng": ("post", "https://rest.spryngsms.com/v1/messages", SPRYNG_ACCEPTED, HTTPStatus.CREATED),
    "spryng-simple": ("post", "https://rest.spryngsms.com/api/simple/message", None, HTTPStatus.OK),
    "smsgw": ("get", f"{GATEWAY_URL}/api/sms/send_sms.php", GATEWAY_ACCEPTED, HTTPStatus.OK),
}
"""Variant -> (method, send URL, accepted reply, its status)."""


def _platform(variant: str) -> dict[str, Any]:
    domain = variant.removesuffix("-simple")
    config: dict[str, Any] = {"platform": domain, "name": "hygiene", "sender": "HomeAlarm", **SECRETS[variant]}
    if domain == "smsgw":
        config["api_url"] = GATEWAY_URL
    return config


def _echoing_refusal(variant: str) -> str:
    """An error body that quotes every credential back, as a careless API might."""
    return "invalid credentials: " + " ".join(SECRETS[variant].values())


@pytest.mark.parametrize("variant", list(ENDPOINTS))
async def test_no_secret_in_debug_logs_or_errors(
    variant: str, hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    method, url, accepted, status = ENDPOINTS[variant]
    register = getattr(aioclient_mock, method)
    if accepted is None:
        register(url, text="OK", status=status)
    else:
        register(url, json=accepted, status=status)
    await setup_notify(hass, _platform(variant))

    await notify(hass, "hygiene", message="Accepted", target=[NUMBER])

    aioclient_mock.clear_requests()
    register(url, text=_echoing_refusal(variant), status=HTTPStatus.UNAUTHORIZED)
    with pytest.raises(HomeAssistantError) as info:
        await notify(hass, "hygiene", message="Refused", target=[NUMBER])

    shown = " ".join((str(info.value), repr(info.value), repr(info.value.translation_placeholders), caplog.text))
    assert info.value.translation_key == "authentication_failed"
    assert leaks(variant, shown) == []
