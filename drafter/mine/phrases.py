"""The stock-phrase bank: formulaic language mined from the corpus, with provenance.

`mine_phrases(docs)` returns phrases.json:

    {"version": 1, "phrases": [{"id", "text", "kind", "slots", "types", "roles",
                                "count", "docs", "sources": [{"doc", "line"}]}]}

How it is mined (no formula is typed by hand):
1. Every non-duplicate document is cut into sentences (at 。！？；) and clauses (also
   at ，：). Damaged lines, sentences holding 【待填】 and the unterminated tail of a
   line (a likely truncation) are skipped. Each unit remembers its zone: opening
   (first sentences, 同志们：, the sentence announcing the first section), closing
   (last sentences), lead (first sentence of a section), paragraph (first sentence
   of a line inside a section), heading, or body; and the role of its section.
2. Candidate forms are counted by distinct documents:
   - whole short sentences and clauses, as they are (digit dates become {时间});
   - slotted frames: a clause (also without a leading 我们/要...) = fixed prefix +
     variable middle + fixed suffix, where the middle lies on jieba word boundaries,
     ends on a noun-like word and varies across documents; jieba's part-of-speech
     tags of the fillers name the slot (t/m → 时间, ns → 地区, nt → 单位, nr → 讲话人,
     …会议 → 会议, …思想/精神 → 思想), the fixed context refines it (…的坚强领导下 →
     上级); a specific name needs most fillers behind it, otherwise the slot is 主题;
   - word n-grams inside clauses (the short fixed formulas: 高度重视, 扎实推进...),
     closed (no shorter copy of a longer n-gram used by the same documents);
   - section lead-ins: common word-aligned prefixes of sentences that open sections;
   - heading patterns: heading clauses, whole short headings, and parallel headings
     with their four-character clauses kept and the rest slotted (突出重点，{主题}).
3. A form is kept when it appears in at least two distinct documents and its fixed
   text is clean: no digits, counts, dates, names, Latin letters, half-width
   punctuation, traditional characters, site noise or 【待填】. Its kind follows
   where it occurs: mostly in headings → heading_pattern; mostly in the opening or
   closing zone → opening/closing; opening sections or paragraphs → lead_in; a
   connective (同时, 因此, 第一) → transition; anything else → formula.
`verify_phrase` re-checks an entry against documents, slots matched as a regex.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Sequence

from drafter.mine.roles import ROLE_NAMES, classify_heading
from drafter.model import DOC_TYPES, SLOT_TOKEN, Document

__all__ = [
    "KINDS",
    "SLOT_NAMES",
    "coverage_report",
    "format_phrases",
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
_MIN_DOCS_NOMINAL = 4
_MAX_SOURCES = 5
_MAX_AFFIX = 6  # longest fixed prefix/suffix of a slotted frame, in characters
_MAX_SENTENCE = 40
_MAX_NGRAM_TOKENS = 5

_SENTENCE = re.compile(r"[^。！？；]*[。！？；]|[^。！？；]+$")
_CLAUSE_MARKS = frozenset("，：；。！？")
_TERMINATED = re.compile(r"[。！？；：…”）》]$")
_SLOT = re.compile(r"\{([^{}]+)\}")
_DIGITS = re.compile(r"[0-9０-９]")
_ASCII_LETTERS = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")
_HALF_WIDTH = re.compile(r"[,.;:!?()\[\]\"'<>]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_COUNTED_NUMBER = re.compile(
    r"[零〇一二三四五六七八九十百千万两]+(?:年|月|日|届|次|亿|万|元|个百分点|多|余|家|户|人|名|所|座|公里|亩)"
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

_TRANSITION = re.compile(
    r"^(?:下面|总之|总而言之|综上所述|同时|此外|另外|其次|再次|最后|首先|第[一二三四五六七八九十]$|当然|但是|然而|因此|为此|所以|可以说|"
    r"与此同时|一方面|另一方面|不仅如此|具体来说|具体讲|也要看到|应该看到|我们也要看到)"
)
_FUNCTION_START = frozenset("的了和与及是在对为把被等中上下也都就并而或之其")
_FUNCTION_END = frozenset("的和与及在对为把被将要是地得从向于以使让")
_FORMULAIC_FLAGS = frozenset({"v", "vd", "vi", "d", "ad", "a", "l", "i", "z"})  # an n-gram with none of these is just a topic


@dataclass(frozen=True)
class _Occurrence:
    doc: str
    line: int
    doc_type: str
    role: str | None
    zone: str  # opening | closing | lead | paragraph | heading | body


@dataclass(frozen=True)
class _Unit:
    """A sentence or clause with its tokens (from jieba, HMM off: fast, stable)."""

    text: str
    tokens: tuple[tuple[str, str], ...]  # (word, flag)
    occurrence: _Occurrence



# --------------------------------------------------------------------------- jieba


@lru_cache(maxsize=1)
def _posseg() -> Any:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
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


# ------------------------------------------------------------------ text checks


def _fixed_parts(text: str) -> str:
    return _SLOT.sub("", text)


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


# ------------------------------------------------------------------ documents -> units


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
    role: str | None
    heading: bool
    section_start: bool  # first sentence after a top-level heading
    paragraph_start: bool  # first sentence of a line inside a section with a known role
    short_line: bool  # the whole line is this sentence (同志们：, 谢谢大家！)
    terminated: bool


def _document_sentences(doc: Document) -> list[_Sentence]:
    headings = {h.line: h for h in doc.headings}
    top_level = min((h.level for h in doc.headings), default=1)
    titles = {t.strip() for t in (doc.piece.title, doc.piece.marker_title) if t}
    out: list[_Sentence] = []
    role: str | None = None
    section_start = False
    for line in sorted(doc.piece.lines, key=lambda ln: ln.number):
        text = line.text.strip()
        if line.damaged or not text or text in titles:
            continue
        heading = headings.get(line.number)
        if heading is not None:
            if heading.level == top_level:
                role = classify_heading(heading.text, level=1, doc_type=doc.classification.type)[0]
                section_start = True
            # A heading re-joined across a hard line break is not text any line holds.
            if heading.text in text:
                out.append(_Sentence(_strip_number(heading.text), line.number, role, True, False, False, False, True))
            text = heading.body.strip()
            if not text:
                continue
        sentences = _sentences(text)
        for index, sentence in enumerate(sentences):
            last = index == len(sentences) - 1
            terminated = bool(_TERMINATED.search(sentence))
            out.append(
                _Sentence(
                    sentence, line.number, role, False, section_start, index == 0 and role is not None,
                    len(sentences) == 1, terminated or not last,
                )
            )
            section_start = False
    return out


def _zones(sentences: Sequence[_Sentence]) -> list[str]:
    """opening: the first sentences, short lines near the top, the sentence announcing the
    first section; closing: the last sentences; lead: a section's first sentence."""
    body = [i for i, s in enumerate(sentences) if not s.heading]
    zones = ["heading" if s.heading else "body" for s in sentences]
    if not body:
        return zones
    first_heading = next((i for i, s in enumerate(sentences) if s.heading), len(sentences))
    for rank, i in enumerate(body):
        s = sentences[i]
        short = s.short_line and len(s.text) <= 12  # 同志们：, 各位领导、同志们：
        if rank < 2 or (short and rank < 4) or (i == first_heading - 1 and first_heading < len(sentences)):
            zones[i] = "opening"
        if s.section_start:
            zones[i] = "lead"  # more specific than "early in the document"
        elif s.paragraph_start and zones[i] == "body":
            zones[i] = "paragraph"
    if len(body) >= 6:
        tail = body[-2:] + [i for i in body[-4:] if sentences[i].short_line and len(sentences[i].text) <= 12]
        for i in tail:
            zones[i] = "closing"
    return zones


