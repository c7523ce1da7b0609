"""The stock-phrase bank: formulaic language mined from the corpus, with provenance.

`mine_phrases(docs)` returns phrases.json:

    {"version": 1, "phrases": [{"id", "text", "kind", "slots", "types", "roles",
                                "count", "docs", "sources": [{"doc", "line"}]}]}

Each kind has its own miner, so an entry's kind says what a template can do with it:
- opening / closing: whole sentences (同志们：, 下面，我讲几点意见。, 谢谢大家！) or
  the first one or two clauses of a sentence (今年以来，在{上级}的正确领导下，) found
  before a document's first heading, or in its last sentences. Never a fragment: the
  fixed text has at least four characters, except a salutation ending in ：.
- lead_in: how a section opens: the first sentence after a heading (roles from
  roles.classify_outline, a heading without one taking its parent's), a paragraph's first
  sentence inside a section of known role, or the sentence after a numbered item's
  one-sentence heading (一要加快园区建设。), read past its item number. Kept: the sentence,
  its first clause(s), and prefixes it shares with any sentence of another document,
  ending in ，/： or … when the template is to continue it (下一步，我们将…, 各级各部门要…).
  A lead-in's documents are all those opening a sentence with it; its types and roles are
  those of the sections it opens. Short time/discourse leads (当前，, 今年以来，, 下一步，,
  我们要…, 从{主题}看，: `is_short_lead`) are allowed as lead-ins only, never as openings
  or closings; a lead-in naming a topic (招商引资要…) is not stock language.
- transition: a connective standing as a sentence's first clause (同时, 因此).
- heading_pattern: heading clauses and parallel headings (统一思想，提高认识).
- formula: fixed collocations inside clauses. Word n-grams are kept only when they are
  predicates (a verb, adverb+verb, or an idiom: 高度重视, 扎实推进, 取得了明显成效),
  never noun compounds (招商引资, 基础设施); slotted formulas replace a span of one
  kind only (在{上级}的坚强领导下, {时间}以来, 以{思想}为指导, 加强{主题}建设).

Slots are disciplined: 上级 = party/government organs (市委、市政府), 时间 = a time
expression (2011年, 今年, 上半年), 会议 = a named meeting (全市经济工作会议), 思想 = a
guiding thought (科学发展观), 地区 = a place (jieba ns), 主题 = a noun phrase naming the
matter (jieba n/vn/nz, no verb of speech, no number). A varied part of no kind is not a
slot: the sentence is then only kept verbatim. Count words in a speech's announcement
(讲三点意见) are normalised to 几 when the corpus itself uses that wording.

Damaged lines are read through `clean.intact_sentences`: their sound sentences are mined
like any other, the broken ones only hold their place (so zones stay where they were).

Everything kept appears in at least two distinct non-duplicate documents and its fixed
text is clean: no digits, counts, dates, names, Latin letters, half-width punctuation,
traditional characters, site noise or 【待填】. `verify_phrase` re-checks an entry.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Iterable, Sequence

from drafter.clean import intact_sentences, mark_sentences
from drafter.mine.roles import ROLE_NAMES, classify_heading, classify_outline
from drafter.model import DOC_TYPES, SLOT_TOKEN, Document, canonical_type

__all__ = [
    "CONTINUES",
    "KINDS",
    "SLOT_NAMES",
    "coverage_report",
    "format_phrases",
    "is_fragment",
    "is_short_lead",
    "mine_phrases",
    "phrase_pattern",
    "search_phrases",
    "text_problems",
    "verify_phrase",
]

KINDS: tuple[str, ...] = ("opening", "closing", "lead_in", "transition", "heading_pattern", "formula")
KIND_NAMES = {
    "opening": "开头",
    "closing": "结尾",
    "lead_in": "引语",
    "transition": "过渡",
    "heading_pattern": "标题句式",
    "formula": "固定格式",
}
SLOT_NAMES: tuple[str, ...] = ("上级", "单位", "时间", "主题", "会议", "思想", "地区", "讲话人")

_MIN_DOCS = 2
_MAX_SOURCES = 3
_MAX_AFFIX = 6  # longest fixed prefix/suffix of a slotted formula, in characters
_MAX_SENTENCE = 40
_MAX_LEAD_SENTENCE = 30
_MIN_EDGE_CHARS = 4  # fixed characters of an opening/closing/lead-in (salutations excepted)
_MAX_NGRAM_TOKENS = 5
CONTINUES = "…"  # ends a lead-in the template continues with the user's text

_SENTENCE = re.compile(r"[^。！？；]*[。！？；]|[^。！？；]+$")
_CLAUSE = re.compile(r"[^，：。！？；]+[，：。！？；]?")
_CLAUSE_MARKS = frozenset("，：；。！？")
_TERMINATED = re.compile(r"[。！？；：…”）》]$")
_SLOT = re.compile(r"\{([^{}]+)\}")
_DIGITS = re.compile(r"[0-9０-９]")
_ASCII_LETTERS = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")
_HALF_WIDTH = re.compile(r"[,.;:!?()\[\]\"'<>]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PUNCT = re.compile(r"[，、：；。！？…“”（）《》]")
_COUNTED_NUMBER = re.compile(
    # 过去的一年 names the year behind us, not a count.
    r"(?<!过去的)[零〇一二三四五六七八九十百千万两]+(?:年|月|日|届|次|亿|万|元|个百分点|多|余|家|户|人|名|所|座|公里|亩)"
    r"|[两三四五六七八九十]+(?:点|个方面|个问题|方面)"
)
_NOISE = re.compile(r"学海网|本站|仅供参考|精选|网友|整理|隐藏|范文|小编|文章|标题|上一篇|下一篇|推荐|网址|访问|来源|公务员之家|文秘|篇[一二三四五六七八九十\d]")
_DATE = re.compile(r"\d{2,4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:上半年|下半年|底|初|度)?|\d{1,2}月(?:\d{1,2}日)?(?:份|底|初)?")
# Words jieba's name tagger gets wrong in this register.
_NOT_NAMES = frozenset({"谢谢", "同志", "同志们", "高度", "万难", "万险", "文明", "安全", "和谐", "祝愿"})
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_TITLE_AFTER_NAME = re.compile(r"(?<![委府局级副党区市县省镇乡总务部厅处科室])[\u4e00-\u9fff]{2,3}(?:同志|书记|市长|县长|区长|省长|主任|局长)")

# Connectives that stand as a sentence's first clause. Ordinals (第一, 其次) are not
# here: a template numbers its own sections.
_TRANSITIONS = frozenset({
    "同时", "此外", "另外", "当然", "但是", "然而", "因此", "为此", "所以", "总之", "总而言之", "综上所述",
    "与此同时", "一方面", "另一方面", "不仅如此", "具体来说", "具体讲", "可以说", "应该说", "也就是说",
    "事实上", "实际上", "特别是", "尤其是", "对此", "由此可见", "换句话说", "下面", "最后", "因而",
})
# A salutation: a short line ending in ：(同志们：, 各位领导、同志们：).
_SALUTATION = re.compile(r"^[^，。！？]{2,16}：$")
# Speech announcements whose count a template cannot know: 讲三点意见 -> 讲几点意见.
_ANNOUNCED_COUNT = re.compile(r"(?<=[讲谈提说])[两三四五六七八九十]+(?=点|个方面|个问题)")
# A numbered item's one-sentence heading glued into a paragraph (一要…。, （二）…。, 第三，…。).
_ITEM_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+(?:是|要|抓|、)|第[一二三四五六七八九十]+[，、]?|（[一二三四五六七八九十]+）|其[一二三四五六七八九十]，?|首先，|其次，)"
)
_MAX_ITEM_HEADING = 30
# An item's number before its text (一是, 二要 -> 要, 第三，): a template numbers its own items,
# so a lead-in is read after it (一是要进一步… leads in with 要进一步…).
_ITEM_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+(?:是|(?=要))|第[一二三四五六七八九十]+[，、]|其[一二三四五六七八九十]，|首先，|其次，|再次，)")
_ENUMERATOR_START = re.compile(r"^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+|其[一二三四五六七八九十]|首先|其次|再次)")
_FUNCTION_START = frozenset("的了和与及是在对为把被等中上下也都就并而或之其")
_FUNCTION_END = frozenset("的和与及在对为把被将要是地得从向于以使让")
_SPEECH_VERBS = frozenset({"讲", "说", "谈", "提", "讲讲", "谈谈", "说说", "强调", "讲话"})
# jieba flags: a predicate (what makes a collocation formulaic rather than a topic).
_PREDICATE_FLAGS = frozenset({"v", "vd", "vi", "z", "i", "l"})
_HEAD_FLAGS = frozenset({"v", "vd", "vi", "d", "ad", "a", "i", "l", "z", "p"})
_NOMINAL = ("n", "vn", "j", "an", "nz", "ng", "b")
_MODALS = frozenset({"要", "将", "还", "再", "更", "很", "有的", "进行", "特别", "特别是", "就是", "可以", "能够", "应", "应当", "必须", "需要"})
_MIN_DOCS_OBJECT = 4  # a verb on a bare noun (帮助企业, 解放思想) is formulaic only when widely shared


@dataclass(frozen=True)
class _Occurrence:
    doc: str
    line: int
    doc_type: str
    role: str | None
    zone: str  # opening | closing | lead | heading | body


@dataclass(frozen=True)
class _Unit:
    """A clause with its tokens (from jieba, HMM off: fast, stable)."""

    text: str
    tokens: tuple[tuple[str, str], ...]  # (word, flag)
    occurrence: _Occurrence


# --------------------------------------------------------------------------- jieba


@lru_cache(maxsize=1)
def _posseg() -> Any:
    import jieba
    import jieba.posseg

    from drafter.paths import configure_jieba

    configure_jieba()
    jieba.initialize()
    return jieba.posseg


@lru_cache(maxsize=131072)
def _tokens(text: str, *, hmm: bool = False) -> tuple[tuple[str, str], ...]:
    return tuple((p.word, p.flag) for p in _posseg().cut(text, HMM=hmm))


@lru_cache(maxsize=65536)
def _tokens_hmm(text: str) -> tuple[tuple[str, str], ...]:
    # HMM on: finds unknown words, which is what name detection needs.
    return _tokens(text, hmm=True)


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _word_frequencies() -> dict[str, int]:
    _posseg()
    import jieba

    return {w: f for w, f in jieba.dt.FREQ.items() if f > 0}


# ------------------------------------------------------------------ text checks


def _fixed_parts(text: str) -> str:
    return _SLOT.sub("", text.removesuffix(CONTINUES))


def _has_name(text: str) -> bool:
    if _TITLE_AFTER_NAME.search(text):
        return True
    # jieba tags many stock words nr (大力支持, 谢谢): a name is 2-3 characters
    # starting with a common surname.
    return any(
        flag.startswith("nr") and word not in _NOT_NAMES and 2 <= len(word) <= 3 and word[0] in _SURNAMES
        for word, flag in _tokens_hmm(text)
    )


def text_problems(text: str) -> list[str]:
    """Why `text` may not be in the bank as written (empty when it is clean)."""
    problems = []
    fixed = _fixed_parts(text)
    for name in _SLOT.findall(text):
        if name not in SLOT_NAMES:
            problems.append(f"未知槽位 {name}")
    if SLOT_TOKEN in text or "【" in text:
        problems.append("含占位符")
    if _DIGITS.search(fixed) or _COUNTED_NUMBER.search(fixed):
        problems.append("含数字或日期")
    if _ASCII_LETTERS.search(fixed):
        problems.append("含拉丁字母")
    if _HALF_WIDTH.search(fixed):
        problems.append("含半角标点")
    if _NOISE.search(fixed):
        problems.append("含网页噪声")
    if not _CJK.search(fixed):
        problems.append("没有汉字")
    elif _t2s().convert(fixed) != fixed:
        problems.append("含繁体字")
    if fixed.count("“") != fixed.count("”") or fixed.count("（") != fixed.count("）") or fixed.count("《") != fixed.count("》"):
        problems.append("引号或括号不成对")
    if not problems and _has_name(fixed):
        problems.append("含人名")
    return problems


@lru_cache(maxsize=65536)
def _fixed_problems(fixed: str) -> bool:
    """A cheap pre-filter on candidate text (text_problems runs on what survives)."""
    return bool(
        _DIGITS.search(fixed) or _ASCII_LETTERS.search(fixed) or _HALF_WIDTH.search(fixed)
        or SLOT_TOKEN in fixed or _NOISE.search(fixed) or "“" in fixed or "”" in fixed
        or "（" in fixed or "）" in fixed or "《" in fixed or "》" in fixed or "、" in fixed[:1] + fixed[-1:]
        or _COUNTED_NUMBER.search(fixed)
    )


def _wording(text: str) -> str:
    """The fixed characters of an entry, without slots and punctuation."""
    return _PUNCT.sub("", _fixed_parts(text))


# Short lead-ins the style guides teach, by shape: a sequencing adverbial (下一步，), a
# subject or modal with its adverb that the template continues (我们要…, 要进一步…), and a
# viewpoint frame around a topic (从{主题}看，). Bare verbs (加强…) and connectives (同时，:
# a transition) are not among them.
_SHORT_LEAD_SHAPES = re.compile(
    r"^(?:(?:下一步|下步|接下来)，"
    r"|(?:我们|各级|大家)(?:要|将|必须)(?:进一步|继续|切实|认真|始终|更加|着力|全面)?…"
    r"|(?:要|将|必须)(?:进一步|继续|切实|认真|始终|更加|着力|全面)…"
    r"|(?:从\{主题\}(?:来)?看|面对\{主题\}|针对\{主题\}|围绕\{主题\})，)$"
)


def is_short_lead(text: str) -> bool:
    """A time or discourse adverbial standing as a section's first clause (当前，, 目前，,
    近年来，, 今年以来，, {时间}以来，, 下一步，), or a short frame the template continues
    (我们要…, 要进一步…, 从{主题}看，): every style guide's lead-in, though under the four
    characters other edges need. Only a lead-in may be this short."""
    if _SHORT_LEAD_SHAPES.match(text):
        return True
    if not text.endswith("，") or _PUNCT.search(text[:-1]):
        return False
    body = text[:-1]
    if body == "{时间}以来":
        return True
    if "{" in body or not 2 <= len(body) <= 6:
        return False
    return all(flag == "t" for _, flag in _tokens(body)) or re.search(r"(?:以来|年来)$", body) is not None


# Nouns of stock discourse that any section may use whatever its topic; a lead-in naming
# anything else (招商引资要…, 市民政局将…, 要提高规划的执行力，) belongs to its document.
_GENERIC_NOUNS = frozenset({
    "成绩", "同时", "工作", "情况", "形势", "问题", "要求", "部署", "精神", "领导", "实践", "事实", "总体",
    "方面", "基础", "部门", "各级", "单位", "同志", "同志们", "大家", "我们", "地方", "意见", "任务", "目标",
    "发展", "成效", "不足", "差距", "困难", "措施", "工作者", "认识", "思想", "过程", "实际", "前提", "关键",
    "根本", "重点", "核心", "机遇", "挑战", "时期", "阶段", "全局", "大局", "各地", "各部门", "有关部门",
})


def _names_a_topic(text: str) -> bool:
    """True when the fixed text of a lead-in holds a content noun (see _GENERIC_NOUNS)."""
    for word, flag in _tokens(_fixed_parts(text)):
        if word in _GENERIC_NOUNS:
            continue
        if flag.startswith(("n", "vn", "j")) or (flag in ("l", "i") and not _verbal(word, flag)):
            return True
    return False


def is_fragment(text: str, kind: str | None = None) -> bool:
    """True when an opening, closing or lead-in is too short to be emitted as it is:
    fewer than four fixed characters (下面, 今天, 同志们), unless a salutation ending in ：
    (never a lead-in) or, for kind="lead_in", a short time or discourse lead (当前，, see
    is_short_lead); or not ending like a clause (。！？：，…)."""
    if kind == "lead_in" and is_short_lead(text):
        return False
    if text.endswith("：") and _SALUTATION.match(_fixed_parts(text)) and "{" not in text:
        if kind == "lead_in" and "，" not in text:
            return True  # 同志们：addresses the audience; it opens no section
        return len(_wording(text)) < 2
    if not text or text[-1] not in "。！？：，" + CONTINUES or text.startswith("关于"):
        return True  # 关于加强…: a title, not a sentence
    if text.endswith(CONTINUES):
        return len(_wording(text)) < _MIN_EDGE_CHARS + 1
    if text[-1] in "。！？":  # a whole sentence says something: 规章制度。 does not
        tokens = _tokens(_fixed_parts(text))
        courtesy = any(w in ("谢谢", "感谢", "祝愿", "欢迎") for w, _ in tokens)  # jieba: 谢谢/nr
        if not (courtesy or _predicate([f for _, f in tokens])):
            return True
    return len(_wording(text)) < _MIN_EDGE_CHARS


# ------------------------------------------------------------------ slots: spans of one kind

_ORG_UNIT = (
    r"(?:党中央|国务院|(?:[省市县区镇乡州]|自治区)(?:委|政府|党委)|[县区]府|地委|行署|党工委|管委会"
    r"|上级(?:党委|政府|部门)|党委|政府)"
)
_ORG_RUN = re.compile(rf"{_ORG_UNIT}(?:[、和及与]?{_ORG_UNIT})*")
_BARE_ORG = frozenset({"党委", "政府", "管委会"})  # alone they name no one in particular
_TIME = re.compile(
    r"(?:\d{2,4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月(?:\d{1,2}日)?|今年|去年|明年|前年)"
    r"(?:上半年|下半年|前三季度|[一二三四]季度|年初|年底|以前|底|初|度|份)?|上半年|下半年"
)
_THOUGHT_UNIT = (
    r"(?:马克思列宁主义|毛泽东思想|邓小平理论|“三个代表”重要思想|科学发展观|(?:习近平)?新时代中国特色社会主义思想"
    r"|党的[一二三四五六七八九十]+大(?:和[一二三四五六七八九十]+届[一二三四五六七八九十]+中全会)?精神"
    r"|[一二三四五六七八九十]+届[一二三四五六七八九十]+中全会精神|习近平总书记(?:系列)?重要讲话精神)"
)
_THOUGHT_RUN = re.compile(rf"{_THOUGHT_UNIT}(?:[、和]{_THOUGHT_UNIT})*")
_MEETING_HEAD = re.compile(r"(?:会议|大会|全会|常委会|座谈会|动员会|推进会|现场会|党代会|人代会|工作会)$")
_MEETING_PART_FLAGS = ("n", "vn", "nz", "ns", "nt", "j", "b", "m", "an", "l", "ng")
_NOT_PLACES = frozenset({"中国", "全国", "国家", "中央", "全省", "全市", "全县", "全区"})


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    slot: str


def _edges(tokens: Sequence[tuple[str, str]]) -> list[int]:
    edges, offset = [0], 0
    for word, _ in tokens:
        offset += len(word)
        edges.append(offset)
    return edges


def _entity_spans(text: str, tokens: Sequence[tuple[str, str]]) -> list[_Span]:
    """Spans of `text` that name an organ, a time, a thought, a meeting or a place,
    on jieba word boundaries (县委书记 holds no 县委); non-overlapping, in order."""
    edges = set(_edges(tokens))
    found: list[_Span] = []

    def take(start: int, end: int, slot: str) -> None:
        if all(end <= s.start or start >= s.end for s in found):
            found.append(_Span(start, end, slot))

    for m in _THOUGHT_RUN.finditer(text):
        if m.start() in edges and m.end() in edges:
            take(m.start(), m.end(), "思想")
    offsets = _edges(tokens)
    for index, (word, _) in enumerate(tokens):
        if not _MEETING_HEAD.search(word):
            continue
        first = index
        while first > 0 and tokens[first - 1][1].startswith(_MEETING_PART_FLAGS) and tokens[first - 1][0] not in ("这次", "本次"):
            first -= 1
        while first < index and tokens[first][1].startswith("m"):
            first += 1  # a meeting's name starts with words, not a count
        start, end = offsets[first], offsets[index + 1]
        if first < index and end - start >= 4:
            take(start, end, "会议")
    for m in _ORG_RUN.finditer(text):
        if m.group(0) not in _BARE_ORG and m.start() in edges and m.end() in edges:
            take(m.start(), m.end(), "上级")
    for m in _TIME.finditer(text):
        # 今年以来 is one jieba word: the time ends inside it.
        if m.start() in edges and (m.end() in edges or text.startswith("以来", m.end())):
            take(m.start(), m.end(), "时间")
    for index, (word, flag) in enumerate(tokens):
        if flag == "ns" and len(word) >= 2 and word not in _NOT_PLACES:
            take(offsets[index], offsets[index + 1], "地区")
    found.sort(key=lambda s: s.start)
    # Two slots side by side ({地区}{上级}) hide each other's borders: keep the first.
    kept: list[_Span] = []
    for span in found:
        if kept and kept[-1].end == span.start:
            continue
        kept.append(span)
    return kept


@lru_cache(maxsize=65536)
def _skeleton(text: str) -> str:
    """`text` with every named-entity span replaced by its slot (exact when none)."""
    out = text
    for span in reversed(_entity_spans(text, _tokens(text))):
        out = out[: span.start] + "{" + span.slot + "}" + out[span.end :]
    return out


@lru_cache(maxsize=65536)
def _is_topic(filler: str) -> bool:
    """A noun phrase naming the matter (招商引资工作, 党风廉政建设, 人才队伍): nominal words
    only, starting and ending on a noun, no verb of speech, no number, no pronoun."""
    return _is_topic_tokens(filler, _tokens(filler)) if filler else False


def _is_topic_tokens(filler: str, tokens: Sequence[tuple[str, str]]) -> bool:
    if not 2 <= len(filler) <= 12 or _DIGITS.search(filler) or _COUNTED_NUMBER.search(filler):
        return False
    if _PUNCT.search(filler.replace("、", "")):
        return False
    words = [w for w, _ in tokens]
    flags = [f for _, f in tokens]
    if any(w in _SPEECH_VERBS for w in words):
        return False
    if not flags[0].startswith(_NOMINAL + ("a", "ns", "nt", "l")) or not flags[-1].startswith(_NOMINAL + ("ns", "nt", "l")):
        return False
    inner_ok = _NOMINAL + ("a", "ns", "nt", "l", "v", "uj")
    # 和/与/及/、 may join nouns inside a topic (校安工程和标准化学校建设).
    joined = all(w in ("和", "与", "及", "、") for w, f in tokens if not f.startswith(inner_ok))
    return joined and not any(f.startswith(("vd", "vi")) for f in flags) and flags[-1] != "uj"


def _filler_kind(filler: str) -> str | None:
    """The slot a varied span stands for, or None when it is of no kind."""
    tokens = _tokens(filler)
    spans = _entity_spans(filler, tokens)
    if len(spans) == 1 and spans[0].start == 0 and spans[0].end == len(filler):
        return spans[0].slot
    return "主题" if _is_topic(filler) else None


# ------------------------------------------------------------------ documents -> sentences


def _counted(docs: Sequence[Document]) -> list[Document]:
    return sorted((d for d in docs if not d.piece.duplicate_of), key=lambda d: d.piece.id)


def _sentences(text: str) -> list[str]:
    return [m.group(0).strip() for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def _strip_number(text: str) -> str:
    return re.sub(r"^(?:[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十\d]+）|\d+[、.．]|第[一二三四五六七八九十]+部分)\s*", "", text)


@dataclass(frozen=True)
class _Sentence:
    text: str
    line: int
    role: str | None  # the role of the innermost heading that has one
    heading: bool
    section_start: bool  # first sentence after a heading (of any level)
    paragraph_start: bool  # first sentence of a line
    short_line: bool  # the whole line is this sentence (同志们：, 谢谢大家！)
    terminated: bool
    # Broken by damage (clean.intact_sentences drops it): it keeps its place, so
    # zones and section starts stay where the document put them, but is never mined.
    damaged: bool = False


def _document_sentences(doc: Document) -> list[_Sentence]:
    headings = {h.line: h for h in doc.headings}
    # Each heading read inside its section (as `drafter outline` reads it): a
    # sub-heading under 存在问题 is a problem even when its words do not say so.
    outline_roles = {
        h.line: role for h, (role, _) in zip(doc.headings, classify_outline(doc.headings, doc_type=doc.classification.type))
    }
    titles = {t.strip() for t in (doc.piece.title, doc.piece.marker_title) if t}
    out: list[_Sentence] = []
    open_sections: list[tuple[int, str | None]] = []  # (level, role) from the top down
    role: str | None = None
    section_start = False
    for line in sorted(doc.piece.lines, key=lambda ln: ln.number):
        text = line.text.strip()
        if not text or text in titles:
            continue
        heading = headings.get(line.number)
        if heading is not None:
            while open_sections and open_sections[-1][0] >= heading.level:
                open_sections.pop()
            own = outline_roles.get(line.number)
            parent = next((r for _, r in reversed(open_sections) if r), None)
            role = own or parent
            open_sections.append((heading.level, role))
            section_start = True
            # A heading re-joined across a hard line break is not text any line holds.
            if heading.text in text:
                broken = line.damaged and not _intact(heading.text)
                out.append(_Sentence(_strip_number(heading.text), line.number, own, True, False, False, False, True, broken))
            text = heading.body.strip()
            if not text:
                continue
        sentences = _line_sentences(text, damaged=line.damaged)
        for index, (sentence, intact) in enumerate(sentences):
            last = index == len(sentences) - 1
            terminated = bool(_TERMINATED.search(sentence)) or not last
            out.append(
                _Sentence(
                    sentence, line.number, role, False, section_start, index == 0, len(sentences) == 1, terminated,
                    not intact,
                )
            )
            section_start = False
    return out


def _line_sentences(text: str, *, damaged: bool) -> list[tuple[str, bool]]:
    """A line's sentences with True when intact: all of them on a sound line; on a
    damaged line, the ones clean.mark_sentences finds sound (split like any other
    line), and each broken one as a single placeholder."""
    if not damaged:
        return [(sentence, True) for sentence in _sentences(text)]
    out: list[tuple[str, bool]] = []
    for sentence, intact in mark_sentences(text):
        if intact:
            out.extend((part, True) for part in _sentences(sentence))
        else:
            out.append((sentence, False))
    return out


def _intact(text: str) -> bool:
    return all(intact for _, intact in mark_sentences(text))


def _is_item_heading(sentence: _Sentence) -> bool:
    """A numbered item that names its topic in one short sentence (一要加快园区建设。,
    （二）抓项目建设。): the seeds glue such sub-headings into their paragraphs."""
    return (
        not sentence.heading and not sentence.damaged and len(sentence.text) <= _MAX_ITEM_HEADING
        and sentence.text.endswith("。") and _ITEM_HEADING.match(sentence.text) is not None
    )


def _zones(sentences: Sequence[_Sentence]) -> list[str]:
    """opening: body sentences before the first heading (when it comes within forty
    sentences), else the first four; closing: the last sentences; lead: a section's first sentence,
    a paragraph's first sentence inside a section whose role is known, or the sentence after
    a numbered item's one-sentence heading (一要加快园区建设。) inside such a section."""
    body = [i for i, s in enumerate(sentences) if not s.heading]
    zones = ["heading" if s.heading else "body" for s in sentences]
    if not body:
        return zones
    first_heading = next((i for i, s in enumerate(sentences) if s.heading), len(sentences))
    for rank, i in enumerate(body):
        s = sentences[i]
        after_item = i > 0 and _is_item_heading(sentences[i - 1]) and not _is_item_heading(s)
        if s.section_start or (s.role is not None and (s.paragraph_start or after_item)):
            zones[i] = "lead"
        elif (i < first_heading and first_heading < 40) or rank < 4:
            zones[i] = "opening"
    if len(body) >= 6:
        tail = body[-3:] + [i for i in body[-5:] if sentences[i].short_line and len(sentences[i].text) <= 12]
        for i in tail:
            if zones[i] != "opening" and not sentences[i].section_start:
                zones[i] = "closing"
    return zones


