# The README's two commands: `make demo` (the main job against the local replica)
# and `make test` (the whole suite). Both create .venv and install on first use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test faults lint format bench install clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found); set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Pinned install: requirements.lock holds exact versions; pip is upgraded first
# because the pip bundled with Python 3.11 leaves lxml_html_clean out.
$(STAMP): $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/asnwatch demo

# Two workers (pytest-xdist), a test file per worker at a time: module fixtures (a replica,
# a crawled world) are built once per file, and the suite uses both cores.
test: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider -n 2 --dist loadfile $(PYTEST_ARGS)

# The fault-injection suite alone, writing its table to docs/fault-suite.md.
faults: $(STAMP)
	ASNWATCH_WRITE_FAULT_TABLE=1 $(BIN)/python -m pytest -p no:cacheprovider -n 2 --dist loadfile tests/faults $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Figures, never assertions: ~20 min on 2 cores; writes bench/results.md (newest run on top).
# BENCH_ARGS=--quick for a smoke run; `python -m bench.run --help` for the sizes.
bench: $(STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) demo .pytest_cache
