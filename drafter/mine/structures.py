"""Skeletons per document type: the ordered roles of each document's top-level headings.

`mine_structures(docs)` returns a JSON-ready dict (structures.json):

    {"version": 1,
     "roles": [{"name", "aliases", "description"}],           # the taxonomy
     "types": {"工作汇报": {
         "documents": n,                                          # non-duplicate documents
         "skeletons": [{"roles": [...], "roles_known": [...], "count": n, "docs": [ids]}],
         "consensus": {"roles": [...], "support": {role: n}, "documents": n},
         "role_headings": {"基本情况": [{"text", "level", "count", "docs", "sources": [{"doc", "line"}]}]}}}}

A skeleton's `roles` keeps unknown sections as "?" so the real order stays
visible; `roles_known` is the same sequence with unknowns dropped. Consecutive
sections with the same role collapse into one (three "主要工作" headings in a row
are one 主要工作及成效 part). Skeletons are grouped by `roles_known` (what a
template can use); the most frequent `roles` shape is kept as the example.
Documents that duplicate another (`piece.duplicate_of`) are not counted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Sequence

from drafter.errors import CorpusError
from drafter.mine.roles import ROLES, classify_heading
from drafter.model import DOC_TYPES, Document, Heading, canonical_type

__all__ = [
    "UNKNOWN",
    "document_skeleton",
    "format_structure",
    "mine_structures",
    "most_common_skeleton",
]

UNKNOWN = "?"
_MAX_EXAMPLE_DOCS = 5
_MAX_SOURCES = 5


def _top_headings(doc: Document) -> list[Heading]:
    if not doc.headings:
        return []
    top = min(h.level for h in doc.headings)
    return [h for h in doc.headings if h.level == top]


def _dedupe_consecutive(seq: Sequence[str]) -> list[str]:
    out: list[str] = []
    for item in seq:
        if not out or out[-1] != item:
            out.append(item)
    return out


def document_skeleton(doc: Document) -> list[str]:
    """The role sequence of a document's top-level headings ("?" for unknown), deduped."""
    doc_type = doc.classification.type
    roles = [
        classify_heading(h.text, level=1, doc_type=doc_type)[0] or UNKNOWN
        for h in _top_headings(doc)
    ]
    return _dedupe_consecutive(roles)


def _counted(docs: Sequence[Document]) -> list[Document]:
    return sorted((d for d in docs if not d.piece.duplicate_of), key=lambda d: d.piece.id)


