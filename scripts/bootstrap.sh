#!/usr/bin/env bash
# Create .venv with Python 3.13 (Home Assistant 2025.4 needs it) and install the project
# with everything tests need. Idempotent: reinstalls only when pyproject.toml changes.
# Usage: scripts/bootstrap.sh [runtime|test|hass|apprise]
#   runtime  the package with its Apprise extra (what `make demo` needs)
#   test     the package with every extra, Home Assistant and its test harness
#   hass     .venv-hass: a bare Home Assistant WITHOUT notify-plugins, installed as Home
#            Assistant's own docs say (its package constraints applied), for the install test
#   apprise  .venv-apprise: the package with its Apprise extra and nothing of Home Assistant,
#            as an Apprise user has it (Home Assistant 2025.4 pins urllib3 below 2 in .venv;
#            Apprise users get urllib3 2), for the Apprise benchmark of `make bench`
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-test}"
VENV=.venv
HASS_VENV=.venv-hass
APPRISE_VENV=.venv-apprise
HA_VERSION=2025.4.4

find_python() {
    local candidate
    for candidate in \
        "$(PYENV_VERSION=3.13.0 pyenv which python3.13 2>/dev/null || true)" \
        "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")/versions/3.13.0/bin/python3.13" \
        "$(command -v python3.13 || true)"; do
        if [ -n "$candidate" ] && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 13)' 2>/dev/null; then
            echo "$candidate"; return 0
        fi
    done
    echo "bootstrap: Python 3.13 not found (tried pyenv 3.13.0 and python3.13 on PATH)" >&2
    return 1
}

# Home Assistant's own pins (homeassistant/package_constraints.txt, read from its wheel):
# both environments install under them, as Home Assistant's installer does.
ha_constraints() {
    local constraints="$VENV/ha-constraints-$HA_VERSION.txt" tmp
    if [ ! -s "$constraints" ]; then
        tmp=$(mktemp -d)
        "$VENV/bin/python" -m pip download --quiet --disable-pip-version-check --no-deps \
            "homeassistant==$HA_VERSION" -d "$tmp"
        "$VENV/bin/python" - "$tmp" "$constraints" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(f"{sys.argv[1]}/homeassistant-*.whl")[0]
data = zipfile.ZipFile(wheel).read("homeassistant/package_constraints.txt")
open(sys.argv[2], "wb").write(data)
PY
        rm -rf "$tmp"
    fi
    echo "$constraints"
}

if [ ! -x "$VENV/bin/python" ]; then
    "$(find_python)" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check uv
fi

if [ "$target" = "hass" ]; then
    stamp="$HASS_VENV/.installed-homeassistant-$HA_VERSION"
    [ -f "$stamp" ] && exit 0
    rm -rf "$HASS_VENV"
    "$(find_python)" -m venv "$HASS_VENV"
    # Compiled once here: Home Assistant imports thousands of modules at every start.
    "$VENV/bin/python" -m uv pip install --quiet --compile-bytecode --python "$HASS_VENV/bin/python" \
        -c "$(ha_constraints)" "homeassistant==$HA_VERSION"
    touch "$stamp"
    exit 0
fi

if [ "$target" = "apprise" ]; then
    stamp="$APPRISE_VENV/.installed-$(cat pyproject.toml | sha256sum | cut -c1-12)"
    [ -f "$stamp" ] && exit 0
    rm -rf "$APPRISE_VENV"
    "$(find_python)" -m venv "$APPRISE_VENV"
    "$VENV/bin/python" -m uv pip install --quiet --python "$APPRISE_VENV/bin/python" -e ".[apprise]"
    touch "$stamp"
    exit 0
fi

UV=("$VENV/bin/python" -m uv pip install --quiet --python "$VENV/bin/python")
stamp="$VENV/.installed-$target-$(cat pyproject.toml | sha256sum | cut -c1-12)"
[ -f "$stamp" ] && exit 0

if [ "$target" = "runtime" ]; then
    "${UV[@]}" -e ".[apprise]"
else
    "${UV[@]}" -c "$(ha_constraints)" -e ".[apprise,test,homeassistant-test,dev]" "homeassistant==$HA_VERSION"
fi
touch "$stamp"
