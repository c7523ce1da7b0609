"""Documents issued as a 文件: front matter -> 版头, 附件说明, 附注, 版记 (GB/T 9704 §7.2-7.4, §10)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.draft import draft
from drafter.errors import InputError
from drafter.facts import load_facts
from drafter.render import docx_bytes
from drafter.render.docx import summarize_docx
from drafter.render.frontmatter import FrontMatter, normalize_number, read_front_matter, split_front_matter
from drafter.render.mdparse import parse_markdown
from drafter.templates import example_path, list_types

BANK = Path(__file__).parent / "golden" / "drafts"
BODY = """
# 关于2025年招商引资工作情况的报告

县委、县政府：

现将有关情况报告如下。

## 一、基本情况

全年共引进项目12个。

某某县商务局

2025年12月20日
"""
FRONT = """---
文号: 某商发[2025]012号
发文机关: 某某县商务局
签发人: 张某某
抄送: [县委办公室, 县政府办公室]
印发机关: 某某县商务局办公室
印发日期: 2025-12-21
附注: 联系人：李某，电话：0000-1234567
附件: [2025年签约项目清单, 重点在谈项目清单。]
---
"""


def document_xml(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "x.docx"
    path.write_bytes(data)
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_front_matter_is_data_and_keeps_line_numbers() -> None:
    markdown = FRONT + BODY
    front = read_front_matter(markdown)
    assert front == FrontMatter(
        文号="某商发〔2025〕12号", 发文机关=("某某县商务局",), 签发人=("张某某",), 抄送=("县委办公室", "县政府办公室"),
        印发机关="某某县商务局办公室", 印发日期="2025年12月21日", 附注="联系人：李某，电话：0000-1234567",
        附件=("2025年签约项目清单", "重点在谈项目清单。"),
    )
    blocks = parse_markdown(markdown)
    assert blocks[0].text == "关于2025年招商引资工作情况的报告"
    assert blocks[0].line == markdown.splitlines().index("# 关于2025年招商引资工作情况的报告") + 1
    assert not any("文号" in getattr(b, "text", "") for b in blocks)
    assert split_front_matter(BODY) == (None, BODY)
    assert split_front_matter("---\n\n正文\n")[0] is None  # a lone --- is a thematic break
    # Values are text, never Markdown or markup.
    assert read_front_matter("---\n附注: '**联系人** <b>&'\n---\n").附注 == "**联系人** <b>&"


def test_issued_document_has_masthead_notes_and_colophon(tmp_path: Path) -> None:
    xml = document_xml(docx_bytes(FRONT + BODY), tmp_path)
    texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
    joined = "|".join(texts)
    # 版头: red 标志, then 字号 and 签发人 on one line above the red separator, then the title.
    assert texts[0] == "某某县商务局文件"
    assert joined.index("某某县商务局文件") < joined.index("某商发〔2025〕12号") < joined.index("关于2025年")
    mark = xml[: xml.index("某某县商务局文件")]
    assert '<w:color w:val="FF0000"/>' in mark[mark.rindex("<w:r>") :]
    number_paragraph = xml[: xml.index("签发人：")]
    number_paragraph = number_paragraph[number_paragraph.rindex("<w:p>") :]
    assert '<w:bottom w:val="single" w:sz="12" w:space="8" w:color="FF0000"/>' in number_paragraph
    assert 'w:eastAsia="楷体_GB2312"' in xml[xml.index("签发人：") : xml.index("张某某") + 10]
    # 附件说明 under the body, before the signature; names lose trailing punctuation.
    assert joined.index("附件：1. 2025年签约项目清单") < joined.index("2. 重点在谈项目清单|") < joined.index("某某县商务局|2025年12月20日")
    # 附注 right under the date, in full-width brackets; 版记 last.
    assert joined.index("2025年12月20日|（联系人：李某，电话：0000-1234567）|抄送：县委办公室，县政府办公室。")
    assert joined.endswith("|某某县商务局办公室|2025年12月21日印发")
    colophon = xml[xml.rindex("<w:tbl>") :]
    assert '<w:top w:val="single" w:sz="8"' in colophon and '<w:bottom w:val="single" w:sz="8"' in colophon
    assert '<w:insideH w:val="single" w:sz="6"' in colophon and 'w:tblpYSpec="bottom"' in colophon
    assert '<w:sz w:val="28"/>' in colophon  # 4号


def test_joint_issuers_are_stacked_beside_wenjian(tmp_path: Path) -> None:
    front = FRONT.replace("发文机关: 某某县商务局", "发文机关: [中共某某县委办公室, 某某县人民政府办公室]")
    xml = document_xml(docx_bytes(front + BODY), tmp_path)
    head = xml[: xml.index("某商发")]
    assert head.count("<w:tbl>") == 1 and head.count("<w:tc>") == 2
    cells = head.split("<w:tc>")[1:]
    assert "中共某某县委办公室" in cells[0] and "某某县人民政府办公室" in cells[0] and "文件" in cells[1]
    assert cells[0].count('<w:jc w:val="distribute"/>') == 2 and '<w:vAlign w:val="center"/>' in cells[1]


def test_without_wenhao_only_attachments_and_note(tmp_path: Path) -> None:
    xml = document_xml(docx_bytes("---\n附件: [清单]\n附注: （联系人：李某）\n---\n" + BODY), tmp_path)
    assert "文件<" not in xml and "FF0000" not in xml and "<w:tbl>" not in xml
    assert "附件：清单" in xml and "（联系人：李某）<" in xml and "（（" not in xml


@pytest.mark.parametrize(
    ("front", "needles"),
    [
        ("---\n文好: 1\n---\n", ["第 2 行", "文好", "文号"]),
        ("---\n文号: [a, b]\n---\n", ["第 2 行", "文号"]),
        ("---\n文号: x\n 印发日期: y\n---\n", ["YAML"]),
        ("---\n文号: x\n印发日期: 明天\n---\n", ["第 3 行", "印发日期"]),
        ("---\n文号: 某商发〔2025〕1号\n---\n# 标题\n\n正文。\n", ["发文机关"]),
    ],
)
def test_bad_front_matter_exits_2_naming_line_and_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         front: str, needles: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    markdown = front + ("" if "# 标题" in front else BODY)
    (tmp_path / "a.md").write_text(markdown, encoding="utf-8")
    result = CliRunner().invoke(app, ["render", "a.md", "-o", "a.docx"])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("错误：a.md") and "Traceback" not in result.output
    for needle in needles:
        assert needle in result.output, result.output
    assert not (tmp_path / "a.docx").exists()
    with pytest.raises(InputError):
        docx_bytes(markdown)


def test_number_normalised_to_gbt9704() -> None:
    assert normalize_number("某商发[2025]012号") == "某商发〔2025〕12号"
    assert normalize_number("县政发（2024）第7号") == "县政发〔2024〕7号"
    assert normalize_number("某商发〔2025〕12号") == "某商发〔2025〕12号"


@pytest.mark.parametrize("type_name", ["工作汇报", "实施意见"])
def test_drafts_with_wenhao_write_front_matter_and_check_stays_silent(
    type_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = next(t for t in list_types() if t.name == type_name)
    facts = load_facts(example_path(info))
    assert not draft(type_name, facts, corpus_dir=BANK).markdown.startswith("---")  # nothing given, nothing written
    facts.update({"文号": "某商发〔2025〕12号", "抄送": ["县委办公室"], "附注": "联系人：李某", "附件": ["清单"]})
    facts.pop("标题", None)
    result = draft(type_name, facts, corpus_dir=BANK)
    front = read_front_matter(result.markdown)
    assert front is not None and front.文号 == "某商发〔2025〕12号" and front.发文机关 == (facts["单位"],)
    assert not result.missing_facts
    if type_name == "工作汇报":
        assert result.title.endswith("的报告")  # a 汇报 issued with a 文号 is a 报告
    import yaml

    monkeypatch.setenv("DRAFTER_CORPUS", str(BANK))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    runner = CliRunner()
    for out in ("a.docx", "a.md"):
        made = runner.invoke(app, ["new", "--type", type_name, "--facts", "f.yaml", "-o", out])
        assert made.exit_code == 0, made.output
        checked = runner.invoke(app, ["check", out])
        assert checked.exit_code == 0, checked.output
    summary = summarize_docx(tmp_path / "a.docx")
    assert [item["text"] for item in summary[:2]] == ["", f"{facts['单位']}文件"]  # 35 mm of space, then the 标志


@pytest.mark.render
def test_libreoffice_shows_masthead_first_and_colophon_last(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice and shutil.which("pdftotext"), "needs LibreOffice and poppler-utils"
    (tmp_path / "a.docx").write_bytes(docx_bytes(FRONT + BODY))
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(tmp_path / "a.docx")],
        capture_output=True, timeout=120,
    )
    text = subprocess.run(["pdftotext", str(tmp_path / "a.pdf"), "-"], capture_output=True, text=True).stdout
    text = re.sub(r"\s+", "", text)  # pdftotext spaces CJK from digits
    words = [w for w in ("某某县商务局文件", "某商发〔2025〕12号", "签发人：张某某", "关于2025年", "附件：1.",
                         "（联系人：李某", "抄送：县委办公室，县政府办公室。", "2025年12月21日印发") if w in text]
    assert len(words) == 8, text
    assert sorted(words, key=text.index) == words


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_value = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85\ufeff"),
    min_size=1, max_size=30,
).map(str.strip).filter(lambda v: v and "\n" not in v)


@given(number=_value, note=_value, attachments=st.lists(_value, min_size=1, max_size=3))
def test_front_matter_round_trips_any_text(number: str, note: str, attachments: list[str]) -> None:
    from drafter.render.frontmatter import format_front_matter

    block = format_front_matter({"文号": number, "附注": note, "附件": attachments})
    front = read_front_matter(block + "# 标题\n")
    assert front is not None
    assert front.文号 == normalize_number(number) and front.附注 == note and front.附件 == tuple(attachments)