def _document_units(doc: Document) -> tuple[list[_Unit], list[_Unit], list[tuple[_Occurrence, str]]]:
    """(sentence units, clause units, section lead sentences) of one document."""
    doc_id, doc_type = doc.piece.id, doc.classification.type
    sentences = _document_sentences(doc)
    sentence_units: list[_Unit] = []
    clause_units: list[_Unit] = []
    leads: list[tuple[_Occurrence, str]] = []
    for s, zone in zip(sentences, _zones(sentences)):
        if SLOT_TOKEN in s.text:
            continue
        occurrence = _Occurrence(doc_id, s.line, doc_type, s.role, zone)
        if zone in ("lead", "paragraph"):
            leads.append((occurrence, s.text))
        tokens = _tokens(s.text)
        if not s.heading and s.terminated and len(s.text) <= _MAX_SENTENCE:
            sentence_units.append(_Unit(s.text, tokens, occurrence))
        for index, clause_tokens in enumerate(_clause_tokens(tokens, terminated=s.terminated)):
            clause = "".join(w for w, _ in clause_tokens)
            if 2 <= len(clause) <= 40:
                # A lead-in opens its section: only the first clauses of a lead sentence lead.
                leads_here = zone in ("lead", "paragraph")
                where = occurrence if not leads_here or index < 2 else _Occurrence(doc_id, s.line, doc_type, s.role, "body")
                clause_units.append(_Unit(clause, clause_tokens, where))
    return sentence_units, clause_units, leads


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


