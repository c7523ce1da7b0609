"""A document's lines -> its heading tree.

Headings are recognised by their numbering (一、 / （一） / 1. 1、 1． / （1） /
第一部分 第一章 第一节 / a standalone 第一，line). Depth is not fixed by the
numbering style: it is derived per document from the order in which styles
appear, from restarts (一、 again under 四、下一步打算 nests) and from the
conventional rank of styles (a 二、 arriving under a （一） list whose 一、 was
lost goes back to the top).

`text` is the heading without its number, cut at its first sentence end (。！？)
or at the end of its line (the contract in docs/CONTRACTS.md); trailing
separators (：；，、) are dropped. Whatever runs on after the cut is `body`.
A colon does not cut (一、指导思想：以…为指导，… keeps the whole first
sentence), so the text always follows that one rule. Two damaged forms are
repaired: a heading broken by a hard line break is rejoined, and a heading
fused to its body by a bare space or by an inline 一是… is cut there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from drafter.model import Heading, SourceLine
from drafter.numerals import parse_canonical, to_chinese

__all__ = [
    "STYLES",
    "format_number",
    "number_style",
    "parse_cn_numeral",
    "parse_outline",
    "render_outline",
    "to_cn_numeral",
]

# ---------------------------------------------------------------- numerals

def parse_cn_numeral(numeral: str) -> int:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十 -> 20, 九十九 -> 99; ValueError otherwise."""
    value = parse_canonical(numeral)
    if value > 99:
        raise ValueError(f"not a heading numeral: {numeral!r}")
    return value


