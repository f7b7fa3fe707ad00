"""No credential in any log line, at any level, from loading a URL to the last reply.

Apprise itself dumps every URL it parses at TRACE; :mod:`notify_plugins.apprise.redaction`
masks ours there. The CLI at ``-vvvv`` is covered by
``tests/reliability/test_apprise_secret_hygiene.py``; these tests capture every logger
in-process, including the core's and urllib3's.
"""

from __future__ import annotations

import logging

import apprise
import pytest

from notify_plugins.apprise.redaction import CredentialRedactor
from notify_plugins.sandbox import DEMO_CREDENTIALS, Sandbox
from notify_plugins.validation import mask_number
from tests.apprise.conftest import NUMBERS, VARIANTS, sandbox_url
from tests.reliability.secrets import SECRETS, leaks

EVERYTHING = 1
"""Below Apprise's TRACE (9): every record any logger emits."""


@pytest.mark.parametrize("accepted", [True, False], ids=["demo-account", "refused-key"])
@pytest.mark.parametrize("variant", VARIANTS)
def test_no_log_line_holds_a_secret(
    variant: str, accepted: bool, sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    credentials = dict(DEMO_CREDENTIALS[variant]) if accepted else SECRETS[variant]
    url = sandbox_url(variant, sandbox, credentials=credentials)
    with caplog.at_level(EVERYTHING):
        notified = apprise.Apprise()
        assert notified.add(url)
        assert bool(notified.notify(body="Secret hygiene", title="Check")) is accepted
        printed = "\n".join(str(s) for s in notified) + str(notified[0].url(privacy=True))
    assert caplog.records
    assert leaks(variant, caplog.text, credentials) == []
    assert leaks(variant, printed, credentials) == []


def test_a_refused_configuration_logs_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(EVERYTHING):
        assert not apprise.Apprise().add("smstools://SMSTOOLS-k3y-5ecr3t-7c1d@X/393481234567")
    assert "SMSTOOLS-k3y" not in caplog.text


def test_yaml_configuration_dumps_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    config = apprise.AppriseConfig()
    config.add_config("urls:\n  - prosms://PROSMS-k3y-in-yaml-0001@HomeAlarm/46701234567\n", format="yaml")
    with caplog.at_level(EVERYTHING):
        assert len(list(apprise.Apprise(config))) == 1
    assert "PROSMS-k3y-in-yaml" not in caplog.text


def test_the_redactor_masks_userinfo_and_credential_fields_of_our_schemes() -> None:
    redactor = CredentialRedactor(["prosms", "smsgw", "smsgws"])
    dump = 'Spryng URL smsgws://K3Y:S3CRET@host/A/1 unpacked as:\nuser="K3Y"\npassword="S3CRET"\napikey="K3Y"\nhost="h"'
    masked = redactor.redact(dump)
    assert "K3Y" not in masked
    assert "S3CRET" not in masked
    assert "smsgws://****@host/A/1" in masked
    assert 'host="h"' in masked


def test_the_redactor_leaves_other_schemes_alone() -> None:
    redactor = CredentialRedactor(["prosms"])
    line = 'json://user:pass@localhost unpacked as:\nuser="user"'
    assert redactor.redact(line) == line


@pytest.mark.parametrize(
    "written",
    ["46701234567", "+46701234567", "070-123 45 67", "+46 (0)70 123 45 67", "070-123%2045%2067", "%2B46%2070%20123"],
)
def test_the_redactor_masks_a_number_however_the_url_wrote_it(written: str) -> None:
    """Apprise dumps the URL as given and the targets split from it, formatting and all."""
    dump = f"ProSMS.se URL prosms://K@HomeAlarm/{written} unpacked as:\ntargets=\"['{written}']\""
    masked = CredentialRedactor(["prosms"]).redact(dump)
    digits = "".join(c for c in written.replace("%20", "").replace("%2B", "") if c.isdigit())
    assert written not in masked
    assert masked.count(mask_number(digits)) == 2


def test_the_redactor_leaves_addresses_ports_and_short_codes_readable() -> None:
    line = "prosms://K@HomeAlarm/1?api_url=http%3A%2F%2F127.0.0.1%3A46579%2Fprosms code 4711, 1 part(s), (4.0, 4.0)"
    assert CredentialRedactor(["prosms"]).redact(line) == line.replace("K@", "****@")


def test_the_redactor_rewrites_records_in_place() -> None:
    record = logging.LogRecord("apprise", logging.DEBUG, __file__, 1, "URL %s", ("prosms://KEY@HomeAlarm/1",), None)
    assert CredentialRedactor(["prosms"]).filter(record)
    assert record.getMessage() == "URL prosms://****@HomeAlarm/1"


def test_the_redactor_passes_malformed_records_through() -> None:
    record = logging.LogRecord("apprise", logging.DEBUG, __file__, 1, "%d", ("not a number",), None)
    assert CredentialRedactor(["prosms"]).filter(record)


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_log_line_and_no_privacy_url_holds_a_full_number(
    variant: str, sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    number = NUMBERS[variant]
    with caplog.at_level(EVERYTHING):
        notified = apprise.Apprise()
        assert notified.add(sandbox_url(variant, sandbox))
        assert notified.notify(body="Door open")
    plugin = notified[0]
    assert number not in caplog.text
    assert number not in plugin.url(privacy=True)
    assert f"/{mask_number(number)}?" in plugin.url(privacy=True)
    assert number in plugin.url()  # the full URL still loads the same service
    assert apprise.Apprise.instantiate(plugin.url()).url_identifier == plugin.url_identifier
