"""Section roles: the taxonomy and a heading -> role classifier.

A role says what a section *does* in a document (states the situation, reports
the work done, lists problems, plans the next step...), whatever its wording.
`classify_heading` scores each role's cue patterns against the heading text and
returns the best role with a confidence, or (None, 0.0) when nothing fits.

Decisions (kept consistently across the annotated set and the code):
- Explicit role words win: "存在的主要问题及下一步工作打算" is 存在问题 (the first
  explicit role named), "基本情况" is 基本情况, "保障措施" is 保障措施.
- A heading that states a problem ("项目储备还不足", "缺乏龙头项目") is 存在问题.
- Topical headings built on an action verb ("强化招商队伍建设", "抓好源头防范",
  "突出重点，狠抓落实") are 主要内容/重点任务 with a low confidence: in 讲话、计划、
  意见 they are the tasks being set. In 工作汇报/工作总结 a heading phrased as a
  result ("体制机制不断健全", "园区建设取得新成绩", "以...为抓手，强化了...") is
  主要工作及成效 instead, because those documents report work already done.
- Headings that only name a topic, with no verb and no role word ("塘川工业集中区",
  "统计工作", "亚欧合作"), stay unknown: None.
- A subject followed by a state (粮食生产稳中有增, 服务阵地不断完善) reports where
  things stand: 主要工作及成效 in a report, summary or speech, 基本情况 in a
  调研报告, 目标任务 in a plan or opinion. A heading ending on a negative
  predicate (参保率低, 机制不完善) is 存在问题; one taking problems as its object
  (聚焦突出问题) is not. In a 调研报告 action headings are 对策建议.
- In context (`parent_role`, `classify_outline`) a sub-heading is read inside its
  section: under 基本情况, 主要工作及成效, 经验体会, 存在问题, 原因分析, 下一步打算
  and 对策建议 every sub-heading is of the section's kind unless it names another
  role outright; under other sections only generic sub-headings inherit.
- Speech sections that bind the audience ("统一思想，提高认识", "认清形势，增强...的
  责任感和紧迫感") are 统一思想/提高认识; "加强领导，落实责任", "强化督查" are
  工作要求/加强领导; "保障措施" and "...提供有力保障" are 保障措施.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from drafter.model import Heading

__all__ = ["ROLES", "Role", "ROLE_NAMES", "classify_heading", "classify_outline", "role_by_name"]


@dataclass(frozen=True)
class Role:
    name: str  # canonical name, what structures.json and `--role` use
    aliases: tuple[str, ...]  # other names writers use for the same section
    description: str
    cues: tuple[tuple[str, float], ...]  # (regex, weight) matched against the heading


# An action verb opening a clause, optionally after an adverb: the shape of a
# task heading ("要打通开放的路径", "着力提升...", "强力优化项目建设环境").
_ACTION_START = (
    r"^(?:要|要在|重点|集中|着力|著力|强力|切实|全力|努力|大力|积极|进一步|认真|坚决|深入|扎实|全面|不断|继续|持续|更加|主动|加紧|尽快|狠抓|精心|统筹)?"
    r"(?:加强|强化|推进|抓好|抓|做好|突出|加快|加大|提升|提高|完善|健全|深化|推动|促进|打造|优化|培育|发挥|"
    r"坚持|实施|开展|创新|拓宽|拓展|落实|建立|规范|明确|统一|核定|配备|制定|树立|寻求|搞好|确保|注重|夯实|构建|"
    r"严格|传达|贯彻|确定|印发|打响|高举|打通|巩固|保障|增强|解放|开创|拉动|帮助|服务|抢抓|力促|做大|做强|用好|"
    r"抓住|把握|探索|研究|谋划|筹备|启动|组织|引导|支持|鼓励|整治|打击|化解|防范|维护|营造|加速|坚决|强力|"
    r"围绕|聚焦|立足|瞄准|建设|培养|改善|改进|提速|扩大|争取|做实|办好|用活|激发|壮大|发展|引进|招引|严把|"
    r"深挖|加码|细化|分解|理顺|畅通|完成|做优|攻坚|破解|降低|减少|预防|排查|防止|严防|压实|推行|落细|盯紧|开拓|整合|激活|盘活|统筹|"
    r"繁荣|兴盛|焕发|汇聚|打好|打赢|塑造|筑牢|守住|织密|补齐|释放|融入|厚植|弘扬|传承|保护|守护|抓实|抓细|凝聚|提振|振兴|"
    r"做好|办实|实现|推广|普及|扩展|健全|巩固拓展|加大)"
)

ROLES: tuple[Role, ...] = (
    Role(
        "基本情况",
        ("总体情况", "概况"),
        "交代单位、工作或事项的基本面、总体情况和主要数据。",
        (
            (r"基本情况|总体情况|总体运行|概况|概述|简况|现状|基本面|主要特点|工作特点|"
             r"发展基础(?:与|和)|^发展基础$|基础(?:与|和)环境|(?:基本|根本|总体)状况", 3.0),
            (r"(?:指标|运行|建设|发展)(?:的)?(?:基本)?情况$", 1.6),
            (r"情况$", 1.0),
            (r"^[^，]{0,12}(?:基本|总体|整体)", 1.0),
        ),
    ),
    Role(
        "主要工作及成效",
        ("主要做法", "工作成效", "主要成绩"),
        "回顾已做的工作、采取的做法和取得的成绩。",
        (
            (r"主要工作(?!(?:及|和|与)?(?:措施|举措|安排|计划|思路|任务|要点))|主要做法|做法及成效|做法和成效|工作成效|主要成效|主要成绩|取得的成[绩效]|工作回顾|"
             r"历史性(?:变革|成就)|过去[一二三四五六七八九十\d]+年|工作总结$|^[^，]{0,12}年(?:度)?工作总结", 3.0),
            (r"回顾|总结成绩|肯定成绩|(?:工作)?(?:开展|完成|落实|进展)(?:的)?情况|工作情况|做法|成效|成绩|成果", 2.0),
            (r"(?:构建|强化|实现|保持|形成|建立|完善|取得|提高|提升|加强|推进)了|实现新|新台阶|新成绩|新成效|有了新", 2.0),
            (r"取得(?:了)?(?:新|明显|显著|重要|积极)?|迈上|实现(?:了)?新|不断(?:健全|提升|完善|增强|提高)|稳步推进|持续向好|扎实开展|凸显|显著|明显", 1.2),
            (r"作出了?(?:重要|积极)?贡献|有了新", 1.4),
        ),
    ),
    Role(
        "经验体会",
        ("经验做法", "几点体会"),
        "归纳工作中的经验、体会和启示。",
        ((r"经验|体会|启示|启发|收获", 3.0),),
    ),
    Role(
        "存在问题",
        ("问题与不足", "困难和问题"),
        "指出存在的问题、困难、差距和不足。",
        (
            (r"存在(?:的)?(?:主要)?(?:问题|不足|困难)|问题和困难|困难和问题|问题与困难|问题及困难|不足之处|主要问题|突出问题|差距和不足|面临的困难", 3.2),
            # A clause that names problems as its object (正视问题, 聚焦突出问题)
            # sets a task; one that ends on them states them.
            (r"^(?!关于|正视|直面|聚焦|解决|破解|针对|着力|研究|梳理|查找|排查).*(?:问题|困难|不足|差距)$|短板", 2.0),
            # A subject with a negative predicate (参保率低, 物流成本偏高, 人才匮乏).
            (r"(?:偏|较|过)(?:高|低|弱|少|慢|小|差|窄|重|多)$|(?<![降减提])低$|(?<![克畏排解化])难$|"
             r"匮乏|缺位|缺失|短缺|紧缺|不匹配|不均衡|不健全|不规范|不合理|不畅|不充分|不明显|不力|"
             r"失衡|脱节|老化|流失|保守|淡薄|(?:问题|矛盾|短板|隐患|风险)[^，]{0,4}突出", 1.8),
            # Ending on a negative predicate makes the clause a problem statement,
            # whatever role word its subject holds (经费保障机制不完善).
            (r"(?:不(?:完善|健全|到位|足|够|强|高|平衡|充分|规范|明显|匹配|均衡|畅|合理|力|扎实)|"
             r"滞后|薄弱|匮乏|短缺|缺位|缺失|欠缺|较低|偏低|偏弱|偏高|较弱|较差|参差不齐)$", 1.6),
            (r"缺乏|不足|不够|不强|不高|不平衡|不到位|不扎实|不完善|滞后|薄弱|落后|有待|亟待|急需|难度大|较少|偏低|较弱|单一|制约|需(?:要)?进一步|需加强|未(?:到位|落地|完成|形成|建立|见效)|不能", 1.8),
        ),
    ),
    Role(
        "原因分析",
        ("问题原因",),
        "分析问题产生的原因。",
        ((r"原因|成因|根源", 3.4),),
    ),
    Role(
        "下一步打算",
        ("工作安排", "今后打算", "工作计划"),
        "提出下一步的工作打算、安排和计划。",
        (
            (r"下一步|下步|下阶段|今后(?:的)?(?:工作|打算|努力方向|意见|设想)|打算|工作安排|工作计划|工作设想|明年|来年|近期(?:主要)?工作|年(?:主要|重点)?工作(?:安排|计划|思路)|努力方向|工作思路$|"
             r"\d{4}年(?:政府|主要|重点)?工作任务$", 3.0),
        ),
    ),
    Role(
        "指导思想",
        ("总体要求", "基本原则"),
        "明确所遵循的指导思想、总体要求和基本原则。",
        (
            (r"指导思想|总体要求|总体思路|基本原则|指导原则|工作原则|总的要求", 3.2),
            # A section ending on 原则 or 思路 states them (落实信息宣传工作的原则, 实验思路).
            (r"^(?!以)[^，]{0,16}原则$", 2.2),
        ),
    ),
    Role(
        "目标任务",
        ("工作目标", "主要目标"),
        "提出要达到的目标和承担的任务。",
        (
            (r"目标任务|目标和任务|目标与任务|工作目标|主要目标|总体目标|发展目标|奋斗目标|建设目标|目标要求", 3.2),
            (r"(?:明确|确定|锁定|瞄准|围绕|实现)[^，]{0,10}目标|^目标$", 2.4),
            (r"完成[^，]{0,12}任务", 1.0),
        ),
    ),
    Role(
        "主要内容/重点任务",
        ("重点任务", "主要任务", "工作重点", "主要措施"),
        "部署主要内容、重点任务和具体措施。",
        (
            (r"(?:主要内容|重点(?:工作)?任务|主要(?:工作)?任务|工作重点|工作要点|重点工作|主要措施|工作措施|具体措施|建设内容|主要举措|重要举措|工作举措|任务分工)(?:$|和|及|与)", 3.0),
            (r"主要工作(?:及|和|与)(?:措施|举措)", 3.2),
            (r"突出重点|重点$|的重点|把握关键|关键环节", 1.9),
            (r"理清思路|明确思路|思路$|^关于", 1.5),
            (r"^以[^，]{2,30}为(?:抓手|手段|重点|突破口|载体|契机|核心|主线)|^把|抓[^，]{2,}", 0.9),
            (_ACTION_START, 0.9),
        ),
    ),
    Role(
        "实施步骤",
        ("方法步骤", "进度安排"),
        "安排实施的阶段、步骤和时间进度。",
        (
            (r"实施步骤|方法步骤|工作步骤|步骤|进度安排|时间安排|时间节点|阶段安排|实施阶段|推进步骤", 3.2),
            (r"(?:第[一二三四五六七八九十]|准备|动员|实施|总结|验收|整改)阶段|^[^，]{2,6}阶段(?:[（(]|$)", 2.4),
            (r"(?:月|月度|季度|分月|逐月|阶段)(?:工作)?(?:安排|推进)表?$|时间表|路线图", 3.2),
            (r"调查摸底|检查验收|自查自纠|部署动员|宣传发动|总结验收|制定方案", 1.6),
        ),
    ),
    Role(
        "保障措施",
        ("组织保障", "保障机制"),
        "为完成任务提供的组织、制度、经费等保障。",
        (
            (r"保障措施|保障机制|保障体系|制度保障|资金保障|经费保障|工作保障|保障到位|夯实(?:发展)?保障", 3.0),
            (r"提供[^，]{0,6}保障|保障$", 1.6),
        ),
    ),
    Role(
        "统一思想/提高认识",
        ("提高认识", "思想认识"),
        "讲清意义、认清形势，统一思想、提高认识、增强责任感。",
        (
            (r"统一思想|提高(?:思想)?认识|深化认识|充分认识|深刻认识|思想认识|增强(?:[^，]{0,24})?(?:责任感|紧迫感|使命感|危机感|信心)|高度重视|提高站位|振奋精神|坚定信心|坚定不移", 2.6),
            (r"认清形势|正视差距|审时度势|发扬成绩", 1.6),
            (r"站位|思想上|政治自觉|思想自觉|行动自觉", 2.2),
        ),
    ),
    Role(
        "工作要求/加强领导",
        ("加强领导", "组织领导", "工作要求"),
        "对落实提出要求：加强领导、明确责任、强化督查、转变作风。",
        (
            (r"加强(?:对[^，]{0,10})?(?:组织)?领导|组织领导|领导重视|工作要求|几点要求|明确责任|落实责任|强化责任|夯实责任|压实责任|责任追究|强化督查|加强督查|督导问责|狠抓落实|真抓实干|形成合力|增强合力|齐抓共管|协调联动|转变(?:工作|行业)?作风|作风建设|落到实处|抓落实|确保[^，]{0,16}(?:完成|落实)"
             r"|(?:压实|落实|夯实|明确|强化|严格|细化)(?:工作|主体|属地|监管|政治|领导|管理|目标)?责任"
             r"|(?:加强|强化|严格)[^，]{0,2}(?:督查|督导|督办|考核|问责|考评)|组织实施"
             r"|(?:坚持|完善|加强|改善|改进)[^，]{0,16}(?:党的|党对|党委|组织)[^，]{0,12}领导$|工作的要求$|^有关[^，]{0,20}要求$", 2.4),
        ),
    ),
    Role(
        "形势分析/重要意义",
        ("形势分析", "重要意义", "机遇挑战"),
        "分析面临的形势、机遇和挑战，阐明工作的重要意义。",
        (
            (r"(?<!认清)形势(?:分析)?$|形势分析|形势和任务|面临的(?:形势|机遇|挑战)|机遇|挑战|重要意义|重大意义|现实意义|深远意义|意义$|必要性|紧迫性|急迫性|重要性|新定位|宏观调控|重要地位|地位和作用|重要作用$|背景$", 2.4),
            (r"把握形势|分析形势|研判|认清[^，]{4,12}形势|认识[^，]{0,12}形势", 1.8),
        ),
    ),
    Role(
        "对策建议",
        ("意见建议", "几点建议"),
        "提出对策、建议和思考（调研报告常见）。",
        (
            (r"对策|建议|思考|几点想法|意见和建议|解决办法|路径|框架", 2.6),
            (r"(?:的|几点|工作)建议$|对策$", 3.4),
        ),
    ),
)

ROLE_NAMES: tuple[str, ...] = tuple(role.name for role in ROLES)

_COMPILED: tuple[tuple[Role, tuple[tuple[re.Pattern[str], float], ...]], ...] = tuple(
    (role, tuple((re.compile(rx), w) for rx, w in role.cues)) for role in ROLES
)

_TASK_ROLE = "主要内容/重点任务"
_DONE_ROLE = "主要工作及成效"
_REPORTING_TYPES = frozenset({"工作汇报", "工作总结", "报告"})
# Past-tense or result wording: in a report, an action heading phrased like this
# describes work already done.
_RESULT_SHAPE = re.compile(
    r"了|不断(?:健全|提升|完善|增强|提高)|稳步|持续向好|取得|迈上|实现新|新成绩|新台阶|新成效|"
    r"凸显|扎实开展|为抓手|有了新|显著|明显|高速高效|进一步(?:提高|加强|提升|增强|完善)$|增长|顺利|"
    r"继续保持|达到新|新水平"
)
_EXPLICIT_TASK = re.compile(r"主要内容|重点任务|主要任务|工作重点|工作要点|重点工作|主要措施|工作措施|具体措施")
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十\d]+）|\d+[、.．]|第[一二三四五六七八九十]+(?:部分|章|节)?[，、：:\s]?)\s*")
_MIN_SCORE = 0.7


def role_by_name(name: str) -> Role | None:
    """The role whose canonical name or alias is `name`, or None."""
    for role in ROLES:
        if name == role.name or name in role.aliases or name in role.name.split("/"):
            return role
    return None


# A clause that takes problems as its object (聚焦突出问题, 正视问题, 解决…困难)
# sets a task rather than stating a problem.
_PROBLEM_AS_OBJECT = re.compile(
    r"^(?:聚焦|解决|破解|针对|着力解决|研究解决|正视|直面|梳理|查找|排查|整改|整治|化解|克服)"
)


def _score(text: str) -> dict[str, float]:
    # Earlier clauses weigh more: a heading leads with what it is about
    # ("存在问题和下一步工作打算" is first of all 存在问题).
    clauses = [c for c in re.split(r"[，,；;：:]", text) if c]
    scores: dict[str, float] = {}
    for role, cues in _COMPILED:
        total = 0.0
        for rx, weight in cues:
            best = 0.0
            for index, clause in enumerate(clauses):
                if role.name == "存在问题" and _PROBLEM_AS_OBJECT.match(clause):
                    continue
                m = rx.search(clause)
                if m:
                    position = 1.0 if index == 0 else 0.85
                    # Within a clause, an earlier match breaks ties.
                    position *= 1.0 - min(m.start(), 30) / 300
                    best = max(best, weight * position)
            total += best
        if total:
            scores[role.name] = total
    return scores


# A subject followed by a predicate of progress or state (粮食生产稳中有增,
# 服务阵地不断完善, 项目质量明显提升): the heading reports where something
# stands. Task headings put the verb first and end on its object instead
# (加快发展特色产业), so they never end like this.
_STATUS_END = re.compile(
    r"^[^，]{2,}?(?:稳中有[增进升]|稳中向好|稳步(?:提升|提高|推进|增长)|"
    r"持续(?:深化|优化|向好|提升|增强|推进|改善|扩大)|"
    r"不断(?:完善|加强|提升|提高|增强|健全|创新|优化|深化|扩大|壮大)|"
    r"逐步(?:完善|形成|建立|提高|规范|健全|扩大)|初步(?:形成|建立|显现|完成|实现)|"
    r"加快(?:发展|推进|形成|建设|提升)|(?:扎实|有序|纵深|深入|有效|全面|积极)(?:推进|开展)|"
    r"更加(?:完善|健全|规范|巩固|有力|坚实|优化)|(?:明显|显著|大幅|快速)(?:提升|提高|增强|改善|加快|增长|发展)|"
    r"全面(?:提升|提高|增强|改善|加快)|"
    r"成效(?:显著|明显|初显|突出)|安全稳定|有序(?:运行)?|(?:实现|取得)[^，]{0,8}(?:突破|进展|提升|增长))$"
)
# What a status heading is in each type: work done in a report, the state of
# things in a survey, a target in a plan.
# A clause opening on a verb is an action on its object (促进学生全面发展),
# however it ends.
_VERB_FIRST = re.compile(
    r"^(?:促进|推动|推进|加快|加强|强化|坚持|实施|深化|提升|提高|完善|健全|做好|抓好|确保|实现|"
    r"着力|全力|努力|大力|切实|力争|持续|不断|进一步|积极|认真|扎实|全面|深入|狠抓|主动|精心|统筹|要)"
)
_ACTION_ITEM = re.compile(_ACTION_START)
_STATUS_ROLE = {
    "工作汇报": _DONE_ROLE, "工作总结": _DONE_ROLE, "讲话稿": _DONE_ROLE,
    "调研报告": "基本情况", "工作计划": "目标任务", "实施意见": "目标任务",
    "报告": _DONE_ROLE, "方案": "目标任务", "规划": "目标任务", "通知": "目标任务",
}
_STATUS_WEIGHT = 2.0
_SURVEY_TYPE = "调研报告"
_ADVICE_ROLE = "对策建议"
# Sections whose sub-headings are all of the section's kind, whatever their
# wording: the items under 存在问题 are problems, those under 下一步打算 plans.
_CONTAINER_ROLES = frozenset({
    "基本情况", "主要工作及成效", "经验体会", "存在问题", "原因分析", "下一步打算", "对策建议",
})
# A sub-heading keeps its own role under a container only when it names a role
# outright (存在问题 under 主要工作); elsewhere, unless its own cue is generic.
_EXPLICIT_WEIGHT = 3.0
_WEAK_SCORE = 1.5
_INHERITED_CONFIDENCE = 0.5
_CAUSE_ROLE = "原因分析"
_PROBLEM_ROLE = "存在问题"


def _adjust_for_type(clean: str, scores: dict[str, float], doc_type: str | None) -> None:
    """Type-dependent readings of the same wording (in place)."""
    status = next(
        (c for c in re.split(r"[，,；;]", clean) if _STATUS_END.search(c) and not _VERB_FIRST.match(c)),
        None,
    )
    if status is not None:
        role = _STATUS_ROLE.get(doc_type or "", _DONE_ROLE)
        scores[role] = scores.get(role, 0.0) + _STATUS_WEIGHT
    if doc_type in _REPORTING_TYPES and _TASK_ROLE in scores and not _EXPLICIT_TASK.search(clean):
        # A report reports: its action headings describe work done, not tasks set.
        bonus = 0.3 if _RESULT_SHAPE.search(clean) else 0.0
        scores[_DONE_ROLE] = scores.get(_DONE_ROLE, 0.0) + scores.pop(_TASK_ROLE) + bonus
    elif doc_type in _REPORTING_TYPES and _RESULT_SHAPE.search(clean) and not scores:
        scores[_DONE_ROLE] = 1.0
    elif doc_type == _SURVEY_TYPE and _TASK_ROLE in scores and not _EXPLICIT_TASK.search(clean):
        # A survey sets no tasks: what it urges are its recommendations.
        scores[_ADVICE_ROLE] = scores.get(_ADVICE_ROLE, 0.0) + scores.pop(_TASK_ROLE)


def _names_role(text: str, name: str | None) -> bool:
    """Whether the heading names the role outright (one of its strongest cues)."""
    cues = next((c for role, c in _COMPILED if role.name == name), ())
    return any(weight >= _EXPLICIT_WEIGHT and rx.search(text) for rx, weight in cues)


# …思路 names the approach when it leads the heading (实验思路：底线+榜样);
# later in a sentence (…稳步推进的思路，群策群力) it is part of a task.
_APPROACH_LEAD = re.compile(r"^[^，：:]{0,5}(?<!工作)思路(?:[：:]|$)")
_GUIDE_ROLE = "指导思想"
_APPROACH_WEIGHT = 1.6


def _own_role(text: str, doc_type: str | None) -> tuple[str | None, float, float]:
    """(role, its score, runner-up score) from the heading's own wording."""
    clean = _NUMBERING.sub("", text.strip()).strip("：:。 ")
    if len(clean) < 2:
        return None, 0.0, 0.0
    scores = _score(clean)
    if _APPROACH_LEAD.match(clean):
        scores[_GUIDE_ROLE] = scores.get(_GUIDE_ROLE, 0.0) + _APPROACH_WEIGHT
    _adjust_for_type(clean, scores, doc_type)
    if not scores:
        return None, 0.0, 0.0
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], ROLE_NAMES.index(kv[0])))
    name, best = ranked[0]
    if best < _MIN_SCORE:
        return None, 0.0, 0.0
    return name, best, ranked[1][1] if len(ranked) > 1 else 0.0


