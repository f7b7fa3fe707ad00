"""``notify.<name>``: the exact requests each platform sends, per-call options, and failures.

Requests are asserted as they went on the wire (Home Assistant's ``aioclient_mock``).
Replies are the shapes ``docs/providers/`` describes for each provider.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import re
from http import HTTPStatus

import aiohttp
import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from tests.homeassistant.helpers import (
    GATEWAY_ACCEPTED,
    GATEWAY_URL,
    PROSMS_SEND,
    SPRYNG_ACCEPTED,
    compaya_accepted,
    notify,
    platform,
    sent,
    setup_notify,
    smstools_reply,
)

SMSTOOLS_SEND = "https://api.smstools.it/rest/api/sms/send"
SMSTOOLS_AUTH = "Basic " + base64.b64encode(b"tools-key:tools-secret").decode()

# -- the request of each platform ------------------------------------------------------------


@pytest.mark.parametrize(("domain", "url"), [("prosms", PROSMS_SEND), ("smsdk", "https://api.sms.dk/v1/sms/send")])
async def test_compaya_platforms_post_json_with_bearer_key(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, domain: str, url: str
) -> None:
    aioclient_mock.post(url, json=compaya_accepted(4522680880))
    await setup_notify(hass, platform(domain, recipient=["+45 22 68 08 80"]))

    await notify(hass, domain, message="Door open")

    [request] = sent(aioclient_mock)
    assert (request.method, request.url, request.query) == ("POST", url, [])
    assert request.headers == {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "Authorization": f"Bearer {domain}-key",
    }
    assert request.json() == {
        "receiver": 4522680880,
        "senderName": "HomeAlarm",
        "message": "Door open",
        "format": "gsm",
        "encoding": "utf8",
    }


async def test_smstools_posts_a_form_with_basic_auth(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    aioclient_mock.post(SMSTOOLS_SEND, json=smstools_reply(("393481234567", "INSERTED", None)))
    await setup_notify(hass, platform("smstools", recipient=["+39 348 123 4567"]))

    await notify(hass, "smstools", message="Porta aperta")

    [request] = sent(aioclient_mock)
    assert (request.method, request.url, request.query) == ("POST", SMSTOOLS_SEND, [])
    assert request.headers == {
        "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
        "Accept": "application/json",
        "Authorization": SMSTOOLS_AUTH,
    }
    assert request.form() == [
        ("from", "HomeAlarm"),
        ("to", "393481234567"),
        ("text", "Porta aperta"),
        ("encoding", "7BIT"),
    ]


async def test_spryng_with_api_key_posts_to_the_rest_api(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.post("https://rest.spryngsms.com/v1/messages", json=SPRYNG_ACCEPTED, status=HTTPStatus.CREATED)
    await setup_notify(hass, platform("spryng", recipient=["+31 6 12345678"]))

    await notify(hass, "spryng", message="Deur open")

    [request] = sent(aioclient_mock)
    assert (request.method, request.url, request.query) == ("POST", "https://rest.spryngsms.com/v1/messages", [])
    assert request.headers == {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "Authorization": "Bearer spryng-key",
    }
    assert request.json() == {
        "body": "Deur open",
        "originator": "HomeAlarm",
        "recipients": ["31612345678"],
        "encoding": "plain",
        "route": "business",
    }


async def test_spryng_with_username_and_secret_posts_to_the_simple_api(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.post("https://rest.spryngsms.com/api/simple/message", text="")
    await setup_notify(hass, platform("spryng", api_key=None, username="demo", secret="s3cret", recipient="0612345678"))

    await notify(hass, "spryng", message="Deur open")

    [request] = sent(aioclient_mock)
    assert (request.method, request.url, request.body) == (
        "POST",
        "https://rest.spryngsms.com/api/simple/message",
        None,
    )
    assert request.query == [
        ("username", "demo"),
        ("secret", "s3cret"),
        ("destination", "31612345678"),
        ("sender", "HomeAlarm"),
        ("body", "Deur open"),
        ("route", "business"),
    ]


async def test_gateway_gets_its_send_url_on_the_configured_host(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.get(f"{GATEWAY_URL}/api/sms/send_sms.php", json=GATEWAY_ACCEPTED)
    await setup_notify(hass, platform("smsgw", recipient=["+44 7483 938220"]))

    await notify(hass, "smsgw", message="Hello")

    [request] = sent(aioclient_mock)
    assert (request.method, request.url, request.body) == ("GET", f"{GATEWAY_URL}/api/sms/send_sms.php", None)
    query = dict(request.query)
    assert re.fullmatch(r"[0-9a-f]{16}", query.pop("ref"))
    assert query == {
        "key": "gw-key",
        "mobile": "447483938220",
        "sender": "HomeAlarm",
        "msgtext": "Hello",
        "response": "json",
    }


async def test_api_url_replaces_the_official_base(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    aioclient_mock.post("http://127.0.0.1:8080/prosms/v1/sms/send", json=compaya_accepted(46701234567))
    await setup_notify(hass, platform("prosms", recipient="+46701234567", api_url="http://127.0.0.1:8080/prosms/"))

    await notify(hass, "prosms", message="Hej")

    assert [r.url for r in sent(aioclient_mock)] == ["http://127.0.0.1:8080/prosms/v1/sms/send"]


# -- what a call can change --------------------------------------------------------------------


async def test_title_becomes_the_first_line_of_the_text(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(46701234567))
    await setup_notify(hass, platform("prosms", recipient="+46701234567"))

    await notify(hass, "prosms", message="Front door opened", title="Alarm")

    assert sent(aioclient_mock)[0].json()["message"] == "Alarm\nFront door opened"


async def test_target_replaces_the_configured_recipients_for_one_call(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.post(
        SMSTOOLS_SEND,
        json=smstools_reply(("393481234567", "INSERTED", None), ("393481234568", "INSERTED", None)),
    )
    await setup_notify(hass, platform("smstools", recipient=["+393331112222"]))

    await notify(hass, "smstools", message="Ciao", target=["+39 348 123 4567", "0039 348 123 4568"])

    assert dict(sent(aioclient_mock)[0].form())["to"] == "393481234567,393481234568"


async def test_target_entries_may_hold_comma_separated_numbers(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.post(
        SMSTOOLS_SEND,
        json=smstools_reply(("393481234567", "INSERTED", None), ("393481234568", "INSERTED", None)),
    )
    await setup_notify(hass, platform("smstools"))

    await notify(hass, "smstools", message="Ciao", target="+393481234567, +393481234568")

    assert dict(sent(aioclient_mock)[0].form())["to"] == "393481234567,393481234568"


async def test_national_targets_are_read_in_the_configured_country(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(447483938220))
    await setup_notify(hass, platform("prosms", country="GB"))

    await notify(hass, "prosms", message="Hello", target=["07483 938220"])

    assert sent(aioclient_mock)[0].json()["receiver"] == 447483938220


async def test_data_sender_overrides_the_sender_for_one_call(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.post(PROSMS_SEND, json=compaya_accepted(46701234567))
    await setup_notify(hass, platform("prosms", recipient="+46701234567"))

    await notify(hass, "prosms", message="Hej", data={"sender": "Alerts"})
    await notify(hass, "prosms", message="Hej")

    assert [r.json()["senderName"] for r in sent(aioclient_mock)] == ["Alerts", "HomeAlarm"]


# -- refused before anything is sent -----------------------------------------------------------


async def test_invalid_target_raises_service_validation_error_and_sends_nothing(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await setup_notify(hass, platform("prosms", recipient="+46701234567"))

    with pytest.raises(ServiceValidationError, match=r"notify\.prosms: recipients: \*+989 is not a valid phone number"):
        await notify(hass, "prosms", message="Hej", target=["+46701234567", "+4612345678989"])

    assert aioclient_mock.call_count == 0


async def test_invalid_target_error_does_not_show_the_full_number(hass: HomeAssistant) -> None:
    await setup_notify(hass, platform("prosms"))

    with pytest.raises(ServiceValidationError) as caught:
        await notify(hass, "prosms", message="Hej", target=["+4612345678989"])

    assert "4612345678989" not in str(caught.value)


async def test_invalid_data_sender_raises_service_validation_error(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await setup_notify(hass, platform("smsdk", recipient="+4522680880"))

    with pytest.raises(ServiceValidationError, match="sender: 'X' has 1 characters"):
        await notify(hass, "smsdk", message="Hej", data={"sender": "X"})

    assert aioclient_mock.call_count == 0


async def test_unknown_data_keys_are_refused(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    await setup_notify(hass, platform("smsdk", recipient="+4522680880"))

    with pytest.raises(ServiceValidationError, match="data takes only sender, not priority"):
        await notify(hass, "smsdk", message="Hej", data={"priority": "high"})

    assert aioclient_mock.call_count == 0


async def test_call_without_target_or_configured_recipient_is_refused(hass: HomeAssistant) -> None:
    await setup_notify(hass, platform("spryng"))

    with pytest.raises(ServiceValidationError, match="no recipients") as caught:
        await notify(hass, "spryng", message="Hej")

    assert (caught.value.translation_domain, caught.value.translation_key) == ("spryng", "no_recipients")


async def test_text_longer_than_the_provider_takes_is_refused(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await setup_notify(hass, platform("prosms", recipient="+46701234567"))

    with pytest.raises(ServiceValidationError, match=r"4 SMS parts; ProSMS\.se takes at most 3"):
        await notify(hass, "prosms", message="x" * 500)

    assert aioclient_mock.call_count == 0


# -- refused by the provider -------------------------------------------------------------------


async def test_partial_rejection_raises_naming_the_rejected_number_and_reason(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.post(
        SMSTOOLS_SEND,
        json=smstools_reply(("393481234567", "INSERTED", None), ("393481234568", "NOT_INSERTED", "BAD_MSISDN")),
    )
    await setup_notify(hass, platform("smstools", recipient=["+393481234567", "+393481234568"]))

    with pytest.raises(HomeAssistantError) as caught:
        await notify(hass, "smstools", message="Ciao")

    message = str(caught.value)
    assert "Smstools: 1 of 2 accepted" in message
    assert "*********568: rejected (BAD_MSISDN a phone number is not valid" in message
    assert "567" not in message
    assert caught.value.translation_key == "send_failed"


async def test_rejection_of_every_recipient_raises_with_the_providers_reason(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.post(
        PROSMS_SEND,
        status=HTTPStatus.CONFLICT,
        json={
            "status": "error",
            "messageCode": 1059,
            "message": "See specific error in returned rejected array.",
            "errorResult": {
                "report": {
                    "accepted": [],
                    "rejected": [
                        {
                            "receiver": 46701234567,
                            "messageCode": 1015,
                            "message": "Country code and phone number do not match.",
                        }
                    ],
                }
            },
        },
    )
    await setup_notify(hass, platform("prosms", recipient="+46701234567"))

    with pytest.raises(HomeAssistantError, match=r"0 of 1 accepted; \*\*\*\*\*\*\*\*567: rejected \(1015 Country code"):
        await notify(hass, "prosms", message="Hej")


async def test_unreachable_provider_raises_because_delivery_is_unknown(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.get(f"{GATEWAY_URL}/api/sms/send_sms.php", exc=aiohttp.ServerDisconnectedError())
    await setup_notify(hass, platform("smsgw", recipient="+447483938220"))

    with pytest.raises(HomeAssistantError, match=r"0 of 1 accepted; \*\*\*\*\*\*\*\*\*220: unknown"):
        await notify(hass, "smsgw", message="Hello")


async def test_refused_credentials_raise_with_the_remedy(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.post(
        SMSTOOLS_SEND, status=HTTPStatus.UNAUTHORIZED, json={"errorCode": 401, "errorMsg": "BAD_CREDENTIALS"}
    )
    await setup_notify(hass, platform("smstools", recipient="+393481234567"))

    with pytest.raises(HomeAssistantError, match=r"Smstools refused the credentials of notify\.smstools") as caught:
        await notify(hass, "smstools", message="Ciao")

    assert "Check api_key and api_secret in the notify platform configuration" in str(caught.value)
    assert caught.value.translation_key == "authentication_failed"


async def test_refused_credentials_are_logged_once_however_often_they_fail(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, caplog: pytest.LogCaptureFixture
) -> None:
    aioclient_mock.post(
        PROSMS_SEND,
        status=HTTPStatus.UNAUTHORIZED,
        json={"status": "error", "messageCode": 1054, "message": "Invalid token."},
    )
    await setup_notify(hass, platform("prosms", recipient="+46701234567"))

    for _ in range(3):
        with pytest.raises(HomeAssistantError):
            await notify(hass, "prosms", message="Hej")

    logged = [r for r in caplog.records if r.name.startswith("notify_plugins") and r.levelno >= logging.WARNING]
    assert len(logged) == 1
    assert logged[0].levelno == logging.ERROR
    assert "ProSMS.se refused the credentials of notify.prosms" in logged[0].getMessage()
    assert "Check api_key in the notify platform configuration" in logged[0].getMessage()


async def test_credential_problem_is_logged_again_after_a_send_got_through(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, caplog: pytest.LogCaptureFixture
) -> None:
    refused = {"status": "error", "messageCode": 1054, "message": "Invalid token."}
    await setup_notify(hass, platform("prosms", recipient="+46701234567"))
    for reply, status in ((refused, 401), (compaya_accepted(46701234567), 200), (refused, 401)):
        aioclient_mock.clear_requests()
        aioclient_mock.post(PROSMS_SEND, status=status, json=reply)
        with contextlib.suppress(HomeAssistantError):
            await notify(hass, "prosms", message="Hej")

    assert sum("refused the credentials" in r.getMessage() for r in caplog.records) == 2


async def test_missing_credit_raises_and_is_logged_once_with_the_remedy(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, caplog: pytest.LogCaptureFixture
) -> None:
    aioclient_mock.post(SMSTOOLS_SEND, status=HTTPStatus.BAD_REQUEST, json={"errorCode": 400, "errorMsg": "NO_CREDIT"})
    await setup_notify(hass, platform("smstools", recipient="+393481234567"))

    for _ in range(2):
        with pytest.raises(HomeAssistantError, match="The Smstools account has too little credit") as caught:
            await notify(hass, "smstools", message="Ciao")

    assert caught.value.translation_key == "insufficient_credit"
    credit_lines = [r for r in caplog.records if "too little credit" in r.getMessage()]
    assert len(credit_lines) == 1
    line = credit_lines[0].getMessage()
    assert "Top up the account; sending works again as soon as there is credit." in line
    assert line.count("Smstools") == 1  # named once: not in the reason again
    assert line.lower().count("top up") == 1  # the remedy once: not the library's hint again


async def test_compaya_credit_refusal_names_the_provider_and_the_remedy_once(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    aioclient_mock.post(
        PROSMS_SEND,
        status=HTTPStatus.PAYMENT_REQUIRED,
        json={"status": "error", "messageCode": 1030, "message": "You do not have sufficient credits."},
    )
    await setup_notify(hass, platform("prosms", recipient="+46701234567"))

    with pytest.raises(HomeAssistantError) as caught:
        await notify(hass, "prosms", message="Hej")

    assert str(caught.value) == (
        "The ProSMS.se account has too little credit to send through notify.prosms (You do not have "
        "sufficient credits, code 1030). Top up the account; sending works again as soon as there is credit."
    )


async def test_rate_limiting_raises_every_time(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    aioclient_mock.post(
        "https://rest.spryngsms.com/v1/messages",
        status=HTTPStatus.TOO_MANY_REQUESTS,
        json={"message": "Too many requests"},
        headers={"Retry-After": "600"},
    )
    await setup_notify(hass, platform("spryng", recipient="+31612345678"))

    with pytest.raises(HomeAssistantError, match=r"Spryng is rate limiting notify\.spryng") as caught:
        await notify(hass, "spryng", message="Hoi")

    assert caught.value.translation_key == "rate_limited"


async def test_failures_never_show_a_credential(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    aioclient_mock.post(
        SMSTOOLS_SEND, status=HTTPStatus.UNAUTHORIZED, json={"errorCode": 401, "errorMsg": "BAD_CREDENTIALS"}
    )
    await setup_notify(hass, platform("smstools", recipient="+393481234567"))

    with pytest.raises(HomeAssistantError) as caught:
        await notify(hass, "smstools", message="Ciao")

    shown = str(caught.value) + str(caught.value.translation_placeholders) + caplog.text
    assert "tools-key" not in shown
    assert "tools-secret" not in shown
    assert SMSTOOLS_AUTH.split()[1] not in shown