def _clause_tokens(
    tokens: tuple[tuple[str, str], ...], *, terminated: bool
) -> list[tuple[tuple[str, str], ...]]:
    clauses: list[tuple[tuple[str, str], ...]] = []
    current: list[tuple[str, str]] = []
    for word, flag in tokens:
        if word in _CLAUSE_MARKS:
            if current:
                clauses.append(tuple(current))
            current = []
        elif word.strip():
            current.append((word, flag))
    if current and terminated:
        clauses.append(tuple(current))  # an unterminated tail may be cut off: dropped
    return clauses


# ------------------------------------------------------------------ candidate forms


class _Forms:
    """Candidate texts per kind with their occurrences (one per document line)."""

    def __init__(self) -> None:
        self.by_kind: dict[str, dict[str, dict[tuple[str, int], _Occurrence]]] = {k: defaultdict(dict) for k in KINDS}

    def add(self, kind: str, text: str, occurrence: _Occurrence) -> None:
        self.by_kind[kind][text].setdefault((occurrence.doc, occurrence.line), occurrence)

    def docs(self, kind: str, text: str) -> frozenset[str]:
        return frozenset(o.doc for o in self.by_kind[kind][text].values())


def _edge_forms(sentence: str, *, terminated: bool, whole_limit: int) -> list[str]:
    """The sentence itself (when short and ended) and its first one or two clauses
    (when they end in ，or ：, so a template can continue them)."""
    forms = []
    if terminated and sentence[-1] in "。！？：" and len(sentence) <= whole_limit:
        forms.append(sentence)
    pieces = _CLAUSE.findall(sentence)
    prefix = ""
    for index, piece in enumerate(pieces[:2]):
        prefix += piece
        if piece[-1] in "，：" and index < len(pieces) - 1 and len(prefix) <= _MAX_SENTENCE:
            forms.append(prefix)
    return forms