def to_cn_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十 (1..99)."""
    if not 1 <= n <= 99:
        raise ValueError(f"Chinese numerals are supported for 1..99, not {n}")
    return to_chinese(n)


# ---------------------------------------------------------------- styles

# Conventional rank of each style in 公文 (smaller = nearer the top). Used only
# to send a shallower style back up when it shows up below a deeper one; the
# order of appearance decides everything else. "ordinal" (第一，) has no rank:
# it occurs at any depth.
_RANK: dict[str, int | None] = {
    "part": 0, "chapter": 1, "section": 2, "cn": 3,
    "paren_cn": 4, "arabic": 5, "paren_arabic": 6, "ordinal": None,
    # Unnumbered headings that carry a Word "Heading N" / Markdown "#" style.
    **{f"styled{n}": 10 + n for n in range(1, 10)},
}
STYLES: tuple[str, ...] = tuple(s for s in _RANK if not s.startswith("styled"))

_PART_WORDS = {"部分": "part", "章": "chapter", "节": "section"}
_PART_STYLES = frozenset(_PART_WORDS.values())
_PART_THEN_COMMA = re.compile(r"^第\S{1,4}?(?:部分|章|节)\s*[，,]")
_CN = "一二三四五六七八九十"  # the numeral characters headings use
_SEP = r"[\s\u3000、：:，,.．]*"

# Each pattern captures the numeral and must be followed by the heading text.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^(第([{_CN}]{{1,3}}|\d{{1,2}})(部分|章|节)){_SEP}")),
    ("ordinal", re.compile(rf"^(第([{_CN}]{{1,3}})[，,、])\s*")),
    ("paren_cn", re.compile(rf"^([（(]\s*([{_CN}]{{1,3}})\s*[）)])[\s\u3000、.．]*")),
    ("paren_arabic", re.compile(r"^([（(]\s*(\d{1,2})\s*[）)])[\s\u3000、.．]*")),
    # 1） with only a closing parenthesis: the same rank as （1）.
    ("paren_arabic", re.compile(r"^((\d{1,2})\s*[）)])(?![\d%％])[\s\u3000]*")),
    ("cn", re.compile(rf"^(([{_CN}]{{1,3}})\s*[、.．])[\s\u3000]*")),
    # A digit right after the delimiter is a decimal or a range (1.5亿元, 1、2月份).
    ("arabic", re.compile(r"^((\d{1,2})\s*[、.．])(?![\d%％])[\s\u3000]*")),
)

_NUMBER_FORMS = {
    "part": "第{cn}部分", "chapter": "第{cn}章", "section": "第{cn}节",
    "cn": "{cn}、", "paren_cn": "（{cn}）", "arabic": "{n}.",
    "paren_arabic": "（{n}）", "ordinal": "第{cn}，",
}


def format_number(style: str, n: int) -> str:
    """The conventional numbering for item n of a style: ("cn", 2) -> "二、"."""
    if style not in _NUMBER_FORMS:
        raise ValueError(f"unknown numbering style {style!r}; known: {', '.join(STYLES)}")
    if n < 1:
        raise ValueError(f"numbering starts at 1, not {n}")
    return _NUMBER_FORMS[style].format(cn=to_cn_numeral(n), n=n)


@dataclass(frozen=True)
class _Match:
    style: str
    value: int
    number: str  # normalised numbering, e.g. "（一）", "1、"
    rest: str  # the line after the numbering


def _match_number(line: str) -> _Match | None:
    for style, pattern in _PATTERNS:
        m = pattern.match(line)
        if not m:
            continue
        numeral = m.group(2)
        try:
            value = int(numeral) if numeral.isdigit() else parse_cn_numeral(numeral)
        except ValueError:
            return None
        number = re.sub(r"\s+", "", m.group(1))
        if style == "part":
            style = _PART_WORDS[m.group(3)]
        # Half-width parentheses are normalised so one style has one spelling.
        number = number.replace("(", "（").replace(")", "）").replace(",", "，")
        return _Match(style, value, number, line[m.end():])
    return None


def number_style(number: str) -> str:
    """The style key of a numbering as written: "（一）" -> "paren_cn", "1、" -> "arabic"."""
    found = _match_number(number.strip() + "题")
    if found is None or found.rest != "题":
        raise ValueError(f"not a heading number: {number!r}")
    return found.style


# ---------------------------------------------------------------- text cut

_SENTENCE_END = "。！？!?"
_TRAILING = " \u3000\t，,；;：:、"
_TERMINAL = "。！？!?；;：:"
# Inline enumerations that start the body of a heading fused to it without a
# delimiter ("…构筑治安防控新格局一是加强了人防…").
_FUSED_BODY_START = re.compile(r"(?<![第统唯单同])(一是|一方面|首先|其一)")
# Openers no heading has inside it, only a body after it: a heading whose line
# break was lost runs straight into them (…新局面今年以来，在县委…).
_FUSED_BODY_OPENER = re.compile(r"(?<![，、；：“（《])(?:今年以来|近年来|截至目前|截止目前|自[^，。]{2,12}以来)")
_OPENER_MIN_FUSED = 4
_FUSED_MIN_HEAD = 8
_LONG_HEADING = 30
_SHORT_TAIL = 20
# Words that open a body sentence. A heading fused to its body with no
# delimiter at all (…产业招商成效显著围绕新材料…) is cut before one of them,
# but only where its siblings show how short the headings are.
_BODY_OPENER = re.compile(
    r"围绕|鼓励|支持|按照|根据|通过|依托|针对|结合|利用|借助|今年|全年|截至|截止|目前|近年来|"
    r"同时|其中|主要是|重点是|一是|一方面|首先|其一"
)
_OPENER_MIN_HEAD = 4
_CJK_OR_PUNCT = r"[^\sA-Za-z0-9]"
_INNER_SPACE = re.compile(rf"(?<={_CJK_OR_PUNCT})[ \u3000\t]+(?={_CJK_OR_PUNCT})")


def _cut(rest: str) -> tuple[str, str]:
    """Split a heading line (numbering removed) into heading text and run-on body."""
    rest = rest.strip(" \u3000\t")
    end = min((i for i in (rest.find(ch) for ch in _SENTENCE_END) if i >= 0), default=-1)
    head, body = (rest[:end], rest[end + 1:]) if end >= 0 else (rest, "")
    # A heading fused to its body by a bare space ("…工作举措 今年是…").
    space = _INNER_SPACE.search(head)
    if space and space.start() >= 2:
        body = rest[space.end():]
        head = head[:space.start()]
    elif len(head) > _LONG_HEADING:
        found = [m for m in (_FUSED_BODY_START.search(head, _FUSED_MIN_HEAD),
                             _FUSED_BODY_OPENER.search(head, _OPENER_MIN_FUSED)) if m]
        fused = min(found, key=lambda m: m.start()) if found else None
        if fused:
            body = rest[fused.start():]
            head = head[:fused.start()]
    return head.rstrip(_TRAILING), body.strip(" \u3000\t")


def _is_enumeration_value(value: int, rest: str) -> bool:
    """True when what follows 一、 is really part of a phrase like 一、二季度.

    Such a phrase counts on (一、二季度, 三、四月份); a heading that starts with
    a quarter (一、一季度工作总结, 二、一季度经济运行) does not.
    """
    m = re.match(rf"^([{_CN}]+)(季度|月份?|年级|等奖)", rest)
    if m is None:
        return False
    try:
        return parse_cn_numeral(m.group(1)) == value + 1
    except ValueError:
        return True


# ---------------------------------------------------------------- lines

@dataclass(frozen=True)
class _Candidate:
    index: int  # position in the line list
    match: _Match


_SALUTATION = re.compile(r"(同志们|朋友们|各位|代表们|女士们|先生们)")


def _is_salutation(text: str) -> bool:
    """A speech's opening line (同志们：), which starts a new heading tree."""
    t = text.strip().rstrip("。")
    return len(t) <= 25 and t[-1:] in "：:" and _SALUTATION.search(t) is not None


