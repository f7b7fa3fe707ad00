#!/usr/bin/env bash
# Run the Apprise tests against the oldest Apprise the project supports, in a venv of its own
# (.venv-apprise-oldest) so that .venv keeps the newest Apprise. The machine's python3 (3.11,
# the oldest Python the project supports) is used: this run covers the low corner of the
# support range, .venv (Python 3.13, newest Apprise) the high one.
# Idempotent: reinstalls only when pyproject.toml or the pinned version changes.
# Usage: scripts/apprise-oldest.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
APPRISE_OLDEST=1.9.1
VENV=.venv-apprise-oldest
PYTHON=${APPRISE_OLDEST_PYTHON:-python3}

if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), sys.version' \
        || { echo "apprise-oldest: $PYTHON is older than 3.11" >&2; exit 1; }
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check uv
fi
stamp="$VENV/.installed-$APPRISE_OLDEST-$(sha256sum pyproject.toml | cut -c1-12)"
if [ ! -f "$stamp" ]; then
    # The extras and the pin are named explicitly, so this works whether Apprise is a core
    # dependency or the ``apprise`` extra.
    "$VENV/bin/python" -m uv pip install --quiet --python "$VENV/bin/python" \
        -e ".[test]" "apprise==$APPRISE_OLDEST"
    rm -f "$VENV"/.installed-*
    touch "$stamp"
fi
"$VENV/bin/python" -c "import apprise; assert apprise.__version__ == '$APPRISE_OLDEST', apprise.__version__"
if [ "$#" -eq 0 ]; then
    set -- tests/apprise tests/reliability/test_apprise_secret_hygiene.py tests/reliability/test_fuzz_apprise.py
fi
exec "$VENV/bin/python" -m pytest -p no:homeassistant -p no:cacheprovider -q "$@"
