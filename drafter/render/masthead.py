"""版头 and 版记 of a document issued as a 文件 (GB/T 9704-2012 §7.2, §7.4, §10), as document.xml text.

The numbers are /work/shared/gbt9704.md's:
- 发文机关标志: its top edge 35 mm under the top of the text block (GB/T 9704
  7.2.4 says 版心上边缘; gbt9704.md's "paper's top" misreads it), 小标宋 in red, centred, each character at most 15 mm high
  (42 pt), narrowed when a long name would not fit the 156 mm line; joint
  issuers stacked, the host first, with 文件 centred against them on the right;
- 发文字号 two lines under it, centred; with 签发人 (上行文) the 字号 sits one
  character in from the left and 签发人：name (name in 楷体) one in from the right;
- the red separator under the 字号 across the text block, then two blank lines to the title;
- 版记: 4号 (14 pt) 仿宋 between rules (first and last 0.35 mm, middle 0.25 mm),
  抄送 one character in with wrapped lines under the first 机关, 印发机关 left
  and 印发日期 right, one character in each; floating to the bottom of the last page
  (see colophon_xml for LibreOffice).
"""

from __future__ import annotations

import math

from drafter.render.docx import BODY_SIZE_PT, LINE_PITCH, PAGE_WIDTH
from drafter.render.frontmatter import FrontMatter
from drafter.render.writer import _attr, _run, _run_content
from drafter.settings import Fonts, Margins

RED = "FF0000"
MARK_TOP_MM = 35
ISSUER_MAX_PT = 42  # 15 mm a character
ISSUER_MIN_PT = 30  # below this a long name is narrowed instead of shrunk
COLOPHON_PT = 14  # 4号
SEPARATOR_EIGHTHS = 12  # 1.5 pt red line
RULE_THICK, RULE_THIN = 8, 6  # eighths of a point: 0.35 mm and 0.26 mm
COLOPHON_LINE, COLOPHON_PAD = 400, 80  # a 20 pt line with 4 pt above and below


def text_width_twips(margins: Margins) -> int:
    return PAGE_WIDTH - margins.twips("left") - margins.twips("right")


def masthead_xml(front: FrontMatter, issuers: tuple[str, ...], fonts: Fonts, margins: Margins) -> str:
    """发文机关标志, 发文字号 (with 签发人) and the red separator: what precedes the title."""
    width = text_width_twips(margins)
    if len(issuers) > 1:
        size = _issuer_size(max(len(name) for name in issuers) + 2.5, width)[0]
        mark = _joint_mark(issuers, fonts, width)
    else:
        size = _issuer_size(len(issuers[0]) + 2, width)[0]
        mark = _single_mark(issuers[0], fonts, width)
    return _space_above_mark(size) + mark + _number_line(front, fonts, width)


def _space_above_mark(size: int) -> str:
    """An empty line tall enough that the 标志's glyphs start 35 mm under the text block's top.

    The 标志's own exact-height line has spare room (1.2 × the size) and its glyphs
    sit in the middle of it, so half of that is taken off here (checked in
    LibreOffice: the ink starts 72 mm from the paper's top).
    """
    gap = round(MARK_TOP_MM * 56.7) - (_mark_line(size) - size * 20) // 2
    return (
        f'<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="{gap}" '
        'w:lineRule="exact"/></w:pPr></w:p>'
    )


def _mark_line(size: int) -> int:
    return round(size * 20 * 1.2)


def _issuer_size(chars: float, width: int) -> tuple[int, int]:
    """(font size in pt, horizontal scale in %) for `chars` characters within `width` twips."""
    fits = (width - 2 * BODY_SIZE_PT * 20) / (max(chars, 1) * 20)
    size = int(min(ISSUER_MAX_PT, fits))
    if size >= ISSUER_MIN_PT:
        return size, 100
    return ISSUER_MIN_PT, max(33, math.floor(fits / ISSUER_MIN_PT * 100))


def _issuer_run(text: str, fonts: Fonts, size: int, scale: int) -> str:
    scaled = f'<w:w w:val="{scale}"/>' if scale != 100 else ""
    return (
        f'<w:r><w:rPr><w:rFonts w:ascii="{_attr(fonts.latin)}" w:hAnsi="{_attr(fonts.latin)}" '
        f'w:eastAsia="{_attr(fonts.issuer)}" w:cs="{_attr(fonts.latin)}" w:hint="eastAsia"/>'
        f'<w:color w:val="{RED}"/><w:spacing w:val="0"/>{scaled}<w:sz w:val="{size * 2}"/>'
        f"<w:szCs w:val=\"{size * 2}\"/></w:rPr>{_run_content(text)}</w:r>"
    )


def _mark_paragraph(runs: str, size: int, jc: str) -> str:
    line = _mark_line(size)
    return (
        f'<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="{line}" '
        f'w:lineRule="exact"/><w:jc w:val="{jc}"/></w:pPr>{runs}</w:p>'
    )


def _single_mark(issuer: str, fonts: Fonts, width: int) -> str:
    text = f"{issuer}文件"
    size, scale = _issuer_size(len(text), width)
    return _mark_paragraph(_issuer_run(text, fonts, size, scale), size, "center")