def _as_source_lines(lines: Sequence[str] | Sequence[SourceLine]) -> list[SourceLine]:
    return [
        line if isinstance(line, SourceLine) else SourceLine(number=i + 1, text=str(line))
        for i, line in enumerate(lines)
    ]


def _styled_title_index(lines: list[SourceLine]) -> int | None:
    """The document title when it carries a heading style (Markdown '#', or a
    Word Heading used for the title): the first line, styled, and no other line
    styled as high. It is the title, not a section heading."""
    first = next((i for i, ln in enumerate(lines) if ln.text.strip()), None)
    if first is None or lines[first].style_level is None:
        return None
    top: int = lines[first].style_level  # type: ignore[assignment]  # checked just above
    others = [ln for ln in lines[first + 1:] if ln.style_level is not None and ln.style_level <= top]
    return None if others else first


def _styled_match(line: SourceLine) -> _Match | None:
    """A heading known only from its style (no numbering): Word and Markdown files."""
    text = line.text.strip(" \u3000\t\ufeff")
    if line.style_level is None or not text:
        return None
    return _Match(f"styled{min(line.style_level, 9)}", 0, "", text)


# A glossary entry (注释 at the end of a 政府工作报告): a numbered term, then
# 是指/指/即 its meaning. Items that follow one are the glossary's too.
_GLOSSARY_ENTRY = re.compile(
    r"^[“\"‘「]?[^，。：:“”]{1,24}[”\"’」]?\s*[：:]\s*(?:是指|系指|指的是|指(?![导挥示出引标定南明令]))"
)
_ITEM_STYLES = frozenset({"arabic", "paren_arabic"})
# A line that opens a glossary of notes: the numbered items after it are terms.
_GLOSSARY_OPENS = re.compile(r"^(?:附[：:]?)?(?:注释|名词解释|注)\s*[：:]?$")

# 附件：1.… opens the list of attachments after the body; its items (and the
# 2.… lines that continue it) are file names, not headings.
_ATTACHMENTS = re.compile(r"^附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[：:]")


def _find_candidates(lines: list[SourceLine]) -> list[_Candidate]:
    found: list[_Candidate] = []
    title = _styled_title_index(lines)
    in_attachments = False
    in_glossary = False
    for i, line in enumerate(lines):
        if i == title:
            continue
        stripped = line.text.strip(" \u3000\t\ufeff")
        if _GLOSSARY_OPENS.match(stripped):
            in_glossary = True
            continue
        match = _match_number(stripped)
        if _ATTACHMENTS.match(stripped):
            in_attachments = True
            continue
        if in_attachments and stripped:
            if match is not None and match.style in ("arabic", "paren_arabic"):
                continue
            in_attachments = False
        if match is None:
            styled = _styled_match(line)
            if styled is not None:
                found.append(_Candidate(i, styled))
            continue
        if match is None or _is_enumeration_value(match.value, match.rest):
            continue
        if match.style in _ITEM_STYLES and (in_glossary or _GLOSSARY_ENTRY.match(match.rest)):
            # 1.“两重”：是指… defines a term in a closing glossary; it heads no section.
            in_glossary = True
            continue
        in_glossary = False
        if match.style == "ordinal" or (match.style in _PART_STYLES and _PART_THEN_COMMA.match(stripped)):
            # 第一，… (or 第一部分，…) is a heading only as a short line of its
            # own; opening a paragraph it is an inline enumeration.
            head, body = _cut(match.rest)
            if body or not head or len(head) > 25:
                continue
        found.append(_Candidate(i, match))
    return found


def _next_text(lines: list[SourceLine], index: int) -> tuple[int, str] | None:
    for j in range(index + 1, len(lines)):
        if lines[j].text.strip():
            return j, lines[j].text.strip(" \u3000\t")
    return None


def _is_sentence_like(rest: str) -> bool:
    """A heading written as a lead sentence: it carries a body or ends like a sentence."""
    stripped = rest.rstrip(" \u3000\t")
    return bool(_cut(rest)[1]) or stripped[-1:] in "。！？!?；;"


