"""Small pure text helpers shared by templates and the phrase picker."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
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


# A paragraph opening with a sub-item number: 1. / 1、 / （1） (a backslash an escaper put
# before the dot is read past, so escaped facts still number right).
_SUB_ITEM = re.compile(r"^\s*(?:(\d{1,2})\\?[.．、]|[（(](\d{1,2})[）)])\s*(?=\S)")


def sub_item(paragraph: Any) -> dict[str, Any] | None:
    """`1.强化宣传。……` -> {"depth": 1, "text": "强化宣传。……"}; `（1）…` has depth 2;
    None for a plain paragraph. Drafting renumbers the item, so its own number is dropped."""
    text = str(paragraph)
    match = _SUB_ITEM.match(text)
    if not match:
        return None
    return {"depth": 1 if match.group(1) else 2, "text": text[match.end():].strip()}


def paragraph_lines(value: Any) -> list[str]:
    """The paragraphs of a fact: the lines of a `|` block, or the items of a list."""
    if isinstance(value, (list, tuple)):
        lines = [line for item in value for line in str(item).splitlines()]
    else:
        lines = str(value or "").splitlines()
    return [line.strip() for line in lines if line.strip()]


# A post that repeats the kind of body its unit's name ends in: 石桥镇 + 镇党委书记.
_REPEATED_BODY = re.compile(r"^(?P<kind>[镇乡县市区])(?=党委|人民政府|政府|人大|政协|纪委)")


def speaker_line(unit: Any, post: Any) -> str:
    """单位 and 职务 as one title, the repeat removed: (石桥镇, 镇党委书记) -> 石桥镇党委书记;
    a post that already names the unit stands alone."""
    unit, post = str(unit or "").strip(), str(post or "").strip()
    if not unit or not post:
        return unit + post
    if post.startswith(unit):
        return post
    match = _REPEATED_BODY.match(post)
    if match and unit.endswith(match.group("kind")):
        return unit + post[1:]
    return unit + post


# A clause that is only a time (2024年, 今年以来, 7月中旬至8月上旬): formulas go after it.
_TIME_UNIT = r"(?:\d{4}年(?:度|初|底|末)?|今年|去年|上半年|下半年|一季度|二季度|三季度|四季度|\d{1,2}月(?:份|初|底|上旬|中旬|下旬|\d{1,2}日)?)"


@cache
def bare_time() -> re.Pattern[str]:
    """The BARE_TIME pattern, compiled on first use: it takes ~2 ms to compile and most
    drafts never need it (drafter.text is imported on every `drafter new`)."""
    return re.compile(rf"^{_TIME_UNIT}+(?:(?:至|到|—|-){_TIME_UNIT}+)?(?:以来)?$")


def settle(prefixes: Sequence[Any], text: Any) -> list[str]:
    """Prefix formulas (在……领导下) and the user's text as clauses, the formulas placed after
    the text's own opening time clause (2024年，在……领导下，全县……), not before it."""
    body = str(text or "")
    head, sep, rest = body.partition("，")
    parts = [str(p) for p in prefixes if p]
    if sep and parts and bare_time().match(head.strip()):
        return [head, *parts, rest]
    return [*parts, body]


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
