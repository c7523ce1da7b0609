"""Heading -> role classifier: the annotated set, the documented decisions, unseen wording."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafter.mine.roles import ROLE_NAMES, ROLES, classify_heading, role_by_name

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