def _joint_mark(issuers: tuple[str, ...], fonts: Fonts, width: int) -> str:
    """Names stacked (each spread to the longest one's width), 文件 centred against them on the right."""
    longest = max(len(name) for name in issuers)
    size, scale = _issuer_size(longest + 2.5, width)
    char = size * 20 * scale // 100
    names_width, word_width = longest * char, round(2.5 * char)
    names = "".join(
        _mark_paragraph(_issuer_run(name, fonts, size, scale), size, "distribute") for name in issuers
    )
    word = _mark_paragraph(_issuer_run("文件", fonts, size, scale), size, "right")

    def cell(w: int, content: str) -> str:
        return f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>{content}</w:tc>'

    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{names_width + word_width}" w:type="dxa"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
        f'</w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w="{names_width}"/><w:gridCol w:w="{word_width}"/>'
        f"</w:tblGrid><w:tr>{cell(names_width, names)}{cell(word_width, word)}</w:tr></w:tbl>"
    )


def _number_line(front: FrontMatter, fonts: Fonts, width: int) -> str:
    char = BODY_SIZE_PT * 20
    border = (
        f'<w:pBdr><w:bottom w:val="single" w:sz="{SEPARATOR_EIGHTHS}" w:space="8" w:color="{RED}"/></w:pBdr>'
    )
    spacing = f'<w:spacing w:before="{2 * LINE_PITCH}" w:after="{2 * LINE_PITCH}" w:line="{LINE_PITCH}" w:lineRule="exact"/>'
    if not front.签发人:
        ppr = border + spacing + '<w:jc w:val="center"/>'
        return f"<w:p><w:pPr>{ppr}</w:pPr>{_run(front.文号, fonts.body, fonts)}</w:p>"
    tabs = f'<w:tabs><w:tab w:val="left" w:pos="{char}"/><w:tab w:val="right" w:pos="{width - char}"/></w:tabs>'
    ppr = border + tabs + spacing + '<w:jc w:val="left"/>'
    runs = (
        _run(f"\t{front.文号}\t", fonts.body, fonts)
        + _run("签发人：", fonts.body, fonts)
        + _run("　".join(front.签发人), fonts.heading2, fonts)
    )
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"


def colophon_xml(front: FrontMatter, printer: str, date: str, fonts: Fonts, margins: Margins) -> str:
    """版记 as a table floating to the bottom of the text block of the last page.

    Word places it there; LibreOffice 7.4 lays a full-width floating table inline,
    so there it follows the 附注 directly (rules and content as the standard has
    them, only not pushed to the page bottom). A table may not end the body: the
    empty paragraph after it is its anchor.
    """
    width = text_width_twips(margins)
    char = COLOPHON_PT * 20
    rows = []
    if front.抄送:
        text = "抄送：" + "，".join(name.rstrip("，。；, ") for name in front.抄送) + "。"
        ind = f'<w:ind w:left="{char + 3 * char}" w:right="{char}" w:hanging="{3 * char}"/>'
        rows.append(_colophon_row(_colophon_run(text, fonts), ind, "", width))
    ind = f'<w:ind w:left="{char}" w:right="{char}"/>'
    tabs = f'<w:tabs><w:tab w:val="right" w:pos="{width - char}"/></w:tabs>'
    rows.append(_colophon_row(_colophon_run(f"{printer}\t{date}印发", fonts), ind, tabs, width))
    borders = (
        _rule("top", RULE_THICK) + '<w:left w:val="nil"/>' + _rule("bottom", RULE_THICK)
        + '<w:right w:val="nil"/>' + _rule("insideH", RULE_THIN) + '<w:insideV w:val="nil"/>'
    )
    anchor = (
        '<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="20" '
        'w:lineRule="exact"/></w:pPr></w:p>'
    )
    return (
        '<w:tbl><w:tblPr><w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0" '
        'w:vertAnchor="margin" w:horzAnchor="margin" w:tblpXSpec="center" w:tblpYSpec="bottom"/>'
        f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>{"".join(rows)}</w:tbl>'
        + anchor
    )


def _rule(side: str, eighths: int) -> str:
    return f'<w:{side} w:val="single" w:sz="{eighths}" w:space="0" w:color="000000"/>'


def _colophon_row(run: str, ind: str, tabs: str, width: int) -> str:
    ppr = (
        # keepNext: the rows of the 版记 never part.
        f'<w:keepNext/>{tabs}<w:snapToGrid w:val="0"/><w:spacing w:before="{COLOPHON_PAD}" w:after="{COLOPHON_PAD}" '
        f'w:line="{COLOPHON_LINE}" w:lineRule="exact"/>{ind}<w:jc w:val="left"/>'
    )
    return (
        '<w:tr><w:trPr><w:cantSplit/></w:trPr>'
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr>{ppr}</w:pPr>{run}</w:p></w:tc></w:tr>'
    )


def _colophon_run(text: str, fonts: Fonts) -> str:
    latin = _attr(fonts.latin)
    return (
        f'<w:r><w:rPr><w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{_attr(fonts.body)}" '
        f'w:cs="{latin}" w:hint="eastAsia"/><w:sz w:val="{COLOPHON_PT * 2}"/></w:rPr>{_run_content(text)}</w:r>'
    )
