"""Issue 7's behavioural targets on realistic facts written as a county/township 科员 would
(tests/data/realistic, two or more per type, none of them the bundled examples): the tool
writes >= 12% of a report-type draft and >= 20% of a speech-type draft, every conventional
position is filled, `check` finds no composition defect, and seeds 1-5 give >= 3 drafts.
bench/drafting.py prints the same figures per file."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.facts import load_facts
from drafter.measure import SPEECH_TYPES, measure, tool_written_share
from drafter.templates import list_types

REALISTIC = sorted((Path(__file__).parent / "data" / "realistic").glob("*.yaml"))


def test_every_type_has_at_least_two_realistic_files() -> None:
    counts = {t.name: sum(p.stem.startswith(t.name + "_") for p in REALISTIC) for t in list_types()}
    assert all(n >= 2 for n in counts.values()), counts


@pytest.mark.parametrize("path", REALISTIC, ids=lambda p: p.stem)
def test_realistic_facts_meet_the_drafting_targets(path: Path) -> None:
    type_name = path.stem.split("_")[0]
    figures = measure(path.stem, type_name, load_facts(path))
    target = 0.20 if type_name in SPEECH_TYPES else 0.12
    assert figures.min_share >= target, figures
    assert figures.missing == (), figures
    assert figures.defects == (), figures
    assert figures.distinct >= 3, figures
    assert figures.unplaced == (), figures  # every fact reaches the draft


def test_tool_written_share_counts_only_what_the_facts_do_not_hold() -> None:
    facts = {"单位": "石桥镇人民政府", "概述": "全镇安全度汛"}
    assert tool_written_share("# 标题\n\n全镇安全度汛。\n\n石桥镇人民政府\n", facts) == pytest.approx(2 / 15)
    # Numbering and punctuation are nobody's words.
    assert tool_written_share("## 一、全镇安全度汛\n\n一是全镇安全度汛。\n", facts) == 0.0
