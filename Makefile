# Every target sets up .venv itself, so each works on a fresh machine with Python 3.11 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: `make run` needs only the runtime (a few packages, seconds on a fresh machine);
# the dev tools (pytest, mypy, ruff, hypothesis, ...) come with test, lint and check.
RUNTIME := $(VENV)/.runtime
STAMP := $(VENV)/.installed
BROWSER := $(VENV)/.browser
PIP := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: run test test-browser chromium check lint format bench bench-live clean

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

# The browser test (marker `browser`, left out of `make test`): three Chromium pages on one
# `retro serve`. Playwright's Python API drives Debian's chromium (no browser download); where
# either cannot be installed the test is skipped and says why, it never fails for that.
$(BROWSER): pyproject.toml | $(STAMP)
	@echo "retro: installing the browser extra (Playwright's Python API) into $(VENV)"
	$(PIP) install --progress-bar off -e '.[dev,browser]' && touch $(BROWSER) \
	  || echo "retro: could not install the browser extra; the browser test will be skipped"

chromium:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "retro: installing Debian's chromium for the browser test"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	    || echo "retro: could not install chromium; the browser test will be skipped"; \
	else \
	  echo "retro: no chromium, and only root with apt-get can install it here; the browser test will be skipped"; \
	fi

test-browser: $(STAMP)
	-@$(MAKE) --no-print-directory $(BROWSER)
	@$(MAKE) --no-print-directory chromium
	$(BIN)/python -m pytest -m browser -n 0 -rs tests/serve

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

# Only the live-review rows (TUI participants on the 100,000-document store).
bench-live: $(STAMP)
	$(BIN)/python -m bench --only live --write

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
