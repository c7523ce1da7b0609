"""Facts are text, for every template type: whatever a value holds (every Markdown and
HTML construct, any Unicode), the .docx has exactly the template's headings and the
value's text verbatim. And rendering and `check` never raise anything but a
DrafterError on arbitrary bytes given as .md, .yaml or .docx."""

from __future__ import annotations

import copy
import io
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from drafter.clean import fullwidth_punctuation
from drafter.draft import draft
from drafter.errors import DrafterError
from drafter.render import docx_bytes
from drafter.render.docx import paragraph_text
from drafter.render.mdparse import split_heading_number
from drafter.templates import builtin_templates_dir, list_types, load_schema, resolve_type
from drafter.text import bad_character, is_blank
from tests.hostile_cases import CONSTRUCTS

TYPES = [t.name for t in list_types()]


@lru_cache(maxsize=None)
def _example(type_name: str) -> str:
    info = resolve_type(type_name)
    return (builtin_templates_dir() / info.folder.name / "example.yaml").read_text(encoding="utf-8")


def _text_leaves(value: Any, spec: dict[str, Any], path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of the example's string leaves whose schema type is text."""
    kind = spec.get("type", "text")
    if isinstance(value, str):
        return [path] if kind in ("text", "entry") else []
    if isinstance(value, list):
        item = spec.get("items", {"type": "text"})
        return [p for i, v in enumerate(value) for p in _text_leaves(v, item, (*path, i))]
    if isinstance(value, dict):
        fields = spec.get("fields", {})
        return [p for k, v in value.items() if k in fields for p in _text_leaves(v, fields[k], (*path, k))]
    return []


def _with(facts: Any, path: tuple[Any, ...], value: str) -> Any:
    facts = copy.deepcopy(facts)
    target = facts
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return facts


def _docx(markdown: str) -> tuple[list[int], str]:
    """Heading levels and all text of the .docx the Markdown becomes (read back from the XML)."""
    import docx

    document = docx.Document(io.BytesIO(docx_bytes(markdown)))
    levels, texts = [], []
    for paragraph in document.paragraphs:
        texts.append(paragraph_text(paragraph).replace("\n", ""))
        name = paragraph.style.name if paragraph.style is not None else ""
        if name.startswith("Heading"):
            levels.append(int(name.split()[-1]))
    return levels, "".join(texts)


def _visible(value: str) -> list[str]:
    lines = [line.strip() for line in fullwidth_punctuation(value).splitlines()]
    return [line.rstrip("。！？；，、.,;!?").strip() for line in lines if line.strip()]


@lru_cache(maxsize=None)
def _baseline(type_name: str, path: tuple[Any, ...]) -> list[int]:
    facts = _with(yaml.safe_load(_example(type_name)), path, "甲乙丙丁")
    return _docx(draft(type_name, facts).markdown)[0]


def _assert_text(type_name: str, path: tuple[Any, ...], value: str) -> None:
    facts = _with(yaml.safe_load(_example(type_name)), path, value)
    levels, text = _docx(draft(type_name, facts).markdown)
    assert levels == _baseline(type_name, path), f"{type_name} {path}: headings changed"
    for line in _visible(value):
        assert line in text, f"{type_name} {path}: {line!r} is not in the .docx"


def test_every_construct_in_every_text_field_of_every_type() -> None:
    for type_name in TYPES:
        schema = load_schema(resolve_type(type_name))
        example = yaml.safe_load(_example(type_name))
        leaves = _text_leaves(example, {"type": "object", "fields": schema["fields"]})
        assert leaves, type_name
        facts, base, used = example, example, []
        for index, path in enumerate(leaves):
            value = CONSTRUCTS[(index * 7) % len(CONSTRUCTS)]
            if split_heading_number(value):
                continue
            facts, base = _with(facts, path, value), _with(base, path, f"甲乙{index}")
            used.append(value)
        levels, text = _docx(draft(type_name, facts).markdown)
        assert levels == _docx(draft(type_name, base).markdown)[0], f"{type_name}: headings changed"
        for value in used:
            for line in _visible(value):
                assert line in text, f"{type_name}: {line!r} lost"


_ALPHABET = st.characters(
    blacklist_categories=("Cc", "Cs"),
    blacklist_characters="\ufffe\uffff",
)
_VALUE = st.lists(
    st.one_of(st.sampled_from(CONSTRUCTS + ["\n", "\u2028", "\r\n", "  ", "\u3000", "\\", "<", "&", "*", "#"]),
              st.text(_ALPHABET, max_size=6)),
    min_size=1,
    max_size=6,
).map("".join)


# Each example drafts and typesets a document: a quarter of the profile's examples
# (15 by default, 250 under HYPOTHESIS_PROFILE=thorough).
@settings(max_examples=max(10, settings().max_examples // 4), suppress_health_check=[HealthCheck.too_slow])
@given(type_name=st.sampled_from(TYPES), data=st.data(), value=_VALUE)
def test_a_value_is_text_whatever_it_holds(type_name: str, data: st.DataObject, value: str) -> None:
    assume(not is_blank(value) and bad_character(value) is None)
    assume(all(ord(c) & 0xFFFE != 0xFFFE and not 0xFDD0 <= ord(c) <= 0xFDEF for c in value))
    # A number typed at the start of a heading is replaced by the draft's own numbering.
    assume(all(split_heading_number(line) is None for line in _visible(value)))
    schema = load_schema(resolve_type(type_name))
    leaves = _text_leaves(yaml.safe_load(_example(type_name)), {"type": "object", "fields": schema["fields"]})
    path = data.draw(st.sampled_from(leaves))
    _assert_text(type_name, path, value)


# ---------------------------------------------------------------- never raise


def _only_drafter_errors(call: Any) -> None:
    try:
        call()
    except DrafterError as exc:
        assert exc.user_message()


@settings(max_examples=40)
@given(data=st.binary(max_size=2000))
def test_render_never_raises_on_bytes(tmp_path_factory: Any, data: bytes) -> None:
    from drafter.render import render_markdown_file

    folder = Path(tmp_path_factory.mktemp("md"))
    (folder / "in.md").write_bytes(data)
    _only_drafter_errors(lambda: render_markdown_file(folder / "in.md", folder / "out.docx", force=True))
    _only_drafter_errors(lambda: __import__("drafter.check", fromlist=["check_file"]).check_file(folder / "in.md"))


@settings(max_examples=25)
@given(text=st.text(max_size=300))
def test_render_never_raises_on_text(tmp_path_factory: Any, text: str) -> None:
    from drafter.check import check_file
    from drafter.render import render_markdown_file

    folder = Path(tmp_path_factory.mktemp("md"))
    (folder / "in.md").write_text(text, encoding="utf-8", errors="surrogatepass")
    _only_drafter_errors(lambda: render_markdown_file(folder / "in.md", folder / "out.docx", force=True))
    _only_drafter_errors(lambda: check_file(folder / "in.md"))


@settings(max_examples=40)
@given(data=st.one_of(st.binary(max_size=2000), st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_facts_never_raise_on_bytes(tmp_path_factory: Any, data: bytes) -> None:
    from drafter.draft import draft_file

    folder = Path(tmp_path_factory.mktemp("yaml"))
    for name in ("f.yaml", "f.json"):
        (folder / name).write_bytes(data)
        _only_drafter_errors(lambda: draft_file("工作汇报", folder / name))


@lru_cache(maxsize=1)
def _good_docx() -> bytes:
    return docx_bytes("# 关于测试的汇报\n\n## 一、情况\n\n正文。\n\n某某局\n\n2025年1月1日\n")


@settings(max_examples=40)
@given(cuts=st.lists(st.tuples(st.integers(0, 10**6), st.binary(min_size=1, max_size=8)), max_size=4),
       truncate=st.one_of(st.none(), st.integers(0, 10**6)))
def test_check_never_raises_on_a_damaged_docx(tmp_path_factory: Any, cuts: list[tuple[int, bytes]], truncate: int | None) -> None:
    from drafter.check import check_file

    data = bytearray(_good_docx())
    for offset, junk in cuts:
        at = offset % len(data)
        data[at : at + len(junk)] = junk
    if truncate is not None:
        data = data[: truncate % (len(data) + 1)]
    path = Path(tmp_path_factory.mktemp("docx")) / "x.docx"
    path.write_bytes(bytes(data))
    _only_drafter_errors(lambda: check_file(path))


@settings(max_examples=30)
@given(member=st.sampled_from(["word/document.xml", "word/styles.xml", "word/settings.xml", "[Content_Types].xml",
                               "word/_rels/document.xml.rels", "docProps/core.xml"]),
       body=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_check_never_raises_on_a_replaced_part(tmp_path_factory: Any, member: str, body: bytes) -> None:
    from drafter.check import check_file

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_good_docx())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, body if info.filename == member else src.read(info.filename))
    path = Path(tmp_path_factory.mktemp("docx")) / "x.docx"
    path.write_bytes(out.getvalue())
    _only_drafter_errors(lambda: check_file(path))
