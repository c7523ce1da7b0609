"""Markdown (the one intermediate form) -> a flat list of 公文 blocks.

Markdown is parsed with markdown-it-py (CommonMark); the token stream becomes
Heading / Paragraph / ListItem blocks, then a second pass gives the document
parts their 公文 roles by position and shape: the first heading is the title,
a parenthesised or `——` line right under it is a subtitle, a short line ending
with `：` is the addressee, a trailing date (and the short line before it) is
the date and signature, `附件：` is the attachment note.

Heading depth maps to the four 公文 levels: `##` 一、, `###` （一）, `####` 1.,
`#####` （1）; deeper headings are clamped to level 4.
"""

from __future__ import annotations

from drafter.numerals import parse_chinese, to_chinese

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# A run of text and whether it is bold. A LINE_BREAK inside text is a hard line
# break the typesetter keeps (Markdown "  \n").
Run = tuple[str, bool]
LINE_BREAK = "\u2028"
# Soft breaks (a newline inside a Markdown paragraph) are kept as "\n" until the
# role pass has looked at the lines, then joined (see _join_soft_breaks).
_SOFT = "\n"


@dataclass(frozen=True)
class Title:
    text: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Subtitle:
    text: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Addressee:
    text: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Heading:
    level: int  # 1..4: 一、 / （一） / 1. / （1）
    text: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    line: int = field(default=0, compare=False)

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.runs)


@dataclass(frozen=True)
class ListItem:
    runs: tuple[Run, ...]
    marker: str = ""  # "1." for ordered items, "" for bullets
    depth: int = 1  # nesting depth, 1 = top-level list
    line: int = field(default=0, compare=False)

    @property
    def text(self) -> str:
        return self.marker + "".join(text for text, _ in self.runs)


@dataclass(frozen=True)
class Signature:
    text: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Date:
    text: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Attachment:
    lines: tuple[str, ...]  # first line starts with "附件：", the rest continue the list
    line: int = field(default=0, compare=False)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


Block = Union[Title, Subtitle, Addressee, Heading, Paragraph, ListItem, Signature, Date, Attachment]

DATE_RE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_SENTENCE_PUNCT = re.compile(r"[。！？；，：!?;,:]")
_ATTACHMENT_RE = re.compile(r"^附\s*件\s*[：:]")
_ATTACHMENT_MORE_RE = re.compile(r"^\d+[.．]")
ADDRESSEE_MAX = 40
SIGNATURE_MAX = 30


def block_text(block: Block) -> str:
    """The visible text of any block (what a reader sees, without Markdown)."""
    text = getattr(block, "text")
    return str(text)


# ---------------------------------------------------------------- parsing


# Characters XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/FFFF):
# a .docx with one is unreadable, so they are dropped before typesetting.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def parse_markdown(text: str) -> list[Block]:
    """Parse Markdown into 公文 blocks (pure; never raises on odd Markdown).

    A leading front-matter block (drafter.render.frontmatter) is data, not text:
    its lines are skipped here and read by the typesetter.
    """
    from drafter.render.frontmatter import split_front_matter

    raw = _token_blocks(_NOT_XML.sub("", split_front_matter(text)[1]))
    return _join_soft_breaks(_assign_roles(raw))


# markdown-it silently drops whatever lies deeper than maxNesting (20 by default: a
# list 10 deep lost the rest of the document). Deeper than this, the lines are read
# flat instead: their text is kept, their nesting is not.
_MAX_NESTING = 60
# markdown-it-py's link and emphasis rules go quadratic on thousands of unmatched
# `[` / `![` / `*`; no 公文 has that many, so past these bounds they are read as text.
_MAX_BRACKETS = 500
_MAX_EMPHASIS = 2000
_NESTING_MARKERS = re.compile(r"^(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+[ \t]*")


@lru_cache(maxsize=4)
def _parser(plain_links: bool = False, plain_emphasis: bool = False) -> "MarkdownIt":
    # Built once: constructing the rule chains costs more than parsing a draft.
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"maxNesting": _MAX_NESTING})
    if plain_links:
        md.disable(["link", "image", "reference"])
    if plain_emphasis:
        md.disable(["emphasis"])
    return md


