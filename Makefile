# Praxisfinder: `make run` starts the app, `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
KB ?= kb
INDEX ?= .index

.PHONY: install index run test lint bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

index: install
	$(PY) -m indexer build --kb $(KB) --index $(INDEX)

run: index
	PRAXISFINDER_KB=$(KB) PRAXISFINDER_INDEX=$(INDEX) \
		$(PY) -m streamlit run app.py --server.port $(PORT)

test: install
	$(PY) -m pytest

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: install
	$(PY) bench/run_bench.py
