# `make demo`: set up and run the demo against the built-in sandbox (no account needed).
# `make test`: set up and run lint, type checks and every test.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: demo test lint typecheck unit ha browser browser-deps screenshots bench clean

demo:
	scripts/bootstrap.sh runtime
	$(VENV)/bin/notify-plugins demo

test:
	scripts/bootstrap.sh test
	$(MAKE) --no-print-directory lint typecheck unit ha browser

lint:
	$(PY) -m ruff check notify_plugins custom_components tests benchmarks
	$(PY) -m ruff format --check notify_plugins custom_components tests benchmarks

typecheck:
	$(PY) -m mypy

# Core, providers, sandbox and Apprise: Home Assistant's pytest plugin (socket blocking,
# thread checks) is switched off here and used only for the Home Assistant suite.
unit:
	$(PY) -m pytest -p no:homeassistant --ignore=tests/homeassistant --ignore=tests/browser -q

ha:
	@if [ -d tests/homeassistant ]; then $(PY) -m pytest tests/homeassistant -q; fi

# Home Assistant's UI in Debian's Chromium, driven by Playwright (never `playwright install`:
# browsers are not downloaded). Installs Chromium (apt, as root) and Playwright when missing.
browser: browser-deps
	$(PY) -m pytest -p no:homeassistant tests/browser -q

browser-deps:
	scripts/bootstrap.sh test
	scripts/browser-deps.sh

# Rewrites the README's Home Assistant screenshots in docs/images from a browser test run.
screenshots: browser-deps
	NOTIFY_PLUGINS_SCREENSHOTS=docs/images $(PY) -m pytest -p no:homeassistant tests/browser -q

bench:
	scripts/bootstrap.sh test
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
