"""Seeded choice among the stock phrases: the helpers a template calls (opening, lead_in, ...).

A `PhrasePicker` is created per render with `random.Random(seed)`, so the same facts and
seed give the same text; it fills `{slot}`s from the facts and skips any variant whose
slots have no fact, so a phrase never invents one. When nothing fits it returns "".
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from drafter.phrasing.bank import Phrase, PhraseBank
from drafter.phrasing.conventions import ANY_TYPE, self_name, topic_work
from drafter.text import paragraph_lines, settle, speaker_line, sub_item

_SLOT_RE = re.compile(r"\{([^{}]+)\}")
# Fact names a phrase slot may name (docs/CONTRACTS.md).
SLOT_NAMES = ("上级", "单位", "时间", "主题", "会议", "思想", "地区", "讲话人", "称呼", "代表", "施行日期")

# A time the sentence already states: a second one glued before it says the time twice.
TIME_WORDS = re.compile(
    r"\d{4}年|\d{1,2}月|今年|去年|明年|上半年|下半年|年初|年底|年末|以来|近年|当前|目前|近期|今后|一年来"
)
# Sentences about the meeting itself (刚才，县委书记作了重要讲话): no leadership formula fits them.
_ABOUT_THE_MEETING = re.compile(r"^(刚才|今天|这次|此次|本次|会上|会议|按照会议|根据会议|下面)")


@dataclass(frozen=True)
class UsedPhrase:
    """A stock phrase a draft used, and where it came from."""

    text: str
    kind: str
    source: str  # "corpus" or "convention"
    documents: tuple[str, ...] = ()  # corpus: seed documents using it
    position: str = ""  # convention: its position in the conventions file


def _role_matches(wanted: str, roles: Sequence[str]) -> bool:
    return any(wanted == r or wanted in r.split("/") for r in roles)


# A time something can have gone on "since": 2025年以来 reads right, 2025年上半年以来 does not.
_SINCE_OK = re.compile(r"^(\d{4}年(\d{1,2}月份?)?|今年|去年)$")
_YEAR_ONLY = re.compile(r"^(\d{4})年$")

# Leadership/basis formulas by the shape of their mined text, each with the word that makes
# it redundant when the user's sentence already has it (two 紧紧围绕 in a row read badly).
LEADER_FORMS: dict[str, tuple[str, str]] = {
    "led": (r"^在\{上级\}的[^{}，。]*领导下$", "领导下"),
    "follow": (r"^按照\{上级\}的要求$", "按照"),
    "focus": (r"^紧紧围绕\{上级\}中心工作$", "紧紧围绕"),
}
# Guiding-thought formulas, same idea.
GUIDE_FORMS: tuple[tuple[str, str], ...] = (
    (r"^(坚持)?以\{思想\}为指导$", "为指导"),
    (r"^贯彻落实\{思想\}$", "贯彻"),
)


# What does not depend on one render's facts (kind, role, slots needed, ending, shape) is
# the same for every draft of a batch: filtered once per bank and request, not per draft.
_STATIC_FITS: dict[int, tuple[PhraseBank, dict[tuple[Any, ...], tuple[Phrase, ...]]]] = {}


def _static_fit(
    bank: PhraseBank, kind: str, role: str | None, needed: tuple[str, ...], ending: str | None, pattern: str | None
) -> tuple[Phrase, ...]:
    held = _STATIC_FITS.get(id(bank))
    if held is None or held[0] is not bank:
        if len(_STATIC_FITS) >= 8:
            _STATIC_FITS.clear()
        held = _STATIC_FITS[id(bank)] = (bank, {})
    key = (kind, role, needed, ending, pattern)
    found = held[1].get(key)
    if found is None:
        found = held[1][key] = tuple(
            p for p in bank.phrases
            if p.kind == kind
            and (role is None or _role_matches(role, p.roles))
            and all(s in p.slots for s in needed)
            and (ending is None or p.text.endswith(tuple(ending)))
            # The shape a template needs (e.g. ^在{上级}的.*领导下$), matched on the raw text.
            and (pattern is None or re.search(pattern, p.text) is not None)
        )
    return found


class PhrasePicker:
    """The phrase helpers one render uses: seeded choice, slots filled from facts, no repeats.

    Every choice goes through one `random.Random(seed)`, so the same facts and seed give the
    same text. `pending` holds the slot facts the text does not show yet; helpers prefer a
    variant that places one, so supplied facts reach the draft."""

    def __init__(
        self,
        bank: PhraseBank,
        facts: dict[str, Any],
        *,
        types: Sequence[str],
        seed: int = 0,
        structures: Any = None,
        shown: str = "",
        conventions: Sequence[Phrase] = (),
        doc_type: str = "",
    ) -> None:
        self.bank = bank
        self.types = tuple(types)
        self.doc_type = doc_type or (self.types[0] if self.types else "")
        self.conventions = tuple(conventions)
        self.rng = random.Random(seed)
        self.slot_values = {
            k: str(v) for k, v in facts.items() if k in SLOT_NAMES and isinstance(v, str) and v
        }
        # Slots derived from facts, never facts of their own: 我局 from 单位, 防汛工作 from 主题.
        self.derived = {
            "自称": self_name(self.slot_values.get("单位", "")),
            "主题工作": topic_work(self.slot_values.get("主题", "")),
        }
        if "代表" not in self.slot_values and "单位" in self.slot_values:
            self.derived["代表"] = self.slot_values["单位"]
        self.derived = {k: v for k, v in self.derived.items() if v}
        self.used_phrases: list[UsedPhrase] = []
        self.date = str(facts.get("日期") or "")
        self.structures = structures
        self.used: set[str] = set()
        self.slots_used: set[str] = set()
        self.headings_used: set[str] = set()
        self._vocab: frozenset[str] | None = None
        self.pending = {k for k, v in self.slot_values.items() if v not in shown}

    def helpers(self) -> dict[str, Any]:
        return {
            "phrase": self.phrase,
            "opening": self.opening,
            "closing": self.closing,
            "lead_in": self.lead_in,
            "transition": self.transition,
            "formula": self.formula,
            "heading_pattern": self.heading_pattern,
            "section_heading": self.section_heading,
            "has_slot": self.has_slot,
            "choose": self.choose,
            "when": self.when,
            "leader": self.leader,
            "guide": self.guide,
            "is_pending": self.is_pending,
            "placed": self.placed,
            "convention": self.convention,
            "announce": self.announce,
            "preamble": self.preamble,
            "conclude": self.conclude,
            "salutation": self.salutation,
            "turn": self.turn,
            "call": self.call,
            "thanks_end": self.thanks_end,
            "has_time": has_time,
            # Text helpers for composing around facts (drafter.text).
            "sub_item": sub_item,
            "paragraph_lines": paragraph_lines,
            "speaker_line": speaker_line,
            "settle": settle,
        }

    # ------------------------------------------------------------ bank look-ups

    def candidates(
        self,
        kind: str,
        role: str | None = None,
        type: str | None = None,
        need: str | Sequence[str] | None = None,
        ending: str | None = None,
        pattern: str | None = None,
    ) -> list[Phrase]:
        """Every bank phrase that fits: kind, role, slots filled, required slots present.

        Types are tried in order of preference (the template's phrase_types): the first
        type that has any fitting phrase supplies them all, so a 工作总结 only borrows a
        工作汇报 opening when the bank holds none of its own. type="*" takes any type."""
        needed = (need,) if isinstance(need, str) else tuple(need or ())
        fitting = [
            p for p in _static_fit(self.bank, kind, role, needed, ending, pattern)
            if p.id not in self.used
            and all(s in self.slot_values for s in p.slots)  # a slot with no fact would invent one
        ]
        if type == "*":
            return fitting
        for wanted in (type,) if type else self.types:
            found = [p for p in fitting if wanted in p.types]
            if found:
                return found
        return []

    def _take(self, choice: Phrase) -> str:
        self.used.add(choice.id)
        self.slots_used.update(choice.slots)
        self.pending -= set(choice.slots)
        if "主题工作" in choice.slots:
            self.pending.discard("主题")
        text = self._fill(choice)
        self.used_phrases.append(UsedPhrase(text, choice.kind, choice.source, choice.documents, choice.position))
        return text

    def phrase(
        self,
        kind: str,
        role: str | None = None,
        type: str | None = None,
        need: str | Sequence[str] | None = None,
        ending: str | None = None,
        pattern: str | None = None,
    ) -> str:
        """One fitting phrase, chosen by the seed, slots filled; "" when none fits."""
        found = self.candidates(kind, role, type, need, ending, pattern)
        if not found:
            return ""
        placing = [p for p in found if self.pending & set(p.slots)]
        return self._take(self.rng.choice(placing or found))

    def opening(
        self, role: str | None = None, need: str | Sequence[str] | None = None,
        ending: str | None = None, pattern: str | None = None,
    ) -> str:
        return self.phrase("opening", role, need=need, ending=ending, pattern=pattern)

    def closing(self, role: str | None = None, ending: str | None = None, pattern: str | None = None) -> str:
        return self.phrase("closing", role, ending=ending, pattern=pattern)

    def lead_in(self, role: str, pattern: str | None = None, avoid: str = "", without: str | None = None) -> str:
        """A whole sentence opening a section of `role`: the bank's, else a convention's.
        A fragment (ending in ，) would dangle, so only sentences ending 。 or ： qualify."""
        # `without`: wording the section cannot take (成效 when no achievements came before).
        mined = self.phrase("lead_in", role, ending="。：", pattern=pattern)
        if mined and without and re.search(without, mined):
            mined = ""
        if without:
            return mined or self.convention("lead_in", role, avoid=avoid, pattern=f"^(?!.*({without}))")
        return mined or self.convention("lead_in", role, avoid=avoid)

    # ------------------------------------------------------------ conventions

    def convention(
        self, position: str, role: str | None = None, avoid: str = "", pattern: str | None = None
    ) -> str:
        """One variant of the conventions file for this type's `position` (and section
        `role`), chosen by the seed, slots filled from facts; "" when none fits. A variant
        placing a fact the text does not show yet is preferred; one naming a fact `avoid`
        (the sentence it joins) already states is skipped."""
        found = self._convention_candidates(position, role, avoid, pattern)
        if not found:
            return ""
        return self._take(self.rng.choice(found))

    def _convention_candidates(
        self, position: str, role: str | None = None, avoid: str = "", pattern: str | None = None
    ) -> list[Phrase]:
        fitting = [
            p for p in self.conventions
            if p.position == position
            and (self.doc_type in p.types or ANY_TYPE in p.types)
            and (role is None or _role_matches(role, p.roles))
            and p.id not in self.used
            and all(s in self.slot_values or s in self.derived for s in p.slots)
            and not any(self._value(s) in avoid for s in p.slots if avoid)
            # The shape a template needs, matched on the filled text (slots may hold anything).
            and (pattern is None or re.search(pattern, self._fill(p)) is not None)
        ]
        # Stock wording said once (持续用力、久久为功 twice in a page reads as filler); only
        # when every variant echoes is one taken anyway, since the position must be filled.
        # A variant that places a fact the text still lacks comes first.
        placing = [p for p in fitting if self.pending & set(p.slots) or ("主题工作" in p.slots and "主题" in self.pending)]
        pool = placing or fitting
        said = [avoid, *(u.text for u in self.used_phrases)]
        return [p for p in pool if not _echoes(p.text, said)] or pool

    def announce(self, avoid: str = "", pattern: str | None = None) -> str:
        """The sentence announcing the body (现将有关情况汇报如下：); `pattern` narrows it
        (报告如下：$ for a 汇报 issued as a 报告)."""
        # This type's own: a 调研报告 does not close its opening with a 汇报's wording.
        mined = self.phrase("opening", type=self.doc_type, ending="：", pattern=pattern or "如下：$")
        return mined or self.convention("announce", avoid=avoid, pattern=pattern)

    def preamble(self, after: str = "") -> str:
        """The sentence a plan or an opinion opens with. `after` is the clause the template
        puts before it (an opinion's 依据): then a tail fits (现提出如下实施意见。); without
        one only a whole sentence does (为扎实做好……，制定本计划。)."""
        pattern = r"^(现|特)[^{}…]*(制定|提出|如下)[^{}…]*。$" if after else r"^(为|根据)[^{}…]*(制定|提出|如下)[^{}…]*。$"
        mined = self.phrase("opening", type=self.doc_type, ending="。", pattern=pattern)
        return mined or self.convention("preamble", avoid=after, pattern=pattern)

    def conclude(self, pattern: str | None = None) -> str:
        """The closing sentence of a report (特此报告。), a summary or a plan."""
        mined = self.phrase("closing", type=self.doc_type, ending="。", pattern=pattern or "报告。$|指正。$|参考。$")
        return mined or self.convention("closing", pattern=pattern)

    def salutation(self, respectful: bool = False) -> str:
        """同志们： — or, for a pledge before leaders, 尊敬的…，各位领导，同志们： (the user's 称呼
        first when given)."""
        if respectful:
            if "称呼" in self.slot_values:
                return self.convention("salutation")
            return self.opening(ending="：", pattern="^(尊敬的)?各位领导") or self.convention("salutation")
        return self.opening(ending="：", pattern="同志们：$") or self.convention("salutation")

    def turn(self) -> str:
        """下面，我讲几点意见。: from the speech's opening to its parts."""
        return self.opening(ending="。", pattern="^[^{}…]*意见。$") or self.convention("turn")

    def call(self) -> str:
        """The closing call of a speech (同志们，……让我们……作出新的更大贡献！)."""
        return self.closing(ending="！", pattern="^同志们，") or self.convention("call")

    def thanks_end(self) -> str:
        return self.closing(ending="！", pattern="^谢谢") or self.convention("thanks_end")

    def transition(self, role: str | None = None) -> str:
        return self.phrase("transition", role)

    def formula(
        self, need: str | Sequence[str] | None = None, role: str | None = None, pattern: str | None = None
    ) -> str:
        """A slotted formula (在{上级}的坚强领导下): this type's first, else any type's,
        since such formulas are shared stock language."""
        return self.phrase("formula", role, need=need, pattern=pattern) or self.phrase(
            "formula", role, type="*", need=need, pattern=pattern
        )

    def heading_pattern(self, role: str | None = None) -> str:
        # Slot-free patterns only: a topic forced into a mined slot reads badly.
        return self.phrase("heading_pattern", role, pattern=r"^[^{}]+$")

    # ------------------------------------------------------------ composing helpers

    def has_slot(self, name: str) -> bool:
        return name in self.slot_values

    def is_pending(self, name: str) -> bool:
        """The fact is supplied and the text does not show it yet."""
        return name in self.pending

    def placed(self, name: str) -> str:
        """The fact's own text, placed by the template itself (no stock wording around it)."""
        self.pending.discard(name)
        return self.slot_values.get(name, "")

    def choose(self, options: Sequence[Any]) -> Any:
        """One of the template's own alternatives, by the seed ("" when there are none)."""
        options = list(options)
        return self.rng.choice(options) if options else ""

    def when(self, since: bool = True, avoid: str = "") -> str:
        """The time adverbial that opens a sentence, by the seed: `{时间}以来` (only for a
        point in time, and not once that time is over), the bare time, or 今年以来 /
        nothing when the title already shows the time. "" when there is no 时间, or when
        the sentence it opens (`avoid`) states a time of its own."""
        value = self.slot_values.get("时间")
        if not value or has_time(avoid):
            return ""
        options = [value]  # the fact itself, no stock wording around it
        if since and _SINCE_OK.match(value) and not self._period_over(value):
            options += [self._fill(p) for p in self.candidates("formula", type="*", pattern=r"^\{时间\}以来$")]
            year = _YEAR_ONLY.match(value)
            if "时间" not in self.pending and year and self.date.startswith(year.group(1) + "年"):
                options += [p.text for p in self.candidates("formula", type="*", pattern="^今年以来$")]
        if "时间" not in self.pending:
            options.append("")
        choice = self.rng.choice(options)
        if value in choice:
            self.pending.discard("时间")
        return choice

    def _period_over(self, value: str) -> bool:
        """2025年 written in December 2025 or later is a whole year behind us: "2025年以来"
        would misdate an annual document."""
        year = _YEAR_ONLY.match(value)
        date = re.match(r"(\d{4})年(\d{1,2})月", self.date)
        if not year or not date:
            return False
        written, month = int(date.group(1)), int(date.group(2))
        return written > int(year.group(1)) or month == 12

    def leader(
        self, forms: Sequence[str] = ("led", "follow", "focus"), avoid: str = "", strict: bool = False
    ) -> str:
        """A formula that places 上级 (在{上级}的坚强领导下, 按照{上级}的要求, ...), one of
        `forms`, skipping a form whose key word `avoid` (the sentence it joins) already has.
        Nothing for a sentence that names the superior itself or is about the meeting
        (刚才，…作了重要讲话): the formula cannot govern it."""
        if "上级" not in self.slot_values:
            return ""
        if avoid and (self.slot_values["上级"] in avoid or "领导下" in avoid or _ABOUT_THE_MEETING.match(avoid.strip())):
            return ""
        # Never drop 上级 only to avoid a repeated word or a less apt form: relax step by step.
        # `strict` keeps to the forms asked (after 以……为指导 a 在……领导下 has no subject).
        steps: list[tuple[Sequence[str], bool]] = [(forms, True), (forms, False)]
        if not strict:
            steps.append((tuple(LEADER_FORMS), False))
        # The conventions' 按照……的部署要求 variants stand beside the mined 按照{上级}的要求, so
        # a bank with one such formula still gives the seeds something to choose.
        conventional = [
            p for p in (self._convention_candidates("follow", avoid=avoid) if "follow" in forms else [])
            if p.text[:2] not in avoid  # 按照…… before a sentence that says 按照 itself
        ]
        for allowed, skip in steps:
            found = [
                p for form in allowed
                if not (skip and LEADER_FORMS[form][1] in avoid)
                for p in self.candidates("formula", type="*", pattern=LEADER_FORMS[form][0])
            ]
            if found or conventional:
                return self._take(self.rng.choice(found + conventional))
        return ""

    def guide(self, avoid: str = "") -> str:
        """以{思想}为指导 or another formula that places 思想; "" when there is none."""
        if "思想" not in self.slot_values:
            return ""
        # 以{思想}为指导 is the form a 指导思想 takes; 贯彻落实{思想} only when the sentence
        # already has 为指导 (the first form that fits wins).
        for skip in (True, False):
            for pattern, word in GUIDE_FORMS:
                found = [] if skip and word in avoid else [
                    # 坚持以{思想}为指导 before 坚持“两个毫不动摇” would say 坚持 twice.
                    p for p in self.candidates("formula", type="*", pattern=pattern)
                    if not (skip and p.text[:2] in avoid)
                ]
                if found:
                    return self._take(self.rng.choice(found))
        return ""

    def _value(self, slot: str) -> str:
        return self.slot_values.get(slot) or self.derived.get(slot, "")

    def _fill(self, p: Phrase) -> str:
        return _SLOT_RE.sub(lambda m: self._value(m.group(1)), p.text)

    # ------------------------------------------------------------ headings

    def section_heading(
        self, role: str, default: str | None = None, *, style: str = "report", mined: bool = True,
        exclude: str | None = None,
    ) -> str:
        """A top-level heading for a section of `role`, chosen by the seed among:
        generic headings mined for the role (role_headings in structures.json, without
        numbers, names or places), and for speeches (style="speech") the role's mined
        heading patterns and, for tasks, a topic pattern (加强{主题} -> 加强招商引资工作).
        A report always has the plain role name (`default`) among its options; a speech
        falls back to it. No heading is used twice in one draft; none matching `exclude`
        (肯定成绩 in a speech that reviews no achievements)."""
        fallback = default or role.split("/")[0]
        if self._vocab is None:
            self._vocab = _cached_vocabulary(self.bank, self.structures)
        vocab = self._vocab
        options: list[str] = []
        if mined:
            # A report's sections are named by what they hold (存在的主要问题), so only
            # headings made of generic words; a speech's may be stock phrases (统一思想，提高认识).
            options += _mined_headings(
                self.structures, self.types, role, vocab if style == "speech" else frozenset()
            )
        if exclude:
            options = [o for o in options if not re.search(exclude, o)]
        if self.doc_type == "工作总结":
            # A summary looks back over its whole period: 近期工作安排 would end it mid-stream.
            options = [o for o in options if "近期" not in o]
        topical: list[str] = []
        if style == "speech":
            # Real speeches head their parts with parallel clauses, not a four-character
            # generic: the bank's multi-part patterns for the role, else the conventions'.
            parallel = [
                o for o in dict.fromkeys(options + self._pattern_headings(role))
                if "，" in o and o not in self.headings_used and not (exclude and re.search(exclude, o))
            ]
            # A topic the text does not show yet names the task section: a heading that
            # places it (聚焦重点任务，全力推动防汛工作取得新成效), else the topic patterns below.
            topic_due = "主题" in self.pending and role == "主要内容/重点任务"
            clause = self.rng.choice(parallel) if parallel and not topic_due else self.convention("heading", role)
            if clause and not (topic_due and "主题" in self.pending):
                self.headings_used.add(clause)
                return clause
            options += self._pattern_headings(role)
            topical = self._topic_headings(role)
            if "主题" in self.pending and not topical and role == "主要内容/重点任务":
                # A topic no pattern fits (推进民营经济高质量发展) is itself a task heading.
                topical = [self.slot_values["主题"]]
            if "主题" in self.pending and topical:
                options = topical  # the topic has no other place to appear
            else:
                options += topical
        else:
            options.append(fallback)
        fresh = [o for o in dict.fromkeys(options) if o not in self.headings_used]
        choice = self.rng.choice(fresh) if fresh else fallback
        self.headings_used.add(choice)
        if choice in topical:
            self.pending.discard("主题")
        return choice

    def _pattern_headings(self, role: str) -> list[str]:
        """Slot-free heading patterns mined for the role in these types, in four-character
        parts (统一思想, 加强领导，落实责任): longer ones name a particular field."""
        return [
            p.text for p in self.bank.phrases
            if p.kind == "heading_pattern"
            and not p.slots
            and _role_matches(role, p.roles)
            and (role == "保障措施" or "保障措施" not in p.roles)  # 加大投入 is a measure, not a task
            and set(p.types) & set(self.types)
            and _four_char_parts(p.text)
        ]

    def _topic_headings(self, role: str) -> list[str]:
        """Task headings built from a mined pattern and the topic: 加强{主题} -> 加强招商引资工作,
        加大{主题}力度 -> 加大招商引资力度. Only for a short topic that is a plain noun phrase."""
        topic = self.slot_values.get("主题", "")
        if role != "主要内容/重点任务" or not re.fullmatch(r"[\u4e00-\u9fff]{2,8}", topic):
            return []
        noun = topic if topic.endswith("工作") else topic + "工作"
        out = []
        for p in self.bank.phrases:
            if p.slots != ("主题",) or not _role_matches(role, p.roles):
                continue
            if p.kind == "heading_pattern" and re.fullmatch(r"(加强|强化|抓好|推进)\{主题\}", p.text):
                out.append(p.text.replace("{主题}", noun))
            elif p.kind == "formula" and re.fullmatch(r"(加大|提高|提升)\{主题\}(力度|水平)", p.text):
                out.append(p.text.replace("{主题}", topic))
            elif p.kind == "formula" and p.text == "做好{主题}工作":
                out.append("做好" + noun)
        return out


def _echoes(text: str, others: Sequence[str], width: int = 4) -> bool:
    """The fixed wording of `text` repeats a run of `width` characters of one of `others`."""
    fixed = [part for part in _SLOT_RE.sub("\0", text).split("\0")]
    grams = {
        part[i:i + width] for part in fixed for i in range(len(part) - width + 1)
        if re.fullmatch(r"[\u4e00-\u9fff]+", part[i:i + width])
    }
    return any(gram in other for other in others if other for gram in grams)


def has_time(text: str) -> bool:
    """The text states a time of its own (2025年, 7月中旬, 今年以来, 当前)."""
    return bool(TIME_WORDS.search(str(text or "")))


# ---------------------------------------------------------------- mined headings

# Words a generic section heading is made of (存在的主要问题, 下一步工作安排, 主要做法及成效):
# a mined heading built only from these names no field, place or number.
_GENERIC_WORDS = tuple(sorted((
    "下一步", "下步", "近期", "今后", "主要", "基本", "工作", "的", "存在", "问题", "困难", "不足",
    "及", "和", "打算", "计划", "安排", "情况", "开展", "进展", "做法", "成效", "成绩", "目标",
    "任务", "指导思想", "总体要求", "保障", "措施", "经验", "体会", "原因", "分析", "对策", "建议", "重点",
), key=len, reverse=True))


# Compiled on first use (its han ranges take ~3 ms): only drafts that fill in headings
# from the corpus need it, and `drafter new` on a template with its own headings does not.
@functools.cache
def _heading_shape() -> re.Pattern[str]:
    return re.compile(r"^[\u4e00-\u9fff]{2,12}(，[\u4e00-\u9fff]{2,12})*$")


def _four_char_parts(text: str) -> bool:
    return all(len(part) == 4 for part in text.split("，")) and bool(_heading_shape().match(text))


def _made_of_generic_words(part: str) -> bool:
    i = 0
    while i < len(part):
        word = next((w for w in _GENERIC_WORDS if part.startswith(w, i)), None)
        if word is None:
            return False
        i += len(word)
    return True


def _roles_of(structures: Any) -> list[Any]:
    return list(structures.get("roles") or []) if isinstance(structures, dict) else []


def _heading_vocabulary(bank: PhraseBank, roles: list[Any]) -> frozenset[str]:
    """Four-character stock words the bank holds (统一思想, 狠抓落实) and the role names
    and their aliases: the parts a generic heading may be made of."""
    words = {p.text for p in bank.phrases if p.kind in ("heading_pattern", "formula") and not p.slots and _four_char_parts(p.text)}
    for role in roles:
        if isinstance(role, dict):
            words.update(str(role.get("name", "")).split("/"))
            words.update(str(a) for a in role.get("aliases") or ())
    return frozenset(w for w in words if w)


_VOCABULARIES: dict[tuple[int, int], tuple[PhraseBank, Any, frozenset[str]]] = {}


def _cached_vocabulary(bank: PhraseBank, structures: Any) -> frozenset[str]:
    """_heading_vocabulary once per loaded bank and structures, not once per draft."""
    key = (id(bank), id(structures))
    held = _VOCABULARIES.get(key)
    if held is None or held[0] is not bank or held[1] is not structures:
        if len(_VOCABULARIES) >= 8:
            _VOCABULARIES.clear()
        held = _VOCABULARIES[key] = (bank, structures, _heading_vocabulary(bank, _roles_of(structures)))
    return held[2]


def _generic_heading(text: str, vocab: frozenset[str]) -> bool:
    """A heading with no field, place or number in it: every part is a stock word of the
    bank (speeches) or made of generic words; `vocab` empty means generic words only."""
    if len(text) > 12 or not _heading_shape().match(text):
        return False
    if "问题" in text and re.search("打算|计划|安排", text):
        return False  # one heading for two sections (存在问题和下一步工作打算)
    return all(part in vocab or _made_of_generic_words(part) for part in text.split("，"))


_MINED_HEADINGS: dict[tuple[Any, ...], tuple[Any, list[str]]] = {}


def _mined_headings(structures: Any, types: Sequence[str], role: str, vocab: frozenset[str]) -> list[str]:
    """_find_mined_headings once per loaded structures and request, not once per draft."""
    key = (id(structures), tuple(types), role, vocab)
    held = _MINED_HEADINGS.get(key)
    if held is None or held[0] is not structures:
        if len(_MINED_HEADINGS) >= 256:
            _MINED_HEADINGS.clear()
        held = _MINED_HEADINGS[key] = (structures, _find_mined_headings(structures, types, role, vocab))
    return list(held[1])


def _find_mined_headings(structures: Any, types: Sequence[str], role: str, vocab: frozenset[str]) -> list[str]:
    """Generic headings mined for `role` in these types (structures.json role_headings)."""
    if not isinstance(structures, dict):
        return []
    by_type = structures.get("types") or {}
    out: list[str] = []
    for type_name in types:
        entry = by_type.get(type_name) if isinstance(by_type, dict) else None
        if not isinstance(entry, dict):
            continue
        for item in (entry.get("role_headings") or {}).get(role) or ():
            text = str(item.get("text", "")) if isinstance(item, dict) else str(item)
            if _generic_heading(text, vocab) and text not in out:
                out.append(text)
    return out
