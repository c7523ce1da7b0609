"""Drafting-quality figures: how much of a draft the tool wrote, whether the conventional
positions of its type are filled, and how many distinct drafts the seeds give.

Read from the finished Markdown only (not from the picker's bookkeeping), so a figure
cannot be flattered by what the code believes it did. `bench/drafting.py` prints them
per facts file; tests/test_drafting_quality.py asserts the issue's targets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

# Punctuation, spaces and Markdown marks are not words anyone wrote.
_NOT_WORDS = re.compile(r"[\s#*>`|\-—…·・“”‘’\"'（）()《》〈〉【】\[\]，。、：；！？,.;:!?]")
# Heading and item numbers: drafting adds them, nobody writes them.
_NUMBERING = re.compile(
    r"^(#{1,6} )(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）)", re.M
)
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+是)", re.M)
SPEECH_TYPES = ("讲话稿", "表态发言")


# The 文件 front matter (文号, 抄送 …) is data for the typesetter, not words of the draft.
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def _body(markdown: str) -> str:
    return _FRONT_MATTER.sub("", markdown)


def _words(text: str) -> str:
    return _NOT_WORDS.sub("", text)


def _leaves(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [] if value is None else [str(value)]


def tool_written_share(markdown: str, facts: dict[str, Any]) -> float:
    """The share of the draft's characters (numbering and punctuation excluded) that are
    not copied from the facts: every run of two or more characters of a fact value,
    wherever it occurs, counts as copied."""
    text = _ENUMERATOR.sub("", _NUMBERING.sub(r"\1", _body(markdown)))
    body = _words(text)
    if not body:
        return 0.0
    copied = [False] * len(body)
    for leaf in _leaves(facts):
        for chunk in _NOT_WORDS.split(leaf):
            if len(chunk) < 2:
                continue
            start = body.find(chunk)
            while start >= 0:
                for i in range(start, start + len(chunk)):
                    copied[i] = True
                start = body.find(chunk, start + 1)
    return copied.count(False) / len(body)


# ---------------------------------------------------------------- positions


@dataclass(frozen=True)
class _Block:
    kind: str  # "title", "h2", "h3", "para"
    text: str


def _blocks(markdown: str) -> list[_Block]:
    out = []
    for raw in re.split(r"\n\s*\n", _body(markdown).strip()):
        text = raw.strip()
        if not text:
            continue
        if text.startswith("# "):
            out.append(_Block("title", text[2:]))
        elif text.startswith("## "):
            out.append(_Block("h2", _NUMBERING.sub(r"\1", text)[3:]))
        elif text.startswith("#"):
            out.append(_Block("h3", text.lstrip("#").strip()))
        else:
            out.append(_Block("para", text))
    return out


def _written(text: str, facts: dict[str, Any], share: float = 0.5) -> bool:
    return tool_written_share(text, facts) >= share


def _before_first_section(blocks: list[_Block]) -> list[_Block]:
    out = []
    for block in blocks[1:]:
        if block.kind == "h2":
            break
        out.append(block)
    return out


def _tail(blocks: list[_Block], facts: dict[str, Any]) -> list[_Block]:
    """The paragraphs after the last section's items, before the signature."""
    out: list[_Block] = []
    for block in reversed(blocks):
        if block.kind != "para":
            break
        out.append(block)
    signature = {str(facts.get("单位") or ""), str(facts.get("日期") or "")}
    return [b for b in reversed(out) if b.text not in signature and not re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", b.text)]


def _section_lead_ins(blocks: list[_Block], facts: dict[str, Any]) -> tuple[int, int]:
    """(sections holding several items, those opened by a sentence the tool wrote)."""
    sections = 0
    led = 0
    for i, block in enumerate(blocks):
        if block.kind != "h2":
            continue
        body: list[_Block] = []
        for later in blocks[i + 1:]:
            if later.kind == "h2":
                break
            body.append(later)
        items = [b for b in body if b.kind == "h3" or (b.kind == "para" and re.match("^[一二三四五六七八九十]+是", b.text))]
        if len(items) < 2:
            continue
        sections += 1
        first = body[0] if body else None
        if first is not None and first.kind == "para" and not re.match("^[一二三四五六七八九十]+是", first.text) and _written(first.text, facts):
            led += 1
    return sections, led


Check = Callable[[list[_Block], dict[str, Any]], bool]


def _opening_announces(blocks: list[_Block], facts: dict[str, Any]) -> bool:
    opening = [b for b in _before_first_section(blocks) if b.kind == "para"]
    return bool(opening) and opening[-1].text.endswith("：") and _written(opening[-1].text[-20:], facts)


def _preamble(blocks: list[_Block], facts: dict[str, Any]) -> bool:
    opening = [b for b in _before_first_section(blocks) if b.kind == "para"]
    return any(re.search(r"(制定|提出)[^。]*(计划|方案|意见|要点)|如下", b.text) for b in opening)


def _closing(blocks: list[_Block], facts: dict[str, Any]) -> bool:
    # 本意见自2025年6月1日起施行。 is a closing although its date is a fact.
    tail = _tail(blocks, facts)
    return bool(tail) and _written(tail[-1].text, facts, 0.3)


def _salutation(blocks: list[_Block], facts: dict[str, Any]) -> bool:
    return any(b.kind == "para" and re.fullmatch(r"[^。！？]{2,30}：", b.text) for b in blocks[:6])


def _respectful_salutation(blocks: list[_Block], facts: dict[str, Any]) -> bool:
    return any(b.kind == "para" and re.fullmatch(r"[^。！？]*(尊敬|各位领导)[^。！？]*：", b.text) for b in blocks[:6])


def _turn(blocks: list[_Block], facts: dict[str, Any]) -> bool:
    opening = [b for b in _before_first_section(blocks) if b.kind == "para"]
    return bool(opening) and bool(re.search(r"(讲|谈|提)[^。]*(意见|要求|看法)。$", opening[-1].text))


def _thanks(blocks: list[_Block], facts: dict[str, Any]) -> bool:
    tail = _tail(blocks, facts)
    return bool(tail) and tail[-1].text.startswith("谢谢")


def _call(blocks: list[_Block], facts: dict[str, Any]) -> bool:
    # The user's own 结语 fills the place as well as the tool's call does.
    tail = [b for b in _tail(blocks, facts) if not b.text.startswith("谢谢")]
    if not tail:
        return False
    last = tail[-1].text
    return (_written(last, facts, 0.3) and last.endswith(("！", "。"))) or (last.startswith("同志们") and last.endswith("！"))


def _pledge_intro(blocks: list[_Block], facts: dict[str, Any]) -> bool:
    opening = [b for b in _before_first_section(blocks) if b.kind == "para"]
    return any(re.search(r"表态|发言|汇报", b.text) and _written(b.text, facts, 0.3) for b in opening)


def _lead_ins(blocks: list[_Block], facts: dict[str, Any]) -> bool:
    sections, led = _section_lead_ins(blocks, facts)
    return led == sections


def _clause_headings(blocks: list[_Block], facts: dict[str, Any]) -> bool:
    """A speech's part headings are full clauses, not four-character generics."""
    headings = [b.text for b in blocks if b.kind == "h2"]
    return bool(headings) and all(len(_words(h)) > 6 for h in headings)


POSITIONS: dict[str, tuple[tuple[str, Check], ...]] = {
    "工作汇报": (("开头引出", _opening_announces), ("各部分引语", _lead_ins), ("结束语", _closing)),
    "调研报告": (("开头引出", _opening_announces), ("各部分引语", _lead_ins), ("结束语", _closing)),
    "工作总结": (("开头引出", _opening_announces), ("各部分引语", _lead_ins), ("结束语", _closing)),
    "工作计划": (("前言", _preamble), ("各部分引语", _lead_ins), ("结束语", _closing)),
    "实施意见": (("前言", _preamble), ("各部分引语", _lead_ins), ("结束语", _closing)),
    "讲话稿": (
        ("称呼", _salutation), ("过渡语", _turn), ("整句小标题", _clause_headings),
        ("各部分引语", _lead_ins), ("结尾号召", _call), ("致谢", _thanks),
    ),
    "表态发言": (
        ("称呼", _respectful_salutation), ("表态引出", _pledge_intro),
        ("各部分引语", _lead_ins), ("结尾决心", _call), ("致谢", _thanks),
    ),
}


def positions(type_name: str, markdown: str, facts: dict[str, Any]) -> dict[str, bool]:
    """Each conventional position of the type, and whether the draft fills it."""
    blocks = _blocks(markdown)
    return {name: check(blocks, facts) for name, check in POSITIONS.get(type_name, ())}


# ---------------------------------------------------------------- one facts file


@dataclass(frozen=True)
class Figures:
    name: str
    type: str
    shares: tuple[float, ...]  # tool-written share per seed
    missing: tuple[str, ...]  # positions left empty in some seed
    defects: tuple[str, ...]  # composition findings of `check`, with seed and line
    distinct: int  # distinct drafts over the seeds
    unplaced: tuple[str, ...] = ()  # facts some seed's draft does not show

    @property
    def min_share(self) -> float:
        return min(self.shares) if self.shares else 0.0

    @property
    def target(self) -> float:
        return 0.20 if self.type in SPEECH_TYPES else 0.12


def measure(
    name: str, type_name: str, facts: dict[str, Any], seeds: Sequence[int] = (1, 2, 3, 4, 5), **draft_options: Any
) -> Figures:
    """Draft the facts with each seed and take the figures."""
    from drafter.check import check_markdown
    from drafter.composition import COMPOSITION_CODES
    from drafter.draft import _fullwidth_facts, draft
    from drafter.facts import normalize
    from drafter.templates import load_schema, resolve_type, template_search_path

    path = tuple(draft_options.get("search_path") or template_search_path())
    shown = _fullwidth_facts(normalize(facts, load_schema(resolve_type(type_name, path), path)))
    leaves = _leaves(shown)
    shares = []
    missing: set[str] = set()
    defects = []
    texts = set()
    unplaced: set[str] = set()
    for seed in seeds:
        result = draft(type_name, facts, seed=seed, **draft_options)
        texts.add(result.markdown)
        unplaced.update(result.missing_facts)
        shares.append(tool_written_share(result.markdown, shown))
        missing.update(k for k, ok in positions(result.type, result.markdown, shown).items() if not ok)
        # A shape the user wrote inside one fact is theirs to fix, not the tool's.
        defects += [
            f"种子{seed} {f.message}" for f in check_markdown(result.markdown)
            if f.code in COMPOSITION_CODES and not any(f.excerpt and f.excerpt in leaf for leaf in leaves)
        ]
    return Figures(
        name, type_name, tuple(shares), tuple(sorted(missing)), tuple(defects), len(texts), tuple(sorted(unplaced))
    )


__all__ = ["Figures", "POSITIONS", "SPEECH_TYPES", "measure", "positions", "tool_written_share"]