# ------------------------------------------------------------------ slot naming


def _slot_for_filler(filler: str, prefix: str, suffix: str) -> str:
    """The fact name a filler stands for, from its POS tags and the frame around it."""
    tokens = _tokens_hmm(filler)
    flags = [flag for _, flag in tokens]
    context = prefix + "…" + suffix
    if _DATE.fullmatch(filler) or all(f in ("t", "m", "tg", "mq") for f in flags) and re.search(r"年|月|季|今|去|近|前|以来|期", filler):
        return "时间"
    if re.search(r"会议|大会|全会|座谈会|动员会|推进会|常委会|例会", filler) and re.search(r"上|在|召开|精神", context):
        return "会议"
    if re.search(r"思想|理论|发展观|精神|重要讲话|路线|方针", filler) and re.search(r"以|为指导|指引|引领|贯彻|学习|落实", context):
        return "思想"
    if re.search(r"[省市县区镇乡]委|党委|党工委|政府|党中央|国务院|上级|党组|管委会", filler):
        return "上级" if re.search(r"领导|关心|支持|部署|指导|正确|关怀", context) else "单位"
    if any(f.startswith("nr") for f in flags) and not any(f.startswith(("v", "n")) and not f.startswith("nr") for f in flags):
        return "讲话人"
    if all(f in ("ns", "s") for f in flags) or re.fullmatch(r"(?:全|我|本|该)?[\u4e00-\u9fff]{0,4}(?:省|市|县|区|镇|乡|村)", filler):
        return "地区"
    if flags[-1] == "nt" or re.search(r"(?:局|办|中心|部门|公司|学校|医院|协会|委员会|管委会|办事处)$", filler):
        return "单位"
    return "主题"


def _slot_for_fillers(fillers: Iterable[str], prefix: str, suffix: str) -> str:
    # A specific fact name needs most fillers behind it; otherwise the slot is a topic.
    fillers = list(fillers)
    votes = Counter(_slot_for_filler(f, prefix, suffix) for f in fillers)
    name, count = sorted(votes.items(), key=lambda kv: (-kv[1], SLOT_NAMES.index(kv[0])))[0]
    return name if count * 2 > len(fillers) else "主题"


# ------------------------------------------------------------------ candidate forms


class _Forms:
    """Candidate texts with their occurrences (deduplicated per doc and line)."""

    def __init__(self) -> None:
        self.occurrences: dict[str, dict[tuple[str, int, str], _Occurrence]] = defaultdict(dict)
        self.origin: dict[str, str] = {}

    def add(self, text: str, occurrence: _Occurrence, origin: str) -> None:
        key = (occurrence.doc, occurrence.line, occurrence.zone)
        self.occurrences[text].setdefault(key, occurrence)
        self.origin.setdefault(text, origin)

    def docs(self, text: str) -> int:
        return len({o.doc for o in self.occurrences[text].values()})


def _normalise_dates(text: str) -> str:
    return _DATE.sub("{时间}", text)


def _add_exact(forms: _Forms, units: Iterable[_Unit], origin: str) -> None:
    for unit in units:
        text = _normalise_dates(unit.text)
        if len(_fixed_parts(text)) >= 2:
            forms.add(text, unit.occurrence, origin)


