"""Markdown -> 公文 blocks, and automatic heading numbering."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from drafter.render.mdparse import (
    Addressee,
    Attachment,
    Date,
    Heading,
    ListItem,
    Paragraph,
    Signature,
    Subtitle,
    Title,
    chinese_numeral,
    number_headings,
    parse_chinese_numeral,
    parse_markdown,
    split_heading_number,
)

REPORT = """# 关于2025年招商引资工作情况的汇报

市委、市政府：

现将有关情况汇报如下：

## 一、基本情况

正文**加粗**段落
接着写。

### （一）加强组织领导

#### 1. 细化任务分工

##### （1）建立台账

###### 更深的标题

- 列表项
- 第二项

1. 有序一
2. 有序二

附件：1. 某某名单

某某县商务局

2025年12月20日
"""


def test_report_blocks_get_their_roles() -> None:
    blocks = parse_markdown(REPORT)
    assert blocks[0] == Title("关于2025年招商引资工作情况的汇报")
    assert blocks[1] == Addressee("市委、市政府：")
    assert blocks[2] == Paragraph((("现将有关情况汇报如下：", False),))
    assert blocks[3] == Heading(1, "一、基本情况")
    # Bold survives; a newline inside a Chinese paragraph joins without a space.
    assert blocks[4] == Paragraph((("正文", False), ("加粗", True), ("段落接着写。", False)))
    assert [b.level for b in blocks if isinstance(b, Heading)] == [1, 2, 3, 4, 4]
    items = [b for b in blocks if isinstance(b, ListItem)]
    assert [(i.marker, i.text) for i in items] == [("", "列表项"), ("", "第二项"), ("1.", "1.有序一"), ("2.", "2.有序二")]
    assert blocks[-3:] == [Attachment(("附件：1. 某某名单",)), Signature("某某县商务局"), Date("2025年12月20日")]


def test_line_numbers_point_at_the_source() -> None:
    blocks = parse_markdown(REPORT)
    assert blocks[0].line == 1 and blocks[3].line == 7
    assert blocks[-1].line == 30


def test_speech_subtitles_and_no_signature() -> None:
    blocks = parse_markdown(
        "# 在全县工作会议上的讲话\n\n——县长 王某\n\n（2025年12月20日）\n\n同志们：\n\n讲几点意见。\n\n谢谢大家！\n"
    )
    assert blocks[1:4] == [Subtitle("——县长 王某"), Subtitle("（2025年12月20日）"), Addressee("同志们：")]
    assert not any(isinstance(b, (Signature, Date)) for b in blocks)


def test_addressee_needs_a_short_line_ending_with_colon() -> None:
    long_line = "现将" + "很长的内容" * 10 + "汇报如下："
    blocks = parse_markdown(f"# 标题\n\n{long_line}\n")
    assert isinstance(blocks[1], Paragraph)
    blocks = parse_markdown("# 标题\n\n根据安排。现汇报如下：\n")
    assert isinstance(blocks[1], Paragraph)


def test_signature_and_date_in_one_paragraph() -> None:
    blocks = parse_markdown("# 标题\n\n正文。\n\n某某县人民政府\n2025年1月5日\n")
    assert blocks[-2:] == [Signature("某某县人民政府"), Date("2025年1月5日")]


def test_date_alone_and_sentence_before_it() -> None:
    blocks = parse_markdown("# 标题\n\n以上汇报，请批评指正。\n\n2025年1月5日\n")
    assert isinstance(blocks[-2], Paragraph) and blocks[-1] == Date("2025年1月5日")


def test_attachment_list_continues() -> None:
    blocks = parse_markdown("# 标题\n\n正文。\n\n附件：1. 名单\n2. 清单\n\n3. 方案\n")
    assert blocks[-1] == Attachment(("附件：1. 名单", "2. 清单", "3. 方案"))


def test_first_heading_is_the_title_even_when_deeper() -> None:
    blocks = parse_markdown("## 工作要点\n\n## 一、目标\n")
    assert blocks == [Title("工作要点"), Heading(1, "一、目标")]


def test_number_headings_restarts_under_each_parent() -> None:
    markdown = (
        "# 标题\n\n## 基本情况\n\n### 甲\n\n### （五）乙\n\n#### 3、丙\n\n## 三、问题\n\n### 丁\n\n"
        "##### 戊\n\n```\n## 代码里的不算\n```\n"
    )
    numbered = number_headings(markdown)
    headings = [line for line in numbered.splitlines() if line.startswith("##")]
    assert headings == [
        "## 一、基本情况",
        "### （一）甲",
        "### （二）乙",
        "#### 1.丙",
        "## 二、问题",
        "### （一）丁",
        "##### （1）戊",
        "## 代码里的不算",
    ]
    assert numbered.startswith("# 标题\n")


@given(
    st.lists(
        st.tuples(st.integers(min_value=2, max_value=6), st.text(alphabet="工作情况一二三（）1.、 ", min_size=1, max_size=8)),
        max_size=12,
    )
)
def test_number_headings_is_idempotent(headings: list[tuple[int, str]]) -> None:
    markdown = "# 标题\n\n" + "\n\n".join(f"{'#' * depth} {text}" for depth, text in headings)
    once = number_headings(markdown)
    assert number_headings(once) == once


@given(st.integers(min_value=1, max_value=999))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert parse_chinese_numeral(chinese_numeral(n)) == n


def test_split_heading_number_styles() -> None:
    cases = {
        "一、概况": ("cn", 1),
        "（十二）措施": ("paren_cn", 12),
        "(三)措施": ("paren_cn", 3),
        "3.细化": ("arabic", 3),
        "3、细化": ("arabic", 3),
        "（4）台账": ("paren_arabic", 4),
    }
    for text, expected in cases.items():
        number = split_heading_number(text)
        assert number is not None and (number.style, number.value) == expected, text
    assert split_heading_number("3.5亿元投资") is None
    assert split_heading_number("加强领导") is None


def test_heading_numbers_agree_with_outline() -> None:
    from drafter.outline import format_number as outline_format
    from drafter.render.mdparse import LEVEL_STYLES, format_number

    for style in LEVEL_STYLES.values():
        for n in range(1, 100):
            assert format_number(style, n) == outline_format(style, n)
