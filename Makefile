# Everything a fresh machine needs comes from here: `make annotate` and `make test`.
# `make annotate` installs only what the app needs; `make test` (and `make install`) add the
# test tools (pytest, hypothesis, ruff, mypy) to the same .venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
APP := $(VENV)/.installed-app
DEV := $(VENV)/.installed-test
ARGS ?=

.PHONY: install annotate test lint bench screenshot keymap clean

$(APP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed (found %d.%d)" % sys.version_info[:2] if sys.version_info < (3, 11) else 0)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(APP)

$(DEV): $(APP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(DEV)

install: $(DEV)

annotate: $(APP)
	$(BIN)/annotator annotate seeds/ --out annotations/ $(ARGS)

lint: $(DEV)
	$(BIN)/ruff check annotator tests bench
	$(BIN)/ruff format --check annotator tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest $(ARGS)

bench: $(DEV)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/detector.py
	$(BIN)/python bench/tui.py
	$(BIN)/python bench/corpus.py
	$(BIN)/python bench/detect.py
	$(BIN)/python bench/agreement.py
	$(BIN)/python bench/review.py
	$(BIN)/python bench/index.py

keymap: $(APP)
	$(BIN)/python docs/make_keymap.py

screenshot: $(APP)
	$(BIN)/python docs/make_screenshot.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