def _add_frames(forms: _Forms, clauses: Sequence[_Unit]) -> None:
    """Slotted frames prefix{slot}suffix whose middle varies across documents.

    The middle must sit on word boundaries, start like a phrase and end on a
    noun-like word; a prefix must not end on a noun (the slot would cut a compound),
    and a lone suffix must not start with one ({主题}管理工作 is a topic, not a frame).
    """
    frames: dict[tuple[str, str], list[tuple[str, _Occurrence]]] = defaultdict(list)
    for text, tokens, occurrence in _frame_sources(clauses):
        size = len(text)
        starts: dict[int, int] = {}  # character offset -> index of the token starting there
        offset = 0
        for index, (word, _) in enumerate(tokens):
            starts[offset] = index
            offset += len(word)
        starts[size] = len(tokens)
        for a in range(0, _MAX_AFFIX + 1):
            if a not in starts or a > size - 2:
                continue
            first = starts[a]
            if a and tokens[first - 1][1].startswith(_NOMINAL_LAST) and tokens[first - 1][0] not in _PREFIX_OK:
                continue
            if not _filler_start_ok(tokens[first]):
                continue
            for b in range(0, _MAX_AFFIX + 1):
                end = size - b
                if a + b < 2 or end not in starts or end - a < 2 or end - a > 24:
                    continue
                after = starts[end]
                last = tokens[after - 1]
                if not last[1].startswith(_NOMINAL_LAST) or last[1].startswith(("uj", "ul")):
                    continue
                if b and not a and tokens[after][1].startswith(("n", "vn", "j", "l", "i")):
                    continue
                filler = text[a:end]
                if "，" in filler or "：" in filler or "；" in filler:
                    continue
                frames[(text[:a], text[end:])].append((filler, occurrence))
    for (prefix, suffix), uses in frames.items():
        docs = {o.doc for _, o in uses}
        if len(docs) < _MIN_DOCS:
            continue
        fillers = sorted({f for f, _ in uses})
        if len(fillers) < 2:
            continue
        fixed = prefix + suffix
        if _fixed_problems(fixed) or _MEASURE.match(suffix):
            continue  # 实现{主题}亿元: the slot would hold a number
        # Final punctuation is not wording: 二是{主题}。 is a prefix-only frame.
        suffix_words = suffix.rstrip("，。！？；：")
        if len(prefix) == 1 and (not suffix_words or prefix not in _PREPOSITIONS):
            continue
        if not suffix_words and len(prefix) < 4 or not prefix and len(suffix_words) < 2:
            continue
        if sum(1 for f in fillers if _is_count(f)) * 2 >= len(fillers):
            continue  # 三点/五个: a number, not a fact to fill
        slot = _slot_for_fillers(fillers, prefix, suffix)
        if slot == "主题" and (len(prefix + suffix_words) < 3 or not (prefix and suffix_words) and len(prefix + suffix_words) < 4):
            continue  # too little fixed text around a free topic: not a formula
        if not _formulaic(prefix, suffix):
            continue
        text = f"{prefix}{{{slot}}}{suffix}"
        for _, occurrence in uses:
            forms.add(text, occurrence, "frame")


_MEASURE = re.compile(r"(?:亿|万|千|百|元|平方|公里|亩|个|项|家|户|人|名|%|％|倍|吨|多|余)")
_PREPOSITIONS = frozenset("以在为对把从按由向据经将给与就")


def _is_count(filler: str) -> bool:
    return bool(re.match(r"[零〇一二两三四五六七八九十百千万几多\d]+(?:[个点项条大次批家名]|$)", filler))


_SUBJECT_WORDS = frozenset({"要", "必须", "应", "应当", "将", "还要", "也要", "都要", "就是", "始终", "一定要"})


