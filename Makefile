# Unheard: `make run` serves the demo registry, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgres bench lint format messages serve migrate demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

migrate: $(STAMP)
	$(BIN)/unheard migrate --noinput

demo: migrate
	$(BIN)/unheard loaddemo

run: demo
	$(BIN)/unheard runserver 127.0.0.1:$(PORT)

SYSTEM_PACKAGES := chromium fonts-dejavu-core

test: $(STAMP)
	bash scripts/system-packages.sh $(SYSTEM_PACKAGES)
	$(BIN)/pytest -q

test-postgres: $(STAMP)
	bash scripts/system-packages.sh $(SYSTEM_PACKAGES) postgresql
	bash scripts/with-postgres.sh $(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/registry_bench.py
	bash scripts/with-postgres.sh $(BIN)/python bench/registry_bench.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP)
	cd src/unheard && ../../$(BIN)/unheard makemessages --no-location --no-obsolete -l ru -l en -l de -l fr -i "migrations/*"
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) var
