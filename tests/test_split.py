"""Splitting cleaned files into pieces, glued speeches into parts, and duplicate links."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.clean import clean
from drafter.ingest import read_file
from drafter.model import CleanText, Piece, SourceLine
from drafter.split import find_markers, link_duplicates, parse_number, split_pieces

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
S003 = "003_d26b251ae925533b"


@pytest.fixture(scope="module")
def seed_pieces() -> list[Piece]:
    pieces: list[Piece] = []
    for path in sorted(SEEDS.glob("*.txt")):
        pieces.extend(split_pieces(clean(read_file(path))))
    return pieces


@pytest.fixture(scope="module")
def by_id(seed_pieces: list[Piece]) -> dict[str, Piece]:
    return {p.id: p for p in seed_pieces}


def text_of(*lines: str, path: str = "x.txt") -> CleanText:
    return CleanText(path, tuple(SourceLine(n, t) for n, t in enumerate(lines, start=1)))


BODY = (
    "今年以来，我们认真贯彻落实上级的决策部署，围绕中心、服务大局，扎实推进各项工作，取得了明显成效。",
    "一、主要工作",
    "全年共完成投资十二亿元，同比增长百分之十五，重点项目建设进展顺利，群众满意度进一步提高。",
    "二、存在问题",
    "一是发展不平衡，二是基础设施仍然薄弱，三是人才队伍建设有待加强，这些问题需要认真研究解决。",
)


# --- the seeds ---------------------------------------------------------------


def test_seeds_hold_48_marked_pieces_making_54_documents(seed_pieces: list[Piece]) -> None:
    assert len({(p.source, p.index) for p in seed_pieces}) == 48
    assert len(seed_pieces) == 54
    assert len({p.id for p in seed_pieces}) == 54


def test_pieces_per_file_follow_the_markers(seed_pieces: list[Piece]) -> None:
    counts: dict[str, int] = {}
    for piece in seed_pieces:
        counts[piece.source] = max(counts.get(piece.source, 0), piece.index)
    assert sorted(counts.values()) == [4, 5, 5, 10, 24]


def test_glued_speeches_are_cut_where_a_new_speech_starts(
    seed_pieces: list[Piece], by_id: dict[str, Piece]
) -> None:
    parts = {f"{p.source}#{p.index}": p.part for p in seed_pieces if p.part}
    split = {key: sum(1 for p in seed_pieces if f"{p.source}#{p.index}" == key) for key in parts}
    assert split == {f"{S003}.txt#13": 2, f"{S003}.txt#15": 2, f"{S003}.txt#16": 4, f"{S003}.txt#17": 2}
    # Each later part starts a speech: a salutation, or the text after a closing formula.
    assert by_id[f"{S003}#15.2"].lines[0].text == "各位同志们："
    assert [by_id[f"{S003}#16.{n}"].lines[0].text for n in (2, 3, 4)] == ["同志们："] * 3
    assert by_id[f"{S003}#13.1"].lines[-1].text.endswith("贡献！")
    assert by_id[f"{S003}#13.2"].lines[0].text.startswith("大力发展教育")


def test_a_closing_salutation_with_thanks_is_not_a_new_speech(by_id: dict[str, Piece]) -> None:
    piece = by_id[f"{S003}#18"]
    assert piece.part == 0
    assert piece.lines[-1].text == "谢谢大家！"


def test_parts_keep_their_lines_in_order_and_share_none(seed_pieces: list[Piece]) -> None:
    for piece in seed_pieces:
        numbers = [line.number for line in piece.lines]
        assert numbers == sorted(set(numbers)), piece.id
    seen = [(p.source, line.number) for p in seed_pieces for line in p.lines]
    assert len(seen) == len(set(seen))


def test_marker_lines_headers_and_page_counters_are_not_in_any_piece(seed_pieces: list[Piece]) -> None:
    in_pieces = {(p.source, line.number) for p in seed_pieces for line in p.lines}
    for path in sorted(SEEDS.glob("*.txt")):
        text = clean(read_file(path))
        markers = find_markers(text.lines)
        assert markers, path.name
        for marker in markers:
            assert (path.name, text.lines[marker.position].number) not in in_pieces
        header = {line.number for line in text.lines[: markers[0].position]}
        assert not {(path.name, n) for n in header} & in_pieces
    assert all(not p.lines[-1].text.strip().isdigit() for p in seed_pieces)


def test_titles_come_from_the_document_not_a_lying_marker(by_id: dict[str, Piece]) -> None:
    assert by_id["002_3efb7bcadd4fd8f7#1"].title == "在全县招商引资工作动员大会上的表态发言"
    assert by_id["002_3efb7bcadd4fd8f7#4"].title == "在全县创建平安动员会议上的表态发言"
    assert by_id["004_4b6d45522873d33f#1"].title == "关于加强全区街道（工业集中区）民政办规范化建设的意见"
    assert by_id["004_4b6d45522873d33f#4"].title == "霍山县乡镇工业集中区建设情况汇报"
    # A marker title specific to one piece may stand in for a missing own title...
    assert by_id["004_4b6d45522873d33f#5"].title == "乡镇工业集中区建设工作报告"
    # ...but markers repeating the collection's title never do.
    assert by_id["000_a523faac99280891#2"].marker_title == "政协调研汇报材料"
    assert by_id["000_a523faac99280891#2"].title is None
    assert all(p.title is None for p in by_id.values() if p.source.startswith("003"))
    assert by_id["001_6291a9fa7e940a36#1"].marker_title is None


def test_seed_duplicates_are_linked_to_the_complete_piece(seed_pieces: list[Piece]) -> None:
    linked = {p.id: p.duplicate_of for p in link_duplicates(seed_pieces) if p.duplicate_of}
    assert linked == {
        f"{S003}#1": f"{S003}#10",  # the same speech; #10 holds it whole on one line
        f"{S003}#5": f"{S003}#11",  # only #11's closing paragraph
        f"{S003}#21": f"{S003}#8",  # the same report twice
    }


def test_linking_ignores_input_order_and_is_idempotent(seed_pieces: list[Piece]) -> None:
    once = link_duplicates(seed_pieces)
    shuffled = list(seed_pieces)
    random.Random(7).shuffle(shuffled)
    again = {p.id: p.duplicate_of for p in link_duplicates(shuffled)}
    assert {p.id: p.duplicate_of for p in once} == again
    assert link_duplicates(once) == once
    assert [p.id for p in once] == [p.id for p in seed_pieces]


# --- markers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "markers",
    [
        ["篇一：调研材料", "篇二：调研材料", "篇三：调研材料"],
        ["篇一:调研材料", "篇二:调研材料", "篇三:调研材料"],
        ["篇1", "篇2", "篇3"],
        ["1.项目发言 篇一", "2.项目发言 篇二", "3.项目发言 篇三"],
        ["会议讲话篇一", "会议讲话篇二", "会议讲话篇三"],
        ["第一篇：关于甲的意见", "第二篇：乙情况汇报", "第三篇：丙工作报告"],
        ["第1篇 甲", "第2篇 乙", "第3篇 丙"],
    ],
)
def test_every_marker_style_splits(markers: list[str]) -> None:
    lines = ["某网站", "范文大全"]
    for marker in markers:
        lines.append(marker)
        lines.extend(BODY)
    pieces = split_pieces(text_of(*lines))
    assert [p.index for p in pieces] == [1, 2, 3]
    assert all(p.part == 0 and [line.text for line in p.lines] == list(BODY) for p in pieces)
    assert all("某网站" not in p.text for p in pieces)


def test_a_body_line_with_pian_never_splits() -> None:
    lines = [
        "篇一：材料",
        *BODY,
        "刚才，钟燕同志把过去的五年作了很好的回顾、谋划开篇。",
        "这是其中的第二篇",
        "上一篇",
        *BODY,
        "篇二：材料",
        *BODY,
    ]
    pieces = split_pieces(text_of(*lines))
    assert [len(p.lines) for p in pieces] == [2 * len(BODY) + 3, len(BODY)]


def test_a_file_without_markers_is_one_document() -> None:
    lines = ["关于做好秋季防火工作的通知", *BODY]
    (piece,) = split_pieces(text_of(*lines, path="/tmp/a/user.txt"))
    assert (piece.source, piece.index, piece.part) == ("user.txt", 1, 0)
    assert piece.id == "user#1"
    assert piece.title == "关于做好秋季防火工作的通知"
    assert piece.marker_title is None
    assert len(piece.lines) == len(lines)


def test_footer_scraps_after_the_last_piece_are_dropped() -> None:
    lines = ["篇1", *BODY, "篇2", *BODY, "相关推荐", "某某工作总结范文", "2", "共", "3", "页"]
    pieces = split_pieces(text_of(*lines))
    assert pieces[-1].lines[-1].text == BODY[-1]


def test_a_toc_before_the_pieces_does_not_split() -> None:
    lines = ["篇一：甲", "篇二：乙", *["正文一" + b for b in BODY], "篇一：甲", *BODY, "篇二：乙", *BODY]
    pieces = split_pieces(text_of(*lines))
    assert len(pieces) == 2
    assert [p.text for p in pieces] == ["\n".join(BODY)] * 2


def test_title_broken_over_two_lines_is_joined() -> None:
    lines = ["篇一：x", "关于加强全市社区", "建设工作的意见", *BODY, "篇二：x", *BODY]
    assert split_pieces(text_of(*lines))[0].title == "关于加强全市社区建设工作的意见"


SPEECH = (
    "同志们：",
    "这次会议是经市委研究决定召开的一次重要会议，主要任务是总结去年工作，部署今年任务。" * 3,
    "一、统一思想，提高认识",
    "各级各部门要充分认识做好这项工作的重要性和紧迫性，切实把思想和行动统一到市委的决策部署上来。" * 3,
    "二、突出重点，狠抓落实",
    "要紧紧围绕年度目标任务，细化工作措施，明确责任分工，确保各项工作落到实处、取得实效。" * 3,
)


def test_glued_speeches_split_at_a_salutation_after_a_closing() -> None:
    first = (*SPEECH, "同志们，让我们团结一心，为全面完成今年的目标任务而努力奋斗！")
    second = (*SPEECH, "谢谢大家！")
    pieces = split_pieces(text_of("篇1", *first, *second))
    assert [(p.index, p.part) for p in pieces] == [(1, 1), (1, 2)]
    assert [len(p.lines) for p in pieces] == [len(first), len(second)]


def test_glued_speech_without_salutation_splits_after_a_final_closing() -> None:
    first = (*SPEECH, "同志们，让我们团结一心，为全面完成今年的目标任务作出新的更大贡献！")
    pieces = split_pieces(text_of(*first, *SPEECH[1:]))
    assert [p.part for p in pieces] == [1, 2]
    assert pieces[1].lines[0].text == SPEECH[1]


def test_closing_paragraph_with_salutation_stays_in_its_speech() -> None:
    lines = (*SPEECH, "同志们：", "做好今年的工作意义重大，以优异成绩迎接党的胜利召开！", "谢谢大家！")
    (piece,) = split_pieces(text_of(*lines))
    assert piece.part == 0


def test_a_salutation_heading_a_long_closing_section_does_not_split() -> None:
    closing = "做好今年的工作意义重大，各级各部门要以更加饱满的热情、更加务实的作风抓好各项任务落实。" * 3
    lines = (*SPEECH, "同志们：", closing, closing, closing, closing)
    (piece,) = split_pieces(text_of(*lines))
    assert piece.part == 0


def test_a_file_of_nothing_but_scraps_has_no_documents() -> None:
    assert split_pieces(text_of()) == []
    assert split_pieces(text_of("篇1", "共", "3", "页")) == []


def test_exact_copy_and_fragment_are_linked_but_shared_boilerplate_is_not() -> None:
    long = split_pieces(text_of(*SPEECH, *BODY, path="a.txt"))[0]
    copy = split_pieces(text_of(*SPEECH, *BODY, path="b.txt"))[0]
    fragment = split_pieces(text_of(*BODY[:3], path="c.txt"))[0]
    other = split_pieces(text_of(BODY[0], "完全不同的内容在这里出现，讲的是另一件事情，和前面的文字没有任何关系。" * 3,
                                 "第二段也是全新的内容，描述了别的工作安排和具体的时间节点要求。" * 3, path="d.txt"))[0]
    linked = {p.id: p.duplicate_of for p in link_duplicates([fragment, copy, long, other])}
    assert linked == {"c#1": "a#1", "b#1": "a#1", "a#1": None, "d#1": None}


# --- properties --------------------------------------------------------------

_CN = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    tens, ones = divmod(n, 10)
    if n < 10:
        return _CN[n]
    head = "" if tens == 1 else _CN[tens]
    return head + "十" + (_CN[ones] if ones else "")


@given(st.integers(min_value=1, max_value=99))
def test_numbers_read_back_in_both_scripts(n: int) -> None:
    assert parse_number(to_chinese(n)) == n
    assert parse_number(str(n)) == n


_SAFE = st.text(alphabet="的工作推进发展建设项目要求我们全面加强管理服务，。", min_size=20, max_size=80).filter(
    lambda s: "篇" not in s and not s.startswith("同志")
)


_STYLES = (
    lambda n: f"篇{to_chinese(n)}",
    lambda n: f"篇{n}",
    lambda n: f"第{to_chinese(n)}篇：材料",
    lambda n: f"{n}.材料 篇{to_chinese(n)}",
    lambda n: f"材料篇{to_chinese(n)}",
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(_SAFE, min_size=1, max_size=4), min_size=1, max_size=12), st.sampled_from(_STYLES))
def test_split_recovers_any_collection(bodies: list[list[str]], style: Callable[[int], str]) -> None:
    lines: list[str] = ["网站标题"]
    for number, body in enumerate(bodies, start=1):
        lines.append(style(number))
        lines.extend(body)
    pieces = split_pieces(text_of(*lines))
    assert [p.index for p in pieces] == list(range(1, len(bodies) + 1))
    assert [p.text for p in pieces] == ["\n".join(b) for b in bodies]