def _variants(text: str, known_sentences: frozenset[str]) -> set[str]:
    """The text as written, with its named spans slotted, and with an announced count
    normalised to 几 when the corpus has that very wording (下面，我讲几点意见。)."""
    out = {text, _skeleton(text)}
    normalised = _ANNOUNCED_COUNT.sub("几", text)
    if normalised != text and normalised in known_sentences:
        out.add(normalised)
    return out


def _add_edges(
    forms: _Forms, kind: str, sentence: _Sentence, occurrence: _Occurrence, known: frozenset[str]
) -> None:
    limit = _MAX_LEAD_SENTENCE if kind == "lead_in" else _MAX_SENTENCE
    if kind == "lead_in" and _ENUMERATOR_START.match(sentence.text):
        return  # 一是…, 第一，… number items; they do not open a section
    for variant in _variants(sentence.text, known):
        for form in _edge_forms(variant, terminated=sentence.terminated, whole_limit=limit + 4 * variant.count("{")):
            forms.add(kind, form, occurrence)


def _pair_prefixes(a: str, b: str) -> set[str]:
    """What two sentence skeletons share at their start, as usable prefixes: up to the
    last clause mark (在看到成绩的同时，) and up to a verb or adverb that announces what
    follows (下一步，我们将…), on a word edge both sentences have."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    if n < 2:
        return set()
    shared = a[:n]
    if shared.count("{") != shared.count("}"):
        shared = shared[: shared.rfind("{")]
    cut = max(shared.rfind("，"), shared.rfind("："))
    if n < min(len(a), len(b)):
        # Word edges up to the shared part; a few characters beyond settle the last word.
        edges = set(_edges(_tokens(a[: n + 6]))) & set(_edges(_tokens(b[: n + 6])))
        while n > 0 and n not in edges:
            n -= 1  # back to a word edge both sentences share
        head = a[:n] if "{" not in a[:n] or a[:n].count("{") == a[:n].count("}") else ""
    else:
        head = shared
    out = set()
    head_flags = [f for _, f in _tokens(_fixed_parts(head))] if head else []
    if head_flags and head_flags[-1] in ("v", "d") and len(head) > cut + 2:
        out.add(head + CONTINUES)
    if cut >= 3:
        out.add(shared[: cut + 1])
    return out


def _usable_prefix(prefix: str) -> bool:
    stem = prefix.removesuffix(CONTINUES)
    return not (_fixed_problems(_fixed_parts(stem)) or _ENUMERATOR_START.match(stem))


def _add_shared_prefixes(forms: _Forms, kind: str, items: Sequence[tuple[_Occurrence, str]]) -> None:
    """Common beginnings of sentences in one zone across documents, named spans slotted,
    continued by the template (see _pair_prefixes)."""
    skeletons = sorted(((_skeleton(text), occurrence) for occurrence, text in items), key=lambda x: (x[0], x[1].doc, x[1].line))
    candidates: set[str] = set()
    for (a, occ_a), (b, occ_b) in zip(skeletons, skeletons[1:]):
        if occ_a.doc != occ_b.doc:
            candidates |= _pair_prefixes(a, b)
    for prefix in sorted(candidates):
        if not _usable_prefix(prefix):
            continue
        stem = prefix.removesuffix(CONTINUES)
        pattern = _existence_pattern(stem)
        for skeleton, occurrence in skeletons:
            if skeleton.startswith(stem) or ("{" in stem and pattern.match(skeleton)):
                forms.add(kind, prefix, occurrence)


class _Openers:
    """Every intact body sentence of the corpus, sorted as written and as its skeleton,
    so that the documents opening a sentence with a given prefix are found by bisection."""

    def __init__(self, openers: Sequence[tuple[_Occurrence, str]]) -> None:
        # The position breaks ties: paragraphs split out of one collapsed
        # source line share its number, and may repeat a sentence.
        raw = sorted((text, o.doc, o.line, i, o) for i, (o, text) in enumerate(openers))
        slotted = sorted((_skeleton(text), o.doc, o.line, i, o) for i, (o, text) in enumerate(openers))
        self._raw_keys, self._raw = [r[0] for r in raw], [r[4] for r in raw]
        self._slotted_keys, self._slotted = [r[0] for r in slotted], [r[4] for r in slotted]

    def starting_with(self, stem: str) -> list[_Occurrence]:
        keys, occurrences = (self._slotted_keys, self._slotted) if "{" in stem else (self._raw_keys, self._raw)
        low = bisect_left(keys, stem)
        high = bisect_left(keys, stem + "\U0010ffff", lo=low)
        return occurrences[low:high]

    def neighbours(self) -> list[tuple[str, _Occurrence, str, _Occurrence]]:
        """Pairs of sorted skeletons side by side from different documents where one opens
        a section: the longest prefix a lead shares with any sentence is with a neighbour."""
        keys, occurrences = self._slotted_keys, self._slotted
        pairs = []
        for i, occurrence in enumerate(occurrences):
            if occurrence.zone != "lead":
                continue
            for step in (-1, 1):
                j = i + step
                while 0 <= j < len(keys) and occurrences[j].doc == occurrence.doc:
                    j += step
                if 0 <= j < len(keys):
                    pairs.append((keys[i], occurrence, keys[j], occurrences[j]))
        return pairs


def _add_lead_ins(forms: _Forms, openers: Sequence[tuple[_Occurrence, str]]) -> None:
    """Lead-ins: forms of section-opening sentences (the sentence, its first clause or two,
    their slotted skeletons: added by _add_edges) and the prefixes a section-opening sentence
    shares with any sentence of another document (下一步，我们将…, 各级各部门要…). Each is
    supported by every document that opens a sentence with it, anywhere: a lead-in is
    stock language that this corpus was seen to open a section with. Types and roles come
    from the section openings only (see _entry)."""
    index = _Openers(openers)
    candidates = set(forms.by_kind["lead_in"])
    for a, occ_a, b, _ in index.neighbours():
        if not _ENUMERATOR_START.match(a):
            candidates |= _pair_prefixes(a, b)
    for prefix in sorted(candidates):
        if not _usable_prefix(prefix):
            continue
        for occurrence in index.starting_with(prefix.removesuffix(CONTINUES)):
            forms.add("lead_in", prefix, occurrence)
    for text in [t for t, occ in forms.by_kind["lead_in"].items() if not any(o.zone == "lead" for o in occ.values())]:
        del forms.by_kind["lead_in"][text]  # shared, but never seen opening a section


# ------------------------------------------------------------------ formulas


@lru_cache(maxsize=1)
def _word_tags() -> dict[str, str]:
    return dict(_posseg().dt.word_tag_tab)


def _verbal(word: str, flag: str) -> bool:
    """A predicate word. jieba tags set phrases l or i whether they act (高度重视, 解放思想)
    or name (固定资产, 社会各界, 结构调整, 安全隐患): a modifier before a noun names."""
    if flag in ("v", "vd", "vi", "z"):
        return True
    if flag in ("l", "i"):
        tags = _word_tags()
        head, tail = tags.get(word[:2], ""), tags.get(word[-2:], "")
        modifiers = ("n", "an") if flag == "i" else ("n", "a", "an", "m", "r")
        return not (head.startswith(modifiers) and tail.startswith(("n", "vn", "r")))
    return False


def _predicate(flags: Sequence[str], words: Sequence[str] | None = None) -> bool:
    """A verb, a verbal idiom, or an adverb before an adjective (又好又快): not a topic noun."""
    words = words if words is not None else [""] * len(flags)
    if any(_verbal(w, f) if w else f in _PREDICATE_FLAGS for w, f in zip(words, flags)):
        return True
    return any(f in ("d", "ad") and nxt == "a" for f, nxt in zip(flags, flags[1:]))


def _formula_shape(tokens: Sequence[tuple[str, str]]) -> bool:
    """Predicate-headed n-grams (高度重视, 扎实推进, 取得了明显成效, 认真贯彻落实):
    the first word is a verb, adverb, adjective, idiom or preposition and some word is a
    predicate. Noun compounds (招商引资, 基础设施, 领导干部, 经济社会发展) fail."""
    words = [w for w, _ in tokens]
    flags = [f for _, f in tokens]
    if words[0] in ("相关", "有关"):  # jieba: v; here they modify a noun (相关部门)
        return False
    if flags[0] not in _HEAD_FLAGS or flags[0] == "p" or words[0] in _MODALS:
        return False  # 以科学发展观…, 关于加快…: a preposition's frame is a slotted formula
    if flags[0] in ("l", "i") and not _verbal(words[0], flags[0]):
        return False
    if flags[0] == "a" and not any(f in ("v", "vd", "vi", "z") for f in flags[1:]):
        return False  # 重要意义, 明显成效: an adjective on a noun
    if flags[-1] in ("d", "ad", "a", "m", "r", "p", "c", "q", "f", "uj", "ul") and not (flags[-1] == "a" and "v" in flags):
        return False  # 要进一步, 作出新的更大: the phrase stops before its head
    return _predicate(flags, words)


def _add_ngrams(forms: _Forms, clauses: Sequence[_Unit]) -> None:
    """Fixed word n-grams inside clauses that are predicates, closed: a shorter n-gram
    used by exactly the documents of a longer one holding it is dropped."""
    grams: dict[str, list[_Occurrence]] = defaultdict(list)
    last_flag: dict[str, str] = {}
    for unit in clauses:
        tokens = unit.tokens
        for start in range(len(tokens)):
            if tokens[start][0][0] in _FUNCTION_START and len(tokens[start][0]) == 1 and tokens[start][0] not in "以为在把":
                continue
            text = ""
            for end in range(start, min(len(tokens), start + _MAX_NGRAM_TOKENS)):
                text += tokens[end][0]
                if len(text) > 12:
                    break
                if len(text) < 4 or (tokens[end][0][-1] in _FUNCTION_END and len(tokens[end][0]) == 1):
                    continue
                if not _formula_shape(tokens[start : end + 1]) or _splits_a_word(tokens, start, end):
                    continue
                if "、" in text and not _whole_items(tokens, start, end):
                    continue
                grams[text].append(unit.occurrence)
                last_flag.setdefault(text, tokens[end][1])
    for text, uses in grams.items():
        if last_flag[text].startswith(("t", "r", "m")):
            continue  # 做好今年: the object is still to come
        needed = _MIN_DOCS_OBJECT if last_flag[text].startswith(("n", "j", "s")) and last_flag[text] != "nz" else _MIN_DOCS
        if len({o.doc for o in uses}) >= needed and not _fixed_problems(text):
            for occurrence in uses:
                forms.add("formula", text, occurrence)


def _whole_items(tokens: Sequence[tuple[str, str]], start: int, end: int) -> bool:
    """An n-gram spanning an enumeration (慢作为、乱作为) must hold whole items: it may not
    stop inside one (定任务、定 of 定任务、定进度) nor start inside one (作为、乱作为 of
    不作为、乱作为). Where the clause does not show the first item's start, parallel items
    of equal length stand for a whole one."""
    if end + 1 < len(tokens) and tokens[end + 1][0] != "、":
        return False
    if start == 0 or tokens[start - 1][0] == "、":
        return True
    items = "".join(w for w, _ in tokens[start : end + 1]).split("、")
    return len(items[0]) == len(items[1])


def _splits_a_word(tokens: Sequence[tuple[str, str]], start: int, end: int) -> bool:
    """True when the n-gram's edge cuts a dictionary word jieba split apart: 下|一步工作."""
    freq = _word_frequencies()
    if start > 0 and tokens[start - 1][0][-1] + tokens[start][0] in freq:
        return True
    return end + 1 < len(tokens) and tokens[end][0] + tokens[end + 1][0][0] in freq


