# Two commands for a newcomer: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo test test-lowest lint typecheck docs check bench compat clean fuzz

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,docs]'
	touch $@

## demo: run the sample tap and pipe it into the sample target
demo: $(VENV)/.installed
	bash samples/demo.sh $(PY)

## test: the whole test suite (exit code 5, "no tests collected", counts as a failure)
test: $(VENV)/.installed
	@$(PY) -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; \
	exit $$rc

## test-lowest: the core tests on the lowest dependency versions pyproject.toml allows (uv)
test-lowest:
	PYTHON=$(PYTHON) bash .ci/lowest.sh

## lint: ruff lint and format check
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## typecheck: mypy strict on the package
typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

## docs: build the documentation site with warnings as errors (docs/_build/html)
docs: $(VENV)/.installed
	$(VENV)/bin/sphinx-build -W --keep-going -q -b html docs docs/_build/html

check: lint typecheck test

## fuzz: the fuzzers of tests/fuzz with 20x the CI examples and random seeds (SINGER_SDK_FUZZ_FACTOR)
fuzz: $(VENV)/.installed
	SINGER_SDK_FUZZ_FACTOR=$${SINGER_SDK_FUZZ_FACTOR:-20} $(PY) -m pytest -q -p no:cacheprovider tests/fuzz

## bench: writer, tap, target and import-time benchmarks against the reference (needs REF_PYTHON)
bench: $(VENV)/.installed
	$(PY) -m compileall -q singer_sdk  # a pip install compiles bytecode; an editable one may not
	$(PY) benchmarks/compare.py writer --impl ours=$(PY) --impl ref=$(REF_PYTHON)
	$(PY) benchmarks/compare.py tap --impl ours=$(PY) --impl ref=$(REF_PYTHON)
	$(PY) benchmarks/compare.py target-null --impl ours=$(PY) --impl ref=$(REF_PYTHON) --n 50000
	$(PY) benchmarks/compare.py target-jsonl --impl ours=$(PY) --impl ref=$(REF_PYTHON) --n 50000
	$(PY) benchmarks/compare.py importtime --impl ours=$(PY) --impl ref=$(REF_PYTHON)

## compat: the connector corpus on singer-sdk 0.54.9 and on ours (compat/README.md; COMPAT_ARGS=--only NAME)
compat: $(VENV)/.installed
	$(PY) compat/run_corpus.py $(COMPAT_ARGS)

clean:
	rm -rf $(VENV) .venv-lowest .pytest_cache .mypy_cache .ruff_cache *.egg-info .demo
