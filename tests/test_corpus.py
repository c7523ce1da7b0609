"""corpus/ is rebuilt byte-for-byte from seeds/, and survives bad files."""

from __future__ import annotations

import json
from pathlib import Path

from drafter.corpus import build_corpus, load_documents
from tests.conftest import ROOT, SEEDS

FILES = ("manifest.json", "documents.jsonl", "structures.json", "phrases.json")


def test_rebuild_is_byte_identical(seed_corpus: Path, tmp_path: Path) -> None:
    build_corpus(SEEDS, tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (seed_corpus / name).read_bytes(), name


def test_committed_corpus_is_current(seed_corpus: Path) -> None:
    # corpus/ is committed: it must be what the current code builds from seeds/.
    for name in FILES:
        assert (ROOT / "corpus" / name).read_bytes() == (seed_corpus / name).read_bytes(), (
            f"corpus/{name} is stale: run `make corpus`"
        )


def test_seeds_give_48_pieces_and_54_documents(seed_corpus: Path) -> None:
    manifest = json.loads((seed_corpus / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pieces"] == 48
    assert manifest["documents"] == 54
    assert manifest["problems"] == []


def test_every_document_has_provenance(seed_corpus: Path) -> None:
    docs = load_documents(seed_corpus)
    assert len(docs) == 54
    for doc in docs:
        assert doc.piece.source.endswith(".txt")
        assert 0 < doc.piece.first_line <= doc.piece.last_line
        assert doc.classification.type
        assert doc.piece.lines


def test_bad_files_are_reported_and_the_rest_builds(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (seeds / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (seeds / "good.txt").write_text(
        "关于2024年招商引资工作情况的汇报\n市委：\n现将有关情况汇报如下：\n"
        "一、基本情况\n今年以来，我局扎实推进招商引资工作。\n"
        "二、存在问题\n项目储备不足。\n三、下一步打算\n继续加大招商力度。\n",
        encoding="gbk",
    )
    report = build_corpus(seeds, tmp_path / "corpus", mine=False)
    assert report.documents == 1
    assert sorted(p.path for p in report.problems) == ["binary.txt", "broken.docx", "empty.txt"]
    (doc,) = load_documents(tmp_path / "corpus")
    assert [h.text for h in doc.headings] == ["基本情况", "存在问题", "下一步打算"]
