"""The .docx typesetter: golden summaries, GB/T 9704 XML, determinism, LibreOffice."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from drafter.errors import InputError, OutputError
from drafter.render import render_markdown_file
from drafter.render import docx_bytes
from drafter.render.docx import (
    break_title,
    render_docx,
    split_lead_sentence,
    summarize_docx,
    text_width,
)
from drafter.settings import Fonts, Settings

GOLDEN = Path(__file__).parent / "golden" / "render"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _render(tmp_path: Path, markdown: str, name: str = "out.docx", **kwargs: object) -> Path:
    return render_docx(markdown, tmp_path / name, **kwargs)  # type: ignore[arg-type]


def _part(docx_path: Path, name: str) -> str:
    with zipfile.ZipFile(docx_path) as archive:
        return archive.read(name).decode("utf-8")


@pytest.fixture(scope="module")
def report_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.docx"
    return render_docx((GOLDEN / "report.md").read_text(encoding="utf-8"), out)


# ---------------------------------------------------------------- golden summaries


@pytest.mark.parametrize("name", ["report", "speech", "plan"])
def test_golden_summary(name: str, tmp_path: Path) -> None:
    markdown = (GOLDEN / f"{name}.md").read_text(encoding="utf-8")
    summary = summarize_docx(_render(tmp_path, markdown))
    golden = GOLDEN / f"{name}.json"
    text = json.dumps(summary, ensure_ascii=False, indent=1) + "\n"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert json.loads(golden.read_text(encoding="utf-8")) == summary


def test_roles_in_the_report(report_docx: Path) -> None:
    summary = summarize_docx(report_docx)
    by_text = {item["text"]: item for item in summary}
    title = summary[0]
    assert title["style"] == "Title" and title["alignment"] == "center" and title["size"] == 22
    assert title["east_asia"] == "方正小标宋简体" and title["bold"] == []
    assert "\n" in title["text"]  # a long title is broken into lines
    addressee = by_text["市委、市政府："]
    assert addressee["indent"] == {} and addressee["east_asia"] == "仿宋_GB2312"
    assert by_text["一、基本情况"]["style"] == "Heading 1" and by_text["一、基本情况"]["east_asia"] == "黑体"
    assert by_text["（二）优化营商环境"]["east_asia"] == "楷体_GB2312"
    assert by_text["（1）建立台账"]["style"] == "Heading 4"
    body = next(item for item in summary if item["text"].startswith("2025年以来"))
    assert body["indent"] == {"firstLine": 200} and body["alignment"] == "justify" and body["size"] == 16
    assert body["bold"] == ["全年新签约项目42个"]
    assert by_text["1.第一项有序内容"]["style"] == "Body Text"  # ordered lists keep their numbers
    signature, date = summary[-2], summary[-1]
    assert (signature["text"], date["text"]) == ("某某县商务局", "2025年12月20日")
    assert signature["alignment"] == date["alignment"] == "right"
    assert signature["indent"] == {"right": 200}
    assert by_text["附件：1. 2025年签约项目清单"]["indent"] == {"firstLine": 200}


def test_lead_sentence_heading_runs_on_in_body_font(report_docx: Path) -> None:
    heading = next(i for i in summarize_docx(report_docx) if i["text"].startswith("（一）加强组织领导。"))
    assert heading["style"] == "Heading 2"
    assert heading["east_asia"] == "楷体_GB2312"
    assert heading["east_asia_runs"] == ["仿宋_GB2312", "楷体_GB2312"]
    assert split_lead_sentence("（一）加强领导。各单位要抓落实。") == ("（一）加强领导。", "各单位要抓落实。")
    assert split_lead_sentence("（二）优化环境") == ("（二）优化环境", "")


# ---------------------------------------------------------------- XML: page, styles, footers


def test_page_setup_and_grid(report_docx: Path) -> None:
    xml = _part(report_docx, "word/document.xml")
    assert '<w:pgSz w:w="11906" w:h="16838"/>' in xml
    margins = re.search(r"<w:pgMar [^>]*/>", xml)
    assert margins is not None
    for attr, value in (("top", 2098), ("left", 1588), ("right", 1474), ("bottom", 1984)):
        assert f'w:{attr}="{value}"' in margins.group(0)
    assert '<w:docGrid w:type="lines" w:linePitch="579"/>' in xml


def test_styles_have_explicit_east_asian_fonts_and_no_theme(report_docx: Path) -> None:
    styles = _part(report_docx, "word/styles.xml")
    for attr in ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme"):
        assert f"w:{attr}" not in styles
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S)
    assert defaults is not None
    assert 'w:eastAsia="仿宋_GB2312"' in defaults.group(0) and 'w:hint="eastAsia"' in defaults.group(0)
    expected = {
        "Title": ("方正小标宋简体", "44"),
        "Heading1": ("黑体", "32"),
        "Heading2": ("楷体_GB2312", "32"),
        "Heading3": ("仿宋_GB2312", "32"),
        "Heading4": ("仿宋_GB2312", "32"),
        "Normal": ("仿宋_GB2312", "32"),
    }
    for style_id, (font, size) in expected.items():
        style = re.search(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', styles, re.S)
        assert style is not None, style_id
        block = style.group(0)
        assert f'w:eastAsia="{font}"' in block and f'<w:sz w:val="{size}"/>' in block, style_id
        assert "themeColor" not in block and "<w:pBdr>" not in block, style_id
        # Level-3 headings (1.) are bold (GB/T 9704 7.3.3 allows it); nothing else is.
        assert ("<w:b/>" in block) == (style_id == "Heading3"), style_id
    heading1 = re.search(r'w:styleId="Heading1".*?</w:style>', styles, re.S).group(0)  # type: ignore[union-attr]
    assert '<w:outlineLvl w:val="0"/>' in heading1  # navigation pane and TOC keep working
    assert 'w:firstLineChars="200"' in heading1 and 'w:lineRule="exact"' in heading1
    normal = re.search(r'w:styleId="Normal".*?</w:style>', styles, re.S).group(0)  # type: ignore[union-attr]
    assert 'w:line="579" w:lineRule="exact"' in normal


def test_runs_carry_east_asian_fonts(report_docx: Path) -> None:
    xml = _part(report_docx, "word/document.xml")
    runs = re.findall(r"<w:r>.*?</w:r>", xml, re.S)
    assert runs
    assert all("w:eastAsia=" in run and 'w:hint="eastAsia"' in run for run in runs)


def test_page_number_footers_odd_right_even_left(report_docx: Path) -> None:
    assert "<w:evenAndOddHeaders/>" in _part(report_docx, "word/settings.xml")
    document = _part(report_docx, "word/document.xml")
    refs = dict(re.findall(r'<w:footerReference w:type="(\w+)" r:id="(\w+)"/>', document))
    assert set(refs) == {"default", "even"}
    rels = _part(report_docx, "word/_rels/document.xml.rels")
    footers = {}
    for kind, rel_id in refs.items():
        target = re.search(rf'Id="{rel_id}"[^>]*Target="([^"]+)"', rels) or re.search(
            rf'Target="([^"]+)"[^>]*Id="{rel_id}"', rels
        )
        assert target is not None
        footers[kind] = _part(report_docx, f"word/{target.group(1)}")
    for kind, xml in footers.items():
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert "— " in xml and " —" in xml
        assert 'w:eastAsia="宋体"' in xml and '<w:sz w:val="28"/>' in xml
    assert '<w:jc w:val="right"/>' in footers["default"] and 'w:rightChars=' in footers["default"]
    assert '<w:jc w:val="left"/>' in footers["even"] and 'w:leftChars=' in footers["even"]


# ---------------------------------------------------------------- behaviour


def test_same_input_gives_identical_bytes(tmp_path: Path) -> None:
    markdown = (GOLDEN / "plan.md").read_text(encoding="utf-8")
    first = docx_bytes(markdown)
    second = docx_bytes(markdown)
    assert first == second


def test_settings_fonts_reach_styles_and_runs(tmp_path: Path) -> None:
    settings = Settings(fonts=Fonts(body="仿宋", heading1="SimHei"))
    path = _render(tmp_path, "# 标题\n\n## 一、概况\n\n正文。\n", settings=settings)
    summary = summarize_docx(path)
    assert summary[1]["east_asia"] == "SimHei" and summary[2]["east_asia"] == "仿宋"


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "a.docx"
    out.write_bytes(b"keep me")
    with pytest.raises(OutputError) as info:
        render_docx("# 标题\n", out)
    assert "--force" in info.value.user_message()
    assert out.read_bytes() == b"keep me"
    render_docx("# 标题\n", out, force=True)
    assert zipfile.is_zipfile(out)


def test_render_markdown_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        render_markdown_file(tmp_path / "missing.md", tmp_path / "o.docx")
    bad = tmp_path / "bad.md"
    bad.write_bytes("标题".encode("gbk"))
    with pytest.raises(InputError, match="UTF-8"):
        render_markdown_file(bad, tmp_path / "o.docx")
    empty = tmp_path / "empty.md"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(InputError):
        render_markdown_file(empty, tmp_path / "o.docx")
    good = tmp_path / "good.md"
    good.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    with pytest.raises(OutputError):
        render_markdown_file(good, tmp_path / "o.pdf")
    assert render_markdown_file(good, tmp_path / "sub" / "o.docx").is_file()


def test_long_titles_break_at_word_boundaries_into_balanced_lines() -> None:
    title = "关于进一步加强和改进新时代全县机关党的建设工作的实施意见"
    lines = break_title(title)
    assert "".join(lines) == title and 2 <= len(lines) <= 3
    assert all(text_width(line) <= 20 for line in lines)
    assert abs(text_width(lines[0]) - text_width(lines[-1])) <= 4
    assert not any(line.startswith(("的", "和")) for line in lines[1:])
    breaks = {sum(len(line) for line in lines[: i + 1]) for i in range(len(lines) - 1)}
    word = title.index("党的建设")
    assert not breaks & set(range(word + 1, word + 4))  # never inside a word
    assert break_title("关于2025年招商引资工作情况的汇报") == ["关于2025年招商引资工作情况的汇报"]
    quoted = break_title("某某县人民政府办公室关于印发《某某县2026年优化营商环境攻坚行动实施方案》的通知")
    assert all(line.count("《") == line.count("》") for line in quoted)


# ---------------------------------------------------------------- LibreOffice


@pytest.mark.render
def test_libreoffice_renders_pages_with_page_numbers(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "soffice (LibreOffice) is required for this test: apt-get install libreoffice-writer-nogui"
    assert shutil.which("pdftotext"), "pdftotext is required for this test: apt-get install poppler-utils"
    paragraphs = "\n\n".join(f"第{n}段正文，内容用于撑满页面，检查页码与版心是否正确。" * 3 for n in range(1, 13))
    markdown = f"# 关于页码测试的汇报\n\n市委：\n\n## 一、基本情况\n\n{paragraphs}\n\n某某县商务局\n\n2025年12月20日\n"
    docx_path = _render(tmp_path, markdown, "pages.docx")
    result = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(docx_path)],
        capture_output=True, text=True, timeout=120,
    )
    pdf = tmp_path / "pages.pdf"
    assert pdf.is_file(), result.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    pages = text.split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) == 3
    assert "关于页码测试的汇报" in pages[0]
    for number, page in enumerate(pages, start=1):
        assert re.search(rf"—\s*{number}\s*—", page), page[-200:]
    # GB/T 9704: 22 lines a page (page 2 is all body text; its last line is the number).
    body_lines = [line for line in pages[1].splitlines() if line.strip()][:-1]
    assert len(body_lines) == 22
    # Odd page numbers sit at the right, even ones at the left.
    last_lines = [page.rstrip().splitlines()[-1] for page in pages]
    assert len(last_lines[0]) - len(last_lines[0].lstrip()) > 20
    assert len(last_lines[1]) - len(last_lines[1].lstrip()) < 5


def test_level3_heading_bold_and_its_run_on_text_not(tmp_path: Path) -> None:
    path = _render(tmp_path, "# 标题\n\n## 概况\n\n### 重点\n\n#### 1.细化分工。把任务分解到各部门。\n")
    heading = next(item for item in summarize_docx(path) if item["text"].startswith("1.细化分工"))
    assert heading["style"] == "Heading 3" and heading["bold"] == ["1.细化分工。"]
