# One command each, on a fresh machine with only python3:
#   make run    the whole local stack (SQLite, filesystem broker, fake WeChat, demo data); Ctrl-C stops it
#   make test   layer contract + ruff + the pytest suite + the mini-program suite (jest)
# The suite uses PostgreSQL and Redis when TEST_DATABASE_URL / REDIS_URL are set (.ci/run sets them),
# else SQLite and the local key-value store.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PORT ?= 5000
# Reinstalled only when a requirements file is newer than this stamp.
STAMP := $(VENV)/.requirements-installed

export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export VIRTUAL_ENV := $(CURDIR)/$(VENV)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help venv run migrate demo test lint test-python test-miniprogram clean

help:
	@echo "make run               start web, worker, beat and the fake WeChat (PORT=$(PORT))"
	@echo "make test              lint-imports, ruff, pytest and the mini-program tests"
	@echo "make lint              lint-imports and ruff only"
	@echo "make test-python       pytest only (pass ARGS=... for pytest arguments)"
	@echo "make test-miniprogram  the mini-program's jest suite (needs Node.js 18+ and npm)"
	@echo "make venv              create/update $(VENV) from requirements-dev.txt"
	@echo "make clean             remove $(VENV) and caches (instance/ data is kept)"

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@if [ ! -x "$(VENV)/bin/pip" ]; then \
	  echo "Creating $(VENV) with $$($(PYTHON) --version)"; \
	  $(PYTHON) -m venv "$(VENV)" || { echo "python3 -m venv failed: install python3-venv (Debian) and retry" >&2; exit 1; }; \
	fi
	"$(VENV)/bin/python" -m pip install --quiet -r requirements-dev.txt
	@touch "$@"

# ---------------------------------------------------------------------------------------------- run
run: export TIMEBANK_ENV := development
run: export WEB_PORT := $(PORT)
run: export PUBLIC_BASE_URL := $(or $(PUBLIC_BASE_URL),http://127.0.0.1:$(PORT))
run: demo
	@echo "Starting web (127.0.0.1:$(PORT)), worker, beat and the fake WeChat (127.0.0.1:8765); Ctrl-C stops them all"
	honcho start -f Procfile.dev -p $(PORT)

migrate: export TIMEBANK_ENV ?= development
migrate: venv
	@mkdir -p instance
	flask --app wsgi db upgrade

# Idempotent: loading twice leaves the same demo data.
demo: export TIMEBANK_ENV ?= development
demo: migrate
	flask --app wsgi demo load

# --------------------------------------------------------------------------------------------- test
test: lint test-python test-miniprogram

lint: venv
	lint-imports
	ruff check .

# One worker per core (pytest-xdist; each worker has its own database and Redis database, tests/conftest.py).
# PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto
test-python: export TIMEBANK_ENV := test
test-python: venv
	pytest -n $(PYTEST_WORKERS) --dist worksteal $(ARGS)

# The mini-program suite (jest + miniprogram-simulate): its globalSetup builds the npm packages the way
# WeChat DevTools does and writes the backend's OpenAPI spec fresh from this checkout (hence `venv`),
# which the contract test checks every client request against.
test-miniprogram: venv
	@command -v npm >/dev/null || { echo "test-miniprogram: npm is missing (install Node.js 18+)" >&2; exit 1; }
	cd miniprogram && npm ci --no-audit --no-fund --loglevel=error && npm test -- --silent

clean:
	rm -rf "$(VENV)" .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -not -path "./node_modules/*" -prune -exec rm -rf {} +