def _parse_tokens(text: str) -> list:
    md = _parser(text.count("[") > _MAX_BRACKETS, text.count("*") + text.count("_") > _MAX_EMPHASIS)
    try:
        tokens = md.parse(text)
        if all(tok.level < _MAX_NESTING - 2 for tok in tokens):
            return tokens
    except RecursionError:
        pass
    flat = "\n".join(_NESTING_MARKERS.sub("", line) for line in text.split("\n"))
    return md.parse(flat)


def _token_blocks(text: str) -> list[Block]:
    tokens = _parse_tokens(text)
    blocks: list[Block] = []
    lists: list[dict[str, object]] = []  # stack of open lists
    item_marker: list[str] = []
    pending_heading: int | None = None
    in_item_paragraph = False
    for tok in tokens:
        line = tok.map[0] + 1 if tok.map else 0
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append({"ordered": kind == "ordered_list_open"})
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            ordered = bool(lists and lists[-1]["ordered"])
            item_marker.append(f"{tok.info}." if ordered and tok.info else "")
            in_item_paragraph = False
        elif kind == "list_item_close":
            item_marker.pop()
        elif kind == "heading_open":
            pending_heading = int(tok.tag[1])
        elif kind == "heading_close":
            pending_heading = None
        elif kind == "inline":
            runs = _inline_runs(tok)
            if pending_heading is not None:
                heading_text = "".join(t for t, _ in runs).replace(_SOFT, "").strip()
                # Depth 1 stays 0 here; the role pass turns the first heading into the title.
                blocks.append(Heading(level=pending_heading - 1, text=heading_text, line=line))
            elif item_marker:
                # Only the first paragraph of an item carries its number.
                marker = "" if in_item_paragraph else item_marker[-1]
                in_item_paragraph = True
                blocks.append(ListItem(runs=runs, marker=marker, depth=len(lists), line=line))
            else:
                blocks.append(Paragraph(runs=runs, line=line))
        elif kind in ("fence", "code_block", "html_block"):
            for offset, code_line in enumerate(tok.content.splitlines()):
                if code_line.strip():
                    blocks.append(Paragraph(runs=((code_line.strip(), False),), line=line + offset))
    return blocks


def _inline_runs(tok: object) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = 0
    for child in getattr(tok, "children", None) or []:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold = max(0, bold - 1)
        elif kind in ("text", "code_inline", "html_inline"):
            _add_run(runs, child.content, bold > 0)
        elif kind == "softbreak":
            _add_run(runs, _SOFT, bold > 0)
        elif kind == "hardbreak":
            _add_run(runs, LINE_BREAK, bold > 0)
        elif kind == "image":
            _add_run(runs, child.content, bold > 0)
    return tuple(runs)


def _add_run(runs: list[Run], text: str, bold: bool) -> None:
    if not text:
        return
    if runs and runs[-1][1] == bold:
        runs[-1] = (runs[-1][0] + text, bold)
    else:
        runs.append((text, bold))


# ---------------------------------------------------------------- roles


