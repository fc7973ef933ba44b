# Unheard: `make run` serves the demo registry, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
# PyICU (ICU transliterations for search) builds against these.
ICU_PACKAGES := libicu-dev pkg-config

.PHONY: lock run test test-sqlite test-postgres bench bench-search bench-letters bench-letters-load bench-funds bench-alerts bench-marathon lint format messages serve migrate demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel

# Exactly the locked versions (hashes checked); the project itself without resolving anything.
$(STAMP): requirements.lock requirements-icu.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	bash scripts/system-packages.sh $(ICU_PACKAGES)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-icu.lock || echo "PyICU not built (needs apt $(ICU_PACKAGES)): search uses iuliia's conventions only." >&2
	touch $(STAMP)

# Refresh the lock files from pyproject.toml (see docs/dependencies.md).
lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --universal --python-version 3.11 --upgrade -o requirements.lock
	$(BIN)/uv pip compile requirements-icu.in --generate-hashes --universal --python-version 3.11 --upgrade -o requirements-icu.lock

migrate: $(STAMP)
	$(BIN)/unheard migrate --noinput

demo: migrate
	$(BIN)/unheard loaddemo

# Serves the demo as a real site does (DEBUG off: the site's own 404 and 500 pages);
# `DEBUG=1 make run` shows Django's debug pages for development.
# Links in e-mails point at the port served unless UNHEARD_SITE_URL says otherwise.
run: demo
	UNHEARD_SITE_URL=$${UNHEARD_SITE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/unheard runserver 127.0.0.1:$(PORT)

# Production: static files collected, then gunicorn (deploy/gunicorn.conf.py: UNHEARD_BIND,
# UNHEARD_WORKERS) behind nginx (deploy/nginx.conf). Needs SECRET_KEY and the environment of
# docs/operators.md; run `unheard migrate` first on a new or upgraded instance.
serve: export DJANGO_SETTINGS_MODULE := unheard.config.settings.prod
serve: $(STAMP)
	$(BIN)/unheard collectstatic --noinput
	$(BIN)/gunicorn --config deploy/gunicorn.conf.py

SYSTEM_PACKAGES := chromium fonts-dejavu-core gettext nginx $(ICU_PACKAGES)
# WeasyPrint (letter PDFs) needs Pango.
SYSTEM_PACKAGES += libpango-1.0-0 libpangoft2-1.0-0

# axe-core, for the accessibility checks of the browser tests, from the npm registry.
AXE_CORE := .cache/npm/node_modules/axe-core/axe.min.js
AXE_INSTALL := test -f $(AXE_CORE) || npm install --no-save --prefix .cache/npm axe-core@4 \
	|| echo "axe-core not installed (needs node and npm): accessibility checks are skipped." >&2

# The suite runs in parallel processes (pytest-xdist), one test file per process at a time so
# that a module's shared fixtures (the demo data) are built once. TEST_WORKERS=0 runs it in one.
# The 25 slowest tests are listed at the end, to keep the run short.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadfile --durations=25

test: $(STAMP)
	bash scripts/system-packages.sh $(SYSTEM_PACKAGES)
	$(AXE_INSTALL)
	$(PYTEST)

test-postgres: $(STAMP)
	bash scripts/system-packages.sh $(SYSTEM_PACKAGES) postgresql
	$(AXE_INSTALL)
	bash scripts/with-postgres.sh $(PYTEST) -m "not browser"

bench: $(STAMP)
	$(BIN)/python bench/registry_bench.py
	bash scripts/with-postgres.sh $(BIN)/python bench/registry_bench.py
	$(MAKE) bench-search
	$(MAKE) bench-letters
	$(MAKE) bench-funds
	$(MAKE) bench-alerts

bench-search: $(STAMP)
	$(BIN)/python bench/search_bench.py
	bash scripts/with-postgres.sh $(BIN)/python bench/search_bench.py

bench-letters: $(STAMP)
	bash scripts/system-packages.sh libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
	$(BIN)/python bench/letters_bench.py

bench-letters-load: $(STAMP)
	$(BIN)/python bench/letters_load.py
	bash scripts/with-postgres.sh $(BIN)/python bench/letters_load.py

bench-funds: $(STAMP)
	bash scripts/system-packages.sh libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
	$(BIN)/python bench/funds_bench.py
	bash scripts/with-postgres.sh $(BIN)/python bench/funds_bench.py

bench-alerts: $(STAMP)
	$(BIN)/python bench/alerts_bench.py
	bash scripts/with-postgres.sh $(BIN)/python bench/alerts_bench.py

# 200 readers on loopback through gunicorn and nginx (bench/marathon_bench.py --seconds N).
bench-marathon: $(STAMP)
	bash scripts/system-packages.sh nginx
	$(BIN)/python bench/marathon_bench.py

# Import contracts ([tool.importlinter] in pyproject.toml): the layers of docs/architecture.md.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP)
	cd src/unheard && ../../$(BIN)/unheard makemessages --no-location --no-obsolete -l ru -l en -l de -l fr -i "migrations/*"
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) var