def _frame_sources(units: Sequence[_Unit]) -> Iterable[tuple[str, tuple[tuple[str, str], ...], _Occurrence]]:
    """Each clause, and again without a leading subject or modal (我们/要/同时...), so that
    我们以…为抓手 and 要以…为抓手 both count for 以{主题}为抓手."""
    for unit in units:
        yield unit.text, unit.tokens, unit.occurrence
        tokens = unit.tokens
        if len(tokens) > 2 and (tokens[0][1][:1] in ("r", "c", "d") or tokens[0][0] in _SUBJECT_WORDS):
            rest = tokens[1:]
            yield "".join(w for w, _ in rest), rest, unit.occurrence


def _filler_start_ok(token: tuple[str, str]) -> bool:
    word, flag = token
    if word[0] in "，、的和与及" or flag.startswith(("m", "t")):
        return word[0] not in "，、的和与及"
    if flag.startswith(_BAD_FIRST):
        return False
    return not (flag.startswith("r") and len(word) < 2)


_BAD_FIRST = ("p", "c", "u", "y", "d", "x", "e", "o", "f", "k", "ul", "uj", "q")
# Nominal words that may still end a frame's prefix (这次{会议}, 各位{单位}).
_PREFIX_OK = frozenset({"这次", "本次", "各位", "全体", "各级", "今年", "去年", "我们"})
_NOMINAL_LAST = ("n", "vn", "j", "l", "t", "m", "s", "an", "eng", "i", "b", "nz", "ns", "nt", "nr", "q")


@lru_cache(maxsize=65536)
def _fixed_problems(fixed: str) -> bool:
    return bool(
        _DIGITS.search(fixed) or _ASCII_LETTERS.search(fixed) or _HALF_WIDTH.search(fixed)
        or SLOT_TOKEN in fixed or _NOISE.search(fixed) or "“" in fixed or "”" in fixed
        or "（" in fixed or "）" in fixed or "《" in fixed or "》" in fixed or "、" in fixed[:1] + fixed[-1:]
    )


@lru_cache(maxsize=65536)
def _formulaic(prefix: str, suffix: str) -> bool:
    # The fixed text must carry meaning of its own, not only particles.
    fixed = prefix + suffix
    if prefix and prefix[-1] in "的和与及、" or suffix and suffix[0] in "的和与及、了着过们":
        if len(fixed) < 4:
            return False
    if suffix and suffix[0] in "们了着过性化者":
        return False
    if prefix and prefix[0] in _FUNCTION_START and len(prefix) == 1 and not suffix:
        return False
    return len(re.sub(r"[的了和与及在对为把被等中上下也都就并而或之其是将要]", "", fixed)) >= 2


def _add_ngrams(forms: _Forms, clauses: Sequence[_Unit]) -> None:
    """Fixed word n-grams inside clauses: short formulas like 扎实推进, 取得了明显成效."""
    grams: dict[str, list[_Occurrence]] = defaultdict(list)
    flags_of: dict[str, tuple[str, ...]] = {}
    for unit in clauses:
        tokens = unit.tokens
        for start in range(len(tokens)):
            if tokens[start][0][0] in _FUNCTION_START and len(tokens[start][0]) == 1:
                continue
            text = ""
            for end in range(start, min(len(tokens), start + _MAX_NGRAM_TOKENS)):
                text += tokens[end][0]
                if end == start and len(tokens) == 1:
                    continue
                if len(text) < 4 or text == unit.text:
                    continue
                if len(text) > 12:
                    break
                if tokens[end][0][-1] in _FUNCTION_END and len(tokens[end][0]) == 1:
                    continue
                if _splits_a_word(tokens, start, end):
                    continue
                grams[text].append(unit.occurrence)
                flags_of.setdefault(text, tuple(f for _, f in tokens[start : end + 1]))
    kept: dict[str, set[str]] = {}
    for text, uses in grams.items():
        docs = {o.doc for o in uses}
        if len(docs) < _MIN_DOCS or _fixed_problems(text):
            continue
        # A run of nouns is usually a topic (项目建设); keep it only when widely shared
        # (经济社会发展, 责任感和紧迫感 are stock phrases too).
        if not any(f in _FORMULAIC_FLAGS for f in flags_of[text]) and len(docs) < _MIN_DOCS_NOMINAL:
            continue
        kept[text] = docs
    # Closed n-grams only: drop one when a longer n-gram holding it has the same documents.
    by_docs: dict[frozenset[str], list[str]] = defaultdict(list)
    for text, docs in kept.items():
        by_docs[frozenset(docs)].append(text)
    for text, docs in sorted(kept.items()):
        same = by_docs[frozenset(docs)]
        if any(other != text and text in other for other in same):
            continue
        for occurrence in grams[text]:
            forms.add(text, occurrence, "ngram")


