"""`drafter check` catches each composition defect shape (a test per shape, in Markdown and in
a .docx edited by hand), and stays silent on every bundled example's draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.check import check_file, check_markdown
from drafter.cli import app
from drafter.composition import COMPOSITION_CODES
from drafter.draft import draft, write_draft
from drafter.facts import load_facts
from drafter.templates import example_path, list_types

runner = CliRunner()


def composition(markdown: str) -> list[tuple[str, int | None]]:
    return [(f.code, f.line) for f in check_markdown(markdown) if f.code in COMPOSITION_CODES]


def doc(*paragraphs: str, title: str = "关于2025年防汛工作情况的汇报", date: str = "2025年9月10日") -> str:
    return "\n\n".join([f"# {title}", *paragraphs, "石桥镇人民政府", date]) + "\n"


def test_formula_glued_onto_a_sentence_about_the_meeting() -> None:
    md = doc("在县委、县政府的正确领导下，刚才，县委书记作了重要讲话，我们坚决贯彻落实。")
    assert composition(md) == [("glued-formula", 3)]
    assert composition(doc("在县委、县政府的正确领导下，我镇全力抓好防汛工作。")) == []


def test_time_stated_twice() -> None:
    assert composition(doc("2026年，2025年，全县共排查隐患1326处。")) == [("time-twice", 3)]
    assert composition(doc("2025年，全镇加强预警，7月中旬至8月上旬，累计降雨412毫米。")) == [("time-twice", 3)]
    assert composition(doc("2025年，全镇累计降雨412毫米，较常年偏多三成。")) == []


def test_since_a_year_that_is_over() -> None:
    summary = doc("2025年以来，我局扎实推进免疫规划工作。", title="平安县卫生健康局2025年免疫规划工作总结",
                  date="2025年12月26日")
    assert composition(summary) == [("since-over", 3)]
    later = doc("2025年以来，我镇全力抓好防汛工作。", date="2026年1月5日")
    assert composition(later) == [("since-over", 3)]
    assert composition(doc("2025年以来，我镇全力抓好防汛工作。")) == []  # written during 2025


def test_near_term_plans_closing_an_annual_summary() -> None:
    md = "\n\n".join([
        "# 河口镇2025年安全生产工作总结", "2025年，全镇安全生产形势稳定。",
        "## 一、主要工作", "开展专项整治6次。", "## 二、近期主要工作安排", "一是深化隐患排查。",
        "河口镇人民政府", "2025年12月22日",
    ]) + "\n"
    assert composition(md) == [("near-term-in-summary", 9)]
    assert composition(md.replace("近期主要工作安排", "下一步工作打算")) == []


@pytest.mark.parametrize("line", ["（石桥镇镇党委书记　陈立新）", "青石乡乡党委书记陈立新作表态发言。"])
def test_unit_and_post_repeat_the_kind_of_body(line: str) -> None:
    assert composition(doc(line)) == [("post-repeats-unit", 3)]


def test_unit_and_post_that_read_right_are_not_flagged() -> None:
    assert composition(doc("（石桥镇党委书记　陈立新）", "平安县县长、市市场监管局局长出席会议。")) == []


def test_the_same_organ_twice_in_one_sentence() -> None:
    md = doc("在县委、县政府的正确领导下，我镇认真贯彻落实县委、县政府决策部署，确保安全度汛。")
    assert composition(md) == [("organ-twice", 3)]
    two_sentences = doc("在县委、县政府的正确领导下，我镇确保安全度汛。下一步，我们将贯彻落实县委、县政府决策部署。")
    assert composition(two_sentences) == []
    # A longer list that includes the organ names other bodies too: not a repeat.
    assert composition(doc("在县委的坚强领导下，各单位按照县委、县政府的总体部署，全力抓好防汛工作。")) == []


def test_a_plans_subjectless_preamble() -> None:
    md = doc("以习近平新时代中国特色社会主义思想为指导，在县委、县政府的正确领导下，坚持人民至上。",
             title="青石乡2026年防汛工作计划")
    assert composition(md) == [("subjectless-preamble", 3)]
    assert composition(doc("以习近平新时代中国特色社会主义思想为指导，坚持人民至上。")) == []


def test_a_hand_edited_docx_is_checked_paragraph_by_paragraph(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for text in ("关于防汛工作情况的汇报", "在县委、县政府的正确领导下，刚才，县长作了重要讲话。", "（石桥镇镇党委书记　陈立新）"):
        document.add_paragraph(text)
    path = tmp_path / "edited.docx"
    document.save(str(path))
    found = [(f.code, f.line) for f in check_file(path) if f.code in COMPOSITION_CODES]
    assert found == [("glued-formula", 2), ("post-repeats-unit", 3)]


def test_check_cli_names_the_line_and_exits_one(tmp_path: Path) -> None:
    path = tmp_path / "draft.md"
    path.write_text(doc("2026年，2025年，全县共排查隐患1326处。"), encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert "第 3 行" in result.stdout and "时间说了两遍" in result.stdout


TYPES = [t.name for t in list_types()]


@pytest.mark.parametrize("type_name", TYPES)
def test_silent_on_every_bundled_example(type_name: str, tmp_path: Path) -> None:
    info = next(t for t in list_types() if t.name == type_name)
    facts = load_facts(example_path(info))
    for seed in range(5):
        result = draft(type_name, facts, seed=seed)
        assert check_markdown(result.markdown) == [], result.markdown
    out = write_draft(draft(type_name, facts, seed=1), tmp_path / "out.docx")
    assert [f for f in check_file(out) if f.code in COMPOSITION_CODES] == []
