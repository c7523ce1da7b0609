"""The mined phrase bank (corpus/phrases.json) and structures, loaded once per file version."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafter.errors import CorpusError

_SLOT_RE = re.compile(r"\{([^{}]+)\}")


def corpus_search_dir(corpus_dir: Path | str | None = None) -> Path:
    """Where the corpus is: --corpus, then $DRAFTER_CORPUS, then the repo's corpus/."""
    from drafter.corpus import default_corpus_dir

    return default_corpus_dir(corpus_dir)


@dataclass(frozen=True)
class Phrase:
    id: str
    text: str
    kind: str
    slots: tuple[str, ...]
    types: tuple[str, ...]
    roles: tuple[str, ...]
    count: int
    docs: int
    # Where it came from: "corpus" (mined; `documents` are the seed documents that use it)
    # or "convention" (the curated conventions file; `position` is its place there).
    source: str = "corpus"
    documents: tuple[str, ...] = ()
    position: str = ""


@dataclass(frozen=True)
class PhraseBank:
    """The mined stock phrases, loaded once; `source` says which file they came from."""

    phrases: tuple[Phrase, ...]
    source: Path | None = None

    @staticmethod
    def from_data(data: Any, source: Path | None = None) -> PhraseBank:
        if not isinstance(data, dict) or not isinstance(data.get("phrases"), list):
            raise CorpusError(
                "phrases.json 格式不对：缺少 phrases 列表",
                path=source,
                fix="重新运行 `drafter mine` 生成短语库。",
            )
        phrases = []
        for i, entry in enumerate(data["phrases"]):
            if not isinstance(entry, dict) or not entry.get("text"):
                continue
            text = str(entry["text"])
            phrases.append(
                Phrase(
                    id=str(entry.get("id", i)),
                    text=text,
                    kind=str(entry.get("kind", "")),
                    slots=tuple(entry.get("slots") or _SLOT_RE.findall(text)),
                    types=tuple(entry.get("types") or ()),
                    roles=tuple(entry.get("roles") or ()),
                    count=int(entry.get("count", 0)),
                    docs=int(entry.get("docs", 0)),
                    documents=tuple(
                        str(s.get("doc")) for s in entry.get("sources") or () if isinstance(s, dict) and s.get("doc")
                    ),
                )
            )
        return PhraseBank(tuple(phrases), source)


def load_phrase_bank(corpus_dir: Path | str | None = None) -> PhraseBank:
    """The bank in corpus_dir (see corpus_search_dir), cached while the file is unchanged."""
    path = corpus_search_dir(corpus_dir) / "phrases.json"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        raise CorpusError(
            "找不到短语库 phrases.json",
            path=path,
            fix="先运行 `drafter corpus build`（或 `drafter mine`），或用 --corpus 指定语料库文件夹。",
        ) from None
    return _load_bank_cached(path, stamp)


@functools.lru_cache(maxsize=8)
def _load_bank_cached(path: Path, stamp: int) -> PhraseBank:
    from drafter.corpus import load_json

    return PhraseBank.from_data(load_json(path.parent, path.name), path)


def load_structures(corpus_dir: Path | str | None = None) -> Any:
    """corpus/structures.json, or None when the corpus has none yet (headings fall back)."""
    path = corpus_search_dir(corpus_dir) / "structures.json"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    return _load_structures_cached(path, stamp)


@functools.lru_cache(maxsize=8)
def _load_structures_cached(path: Path, stamp: int) -> Any:
    from drafter.corpus import load_json

    return load_json(path.parent, path.name)