def _word_edges(text: str) -> set[int]:
    edges = {0}
    for word, _ in _tokens(text):
        edges.add(max(edges) + len(word))
    return edges


def _splits_a_word(tokens: Sequence[tuple[str, str]], start: int, end: int) -> bool:
    """True when the n-gram's edge cuts a dictionary word jieba split apart: 下|一步工作."""
    freq = _word_frequencies()
    if start > 0 and tokens[start - 1][0][-1] + tokens[start][0] in freq:
        return True
    return end + 1 < len(tokens) and tokens[end][0] + tokens[end + 1][0][0] in freq


@lru_cache(maxsize=1)
def _word_frequencies() -> dict[str, int]:
    _posseg()
    import jieba

    return {w: f for w, f in jieba.dt.FREQ.items() if f > 0}


def _add_lead_prefixes(forms: _Forms, leads: Sequence[tuple[_Occurrence, str]]) -> None:
    """Common openings of section first sentences (下一步，我们将…), cut at a clause or word edge."""
    ordered = sorted(leads, key=lambda item: (item[1], item[0].doc, item[0].line))
    candidates: set[str] = set()
    for (occ_a, a), (occ_b, b) in zip(ordered, ordered[1:]):
        if occ_a.doc == occ_b.doc:
            continue
        n = 0
        while n < min(len(a), len(b)) and a[n] == b[n]:
            n += 1
        # Cut back to an edge both sentences share as a word boundary: 一是建(设) is no lead-in.
        edges = _word_edges(a) & _word_edges(b)
        while n > 0 and n not in edges:
            n -= 1
        prefix = a[:n].rstrip("，")
        if len(prefix) >= 4:
            candidates.add(prefix)
    for prefix in sorted(candidates):
        if _fixed_problems(prefix):
            continue
        for occurrence, sentence in leads:
            if sentence.startswith(prefix):
                forms.add(prefix, occurrence, "lead")


def _verb_head(tokens: Sequence[tuple[str, str]]) -> str | None:
    """'强化{主题}' from 强化/v 招商/n 队伍/n 建设/vn: a leading verb phrase and its object."""
    head: list[tuple[str, str]] = []
    for word, flag in tokens:
        if flag[:1] not in ("d", "v") or sum(len(w) for w, _ in head) + len(word) > 4:
            break
        head.append((word, flag))
        if flag.startswith("v"):
            break  # the verb ends the head; what follows is its object
    rest = tokens[len(head) :]
    text = "".join(w for w, _ in head)
    if len(text) < 2 or not any(f.startswith("v") for _, f in head):
        return None
    if not rest or not any(f.startswith(("n", "v")) for _, f in rest):
        return None
    return f"{text}{{主题}}"


def _add_heading_patterns(forms: _Forms, headings: Sequence[tuple[_Occurrence, str]]) -> None:
    """Whole-heading patterns of parallel clauses (统一思想，提高认识，…).

    Three shapes per heading: the heading itself when short; its four-character
    clauses followed by a free {主题} clause (认清形势，统一思想，{主题}); and each
    clause kept when short, else reduced to its verb head (强化{主题}，提升{主题}).
    """
    for occurrence, text in headings:
        parts = [p for p in re.split(r"[，,]", text) if p]
        if len(parts) < 2 or len(parts) > 3:
            continue
        if len(text) <= 20:
            forms.add(text, occurrence, "heading")
        fixed_lead = 0
        while fixed_lead < len(parts) - 1 and len(parts[fixed_lead]) == 4:
            fixed_lead += 1
        if fixed_lead:
            forms.add("，".join(parts[:fixed_lead] + ["{主题}"]), occurrence, "heading")
        shaped = []
        for part in parts:
            if len(part) <= 4:
                shaped.append(part)
                continue
            head = _verb_head(_tokens(part))
            if head is None:
                break
            shaped.append(head)
        else:
            forms.add("，".join(shaped), occurrence, "heading")


