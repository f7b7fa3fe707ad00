#!/usr/bin/env bash
# The apprise-api recipe of docs/apprise-api.md, run: apprise-api's own source and requirements in
# a venv of its own (.venv-apprise-api), the wheel from dist/ installed there as a user installs
# notify-plugins, then tests/apprise_api starts apprise-api under gunicorn as its image does, on
# loopback, against the sandbox.
# APPRISE_API_SOURCE: apprise-api at commit 69b6187 (release 1.5.2), as its tarball or an
# unpacked checkout; default ../shared/third_party/apprise-api-69b6187.tar.gz beside the checkout.
# APPRISE_API_PYTHON: the Python for the venv (default: the one behind .venv, 3.13).
# Idempotent: apprise-api's requirements are reinstalled only when they change; the wheel every run.
# Usage: scripts/apprise-api.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-apprise-api
SOURCE=${APPRISE_API_SOURCE:-../shared/third_party/apprise-api-69b6187.tar.gz}
DIST=${NOTIFY_PLUGINS_DIST:-dist}

if [ -d "$SOURCE" ]; then
    source_dir=$(cd "$SOURCE" && pwd)
elif [ -f "$SOURCE" ]; then
    unpacked="$VENV/source-$(sha256sum "$SOURCE" | cut -c1-12)"
    if [ ! -d "$unpacked/apprise-api" ]; then
        rm -rf "$VENV"/source-*
        mkdir -p "$unpacked"
        tar -xzf "$SOURCE" -C "$unpacked"
    fi
    source_dir="$PWD/$unpacked/apprise-api"
else
    echo "apprise-api: no apprise-api source at $SOURCE; set APPRISE_API_SOURCE to its tarball" \
        "or a checkout of caronc/apprise-api at 69b6187" >&2
    exit 1
fi
[ -f "$source_dir/apprise_api/gunicorn.conf.py" ] \
    || { echo "apprise-api: $source_dir is not apprise-api (no apprise_api/gunicorn.conf.py)" >&2; exit 1; }

wheels=("$DIST"/notify_plugins-*-py3-none-any.whl)
[ -f "${wheels[0]}" ] || { echo "apprise-api: no wheel in $DIST; run make dist" >&2; exit 1; }

if [ ! -x "$VENV/bin/python" ]; then
    "${APPRISE_API_PYTHON:-.venv/bin/python}" -m venv "$VENV"
fi
UV=(.venv/bin/python -m uv pip install --quiet --python "$VENV/bin/python")
# The image's install: apprise-api's requirements (Apprise pinned) and gunicorn.
stamp="$VENV/.installed-$(cat "$source_dir/requirements.txt" | sha256sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
    "${UV[@]}" -r "$source_dir/requirements.txt" gunicorn
    rm -f "$VENV"/.installed-*
    touch "$stamp"
fi
# The recipe's install: notify-plugins with its apprise extra, from the wheel just built.
"${UV[@]}" --reinstall-package notify-plugins "notify-plugins[apprise] @ file://$(realpath "${wheels[0]}")"

NOTIFY_PLUGINS_APPRISE_API_VENV="$PWD/$VENV" NOTIFY_PLUGINS_APPRISE_API_SOURCE="$source_dir" \
    exec .venv/bin/python -m pytest -p no:homeassistant -p no:cacheprovider tests/apprise_api -q "$@"
