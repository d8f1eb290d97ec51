# Praxisfinder: `make run` starts the app, `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
HOST ?= localhost
KB ?= kb
INDEX ?= .index

.PHONY: install system-packages index run test lint bench

$(VENV)/.installed: pyproject.toml
	@echo "Richte die Python-Umgebung in $(VENV) ein (einmalig, etwa ein bis zwei Minuten) …"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Debian packages the tests need (Chromium for the browser tests), installed when missing.
system-packages:
	bash scripts/system_packages.sh

index: install
	$(PY) -m indexer build --kb $(KB) --index $(INDEX)

# Binds to localhost; `make run HOST=0.0.0.0` opens the app to the network.
run: index
	PRAXISFINDER_KB=$(KB) PRAXISFINDER_INDEX=$(INDEX) \
		$(PY) -m praxisfinder_app.serve --server.port $(PORT) --server.address $(HOST)

# Two runs. All but the browser tests: one worker per core, each taking whole test files
# (module fixtures are built once), the files that take minutes first (tests/conftest.py).
# Then the browser tests alone, so that no other test competes with the pages they time.
test: install system-packages
	status=0; \
	$(PY) -m pytest -n auto --dist loadfile --no-loadscope-reorder --ignore=tests/browser \
		|| status=$$?; \
	$(PY) -m pytest tests/browser || status=$$?; \
	exit $$status

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: install
	$(PY) bench/run_bench.py
