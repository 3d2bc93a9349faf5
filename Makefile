# lavrovkit: `make reports` and `make test` do all the set-up on a fresh machine
# (only python3 and make needed; everything else comes from the package index).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.lavrovkit-installed
CORPUS ?= ../shared/corpora/ungdc-2004-2022.tar.gz
BENCH_ARGS ?=

.PHONY: install test lint typecheck reports lab bench clean help

help:
	@echo "make reports   set up .venv and render every curated notebook over seeds/ into reports/"
	@echo "make test      set up .venv, run ruff, mypy and the test suite (docstring examples included)"
	@echo "make lab       open JupyterLab on the kit's kernel"
	@echo "make bench CORPUS=path [BENCH_ARGS=--quick]   annotation and cache benchmarks"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name lavrovkit --display-name "Python (lavrovkit)" > /dev/null
	touch $(STAMP)

install: $(STAMP)

lint: install
	$(BIN)/ruff check lavrovkit tests bench

typecheck: install
	$(BIN)/python -m mypy

test: install lint typecheck
	$(BIN)/python -m pytest -q

reports: install
	$(BIN)/lavrovkit report --all --out reports

lab: install
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

bench: install
	$(BIN)/python bench/run.py $(CORPUS) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache build dist
