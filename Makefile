# `make demo`: set up and run the demo against the built-in sandbox (no account needed).
# `make test`: set up and run lint, type checks and every test.
# `make dist`: build the wheel and sdist into dist/ and check them.
# `make release-check`: everything a release does on a v* tag except the uploads.
# `make generate`: rewrite the generated files of the integrations (manifests, translations...).
VENV := .venv
PY := $(VENV)/bin/python
DIST := dist
RELEASE := release

.PHONY: demo test lint typecheck unit ha apprise-oldest apprise-api ha-newest dist install-e2e release-check browser browser-oldest browser-newest browser-deps screenshots generate bench clean

demo:
	scripts/bootstrap.sh runtime
	$(VENV)/bin/notify-plugins demo

test:
	scripts/bootstrap.sh test
	$(MAKE) --no-print-directory lint typecheck unit ha apprise-oldest dist install-e2e apprise-api browser ha-newest

lint:
	$(PY) -m ruff check notify_plugins custom_components tests benchmarks scripts
	$(PY) -m ruff format --check notify_plugins custom_components tests benchmarks scripts

typecheck:
	$(PY) -m mypy

# Core, providers, sandbox and Apprise: Home Assistant's pytest plugin (socket blocking,
# thread checks) is switched off here and used only for the Home Assistant suite.
unit:
	$(PY) -m pytest -p no:homeassistant --ignore=tests/homeassistant --ignore=tests/packaging --ignore=tests/browser --ignore=tests/apprise_api -q

ha:
	@if [ -d tests/homeassistant ]; then $(PY) -m pytest tests/homeassistant -q; fi

# The Apprise tests again, on the oldest Apprise supported (1.9.1) and Python 3.11, in
# .venv-apprise-oldest (made and cached by the script); .venv has the newest Apprise.
# About 1 minute to set up the first time, 4-5 minutes to run on 2 shared cores.
apprise-oldest:
	scripts/apprise-oldest.sh

# The newest Home Assistant releases need Python 3.14: the script uses a python3.14 on PATH,
# or (as root) builds a Debian sid root once in /var/cache/notify-plugins and runs inside it.
ha-newest:
	scripts/newest-ha.sh

# The release artifacts: wheel and sdist built from a clean dist/, `twine check`ed, and their
# contents checked (tests/packaging, the fast part).
dist:
	scripts/bootstrap.sh test
	rm -rf $(DIST)
	$(PY) -m build --quiet --installer uv --outdir $(DIST) .
	$(PY) -m twine check --strict $(DIST)/*
	NOTIFY_PLUGINS_DIST=$(DIST) $(PY) -m pytest -p no:homeassistant tests/packaging -m "not slow" -q

# Home Assistant installs the built wheel itself: a bare Home Assistant in .venv-hass (made once
# by `scripts/bootstrap.sh hass`) starts on the five HACS release zips, unpacked as HACS does,
# and installs notify-plugins from dist/.
install-e2e: dist
	scripts/bootstrap.sh hass
	NOTIFY_PLUGINS_DIST=$(DIST) $(PY) -m pytest -p no:homeassistant tests/packaging -m slow -q

# apprise-api as its users run it (docs/apprise-api.md): its source (APPRISE_API_SOURCE, a tarball
# or checkout of commit 69b6187) and requirements with the wheel from dist/ in .venv-apprise-api,
# run under gunicorn as its image runs it, on loopback. About 1 minute to set up the first time.
APPRISE_API_SOURCE ?= ../shared/third_party/apprise-api-69b6187.tar.gz
apprise-api: dist
	APPRISE_API_SOURCE=$(APPRISE_API_SOURCE) NOTIFY_PLUGINS_DIST=$(DIST) scripts/apprise-api.sh

# What .github/workflows/release.yml does on a v* tag, without uploading: the tag (TAG=vX.Y.Z,
# default the v* tag at HEAD) against the version, the checked wheel and sdist of `dist`, the
# release notes from CHANGELOG.md and the five HACS repositories and zips, into release/.
release-check: dist
	rm -rf $(RELEASE)
	$(PY) scripts/release.py check-tag $(TAG)
	$(PY) scripts/release.py check-dist $(DIST)
	$(PY) scripts/release.py notes $(RELEASE)/notes.md
	$(PY) scripts/release.py hacs $(RELEASE)
	$(PY) -m pytest -p no:homeassistant tests/test_release.py -q

# Home Assistant's UI in Debian's Chromium, driven by Playwright (never `playwright install`:
# browsers are not downloaded), on 2025.4.4 and on the newest release. Installs Chromium (apt,
# as root) and Playwright when missing; the newest release runs as `ha-newest` does.
browser: browser-oldest browser-newest

browser-oldest: browser-deps
	$(PY) -m pytest -p no:homeassistant tests/browser -q

browser-newest:
	scripts/newest-ha.sh browser

browser-deps:
	scripts/bootstrap.sh test
	scripts/browser-deps.sh

# Rewrites the README's Home Assistant screenshots in docs/images from a browser test run on
# the newest release.
screenshots:
	NOTIFY_PLUGINS_SCREENSHOTS=docs/images scripts/newest-ha.sh browser

generate:
	$(PY) -m notify_plugins.homeassistant.strings custom_components

bench:
	scripts/bootstrap.sh test
	scripts/bootstrap.sh apprise
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) .venv-apprise .venv-apprise-oldest .venv-apprise-api .venv-newest-ha .venv-hass .pytest_cache .mypy_cache .ruff_cache build $(DIST) $(RELEASE) *.egg-info
