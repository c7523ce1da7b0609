"""The fast .docx writer against the python-docx reference: same bytes, or it is not the same writer.

Compared on every bundled example (drafted with the bundled corpus, a few seeds),
the render and draft goldens, odd settings, and hypothesis-generated Markdown
built from the shapes drafts have (title, addressee, headings, lead-sentence
headings, bold runs, lists, attachments, signature and date) and hostile text.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from drafter.draft import draft
from drafter.facts import load_facts
from drafter.render import docx_bytes
from drafter.render.frontmatter import split_front_matter
from drafter.render.reference import build_document, build_skeleton, document_bytes
from drafter.render.writer import SKELETON_PATH
from drafter.settings import Fonts, Margins, Settings
from drafter.templates import example_path, list_types

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_MARKDOWN = sorted((GOLDEN / "render").glob("*.md")) + sorted((GOLDEN / "drafts").glob("*.md"))


def reference_bytes(markdown: str, settings: Settings | None = None) -> bytes:
    return document_bytes(build_document(markdown, settings))


def assert_same(markdown: str, settings: Settings | None = None) -> None:
    expected, actual = reference_bytes(markdown, settings), docx_bytes(markdown, settings)
    if expected != actual:  # name the part that differs, not two blobs
        with zipfile.ZipFile(io.BytesIO(expected)) as a, zipfile.ZipFile(io.BytesIO(actual)) as b:
            assert a.namelist() == b.namelist()
            for name in a.namelist():
                assert a.read(name).decode("utf-8", "replace") == b.read(name).decode("utf-8", "replace"), name
    assert expected == actual


@pytest.mark.parametrize("path", GOLDEN_MARKDOWN, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_goldens_byte_identical(path: Path) -> None:
    assert_same(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("type_name", [t.name for t in list_types()])
def test_bundled_examples_byte_identical(type_name: str) -> None:
    info = next(t for t in list_types() if t.name == type_name)
    facts = load_facts(example_path(info))
    for seed in (0, 1, 2):
        assert_same(draft(type_name, facts, seed=seed).markdown)


def test_settings_fonts_margins_and_escaping_byte_identical() -> None:
    odd = Settings(
        fonts=Fonts(body='仿宋 & "Song" <x>', heading1="SimHei", latin="Arial", title="华文中宋", page_number="宋体"),
        margins=Margins(top=30, bottom=30, left=25.5, right=20),
    )
    assert_same((GOLDEN / "render" / "report.md").read_text(encoding="utf-8"), odd)
    assert_same("")
    assert_same("没有标题的一段。\n")


def test_committed_skeleton_is_fresh() -> None:
    """After a change to reference.py: python -m drafter.render.reference."""
    with zipfile.ZipFile(io.BytesIO(build_skeleton())) as fresh, zipfile.ZipFile(SKELETON_PATH) as committed:
        assert fresh.namelist() == committed.namelist()
        for name in fresh.namelist():
            assert fresh.read(name) == committed.read(name), name


def test_output_is_a_docx_python_docx_reads_and_cached_per_settings() -> None:
    import docx

    markdown = (GOLDEN / "render" / "plan.md").read_text(encoding="utf-8")
    first = docx_bytes(markdown)
    assert docx_bytes(markdown) == first
    document = docx.Document(io.BytesIO(first))
    assert document.paragraphs[0].style.name == "Title"
    assert docx_bytes(markdown, Settings(fonts=Fonts(body="仿宋"))) != first


# ---------------------------------------------------------------- generated drafts

_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
_ODD = st.sampled_from(list("，。：；“”（）——…、&<>\"'*_`#\\ \t　0123456789abcXYZ\u2028\x01\ufffe\U0001F600"))
_text = st.text(alphabet=st.one_of(_HAN, _HAN, _HAN, _ODD), min_size=1, max_size=40).map(str.strip).filter(bool)


@st.composite
def drafts(draw: st.DrawFn) -> str:
    lines = [f"# {draw(_text)}", ""]
    if draw(st.booleans()):
        lines += [f"（{draw(_text)}）", ""]
    if draw(st.booleans()):
        lines += [f"{draw(_text)}：", ""]
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["h2", "h3", "h4", "h5", "para", "bold", "list", "olist", "attach", "break"]))
        if kind.startswith("h"):
            head = draw(_text)
            if draw(st.booleans()):
                head = f"{head}。{draw(_text)}"  # a lead-sentence heading running on
            lines += ["#" * int(kind[1]) + f" {head}", ""]
        elif kind == "para":
            lines += [draw(_text), draw(_text), ""]
        elif kind == "bold":
            lines += [f"{draw(_text)}**{draw(_text)}**{draw(_text)}", ""]
        elif kind == "list":
            lines += [f"- {draw(_text)}" for _ in range(draw(st.integers(1, 3)))] + [""]
        elif kind == "olist":
            lines += [f"{n}. {draw(_text)}" for n in range(1, draw(st.integers(2, 4)))] + [""]
        elif kind == "attach":
            lines += [f"附件：1. {draw(_text)}", f"2. {draw(_text)}", ""]
        else:
            lines += [f"{draw(_text)}  ", draw(_text), ""]
    if draw(st.booleans()):
        lines += [draw(st.sampled_from(["某某县商务局", "中共某某县委办公室", "县政府"])), ""]
    if draw(st.booleans()):
        lines += [f"2025年{draw(st.integers(1, 12))}月{draw(st.integers(1, 28))}日", ""]
    return "\n".join(lines)


@given(drafts())
def test_generated_drafts_byte_identical(markdown: str) -> None:
    assert_same(markdown)


@given(st.text(max_size=200))
def test_any_text_byte_identical(markdown: str) -> None:
    # Front matter is typeset by the fast writer only (版头, 版记): the reference never had it.
    assume(split_front_matter(markdown)[0] is None)
    assert_same(markdown)
