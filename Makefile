# The two entry points the README promises. Both work on a fresh machine with
# only Python 3.11 and PyPI: they make .venv, install drafter into it, then run.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo serve test bench bench-batch bench-web corpus lint clean

$(BIN)/drafter: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

setup: $(BIN)/drafter

# The main job on the bundled example: facts -> GB/T 9704 .docx (and Markdown), then check it.
demo: setup
	$(BIN)/drafter new --type 工作汇报 --facts templates/工作汇报/example.yaml -o out/汇报.docx --force
	$(BIN)/drafter new --type 工作汇报 --facts templates/工作汇报/example.yaml -o out/汇报.md --force
	$(BIN)/drafter check out/汇报.docx
	@echo "打开 out/汇报.docx 查看成稿；out/汇报.md 是同一稿件的 Markdown。"

# The local web page for people who do not live in a terminal (Ctrl-C stops it).
serve: setup
	$(BIN)/drafter serve --open

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/run.py

# docxtpl is the baseline only: installed here, never a runtime dependency.
bench-batch: setup
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python bench/batch.py

# drafter serve: latency of POST /api/draft and a 30 s load test on 127.0.0.1.
bench-web: setup
	$(BIN)/python bench/web.py

lint: setup
	$(BIN)/pip install -q -e '.[test,dev]'
	$(BIN)/mypy drafter

corpus: setup
	$(BIN)/drafter corpus build seeds -o corpus

clean:
	rm -rf out .pytest_cache .hypothesis
