# Every target sets up .venv itself, so each works on a fresh machine with Python 3.11 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: `make run` needs only the runtime (a few packages, seconds on a fresh machine);
# the dev tools (pytest, mypy, ruff, hypothesis, ...) come with test, lint and check.
RUNTIME := $(VENV)/.runtime
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: run test check lint format bench clean

$(BIN)/python:
	@echo "retro: creating $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): pyproject.toml | $(BIN)/python
	@echo "retro: installing the runtime into $(VENV) (first run only)"
	$(PIP) install --progress-bar on -e .
	@touch $(RUNTIME)

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "retro: installing retro with the dev tools into $(VENV) (first run only)"
	$(PIP) install --progress-bar on -e '.[dev]'
	@touch $(RUNTIME) $(STAMP)

run: $(RUNTIME)
	$(BIN)/retro

test: $(STAMP)
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff format --check retro tests bench
	$(BIN)/ruff check retro tests bench

check: lint
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(MAKE) test

format: $(STAMP)
	$(BIN)/ruff format retro tests bench
	$(BIN)/ruff check --fix retro tests bench

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