def _window_ok(tokens: Sequence[tuple[str, str]], first: int, last: int) -> bool:
    """A formula's window [first, last] must not start inside a noun phrase or stop
    between a word and its object: it starts the clause or on a predicate/preposition,
    and ends the clause or before a particle/connective. A slot may end a window only at
    the clause's end (做好{时间}的… is no formula), and begin one only when it is a time
    ({时间}以来)."""
    is_slot = [w.startswith("{") for w, _ in tokens]
    if is_slot[first] and tokens[first][0] != "{时间}":
        return False
    if first > 0 and not is_slot[first] and tokens[first][1] not in _HEAD_FLAGS:
        return False
    if first > 0 and is_slot[first] and tokens[first - 1][1].startswith(_NOMINAL + ("a", "uj", "m", "r", "q")):
        return False  # 全县{时间}: the slot is part of a longer name
    if tokens[first][0] in _MODALS or tokens[first][0] in _SUBJECT_WORDS:
        return False
    if is_slot[last] and last + 1 < len(tokens):
        return False
    if last + 1 < len(tokens) and not tokens[last + 1][1].startswith(("uj", "ul", "c", "p", "d", "x", "y")):
        return False
    word, flag = tokens[last]
    if len(word) == 1 and word in _FUNCTION_END:
        return False
    return flag not in ("uj", "ul", "c", "p", "ad", "d")


