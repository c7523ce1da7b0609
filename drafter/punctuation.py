"""Half-width punctuation in Chinese text -> full-width (cleaning step 7, also used on facts).

Its own module so that drafting (drafter.draft, on every `drafter new`) does not
pay for compiling the thirty-odd patterns of drafter.clean to use this one step.
"""

from __future__ import annotations

import re
from functools import cache

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{HAN}]")
# Characters that make a neighbour "Chinese text" for punctuation purposes:
# han, CJK punctuation and brackets, full-width forms, and the slot token.
CJK = HAN + "\u25a1\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2014\u2026\u201c\u201d\u2018\u2019【】《》"

# ---------------------------------------------------------------- 7. punctuation

_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}
_HALF_PUNCT = re.compile(r" ?([,:;?!]) ?")
_ELLIPSIS = re.compile(r"(?:\.{3,}|。{3,}|…+)")
_PAREN_PAIR = re.compile(r"\(([^()\n]*)\)")
_ASCII_WORD = re.compile(r"[0-9A-Za-z]")


def fullwidth_punctuation(text: str) -> str:
    """Half-width punctuation inside Chinese text -> full-width; numbers and Latin text stay."""
    if not _HAN_RE.search(text):
        return text
    text = _ELLIPSIS.sub("……", text)
    if "[" in text:
        text = _bracket_number().sub(r"〔\1〕", text)
    # A converted mark can make its neighbour Chinese-adjacent: repeat until stable,
    # so that the function is idempotent. Each pass only turns half into full width.
    for _ in range(8):
        before = text
        if "." in text:
            text = _period().sub("。", text)
        text = _PAREN_PAIR.sub(_paren_pair, text)
        text = _HALF_PUNCT.sub(_one_mark, text)
        text = _lone_parens(text)
        if '"' in text:
            text = _curly_quotes(text)
        if text == before:
            break
    return text


# The patterns below hold the large han ranges, which take milliseconds each to
# compile; most facts have no half-width marks, so `drafter new` compiles them
# only when a text needs them (the guards above and the callbacks below).
@cache
def _period() -> re.Pattern[str]:
    return re.compile(f"(?<=[{HAN}”）》】])\\.(?![0-9A-Za-z.])")


@cache
def _bracket_number() -> re.Pattern[str]:
    return re.compile(f"(?<=[{HAN}])\\[(\\d{{4}})\\](?=\\d)")


@cache
def _cjk_char() -> re.Pattern[str]:
    return re.compile(f"[{CJK}]")


def _paren_pair(match: re.Match[str]) -> str:
    inner = match.group(1)
    string, start, end = match.string, match.start(), match.end()
    before = string[start - 1] if start else ""
    after = string[end] if end < len(string) else ""
    cjk = _cjk_char()
    chinese = cjk.search(inner) or cjk.match(before or " ") or cjk.match(after or " ")
    if chinese or (not inner.strip()):
        return f"（{inner}）" if chinese else match.group()
    return match.group()


def _one_mark(match: re.Match[str]) -> str:
    text = match.string
    mark = match.group(1)
    start, end = match.start(1), match.end(1)
    before = _neighbour(text, start - 1, -1)
    after = _neighbour(text, end, 1)
    if mark == ":" and before.isdigit() and after.isdigit():
        return match.group()  # a time: 9:30
    if mark == "," and before.isdigit() and after.isdigit():
        return match.group()  # a thousands separator: 1,000
    if _cjk_char().match(before or " ") or _cjk_char().match(after or " "):
        return _FULL[mark]
    if after == "" and before and not _ASCII_WORD.match(before):
        return _FULL[mark]  # after a closing mark at the end of a Chinese line
    return match.group()


def _neighbour(text: str, index: int, step: int) -> str:
    while 0 <= index < len(text):
        if text[index] != " ":
            return text[index]
        index += step
    return ""


def _lone_parens(text: str) -> str:
    if "(" not in text and ")" not in text:
        return text
    out = []
    for i, ch in enumerate(text):
        if ch in "()":
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if _cjk_char().match(before or " ") or _cjk_char().match(after or " "):
                ch = _FULL[ch]
        out.append(ch)
    return "".join(out)


def _curly_quotes(text: str) -> str:
    # Pair straight quotes left to right within the line, continuing the
    # alternation from any curly quote that is already open.
    open_quote = text.count("“") > text.count("”")
    out = []
    for ch in text:
        if ch == '"':
            ch = "”" if open_quote else "“"
            open_quote = not open_quote
        elif ch == "“":
            open_quote = True
        elif ch == "”":
            open_quote = False
        out.append(ch)
    return "".join(out)
