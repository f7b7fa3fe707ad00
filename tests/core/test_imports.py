"""Importing the core must stay cheap: no Apprise, no Home Assistant, no HTTP client, and the
numbering metadata only once a number is checked."""

import subprocess
import sys


def test_import_notify_plugins_pulls_in_no_framework():
    code = (
        "import sys, notify_plugins; "
        "heavy = [m for m in ('apprise', 'homeassistant', 'requests', 'aiohttp', 'phonenumbers') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_public_names_of_the_interface_exist():
    import notify_plugins as np

    for name in ("ValidationError", "validate_sender", "normalize_number", "count_segments", "Segments"):
        assert hasattr(np, name)


def test_numbers_are_checked_once_phonenumbers_loads_on_demand():
    code = "import notify_plugins as np; print(np.normalize_number('070-123 45 67', 'SE'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "46701234567"
