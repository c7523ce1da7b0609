"""Classify a document into its 文种 from its title, content and structure.

The 文种 a title names decides first (关于…的实施意见 is a 实施意见, …工作方案 a
方案, …规划 a 规划, 关于印发…的通知 a 通知, whatever the body looks like):
`title_genre` finds it in the document's title or in the short lines that open
it. Types outside model.DOC_TYPES (通知, 方案, 规划, 报告 …, see GENRE_TYPES) are
recognised by name only, never guessed from the body, so a user's 方案 is
reported as a 方案 and not forced into the nearest built-in type.

Otherwise each type has weighted features (a salutation, a lead-in formula, the shape of
the document's own title, section headings with a known role, a document
number...). The scores are summed per type, the best wins, and the confidence
is its softmax share, so a clear winner scores near 1 and a close call near
1/2. The collection's marker title is never looked at: collections lie about
what they hold. `Piece.title` is the document's own title (or a marker title
specific to that one piece, which split.py vouches for).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from drafter.model import DOC_TYPES, GENRE_TYPES, Classification, Heading, Piece

# In model.DOC_TYPES order: 工作汇报, 讲话稿, 调研报告, 工作总结, 工作计划, 实施意见, 其他.
REPORT, SPEECH, SURVEY, SUMMARY, PLAN, OPINION, OTHER = DOC_TYPES
# 文种 outside the built-in types that the text itself can show (a 通知 by its
# formulas, a 报告 to a 人代会 by its opening); the others only by their title.
NOTICE, CONGRESS_REPORT = "通知", "报告"
ALL_TYPES: tuple[str, ...] = (*DOC_TYPES, *GENRE_TYPES)

# Where a feature looks.
TITLE, OPENING, TEXT, HEADINGS, CLOSING = "title", "opening", "text", "headings", "closing"
_OPENING_LINES = 6
_EVIDENCE_CHARS = 24
_CLOSING_LINES = 3


@dataclass(frozen=True)
class Feature:
    type: str
    weight: float
    evidence: str  # Chinese, shown to the user
    where: str
    pattern: re.Pattern[str]
    min_count: int = 1  # matches needed before the feature fires

    def fire(self, text: str) -> str | None:
        """The evidence string when the feature fires in text, else None.

        `{m}` in the evidence is replaced by the text that matched, so the
        user sees the document's own words (its 文号, its salutation).
        """
        if self.min_count > 1:
            matches = list(self.pattern.finditer(text))
            first = matches[0] if len(matches) >= self.min_count else None
        else:
            first = self.pattern.search(text)
        if first is None:
            return None
        return self.evidence.replace("{m}", _quote(first.group(0)))


def _quote(text: str) -> str:
    """A matched passage short enough for an evidence line: start…end."""
    text = text.strip()
    if len(text) <= _EVIDENCE_CHARS:
        return text
    half = _EVIDENCE_CHARS // 2
    return f"{text[:half]}…{text[-half:]}"


def _f(doc_type: str, weight: float, evidence: str, where: str, pattern: str, min_count: int = 1) -> Feature:
    return Feature(doc_type, weight, evidence, where, re.compile(pattern, re.MULTILINE), min_count)


# Common surnames: a line holding only a name is a news item's byline.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严覃武戴莫孔向汤"
)

FEATURES: tuple[Feature, ...] = (
    # 讲话稿: spoken to an audience, by someone who sets the tasks.
    _f(SPEECH, 3.0, "称呼「{m}」", OPENING,
       r"^(各位[^，。：\n]{0,12}[、，])?[^，。：\n]{0,10}同志们[^，。：\n]{0,12}[：:]"),
    _f(SPEECH, 3.0, "「{m}」", TEXT,
       r"我(先|再|着重|就[^。\n]{0,30})?(讲|谈|强调)[一两二三四五六七八九几\d]+(点|个方面|个问题)(意见|要求)?"
       r"|讲(以下)?几点意见|提几点要求|我讲[^。\n]{0,6}意见"),
    _f(SPEECH, 2.0, "会议开场「这次会议/今天召开」", OPENING,
       r"(这次|今天的?|本次)[^。\n]{0,40}(会议|大会|座谈会)|决定召开|今天[^。\n]{0,20}召开|刚才，"),
    _f(SPEECH, 2.0, "结束语「谢谢大家」", CLOSING, r"谢谢(大家)?[！!。]?$"),
    _f(SPEECH, 1.5, "收尾号召「同志们，…」", CLOSING, r"^同志们[，,]"),
    _f(SPEECH, 1.5, "号召「希望大家/让我们」", TEXT, r"希望大家|希望同志们|让我们[^。\n]{0,30}(团结|携手|紧密)"),
    _f(SPEECH, 3.0, "「我代表…表态」", TEXT, r"我代表[^。\n]{0,30}表态|表态如下"),
    _f(SPEECH, 4.0, "标题含「{m}」", TITLE, r"(讲话|发言|致辞|讲话稿)$"),
    _f(SPEECH, 1.0, "问候「大家好」", OPENING, r"大家(上午|下午|晚上)?好[！!]"),
    _f(SPEECH, 2.0, "「下面，我…」", TEXT, r"下面，?我(就|从|再|先|着重|讲|谈)"),
    # 工作汇报 / 情况汇报: reports upward on what was done.
    _f(REPORT, 4.0, "「{m}」", TEXT,
       r"(汇报|报告)如下|(?<!工)[作做](一个|个|一)?(简要|简单|如下)的?(汇报|报告)|向[^。\n]{0,30}(汇报|报告)[^。\n]{0,10}[：:]"),
    _f(REPORT, 4.0, "标题含「{m}」", TITLE, r"(情况汇报|工作汇报|汇报材料|情况报告|工作报告|汇报|情况)$"),
    _f(REPORT, 1.5, "称呼「各位领导」", OPENING, r"^(尊敬的)?各位领导[：:]|^主任、各位"),
    _f(REPORT, 1.0, "时段「{m}」", TEXT, r"今年以来|上半年|截至目前|截止目前|前三季度|一季度"),
    _f(REPORT, 1.0, "「下一步，我们将」", TEXT, r"下一步，?我们将|下步工作中"),
    _f(REPORT, 1.0, "「取得了…成效」", TEXT, r"取得了?[^。\n]{0,6}(明显|显著|一定|较好|积极)的?(成效|成绩|进展)"),
    _f(REPORT, 1.5, "回顾本单位所做「我县主要抓了」", TEXT,
       r"我(县|区|市|镇|乡|局|委|办|社区|单位)[^。\n]{0,12}(主要|重点|着力)?(抓了|做了|开展了|采取了)"),
    _f(REPORT, 2.0, "叙述已采取的行动「立即/迅速…」", TEXT,
       r"(立即|迅速|及时|专门|连夜)(行动|下发|召开|做出|作出|组织|部署|采取)", 2),
    # 调研报告: reports findings of an investigation.
    _f(SURVEY, 4.0, "标题含「{m}」", TITLE,
       r"调研报告|调查报告|考察报告|(调研|调查|考察)(与|和)(思考|建议|对策)|调研$|调查$|的思考$"),
    # The opening states that this document is the survey: its aim (to learn
    # the state of something) or its fieldwork, not just that surveys were done.
    _f(SURVEY, 3.0, "开头言明调研目的「{m}」", OPENING,
       r"(?:^|[。，])为了?[^。\n]{0,6}(了解|摸清|掌握|摸准|弄清)[^。\n]{0,40}(现状|情况|状况)[^。\n]{0,40}(调研|调查)"
       r"|对[^。\n]{0,40}(现状|情况|状况)(开展|进行)了?[^。\n]{0,4}(调研|调查)"),
    _f(SURVEY, 2.0, "调研方法「{m}」", OPENING,
       r"发放[^。\n]{0,10}问卷|召开[^。\n]{0,6}座谈会?\d+场|(深入|走访)[^。\n]{0,20}\d+个[^。\n]{0,30}(调研|蹲点)"),
    _f(SURVEY, 4.0, "「{m}」", TEXT, r"(调研|调查)[^。\n]{0,6}(报告|汇报)如下"),
    _f(SURVEY, 3.0, "「经过深入调查」", TEXT,
       r"(经过|通过)[^。\n]{0,10}(调研|调查)[，,]|调研组|调查组|课题组|问卷调查|抽样调查|走访调查"),
    _f(SURVEY, 1.5, "小标题「对策建议」", HEADINGS, r"对策|建议|原因分析|调查结果"),
    # 工作总结: looks back over a whole period.
    _f(SUMMARY, 4.0, "标题含「{m}」", TITLE, r"总结$"),
    _f(SUMMARY, 3.0, "「总结如下/进行小结」", TEXT, r"(总结|小结)如下|进行(总结|小结)[：:]|工作总结如下"),
    _f(SUMMARY, 2.0, "回顾「{m}」", TEXT, r"一年来|过去的一年|\d{4}年以来|本年度|年初以来"),
    _f(SUMMARY, 2.0, "安排来年「明年/来年工作」", TEXT,
       r"明年|来年|\d{4}年(工作计划|工作安排|工作打算|工作思路|主要工作)|年主要工作安排"),
    _f(SUMMARY, 1.5, "小标题「成绩/经验体会」", HEADINGS, r"主要成绩|取得的成效|经验|体会"),
    # 工作计划 / 要点 / 方案: looks forward and sets targets.
    _f(PLAN, 4.0, "标题含「{m}」", TITLE, r"(计划|要点|方案|安排|打算)$"),
    _f(PLAN, 2.0, "「工作思路/工作要点」", HEADINGS, r"工作思路|工作要点|工作重点"),
    _f(PLAN, 1.5, "小标题「工作目标/主要任务」", HEADINGS, r"目标|主要任务|工作任务|具体措施"),
    _f(PLAN, 1.0, "「工作目标是/主要任务是」", TEXT, r"(工作目标|主要任务|总体目标)(是|为)"),
    _f(PLAN, 2.0, "开头言明作出规划/计划", OPENING,
       r"(制定|制订)(本|如下|以下)?(计划|方案|要点)|进行了?[^。\n]{0,6}(规划|计划)|(计划|安排)如下"),
    # 实施意见: a directive document from an authority.
    _f(OPINION, 5.0, "标题为「关于…的意见」", TITLE, r"^关于.+的([^，。\n]{0,4})?意见$|(实施|指导)意见$"),
    _f(OPINION, 4.0, "「{m}」", TEXT, r"(提出|提)(如下|以下)[^。\n]{0,6}意见|现就[^。\n]{0,60}意见"),
    _f(OPINION, 2.0, "文号「{m}」", TEXT, r"[〔\[【（(](19|20)\d{2}[〕\]】）)]\s*\d{1,4}\s*号"),
    _f(OPINION, 2.0, "版记「主题词/抄送/印发」", TEXT, r"^(主题词|抄\s*送)|印发$|共印\d+份"),
    _f(OPINION, 1.0, "主送「各…：」", OPENING, r"^各(?!位)[^。！？\n]{1,30}[、，][^。！？\n]{1,40}[：:]$"),
    # 通知: tells its addressees what to do and says so.
    _f(NOTICE, 4.0, "「{m}」", TEXT, r"特此通知|(?:现将|现就|特将)[^。\n]{0,60}通知如下"),
    _f(NOTICE, 3.0, "「{m}」", TEXT, r"现将[^。\n]{0,80}(?:印发|转发|下达|分解下达)(?:给)?(?:你们)?"),
    # 报告 to a 人代会 (政府工作报告, 专项工作报告): delivered to the assembly.
    _f(CONGRESS_REPORT, 5.0, "「{m}」", TEXT,
       r"我代表[^。\n]{0,24}(?:政府|国务院)[，,]?\s*向[^。\n]{0,12}大会[^。\n]{0,4}(?:报告|作)"),
    _f(CONGRESS_REPORT, 3.0, "开头「{m}」", OPENING, r"在[^。\n]{2,30}人民代表大会[^。\n]{0,20}会议上$"),
    # 其他: news items and the like.
    _f(OTHER, 3.0, "新闻体「日前/近日/据了解」", TEXT, r"^(日前|近日|据了解)", 2),
    _f(OTHER, 2.0, "记者署名行", TEXT,
       rf"^[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}(\s+[{_SURNAMES}][\u4e00-\u9fff]{{1,2}})?$", 2),
)

# Sections whose role names a type's standard structure; counted once per role.
ROLE_HEADINGS: tuple[tuple[str, str, str], ...] = (
    (REPORT, "基本情况", r"基本情况|总体情况|总体运行|进展情况|开展情况"),
    (REPORT, "主要做法", r"主要做法|主要工作|工作措施|主要措施|做法|成效"),
    (REPORT, "存在问题", r"存在[^，。]{0,4}问题|困难和问题|问题和困难|主要问题"),
    (REPORT, "下一步打算", r"下一?步|今后打算|工作打算"),
    (PLAN, "指导思想", r"指导思想|总体要求|工作思路"),
    (PLAN, "实施步骤", r"实施步骤|步骤安排|时间安排|进度安排"),
    (PLAN, "保障措施", r"保障措施|组织保障|工作要求"),
    (OPINION, "基本原则", r"基本原则"),
    (OPINION, "主要内容", r"主要内容"),
    (OPINION, "保障措施", r"保障措施"),
)
_ROLE_WEIGHT = 1.0
# The 文种 named by the title outweighs every body feature together.
_GENRE_WEIGHT = 12.0
# A 文种 named in a glued first line or a site's blurb is less certain.
_OPENING_GENRE_WEIGHT = 6.0
# Below this score nothing is convincing: the document is 其他.
_MIN_SCORE = 2.0
_BASELINE_OTHER = 1.0
_TEMPERATURE = 2.0

# A fallback when no headings are given: short numbered lines, or the lead
# phrase of a numbered line that runs on into its body.
_HEADING_LINE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分[：:]?)\s*([^。：:]{2,40})"
)


def fallback_headings(piece: Piece) -> list[str]:
    """Heading texts found with a simple pattern, for callers without an outline."""
    found = []
    for line in piece.lines:
        match = _HEADING_LINE.match(line.text.strip())
        if match:
            found.append(match.group(1))
    return found


# The 文种 a title ends with, most specific first: (pattern, type). A title
# naming two (…工作总结和…工作计划) is what it names first.
_GENRE_WORDS: tuple[tuple[str, str], ...] = (
    (r"总结(?:和|及|暨|与)[^，。]{0,24}(?:计划|打算|安排|思路|要点)", SUMMARY),
    (r"(?:调研|调查|考察)报告|(?:调研|调查|考察)(?:与|和)(?:思考|建议|对策)|的思考|调研|调查", SURVEY),
    # A 政府工作报告 is delivered to a 人代会; any other 工作报告 or 情况报告 is
    # a report upward, a 工作汇报. (关于…的报告 names no more than that: its
    # body says to whom it is made.)
    (r"政府工作报告|政务工作报告|(?:代表大会|代表会议|大会)上的报告", CONGRESS_REPORT),
    (r"(?:情况|工作)?汇报(?:材料|提纲)?|情况报告|工作报告", REPORT),
    (r"讲话(?:稿|提纲)?|(?:表态)?发言(?:稿|材料|提纲)?|致辞|主持词|讲稿", SPEECH),
    (r"(?:工作)?总结", SUMMARY),
    (r"(?:实施|指导|若干|的)意见", OPINION),
    (r"通知", NOTICE),
    (r"通报", "通报"),
    (r"(?:实施|工作|行动|活动|建设|整治|攻坚)?方案", "方案"),
    (r"规划(?:纲要)?", "规划"),
    (r"(?:实施|工作|行动|年度)?计划|(?:工作)?要点|工作安排|工作打算", PLAN),
    (r"公告", "公告"),
    (r"通告", "通告"),
    (r"请示", "请示"),
    (r"批复", "批复"),
    (r"(?:政策)?解读", OTHER),
)
# A site's column name (通知公告) stands where a title would, and is none.
_COLUMN_NAME = re.compile(r"^(?:通知公告|公示公告|通知通告|公告公示|政策解读|规划计划|计划总结|总结计划)$")
_GENRE_AT_END = re.compile("(?:" + "|".join(f"(?P<g{i}>{p})" for i, (p, _) in enumerate(_GENRE_WORDS)) + ")$")
# What follows the 文种 on a title line and is not part of it: a 文号, a
# bracketed note ((征求意见稿), (2023—2025年), 【完整】), a count (4篇), table rules.
_TITLE_TAIL = re.compile(
    r"(?:\s*(?:[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\s*\d{1,4}\s*号"
    r"|[（(【\[][^（）()【】\[\]]{1,20}[）)】\]]|\d+篇|范文|全文|[|｜]"
    r"|\s+\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?))+\s*$"
)
_TITLE_SCAN_LINES = 12
_MAX_GENRE_TITLE = 80


def _genre_of(text: str) -> tuple[str, str] | None:
    """(type, 文种 word) when a title-like line ends with a 文种."""
    text = text.strip(" \u3000\t|｜")
    for _ in range(3):  # a 文号 after a bracketed note after the 文种 ...
        text = _TITLE_TAIL.sub("", text).strip(" \u3000\t|｜")
    if (not 2 <= len(text) <= _MAX_GENRE_TITLE or _SENTENCE_END.search(text) or _HEADING_LINE.match(text)
            or _COLUMN_NAME.match(text)):
        return None
    match = _GENRE_AT_END.search(text)
    if match is None:
        return None
    index = int(next(name for name, value in match.groupdict().items() if value)[1:])
    return _GENRE_WORDS[index][1], match.group(0)


_SENTENCE_END = re.compile(r"[。！？!?；;]")


def title_genre(piece: Piece) -> tuple[str, str, str] | None:
    """(type, 文种 word, title) named by the document's title, or None.

    The title is split.py's when it found one; otherwise the first short line
    among the opening lines that ends with a 文种 (a 通知 reposted under a site
    banner, a title broken over two lines, a title followed by its 文号).
    """
    if piece.title:
        found = _genre_of(piece.title)
        if found:
            return (*found, piece.title)
    texts = [line.text.strip() for line in piece.lines[: _TITLE_SCAN_LINES * 2] if line.text.strip()]
    texts = texts[:_TITLE_SCAN_LINES]
    for index, text in enumerate(texts):
        found = _genre_of(text)
        if found:
            return (*found, text)
        if index + 1 < len(texts) and len(text) <= _MAX_TITLE_CHARS and not _SENTENCE_MARK.search(text):
            joined = text + texts[index + 1]
            found = _genre_of(joined) if len(texts[index + 1]) <= _MAX_TITLE_CHARS else None
            # Only a 关于… title is broken over lines this way (…关于加强 / …的通知).
            if found and "关于" in text:
                return (*found, joined)
    return None


# A page that flattened the document onto one line glues the title to the body
# (关于留守儿童的调研报告随着农村父母…), and a 范文 site names the document in
# its blurb (小编为大家整理的2023年乡镇年度工作总结，供大家参考).
_GLUED_TITLE = re.compile(
    r"^(?P<t>[^。！？，,：:《》“”]{4,40}?(?:调研报告|调查报告|情况汇报|工作汇报|工作总结|工作计划|实施方案|工作方案"
    r"|实施意见|指导意见|的通知|的报告|的讲话|上的发言|规划))(?!要求|精神|》|如下|的|中|和|等|[，,。])"
)
_BLURB_TITLE = re.compile(r"(?:整理|收集|分享|精选)(?:了|的)(?:\d+篇)?(?P<t>[^，。,！!：:]{4,40}?)(?:[，,。！!]|供)")
_GLUED_MIN_LINE = 80


def opening_genre(piece: Piece) -> tuple[str, str, str] | None:
    """(type, 文种 word, title) a document without a title line names in its first line."""
    first = next((line.text.strip() for line in piece.lines if line.text.strip()), "")
    blurb = _BLURB_TITLE.search(first[:80])
    if blurb:
        found = _genre_of(blurb.group("t"))
        if found:
            return (*found, blurb.group("t"))
    glued = _GLUED_TITLE.match(first) if len(first) >= _GLUED_MIN_LINE else None
    if glued:
        found = _genre_of(glued.group("t"))
        if found:
            return (*found, glued.group("t"))
    return None


@dataclass(frozen=True)
class _View:
    """The parts of a document the features look at."""

    title: str
    opening: str
    text: str
    headings: str
    closing: str

    def part(self, where: str) -> str:
        return str(getattr(self, where))


_SENTENCE_MARK = re.compile(r"[。！？!?；;，,：:]")
_TITLE_LINES = 4
_MAX_TITLE_CHARS = 40


def title_lines(piece: Piece) -> list[str]:
    """The document's title block when split.py found no title: the short
    lines before its first sentence (a title broken over lines, a ——在…上的讲话
    subtitle), without dashes. Numbered lines and salutations end the block."""
    block: list[str] = []
    for line in piece.lines:
        text = line.text.strip(" \u3000\t")
        if not text:
            continue
        if (len(block) >= _TITLE_LINES or len(text) > _MAX_TITLE_CHARS
                or _SENTENCE_MARK.search(text) or _HEADING_LINE.match(text)):
            break
        block.append(text.lstrip("—－-─ ").strip())
    return [t for t in block if t]


def _view(piece: Piece, headings: Sequence[Heading]) -> _View:
    texts = [line.text.strip() for line in piece.lines if line.text.strip()]
    heading_texts = [h.text for h in headings] if headings else fallback_headings(piece)
    return _View(
        title=piece.title or "\n".join(title_lines(piece)),
        opening="\n".join(texts[:_OPENING_LINES]),
        text="\n".join(texts),
        headings="\n".join(heading_texts),
        closing="\n".join(texts[-_CLOSING_LINES:]),
    )


def score(piece: Piece, headings: Sequence[Heading] = ()) -> dict[str, tuple[float, list[str]]]:
    """Each type's summed feature weight and the evidence that fired."""
    view = _view(piece, headings)
    scores: dict[str, tuple[float, list[str]]] = {t: (0.0, []) for t in ALL_TYPES}

    def add(doc_type: str, weight: float, evidence: str) -> None:
        total, found = scores[doc_type]
        scores[doc_type] = (total + weight, found + [evidence])

    for feature in FEATURES:
        evidence = feature.fire(view.part(feature.where))
        if evidence is not None:
            add(feature.type, feature.weight, evidence)
    for doc_type, role, pattern in ROLE_HEADINGS:
        hit = next((h for h in view.headings.splitlines() if re.search(pattern, h)), None)
        if hit is not None:
            add(doc_type, _ROLE_WEIGHT, f"小标题「{role}」：{hit[:20]}")
    genre = title_genre(piece)
    if genre is not None:
        doc_type, word, title = genre
        add(doc_type, _GENRE_WEIGHT, f"标题文种「{word}」：{_quote(title)}")
    else:
        named = opening_genre(piece)
        if named is not None:
            doc_type, word, title = named
            add(doc_type, _OPENING_GENRE_WEIGHT, f"开头点明文种「{word}」：{_quote(title)}")
    return scores


def classify(piece: Piece, headings: Sequence[Heading]) -> Classification:
    """The document's type, a confidence in [0, 1] and the evidence for it."""
    scores = score(piece, headings)
    # A 文种 recognised only by name competes only when something named it.
    totals = {t: s for t, (s, _) in scores.items() if t in DOC_TYPES or s > 0}
    best = max(totals, key=lambda t: (totals[t], -ALL_TYPES.index(t)))
    if totals[best] < _MIN_SCORE:
        best = OTHER
    totals[OTHER] = max(totals[OTHER], _BASELINE_OTHER)
    peak = max(totals.values())
    weights = {t: math.exp((s - peak) / _TEMPERATURE) for t, s in totals.items()}
    confidence = weights[best] / sum(weights.values())
    evidence = tuple(scores[best][1]) or ("未发现明显的文种特征",)
    return Classification(type=best, confidence=round(confidence, 3), evidence=evidence)
