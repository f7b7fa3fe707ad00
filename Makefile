# `make demo`: set up and run the demo against the built-in sandbox (no account needed).
# `make test`: set up and run lint, type checks and every test.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: demo test lint typecheck unit ha ha-newest bench clean

demo:
	scripts/bootstrap.sh runtime
	$(VENV)/bin/notify-plugins demo

test:
	scripts/bootstrap.sh test
	$(MAKE) --no-print-directory lint typecheck unit ha ha-newest

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

# The newest Home Assistant releases need Python 3.14: the script uses a python3.14 on PATH,
# or (as root) builds a Debian sid root once in /var/cache/notify-plugins and runs inside it.
ha-newest:
	scripts/newest-ha.sh

bench:
	scripts/bootstrap.sh test
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) .venv-newest-ha .pytest_cache .mypy_cache .ruff_cache build *.egg-info
