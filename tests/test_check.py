"""`drafter check`: each finding kind fires on a tiny bad example and not on a clean one."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.shared import Pt, Twips

from drafter.check import Finding, check_docx, check_file, check_markdown
from drafter.errors import InputError
from drafter.render.docx import render_docx

GOLDEN = Path(__file__).parent / "golden" / "render"


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def md(body: str) -> str:
    return f"# 关于工作情况的汇报\n\n{body}\n"


# ---------------------------------------------------------------- clean inputs


@pytest.mark.parametrize("name", ["report", "speech", "plan"])
def test_clean_markdown_and_its_docx_have_no_findings(name: str, tmp_path: Path) -> None:
    markdown = (GOLDEN / f"{name}.md").read_text(encoding="utf-8")
    assert check_markdown(markdown) == []
    out = render_docx(markdown, tmp_path / f"{name}.docx")
    assert check_file(out) == []


def test_clean_text_that_looks_risky_is_not_flagged() -> None:
    text = md(
        "总投资156.8亿元，9:30开会，共1,200人参加。项目“一号工程”已开工……下一步——继续推进。"
        "西文字体 Times New Roman, Arial 不算。著名学者指出，乾隆年间的记载。\n\n2025年12月2日"
    )
    assert check_markdown(text) == []


# ---------------------------------------------------------------- numbering


def test_numbering_skip() -> None:
    findings = check_markdown(md("## 一、甲\n\n## 三、丙"))
    assert codes(findings) == ["numbering-skip"]
    assert findings[0].line == 5 and "二、" in findings[0].message and "第 5 行" in findings[0].message


def test_numbering_repeat() -> None:
    assert codes(check_markdown(md("## 一、甲\n\n## 一、乙"))) == ["numbering-repeat"]


def test_numbering_must_restart_under_a_parent() -> None:
    findings = check_markdown(md("## 一、甲\n\n### （一）子\n\n## 二、乙\n\n### （二）子"))
    assert codes(findings) == ["numbering-restart"]
    assert "（一）" in findings[0].message
    assert check_markdown(md("## 一、甲\n\n### （一）子\n\n## 二、乙\n\n### （一）子")) == []


def test_numbering_style_per_level() -> None:
    findings = check_markdown(md("## 一、甲\n\n### 1.子"))
    assert codes(findings) == ["numbering-style"]
    assert "（一）" in findings[0].message


def test_heading_level_skip() -> None:
    assert codes(check_markdown(md("## 一、甲\n\n#### 1.孙"))) == ["heading-level-skip"]


# ---------------------------------------------------------------- text rules


@pytest.mark.parametrize(
    "residue",
    ["××局", "XX同志", "20__年", "【待填】", "{{ 单位 }}", "{% if x %}", "None", "undefined", "{上级}"],
)
def test_placeholders_and_template_residue(residue: str) -> None:
    findings = check_markdown(md(f"请{residue}参加会议。"))
    assert "placeholder" in codes(findings)
    assert all(f.line == 3 for f in findings)


def test_traditional_characters() -> None:
    findings = check_markdown(md("召開會議，研究後續工作。"))
    assert codes(findings) == ["traditional"]
    assert "會" in findings[0].message and "简体" in findings[0].message


@pytest.mark.parametrize("text", ["召开会议,研究工作。", "会议结束.", "主要有:一是", "(1)加强领导", '他说"好"。', "真的吗?"])
def test_half_width_punctuation_next_to_chinese(text: str) -> None:
    assert "half-width-punct" in codes(check_markdown(md(text)))


@pytest.mark.parametrize("text", ["召开会议，，研究工作。", "会议结束。。", "甲、、乙", "如下：。"])
def test_doubled_punctuation(text: str) -> None:
    assert codes(check_markdown(md(text))) == ["doubled-punct"]


@pytest.mark.parametrize(
    ("text", "fix"),
    [("定于2025年1月5号召开。", "1月5日"), ("定于2025年01月05日召开。", "2025年1月5日"), ("定于25年1月5日召开。", "2025年")],
)
def test_dates(text: str, fix: str) -> None:
    findings = check_markdown(md(text))
    assert "date-format" in codes(findings)
    assert any(fix in f.message for f in findings)


# ---------------------------------------------------------------- .docx


def _plain_docx(tmp_path: Path, paragraphs: list[str]) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / "plain.docx"
    document.save(str(path))
    return path


def test_plain_word_document_breaks_the_layout_rules(tmp_path: Path) -> None:
    path = _plain_docx(tmp_path, ["正文内容。"])
    found = set(codes(check_docx(path)))
    assert {"layout-page-size", "layout-margin", "layout-font", "layout-page-number", "layout-theme-font"} <= found


def test_docx_numbering_from_patterns_without_heading_styles(tmp_path: Path) -> None:
    path = _plain_docx(tmp_path, ["一、甲", "正文。", "三、丙"])
    findings = [f for f in check_docx(path) if f.code.startswith("numbering")]
    assert codes(findings) == ["numbering-skip"] and findings[0].line == 3 and "第 3 段" in findings[0].message


def test_docx_text_rules_and_heading_styles(tmp_path: Path) -> None:
    markdown = (GOLDEN / "plan.md").read_text(encoding="utf-8").replace("（2）开展专题学习", "（3）开展专题学习")
    out = render_docx(markdown.replace("认真抓好落实。", "認真抓好落实,，"), tmp_path / "p.docx")
    assert set(codes(check_file(out))) == {"numbering-skip", "traditional", "half-width-punct", "doubled-punct"}


def test_docx_layout_changes_are_caught(tmp_path: Path) -> None:
    out = render_docx((GOLDEN / "report.md").read_text(encoding="utf-8"), tmp_path / "r.docx")
    document = docx.Document(str(out))
    document.sections[0].left_margin = Twips(1800)
    document.styles["Heading 1"].element.rPr.rFonts.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "宋体"
    )
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            for run in paragraph.runs:
                run.element.rPr.remove(run.element.rPr.rFonts)
        if paragraph.style.name == "Body Text":
            for run in paragraph.runs:
                run.font.size = Pt(14)
    document.settings.odd_and_even_pages_header_footer = False
    document.save(str(out))
    findings = check_file(out)
    found = set(codes(findings))
    assert {"layout-margin", "layout-font", "layout-size", "layout-page-number"} <= found
    assert any("左边距" in f.message for f in findings)
    assert any("一级标题" in f.message and "黑体" in f.message for f in findings)


def test_check_file_rejects_unknown_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        check_file(tmp_path / "a.pdf")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="Word"):
        check_file(broken)
    with pytest.raises(InputError):
        check_file(tmp_path / "missing.md")
