#!/usr/bin/env bash
# What the browser test needs beyond the test venv: Debian's Chromium and Playwright's Python
# package. Idempotent; installs only what is missing. Playwright drives /usr/bin/chromium
# through executable_path, so its own browser download (`playwright install`) is never run.
# NOTIFY_PLUGINS_CHROMIUM names another Chromium-based browser already installed (the tests
# read the same variable), for machines whose `chromium` package is not a real browser.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${NOTIFY_PLUGINS_CHROMIUM:-}" ]; then
    [ -x "$NOTIFY_PLUGINS_CHROMIUM" ] || { echo "browser-deps: $NOTIFY_PLUGINS_CHROMIUM is not a program" >&2; exit 1; }
elif [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "browser-deps: /usr/bin/chromium is missing; as root: apt-get install -y chromium" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! .venv/bin/python -c 'import playwright' 2>/dev/null; then
    .venv/bin/python -m uv pip install --quiet --python .venv/bin/python playwright
fi