def _sibling_groups(found: list[_Candidate]) -> dict[int, list[_Candidate]]:
    """For each heading, the run of same-style headings it belongs to.

    A heading closes the runs of every style first seen after its own style,
    so the （一）… under 二、 and the （一）… under 三、 are separate runs.
    """
    groups: dict[int, list[_Candidate]] = {}
    open_runs: dict[str, list[_Candidate]] = {}
    seen_order: list[str] = []
    for c in found:
        style = c.match.style
        if style not in seen_order:
            seen_order.append(style)
        # A heading closes the runs of every style introduced after its own.
        rank = seen_order.index(style)
        for later in seen_order[rank + 1:]:
            open_runs.pop(later, None)
        run = open_runs.setdefault(style, [])
        if run and c.match.value == 1:  # a restart opens a new run
            run = open_runs[style] = []
        run.append(c)
        groups[c.index] = run
    return groups


# A line that opens a new item (——坚持…, ·…) never continues the heading above.
_NEW_ITEM = re.compile(r"^(?:——|－－|--|[·•●○◆■□▲►\-*])")
# A line that opens on a book title, a quotation or a bracket starts a sentence
# of its own (《报告》共分为两个部分：); a heading broken by a line wrap goes
# on mid-phrase.
_SENTENCE_OPENING = re.compile(r"^[《“‘（(【]")


def _join_broken_lines(lines: list[SourceLine], found: list[_Candidate]) -> list[_Candidate]:
    """Rejoin headings split by a hard line break.

    A heading line that stops mid-phrase (no final punctuation) continues on the
    next line when that line is short and ends the phrase (…公安机 / 关将做到：),
    or when its sibling headings are lead sentences, so it should be one too
    (…定期分析社会治安形势，及时 / 掌握社会治安动态，…。).
    """
    heading_at = {c.index for c in found}
    groups = _sibling_groups(found)
    joined: list[_Candidate] = []
    for c in found:
        rest = c.match.rest.strip(" \u3000\t")
        nxt = _next_text(lines, c.index)
        if nxt is None or nxt[0] in heading_at or _is_salutation(nxt[1]) or _NEW_ITEM.match(nxt[1]):
            joined.append(c)
            continue
        if not rest:  # the number alone on its line: the text is on the next one
            joined.append(replace(c, match=replace(c.match, rest=nxt[1])))
            continue
        has_body = bool(_cut(rest)[1])
        open_ended = rest[-1] not in _TERMINAL + "，,、）)”\"" and not has_body
        # A heading never ends on a comma: one that does was broken after it
        # (（一）网点布局不均衡， / 乡镇商业设施老化问题突出。…).
        comma_ended = rest[-1] in "，," and not has_body and len(rest) >= 4
        siblings = [s for s in groups[c.index] if s is not c]
        sentence_siblings = sum(_is_sentence_like(s.match.rest) for s in siblings)
        # Only a tail that ends by announcing what follows (…关将做到：) is taken
        # for the rest of a heading: a short sentence after it is its body.
        short_tail = (
            len(nxt[1]) <= 12 and nxt[1][-1] in "：:" and "，" not in nxt[1] and len(rest) >= 8
            and not _SENTENCE_OPENING.match(nxt[1])
        )
        lead_siblings = len(siblings) >= 2 and sentence_siblings >= 0.6 * len(siblings)
        # Among lead-sentence siblings, an unfinished line continues on the next
        # one when that line soon closes the sentence (…同乡村振兴 / 有效衔接
        # 工作取得新进展。…): a clause of its own, or a short finishing phrase.
        tail, tail_body = _cut(nxt[1])
        finishes_heading = (
            bool(tail_body) and len(tail) <= _SHORT_TAIL and len(rest) + len(tail) <= _LONG_HEADING + 10
        )
        lead_style = lead_siblings and ("，" in rest or finishes_heading)
        if comma_ended or (open_ended and (short_tail or lead_style)):
            joined.append(replace(c, match=replace(c.match, rest=rest + nxt[1])))
        else:
            joined.append(c)
    return joined


# ---------------------------------------------------------------- depth

@dataclass(frozen=True)
class _Frame:
    style: str
    last: int
    text: str


_NEST_HINT = re.compile(
    r"(打算|安排|措施|如下|计划|建议|要求|任务|意见|思路|重点|做法|步骤|内容|目标|几点)[:：]?$"
    r"|下一步|下步|下阶段|今后"
)
_SHORT_PARENT = 8


