"""Template library: search path, type resolution, broken templates, phrase picking."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from drafter.errors import CorpusError, TemplateError
from drafter.phrasing import PhraseBank, PhrasePicker, load_phrase_bank
from drafter.phrasing.conventions import load_conventions
from drafter.text import cn_number, compose
from drafter.templates import (
    builtin_templates_dir,
    list_types,
    render_template,
    resolve_type,
    template_search_path,
)

REQUIRED_TYPES = {"工作汇报", "讲话稿", "表态发言", "调研报告", "工作总结", "工作计划", "实施意见"}


def bank(*rows: tuple[str, str, list[str], list[str]]) -> PhraseBank:
    return PhraseBank.from_data(
        {"version": 1, "phrases": [
            {"id": f"p{i}", "text": t, "kind": k, "types": ty, "roles": ro, "count": 2, "docs": 2}
            for i, (k, t, ty, ro) in enumerate(rows)
        ]}
    )


def test_builtin_library_has_every_required_type_with_its_files() -> None:
    infos = {t.name: t for t in list_types()}
    assert REQUIRED_TYPES <= set(infos)
    for info in infos.values():
        for name in ("template.md.j2", "schema.yaml", "example.yaml", "meta.yaml"):
            assert (info.folder / name).is_file(), (info.name, name)
        assert info.description and info.provenance and info.skeleton


def test_aliases_resolve() -> None:
    assert resolve_type("情况汇报").name == "工作汇报"
    assert resolve_type("汇报").name == "工作汇报"


def test_unknown_type_suggests_the_closest_and_lists_known() -> None:
    with pytest.raises(TemplateError) as info:
        resolve_type("工作汇总")
    message = info.value.user_message()
    assert "工作汇总" in message and "是不是" in message and "讲话稿" in message


def test_user_folder_overrides_builtin_and_env_is_on_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mine"
    shutil.copytree(builtin_templates_dir() / "工作汇报", mine / "工作汇报")
    (mine / "工作汇报" / "meta.yaml").write_text("name: 工作汇报\ndescription: 我的汇报\n", encoding="utf-8")
    path = template_search_path([mine])
    assert path[0] == mine and path[-1] == builtin_templates_dir()
    assert resolve_type("工作汇报", path).description == "我的汇报"
    monkeypatch.setenv("DRAFTER_TEMPLATES", str(mine))
    assert template_search_path()[0] == mine


def test_missing_templates_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="不存在"):
        template_search_path([tmp_path / "nope"])


def test_broken_template_names_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "坏模板"
    folder.mkdir()
    (folder / "meta.yaml").write_text("name: 坏模板\n", encoding="utf-8")
    (folder / "template.md.j2").write_text("# {{ 标题 }}\n\n正文 {{ 标题 + }}\n", encoding="utf-8")
    path = template_search_path([tmp_path])
    picker = PhrasePicker(bank(), {}, types=["工作汇报"])
    with pytest.raises(TemplateError) as info:
        render_template(resolve_type("坏模板", path), {"标题": "x"}, picker=picker, search_path=path)
    assert "template.md.j2" in str(info.value.where.path)
    assert info.value.where.line == 3


def test_undefined_variable_names_template_line(tmp_path: Path) -> None:
    folder = tmp_path / "坏变量"
    folder.mkdir()
    (folder / "template.md.j2").write_text("# 标题\n\n{{ 没有这个字段 }}\n", encoding="utf-8")
    path = template_search_path([tmp_path])
    picker = PhrasePicker(bank(), {}, types=["工作汇报"])
    with pytest.raises(TemplateError) as info:
        render_template(resolve_type("坏变量", path), {}, picker=picker, search_path=path)
    assert info.value.where.line == 3 and "没有这个字段" in info.value.message


def test_sandbox_blocks_unsafe_attribute_access(tmp_path: Path) -> None:
    folder = tmp_path / "越权"
    folder.mkdir()
    (folder / "template.md.j2").write_text("{{ ''.__class__.__mro__ }}\n", encoding="utf-8")
    path = template_search_path([tmp_path])
    with pytest.raises(TemplateError):
        render_template(resolve_type("越权", path), {}, picker=PhrasePicker(bank(), {}, types=[]), search_path=path)


def test_picker_skips_variants_whose_slots_have_no_fact() -> None:
    b = bank(
        ("formula", "在{上级}的坚强领导下", ["工作汇报"], []),
        ("formula", "{时间}以来", ["工作汇报"], []),
    )
    picker = PhrasePicker(b, {"时间": "2025年"}, types=["工作汇报"])
    assert picker.formula() == "2025年以来"
    assert picker.formula() == ""  # used once per render; the other needs 上级
    assert PhrasePicker(b, {}, types=["工作汇报"]).formula(need="时间") == ""


def test_picker_honours_type_preference_and_role() -> None:
    b = bank(
        ("opening", "现将有关情况汇报如下：", ["工作汇报"], []),
        ("opening", "现将工作总结如下：", ["工作总结"], []),
        ("lead_in", "下一步，我们将重点抓好以下工作。", ["工作汇报"], ["下一步打算"]),
    )
    assert PhrasePicker(b, {}, types=["工作总结", "工作汇报"]).opening() == "现将工作总结如下："
    assert PhrasePicker(b, {}, types=["调研报告", "工作汇报"]).opening() == "现将有关情况汇报如下："
    assert PhrasePicker(b, {}, types=["讲话稿"]).opening() == ""
    assert PhrasePicker(b, {}, types=["工作汇报"]).lead_in("存在问题") == ""
    assert PhrasePicker(b, {}, types=["工作汇报"]).lead_in("下一步打算").startswith("下一步")


def test_picker_is_deterministic_per_seed_and_varies_across_seeds() -> None:
    b = bank(*[("opening", f"开头{i}。", ["工作汇报"], []) for i in range(6)])
    picks = [PhrasePicker(b, {}, types=["工作汇报"], seed=s).opening() for s in range(10)]
    assert picks == [PhrasePicker(b, {}, types=["工作汇报"], seed=s).opening() for s in range(10)]
    assert len(set(picks)) >= 3


def test_missing_phrase_bank_is_a_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError) as info:
        load_phrase_bank(tmp_path)
    assert "drafter" in (info.value.fix or "")


def test_text_helpers() -> None:
    assert [cn_number(n) for n in (1, 9, 10, 12, 20, 21)] == ["一", "九", "十", "十二", "二十", "二十一"]
    assert compose(["2025年以来", "", "我局做了工作。"], "现将有关情况汇报如下：", "。") == "2025年以来，我局做了工作。现将有关情况汇报如下："
    assert compose(["依据"], "") == "依据。"
    assert compose([], "尾") == "尾"


STRUCTURES = {
    "roles": [{"name": "存在问题", "aliases": ["困难和问题"]}, {"name": "统一思想/提高认识", "aliases": ["提高认识"]}],
    "types": {
        "工作汇报": {"role_headings": {"存在问题": [
            {"text": "存在的主要问题", "count": 1, "docs": 1, "level": 1},
            {"text": "珙县项目储备还不足", "count": 1, "docs": 1, "level": 2},
            {"text": "存在问题和下一步工作打算", "count": 1, "docs": 1, "level": 1},
            {"text": "2012年存在问题", "count": 1, "docs": 1, "level": 1},
        ]}},
        "讲话稿": {"role_headings": {"统一思想/提高认识": [
            {"text": "统一思想，提高认识", "count": 1, "docs": 1, "level": 1},
            {"text": "高度重视开放招商工作", "count": 1, "docs": 1, "level": 1},
        ]}},
    },
}


CONVENTIONS = load_conventions([builtin_templates_dir()])


def test_section_heading_reads_role_headings_and_keeps_only_generic_ones() -> None:
    b = bank(("heading_pattern", "统一思想", ["讲话稿"], ["统一思想/提高认识"]))
    seen = {PhrasePicker(b, {}, types=["工作汇报"], seed=s, structures=STRUCTURES).section_heading("存在问题", "存在的问题")
            for s in range(20)}
    assert seen == {"存在的主要问题", "存在的问题"}  # no place, number or merged section
    # A speech heads its parts with parallel clauses: the bank's (统一思想，提高认识), never a
    # four-character generic alone; the conventions' full clauses once the bank's are used.
    speech = {PhrasePicker(b, {}, types=["讲话稿"], seed=s, structures=STRUCTURES).section_heading(
        "统一思想/提高认识", "统一思想，提高认识", style="speech") for s in range(20)}
    assert speech == {"统一思想，提高认识"}
    picker = PhrasePicker(b, {}, types=["讲话稿"], structures=STRUCTURES, conventions=CONVENTIONS, doc_type="讲话稿")
    first = picker.section_heading("统一思想/提高认识", style="speech")
    second = picker.section_heading("统一思想/提高认识", style="speech")
    assert second != first and "，" in second and len(second) > 10  # never twice


def test_task_headings_put_a_short_topic_into_mined_patterns() -> None:
    b = bank(("heading_pattern", "加强{主题}", ["讲话稿"], ["主要内容/重点任务"]),
             ("heading_pattern", "存在{主题}", ["讲话稿"], ["主要内容/重点任务"]))
    picks = {PhrasePicker(b, {"主题": "招商引资"}, types=["讲话稿"], seed=s).section_heading(
        "主要内容/重点任务", "重点任务", style="speech") for s in range(10)}
    assert picks == {"加强招商引资工作"}
    clauses = {PhrasePicker(b, {"主题": "招商引资"}, types=["讲话稿"], seed=s, conventions=CONVENTIONS, doc_type="讲话稿")
               .section_heading("主要内容/重点任务", "重点任务", style="speech") for s in range(10)}
    assert len(clauses) >= 2 and all("招商引资工作" in c and "，" in c for c in clauses)
    long_topic = PhrasePicker(b, {"主题": "推进民营经济高质量发展，优化营商环境"}, types=["讲话稿"])
    assert long_topic.section_heading("主要内容/重点任务", "重点任务", style="speech") == "推进民营经济高质量发展，优化营商环境"


def test_when_says_since_only_of_a_point_in_time_and_keeps_the_time() -> None:
    b = bank(("formula", "{时间}以来", ["工作汇报"], []), ("formula", "今年以来", ["工作汇报"], []))
    year = {PhrasePicker(b, {"时间": "2025年", "日期": "2025年9月20日"}, types=["工作汇报"], seed=s).when()
            for s in range(20)}
    assert year == {"2025年", "2025年以来"}  # 时间 not yet shown: never dropped, never 今年
    shown = {PhrasePicker(b, {"时间": "2025年", "日期": "2025年9月20日"}, types=["工作汇报"], seed=s,
                          shown="关于2025年的汇报").when() for s in range(30)}
    assert shown == {"2025年", "2025年以来", "今年以来", ""}
    # Written in its last month or later, the year is behind us: never 以来.
    for date in ("2025年12月20日", "2026年1月8日"):
        over = {PhrasePicker(b, {"时间": "2025年", "日期": date}, types=["工作总结"], seed=s).when() for s in range(20)}
        assert over == {"2025年"}
    # A sentence stating its own time gets no second one.
    assert PhrasePicker(b, {"时间": "2025年"}, types=["工作汇报"]).when(avoid="今年以来，我镇……") == ""
    half = {PhrasePicker(b, {"时间": "2025年上半年"}, types=["工作汇报"], seed=s).when() for s in range(10)}
    assert half == {"2025年上半年"}
    assert PhrasePicker(b, {"时间": "2026年"}, types=["工作计划"]).when(since=False) == "2026年"


def test_leader_places_the_superior_and_avoids_a_repeated_word() -> None:
    b = bank(("formula", "在{上级}的坚强领导下", ["讲话稿"], []), ("formula", "紧紧围绕{上级}中心工作", ["讲话稿"], []),
             ("formula", "按照{上级}的要求", ["讲话稿"], []))
    avoid = {PhrasePicker(b, {"上级": "县委"}, types=["工作汇报"], seed=s).leader(avoid="我局紧紧围绕目标任务")
             for s in range(10)}
    assert avoid == {"在县委的坚强领导下", "按照县委的要求"}
    only = {PhrasePicker(b, {"上级": "县委"}, types=["工作汇报"], seed=s).leader(forms=["follow"]) for s in range(5)}
    assert only == {"按照县委的要求"}
    assert PhrasePicker(b, {}, types=["工作汇报"]).leader() == ""
    # A bank without the asked-for form still places the fact with another form.
    led_only = bank(("formula", "在{上级}的坚强领导下", ["讲话稿"], []))
    assert PhrasePicker(led_only, {"上级": "县委"}, types=["调研报告"]).leader(forms=["follow"]) == "在县委的坚强领导下"
    # ... but the conventions' 按照……的部署要求 comes first, and `strict` never takes another form.
    conventional = PhrasePicker(led_only, {"上级": "县委"}, types=["调研报告"], conventions=CONVENTIONS, doc_type="调研报告")
    assert conventional.leader(forms=["follow"]).startswith(("按照县委", "根据县委"))
    assert PhrasePicker(led_only, {"上级": "县委"}, types=["工作计划"]).leader(forms=["follow"], strict=True) == ""


def test_no_formula_joins_a_sentence_that_cannot_take_it() -> None:
    b = bank(("formula", "在{上级}的坚强领导下", ["讲话稿"], []))
    picker = PhrasePicker(b, {"上级": "县委、县政府"}, types=["表态发言"])
    assert picker.leader(avoid="刚才，县委书记作了重要讲话") == ""  # about the meeting itself
    assert picker.leader(avoid="我镇认真贯彻落实县委、县政府决策部署") == ""  # names the organ already
    assert picker.leader(avoid="我镇认真贯彻落实上级决策部署") == "在县委、县政府的坚强领导下"