# ------------------------------------------------------------------ entries


def _kind(text: str, occurrences: Sequence[_Occurrence], origin: str) -> str:
    zones = Counter(o.zone for o in occurrences)
    total = sum(zones.values())
    if origin == "ngram":
        return "transition" if _TRANSITION.search(text) and len(text) <= 6 else "formula"
    if zones["heading"] * 2 >= total or origin == "heading":
        return "heading_pattern"
    if origin in ("sentence", "clause", "frame", "lead"):
        # A section lead-in also occurs elsewhere (今年以来): some of its uses suffice.
        for zone, kind, share in (("opening", "opening", 0.5), ("closing", "closing", 0.5), ("lead", "lead_in", 0.15)):
            if zones[zone] >= share * total and len({o.doc for o in occurrences if o.zone == zone}) >= _MIN_DOCS:
                return kind
        if _TRANSITION.search(text) and len(_fixed_parts(text)) <= 8:
            return "transition"
        # Opening a paragraph inside a section (一是…, 针对…, 我们将…) most of the time.
        leading = [o for o in occurrences if o.zone in ("lead", "paragraph")]
        if len(leading) * 2 > total and len({o.doc for o in leading}) >= _MIN_DOCS:
            return "lead_in"
    if origin == "lead":
        return "lead_in"
    if _TRANSITION.search(text):
        return "transition"
    return "formula"


def _entry(text: str, occurrences: Sequence[_Occurrence], origin: str) -> dict[str, Any]:
    kind = _kind(text, occurrences, origin)
    if kind == "lead_in":
        role_source = [o for o in occurrences if o.zone in ("lead", "paragraph")] or list(occurrences)
    else:
        role_source = list(occurrences)
    ordered = sorted(occurrences, key=lambda o: (o.doc, o.line))
    type_order = {t: i for i, t in enumerate(DOC_TYPES)}
    return {
        "text": text,
        "kind": kind,
        "slots": _SLOT.findall(text),
        "types": sorted({o.doc_type for o in occurrences}, key=lambda t: (type_order.get(t, 99), t)),
        "roles": sorted({o.role for o in role_source if o.role}, key=ROLE_NAMES.index),
        "count": len({(o.doc, o.line) for o in occurrences}),
        "docs": len({o.doc for o in occurrences}),
        "sources": [{"doc": o.doc, "line": o.line} for o in _distinct_sources(ordered)[:_MAX_SOURCES]],
    }


def _distinct_sources(ordered: Sequence[_Occurrence]) -> list[_Occurrence]:
    # One source per document first, so the examples show the spread.
    seen: set[str] = set()
    first, rest = [], []
    for o in ordered:
        (rest if o.doc in seen else first).append(o)
        seen.add(o.doc)
    unique: dict[tuple[str, int], _Occurrence] = {}
    for o in first + rest:
        unique.setdefault((o.doc, o.line), o)
    return list(unique.values())


def _closed(supported: dict[str, frozenset[str]], origin: dict[str, str]) -> list[str]:
    """Drop an n-gram when a longer kept text holding it is used by exactly the same documents
    (扎实推进各项工作 makes 推进各项工作 redundant), and a clause repeated with its final mark."""
    groups: dict[frozenset[str], list[str]] = defaultdict(list)
    for text, docs in supported.items():
        groups[docs].append(text)
    kept = []
    for text, docs in sorted(supported.items()):
        if origin[text] == "ngram" and any(other != text and text in other for other in groups[docs]):
            continue
        # 谢谢大家 beside 谢谢大家！ used by the same documents: keep the punctuated one.
        if any(text + mark in groups[docs] for mark in "。！？；："):
            continue
        kept.append(text)
    return kept


def _sort_key(entry: dict[str, Any]) -> tuple[Any, ...]:
    return (KINDS.index(entry["kind"]), -entry["docs"], -entry["count"], entry["text"])


