# One entry point for everything: `make run` and `make test` work on a fresh
# machine with Python 3.13 (pyenv picks it up from .python-version).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP_VERSION := 26.3
CHROMIUM := /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install lock run test test-postgres lint format check check-deploy browser-deps bench bench-edits clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 13))' || { \
		echo "Python 3.13 or newer is needed; '$(PYTHON)' is $$($(PYTHON) --version)."; \
		echo "With pyenv: pyenv install 3.13 (the repo's .python-version selects it)."; \
		exit 1; }
	$(PYTHON) -m venv $(VENV)

# Every package, down to the last dependency, at the version and with the
# hashes the lock file names (make lock writes it from pyproject.toml).
$(VENV)/.installed: requirements/dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		--no-deps -r requirements/dev.txt
	@touch $@

install: $(VENV)/.installed

# The lock files, from the groups of pyproject.toml: after changing a pin
# there, or to take the latest releases of what is not pinned (UPGRADE=1).
LOCK := $(BIN)/uv pip compile --quiet --universal --python-version 3.13 \
	--generate-hashes --no-header $(if $(UPGRADE),--upgrade)
lock: install
	$(LOCK) --group pyproject.toml:dev -o requirements/dev.txt
	$(LOCK) --group pyproject.toml:run -o requirements/run.txt
	$(LOCK) --group pyproject.toml:run --group pyproject.toml:sentry \
		--group pyproject.toml:s3 -o requirements/run-optional.txt

# Serve the wiki on SQLite with the seed content; data entered since is kept.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seed
	$(BIN)/python manage.py rebuild_search
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@# The task worker (e-mail) runs beside the server and stops with it.
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
		trap 'kill $$worker 2> /dev/null' EXIT INT TERM; \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The browser tests drive Debian's Chromium, and the HTML check runs on its
# Java; install them when they are missing.
browser-deps:
	@if [ ! -x $(CHROMIUM) ] || [ ! -x /usr/bin/java ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -q chromium fonts-liberation default-jre-headless; \
		else \
			echo "The tests need Chromium and Java: sudo apt-get install chromium fonts-liberation default-jre-headless"; \
			exit 1; \
		fi; \
	fi

# The load benchmark (bench/run.py): gunicorn under wrk, figures printed.
# DATABASE_URL and CACHE_URL choose PostgreSQL and Redis; BENCH_ARGS passes
# options (--small, --seconds 5…).
bench: install
	@if ! command -v wrk > /dev/null; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; \
		else \
			echo "The benchmark needs wrk: sudo apt-get install wrk"; exit 1; \
		fi; \
	fi
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Reading while a contributor edits (bench/edits.py): the seeded wiki under
# wrk with no edit, one and ten a second; needs Redis (CACHE_URL).
bench-edits: install
	@command -v wrk > /dev/null || { echo "The benchmark needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python bench/edits.py $(BENCH_ARGS)

# Tests run on two processes (pytest-xdist), each with its own test database;
# tests of one xdist_group share a process (and the data they generate once).
test: install browser-deps
	$(BIN)/python -m pytest -n 2 --dist loadgroup --cov --cov-report=term:skip-covered

# The suite again against PostgreSQL (DATABASE_URL defaults to the local
# server), but for the browser, HTML and at-scale tests: they test the
# pages, not the database, and `make test` has run them.
test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
		$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not browser and not at_scale and not validator"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djade --check $$(find templates tests -name '*.html')
	$(BIN)/lint-imports --no-logo

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djade $$(find templates tests -name '*.html')

check: install
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run

# Django's deployment checklist with production-like settings.
check-deploy: install
	DEBUG=false \
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	ALLOWED_HOSTS=wiki.example.org \
	DATABASE_URL=postgres://wiki@db.example.org:5432/wiki \
	CACHE_URL=rediscache://redis.example.org:6379/0 \
	EMAIL_URL=smtp+tls://wiki:secret@smtp.example.org:587 SITE_URL=https://wiki.example.org \
	SECURE_SSL_REDIRECT=true TRUST_X_FORWARDED_PROTO=true TRUST_X_FORWARDED_FOR=true \
	SESSION_COOKIE_SECURE=true CSRF_COOKIE_SECURE=true \
	SECURE_HSTS_SECONDS=31536000 SECURE_HSTS_INCLUDE_SUBDOMAINS=true SECURE_HSTS_PRELOAD=true \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .coverage htmlcov screenshots