def _add_entity_formulas(forms: _Forms, clauses: Sequence[_Unit]) -> None:
    """Formulas around one named span: 在{上级}的坚强领导下, {时间}以来, 以{思想}为指导,
    贯彻落实{会议}精神. The span is slotted, up to six fixed characters either side."""
    for unit in clauses:
        spans = _entity_spans(unit.text, unit.tokens)
        if not spans:
            continue
        # Re-tokenise with each span as one token, so windows move in words.
        for span in spans:
            tokens = _with_slot_token(unit.text, unit.tokens, span)
            if tokens is None:
                continue
            slot_index = next(i for i, (w, _) in enumerate(tokens) if w.startswith("{"))
            for first in range(slot_index, -1, -1):
                before = sum(len(w) for w, _ in tokens[first:slot_index])
                if before > _MAX_AFFIX:
                    break
                for last in range(slot_index, len(tokens)):
                    after = sum(len(w) for w, _ in tokens[slot_index + 1 : last + 1])
                    if after > _MAX_AFFIX:
                        break
                    window = tokens[first : last + 1]
                    if any(w.startswith("{") for w, _ in window if w != tokens[slot_index][0]):
                        continue
                    fixed = "".join(w for w, _ in window if not w.startswith("{"))
                    if len(fixed) < 2 or _fixed_problems(fixed) or not _window_ok(tokens, first, last):
                        continue
                    fixed_flags = [f for w, f in window if not w.startswith("{")]
                    if not (_predicate(fixed_flags) or "p" in fixed_flags or "f" in fixed_flags[-1:]):
                        continue
                    forms.add("formula", "".join(w for w, _ in window), unit.occurrence)


