"""Importing the core must stay cheap: no Apprise, no Home Assistant, no HTTP client."""

import subprocess
import sys


def test_import_notify_plugins_pulls_in_no_framework():
    code = (
        "import sys, notify_plugins; "
        "heavy = [m for m in ('apprise', 'homeassistant', 'requests', 'aiohttp') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_public_names_of_the_interface_exist():
    import notify_plugins as np

    for name in ("ValidationError", "validate_sender", "normalize_number", "count_segments", "Segments"):
        assert hasattr(np, name)
