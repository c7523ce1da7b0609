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
from typing import TYPE_CHECKING, Any

from drafter.errors import CorpusError, DrafterError, InputError
from drafter.fsutil import replace_folder, staged_folder

# `drafter new` only reads phrases.json/structures.json through this module (load_json);
# drafter.model's dataclasses are imported where documents are built, not at import.
if TYPE_CHECKING:
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
    from drafter.model import Document

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


def build_corpus(seeds_dir: Path, out_dir: Path, *, mine: bool = True, force: bool = False) -> BuildReport:
    """Rebuild corpus/ from a folder of sample documents.

    Unusable files are reported as problems, not raised, so one bad file does
    not stop the rest of the folder from building. The old corpus is replaced only
    by a new one holding at least one document (or with `force`).
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
    check_corpus_target(out_dir)
    if not documents and not force:
        raise CorpusError(
            "没有从范文中读出任何文档，原有语料库保持不变",
            path=seeds_dir,
            details=[f"跳过 {p.path}：{p.message}" for p in problems],
            fix="修正上面列出的文件后重试；确实要写入一个空语料库时加 --force。",
        )
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
    # Built in a temporary folder and swapped in whole: an interrupted or failed build
    # (Ctrl-C, a full disk) leaves the old corpus as it was, never half of a new one.
    with staged_folder(out_dir) as stage:
        _write_text(stage / DOCUMENTS_FILE, "".join(_jsonl(document_to_dict(d)) for d in documents))
        if mine:
            _mine_into(documents, stage)
        _write_text(stage / MANIFEST_FILE, dumps(_sealed(manifest, stage)))
        replace_folder(stage, out_dir)
    return BuildReport(
        out_dir=out_dir,
        sources=len(manifest_sources),
        pieces=manifest["pieces"],
        documents=len(documents),
        duplicates=manifest["duplicates"],
        by_type=by_type,
        problems=tuple(problems),
    )


# The files a corpus folder holds; manifest.json records the others' hashes so a
# reader can tell a folder mixed from two builds (or edited by hand) from a whole one.
CORPUS_FILES = (MANIFEST_FILE, DOCUMENTS_FILE, STRUCTURES_FILE, PHRASES_FILE)


def check_corpus_target(out_dir: Path) -> None:
    """Refuse an output that is a file, or a folder holding anything but a corpus:
    the whole folder is replaced, and `-o .` must never take the user's files with it."""
    from drafter.errors import OutputError

    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise OutputError(
            "输出路径已存在，且不是文件夹",
            path=out_dir,
            fix="语料库要写入一个文件夹：用 -o 换一个文件夹名，或先移走这个文件。",
        )
    if not out_dir.is_dir():
        return
    try:
        others = sorted(p.name for p in out_dir.iterdir() if p.name not in CORPUS_FILES)
    except OSError as exc:
        raise OutputError(f"无法读取输出文件夹（{exc.strerror}）", path=out_dir) from None
    if others:
        shown = "、".join(others[:5]) + ("等" if len(others) > 5 else "")
        raise OutputError(
            f"输出文件夹里有语料库以外的文件（{shown}），未写入",
            path=out_dir,
            fix="语料库会整体替换这个文件夹：请用 -o 指定一个新的或只存放语料库的文件夹。",
        )


def _sealed(manifest: dict[str, Any], folder: Path) -> dict[str, Any]:
    files = {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in CORPUS_FILES[1:]
        if (folder / name).is_file()
    }
    return {**manifest, "files": files}


def mine_documents(documents: Sequence[Document], out_dir: Path) -> tuple[dict, dict]:
    """Mine structures and phrases from analysed documents and write them."""
    return _mine_into(documents, Path(out_dir))


def _mine_into(documents: Sequence[Document], folder: Path) -> tuple[dict, dict]:
    from drafter.mine.phrases import mine_phrases
    from drafter.mine.structures import mine_structures

    structures = mine_structures(documents)
    phrases = mine_phrases(documents)
    _write_text(folder / STRUCTURES_FILE, dumps(structures))
    _write_text(folder / PHRASES_FILE, dumps(phrases))
    return structures, phrases


def mine_corpus(corpus_dir: Path) -> tuple[dict, dict]:
    """`drafter mine`: re-mine an existing corpus/ without re-reading the seeds
    (swapped in whole, like a build)."""
    corpus_dir = Path(corpus_dir)
    documents = load_documents(corpus_dir)
    manifest = load_json(corpus_dir, MANIFEST_FILE) if (corpus_dir / MANIFEST_FILE).is_file() else {}
    check_corpus_target(corpus_dir)
    with staged_folder(corpus_dir) as stage:
        (stage / DOCUMENTS_FILE).write_bytes((corpus_dir / DOCUMENTS_FILE).read_bytes())
        mined = _mine_into(documents, stage)
        if isinstance(manifest, dict):
            _write_text(stage / MANIFEST_FILE, dumps(_sealed(manifest, stage)))
        replace_folder(stage, corpus_dir)
    return mined


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
    for number, line in enumerate(_read_verified(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            documents.append(document_from_dict(json.loads(line)))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CorpusError(
                f"语料库文件已损坏：{exc}",
                path=path,
                line=number,
                fix="重新运行 `drafter corpus build` 生成语料库。",
            ) from None
    return documents


def load_json(corpus_dir: Path, name: str) -> Any:
    path = Path(corpus_dir) / name
    if not path.is_file():
        raise CorpusError(
            f"语料库里没有 {name}。",
            path=path,
            fix="先运行 `drafter corpus build`（或 `drafter mine`）生成它。",
        )
    text = _read_verified(path)
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CorpusError(
            f"语料库文件不是有效的 JSON：{exc}",
            path=path,
            fix="重新运行 `drafter corpus build` 生成语料库。",
        ) from None
    except RecursionError:
        raise CorpusError("语料库文件嵌套过深", path=path, fix="重新运行 `drafter corpus build` 生成语料库。") from None
    if name in CORPUS_FILES and not isinstance(data, dict):
        raise CorpusError(
            f"语料库文件的格式不对：顶层应是 JSON 对象，却是 {type(data).__name__}",
            path=path,
            fix="重新运行 `drafter corpus build` 生成语料库。",
        )
    return data


def _read_verified(path: Path) -> str:
    """A corpus file's text, after checking it is the one its manifest.json recorded:
    a folder mixing two builds (or a file changed by hand) is refused, not used."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"无法读取语料库文件（{exc.strerror}）", path=path, fix="检查文件权限。") from None
    if path.name != MANIFEST_FILE:
        expected = _recorded_hash(path.parent, path.name)
        if expected is not None and hashlib.sha256(data).hexdigest() != expected:
            raise CorpusError(
                f"语料库不完整或不一致：{path.name} 与 manifest.json 的记录不符"
                "（可能是两次构建混在了一起，或文件被改动过）",
                path=path,
                fix="重新运行 `drafter corpus build 范文文件夹 -o 语料库文件夹`。",
            )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"语料库文件不是 UTF-8 文本（第 {exc.start} 字节处）",
            path=path,
            fix="重新运行 `drafter corpus build` 生成语料库。",
        ) from None


def _recorded_hash(corpus_dir: Path, name: str) -> str | None:
    manifest = Path(corpus_dir) / MANIFEST_FILE
    try:
        data = json.loads(manifest.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None  # a corpus from before manifests recorded hashes
    files = data.get("files") if isinstance(data, dict) else None
    value = files.get(name) if isinstance(files, dict) else None
    return value if isinstance(value, str) else None


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
    from drafter.model import Classification, Document, Heading, Piece, SourceLine

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