def _with_slot_token(
    text: str, tokens: Sequence[tuple[str, str]], span: _Span
) -> list[tuple[str, str]] | None:
    out: list[tuple[str, str]] = []
    offset = 0
    placed = False
    for word, flag in tokens:
        start, end = offset, offset + len(word)
        offset = end
        if end <= span.start or start >= span.end:
            out.append((word, flag))
        elif not placed:
            out.append(("{" + span.slot + "}", "slot"))
            placed = True
            if end > span.end:  # 今年以来: the word runs on past the span
                rest = text[span.end : end]
                out.extend(_tokens(rest))
    return out if placed else None


def _add_topic_frames(forms: _Forms, clauses: Sequence[_Unit], kind: str = "formula") -> None:
    """加强{主题}建设, 以{主题}为抓手, 为{主题}提供有力保障: a fixed prefix and suffix on
    word edges around a noun phrase that varies across documents. Only fillers that are
    topics count, and the fixed text must hold a predicate or a preposition frame."""
    frames: dict[tuple[str, str], list[tuple[str, _Occurrence]]] = defaultdict(list)
    for unit in clauses:
        tokens = unit.tokens
        if _ENUMERATOR_START.match(unit.text):
            continue
        edges = _edges(tokens)
        for i in range(len(tokens)):
            a = edges[i]
            if a > _MAX_AFFIX:
                break
            for j in range(i + 1, len(tokens) + 1):
                end = edges[j]
                b = len(unit.text) - end
                if end - a > 12:
                    break
                if b > _MAX_AFFIX or a + b < 2:
                    continue
                filler = unit.text[a:end]
                if _is_topic_tokens(filler, tokens[i:j]):
                    frames[(unit.text[:a], unit.text[end:])].append((filler, unit.occurrence))
    for (prefix, suffix), uses in frames.items():
        docs = {o.doc for _, o in uses}
        if len(docs) < _MIN_DOCS or len({f for f, _ in uses}) < 2:
            continue
        if not prefix or not suffix or _fixed_problems(prefix + suffix):
            continue  # 加强{主题}: a bare verb is a heading's job, not a formula
        if suffix[0] in "们了着过性化者的" or prefix[-1] in "的和与及、" or prefix in _MODALS or prefix in _SUBJECT_WORDS:
            continue
        before, after = _tokens(prefix), _tokens(suffix)
        if before[0][0] in _SUBJECT_WORDS or before[0][1].startswith("r"):
            continue  # 我们以{主题}为抓手: the clause without its subject counts as well
        if before[-1][1].startswith(_NOMINAL + ("ns", "nt", "m", "a")):
            continue  # 加强政府{主题}: the slot would cut a noun phrase
        if before[0][0] in _MODALS or after[-1][0] in _MODALS or (len(after[-1][0]) == 1 and after[-1][0] in _FUNCTION_END):
            continue
        verbal = _predicate([f for _, f in before + after], [w for w, _ in before + after])
        # 以…为抓手; a lead-in may open on any preposition (按照{主题}的要求，).
        framed = before[0][1] == "p" and (kind == "lead_in" or any(f in ("p", "v") for _, f in after))
        if not (verbal or framed):
            continue  # 在{主题}上: a place in the sentence, not a formula
        text = f"{prefix}{{主题}}{suffix}"
        for _, occurrence in uses:
            forms.add(kind, text, occurrence)


# ------------------------------------------------------------------ heading patterns


def _verb_head(tokens: Sequence[tuple[str, str]]) -> str | None:
    """'强化{主题}' from 强化/v 招商/n 队伍/n 建设/vn: a leading verb and a topic object."""
    head: list[tuple[str, str]] = []
    for word, flag in tokens:
        if flag[:1] not in ("d", "v") or sum(len(w) for w, _ in head) + len(word) > 4:
            break
        head.append((word, flag))
        if flag.startswith("v"):
            break  # the verb ends the head; what follows is its object
    text = "".join(w for w, _ in head)
    rest = "".join(w for w, _ in tokens[len(head) :])
    if len(text) < 2 or not any(f.startswith("v") for _, f in head) or not _is_topic(rest):
        return None
    return f"{text}{{主题}}"


def _add_heading_patterns(forms: _Forms, headings: Sequence[tuple[_Occurrence, str]]) -> None:
    """Heading clauses (突出重点, 加强领导) and whole parallel headings: kept as written when
    short, or with each long clause reduced to its verb and a topic (强化{主题}，提升{主题})."""
    for occurrence, text in headings:
        parts = [p for p in re.split(r"[，,]", text.rstrip("。；：")) if p]
        if len(text) <= 20 and len(parts) <= 3:
            forms.add("heading_pattern", "，".join(parts), occurrence)
        for part in parts if len(parts) > 1 else ():
            if 4 <= len(part) <= 8:
                forms.add("heading_pattern", part, occurrence)
        for part in parts:
            head = _verb_head(_tokens(part))
            if head is not None:
                forms.add("heading_pattern", head, occurrence)  # 强化{主题}
        paired = 0
        while paired < len(parts) and len(parts[paired]) == 4:
            paired += 1
        if paired >= 2:
            forms.add("heading_pattern", "，".join(parts[:paired]), occurrence)  # 统一思想，提高认识
        if not 2 <= len(parts) <= 3:
            continue
        shaped = []
        for part in parts:
            head = part if len(part) == 4 else _verb_head(_tokens(part))
            if head is None:
                break
            shaped.append(head)
        else:
            forms.add("heading_pattern", "，".join(shaped), occurrence)


def _heading_ok(text: str) -> bool:
    wording = _wording(text)
    if len(wording) < (2 if "{" in text else 4) or _ENUMERATOR_START.match(text):
        return False
    flags = [f for w, f in _tokens(_fixed_parts(text)) if w not in "，"]
    # A heading pattern instructs (加强领导, 突出重点) or names a role (存在问题):
    # a bare topic (招商引资, 统计工作) is not a pattern.
    return _predicate(flags) or bool(classify_heading(text)[0]) and "{" not in text


# ------------------------------------------------------------------ entries


def _valid(kind: str, text: str) -> bool:
    if text_problems(text):
        return False
    if kind == "lead_in":
        return not is_fragment(text, kind) and not _names_a_topic(text)
    if kind in ("opening", "closing"):
        return not is_fragment(text, kind)
    if kind == "heading_pattern":
        return _heading_ok(text)
    if kind == "formula":
        wording = len(_wording(text))
        if "{地区}" in text:
            return wording >= 4
        return wording >= 4 or ("{" in text and wording >= 2)
    return True


def _entry(kind: str, text: str, occurrences: Sequence[_Occurrence]) -> dict[str, Any]:
    # A lead-in's examples show the sections it opens first.
    ordered = sorted(occurrences, key=lambda o: (kind == "lead_in" and o.zone != "lead", o.doc, o.line))
    type_order = {t: i for i, t in enumerate(DOC_TYPES)}
    # An opening or closing belongs to the document's edge, not to a section; a lead-in
    # belongs to the sections it was seen to open (its other uses only show it is shared).
    placed = [o for o in occurrences if o.zone == "lead"] if kind == "lead_in" else occurrences
    roles = set() if kind in ("opening", "closing") else {o.role for o in placed if o.role}
    return {
        "text": text,
        "kind": kind,
        "slots": _SLOT.findall(text),
        "types": sorted({o.doc_type for o in placed}, key=lambda t: (type_order.get(t, 99), t)),
        "roles": sorted(roles, key=ROLE_NAMES.index),
        "count": len({(o.doc, o.line) for o in occurrences}),
        "docs": len({o.doc for o in occurrences}),
        "sources": [{"doc": o.doc, "line": o.line} for o in _distinct_sources(ordered)[:_MAX_SOURCES]],
    }


