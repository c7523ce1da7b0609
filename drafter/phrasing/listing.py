"""`drafter phrases`: the mined bank and the conventions in one listing, each row saying
where it came from ("corpus" with its documents, or "convention" with its position)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

SOURCES = ("corpus", "convention")


def phrase_rows(
    *,
    corpus_dir: Path | str | None = None,
    search_path: Sequence[Path] | None = None,
    keyword: str | None = None,
    type: str | None = None,  # noqa: A002 - named like the CLI flag
    role: str | None = None,
    kind: str | None = None,
    source: str | None = None,
) -> list[dict[str, Any]]:
    """Rows matching every filter: mined phrases (most used first), then conventions in
    the order the file gives them. `source` keeps one of the two."""
    from drafter.errors import InputError

    if source is not None and source not in SOURCES:
        raise InputError(f"没有「{source}」这种来源", fix="--source 可选：corpus（语料库挖掘）、convention（惯用语文件）。")
    rows: list[dict[str, Any]] = []
    if source in (None, "corpus"):
        from drafter.corpus import PHRASES_FILE, default_corpus_dir, load_json
        from drafter.mine.phrases import search_phrases

        data = load_json(default_corpus_dir(corpus_dir), PHRASES_FILE)
        rows += [{**r, "source": "corpus"} for r in search_phrases(data, keyword=keyword, type=type, role=role, kind=kind)]
    if source in (None, "convention"):
        rows += _convention_rows(search_path, keyword=keyword, type=type, role=role, kind=kind)
    return rows


def _convention_rows(
    search_path: Sequence[Path] | None, *, keyword: str | None, type: str | None, role: str | None, kind: str | None  # noqa: A002
) -> list[dict[str, Any]]:
    from drafter.mine.phrases import KIND_NAMES
    from drafter.phrasing.conventions import find_conventions, load_conventions
    from drafter.templates import template_search_path

    path = tuple(search_path or template_search_path())
    file = find_conventions(path)
    wanted_type = _template_type(type, path) if type else None
    rows = []
    for p in load_conventions(path):
        if keyword and keyword not in p.text:
            continue
        if wanted_type and wanted_type not in p.types:
            continue
        if role and not any(role == r or role in r.split("/") for r in p.roles):
            continue
        if kind and p.kind != kind and KIND_NAMES.get(p.kind) != kind:
            continue
        rows.append({
            "text": p.text, "kind": p.kind, "types": list(p.types), "roles": list(p.roles),
            "count": 0, "docs": 0, "sources": [], "source": "convention", "position": p.position,
            "file": str(file) if file else "",
        })
    return rows


def _template_type(name: str, path: Sequence[Path]) -> str:
    """The template type a name or alias means (表态 -> 表态发言); conventions are per template."""
    from drafter.errors import TemplateError
    from drafter.templates import resolve_type

    try:
        return resolve_type(name, path).name
    except TemplateError:
        return name


def format_rows(rows: Sequence[dict[str, Any]]) -> str:
    """A readable Chinese listing: text, kind, and where it came from."""
    from drafter.mine.phrases import KIND_NAMES

    lines = []
    for row in rows:
        kind = KIND_NAMES.get(row["kind"], row["kind"])
        where = "、".join(row["types"])
        roles = f"；角色：{'、'.join(row['roles'])}" if row["roles"] else ""
        lines.append(row["text"])
        if row["source"] == "convention":
            lines.append(f"    〔{kind}〕惯用语（位置 {row['position']}）；文种：{where}{roles}")
            lines.append(f"    出处：惯用语文件 {row['file']}")
        else:
            lines.append(f"    〔{kind}〕语料库：{row['docs']} 篇文档，{row['count']} 处；文种：{where}{roles}")
            sources = "，".join(f"{s['doc']} 第 {s['line']} 行" for s in row["sources"][:3])
            lines.append(f"    出处：{sources}")
    return "\n".join(lines)


def format_used(used: Sequence[Any]) -> str:
    """The stock phrases a draft used (Draft.phrases), each with where it came from."""
    lines = ["草稿用到的套话及出处："]
    for phrase in used:
        if phrase.source == "convention":
            lines.append(f"  【惯用语】{phrase.text}（位置 {phrase.position}）")
        else:
            docs = "、".join(phrase.documents[:3])
            lines.append(f"  【语料库】{phrase.text}（{docs}{' 等' if len(phrase.documents) > 3 else ''}）")
    if len(lines) == 1:
        lines.append("  （没有用到套话）")
    return "\n".join(lines)


__all__ = ["SOURCES", "format_rows", "format_used", "phrase_rows"]
