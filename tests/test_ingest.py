"""ingest: encodings detected from the bytes, formats, line numbers, clear errors."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from drafter.errors import InputError
from drafter.ingest import list_sources, read_file

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SAMPLE = "關于加强民政工作的意见\n一、指导思想\r\n以“三个代表”为指导，2011年GDP增长9.5%。\r（一）总体要求\n"
EXPECTED_LINES = ["關于加强民政工作的意见", "一、指导思想", "以“三个代表”为指导，2011年GDP增长9.5%。", "（一）总体要求"]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------ encodings


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("gbk"), "gb18030"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be"],
)
def test_encodings_are_detected_not_guessed(tmp_path: Path, data: bytes, encoding: str) -> None:
    # The extension says nothing: every file here is called .txt.
    raw = read_file(write(tmp_path, "a.txt", data))
    assert [line.text for line in raw.lines] == EXPECTED_LINES
    assert raw.encoding == encoding
    assert raw.format == "txt"


def test_newlines_are_normalised_and_numbers_are_one_based(tmp_path: Path) -> None:
    raw = read_file(write(tmp_path, "a.txt", "甲\r\n乙\r丙\n\n丁".encode()))
    assert [(line.number, line.text) for line in raw.lines] == [(1, "甲"), (2, "乙"), (3, "丙"), (4, ""), (5, "丁")]


def test_utf8_that_looks_like_gbk_is_still_utf8(tmp_path: Path) -> None:
    # Short Chinese UTF-8 text is also decodable as GB18030 garbage: strict UTF-8 must win.
    raw = read_file(write(tmp_path, "a.txt", "汇报".encode()))
    assert raw.lines[0].text == "汇报"
    assert raw.encoding == "utf-8"


def test_all_seeds_read_as_utf8_with_every_line(tmp_path: Path) -> None:
    for path in list_sources(SEEDS):
        raw = read_file(path)
        text = path.read_text(encoding="utf-8")
        assert raw.encoding == "utf-8"
        assert [line.text for line in raw.lines] == text.split("\n")[: len(raw.lines)]
        assert [line.number for line in raw.lines] == list(range(1, len(raw.lines) + 1))


# ------------------------------------------------------------------ formats


def test_markdown_headings_set_style_level_and_lose_their_marks(tmp_path: Path) -> None:
    text = "# 关于招商工作的汇报\n\n## 一、基本情况\n正文 #不是标题\n### 　（一）做法 ###\n#没有空格\n"
    raw = read_file(write(tmp_path, "a.md", text.encode()))
    assert raw.format == "md"
    got = [(line.number, line.text, line.style_level) for line in raw.lines]
    assert got == [
        (1, "关于招商工作的汇报", 1),
        (2, "", None),
        (3, "一、基本情况", 2),
        (4, "正文 #不是标题", None),
        (5, "　（一）做法", 3),
        (6, "#没有空格", None),
    ]


def test_docx_paragraphs_and_heading_styles(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("关于招商工作的汇报", level=1)
    document.add_paragraph("现将有关情况汇报如下：")
    document.add_heading("一、基本情况", level=2)
    document.add_paragraph("")
    document.add_paragraph("今年以来，全县招商引资成效明显。")
    path = tmp_path / "汇报.docx"
    document.save(str(path))

    raw = read_file(path)
    assert raw.format == "docx"
    assert [(line.number, line.text, line.style_level) for line in raw.lines] == [
        (1, "关于招商工作的汇报", 1),
        (2, "现将有关情况汇报如下：", None),
        (3, "一、基本情况", 2),
        (4, "", None),
        (5, "今年以来，全县招商引资成效明显。", None),
    ]


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.txt", b""),
        ("blank.txt", b"  \r\n\n\t\n"),
        ("bom-only.txt", codecs.BOM_UTF8),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4),
        ("nul.md", b"abc\x00\x01\x02def\x00\xff\xfe\x00\x10"),
        ("broken.docx", b"PK\x03\x04 this is not a zip file at all"),
        ("text-named.docx", "一、基本情况".encode()),
    ],
)
def test_unreadable_files_raise_input_error_naming_the_file(tmp_path: Path, name: str, data: bytes) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(InputError) as info:
        read_file(path)
    error = info.value
    assert str(path) in error.user_message()
    assert error.fix  # every message says how to fix it
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error.message)


def test_missing_file_and_permission_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError, match="找不到"):
        read_file(tmp_path / "nope.txt")

    path = write(tmp_path, "locked.txt", "内容".encode())

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    # Tests may run as root, where chmod 000 does not stop a read: simulate it.
    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InputError, match="权限") as info:
        read_file(path)
    assert info.value.where.path == path


def test_empty_docx_is_an_input_error(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "empty.docx"
    docx.Document().save(str(path))
    with pytest.raises(InputError, match="空"):
        read_file(path)


# ------------------------------------------------------------------ listing


def test_list_sources_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for name in [
        "b.txt", "a.md", "sub/c.docx", "sub/a.TXT", "z/y/x.txt",
        ".hidden.txt", ".git/d.txt", "sub/.e.md", "~$lock.docx", "notes.pdf", "image.png",
    ]:
        write(tmp_path, name, b"x")
    (tmp_path / "dir.txt").mkdir()
    got = [p.relative_to(tmp_path).as_posix() for p in list_sources(tmp_path)]
    assert got == ["a.md", "b.txt", "sub/a.TXT", "sub/c.docx", "z/y/x.txt"]


def test_list_sources_of_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        list_sources(tmp_path / "nowhere")


def test_docx_line_break_inside_a_chinese_title_joins_without_a_space(tmp_path) -> None:
    import docx

    from drafter.ingest import read_file

    document = docx.Document()
    run = document.add_paragraph().add_run("关于我县加快民营经济")
    run.add_break()
    document.paragraphs[0].add_run("高质量发展的实施意见")
    latin = document.add_paragraph().add_run("Open")
    latin.add_break()
    document.paragraphs[1].add_run("Source")
    path = tmp_path / "t.docx"
    document.save(str(path))
    texts = [line.text for line in read_file(path).lines]
    assert texts == ["关于我县加快民营经济高质量发展的实施意见", "Open Source"]
