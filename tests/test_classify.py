"""Document type classification: against hand-checked labels of every seed piece,
and on small made-up documents of each type."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from drafter import classify as classify_module
from drafter.classify import classify, fallback_headings
from drafter.clean import clean
from drafter.ingest import read_file
from drafter.model import DOC_TYPES, Classification, Heading, Piece, SourceLine
from drafter.outline import parse_outline
from drafter.split import split_pieces

ROOT = Path(__file__).resolve().parent.parent
LABELS: dict[str, str] = json.loads((ROOT / "tests" / "data" / "types.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def results() -> dict[str, tuple[Piece, Classification]]:
    found = {}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for piece in split_pieces(clean(read_file(path))):
            found[piece.id] = (piece, classify(piece, parse_outline(piece.lines)))
    return found


def make(*lines: str, title: str | None = None) -> Piece:
    return Piece("t.txt", 1, 0, title, None, tuple(SourceLine(n, t) for n, t in enumerate(lines, start=1)))


def test_labels_cover_every_seed_document(results: dict[str, tuple[Piece, Classification]]) -> None:
    assert set(LABELS) == set(results)
    assert set(LABELS.values()) <= set(DOC_TYPES)


def test_seed_accuracy_is_at_least_90_percent(results: dict[str, tuple[Piece, Classification]]) -> None:
    wrong = {pid: (LABELS[pid], c.type) for pid, (_, c) in results.items() if c.type != LABELS[pid]}
    accuracy = 1 - len(wrong) / len(LABELS)
    assert accuracy >= 0.9, wrong


def test_every_result_is_well_formed(results: dict[str, tuple[Piece, Classification]]) -> None:
    for piece, result in results.values():
        assert result.type in DOC_TYPES
        assert 0.0 <= result.confidence <= 1.0
        assert result.evidence and all(isinstance(e, str) and e for e in result.evidence), piece.id


def test_the_collection_title_is_not_believed(results: dict[str, tuple[Piece, Classification]]) -> None:
    # Marked 政协调研汇报材料, but it is a school's work plan.
    piece, result = results["000_a523faac99280891#2"]
    assert piece.marker_title == "政协调研汇报材料"
    assert result.type == "工作计划"
    assert not any(r.type == "调研报告" for _, r in results.values())


def test_salutation_alone_does_not_make_a_speech(results: dict[str, tuple[Piece, Classification]]) -> None:
    # 同志们： heads a piece whose body reports work done, problems and next steps.
    assert results["003_d26b251ae925533b#3"][1].type == "工作汇报"


SPEECH = make(
    "同志们：",
    "这次全市安全生产工作会议，是经市委、市政府研究决定召开的一次重要会议。下面，我讲三点意见。",
    "一、提高认识，增强做好安全生产工作的责任感",
    "各级各部门要牢固树立安全发展理念，坚决守住安全底线。",
    "同志们，让我们团结一心，为全市经济社会发展作出新的更大贡献！",
)
REPORT = make(
    "尊敬的各位领导：",
    "今年以来，在县委、县政府的正确领导下，我局认真履职，取得了明显成效。现将有关情况汇报如下：",
    "一、基本情况",
    "全年完成投资5亿元。",
    "二、存在问题",
    "资金不足。",
    "三、下一步打算",
    "下一步，我们将进一步加大工作力度。",
    title="关于2024年全县农业工作情况的汇报",
)
SURVEY = make(
    "为深入了解我县农村养老服务现状，县政协调研组深入12个乡镇开展专题调研，经过深入调查，形成本报告。",
    "一、基本情况",
    "全县共有农村老人3万人。",
    "二、存在的主要问题",
    "服务设施不足。",
    "三、原因分析",
    "投入机制不健全。",
    "四、对策建议",
    "加大财政投入。",
    title="关于全县农村养老服务情况的调研报告",
)
SUMMARY = make(
    "一年来，在局党组的坚强领导下，我们围绕中心工作，圆满完成了各项任务，现将全年工作总结如下：",
    "一、主要成绩",
    "全年办理案件120件。",
    "二、经验体会",
    "坚持党的领导。",
    "三、明年工作打算",
    "明年我们将继续努力。",
    title="市司法局2024年工作总结",
)
PLAN = make(
    "为做好2025年全镇农业农村工作，特制定本计划。",
    "一、指导思想",
    "以习近平新时代中国特色社会主义思想为指导。",
    "二、工作目标",
    "粮食产量稳定在10万吨以上。",
    "三、主要任务",
    "抓好春耕生产。",
    "四、保障措施",
    "加强组织领导。",
    title="2025年全镇农业农村工作计划",
)
OPINION = make(
    "市府发〔2024〕12号",
    "各区县人民政府，市政府各部门：",
    "为进一步加强社区建设，现就有关事项提出如下意见：",
    "一、指导思想",
    "坚持以人民为中心。",
    "二、基本原则",
    "坚持因地制宜。",
    "三、保障措施",
    "加强经费保障。",
    title="关于进一步加强城市社区建设的实施意见",
)


@pytest.mark.parametrize(
    ("piece", "expected"),
    [
        (SPEECH, "讲话稿"),
        (REPORT, "工作汇报"),
        (SURVEY, "调研报告"),
        (SUMMARY, "工作总结"),
        (PLAN, "工作计划"),
        (OPINION, "实施意见"),
    ],
)
def test_each_type_is_recognised_from_its_standard_form(piece: Piece, expected: str) -> None:
    result = classify(piece, parse_outline(piece.lines))
    assert result.type == expected, result
    assert result.confidence > 0.5


def test_evidence_quotes_the_document_in_chinese() -> None:
    speech = classify(SPEECH, [])
    assert "称呼「同志们：」" in speech.evidence
    assert "「我讲三点意见」" in speech.evidence
    report = classify(REPORT, [])
    assert "「汇报如下」" in report.evidence
    assert "标题含「汇报」" in report.evidence
    assert "标题含「情况汇报」" in classify(replace(REPORT, title="全县农业工作情况汇报"), []).evidence
    assert "文号「〔2024〕12号」" in classify(OPINION, []).evidence


def test_headings_given_are_used() -> None:
    body = make("今年以来，各项工作有序推进。", "正文第一段。", "正文第二段。")
    headings = [
        Heading(1, "一、", "基本情况", 1, "cn"),
        Heading(1, "二、", "存在问题", 2, "cn"),
        Heading(1, "三、", "下一步打算", 3, "cn"),
    ]
    without = classify(body, [])
    with_headings = classify(body, headings)
    assert with_headings.type == "工作汇报"
    assert any("存在问题" in e for e in with_headings.evidence)
    assert not any("存在问题" in e for e in without.evidence)


def test_without_any_feature_it_is_other_with_low_confidence() -> None:
    result = classify(make("今天天气很好。", "我们去公园散步。"), [])
    assert result.type == "其他"
    assert result.confidence < 0.5
    assert classify(make(), []).type == "其他"


def test_confidence_grows_with_the_margin() -> None:
    weak = classify(make("同志们：", "大家辛苦了。"), [])
    strong = classify(SPEECH, [])
    assert weak.type == strong.type == "讲话稿"
    assert strong.confidence > weak.confidence


def test_fallback_headings_find_numbered_lines() -> None:
    assert fallback_headings(REPORT) == ["基本情况", "存在问题", "下一步打算"]


def test_type_names_match_the_model() -> None:
    names = (classify_module.REPORT, classify_module.SPEECH, classify_module.SURVEY, classify_module.SUMMARY,
             classify_module.PLAN, classify_module.OPINION, classify_module.OTHER)
    assert names == ("工作汇报", "讲话稿", "调研报告", "工作总结", "工作计划", "实施意见", "其他")


def test_title_block_is_read_when_split_found_no_title() -> None:
    # A survey whose title has no standard shape, and a speech whose title is a
    # slogan over two lines with a ——在…上的讲话 subtitle.
    survey = make("关于我县县域商业体系建设的调查与思考", "县商务局课题组",
                  "课题组于4月对全县县域商业体系建设情况开展了专题调研。现将有关情况报告如下。",
                  "第一部分 县域商业发展现状", "正文。")
    assert classify(survey, parse_outline(survey.lines)).type == "调研报告"
    speech = make("凝心聚力 真抓实干", "——在全市安全生产工作会议上的讲话", "（2024年2月26日）",
                  "安全生产责任重于泰山。")
    assert classify(speech, []).type == "讲话稿"


def test_survey_opening_states_its_own_purpose() -> None:
    survey = make("为全面了解我市课后服务开展情况，市教育局组成调研组，对42所学校进行了专题调研。",
                  "一、基本情况", "正文。", "二、存在的主要问题", "正文。", "三、对策建议", "正文。")
    assert classify(survey, parse_outline(survey.lines)).type == "调研报告"
    # A summary that mentions surveys it carried out is not a survey.
    summary = make("2011年以来，我中心深入调研，扎实工作，为市委提供了决策咨询服务。",
                   "今年共开展调研活动12次。", "明年我们将继续努力。", title="市经济发展研究中心2011年工作总结")
    assert classify(summary, []).type == "工作总结"


def test_guiding_opinion_with_a_comma_in_its_addressees() -> None:
    opinion = make("各区民政局、委组织部，各街道党工委、办事处：",
                   "为加强社区工作者队伍建设，现提出以下指导意见。", "一、明确总体要求", "正文。",
                   title="关于进一步加强和改进社区工作者队伍建设的指导意见")
    result = classify(opinion, parse_outline(opinion.lines))
    assert result.type == "实施意见"
    assert any("主送" in e for e in result.evidence)
    untitled = replace(opinion, title=None)
    assert classify(untitled, parse_outline(untitled.lines)).type == "实施意见"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("某县人民政府关于加快农业产业化发展的实施意见", "实施意见"),
        ("关于做好2025年春季农业生产工作的通知", "通知"),
        ("关于印发《全县重大政策宣传解读工作实施方案》的通知", "通知"),
        ("全县农村人居环境整治提升工作方案", "方案"),
        ("市农业农村局2025年度实施计划", "工作计划"),
        ("某县“十四五”教育事业发展规划", "规划"),
        ("乡村振兴战略规划（2018－2022年）", "规划"),
        ("2024年政府工作报告（征求意见稿）", "报告"),
        ("乡镇2022年第一季度工作总结和第二季度工作计划", "工作总结"),
        ("《2023年某镇政府工作报告》政策解读", "其他"),
    ],
)
def test_the_genre_named_by_the_title_decides(title: str, expected: str) -> None:
    # The body reads like a plan with a directive tone whatever the title says:
    # the 文种 in the title decides, and 文种 outside the built-ins keep their name.
    body = make("为做好全年工作，特制定如下安排。", "一、指导思想", "以人民为中心。", "二、主要任务",
                "抓好重点工作。", title=title)
    result = classify(body, parse_outline(body.lines))
    assert result.type == expected, result
    assert any(e.startswith("标题文种") for e in result.evidence), result.evidence


def test_the_title_is_found_under_a_site_banner_and_over_two_lines() -> None:
    notice = make("湖南省人民政府办公厅文件", "湘政办发〔2009〕24号", "湖南省人民政府办公厅关于加强普通高等学校",
                  "毕业生就业工作的通知", "各市州人民政府：", "现就有关问题通知如下：", "一、充分认识重要性。正文。")
    assert classify(notice, parse_outline(notice.lines)).type == "通知"
    numbered = make("关于印发2023年重点任务分解落实方案的通知 常政发〔2023〕1号 |", "各辖市、区人民政府：")
    assert classify(numbered, []).type == "通知"


def test_a_title_glued_to_the_body_still_names_the_genre() -> None:
    glued = make("关于留守儿童的调研报告随着农村父母离乡进城打工、经商人数的增多，农村儿童留守农村而无人照管的"
                 "人数也在不断增多，调查显示：我国有大量农民常年在城市务工经商，产生了大量留守儿童。")
    assert classify(glued, []).type == "调研报告"


def test_a_congress_report_and_a_notice_are_known_by_their_text() -> None:
    report = make("各位代表：", "现在，我代表县人民政府，向大会报告工作，请予审议。", "一、过去五年工作回顾")
    assert classify(report, parse_outline(report.lines)).type == "报告"
    notice = make("各乡镇人民政府，县政府各部门：",
                  "现将《政府工作报告》中涉及今年的各项目标任务分解下达。请各单位抓好落实。", "特此通知。")
    assert classify(notice, []).type == "通知"


def test_genre_types_compete_only_when_named() -> None:
    # A report with no 文种 in its title keeps the confidence it had among the
    # built-in types: the extra names do not dilute it.
    untitled = replace(REPORT, title=None)
    result = classify(untitled, parse_outline(untitled.lines))
    assert result.type == "工作汇报"
    assert result.confidence > 0.5


def test_reports_to_a_congress_and_titles_with_site_furniture() -> None:
    gov = make("政府工作报告", "——2019年3月5日在第十三届全国人民代表大会第二次会议上", "各位代表：",
               "现在，我代表国务院，向大会报告政府工作，请予审议。", "一、2018年工作回顾", "正文。")
    assert classify(gov, parse_outline(gov.lines)).type == "报告"
    congress = make("决胜全面建成小康社会 夺取新时代中国特色社会主义伟大胜利",
                    "——在中国共产党第十九次全国代表大会上的报告", "同志们：", "现在，我代表第十八届中央委员会向大会作报告。")
    assert classify(congress, []).type == "报告"
    # A column name above the title is not the title; a date after it is not part of it.
    notice = make("通知公告", "关于做好2024年防汛工作的通知", "各乡镇：", "现将有关事项通知如下：")
    assert classify(notice, []).type == "通知"
    dated = make("工作总结 2024-01-05", "今年以来，我局围绕中心工作，取得了明显成效。")
    assert classify(dated, []).type == "工作总结"
