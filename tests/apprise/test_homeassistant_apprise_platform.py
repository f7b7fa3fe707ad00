"""Home Assistant's own ``apprise`` notify platform cannot load our schemes (docs/apprise.md).

Its ``get_service`` builds ``apprise.Apprise()`` with no plugin path and adds the URLs of the
YAML entry. Inside Home Assistant nothing imports ``notify_plugins.apprise`` (the
integrations never import Apprise), so the check runs in a fresh interpreter where only
Home Assistant's platform module is imported, as in Home Assistant itself.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("homeassistant") is None, reason="Home Assistant is not installed here"
)

PROBE = """
import json, logging, sys
records = []
handler = logging.Handler()
handler.emit = lambda record: records.append(record.getMessage())
logging.getLogger().addHandler(handler)
logging.getLogger().setLevel(logging.DEBUG)
from homeassistant.components.apprise import notify
service = notify.get_service(None, {"url": [sys.argv[1]]})
print(json.dumps({"service": service is not None, "ours_loaded": "notify_plugins" in sys.modules, "log": records}))
"""


def probe(url: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", PROBE, url], capture_output=True, text=True, timeout=120, check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_home_assistant_apprise_platform_refuses_our_urls() -> None:
    found = probe("prosms://YOUR_API_KEY@HomeAlarm/46701234567")
    assert found["service"] is False
    assert found["ours_loaded"] is False
    log = "\n".join(str(line) for line in found["log"])  # type: ignore[attr-defined]
    assert "URL prosms://" in log  # Apprise's own line: it does not know the scheme
    assert "One or more specified Apprise URL(s) are invalid" in log


def test_home_assistant_apprise_platform_takes_apprise_own_urls() -> None:
    assert probe("json://127.0.0.1:9/")["service"] is True