def _skeletons(docs: list[Document]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    for doc in docs:
        full = tuple(document_skeleton(doc))
        known = tuple(_dedupe_consecutive([r for r in full if r != UNKNOWN]))
        if known:
            groups[known].append((doc.piece.id, full))
    rows: list[dict[str, Any]] = []
    for known, members in groups.items():
        shapes = Counter(full for _, full in members)
        example = sorted(shapes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        ids = sorted(doc_id for doc_id, _ in members)
        rows.append(
            {
                "roles": list(example),
                "roles_known": list(known),
                "count": len(members),
                "docs": ids[:_MAX_EXAMPLE_DOCS],
            }
        )
    rows.sort(key=lambda r: (-r["count"], -len(r["roles_known"]), r["roles_known"]))
    return rows


def _consensus(docs: list[Document]) -> dict[str, Any]:
    """Roles most documents share, in their average order: a skeleton for templates.

    Few documents follow exactly the same sequence, so the single most frequent
    sequence is often trivial; the consensus keeps every role used by at least a
    quarter of the documents (and two of them), ordered by mean relative position.
    """
    positions: dict[str, list[float]] = defaultdict(list)
    with_structure = 0
    for doc in docs:
        known = [r for r in document_skeleton(doc) if r != UNKNOWN]
        if not known:
            continue
        with_structure += 1
        seen: set[str] = set()
        for index, role in enumerate(known):
            if role in seen:
                continue
            seen.add(role)
            positions[role].append(index / (len(known) - 1) if len(known) > 1 else 0.5)
    threshold = max(2, -(-with_structure // 4))
    kept = [r for r, pos in positions.items() if len(pos) >= threshold]
    kept.sort(key=lambda r: (sum(positions[r]) / len(positions[r]), r))
    return {
        "roles": kept,
        "support": {r: len(positions[r]) for r in sorted(kept)},
        "documents": with_structure,
    }


def _role_headings(docs: list[Document]) -> dict[str, list[dict[str, Any]]]:
    # role -> heading text -> [(doc id, line)]
    found: dict[str, dict[str, list[tuple[str, int]]]] = defaultdict(lambda: defaultdict(list))
    levels: dict[str, int] = {}
    for doc in docs:
        doc_type = doc.classification.type
        for h in doc.headings:
            if "【待填】" in h.text:
                continue
            role, _ = classify_heading(h.text, level=h.level, doc_type=doc_type)
            if role is not None:
                found[role][h.text].append((doc.piece.id, h.line))
                levels[h.text] = min(levels.get(h.text, h.level), h.level)
    result: dict[str, list[dict[str, Any]]] = {}
    for role in sorted(found):
        rows: list[dict[str, Any]] = []
        for text, uses in found[role].items():
            uses = sorted(uses)
            rows.append(
                {
                    "text": text,
                    "level": levels[text],
                    "count": len(uses),
                    "docs": len({doc_id for doc_id, _ in uses}),
                    "sources": [{"doc": d, "line": n} for d, n in uses[:_MAX_SOURCES]],
                }
            )
        # Top-level headings first: they name the section; deeper ones are its items.
        rows.sort(key=lambda r: (r["level"], -r["docs"], -r["count"], r["text"]))
        result[role] = rows
    return result


def mine_structures(docs: Sequence[Document]) -> dict[str, Any]:
    """Skeletons and real headings per role, for every document type present."""
    counted = _counted(docs)
    by_type: dict[str, list[Document]] = defaultdict(list)
    for doc in counted:
        by_type[doc.classification.type].append(doc)
    order = {t: i for i, t in enumerate(DOC_TYPES)}
    types = {
        t: {
            "documents": len(by_type[t]),
            "skeletons": _skeletons(by_type[t]),
            "consensus": _consensus(by_type[t]),
            "role_headings": _role_headings(by_type[t]),
        }
        for t in sorted(by_type, key=lambda t: (order.get(t, len(order)), t))
    }
    return {
        "version": 1,
        "roles": [
            {"name": r.name, "aliases": list(r.aliases), "description": r.description}
            for r in ROLES
        ],
        "types": types,
    }


def _type_entry(structures: dict[str, Any], doc_type: str) -> dict[str, Any]:
    types = structures.get("types", {})
    doc_type = canonical_type(doc_type)
    if doc_type not in types:
        order = {t: i for i, t in enumerate(DOC_TYPES)}
        known = "、".join(sorted(types, key=lambda t: (order.get(t, len(order)), t))) or "（无）"
        raise CorpusError(
            f"语料库中没有文种「{doc_type}」的结构",
            fix=f"可选的文种：{known}。",
        )
    entry: dict[str, Any] = types[doc_type]
    return entry


def most_common_skeleton(structures: dict[str, Any], doc_type: str) -> list[str]:
    """The role sequence a `doc_type` template should follow ([] when nothing is known).

    The most frequent multi-role skeleton when at least two documents and a third
    of those with a structure follow it, otherwise the consensus order (see
    `_consensus`): with few, varied documents no single sequence speaks for the type.
    """
    entry = _type_entry(structures, doc_type)
    multi = [s for s in entry["skeletons"] if len(s["roles_known"]) > 1]
    multi.sort(key=lambda s: (-s["count"], -len(s["roles_known"]), s["roles_known"]))
    structured = sum(s["count"] for s in entry["skeletons"])
    if multi and multi[0]["count"] >= 2 and multi[0]["count"] * 3 >= structured:
        return list(multi[0]["roles_known"])
    consensus = list(entry.get("consensus", {}).get("roles", []))
    if consensus:
        return consensus
    return list(multi[0]["roles_known"]) if multi else []


def format_structure(structures: dict[str, Any], doc_type: str) -> str:
    """Readable Chinese listing of a type's skeletons and the headings used per role."""
    entry = _type_entry(structures, doc_type)
    doc_type = canonical_type(doc_type)
    lines = [f"{doc_type}：共 {entry['documents']} 篇文档"]
    common = most_common_skeleton(structures, doc_type)
    if common:
        lines.append(f"常用结构：{' → '.join([doc_type, *common])}")
    lines.append("语料中的结构：")
    if not entry["skeletons"]:
        lines.append("  （这些文档没有可识别的一级标题结构）")
    for skel in entry["skeletons"]:
        chain = " → ".join([doc_type, *skel["roles_known"]])
        lines.append(f"  {chain}（{skel['count']} 篇）")
        if UNKNOWN in skel["roles"]:
            lines.append(f"      原始顺序：{' → '.join(skel['roles'])}（? 为未识别）")
        lines.append(f"      例：{'、'.join(skel['docs'])}")
    if entry["role_headings"]:
        lines.append("各角色的实际标题：")
        for role, rows in entry["role_headings"].items():
            shown = "；".join(
                f"{r['text']}（{r['docs']} 篇）" if r["docs"] > 1 else r["text"] for r in rows[:5]
            )
            lines.append(f"  【{role}】{shown}")
    return "\n".join(lines)
