"""Skeletons per document type, on tiny documents and on the seed corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafter.errors import CorpusError
from drafter.mine.structures import (
    UNKNOWN,
    document_skeleton,
    format_structure,
    mine_structures,
    most_common_skeleton,
)
from drafter.model import Classification, Document, Heading, Piece, SourceLine


def make_doc(
    index: int, doc_type: str, headings: list[str], *, duplicate_of: str | None = None, level: int = 1
) -> Document:
    lines = tuple(SourceLine(n + 1, f"{n + 1}、{text}") for n, text in enumerate(headings))
    piece = Piece("t.txt", index, 0, None, None, lines, duplicate_of=duplicate_of)
    heads = tuple(
        Heading(level, f"{n + 1}、", text, n + 1, "arabic") for n, text in enumerate(headings)
    )
    return Document(piece, heads, Classification(doc_type, 0.9))


REPORT = ["基本情况", "主要做法", "主要成效", "存在问题", "下一步打算"]


def test_skeleton_collapses_consecutive_roles_and_keeps_unknowns() -> None:
    doc = make_doc(1, "工作汇报", ["基本情况", "主要工作", "工作成效", "亚欧合作", "存在问题"])
    assert document_skeleton(doc) == ["基本情况", "主要工作及成效", UNKNOWN, "存在问题"]


def test_only_the_top_level_makes_the_skeleton() -> None:
    doc = make_doc(1, "工作汇报", REPORT)
    child = Heading(2, "（一）", "存在问题", 9, "paren_cn")
    doc = Document(doc.piece, doc.headings[:2] + (child,), doc.classification)
    assert document_skeleton(doc) == ["基本情况", "主要工作及成效"]


def test_counts_docs_and_ignores_duplicates() -> None:
    docs = [
        make_doc(1, "工作汇报", REPORT),
        make_doc(2, "工作汇报", REPORT),
        make_doc(3, "工作汇报", REPORT, duplicate_of="t#1"),
        make_doc(4, "讲话稿", ["统一思想，提高认识", "突出重点，狠抓落实", "加强领导，落实责任"]),
    ]
    result = mine_structures(docs)
    report = result["types"]["工作汇报"]
    assert report["documents"] == 2
    top = report["skeletons"][0]
    assert top["roles_known"] == ["基本情况", "主要工作及成效", "存在问题", "下一步打算"]
    assert top["count"] == 2 and top["docs"] == ["t#1", "t#2"]
    headings = report["role_headings"]["存在问题"][0]
    assert headings["text"] == "存在问题" and headings["count"] == 2 and headings["docs"] == 2
    assert headings["sources"] == [{"doc": "t#1", "line": 4}, {"doc": "t#2", "line": 4}]
    assert most_common_skeleton(result, "讲话稿") == [
        "统一思想/提高认识", "主要内容/重点任务", "工作要求/加强领导",
    ]


def test_consensus_when_no_sequence_repeats() -> None:
    docs = [
        make_doc(1, "工作汇报", ["基本情况", "主要做法", "存在问题"]),
        make_doc(2, "工作汇报", ["主要做法", "存在问题", "下一步打算"]),
        make_doc(3, "工作汇报", ["基本情况", "主要做法", "下一步打算"]),
    ]
    assert most_common_skeleton(mine_structures(docs), "工作汇报") == [
        "基本情况", "主要工作及成效", "存在问题", "下一步打算",
    ]


def test_output_is_deterministic_and_json_ready() -> None:
    docs = [make_doc(i, "工作汇报", REPORT[: 2 + i % 3]) for i in range(1, 7)]
    first = mine_structures(docs)
    second = mine_structures(list(reversed(docs)))
    assert json.dumps(first, ensure_ascii=False, sort_keys=True) == json.dumps(
        second, ensure_ascii=False, sort_keys=True
    )
    assert first["version"] == 1
    assert {r["name"] for r in first["roles"]} >= {"基本情况", "存在问题"}


def test_format_structure_reads_as_chinese_chains() -> None:
    docs = [make_doc(1, "工作汇报", REPORT), make_doc(2, "工作汇报", REPORT)]
    text = format_structure(mine_structures(docs), "工作汇报")
    assert "工作汇报 → 基本情况 → 主要工作及成效 → 存在问题 → 下一步打算（2 篇）" in text
    assert "t#1" in text


def test_unknown_type_raises_a_corpus_error_naming_the_choices() -> None:
    structures = mine_structures([make_doc(1, "工作汇报", REPORT)])
    with pytest.raises(CorpusError) as info:
        format_structure(structures, "调研报告")
    assert "工作汇报" in (info.value.fix or "")
    with pytest.raises(CorpusError):
        most_common_skeleton(structures, "调研报告")


def test_seed_corpus_skeletons(seed_corpus: Path) -> None:
    from drafter.corpus import load_documents

    structures = mine_structures(load_documents(seed_corpus))
    types = structures["types"]
    assert most_common_skeleton(structures, "工作汇报")[:2] == ["基本情况", "主要工作及成效"]
    assert "存在问题" in most_common_skeleton(structures, "工作汇报")
    speech = most_common_skeleton(structures, "讲话稿")
    assert speech[0] == "统一思想/提高认识" and "主要内容/重点任务" in speech
    opinion = most_common_skeleton(structures, "实施意见")
    assert opinion[-2:] == ["实施步骤", "保障措施"]
    for entry in types.values():
        for skeleton in entry["skeletons"]:
            assert skeleton["count"] >= 1 and skeleton["docs"] == sorted(skeleton["docs"])
