# `make demo`: set up and run the demo against the built-in sandbox (no account needed).
# `make test`: set up and run lint, type checks and every test.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: demo test lint typecheck unit ha apprise-oldest bench clean

demo:
	scripts/bootstrap.sh runtime
	$(VENV)/bin/notify-plugins demo

test:
	scripts/bootstrap.sh test
	$(MAKE) --no-print-directory lint typecheck unit ha apprise-oldest

lint:
	$(PY) -m ruff check notify_plugins custom_components tests benchmarks
	$(PY) -m ruff format --check notify_plugins custom_components tests benchmarks

typecheck:
	$(PY) -m mypy

# Core, providers, sandbox and Apprise: Home Assistant's pytest plugin (socket blocking,
# thread checks) is switched off here and used only for the Home Assistant suite.
unit:
	$(PY) -m pytest -p no:homeassistant --ignore=tests/homeassistant -q

ha:
	@if [ -d tests/homeassistant ]; then $(PY) -m pytest tests/homeassistant -q; fi

# The Apprise tests again, on the oldest Apprise supported (1.9.1) and Python 3.11, in
# .venv-apprise-oldest (made and cached by the script); .venv has the newest Apprise.
# About 1 minute to set up the first time, 4-5 minutes to run on 2 shared cores.
apprise-oldest:
	scripts/apprise-oldest.sh

bench:
	scripts/bootstrap.sh test
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) .venv-apprise-oldest .pytest_cache .mypy_cache .ruff_cache build *.egg-info