def _restart_nests(parent: _Frame) -> bool:
    """Whether 一、 after 四、… opens a sub-list of 四 rather than a new part.

    It does when the previous heading announces a list (…下一步打算, …措施,
    …如下) or is a short category title (主要工作). A lead-in paragraph alone
    (…从以下三点搞好…：) is not enough: after a long heading it usually opens a
    new part whose own heading is missing.
    """
    return _NEST_HINT.search(parent.text) is not None or len(parent.text) <= _SHORT_PARENT


def _assign_levels(
    lines: list[SourceLine], found: list[_Candidate], texts: list[str]
) -> list[int]:
    stack: list[_Frame] = []
    levels: list[int] = []
    previous_index = -1
    for c, text in zip(found, texts):
        style, n = c.match.style, c.match.value
        between = lines[previous_index + 1:c.index]
        if any(_is_salutation(ln.text) for ln in between):
            stack = []  # a new speech glued into the piece starts a new tree
        previous_index = c.index
        frame = _Frame(style, n, text)
        same = [i for i, f in enumerate(stack) if f.style == style]
        if not same:
            rank = _RANK[style]
            higher = [
                i for i, f in enumerate(stack)
                if rank is not None and (_RANK[f.style] or -1) > rank
            ]
            at = higher[0] if higher else len(stack)
        else:
            successor = [i for i in reversed(same) if n == stack[i].last + 1]
            top = same[-1]
            if successor:
                at = successor[0]
            elif n == 1 and top == len(stack) - 1 and _restart_nests(stack[top]):
                at = len(stack)
            else:
                at = top
        stack = stack[:at] + [frame]
        levels.append(at + 1)
    return levels


def _cut_at_opener(head: str, body: str, typical: float) -> tuple[str, str]:
    """Cut a heading fused to its body with no delimiter before a body opener,
    near where its siblings' headings end."""
    limit = int(2 * typical) + 4
    for m in _BODY_OPENER.finditer(head, _OPENER_MIN_HEAD):
        if m.start() > limit:
            break
        if head[m.start() - 1] in "，、；：“（《":
            continue  # an opener after a comma is the heading's own next clause
        rest = head[m.start():] + ("。" + body if body else "")
        return head[:m.start()].rstrip(_TRAILING), rest
    return head, body


def _cut_fused_bodies(
    found: list[_Candidate], cuts: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Repair headings whose text is far longer than their siblings' because the
    body was fused on (2、产业招商成效显著围绕新材料…，…): the siblings are short
    lead headings, this one runs on with commas, so the body starts early."""
    text_of = {c.index: cut[0] for c, cut in zip(found, cuts)}
    groups = _sibling_groups(found)
    repaired = []
    for c, (head, body) in zip(found, cuts):
        peers = [s for s in groups[c.index] if s is not c]
        if len(peers) < 2:  # too few siblings: the document's other headings of that style
            peers = [s for s in found if s is not c and s.match.style == c.match.style]
        others = sorted(len(text_of[s.index]) for s in peers)
        typical = others[len(others) // 2] if others else 0
        if len(others) >= 2 and typical <= 12 and len(head) > max(20, 2 * typical) and "，" in head:
            head, body = _cut_at_opener(head, body, typical)
        repaired.append((head, body))
    return repaired


# ---------------------------------------------------------------- public

def parse_outline(lines: Sequence[str] | Sequence[SourceLine]) -> list[Heading]:
    """The headings of one document, in order, with their depth in its tree.

    Plain strings are numbered from 1 (line = index + 1); SourceLines keep
    their own numbers.
    """
    source = _as_source_lines(lines)
    found = _join_broken_lines(source, _find_candidates(source))
    cuts = _cut_fused_bodies(found, [_cut(c.match.rest) for c in found])
    kept = [(c, cut) for c, cut in zip(found, cuts) if cut[0]]
    levels = _assign_levels(source, [c for c, _ in kept], [cut[0] for _, cut in kept])
    return [
        Heading(
            level=level,
            number=c.match.number,
            text=text,
            line=source[c.index].number,
            style=c.match.style,
            body=body,
        )
        for (c, (text, body)), level in zip(kept, levels)
    ]


def render_outline(headings: Sequence[Heading]) -> str:
    """An indented tree a person reads: two spaces per level beyond 1."""
    rows = []
    for h in headings:
        gap = "\u3000" if h.style in ("part", "chapter", "section") else ""
        rows.append("  " * (h.level - 1) + h.number + gap + h.text)
    return "\n".join(rows) + ("\n" if rows else "")
