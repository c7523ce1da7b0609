"""Composition rules of `drafter check`: the shapes a careless join of stock formulas and
facts leaves in a draft, found in any draft (generated or edited by hand), each with its line.

- glued-formula: a leadership formula before a sentence about the meeting itself
  (在县委、县政府的正确领导下，刚才，县委书记作了重要讲话).
- time-twice: a sentence that opens with a bare time and states another bare time
  (2026年，2025年，全县…; 2025年，…，7月中旬至8月上旬，…).
- since-over: 2025年以来 once 2025 is over (dated a later year, or the title is its annual summary).
- near-term-in-summary: 近期 plans as a section of an annual summary.
- post-repeats-unit: the unit's kind said twice where unit and post meet (石桥镇镇党委书记).
- organ-twice: the organ of 在……的领导下 / 按照……的要求 named again in the same sentence.
- subjectless-preamble: 以……为指导，在……的正确领导下， (a plan's preamble with no subject).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from drafter.check import Finding, _context
from drafter.text import bare_time

COMPOSITION_CODES = frozenset({
    "glued-formula", "time-twice", "since-over", "near-term-in-summary",
    "post-repeats-unit", "organ-twice", "subjectless-preamble",
})

_SENTENCE = re.compile(r"[^。！？；]+[。！？；]?")
_LEADERSHIP = r"在(?P<organ>[^，。；：]{2,30}?)的[^，。；：]{0,4}领导下"
_FOLLOWING = r"按照(?P<organ>[^，。；：]{2,30}?)的(?:要求|部署|安排|决策部署)"
_GLUED = re.compile(rf"(?:{_LEADERSHIP}|{_FOLLOWING.replace('organ', 'organ2')})，(?=刚才|今天|这次|此次|本次|会上|会议)")
_ORGAN_FORMULAS = (re.compile(_LEADERSHIP), re.compile(_FOLLOWING))
_SUBJECTLESS = re.compile(r"以[^，。；]{2,40}为指导，在[^，。；]{2,30}?的[^，。；]{0,4}领导下，")
_REPEATED_KIND = re.compile(r"(?P<kind>[镇乡县市区])(?P=kind)(?=党委|人民政府|政府|人大|政协|纪委)")
_SINCE = re.compile(r"(?<!\d)(\d{4})年以来")
_DATE = re.compile(r"^[（(]?(\d{4})年(\d{1,2})月\d{1,2}日[）)]?$")


def composition_findings(units: Sequence[Any]) -> list[Finding]:
    """Every composition defect in the draft's units (check._Unit: text, where, number, level)."""
    findings: list[Finding] = []
    title = next((u.text for u in units if u.text.strip()), "")
    written = _written_date(units)
    for unit in units:
        text = unit.text
        for sentence in _SENTENCE.findall(text):
            findings.extend(_sentence_findings(unit, sentence))
        for match in _REPEATED_KIND.finditer(text):
            findings.append(_finding(
                "post-repeats-unit", unit, text, match.start(), match.end() + 2,
                f"「{match.group('kind')}」说了两遍，单位和职务连写时去掉重复的字",
                f"改为「…{match.group('kind')}{text[match.end():match.end() + 2]}…」",
            ))
        for match in _SINCE.finditer(text):
            year = int(match.group(1))
            over = written is not None and written[0] > year
            annual = f"{year}年" in title and "总结" in title and not re.search("半年|季度|月", title)
            if over or annual:
                findings.append(_finding(
                    "since-over", unit, text, match.start(), match.end(),
                    f"「{match.group(0)}」用于尚未结束的时段，{year}年已经过完（或这是{year}年的年度总结）",
                    f"改为「{year}年，」或「一年来，」",
                ))
        if unit.level == 1 and "近期" in text and "总结" in title:
            findings.append(_finding(
                "near-term-in-summary", unit, text, text.index("近期"), text.index("近期") + 2,
                "年度总结的一部分写成了「近期」安排，总结回顾的是整个时段",
                "改为「下一步工作打算」或「明年工作打算」",
            ))
    return findings


def _sentence_findings(unit: Any, sentence: str) -> Iterator[Finding]:
    text = unit.text
    offset = text.find(sentence)
    for match in _GLUED.finditer(sentence):
        yield _finding(
            "glued-formula", unit, text, offset + match.start(), offset + match.end() + 2,
            "领导套话接在了讲会议本身的句子前面（如「刚才，……作了重要讲话」），套话管不了这样的句子",
            "删去套话，或把它移到讲本单位工作的句子开头",
        )
    clauses = [c for c in re.split(r"[，：]", sentence.rstrip("。！？；")) if c]
    if len(clauses) > 1 and bare_time().match(clauses[0].strip()):
        for later in clauses[1:]:
            if bare_time().match(later.strip()):
                start = offset + sentence.find(later)
                yield _finding(
                    "time-twice", unit, text, offset, start + len(later),
                    f"一句话里时间说了两遍（「{clauses[0]}」和「{later}」）",
                    "删去句首的时间，或把两处时间合并",
                )
                break
    for pattern in _ORGAN_FORMULAS:
        for match in pattern.finditer(sentence):
            organ = match.group("organ")
            again = _same_organs(sentence, organ, match.end())
            if again >= 0:
                yield _finding(
                    "organ-twice", unit, text, offset + match.start(), offset + again + len(organ),
                    f"同一句里「{organ}」出现了两次",
                    f"删去句首的「{match.group(0)}」，或把后面的「{organ}」改为「上级」",
                )
    for match in _SUBJECTLESS.finditer(sentence):
        yield _finding(
            "subjectless-preamble", unit, text, offset + match.start(), offset + match.end(),
            "「以……为指导，在……领导下，」连用，句子没有主语",
            "把领导套话放进有主语的句子（如「我局在……领导下」），或只保留「以……为指导」",
        )


def _same_organs(sentence: str, organ: str, start: int) -> int:
    """Where the same list of organs is named again (县委、县政府 … 县委、县政府), or -1; a
    longer list that merely includes it (县委 … 县委、县政府) is another subject."""
    at = sentence.find(organ, start)
    while at >= 0:
        before = sentence[at - 1] if at else ""
        after = sentence[at + len(organ)] if at + len(organ) < len(sentence) else ""
        if before != "、" and after != "、":
            return at
        at = sentence.find(organ, at + 1)
    return -1


def _finding(code: str, unit: Any, text: str, start: int, end: int, what: str, fix: str) -> Finding:
    excerpt = text[max(start, 0):end]
    return Finding(
        code,
        f"{unit.where}：{what}：「{_context(text, start, end)}」。请{fix}。",
        unit.number,
        excerpt=excerpt,
    )


def _written_date(units: Sequence[Any]) -> tuple[int, int] | None:
    """The document's date (the signature's, or a speech's under its title)."""
    for unit in reversed(list(units)):
        match = _DATE.match(unit.text.strip())
        if match:
            return int(match.group(1)), int(match.group(2))
    return None


__all__ = ["COMPOSITION_CODES", "composition_findings"]
