# Two commands do all the set-up: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast lint bench bench-compare serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,web,webtest]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/paperasse build examples/*.yaml examples/*.toml examples/*.json -o examples/out
	$(BIN)/paperasse build examples/agency/clients.csv --brand examples/agency/brand.yaml \
		-o examples/out/agency --merge examples/out/agency-pack.pdf
	@echo "paperasse is installed in $(BIN): run '. $(BIN)/activate' to type 'paperasse' (or type $(BIN)/paperasse)"

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The fast loop: every test not marked slow (no real PDF through the CLI, no other process).
test-fast: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The web form on http://127.0.0.1:8000/ (README, "In a browser"); SERVE_ARGS for more options.
serve: $(STAMP)
	$(BIN)/paperasse serve $(SERVE_ARGS)

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_batch.py $(BENCH_ARGS)

# Another installed version against this one, A B A B... (README, "Speed"):
#   make bench-compare BASE=/path/to/release/.venv/bin/python [BENCH_ARGS=--hide-system-harfbuzz]
bench-compare: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/compare.py --a $(BASE) --b $(BIN)/python $(BENCH_ARGS)

clean:
	rm -rf $(VENV) examples/out dossiers build dist
