# The README's two commands: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

# Some machines set PYTHONDONTWRITEBYTECODE: every process of the suite (each test
# worker, each Celery worker and manage.py a test starts) would compile Django and
# WeasyPrint from source again, about 3 s each.
unexport PYTHONDONTWRITEBYTECODE

DEMO_PASSWORD ?= demo-Mensenwerk-2026
HOST ?= 127.0.0.1
PORT ?= 8000
# `make test` runs against the real services.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mensenwerk
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
PYTEST_ARGS ?=
# Test processes of the whole suite (it waits on browsers and workers often enough to
# leave room for more than the cores); the runs at other moments take one each.
PYTEST_WORKERS ?= 3
# Moments at which "today" misleads: just after midnight in Amsterdam on New Year's
# Day (still the old year in UTC), and late on the last day of a leap February.
CLOCK_NEW_YEAR ?= 2027-01-01T00:05:00+01:00
CLOCK_LEAP_DAY ?= 2028-02-29T23:40:00+01:00

.PHONY: help run test install python-deps npm-deps messages services chromium lint run-lint check api-schema \
        run-check pytest run-pytest clocks run-clock-new-year run-clock-leap-day makemessages format

help:
	@echo "make run   - install, migrate, load the demo organisation and serve http://$(HOST):$(PORT)"
	@echo "make test  - lint, checks and the whole test suite against PostgreSQL, Redis and Chromium,"
	@echo "             and the quick tests again with the clock at New Year and on a leap day"

# uv manages the environment, so it needs no pip of its own (making one is slow).
$(BIN)/uv:
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
		--prefix $(VENV) "uv==$(UV_VERSION)"

python-deps: $(BIN)/uv
	$(BIN)/uv sync --frozen --python $(BIN)/python

npm-deps:
	npm ci --no-audit --no-fund --loglevel=error

install: python-deps npm-deps messages

messages: python-deps
	$(BIN)/pybabel compile --domain django --directory locale

# Extracting strings needs GNU gettext (Debian: gettext).
makemessages: python-deps
	$(BIN)/python manage.py makemessages --locale nl --locale en --no-obsolete \
		--ignore ".venv/*" --ignore "node_modules/*" --ignore "staticfiles/*" --ignore "tests/*"

# The API's schema as committed (tests/test_api.py fails when it drifts from the code).
api-schema: python-deps
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --lang en --file api/openapi.yaml

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --password "$(DEMO_PASSWORD)"
	@echo
	@echo "Mensenwerk: http://$(HOST):$(PORT)/  (password of every demo user: $(DEMO_PASSWORD))"
	@echo "  programma  programme manager   hr  HR adviser   directeur  director   beheer  organisation admin"
	@echo "  programma-buurdorp, hr-buurdorp, directeur-buurdorp: Gemeente Buurdorp   adviseur: both"
	@echo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || \
		redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
		pg_isready -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not running"; exit 1; }
	@for i in $$(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done; \
		redis-cli -h 127.0.0.1 ping || { echo "Redis is not running"; exit 1; }
	@# The database the checks connect to (the tests make their own).
	@psql "$(TEST_DATABASE_URL)" -c "SELECT 1" >/dev/null 2>&1 || \
		psql "$(dir $(TEST_DATABASE_URL))postgres" -c "CREATE DATABASE $(notdir $(TEST_DATABASE_URL))"

chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
	@command -v chromium >/dev/null || { echo "Chromium could not be installed"; exit 1; }

lint: python-deps run-lint
run-lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: python-deps
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install services run-check
run-check:
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(BIN)/python manage.py check --fail-level WARNING
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(BIN)/python manage.py makemigrations --check --dry-run

# Everything, against PostgreSQL, Redis and Chromium, a database per test process.
# The test databases are made from the models: the migrations are checked above
# (makemigrations --check) and applied to a new database by the production smoke test
# (tests/test_production_smoke.py), which is part of this run.
pytest: install services chromium run-pytest
run-pytest:
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(BIN)/pytest --no-migrations --numprocesses $(PYTEST_WORKERS) --dist loadscope \
		$(PYTEST_ARGS)

# The tests that need neither the browser nor the services, with the clock at another
# moment (on SQLite, tables made from the models). Beside the main run they take what
# it leaves of the processors (nice), and the rest once it is done.
CLOCK_RUN = env -u DATABASE_URL -u REDIS_URL nice -n 19 $(BIN)/pytest --quiet --no-migrations \
	-m "not services and not browser" $(PYTEST_ARGS) --clock

clocks: install run-clock-new-year run-clock-leap-day
run-clock-new-year:
	$(CLOCK_RUN) "$(CLOCK_NEW_YEAR)"
run-clock-leap-day:
	$(CLOCK_RUN) "$(CLOCK_LEAP_DAY)"

# Lint, the checks and the three test runs side by side, once everything is installed;
# each one's output appears whole when it ends.
test: install services chromium
	@$(MAKE) --no-print-directory --jobs 5 --output-sync=target \
		run-lint run-check run-pytest run-clock-new-year run-clock-leap-day