def mine_phrases(docs: Sequence[Document]) -> dict[str, Any]:
    """The phrase bank of a corpus (see the module docstring); deterministic."""
    counted = _counted(docs)
    forms = _Forms()
    all_clauses: list[_Unit] = []
    all_sentences: list[_Unit] = []
    all_leads: list[tuple[_Occurrence, str]] = []
    heading_texts: list[tuple[_Occurrence, str]] = []
    for doc in counted:
        sentences, clauses, leads = _document_units(doc)
        _add_exact(forms, sentences, "sentence")
        all_sentences.extend(sentences)
        _add_exact(forms, clauses, "clause")
        all_clauses.extend(clauses)
        all_leads.extend(leads)
        doc_type = doc.classification.type
        top = min((h.level for h in doc.headings), default=1)
        for h in doc.headings:
            if SLOT_TOKEN in h.text:
                continue
            role = classify_heading(h.text, level=h.level - top + 1, doc_type=doc_type)[0]
            heading_texts.append((_Occurrence(doc.piece.id, h.line, doc_type, role, "heading"), _strip_number(h.text)))
    _add_frames(forms, all_clauses + all_sentences)
    _add_ngrams(forms, all_clauses)
    _add_lead_prefixes(forms, all_leads)
    _add_heading_patterns(forms, heading_texts)

    supported = {
        text: frozenset(o.doc for o in by_key.values())
        for text, by_key in forms.occurrences.items()
        if forms.docs(text) >= _MIN_DOCS
    }
    entries = []
    for text in _closed(supported, forms.origin):
        if text_problems(text):
            continue
        entries.append(_entry(text, list(forms.occurrences[text].values()), forms.origin[text]))
    entries.sort(key=_sort_key)
    for number, entry in enumerate(entries, start=1):
        entry["id"] = f"p{number:04d}"
    return {"version": 1, "phrases": [{k: e[k] for k in sorted(e)} for e in entries]}


# ------------------------------------------------------------------ verification


def phrase_pattern(text: str) -> re.Pattern[str]:
    """A regex for an entry's text: fixed parts literal, each {slot} a clause-bounded filler."""
    pieces = re.split(r"\{[^{}]+\}", text)
    filler = r"[^，。；：！？\n]{1,30}?"
    return re.compile(filler.join(re.escape(p) for p in pieces))


def verify_phrase(entry: dict[str, Any], docs: Sequence[Document]) -> int:
    """Number of distinct non-duplicate documents whose clean, undamaged lines hold the entry."""
    texts = _searchable_texts(tuple(docs))
    if "{" not in entry["text"]:
        return sum(1 for text in texts if entry["text"] in text)
    pattern = _existence_pattern(entry["text"])
    return sum(1 for text in texts if pattern.search(text))


_FILLER_CHAR = r"[^，。；：！？\n]"


@lru_cache(maxsize=8192)
def _existence_pattern(text: str) -> re.Pattern[str]:
    # Same matches as phrase_pattern for "is it there?", but a leading or trailing
    # slot becomes a one-character look-around: much faster on whole documents.
    pieces = re.split(r"\{[^{}]+\}", text)
    head = f"(?<={_FILLER_CHAR})" if pieces[0] == "" else ""
    tail = f"(?={_FILLER_CHAR})" if pieces[-1] == "" else ""
    parts = [re.escape(p) for p in pieces if p]
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
        lines = [line.text for line in doc.piece.lines if not line.damaged]
        lines += [_strip_number(text) for text in lines if _strip_number(text) != text]
        texts.append("\n".join(lines))
    _SEARCH_CACHE.clear()
    _SEARCH_CACHE[key] = (docs, texts)
    return texts


_SEARCH_CACHE: dict[tuple[int, ...], tuple[tuple[Document, ...], list[str]]] = {}


# ------------------------------------------------------------------ reporting and search


def coverage_report(phrases: dict[str, Any], structures: dict[str, Any]) -> dict[str, Any]:
    """Per type: openings+closings, lead-ins per main role (the type's consensus skeleton)."""
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
    return report


def search_phrases(
    phrases: dict[str, Any],
    keyword: str | None = None,
    type: str | None = None,  # noqa: A002 - named like the CLI flag
    role: str | None = None,
    kind: str | None = None,
) -> list[dict[str, Any]]:
    """Entries matching every given filter, most used (documents, then uses) first."""
    rows = []
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