def classify_heading(
    text: str,
    *,
    level: int | None = None,
    doc_type: str | None = None,
    parent_role: str | None = None,
) -> tuple[str | None, float]:
    """Map a heading to (role name, confidence in 0..1), or (None, 0.0) when unknown.

    `level` (1 = top) and `doc_type` refine ambiguous cases: in 工作汇报/工作总结
    an action heading phrased as a result is work done, not a task; in a
    调研报告 it is a recommendation. `parent_role`, the role of the section the
    heading sits in, decides sub-headings whose own wording is generic: the
    items under 存在问题 are problems, those under 下一步打算 are plans.
    """
    name, best, runner_up = _own_role(text, doc_type)
    if parent_role is not None and name != parent_role:
        dominant = parent_role in _CONTAINER_ROLES
        # Causes are worded as problems (投入不足): under 原因分析 they are causes.
        cause = parent_role == _CAUSE_ROLE and name == _PROBLEM_ROLE
        # Under a container, a heading that opens on a verb is one of its items
        # (健全经费保障机制 under 对策建议 is advice, not a 保障措施 section).
        item = dominant and _ACTION_ITEM.match(_NUMBERING.sub("", text.strip())) is not None
        weak = not _names_role(text, name) if dominant else best < _WEAK_SCORE
        if cause or item or weak:
            return parent_role, _INHERITED_CONFIDENCE
    if name is None:
        return None, 0.0
    confidence = min(1.0, best / 3.0) * (0.6 + 0.4 * (best - runner_up) / best)
    if level is not None and level > 1:
        confidence *= 0.9  # deeper headings are more often topical
    return name, round(max(0.05, min(1.0, confidence)), 2)


def classify_outline(
    headings: Sequence[Heading], *, doc_type: str | None = None
) -> list[tuple[str | None, float]]:
    """The role of every heading of one document, each read inside its section:
    a sub-heading is classified with its parent's role as context."""
    roles: list[tuple[str | None, float]] = []
    open_roles: dict[int, str | None] = {}  # level -> role of the latest heading there
    for h in headings:
        parent = open_roles.get(h.level - 1) if h.level > 1 else None
        role = classify_heading(h.text, level=h.level, doc_type=doc_type, parent_role=parent)
        roles.append(role)
        open_roles = {lvl: r for lvl, r in open_roles.items() if lvl < h.level}
        open_roles[h.level] = role[0]
    return roles
