# The two commands: `make run` and `make test`. Everything they need is installed from here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := .make
CATALOGS := $(wildcard workshop/i18n/*/LC_MESSAGES/messages.po)
ASSET_SOURCES := $(shell find static/src -type f 2>/dev/null) static/build.mjs

.PHONY: run test check setup install assets translations migrate lint extract screenshots clean

run: setup
	$(BIN)/workshop serve --port $(PORT)

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

setup: install assets translations migrate

install: $(STAMP)/python $(STAMP)/node

$(STAMP)/python: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
	  { echo "Cannot create $(VENV): on Debian, run 'apt-get install python3-venv'." >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@mkdir -p $(STAMP) && touch $@

$(STAMP)/node: package.json package-lock.json
	npm ci --no-audit --no-fund
	@mkdir -p $(STAMP) && touch $@

assets: static/dist/manifest.json

static/dist/manifest.json: $(STAMP)/node $(ASSET_SOURCES)
	npm run --silent build

translations: $(CATALOGS:.po=.mo)

%.mo: %.po $(STAMP)/python
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ --statistics

migrate: $(STAMP)/python
	$(BIN)/workshop db upgrade
	@mkdir -p $(STAMP) && touch $(STAMP)/migrated

# `make check` migrates the local database again only when a migration changed since the last
# upgrade (the tests migrate databases of their own; `make migrate` always runs).
$(STAMP)/migrated: $(STAMP)/python $(wildcard migrations/versions/*.py)
	$(BIN)/workshop db upgrade
	@mkdir -p $(STAMP) && touch $@

# For developers: refresh the catalogs after adding strings, then translate workshop/i18n/fr.
extract: $(STAMP)/python
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 -k plural_forms:1,2 --no-location --sort-output -w 100 -o workshop/i18n/messages.pot .
	$(BIN)/pybabel update -i workshop/i18n/messages.pot -d workshop/i18n -w 100 --no-fuzzy-matching --ignore-obsolete

# Refresh docs/screenshots/ from the browser tests.
screenshots: setup
	WORKSHOP_SCREENSHOTS=1 $(BIN)/pytest -q tests/e2e

# Style and types: ruff on the code and tests, mypy in strict mode on workshop/ (pyproject.toml).
lint: $(STAMP)/python
	$(BIN)/ruff check workshop tests bench
	$(BIN)/mypy

# The inner loop: lint and types, then the suite without the browser, live-process and
# PostgreSQL/Redis tests (those run in `make test` and CI). Of a test repeated on a whole demo
# workshop for each method, language or format it runs one case, and 60 fuzz payloads instead
# of 300 (the `exhaustive` mark and the Hypothesis profile, tests/conftest.py). Bytecode is
# cached even where the environment says not to (PYTHONDONTWRITEBYTECODE): without it each
# test process compiled the sources and rewrote the tests' asserts again, about 4 s of CPU.
check: lint assets translations $(STAMP)/migrated
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -q -n auto --hypothesis-profile=check -m "not e2e and not live and not scale and not exhaustive" $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) $(STAMP) node_modules static/dist