def _distinct_sources(ordered: Sequence[_Occurrence]) -> list[_Occurrence]:
    # One source per document first, so the examples show the spread.
    seen: set[str] = set()
    first: list[_Occurrence] = []
    rest: list[_Occurrence] = []
    for o in ordered:
        (rest if o.doc in seen else first).append(o)
        seen.add(o.doc)
    return first + rest


def _closed(texts: dict[str, frozenset[str]]) -> set[str]:
    """Texts to drop: one held in a longer text used by exactly the same documents
    (推进各项工作 inside 扎实推进各项工作), or a clause beside the same clause ended."""
    by_docs: dict[frozenset[str], list[str]] = defaultdict(list)
    for text, docs in texts.items():
        by_docs[docs].append(text)
    dropped = set()
    for text, docs in texts.items():
        same = by_docs[docs]
        if any(other != text and text.rstrip("，：。！？…") in other for other in same):
            dropped.add(text)
    return dropped


def _sort_key(entry: dict[str, Any]) -> tuple[Any, ...]:
    return (KINDS.index(entry["kind"]), -entry["docs"], -entry["count"], entry["text"])


def _before_placeholder(sentence: _Sentence) -> _Sentence | None:
    """A sentence holding a placeholder (今年以来，在县委的领导下，按照把【待填】建成…) still
    has sound clauses before it: they are kept as an unfinished sentence, the rest dropped."""
    if SLOT_TOKEN not in sentence.text:
        return sentence
    if sentence.heading:
        return None
    head = sentence.text[: sentence.text.index(SLOT_TOKEN)]
    cut = max(head.rfind("，"), head.rfind("："))
    return replace(sentence, text=head[: cut + 1], terminated=False) if cut > 0 else None


@dataclass(frozen=True)
class _Collected:
    forms: _Forms
    clauses: list[_Unit]
    edges: dict[str, list[tuple[_Occurrence, str]]]  # zone kind -> (occurrence, sentence)
    headings: list[tuple[_Occurrence, str]]
    openers: list[tuple[_Occurrence, str]]  # every intact body sentence, any zone


def _collect(docs: Sequence[Document]) -> _Collected:
    """Edge, lead and transition candidates, plus the clauses, leads, headings and
    sentences the other miners read."""
    forms = _Forms()
    per_doc = [(doc, _document_sentences(doc)) for doc in docs]
    known = frozenset(s.text for _, sentences in per_doc for s in sentences if not s.damaged)
    clauses: list[_Unit] = []
    edges: dict[str, list[tuple[_Occurrence, str]]] = {"opening": [], "closing": [], "lead_in": []}
    headings: list[tuple[_Occurrence, str]] = []
    openers: list[tuple[_Occurrence, str]] = []
    for doc, sentences in per_doc:
        doc_id, doc_type = doc.piece.id, doc.classification.type
        for whole, zone in zip(sentences, _zones(sentences)):
            s = _before_placeholder(whole)
            if s is None or s.damaged:
                continue
            occurrence = _Occurrence(doc_id, s.line, doc_type, s.role, zone)
            if s.heading:
                headings.append((occurrence, s.text))
                continue
            unnumbered = _ITEM_NUMBER.sub("", s.text)
            if unnumbered:
                openers.append((occurrence, unnumbered))
            if zone in ("opening", "closing"):
                _add_edges(forms, zone, s, occurrence, known)
                edges[zone].append((occurrence, s.text))
            elif zone == "lead" and unnumbered:
                _add_edges(forms, "lead_in", replace(s, text=unnumbered), occurrence, known)
                edges["lead_in"].append((occurrence, unnumbered))
            first_clause = _CLAUSE.match(s.text)
            if first_clause and first_clause.group(0)[-1:] == "，" and first_clause.group(0)[:-1] in _TRANSITIONS:
                forms.add("transition", first_clause.group(0)[:-1], occurrence)
            tokens = _tokens(s.text)
            for clause_tokens in _clause_tokens(tokens, terminated=s.terminated):
                clause = "".join(w for w, _ in clause_tokens)
                if 2 <= len(clause) <= 40:
                    clauses.append(_Unit(clause, clause_tokens, occurrence))
    return _Collected(forms, clauses, edges, headings, openers)


def mine_phrases(docs: Sequence[Document]) -> dict[str, Any]:
    """The phrase bank of a corpus (see the module docstring); deterministic."""
    collected = _collect(_counted(docs))
    forms, clauses, edges, headings = collected.forms, collected.clauses, collected.edges, collected.headings
    for kind in ("opening", "closing"):
        _add_shared_prefixes(forms, kind, edges[kind])
    _add_lead_ins(forms, collected.openers)
    _add_heading_patterns(forms, headings)
    _add_topic_frames(forms, [_Unit(text, _tokens(text), occ) for occ, text in headings if "，" not in text], "heading_pattern")
    _add_entity_formulas(forms, clauses)
    _add_topic_frames(forms, _without_subjects(clauses))
    _add_ngrams(forms, clauses)
    _add_topic_frames(forms, _lead_clauses(edges["lead_in"]), "lead_in")

    chosen: dict[str, tuple[str, frozenset[str]]] = {}  # text -> (kind, docs)
    for kind in KINDS:
        supported = {
            text: forms.docs(kind, text) for text in forms.by_kind[kind] if len(forms.docs(kind, text)) >= _MIN_DOCS
        }
        dropped = _closed(supported) if kind in ("formula", "heading_pattern") else set()
        if kind in ("opening", "closing", "lead_in"):
            # Both a sentence and its first clause are usable; only a "to be continued"
            # form is redundant beside the longer text the same documents use.
            dropped = {t for t in _closed(supported) if t.endswith(CONTINUES)}
        for text, text_docs in sorted(supported.items()):
            if text in dropped or not _valid(kind, text):
                continue
            if kind == "lead_in":
                # Weighed against other kinds by the sections it opens, not by every
                # sentence it starts (同志们： opens speeches far more than sections).
                text_docs = frozenset(o.doc for o in forms.by_kind[kind][text].values() if o.zone == "lead")
            # A text mined as two kinds keeps the one more documents use it as.
            if text in chosen and len(chosen[text][1]) >= len(text_docs):
                continue
            chosen[text] = (kind, text_docs)
    entries = [_entry(kind, text, list(forms.by_kind[kind][text].values())) for text, (kind, _) in chosen.items()]
    entries.sort(key=_sort_key)
    for number, entry in enumerate(entries, start=1):
        entry["id"] = f"p{number:04d}"
    return {"version": 1, "phrases": [{k: e[k] for k in sorted(e)} for e in entries]}


def _lead_clauses(leads: Sequence[tuple[_Occurrence, str]]) -> list[_Unit]:
    """The first clause of each section-opening sentence, with its mark (针对…问题，)."""
    units = []
    for occurrence, sentence in leads:
        first = _CLAUSE.match(sentence)
        if first and first.group(0)[-1] in "，：" and not _ENUMERATOR_START.match(sentence):
            units.append(_Unit(first.group(0), _tokens(first.group(0)), occurrence))
    return units


_SUBJECT_WORDS = frozenset({"我们", "要", "必须", "应", "应当", "将", "还要", "也要", "都要", "就是", "一定要", "我", "我县", "我区", "我市"})


def _without_subjects(units: Sequence[_Unit]) -> list[_Unit]:
    """Each clause, and again without a leading subject or modal (我们要…), so that
    我们以…为抓手 and 要以…为抓手 both count for 以{主题}为抓手."""
    out = list(units)
    for unit in units:
        tokens = unit.tokens
        drop = 0
        while drop < min(2, len(tokens) - 2) and (tokens[drop][0] in _SUBJECT_WORDS or tokens[drop][1][:1] in ("r", "c")):
            drop += 1
        if drop:
            rest = tokens[drop:]
            out.append(_Unit("".join(w for w, _ in rest), rest, unit.occurrence))
    return out


# ------------------------------------------------------------------ verification


_COUNT_WORD = "[几两三四五六七八九十]"


def _literal(piece: str) -> str:
    # 几点/几个 in an announcement stands for the count the speaker gave.
    return re.sub(r"几(?=点|个)", _COUNT_WORD, re.escape(piece))


def phrase_pattern(text: str) -> re.Pattern[str]:
    """A regex for an entry's text: fixed parts literal, each {slot} a clause-bounded filler,
    a final … (to be continued) ignored."""
    pieces = re.split(r"\{[^{}]+\}", text.removesuffix(CONTINUES))
    filler = r"[^，。；：！？\n]{1,30}?"
    return re.compile(filler.join(_literal(p) for p in pieces))


