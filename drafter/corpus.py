"""The only reader and writer of corpus/.

build_corpus runs the pipeline over a folder of sample documents
(ingest -> clean -> split -> outline -> classify), links duplicates across
files, mines structures and phrases, and writes everything as deterministic
JSON: rebuilding from the same seeds gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from drafter.errors import CorpusError, DrafterError, InputError
from drafter.model import (
    Classification,
    CleanText,
    Document,
    Heading,
    Piece,
    SourceLine,
)

CORPUS_VERSION = 1
DOCUMENTS_FILE = "documents.jsonl"
MANIFEST_FILE = "manifest.json"
STRUCTURES_FILE = "structures.json"
PHRASES_FILE = "phrases.json"


@dataclass(frozen=True)
class Problem:
    """A source file that could not be used, and why (the rest still builds)."""

    path: str
    message: str


@dataclass(frozen=True)
class BuildReport:
    out_dir: Path
    sources: int
    pieces: int
    documents: int
    duplicates: int
    by_type: dict[str, int]
    problems: tuple[Problem, ...] = field(default=())


# --- analysis -----------------------------------------------------------------


def clean_file(path: Path) -> tuple[CleanText, str]:
    """Read and clean one file; returns the clean text and the detected encoding."""
    from drafter.clean import clean
    from drafter.ingest import read_file

    raw = read_file(path)
    return clean(raw), raw.encoding


def analyse_pieces(pieces: Sequence[Piece]) -> list[Document]:
    """Outline and classify pieces that have already been split."""
    from drafter.classify import classify
    from drafter.outline import parse_outline

    documents = []
    for piece in pieces:
        headings = tuple(parse_outline(piece.lines))
        documents.append(Document(piece, headings, classify(piece, headings)))
    return documents


def analyse_file(path: Path) -> list[Document]:
    """Every document found in one file, analysed: what `drafter outline` shows."""
    from drafter.split import split_pieces

    text, _ = clean_file(path)
    return analyse_pieces(split_pieces(text))


# --- build ----------------------------------------------------------------------


def build_corpus(seeds_dir: Path, out_dir: Path, *, mine: bool = True) -> BuildReport:
    """Rebuild corpus/ from a folder of sample documents.

    Unusable files are reported as problems, not raised, so one bad file does
    not stop the rest of the folder from building.
    """
    from drafter.ingest import list_sources
    from drafter.split import link_duplicates, split_pieces

    seeds_dir = Path(seeds_dir)
    if not seeds_dir.is_dir():
        raise InputError(
            "找不到范文文件夹。", path=seeds_dir, fix="给出存放范文（.txt/.md/.docx）的文件夹路径。"
        )
    sources = list_sources(seeds_dir)
    if not sources:
        raise InputError(
            "文件夹里没有可用的范文（.txt、.md 或 .docx）。",
            path=seeds_dir,
            fix="把范文文件放进这个文件夹后重试。",
        )

    problems: list[Problem] = []
    manifest_sources: list[dict[str, Any]] = []
    all_pieces: list[Piece] = []
    for path in sources:
        rel = path.relative_to(seeds_dir).as_posix()
        try:
            text, encoding = clean_file(path)
            pieces = split_pieces(text)
        except DrafterError as exc:
            problems.append(Problem(rel, exc.message))
            continue
        # Pieces are named by the path relative to the corpus root so that two
        # files with the same name in different folders stay apart.
        pieces = [replace(p, source=rel) for p in pieces]
        all_pieces.extend(pieces)
        manifest_sources.append(
            {
                "file": rel,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "encoding": encoding,
                "pieces": len({p.index for p in pieces}),
                "documents": len(pieces),
            }
        )

    linked = link_duplicates(all_pieces)
    documents = sorted(analyse_pieces(linked), key=lambda d: _sort_key(d.piece))

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_text(out_dir / DOCUMENTS_FILE, "".join(_jsonl(document_to_dict(d)) for d in documents))
    by_type = dict(sorted(Counter(d.classification.type for d in documents).items()))
    manifest = {
        "version": CORPUS_VERSION,
        "sources": manifest_sources,
        "pieces": sum(s["pieces"] for s in manifest_sources),
        "documents": len(documents),
        "duplicates": sum(1 for d in documents if d.piece.duplicate_of),
        "by_type": by_type,
        "problems": [{"file": p.path, "message": p.message} for p in problems],
    }
    _write_text(out_dir / MANIFEST_FILE, dumps(manifest))
    if mine:
        mine_documents(documents, out_dir)
    return BuildReport(
        out_dir=out_dir,
        sources=len(manifest_sources),
        pieces=manifest["pieces"],
        documents=len(documents),
        duplicates=manifest["duplicates"],
        by_type=by_type,
        problems=tuple(problems),
    )


def mine_documents(documents: Sequence[Document], out_dir: Path) -> tuple[dict, dict]:
    """Mine structures and phrases from analysed documents and write them."""
    from drafter.mine.phrases import mine_phrases
    from drafter.mine.structures import mine_structures

    structures = mine_structures(documents)
    phrases = mine_phrases(documents)
    _write_text(Path(out_dir) / STRUCTURES_FILE, dumps(structures))
    _write_text(Path(out_dir) / PHRASES_FILE, dumps(phrases))
    return structures, phrases


def mine_corpus(corpus_dir: Path) -> tuple[dict, dict]:
    """`drafter mine`: re-mine an existing corpus/ without re-reading the seeds."""
    return mine_documents(load_documents(corpus_dir), corpus_dir)


# --- reading ------------------------------------------------------------------

CORPUS_ENV = "DRAFTER_CORPUS"


def builtin_corpus_dir() -> Path:
    """The corpus shipped with drafter: inside the package when installed from a
    wheel (pyproject maps it there), beside the package in a checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "_corpus"
    return installed if installed.is_dir() else package.parent / "corpus"


