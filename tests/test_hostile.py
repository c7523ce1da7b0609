"""Hostile and careless input through the CLI: one parametrised test over the table in
tests/hostile_cases.py (exit code, Chinese message naming the place, nothing written,
changed or left behind). `python -m tests.hostile_cases` prints the totals."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile_cases import all_cases, run_case

CASES = all_cases()


def test_the_table_is_big_enough() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 150


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input(case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outcome = run_case(case, tmp_path)
    assert outcome.good, outcome.problem
