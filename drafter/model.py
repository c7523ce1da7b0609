"""Frozen values that flow between the pipeline stages.

seeds/ -> ingest (RawText) -> clean (CleanText) -> split (Piece) -> outline (Heading)
-> classify (Classification) -> corpus (Document) -> mine -> templates -> render.
Every value keeps its provenance: the source file and 1-based line numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The one visible token placeholders (20__年, ××, *区 ...) become during cleaning.
# Mining skips any sentence holding it and `drafter check` flags it, so it can
# never reach a draft silently.
SLOT_TOKEN = "【待填】"

DOC_TYPES: tuple[str, ...] = (
    "工作汇报",
    "讲话稿",
    "调研报告",
    "工作总结",
    "工作计划",
    "实施意见",
    "其他",
)

# 文种 outside DOC_TYPES that classification recognises by the name a title
# gives them (关于印发…的通知, …实施方案, …规划, 政府工作报告). They have no
# template of their own: `canonical_type` maps the ones with a close built-in
# template there (方案 -> 工作计划) for drafting and corpus look-ups.
GENRE_TYPES: tuple[str, ...] = ("通知", "方案", "规划", "报告", "通报", "公告", "通告", "请示", "批复")


# What office staff also call the corpus's types; corpus-level look-ups
# (`drafter structure`, `drafter phrases --type`) accept these. Templates keep
# their own, finer aliases in meta.yaml (表态发言 has a template of its own).
TYPE_ALIASES: dict[str, str] = {
    "情况汇报": "工作汇报",
    "汇报": "工作汇报",
    "讲话": "讲话稿",
    "领导讲话": "讲话稿",
    "表态发言": "讲话稿",
    "发言": "讲话稿",
    "调查报告": "调研报告",
    "总结": "工作总结",
    "计划": "工作计划",
    "工作要点": "工作计划",
    "要点": "工作计划",
    "方案": "工作计划",
    "实施方案": "工作计划",
    "工作方案": "工作计划",
    "意见": "实施意见",
    "指导意见": "实施意见",
}


def canonical_type(name: str) -> str:
    """The corpus type a user's name for it means (情况汇报 -> 工作汇报)."""
    name = name.strip()
    return TYPE_ALIASES.get(name, name)


@dataclass(frozen=True)
class SourceLine:
    """One line of a source file, with its 1-based line number in that file."""

    number: int
    text: str
    # Set by cleaning when text was lost (e.g. a pinyin fragment whose character
    # is gone, marked □); mining uses only the intact sentences of such a line
    # (clean.intact_sentences).
    damaged: bool = False
    # Heading depth declared by the source format itself (Word Heading N style,
    # Markdown '#'), or None for plain text.
    style_level: int | None = None


@dataclass(frozen=True)
class RawText:
    """A file as read: decoded text split into lines, nothing cleaned yet."""

    path: str
    encoding: str
    format: str  # "txt" | "docx" | "md"
    lines: tuple[SourceLine, ...]


@dataclass(frozen=True)
class CleanText:
    """A file after cleaning: noise lines dropped, the rest normalised."""

    path: str
    lines: tuple[SourceLine, ...]


@dataclass(frozen=True)
class Piece:
    """One document found in a source file."""

    source: str  # file name, e.g. "000_a523faac99280891.txt"
    index: int  # 1-based piece number within the file, in marker order
    part: int  # 0 when the piece is whole; 1.. for speeches split out of a glued piece
    title: str | None  # the document's own title, when it has one
    marker_title: str | None  # what the collection's marker line claimed
    lines: tuple[SourceLine, ...]
    duplicate_of: str | None = None  # id of the piece this one repeats, if any

    @property
    def id(self) -> str:
        stem = self.source.rsplit(".", 1)[0]
        return f"{stem}#{self.index}" + (f".{self.part}" if self.part else "")

    @property
    def first_line(self) -> int:
        return self.lines[0].number if self.lines else 0

    @property
    def last_line(self) -> int:
        return self.lines[-1].number if self.lines else 0

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Heading:
    """A heading found by the outline parser."""

    level: int  # depth in this document's tree, 1 = top
    number: str  # numbering as written, e.g. "一、", "（一）", "1.", "第一部分"
    text: str  # heading text without its number, cut at the first "。"
    line: int  # source line number
    style: str  # numbering style key, e.g. "cn", "paren_cn", "arabic", "paren_arabic", "part"
    body: str = ""  # text that runs on after the heading on the same line


@dataclass(frozen=True)
class Classification:
    type: str  # one of DOC_TYPES, or a 文种 of GENRE_TYPES named by the title
    confidence: float  # 0..1
    evidence: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Document:
    """A piece with its analysis: what corpus/ stores, one per document."""

    piece: Piece
    headings: tuple[Heading, ...]
    classification: Classification