def _assign_roles(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    rest = list(blocks)
    # Title: the first heading, whatever its depth (anything before it is kept as body).
    for i, block in enumerate(rest):
        if isinstance(block, Heading):
            out.extend(rest[:i])
            out.append(Title(text=block.text, line=block.line))
            rest = rest[i + 1 :]
            while rest and isinstance(rest[0], Paragraph) and _is_subtitle(rest[0].text):
                out.append(Subtitle(text=_plain(rest[0].text), line=rest[0].line))
                rest = rest[1:]
            if rest and isinstance(rest[0], Paragraph) and _is_addressee(rest[0].text):
                out.append(Addressee(text=_plain(rest[0].text), line=rest[0].line))
                rest = rest[1:]
            break
    tail = _tail_blocks(rest)
    body = rest[: len(rest) - len(tail.consumed)] if tail.consumed else rest
    out.extend(_body_roles(body))
    out.extend(tail.blocks)
    return out


def _is_subtitle(text: str) -> bool:
    line = _plain(text).strip()
    if line.startswith("——"):
        return True
    return bool(re.fullmatch(r"[（(][^（）()]*[）)]", line))


def _is_addressee(text: str) -> bool:
    line = _plain(text).strip()
    return (
        0 < len(line) <= ADDRESSEE_MAX
        and "。" not in line
        and _SOFT not in text.strip()
        and line.endswith(("：", ":"))
    )


@dataclass(frozen=True)
class _Tail:
    blocks: tuple[Block, ...]
    consumed: tuple[Block, ...]


def _tail_blocks(blocks: list[Block]) -> _Tail:
    """Find the signature and date at the end; they may share one Markdown paragraph."""
    if not blocks or not isinstance(blocks[-1], Paragraph):
        return _Tail((), ())
    last = blocks[-1]
    lines = [ln.strip() for ln in _plain(last.text).split(_SOFT) if ln.strip()]
    if not lines or not DATE_RE.match(lines[-1]):
        return _Tail((), ())
    date = Date(text=lines[-1], line=last.line + len(lines) - 1)
    if len(lines) >= 2:
        # "署名\n日期" in one paragraph: the lines above the date are the signature.
        signature_lines = lines[:-1]
        if all(_is_signature(ln) for ln in signature_lines):
            signatures = tuple(
                Signature(text=ln, line=last.line + k) for k, ln in enumerate(signature_lines)
            )
            return _Tail(signatures + (date,), (last,))
        return _Tail((), ())
    before = blocks[-2] if len(blocks) >= 2 else None
    if isinstance(before, Paragraph) and _is_signature(_plain(before.text)):
        return _Tail((Signature(text=_plain(before.text).strip(), line=before.line), date), (before, last))
    return _Tail((date,), (last,))


def _is_signature(text: str) -> bool:
    line = text.strip()
    return 0 < len(line) <= SIGNATURE_MAX and _SOFT not in line and not _SENTENCE_PUNCT.search(line)


def _body_roles(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(Heading(level=min(max(block.level, 1), 4), text=block.text, line=block.line))
            continue
        if isinstance(block, Paragraph) and _ATTACHMENT_RE.match(block.text.strip()):
            lines = tuple(ln.strip() for ln in _plain(block.text).split(_SOFT) if ln.strip())
            out.append(Attachment(lines=lines, line=block.line))
            continue
        previous = out[-1] if out else None
        if isinstance(previous, Attachment) and _continues_attachment(block):
            text = block_text(block)
            if isinstance(block, ListItem):
                # Keep the space after the number, as the first attachment line has it.
                text = f"{block.marker} " + "".join(t for t, _ in block.runs)
            extra = tuple(ln.strip() for ln in text.split(_SOFT) if ln.strip())
            out[-1] = Attachment(lines=previous.lines + extra, line=previous.line)
            continue
        out.append(block)
    return out


def _continues_attachment(block: Block) -> bool:
    if isinstance(block, ListItem):
        return bool(block.marker)
    if isinstance(block, Paragraph):
        return bool(_ATTACHMENT_MORE_RE.match(block.text.strip()))
    return False


def _plain(text: str) -> str:
    return text.replace(LINE_BREAK, _SOFT)


def _join_soft_breaks(blocks: list[Block]) -> list[Block]:
    """A newline inside a Markdown paragraph is not a line break in Chinese text."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            block = Paragraph(runs=_joined_runs(block.runs), line=block.line)
        elif isinstance(block, ListItem):
            block = ListItem(
                runs=_joined_runs(block.runs), marker=block.marker, depth=block.depth, line=block.line
            )
        out.append(block)
    return out


def _joined_runs(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    flat = "".join(text for text, _ in runs)
    if _SOFT not in flat:
        return runs
    joined: list[Run] = []
    for index, (text, bold) in enumerate(runs):
        if _SOFT not in text:
            joined.append((text, bold))
            continue
        pieces = text.split(_SOFT)
        buf = pieces[0]
        for nxt in pieces[1:]:
            before = buf.rstrip()[-1:] or _last_char(joined)
            after = nxt.lstrip()[:1] or _next_char(runs, index)
            sep = " " if _is_latin(before) and _is_latin(after) else ""
            buf = buf.rstrip() + sep + nxt.lstrip()
        joined.append((buf, bold))
    return tuple((t, b) for t, b in joined if t)


def _last_char(runs: list[Run]) -> str:
    return runs[-1][0].rstrip()[-1:] if runs else ""


def _next_char(runs: tuple[Run, ...], index: int) -> str:
    for text, _ in runs[index + 1 :]:
        if text.strip():
            return text.strip()[0]
    return ""


def _is_latin(char: str) -> bool:
    return bool(char) and char.isascii() and char.isalnum()


# ---------------------------------------------------------------- numbering

# drafter.outline owns numbering formats (format_number); the small formatter
# here is the fallback used when that module is unavailable, same output.
LEVEL_STYLES: dict[int, str] = {1: "cn", 2: "paren_cn", 3: "arabic", 4: "paren_arabic"}
_CN_NUM = "[一二三四五六七八九十百零〇两]+"
NUMBER_PATTERNS: dict[str, re.Pattern[str]] = {
    "cn": re.compile(rf"^({_CN_NUM})\s*[、，,．.]"),
    "paren_cn": re.compile(rf"^[（(]\s*({_CN_NUM})\s*[）)]"),
    "arabic": re.compile(r"^(\d{1,3})\s*[.．、](?!\d)"),
    "paren_arabic": re.compile(r"^[（(]\s*(\d{1,3})\s*[）)]"),
    "part": re.compile(rf"^第({_CN_NUM}|\d+)(?:部分|章|节|条)?\s*[、，,：:]?"),
}


chinese_numeral = to_chinese
parse_chinese_numeral = parse_chinese


# The four 公文 heading levels' numbering, as drafter.outline.format_number writes
# them (a test holds the two together): kept here so that drafting does not
# import the outline parser and compile its patterns for four format strings.
_LEVEL_FORMS = {"cn": "{cn}、", "paren_cn": "（{cn}）", "arabic": "{n}.", "paren_arabic": "（{n}）"}


def format_number(style: str, n: int) -> str:
    """The numbering prefix of a heading: cn 一、 / paren_cn （一） / arabic 1. / paren_arabic （1）."""
    if style not in _LEVEL_FORMS or n < 1:
        raise ValueError(f"unknown numbering style or number: {style} {n}")
    return _LEVEL_FORMS[style].format(cn=to_chinese(n), n=n)


@dataclass(frozen=True)
class HeadingNumber:
    style: str
    value: int
    prefix: str  # the number as written, e.g. "（三）"
    rest: str  # the text after the number


def split_heading_number(text: str) -> HeadingNumber | None:
    """Recognise a leading 公文 heading number; None when the text has none."""
    stripped = text.lstrip()
    for style, pattern in NUMBER_PATTERNS.items():
        match = pattern.match(stripped)
        if not match:
            continue
        raw = match.group(1)
        value = int(raw) if raw.isdigit() else parse_chinese_numeral(raw)
        if value is None:
            continue
        return HeadingNumber(style=style, value=value, prefix=match.group(0), rest=stripped[match.end() :].lstrip())
    return None


_HEADING_LINE = re.compile(r"^( {0,3})(#{2,6})([ \t]+)(.*?)$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def number_headings(markdown: str) -> str:
    """Give `##`..`#####` headings correct 公文 numbers, restarting under each parent.

    Any number already there is replaced, so the function is idempotent. `#`
    (the title) and text inside fenced code are left alone.
    """
    counters = [0, 0, 0, 0]
    out: list[str] = []
    fence: str | None = None
    for line in markdown.split("\n"):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            fence = None if fence == marker else (fence or marker)
            out.append(line)
            continue
        match = _HEADING_LINE.match(line) if fence is None else None
        if not match:
            out.append(line)
            continue
        indent, hashes, gap, body = match.groups()
        level = min(len(hashes) - 1, 4)
        counters[level - 1] += 1
        for deeper in range(level, 4):
            counters[deeper] = 0
        trailing = re.search(r"[ \t]+#+[ \t]*$", body)
        closing = body[trailing.start() :] if trailing else ""
        content = body[: trailing.start()] if trailing else body
        number = format_number(LEVEL_STYLES[level], counters[level - 1])
        content = content.strip()
        if content.startswith(number):
            # Exactly the number this heading gets: strip only that (keeps "1.1" stable).
            content = content[len(number) :]
        else:
            existing = split_heading_number(content)
            if existing is not None:
                content = existing.rest
        out.append(f"{indent}{hashes}{gap}{number}{content.strip()}{closing}")
    return "\n".join(out)
