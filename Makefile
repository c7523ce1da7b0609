# The two entry points the README promises. Both work on a fresh machine with
# only Python 3.11 and PyPI: they make .venv, install drafter into it, then run.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test bench corpus clean

$(BIN)/drafter: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

setup: $(BIN)/drafter

demo: setup
	mkdir -p out
	$(BIN)/drafter corpus build seeds -o corpus
	$(BIN)/drafter outline seeds/004_4b6d45522873d33f.txt

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/run.py

corpus: setup
	$(BIN)/drafter corpus build seeds -o corpus

clean:
	rm -rf out .pytest_cache .hypothesis
