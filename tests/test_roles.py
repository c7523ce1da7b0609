"""Heading -> role classifier: the annotated set, the documented decisions, unseen wording."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafter.mine.roles import ROLE_NAMES, ROLES, classify_heading, classify_outline, role_by_name
from drafter.model import Heading

ANNOTATED = json.loads((Path(__file__).parent / "data" / "roles.json").read_text(encoding="utf-8"))


def test_annotated_set_is_large_and_uses_known_roles() -> None:
    assert len(ANNOTATED) >= 80
    for row in ANNOTATED:
        assert row["role"] is None or row["role"] in ROLE_NAMES, row


def test_accuracy_on_annotated_headings_is_at_least_90_percent() -> None:
    misses = [
        (row["text"], row["role"], classify_heading(row["text"], doc_type=row["type"])[0])
        for row in ANNOTATED
        if classify_heading(row["text"], doc_type=row["type"])[0] != row["role"]
    ]
    accuracy = 1 - len(misses) / len(ANNOTATED)
    assert accuracy >= 0.9, misses


@pytest.mark.parametrize(
    ("text", "doc_type", "role"),
    [
        # Wording not in the seeds: cues generalise, not a lookup.
        ("一、2023年工作回顾", "工作总结", "主要工作及成效"),
        ("二、当前工作中存在的不足", "工作汇报", "存在问题"),
        ("三、问题产生的原因", "调研报告", "原因分析"),
        ("四、今后工作打算", "工作汇报", "下一步打算"),
        ("五、几点体会", "工作总结", "经验体会"),
        ("（一）总体要求", "实施意见", "指导思想"),
        ("（二）工作目标", "工作计划", "目标任务"),
        ("（三）重点任务", "实施意见", "主要内容/重点任务"),
        ("（四）进度安排", "工作计划", "实施步骤"),
        ("（五）组织保障", "实施意见", "保障措施"),
        ("一、提高政治站位，深化思想认识", "讲话稿", "统一思想/提高认识"),
        ("三、压实工作责任，强化督查问责", "讲话稿", "工作要求/加强领导"),
        ("一、面临的形势", "讲话稿", "形势分析/重要意义"),
        ("四、对策建议", "调研报告", "对策建议"),
        ("一、总体情况", "工作汇报", "基本情况"),
        ("二、农村人居环境基础薄弱，投入不足", "调研报告", "存在问题"),
    ],
)
def test_unseen_headings(text: str, doc_type: str, role: str) -> None:
    assert classify_heading(text, doc_type=doc_type)[0] == role


def test_topic_only_headings_stay_unknown() -> None:
    for text in ("塘川工业集中区", "统计工作", "亚欧合作", "办公经费"):
        assert classify_heading(text) == (None, 0.0)


def test_action_heading_is_a_task_in_a_speech_and_work_done_in_a_report() -> None:
    speech, confidence = classify_heading("强化招商队伍建设", doc_type="讲话稿")
    report, _ = classify_heading("强化招商队伍建设", doc_type="工作汇报")
    assert speech == "主要内容/重点任务"
    assert report == "主要工作及成效"
    assert confidence < 0.5  # generic action wording is a weak cue


def test_explicit_role_word_is_confident_and_first_named_role_wins() -> None:
    role, confidence = classify_heading("存在的主要问题及下一步工作打算")
    assert role == "存在问题"
    assert classify_heading("基本情况")[1] >= 0.9


def test_numbering_and_trailing_colon_are_ignored() -> None:
    assert classify_heading("三、存在问题：") == classify_heading("存在问题")
    assert classify_heading("（二）下步打算")[0] == "下一步打算"


def test_confidence_is_in_range_and_deeper_levels_are_less_sure() -> None:
    for row in ANNOTATED:
        role, confidence = classify_heading(row["text"], doc_type=row["type"])
        assert 0.0 <= confidence <= 1.0
        assert (role is None) == (confidence == 0.0)
    top = classify_heading("保障措施", level=1)[1]
    deep = classify_heading("保障措施", level=3)[1]
    assert deep < top


def test_empty_or_tiny_headings_are_unknown() -> None:
    assert classify_heading("") == (None, 0.0)
    assert classify_heading("一、") == (None, 0.0)


def test_taxonomy_has_the_required_roles_and_aliases_resolve() -> None:
    required = [
        "基本情况", "主要工作及成效", "经验体会", "存在问题", "原因分析", "下一步打算", "指导思想",
        "目标任务", "主要内容/重点任务", "实施步骤", "保障措施", "统一思想/提高认识", "工作要求/加强领导",
    ]
    assert set(required) <= set(ROLE_NAMES)
    assert all(role.description and role.cues for role in ROLES)
    assert role_by_name("总体情况").name == "基本情况"  # type: ignore[union-attr]
    assert role_by_name("工作安排").name == "下一步打算"  # type: ignore[union-attr]
    assert role_by_name("重点任务").name == "主要内容/重点任务"  # type: ignore[union-attr]
    assert role_by_name("不存在") is None


def test_status_headings_depend_on_the_document_type() -> None:
    # Subject + state (粮食生产稳中有增) reports where things stand: work done in a
    # report, the situation in a survey, a target in a plan.
    assert classify_heading("粮食生产稳中有增", doc_type="工作总结")[0] == "主要工作及成效"
    assert classify_heading("服务阵地不断完善", doc_type="调研报告")[0] == "基本情况"
    assert classify_heading("教师队伍素质明显提高", doc_type="工作计划")[0] == "目标任务"
    # Verb first, object last: a task, even when the object ends like a state.
    assert classify_heading("坚持五育并举，促进学生全面发展", doc_type="工作计划")[0] == "主要内容/重点任务"


def test_problem_predicates_and_problems_as_objects() -> None:
    for text in ("社会保险参保率低", "物流成本偏高", "电商人才匮乏", "职业伤害保障缺位", "经费保障机制不完善"):
        assert classify_heading(text, doc_type="调研报告")[0] == "存在问题", text
    # Taking problems as the object sets a task.
    assert classify_heading("聚焦突出问题，开展专项整治", doc_type="工作汇报")[0] == "主要工作及成效"


def test_survey_action_headings_are_recommendations() -> None:
    assert classify_heading("完善劳动关系认定机制", doc_type="调研报告")[0] == "对策建议"
    assert classify_heading("完善劳动关系认定机制", doc_type="实施意见")[0] == "主要内容/重点任务"


def test_plan_wording_for_tasks_and_schedules() -> None:
    assert classify_heading("主要工作及措施", doc_type="工作计划")[0] == "主要内容/重点任务"
    assert classify_heading("月工作安排", doc_type="工作计划")[0] == "实施步骤"
    assert classify_heading("排查整治阶段（2024年3月16日—5月31日）", doc_type="工作计划")[0] == "实施步骤"
    assert classify_heading("压实工作责任", doc_type="工作计划")[0] == "工作要求/加强领导"


def test_sub_headings_take_their_sections_role() -> None:
    def roles(doc_type: str, *rows: tuple[int, str]) -> list[str | None]:
        heads = [Heading(level, "", text, i, "") for i, (level, text) in enumerate(rows)]
        return [role for role, _ in classify_outline(heads, doc_type=doc_type)]

    assert roles("工作汇报", (1, "下一步工作打算"), (2, "进一步压实责任"), (2, "强化要素保障"),
                 (1, "存在问题"), (2, "资金投入保障不足")) == [
        "下一步打算", "下一步打算", "下一步打算", "存在问题", "存在问题"]
    # Causes are worded as problems; topics under 基本情况 are part of it.
    assert roles("调研报告", (1, "原因分析"), (2, "投入不足"), (1, "基本情况"), (2, "资源开发型"),
                 (1, "对策建议"), (2, "健全经费保障机制")) == [
        "原因分析", "原因分析", "基本情况", "基本情况", "对策建议", "对策建议"]
    # A sub-heading that names a role outright keeps it; generic ones inherit.
    assert roles("实施意见", (1, "保障措施"), (2, "加强组织领导"), (2, "加大政策扶持")) == [
        "保障措施", "工作要求/加强领导", "保障措施"]


def test_inherited_role_has_a_middling_confidence() -> None:
    role, confidence = classify_heading("资源开发型", doc_type="调研报告", parent_role="基本情况")
    assert role == "基本情况" and 0 < confidence < 0.9
    assert classify_heading("资源开发型", doc_type="调研报告") == (None, 0.0)


@pytest.mark.parametrize(
    ("text", "doc_type", "role"),
    [
        ("新时代实施乡村振兴战略的重大意义", "实施意见", "形势分析/重要意义"),
        ("过去五年的工作和历史性变革", "报告", "主要工作及成效"),
        ("2019年政府工作任务", "报告", "下一步打算"),
        ("今后意见", "工作总结", "下一步打算"),
        ("落实信息宣传工作的原则", "通知", "指导思想"),
        ("对市自然资源和规划局下一步工作的建议", "调研报告", "对策建议"),
        ("坚持和完善党对“三农”工作的领导", "实施意见", "工作要求/加强领导"),
        ("发展基础与环境", "规划", "基本情况"),
    ],
)
def test_roles_of_real_unseen_headings(text: str, doc_type: str, role: str) -> None:
    assert classify_heading(text, level=1, doc_type=doc_type)[0] == role
