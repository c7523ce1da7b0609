"""Facts are text: a user's values made inert before a template writes them into Markdown.

A template writes facts into Markdown, so a value holding `2*3*4`, `# 标题`, `1. `,
`<!--` or `[x]: http://…` would otherwise become emphasis, a heading, a list, a
comment or a link definition, changing the numbers or the structure of the draft.
`escape_facts` backslash-escapes (CommonMark honours a backslash before any ASCII
punctuation) exactly the characters that can mean something:

- anywhere in a line: \\ ` * _ [ ] < & # (inline markup, HTML, entities, a
  heading's closing #s);
- at the start of a line, where block syntax lives: any ASCII punctuation
  (- + = > ~ | …: lists, setext underlines, quotes, fences, breaks), and the
  `.` or `)` after leading digits (an ordered list);

and strips each line's surrounding whitespace (four spaces would start a code
block). Ordinary text (35.6亿元，同比增长15%) gets no backslash, so the .md reads
as typed; the .docx and `drafter check` see the original characters, because the
Markdown parser removes the escapes.

Line breaks inside a value become PARAGRAPH SEPARATOR (U+2029) while the template
renders: str.splitlines() still splits on it (templates that make paragraphs of a
value keep working), but it does not end a Markdown line, so a value a template
writes into a heading cannot end the heading. `settle_breaks` then turns it into
paragraph breaks in body lines and joins it away in heading lines.
"""

from __future__ import annotations

import re
import string
from typing import Any

PARAGRAPH = "\u2029"
_ANYWHERE = frozenset("\\`*_[]<&#")
_LINE_START = frozenset(string.punctuation)
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HEADING_LINE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")


def escape_text(text: str) -> str:
    """One value as inert Markdown text, its lines joined by PARAGRAPH (empty lines dropped)."""
    lines = [line.strip() for line in text.splitlines()]
    return PARAGRAPH.join(_escape_line(line) for line in lines if line)


def _escape_line(line: str) -> str:
    out = "".join("\\" + c if c in _ANYWHERE else c for c in line)
    ordered = _ORDERED.match(out)
    if ordered:
        return f"{ordered.group(1)}\\{ordered.group(2)}{out[ordered.end():]}"
    if out[0] in _LINE_START and out[0] != "\\":
        return "\\" + out
    return out


def escape_facts(value: Any) -> Any:
    """Every string leaf of the facts escaped (see escape_text); other leaves unchanged."""
    if isinstance(value, str):
        return escape_text(value)
    if isinstance(value, list):
        return [escape_facts(v) for v in value]
    if isinstance(value, dict):
        return {k: escape_facts(v) for k, v in value.items()}
    return value


def unescape(text: str) -> str:
    """The text a reader sees of escaped text (for file names and messages)."""
    return join_lines(_UNESCAPE.sub(r"\1", text).split(PARAGRAPH))


def join_lines(pieces: list[str]) -> str:
    """Lines run together as one line: a space between Latin words, nothing in Chinese."""
    out = ""
    for piece in pieces:
        if out and piece and _latin(out[-1]) and _latin(piece[0]):
            out += " "
        out += piece
    return out


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def settle_breaks(markdown: str) -> str:
    """Line breaks from values: paragraphs in body text, joined away in headings."""
    if PARAGRAPH not in markdown:
        return markdown
    out = []
    for line in markdown.split("\n"):
        if PARAGRAPH not in line:
            out.append(line)
        elif _HEADING_LINE.match(line):
            out.append(join_lines(line.split(PARAGRAPH)))
        else:
            first, *rest = line.split(PARAGRAPH)
            out.append("\n\n".join([first.rstrip(), *(piece.strip() for piece in rest)]))
    return "\n".join(out)