def default_corpus_dir(corpus_dir: Path | str | None = None) -> Path:
    """Which corpus to read: the one named, then $DRAFTER_CORPUS, then the built-in one."""
    import os

    if corpus_dir is not None:
        return Path(corpus_dir)
    if os.environ.get(CORPUS_ENV):
        return Path(os.environ[CORPUS_ENV])
    return builtin_corpus_dir()


def load_documents(corpus_dir: Path) -> list[Document]:
    path = Path(corpus_dir) / DOCUMENTS_FILE
    if not path.is_file():
        raise CorpusError(
            "语料库里没有 documents.jsonl。",
            path=path,
            fix="先运行 `drafter corpus build 范文文件夹 -o 语料库文件夹`。",
        )
    documents = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            documents.append(document_from_dict(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise CorpusError(
                f"语料库文件已损坏：{exc}",
                path=path,
                line=number,
                fix="重新运行 `drafter corpus build` 生成语料库。",
            ) from exc
    return documents


def load_json(corpus_dir: Path, name: str) -> Any:
    path = Path(corpus_dir) / name
    if not path.is_file():
        raise CorpusError(
            f"语料库里没有 {name}。",
            path=path,
            fix="先运行 `drafter corpus build`（或 `drafter mine`）生成它。",
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise CorpusError(
            f"语料库文件不是有效的 JSON：{exc}",
            path=path,
            fix="重新运行 `drafter corpus build` 生成语料库。",
        ) from exc


# --- (de)serialisation -----------------------------------------------------------


def document_to_dict(doc: Document) -> dict[str, Any]:
    piece = doc.piece
    return {
        "id": piece.id,
        "source": piece.source,
        "index": piece.index,
        "part": piece.part,
        "title": piece.title,
        "marker_title": piece.marker_title,
        "type": doc.classification.type,
        "confidence": round(doc.classification.confidence, 3),
        "evidence": list(doc.classification.evidence),
        "duplicate_of": piece.duplicate_of,
        "first_line": piece.first_line,
        "last_line": piece.last_line,
        "headings": [heading_to_dict(h) for h in doc.headings],
        "lines": [
            {"n": line.number, "text": line.text, "damaged": line.damaged}
            for line in piece.lines
        ],
    }


def heading_to_dict(h: Heading) -> dict[str, Any]:
    return {
        "level": h.level,
        "number": h.number,
        "text": h.text,
        "line": h.line,
        "style": h.style,
        "body": h.body,
    }


def document_from_dict(data: dict[str, Any]) -> Document:
    piece = Piece(
        source=data["source"],
        index=data["index"],
        part=data["part"],
        title=data["title"],
        marker_title=data["marker_title"],
        lines=tuple(
            SourceLine(number=l["n"], text=l["text"], damaged=l["damaged"])
            for l in data["lines"]
        ),
        duplicate_of=data["duplicate_of"],
    )
    headings = tuple(Heading(**h) for h in data["headings"])
    cls = Classification(data["type"], data["confidence"], tuple(data["evidence"]))
    return Document(piece, headings, cls)


def dumps(obj: Any) -> str:
    """The one JSON layout of corpus/: stable keys, readable Chinese, trailing newline."""
    return json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _jsonl(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True) + "\n"


def _sort_key(piece: Piece) -> tuple[str, int, int]:
    return (piece.source, piece.index, piece.part)


def _write_text(path: Path, text: str) -> None:
    from drafter.fsutil import atomic_write

    atomic_write(path, text, force=True)


def iter_documents(docs: Iterable[Document], *, include_duplicates: bool = False) -> Iterable[Document]:
    return (d for d in docs if include_duplicates or not d.piece.duplicate_of)