def verify_phrase(entry: dict[str, Any], docs: Sequence[Document]) -> int:
    """Number of distinct non-duplicate documents whose clean text holds the entry: whole
    sound lines, and the intact sentences of damaged ones (clean.intact_sentences)."""
    texts = _searchable_texts(tuple(docs))
    text = entry["text"].removesuffix(CONTINUES)
    if "{" not in text and "几" not in text:
        return sum(1 for t in texts if text in t)
    pattern = _existence_pattern(text)
    return sum(1 for t in texts if pattern.search(t))


_FILLER_CHAR = r"[^，。；：！？\n]"


@lru_cache(maxsize=8192)
def _existence_pattern(text: str) -> re.Pattern[str]:
    # Same matches as phrase_pattern for "is it there?", but a leading or trailing
    # slot becomes a one-character look-around: much faster on whole documents.
    pieces = re.split(r"\{[^{}]+\}", text)
    head = f"(?<={_FILLER_CHAR})" if pieces[0] == "" else ""
    tail = f"(?={_FILLER_CHAR})" if pieces[-1] == "" else ""
    parts = [_literal(p) for p in pieces if p]
    return re.compile(head + f"{_FILLER_CHAR}{{1,30}}?".join(parts) + tail)


def _searchable_texts(docs: tuple[Document, ...]) -> list[str]:
    # One string per document, lines joined by newlines (a slot never spans lines);
    # heading lines are added again without their numbers.
    key = tuple(id(d) for d in docs)
    cached = _SEARCH_CACHE.get(key)
    if cached is not None and cached[0] == docs:
        return cached[1]
    texts = []
    for doc in _counted(docs):
        # A damaged line contributes its intact sentences, one per line, so that a
        # slot never spans the gap a dropped sentence leaves.
        lines = [
            text for line in doc.piece.lines
            for text in (intact_sentences(line.text) if line.damaged else [line.text])
        ]
        lines += [_strip_number(text) for text in lines if _strip_number(text) != text]
        texts.append("\n".join(lines))
    _SEARCH_CACHE.clear()
    _SEARCH_CACHE[key] = (docs, texts)
    return texts


_SEARCH_CACHE: dict[tuple[int, ...], tuple[tuple[Document, ...], list[str]]] = {}


# ------------------------------------------------------------------ reporting and search


def coverage_report(
    phrases: dict[str, Any], structures: dict[str, Any], docs: Sequence[Document] | None = None
) -> dict[str, Any]:
    """Per type: openings+closings, lead-ins per main role (the type's consensus skeleton)
    as a template sees them (the entry's types and roles hold the type and the role).

    With `docs`, each type also gets "sections": per role found in its documents, how many
    documents have a section of that role with text, how many section-opening sentences
    there are, the distinct candidate lead-ins (each opening's first clause, or the
    sentence itself, slotted) and how many of them open a sentence in only ONE document
    (so cannot be in the bank) or in two or more, and "lead_ins_seen": the bank's lead-ins
    that open a section of that role in a document of that type."""
    rows = phrases.get("phrases", [])
    by_kind = Counter(r["kind"] for r in rows)
    report: dict[str, Any] = {
        "total": len(rows),
        "by_kind": {k: by_kind.get(k, 0) for k in KINDS},
        "heading_patterns": by_kind.get("heading_pattern", 0),
        "slotted": sum(1 for r in rows if r["slots"]),
        "types": {},
    }
    types = structures.get("types", {})
    sections = _section_coverage(rows, docs) if docs is not None else {}
    for doc_type in DOC_TYPES[:-1]:
        entry = types.get(doc_type, {})
        main_roles = list(entry.get("consensus", {}).get("roles", []))
        typed = [r for r in rows if doc_type in r["types"]]
        report["types"][doc_type] = {
            "documents": entry.get("documents", 0),
            "openings": sum(1 for r in typed if r["kind"] == "opening"),
            "closings": sum(1 for r in typed if r["kind"] == "closing"),
            "openings_or_closings": sum(1 for r in typed if r["kind"] in ("opening", "closing")),
            "lead_ins": {role: sum(1 for r in typed if r["kind"] == "lead_in" and role in r["roles"]) for role in main_roles},
            "heading_patterns": sum(1 for r in typed if r["kind"] == "heading_pattern"),
            "formulas": sum(1 for r in typed if r["kind"] == "formula"),
        }
        if docs is not None:
            report["types"][doc_type]["sections"] = sections.get(doc_type, {})
    return report


def _section_coverage(rows: Sequence[dict[str, Any]], docs: Sequence[Document]) -> dict[str, dict[str, Any]]:
    """type -> role -> what the corpus holds for that role's lead-ins (see coverage_report)."""
    openers: list[tuple[_Occurrence, str]] = []
    with_role: dict[tuple[str, str], set[str]] = defaultdict(set)
    for doc in _counted(docs):
        sentences = _document_sentences(doc)
        for whole, zone in zip(sentences, _zones(sentences)):
            s = _before_placeholder(whole)
            if s is None or s.damaged or s.heading:
                continue
            if s.role:
                with_role[(doc.classification.type, s.role)].add(doc.piece.id)
            unnumbered = _ITEM_NUMBER.sub("", s.text)
            if unnumbered:
                openers.append((_Occurrence(doc.piece.id, s.line, doc.classification.type, s.role, zone), unnumbered))
    index = _Openers(openers)
    leads: dict[tuple[str, str], list[str]] = defaultdict(list)
    for occurrence, text in openers:
        if occurrence.zone == "lead" and occurrence.role and not _ENUMERATOR_START.match(text):
            leads[(occurrence.doc_type, occurrence.role)].append(text)
    lead_ins = [r["text"] for r in rows if r["kind"] == "lead_in"]
    out: dict[str, dict[str, Any]] = defaultdict(dict)
    for (doc_type, role), documents in sorted(with_role.items()):
        texts = leads.get((doc_type, role), [])
        candidates = {_lead_candidate(text) for text in texts}
        support = {c: len({o.doc for o in index.starting_with(c.removesuffix(CONTINUES))}) for c in candidates}
        seen = [t for t in lead_ins if any(_opens_with(text, t) for text in texts)]
        out[doc_type][role] = {
            "documents": len(documents),
            "lead_sentences": len(texts),
            "candidates": len(candidates),
            "single_document": sum(1 for n in support.values() if n <= 1),
            "shared": sum(1 for n in support.values() if n >= 2),
            "lead_ins_seen": len(seen),
        }
    return dict(out)


def _lead_candidate(sentence: str) -> str:
    """A section opening's candidate lead-in: its first clause when more follows, else the
    sentence; named spans slotted."""
    first = _CLAUSE.match(sentence)
    text = first.group(0) if first and first.group(0)[-1] in "，：" and first.end() < len(sentence) else sentence
    return _skeleton(text)


def _opens_with(sentence: str, lead_in: str) -> bool:
    stem = lead_in.removesuffix(CONTINUES)
    if "{" not in stem:
        return sentence.startswith(stem)
    return _existence_pattern(stem).match(sentence) is not None or _skeleton(sentence).startswith(stem)


def search_phrases(
    phrases: dict[str, Any],
    keyword: str | None = None,
    type: str | None = None,  # noqa: A002 - named like the CLI flag
    role: str | None = None,
    kind: str | None = None,
) -> list[dict[str, Any]]:
    """Entries matching every given filter, most used (documents, then uses) first."""
    rows = []
    type = canonical_type(type) if type else None  # noqa: A001
    for row in phrases.get("phrases", []):
        if keyword and keyword not in row["text"]:
            continue
        if type and type not in row["types"]:
            continue
        if role and not any(role == r or role in r.split("/") for r in row["roles"]):
            continue
        if kind and row["kind"] != kind and KIND_NAMES.get(row["kind"]) != kind:
            continue
        rows.append(row)
    rows.sort(key=lambda r: (-r["docs"], -r["count"], KINDS.index(r["kind"]), r["text"]))
    return rows


def format_phrases(rows: Sequence[dict[str, Any]]) -> str:
    """A readable Chinese listing: text, kind, where used, and example sources."""
    lines = []
    for row in rows:
        where = "、".join(row["types"])
        roles = f"；角色：{'、'.join(row['roles'])}" if row["roles"] else ""
        lines.append(f"{row['text']}")
        lines.append(f"    〔{KIND_NAMES.get(row['kind'], row['kind'])}〕{row['docs']} 篇文档，{row['count']} 处；文种：{where}{roles}")
        sources = "，".join(f"{s['doc']} 第 {s['line']} 行" for s in row["sources"][:3])
        lines.append(f"    出处：{sources}")
    return "\n".join(lines)
