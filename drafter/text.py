"""Small pure text helpers shared by templates and the phrase picker."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_END_PUNCT = "。！？；：…”"
_CN_DIGITS = "零一二三四五六七八九"


def sentence(text: Any) -> str:
    """The text as a finished sentence: ends in 。 unless it already ends in punctuation."""
    s = str(text).strip()
    if not s:
        return ""
    if s[-1] in "，、,;；":
        s = _whole_escapes(s[:-1])
        if not s:
            return ""
    return s if s[-1] in _END_PUNCT else s + "。"


def strip_end(text: Any) -> str:
    """The text without its closing punctuation, to join it into a longer sentence."""
    return _whole_escapes(str(text).strip().rstrip("。！？；，、.,;!?"))


def _whole_escapes(text: str) -> str:
    """Facts arrive Markdown-escaped (drafter.mdtext): trimming `1\\.` to `1\\` would leave
    a backslash that escapes whatever follows, so a dangling one goes too."""
    trailing = len(text) - len(text.rstrip("\\"))
    return text[:-1] if trailing % 2 else text


def compose(parts: Sequence[Any], tail: str = "", joiner: str = "，") -> str:
    """One sentence from clauses: the non-empty parts joined by ，, then `tail`
    (a bank phrase such as 现将有关情况汇报如下：) after `joiner`, or 。 when there is none."""
    body = "，".join(strip_end(p) for p in parts if p and strip_end(p))
    if not body:
        return tail
    if not tail:
        return body + "。"
    return body + joiner + tail


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (for 一是/二是 enumerations)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n >= 100:
        from drafter.numerals import to_chinese

        # Past 999 (only in a facts file of thousands of items) the digits stay Arabic.
        return to_chinese(n) if n <= 999 else str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


# Characters that show nothing: a field made only of these is not filled in.
_INVISIBLE = frozenset("\u115f\u1160\u2800\u3164\uffa0")


def is_blank(text: str) -> bool:
    """Empty, or only spaces (\u3000 too), zero-width and other invisible characters."""
    import unicodedata

    return all(
        c.isspace() or c in _INVISIBLE or unicodedata.category(c) in ("Cf", "Cc", "Zs", "Zl", "Zp", "Mn")
        for c in text
    )


def bad_character(text: str) -> tuple[int, str] | None:
    """The first character (1-based position) that cannot go into a document: a control
    character (tab and line breaks excepted), a lone surrogate, or a Unicode noncharacter.
    Refused rather than stripped: a fact must appear as typed, or not at all."""
    for index, char in enumerate(text, start=1):
        code = ord(char)
        if (
            (code < 0x20 and char not in "\t\n\r")
            or 0x7F <= code <= 0x9F
            or 0xD800 <= code <= 0xDFFF
            or 0xFDD0 <= code <= 0xFDEF
            or (code & 0xFFFE) == 0xFFFE
        ):
            return index, char
    return None
