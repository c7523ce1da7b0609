"""drafter.outline: numbering helpers, heading recognition, depth, and the
measurement against the hand-annotated set in tests/data/outline/."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafter.model import DOC_TYPES, CleanText, Heading, SourceLine
from drafter.outline import (
    format_number,
    number_style,
    parse_cn_numeral,
    parse_outline,
    render_outline,
    to_cn_numeral,
)

ROOT = Path(__file__).resolve().parent.parent
ANNOTATED = sorted((ROOT / "tests" / "data" / "outline").glob("*.json"))


def triples(headings: list[Heading]) -> list[tuple[int, str, str]]:
    return [(h.level, h.number, h.text) for h in headings]


# ---------------------------------------------------------------- numbering

@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("九十九", 99)],
)
def test_parse_cn_numeral(numeral: str, value: int) -> None:
    assert parse_cn_numeral(numeral) == value


@pytest.mark.parametrize("bad", ["", "零", "十十", "一二", "百", "a", "二十十"])
def test_parse_cn_numeral_rejects_non_numerals(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_cn_numeral(bad)


@given(st.integers(min_value=1, max_value=99))
def test_cn_numerals_round_trip(n: int) -> None:
    assert parse_cn_numeral(to_cn_numeral(n)) == n


@pytest.mark.parametrize(
    ("style", "n", "expected"),
    [
        ("cn", 2, "二、"),
        ("cn", 12, "十二、"),
        ("paren_cn", 3, "（三）"),
        ("arabic", 4, "4."),
        ("paren_arabic", 5, "（5）"),
        ("part", 1, "第一部分"),
        ("ordinal", 2, "第二，"),
    ],
)
def test_format_number(style: str, n: int, expected: str) -> None:
    assert format_number(style, n) == expected
    assert number_style(expected) == style


def test_format_number_rejects_unknown_style_and_zero() -> None:
    with pytest.raises(ValueError):
        format_number("roman", 1)
    with pytest.raises(ValueError):
        format_number("cn", 0)


@pytest.mark.parametrize(
    ("number", "style"),
    [("(一)", "paren_cn"), ("（ 一 ）", "paren_cn"), ("1、", "arabic"), ("1．", "arabic"),
     ("(2)", "paren_arabic"), ("2）", "paren_arabic"), ("第三章", "chapter"), ("第二节", "section")],
)
def test_number_style_accepts_written_variants(number: str, style: str) -> None:
    assert number_style(number) == style


def test_number_style_rejects_non_numbers() -> None:
    with pytest.raises(ValueError):
        number_style("一是")


# ---------------------------------------------------------------- recognition

def test_lead_sentence_heading_runs_on_into_body() -> None:
    [h] = parse_outline(["一、高度重视开放招商工作。由于各种原因，我市开放招商工作相对滞后。"])
    assert (h.level, h.number, h.text, h.style) == (1, "一、", "高度重视开放招商工作", "cn")
    assert h.body == "由于各种原因，我市开放招商工作相对滞后。"


def test_heading_text_drops_trailing_separators() -> None:
    heads = parse_outline(["一、主要特点：", "二、存在问题；", "三、工作要求，"])
    assert [h.text for h in heads] == ["主要特点", "存在问题", "工作要求"]


def test_inline_enumerations_are_not_headings() -> None:
    lines = [
        "一是健全工作机制。成立了领导小组。",
        "第一，大部分发达国家正在经历全球化。这使得知识在不同的国家之间流动。",
        "首先，我要谈谈讨论终身教育的紧迫性。",
        "其次，对中国的实际情况进行总结。",
    ]
    assert parse_outline(lines) == []


def test_standalone_ordinal_line_is_a_heading() -> None:
    lines = ["同志们：", "第一，要突出外资龙头地位不动摇。", "党的十六届四中全会指出，要坚持发展。",
             "第二，要紧扣全年目标任务不动摇。", "眼中只有纵向增长目标。"]
    assert triples(parse_outline(lines)) == [
        (1, "第一，", "要突出外资龙头地位不动摇"), (1, "第二，", "要紧扣全年目标任务不动摇")]


@pytest.mark.parametrize(
    "line",
    ["1.5亿元用于基础设施建设。", "2011年以来，我们扎实工作。", "1、2月份，全县完成投资3亿元。",
     "3.5%的增幅高于全市。", "一、二季度经济运行平稳。"],
)
def test_body_paragraphs_starting_with_numbers_are_not_headings(line: str) -> None:
    assert parse_outline([line]) == []


def test_half_width_and_full_width_numbering_are_one_style() -> None:
    heads = parse_outline(["一、总体要求", "(一)指导思想", "（二）基本原则", "1.坚持统筹", "2、坚持创新",
                           "3．坚持开放", "(1)具体一点"])
    assert triples(heads) == [
        (1, "一、", "总体要求"), (2, "（一）", "指导思想"), (2, "（二）", "基本原则"),
        (3, "1.", "坚持统筹"), (3, "2、", "坚持创新"), (3, "3．", "坚持开放"), (4, "（1）", "具体一点")]


def test_plain_strings_are_numbered_from_one_and_source_lines_keep_theirs() -> None:
    assert [h.line for h in parse_outline(["前言。", "一、基本情况"])] == [2]
    lines = [SourceLine(41, "正文。"), SourceLine(45, "二、主要做法")]
    assert [h.line for h in parse_outline(lines)] == [45]


def test_part_headings_sit_above_cn_lists() -> None:
    lines = ["第一部分：工作思路", "一、指导思想", "二、目标任务", "第二部分：基本情况", "一、学校概况"]
    assert triples(parse_outline(lines)) == [
        (1, "第一部分", "工作思路"), (2, "一、", "指导思想"), (2, "二、", "目标任务"),
        (1, "第二部分", "基本情况"), (2, "一、", "学校概况")]


# ---------------------------------------------------------------- depth

def test_paren_cn_can_be_the_top_level() -> None:
    heads = parse_outline(["（一）强化领导", "1、建立机制", "（二）加强督查"])
    assert triples(heads) == [(1, "（一）", "强化领导"), (2, "1、", "建立机制"), (1, "（二）", "加强督查")]


def test_arabic_directly_under_cn_is_level_two() -> None:
    assert [h.level for h in parse_outline(["一、成绩", "1、办学条件", "2、教育质量", "二、问题"])] == [1, 2, 2, 1]


def test_restart_under_next_steps_nests() -> None:
    lines = ["一、主要特点", "正文。", "二、主要工作", "正文。", "三、存在问题", "正文。", "四、下一步打算",
             "一、加大投入，加快进度。各乡镇要筹措资金。", "二、准确定位，打造特色。正文。"]
    assert [h.level for h in parse_outline(lines)] == [1, 1, 1, 1, 2, 2]


def test_restarted_sub_list_continues_past_the_parents_next_number() -> None:
    # 三、 after the nested 二、 continues the sub-list rather than the outer 二、.
    lines = ["一、基本情况", "正文。", "二、主要工作", "下面汇报五个方面。", "一、突出招商引资", "正文。",
             "二、培育园区产业", "正文。", "三、巩固计生成果", "正文。"]
    assert [h.level for h in parse_outline(lines)] == [1, 1, 2, 2, 2]


def test_restart_after_a_long_heading_is_a_new_part_not_a_sub_list() -> None:
    lines = ["一、在组织上，坚持政府主导，多方参与", "正文。", "二、在效果上，坚持统筹兼顾，协调发展",
             "在下步工作中，我们主要从以下三点搞好工作：", "一、进一步完善规划。正文。", "二、市场化运作。正文。"]
    assert [h.level for h in parse_outline(lines)] == [1, 1, 1, 1]


def test_a_salutation_starts_a_new_tree() -> None:
    lines = ["同志们：", "一、提高认识", "（一）统一思想", "谢谢大家！", "同志们：", "（一）加强领导", "（二）强化考核"]
    assert [h.level for h in parse_outline(lines)] == [1, 2, 1, 1]


def test_second_heading_without_first_stays_top_level() -> None:
    lines = ["今年以来，我们做了大量工作。", "二、存在问题", "（一）资金不足", "三、下步打算"]
    assert [h.level for h in parse_outline(lines)] == [1, 2, 1]


def test_shallower_style_after_orphan_sub_items_goes_back_to_top() -> None:
    # The 一、 above the （一）s was lost; 二、 must not nest under （二）.
    lines = ["（一）树立超前意识", "正文。", "（二）树立服务意识", "正文。", "二、2012年工作计划", "（一）抓好课题调研"]
    assert [h.level for h in parse_outline(lines)] == [1, 1, 1, 2]


# ---------------------------------------------------------------- damaged lines

def test_heading_split_by_a_hard_line_break_is_rejoined() -> None:
    lines = ["一、提高认识", "正文。", "二、主要措施", "正文。", "三、在创建平安活动中公安机", "", "关将做到：",
             "（一）在维护政治稳定方面：防范严密。"]
    heads = parse_outline(lines)
    assert heads[2].text == "在创建平安活动中公安机关将做到"
    assert heads[3].level == 2


def test_broken_lead_sentence_heading_is_rejoined_when_its_siblings_are_sentences() -> None:
    lines = ["（一）把维护社会稳定置于首位。切实增强政治敏锐性。", "（二）继续以打团伙为主线，提高破案能力；",
             "（三）定期分析社会治安形势，及时", "掌握社会治安动态，严厉打击暴力犯罪。始终保持高压态势。",
             "（四）依法履行职责，热情接待来访群众。"]
    heads = parse_outline(lines)
    assert heads[2].text == "定期分析社会治安形势，及时掌握社会治安动态，严厉打击暴力犯罪"
    assert heads[2].body == "始终保持高压态势。"


def test_standalone_headings_do_not_swallow_the_next_paragraph() -> None:
    lines = ["（一）统一机构名称", "全区民政工作机构名称确定为民政办公室。", "（二）明确工作职责",
             "民政办工作职责主要包括：", "（三）调查摸底。对目前情况进行摸底。", "（四）制定方案。由区民政局制定。"]
    assert [h.text for h in parse_outline(lines)][:2] == ["统一机构名称", "明确工作职责"]


def test_heading_fused_to_its_body_by_a_space() -> None:
    [h] = parse_outline(["二、 做好档案工作需要采取强有力的工作举措 今年是实施规划的开局之年。"])
    assert (h.text, h.body) == ("做好档案工作需要采取强有力的工作举措", "今年是实施规划的开局之年。")


def test_long_heading_fused_to_an_inline_enumeration() -> None:
    [h] = parse_outline(["（三）以关注民生热点问题为宗旨，创新方法，构筑治安防控新格局一是加强了人防。二是加强了技防。"])
    assert h.text == "以关注民生热点问题为宗旨，创新方法，构筑治安防控新格局"
    assert h.body.startswith("一是加强了人防")


def test_first_xxx_inside_a_heading_is_not_a_fused_body() -> None:
    text = "审时度势，正视差距，坚定不移地把招商引资和项目建设作为加快发展的第一要务"
    assert parse_outline(["一、" + text])[0].text == text


# ---------------------------------------------------------------- render

def test_render_outline_indents_two_spaces_per_level() -> None:
    heads = parse_outline(["一、基本情况", "（一）学校概况", "1、生源", "二、存在问题"])
    assert render_outline(heads) == "一、基本情况\n  （一）学校概况\n    1、生源\n二、存在问题\n"
    assert render_outline([]) == ""


_DEPTH_STYLES = st.lists(
    st.sampled_from(["part", "cn", "paren_cn", "arabic", "paren_arabic"]),
    min_size=1, max_size=4, unique=True,
).map(lambda styles: sorted(styles, key=["part", "cn", "paren_cn", "arabic", "paren_arabic"].index))
_HEADING_TEXT = st.text(alphabet="加强领导工作建设推进落实发展改革创新服务管理机制质量", min_size=2, max_size=20)


@st.composite
def heading_trees(draw: st.DrawFn) -> list[Heading]:
    """Well-formed trees: each depth has its own style, numbers run 1.. under each parent."""
    styles = draw(_DEPTH_STYLES)
    out: list[Heading] = []

    def children(depth: int) -> None:
        for n in range(1, draw(st.integers(min_value=1, max_value=4)) + 1):
            style = styles[depth - 1]
            out.append(Heading(level=depth, number=format_number(style, n), text=draw(_HEADING_TEXT),
                               line=len(out) + 1, style=style))
            if depth < len(styles) and draw(st.booleans()):
                children(depth + 1)

    children(1)
    return out


@given(heading_trees())
def test_rendered_outline_round_trips(tree: list[Heading]) -> None:
    assert triples(parse_outline(render_outline(tree).splitlines())) == triples(tree)


# ---------------------------------------------------------------- measurement

@lru_cache(maxsize=None)
def _cleaned(source: str) -> CleanText:
    from drafter.clean import clean
    from drafter.ingest import read_file

    return clean(read_file(ROOT / "seeds" / source))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _piece_headings(annotation: dict) -> list[Heading]:
    lines = [ln for ln in _cleaned(annotation["source"]).lines
             if annotation["first_line"] <= ln.number <= annotation["last_line"]]
    return parse_outline(lines)


def test_annotated_set_is_large_and_varied() -> None:
    annotations = [_load(p) for p in ANNOTATED]
    types = {a["type"] for a in annotations}
    assert len(annotations) >= 12
    assert {"讲话稿", "工作汇报", "工作计划", "工作总结", "实施意见"} <= types
    assert sum(len(a["headings"]) for a in annotations) >= 200


@pytest.mark.parametrize("path", ANNOTATED, ids=[p.stem for p in ANNOTATED])
def test_annotation_is_well_formed(path: Path) -> None:
    a = _load(path)
    assert (ROOT / "seeds" / a["source"]).is_file()
    assert a["type"] in DOC_TYPES
    previous_level, previous_line = 0, a["first_line"] - 1
    for h in a["headings"]:
        assert set(h) == {"level", "number", "text", "line"}
        assert 1 <= h["level"] <= previous_level + 1
        assert previous_line < h["line"] <= a["last_line"]
        assert h["text"] and not h["text"].endswith(("。", "：", "，"))
        previous_level, previous_line = h["level"], h["line"]


def test_outline_precision_and_recall_on_the_annotated_set() -> None:
    true_pos = false_pos = false_neg = 0
    report = []
    for path in ANNOTATED:
        a = _load(path)
        expected = {(h["level"], h["number"], h["text"]) for h in a["headings"]}
        found = set(triples(_piece_headings(a)))
        hits = len(expected & found)
        true_pos, false_pos, false_neg = (
            true_pos + hits, false_pos + len(found - expected), false_neg + len(expected - found))
        report.append(f"{path.stem} {a['type']}: expected {len(expected)}, found {len(found)}, correct {hits}")
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    print("\n".join(report) + f"\noverall precision {precision:.3f} recall {recall:.3f}")
    assert precision >= 0.95
    assert recall >= 0.95


def test_annotated_heading_lines_are_where_the_parser_finds_them() -> None:
    # Line numbers are raw seed lines, so they survive any change in splitting.
    for path in ANNOTATED:
        a = _load(path)
        found = {h.line for h in _piece_headings(a)}
        expected = {h["line"] for h in a["headings"]}
        assert len(expected & found) >= 0.95 * len(expected), path.stem


def test_word_heading_styles_without_numbers_are_headings(tmp_path) -> None:
    import docx

    from drafter.clean import clean
    from drafter.ingest import read_file

    document = docx.Document()
    document.add_heading("关于招商引资工作的汇报", level=1)
    document.add_paragraph("现将有关情况汇报如下：")
    document.add_heading("基本情况", level=2)
    document.add_paragraph("今年以来，全县招商工作稳步推进。")
    document.add_heading("招商队伍", level=3)
    document.add_paragraph("队伍建设不断加强。")
    document.add_heading("下一步打算", level=2)
    path = tmp_path / "汇报.docx"
    document.save(str(path))
    headings = parse_outline(clean(read_file(path)).lines)
    assert [(h.level, h.number, h.text) for h in headings] == [
        (1, "", "基本情况"),
        (2, "", "招商队伍"),
        (1, "", "下一步打算"),
    ]


def test_markdown_title_is_not_a_heading() -> None:
    from drafter.model import SourceLine

    lines = [
        SourceLine(1, "关于某事的意见", style_level=1),
        SourceLine(2, "一、总体要求"),
        SourceLine(3, "正文。"),
        SourceLine(4, "重点任务", style_level=2),
    ]
    assert [(h.level, h.number, h.text) for h in parse_outline(lines)] == [
        (1, "一、", "总体要求"),
        # A new style under a heading nests, whatever marks it.
        (2, "", "重点任务"),
    ]


# ---------------------------------------------------------------- unseen formats

def test_heading_broken_after_a_comma_is_rejoined() -> None:
    lines = ["（一）网点布局不均衡，", "乡镇商业设施老化问题突出。全县9个乡镇商贸中心设施陈旧。",
             "（二）物流成本偏高。村级快递派送成本高。"]
    heads = parse_outline(lines)
    assert heads[0].text == "网点布局不均衡，乡镇商业设施老化问题突出"
    assert heads[0].body.startswith("全县9个")


def test_broken_lead_heading_without_comma_is_rejoined_among_lead_siblings() -> None:
    lines = ["（一）粮食生产稳中有增。全年粮食总产量27.6万吨。", "（二）特色产业加快发展。新建茶园1.2万亩。",
             "（三）乡村建设扎实推进。新改建农村公路126公里。", "（四）巩固拓展脱贫攻坚成果同乡村振兴",
             "有效衔接工作取得新进展。全县未发生规模性返贫。"]
    assert parse_outline(lines)[3].text == "巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作取得新进展"


def test_heading_fused_to_its_body_without_delimiter_is_cut_where_siblings_end() -> None:
    lines = ["1、项目质量明显提升。亿元以上项目32个。",
             "2、产业招商成效显著围绕新材料产业，开展产业链精准招商，引进链上企业18家。",
             "3、招商方式不断创新。依托在区企业引进配套企业。"]
    heads = parse_outline(lines)
    assert heads[1].text == "产业招商成效显著"
    assert heads[1].body.startswith("围绕新材料产业")


def test_long_sibling_headings_are_not_cut_at_an_opener() -> None:
    # Siblings are long list items, so a long item is not a fused heading.
    lines = ["1、贯彻执行国家有关民政工作的法律法规，制定本辖区民政事业发展规划并组织实施",
             "2、负责社会救济救灾和五保供养工作，按照规定落实最低生活保障制度，开展慈善捐助活动",
             "3、负责优抚工作，负责安置对象的服务管理工作，积极开展双拥活动"]
    assert [h.text for h in parse_outline(lines)] == [line[2:] for line in lines]


def test_attachment_list_items_are_not_headings() -> None:
    lines = ["四、工作要求", "（一）加强组织领导。成立领导小组。", "附件：1.领导小组成员名单", "2.隐患排查整治台账",
             "区人民政府办公室", "2024年2月28日"]
    assert [h.text for h in parse_outline(lines)] == ["工作要求", "加强组织领导"]


def test_plan_that_starts_at_paren_cn_with_running_arabic_numbers() -> None:
    lines = ["（一）坚持立德树人", "1.加强党的领导。正文。", "2.深化思政课改革。正文。", "（二）推进优质均衡发展",
             "3.扩大学前教育资源。正文。", "4.推进义务教育优质均衡。正文。"]
    assert [(h.level, h.number) for h in parse_outline(lines)] == [
        (1, "（一）"), (2, "1."), (2, "2."), (1, "（二）"), (2, "3."), (2, "4.")]


def test_a_closing_glossary_is_not_twenty_headings() -> None:
    lines = ["三、2024年政府工作任务", "正文。", "注释："]
    lines += [f"{i}.“两重{i}”：是指国家重大战略实施和重点领域安全能力建设。" for i in range(1, 21)]
    heads = parse_outline(lines)
    assert [(h.number, h.text) for h in heads] == [("三、", "2024年政府工作任务")]
    # An item that merely starts with 指导 is not a definition.
    kept = parse_outline(["一、重点任务", "1.重点任务：指导各地开展工作。", "2.工作目标：到2025年完成。"])
    assert len(kept) == 3


def test_a_heading_that_starts_with_a_quarter_is_kept() -> None:
    heads = parse_outline(["一、一季度工作总结", "（一）主要经济指标稳步增长。正文。", "二、二季度工作计划", "正文。"])
    assert [(h.level, h.number, h.text) for h in heads] == [
        (1, "一、", "一季度工作总结"), (2, "（一）", "主要经济指标稳步增长"), (1, "二、", "二季度工作计划"),
    ]
    assert parse_outline(["一、二季度经济运行平稳。"]) == []


def test_a_dash_item_or_a_new_sentence_does_not_continue_a_heading() -> None:
    heads = parse_outline(["（一）指导思想。全面贯彻。", "（二）目标任务。到2020年。", "（三）基本原则",
                           "——坚持党管农村工作。毫不动摇地坚持。"])
    assert heads[2].text == "基本原则"
    heads = parse_outline(["一、《报告》起草过程", "正文。", "二、《报告》的主要内容", "《报告》共分为两个部分：",
                           "第一部分，2023年工作回顾。《报告》从六个方面总结了成绩。"])
    assert [h.text for h in heads] == ["《报告》起草过程", "《报告》的主要内容"]


def test_a_heading_run_into_its_body_is_cut_at_a_body_opener() -> None:
    heads = parse_outline(["一、明确目标任务，强化工作措施，迅速打开政府工作新局面今年以来，在县委的坚强领导下，"
                           "各项工作平稳有序推进。"])
    assert heads[0].text == "明确目标任务，强化工作措施，迅速打开政府工作新局面"
    assert heads[0].body.startswith("今年以来")
    heads = parse_outline(["二、主要做法自开展脱贫攻坚工作以来，我镇深入贯彻中央和省委的部署，统筹兼顾、压实责任、"
                           "强化措施。"])
    assert heads[0].text == "主要做法"


def test_items_under_a_notes_line_are_a_glossary() -> None:
    heads = parse_outline(["三、2024年政府工作任务", "正文。", "注释", "1.两重：国家重大战略实施和重点领域安全能力建设。",
                           "2.两新：新一轮大规模设备更新和消费品以旧换新。"])
    assert [h.text for h in heads] == ["2024年政府工作任务"]
