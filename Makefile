# `make demo`: set up and run the demo against the built-in sandbox (no account needed).
# `make test`: set up and run lint, type checks and every test.
# `make dist`: build the wheel and sdist into dist/ and check them.
# `make generate`: rewrite the generated files of the integrations (manifests, translations...).
VENV := .venv
PY := $(VENV)/bin/python
DIST := dist

.PHONY: demo test lint typecheck unit ha dist install-e2e generate bench clean

demo:
	scripts/bootstrap.sh runtime
	$(VENV)/bin/notify-plugins demo

test:
	scripts/bootstrap.sh test
	$(MAKE) --no-print-directory lint typecheck unit ha dist install-e2e

lint:
	$(PY) -m ruff check notify_plugins custom_components tests benchmarks
	$(PY) -m ruff format --check notify_plugins custom_components tests benchmarks

typecheck:
	$(PY) -m mypy

# Core, providers, sandbox and Apprise: Home Assistant's pytest plugin (socket blocking,
# thread checks) is switched off here and used only for the Home Assistant suite.
unit:
	$(PY) -m pytest -p no:homeassistant --ignore=tests/homeassistant --ignore=tests/packaging -q

ha:
	@if [ -d tests/homeassistant ]; then $(PY) -m pytest tests/homeassistant -q; fi

# The release artifacts: wheel and sdist built from a clean dist/, `twine check`ed, and their
# contents checked (tests/packaging, the fast part).
dist:
	scripts/bootstrap.sh test
	rm -rf $(DIST)
	$(PY) -m build --quiet --installer uv --outdir $(DIST) .
	$(PY) -m twine check --strict $(DIST)/*
	NOTIFY_PLUGINS_DIST=$(DIST) $(PY) -m pytest -p no:homeassistant tests/packaging -m "not slow" -q

# Home Assistant installs the built wheel itself: a bare Home Assistant in .venv-hass (made once
# by `scripts/bootstrap.sh hass`) starts on a HACS export and installs notify-plugins from dist/.
install-e2e: dist
	scripts/bootstrap.sh hass
	NOTIFY_PLUGINS_DIST=$(DIST) $(PY) -m pytest -p no:homeassistant tests/packaging -m slow -q

generate:
	$(PY) -m notify_plugins.homeassistant.strings custom_components

bench:
	scripts/bootstrap.sh test
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) .venv-hass .pytest_cache .mypy_cache .ruff_cache build $(DIST) *.egg-info
