"""公文 blocks -> a GB/T 9704-2012 .docx (see ../shared/gbt9704.md for the numbers).

Starts from python-docx's default template and restyles Word's built-in styles
(Title, Subtitle, Heading 1-4, Normal, Body Text, Footer) so that Word's
navigation pane, TOC and style gallery keep working. East Asian fonts are
written explicitly on docDefaults, styles and runs, and every theme-font
attribute is stripped, because Word otherwise falls back to the template
theme's fonts (MS Mincho) for CJK text.

The output is deterministic: same Markdown and settings -> same bytes.
"""

from __future__ import annotations

import io
import math
import zipfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter.render.mdparse import (
    LINE_BREAK,
    Addressee,
    Attachment,
    Block,
    Date,
    Heading,
    ListItem,
    Paragraph,
    Run,
    Signature,
    Subtitle,
    Title,
    parse_markdown,
)
from drafter.settings import Fonts, Settings

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

# Page (twips): A4 and the 156 x 225 mm text block.
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_TOP, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_BOTTOM = 2098, 1588, 1474, 1984
# The footer's bottom edge sits ~25 mm above the paper edge, so the page number's
# dash line lands ~7 mm under the text block (whose bottom is 35 mm up).
FOOTER_DISTANCE = 1418
HEADER_DISTANCE = 851
LINE_PITCH = 579  # 225 mm / 22 lines = 28.95 pt
CONDENSE_TWENTIETHS = -5  # -0.25 pt a character: 28 characters fit a line
BODY_SIZE_PT = 16  # 3号
TITLE_SIZE_PT = 22  # 2号
PAGE_NUMBER_SIZE_PT = 14  # 4号
CHAR_TWIPS = BODY_SIZE_PT * 20  # one body character, for twip fallbacks of *Chars indents
TEXT_WIDTH_TWIPS = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
# ~20 characters a title line in theory; one character of margin, because a
# title that fits only to the point wraps its last character alone wherever the
# installed fonts run a little wider than the standard's.
TITLE_LINE_CHARS = TEXT_WIDTH_TWIPS / (TITLE_SIZE_PT * 20) - 1
# python-docx stamps "now" into docProps; a constant keeps output reproducible.
FIXED_TIME = datetime(2000, 1, 1, 0, 0, 0)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

THEME_FONT_ATTRS = ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme")
BODY_STYLE = "Body Text"
HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3", "Heading 4")


# ---------------------------------------------------------------- public API


def build_document(markdown: str, settings: Settings | None = None) -> "DocxDocument":
    """Typeset Markdown as a 公文 (pure: builds the document in memory)."""
    import docx

    fonts = (settings or Settings()).fonts
    document = docx.Document()
    _drop_styles_with_effects(document)
    _setup_page(document)
    _setup_styles(document, fonts)
    _setup_page_numbers(document, fonts)
    blocks = parse_markdown(markdown)
    for index, block in enumerate(blocks):
        previous = blocks[index - 1] if index else None
        _add_block(document, block, previous, blocks, fonts)
    _fix_core_properties(document, blocks)
    return document


def render_docx(
    markdown: str, out: Path, *, settings: Settings | None = None, force: bool = False
) -> Path:
    """Typeset Markdown and write it to `out` atomically (refuses to overwrite without force)."""
    from drafter.fsutil import atomic_write

    out = Path(out)
    if out.exists() and not force:
        # Fail before the (slower) typesetting; atomic_write checks again.
        atomic_write(out, b"", force=False)
    atomic_write(out, document_bytes(build_document(markdown, settings)), force=force)
    return out


def document_bytes(document: "DocxDocument") -> bytes:
    """Serialise with fixed zip timestamps so identical documents give identical bytes."""
    raw = io.BytesIO()
    document.save(raw)
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(
        fixed, "w", compression=zipfile.ZIP_DEFLATED
    ) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return fixed.getvalue()


# ---------------------------------------------------------------- XML helpers


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement

    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(_qn(f"w:{key}"), value)
    return element


def set_run_fonts(rpr: Any, east_asia: str, latin: str) -> None:
    """Explicit fonts for every script plus hint=eastAsia (quotes, dashes, …… use CJK)."""
    rfonts = rpr.get_or_add_rFonts()
    for name in list(rfonts.attrib):
        del rfonts.attrib[name]
    rfonts.set(_qn("w:ascii"), latin)
    rfonts.set(_qn("w:hAnsi"), latin)
    rfonts.set(_qn("w:eastAsia"), east_asia)
    rfonts.set(_qn("w:cs"), latin)
    rfonts.set(_qn("w:hint"), "eastAsia")


def _remove_children(parent: Any, *tags: str) -> None:
    if parent is None:
        return
    for tag in tags:
        for child in parent.findall(_qn(tag)):
            parent.remove(child)


def _set_indent(ppr: Any, **chars: float) -> None:
    """Indent in characters (firstLine/left/right), with twip fallbacks for older readers."""
    ind = ppr.get_or_add_ind()
    for name in list(ind.attrib):
        del ind.attrib[name]
    for side, count in chars.items():
        ind.set(_qn(f"w:{side}Chars"), str(round(count * 100)))
        ind.set(_qn(f"w:{side}"), str(round(count * CHAR_TWIPS)))


def _set_exact_spacing(ppr: Any, before: int = 0, after: int = 0, line: int = LINE_PITCH) -> None:
    spacing = ppr.get_or_add_spacing()
    for name in list(spacing.attrib):
        del spacing.attrib[name]
    spacing.set(_qn("w:before"), str(before))
    spacing.set(_qn("w:after"), str(after))
    spacing.set(_qn("w:line"), str(line))
    spacing.set(_qn("w:lineRule"), "exact")


# ---------------------------------------------------------------- setup


def _drop_styles_with_effects(document: "DocxDocument") -> None:
    # Word 2010's copy of styles.xml, full of theme fonts; Word rebuilds it when needed.
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(rel_id)


def _setup_page(document: "DocxDocument") -> None:
    from docx.shared import Twips

    section = document.sections[0]
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Twips(MARGIN_TOP), Twips(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Twips(MARGIN_LEFT), Twips(MARGIN_RIGHT)
    section.header_distance, section.footer_distance = Twips(HEADER_DISTANCE), Twips(FOOTER_DISTANCE)
    section.gutter = Twips(0)
    sect_pr = section._sectPr
    _remove_children(sect_pr, "w:docGrid")
    sect_pr.append(_el("w:docGrid", type="lines", linePitch=str(LINE_PITCH)))


def _setup_styles(document: "DocxDocument", fonts: Fonts) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    styles = document.styles
    root = styles.element
    _strip_theme_fonts(root)
    _setup_doc_defaults(root, fonts)

    normal = styles["Normal"]
    _style_run(normal, fonts.body, fonts.latin, BODY_SIZE_PT)
    ppr = normal.element.get_or_add_pPr()
    _remove_children(ppr, "w:widowControl")
    # Widow control would push lines to the next page and break the 22-lines grid.
    ppr.insert(0, _el("w:widowControl", val="0"))
    _set_exact_spacing(ppr)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    body = styles[BODY_STYLE]
    body_ppr = body.element.get_or_add_pPr()
    _set_exact_spacing(body_ppr)
    _set_indent(body_ppr, firstLine=2)

    title = styles["Title"]
    _style_run(title, fonts.title, fonts.latin, TITLE_SIZE_PT)
    title_ppr = title.element.get_or_add_pPr()
    _remove_children(title_ppr, "w:pBdr", "w:contextualSpacing")
    _set_exact_spacing(title_ppr, line=_title_line_pitch())
    _remove_children(title_ppr, "w:snapToGrid")
    # Off the line grid, or LibreOffice snaps each 35 pt title line to two grid lines.
    title_ppr.find(_qn("w:spacing")).addprevious(_el("w:snapToGrid", val="0"))
    _set_indent(title_ppr)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.keep_with_next = True

    subtitle = styles["Subtitle"]
    _style_run(subtitle, fonts.heading2, fonts.latin, BODY_SIZE_PT)
    sub_ppr = subtitle.element.get_or_add_pPr()
    _remove_children(sub_ppr, "w:numPr")
    _set_exact_spacing(sub_ppr)
    _set_indent(sub_ppr)
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.keep_with_next = True

    for level, name in enumerate(HEADING_STYLES, start=1):
        heading = styles[name]
        _style_run(heading, fonts.for_heading(level), fonts.latin, BODY_SIZE_PT)
        heading_ppr = heading.element.get_or_add_pPr()
        _set_exact_spacing(heading_ppr)
        _set_indent(heading_ppr, firstLine=2)
        heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.keep_together = True

    footer = styles["Footer"]
    _style_run(footer, fonts.page_number, fonts.page_number, PAGE_NUMBER_SIZE_PT)
    footer_ppr = footer.element.get_or_add_pPr()
    _remove_children(footer_ppr, "w:tabs")
    footer.paragraph_format.space_before = Pt(0)
    footer.paragraph_format.space_after = Pt(0)
    footer.paragraph_format.line_spacing = 1.0
    _set_indent(footer_ppr)


def _title_line_pitch() -> int:
    # A 22 pt title on the 28.95 pt body grid looks cramped over several lines;
    # 35 pt (700 twips), off the grid, is the common practice for 2号 titles.
    return 700


def _style_run(style: Any, east_asia: str, latin: str, size_pt: float) -> None:
    from docx.shared import Pt

    rpr = style.element.get_or_add_rPr()
    set_run_fonts(rpr, east_asia, latin)
    _remove_children(rpr, "w:color", "w:b", "w:bCs", "w:i", "w:iCs", "w:spacing", "w:kern")
    style.font.size = Pt(size_pt)
    style.font.bold = False
    rpr.append(_el("w:color", val="000000"))
    _reorder_rpr(rpr)


# CT_RPr children must follow the schema order; appended ones are put back in place.
_RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()


def _reorder_rpr(rpr: Any) -> None:
    rank = {_qn(f"w:{name}"): i for i, name in enumerate(_RPR_ORDER)}
    children = list(rpr)
    children.sort(key=lambda child: rank.get(child.tag, len(rank)))
    for child in children:
        rpr.remove(child)
        rpr.append(child)


def _strip_theme_fonts(root: Any) -> None:
    for rfonts in list(root.iter(_qn("w:rFonts"))):
        for attr in THEME_FONT_ATTRS:
            rfonts.attrib.pop(_qn(f"w:{attr}"), None)
        if not rfonts.attrib:
            rfonts.getparent().remove(rfonts)


def _setup_doc_defaults(root: Any, fonts: Fonts) -> None:
    defaults = root.find(_qn("w:docDefaults"))
    if defaults is not None:
        root.remove(defaults)
    defaults = _el("w:docDefaults")
    rpr_default = _el("w:rPrDefault")
    rpr = _el("w:rPr")
    rfonts = _el(
        "w:rFonts", ascii=fonts.latin, hAnsi=fonts.latin, eastAsia=fonts.body, cs=fonts.latin, hint="eastAsia"
    )
    rpr.append(rfonts)
    # 28 characters of 3号 (16 pt) are 448 pt, the 156 mm text block is 442 pt:
    # condensing every character by 0.25 pt gives the standard's 28 a line in
    # Word, WPS and LibreOffice alike (a linesAndChars grid does it only in Word).
    rpr.append(_el("w:spacing", val=str(CONDENSE_TWENTIETHS)))
    rpr.append(_el("w:kern", val="2"))
    rpr.append(_el("w:sz", val=str(BODY_SIZE_PT * 2)))
    rpr.append(_el("w:szCs", val=str(BODY_SIZE_PT * 2)))
    rpr.append(_el("w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    rpr_default.append(rpr)
    ppr_default = _el("w:pPrDefault")
    ppr = _el("w:pPr")
    ppr.append(_el("w:spacing", after="0", line="240", lineRule="auto"))
    ppr_default.append(ppr)
    defaults.append(rpr_default)
    defaults.append(ppr_default)
    root.insert(0, defaults)


def _setup_page_numbers(document: "DocxDocument", fonts: Fonts) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _set_indent(odd._p.get_or_add_pPr(), right=1 * PAGE_NUMBER_SIZE_PT / BODY_SIZE_PT)
    _page_number_runs(odd, fonts)
    even = section.even_page_footer.paragraphs[0]
    even.style = document.styles["Footer"]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _set_indent(even._p.get_or_add_pPr(), left=1 * PAGE_NUMBER_SIZE_PT / BODY_SIZE_PT)
    _page_number_runs(even, fonts)


def _page_number_runs(paragraph: Any, fonts: Fonts) -> None:
    """`— N —` with N a PAGE field; 宋体 for dashes and digits alike."""
    from docx.shared import Pt

    def run(text: str = "") -> Any:
        r = paragraph.add_run(text)
        set_run_fonts(r._r.get_or_add_rPr(), fonts.page_number, fonts.page_number)
        r.font.size = Pt(PAGE_NUMBER_SIZE_PT)
        return r

    run("— ")
    run()._r.append(_el("w:fldChar", fldCharType="begin"))
    instr = _el("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    run()._r.append(instr)
    run()._r.append(_el("w:fldChar", fldCharType="separate"))
    run("1")
    run()._r.append(_el("w:fldChar", fldCharType="end"))
    run(" —")


def _fix_core_properties(document: "DocxDocument", blocks: list[Block]) -> None:
    props = document.core_properties
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    props.author = "drafter"
    props.last_modified_by = "drafter"
    title = next((b.text for b in blocks if isinstance(b, Title)), "")
    props.title = title[:255]


# ---------------------------------------------------------------- blocks


def _add_block(
    document: "DocxDocument", block: Block, previous: Block | None, blocks: list[Block], fonts: Fonts
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if isinstance(block, Title):
        paragraph = document.add_paragraph(style="Title")
        lines = break_title(block.text)
        for i, line in enumerate(lines):
            run = _add_run(paragraph, line, fonts.title, fonts, size=TITLE_SIZE_PT)
            if i < len(lines) - 1:
                run.add_break()
        # One blank line between the title and what follows (GB/T 9704 7.3.1).
        _set_exact_spacing(paragraph._p.get_or_add_pPr(), after=LINE_PITCH, line=_title_line_pitch())
    elif isinstance(block, Subtitle):
        paragraph = document.add_paragraph(style="Subtitle")
        _add_run(paragraph, block.text, fonts.heading2, fonts)
    elif isinstance(block, Addressee):
        paragraph = document.add_paragraph(style="Normal")
        _add_run(paragraph, block.text, fonts.body, fonts)
    elif isinstance(block, Heading):
        _add_heading(document, block, fonts)
    elif isinstance(block, Paragraph):
        paragraph = document.add_paragraph(style=BODY_STYLE)
        _add_runs(paragraph, block.runs, fonts.body, fonts)
    elif isinstance(block, ListItem):
        paragraph = document.add_paragraph(style=BODY_STYLE)
        runs: tuple[Run, ...] = ((block.marker, False),) + block.runs if block.marker else block.runs
        _add_runs(paragraph, runs, fonts.body, fonts)
    elif isinstance(block, Attachment):
        _add_attachment(document, block, fonts)
    elif isinstance(block, (Signature, Date)):
        paragraph = document.add_paragraph(style="Normal")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        ppr = paragraph._p.get_or_add_pPr()
        first_of_closing = not isinstance(previous, (Signature, Date))
        _set_exact_spacing(ppr, before=LINE_PITCH if first_of_closing else 0)
        _set_indent(ppr, right=_closing_right_indent(block, blocks))
        # No automatic space between digits and 年/月/日, so the placement math holds
        # and the date reads 2025年12月2日 as the standard prints it.
        spacing = ppr.find(_qn("w:spacing"))
        spacing.addprevious(_el("w:autoSpaceDE", val="0"))
        spacing.addprevious(_el("w:autoSpaceDN", val="0"))
        _add_run(paragraph, block.text, fonts.body, fonts)


def _add_heading(document: "DocxDocument", block: Heading, fonts: Fonts) -> None:
    paragraph = document.add_paragraph(style=HEADING_STYLES[block.level - 1])
    head, rest = split_lead_sentence(block.text) if block.level >= 2 else (block.text, "")
    _add_run(paragraph, head, fonts.for_heading(block.level), fonts)
    if rest:
        # A lead-sentence heading runs on into body text, which keeps the body font.
        _add_run(paragraph, rest, fonts.body, fonts)


def split_lead_sentence(text: str) -> tuple[str, str]:
    """`（一）加强领导。各单位要……` -> (`（一）加强领导。`, `各单位要……`)."""
    cut = text.find("。")
    if cut == -1 or cut == len(text) - 1:
        return text, ""
    return text[: cut + 1], text[cut + 1 :]


def _add_attachment(document: "DocxDocument", block: Attachment, fonts: Fonts) -> None:
    first = document.add_paragraph(style=BODY_STYLE)
    _set_exact_spacing(first._p.get_or_add_pPr(), before=LINE_PITCH)
    _add_run(first, block.lines[0], fonts.body, fonts)
    for line in block.lines[1:]:
        # Further attachments line up under the first one's number: 2 + len("附件：").
        more = document.add_paragraph(style="Normal")
        _set_indent(more._p.get_or_add_pPr(), left=5)
        _add_run(more, line, fonts.body, fonts)


def _add_runs(paragraph: Any, runs: tuple[Run, ...], east_asia: str, fonts: Fonts) -> None:
    for text, bold in runs:
        pieces = text.split(LINE_BREAK)
        for i, piece in enumerate(pieces):
            run = _add_run(paragraph, piece, east_asia, fonts, bold=bold)
            if i < len(pieces) - 1:
                run.add_break()


def _add_run(
    paragraph: Any, text: str, east_asia: str, fonts: Fonts, *, bold: bool = False, size: float = BODY_SIZE_PT
) -> Any:
    from docx.shared import Pt

    run = paragraph.add_run(text)
    set_run_fonts(run._r.get_or_add_rPr(), east_asia, fonts.latin)
    run.font.size = Pt(size)
    if bold:
        run.bold = True
    return run


# ---------------------------------------------------------------- placement


def text_width(text: str) -> float:
    """Width in body characters: CJK and full-width = 1, ASCII (digits, Latin) = 0.5."""
    return sum(0.5 if ord(char) < 0x2000 else 1.0 for char in text)


def _closing_right_indent(block: Signature | Date, blocks: list[Block]) -> float:
    """Right indents (in characters) for the signature and date, without a seal.

    The signature sits 2 characters in from the right (gbt9704.md). The date goes
    under it: GB/T 9704 7.3.5.2 starts it 2 characters right of the signature's
    first character; when the date is too long for that (a short signature),
    it is centred under the signature instead.
    """
    if isinstance(block, Signature):
        return 2.0
    signature = next((b for b in blocks if isinstance(b, Signature)), None)
    if signature is None:
        return 2.0
    sig_w, date_w = text_width(signature.text), text_width(block.text)
    if date_w <= sig_w - 2:
        value = 2 + sig_w - 2 - date_w
    else:
        value = max(0.0, 2 + (sig_w - date_w) / 2)
    # Round to half characters: Word and LibreOffice both honour them.
    return math.floor(value * 2 + 0.5) / 2


# ---------------------------------------------------------------- title breaking

_NO_LINE_START = set("的地得之和与及并或等了、，。：；）》”")
_NO_LINE_END = ("关于", "对", "在", "和", "与", "及", "《", "“", "（")


def break_title(title: str, max_chars: float = TITLE_LINE_CHARS) -> list[str]:
    """Break a long title into 2-3 balanced lines without splitting a word.

    Breaks are tried first at phrase boundaries known from 公文 titles (after
    和 / 及 / 的 / 暨, after common heading words such as 工作 / 情况 / 建设);
    only when none gives a good shape is jieba loaded (it costs ~0.8 s) for
    general word boundaries. Among the allowed breaks the most even shape wins,
    which gives the trapezoid / diamond GB/T 9704 asks for.
    """
    if text_width(title) <= max_chars:
        return [title]
    if text_width(title) > 3 * max_chars:
        # Past three lines no shape is balanced anyway, and the search below grows with
        # the cube of the length: fill lines in one pass instead.
        return _fill_lines(title, max_chars)
    best = _best_break(title, _phrase_cuts(title), max_chars)
    if best is None or best[0] > _GOOD_ENOUGH:
        fallback = _best_break(title, _word_cuts(title), max_chars)
        if fallback is not None and (best is None or fallback[0] < best[0]):
            best = fallback
    return best[1] if best else [title]


_GOOD_ENOUGH = 4.5  # characters of imbalance a trapezoid may have


def _fill_lines(title: str, max_chars: float) -> list[str]:
    lines, start, width = [], 0, 0.0
    for index, char in enumerate(title):
        step = text_width(char)
        if width + step > max_chars and index > start:
            lines.append(title[start:index])
            start, width = index, 0.0
        width += step
    lines.append(title[start:])
    return lines


def _best_break(title: str, cuts: dict[int, float], max_chars: float) -> tuple[float, list[str]] | None:
    positions = sorted(cuts)
    lines_needed = min(3, math.ceil(text_width(title) / max_chars))
    candidates: list[tuple[int, ...]]
    if lines_needed <= 2:
        candidates = [(c,) for c in positions]
    else:
        candidates = [(a, b) for a in positions for b in positions if a < b]
    best: tuple[float, list[str]] | None = None
    for combo in candidates:
        bounds = (0, *combo, len(title))
        lines = [title[bounds[i] : bounds[i + 1]] for i in range(len(bounds) - 1)]
        cost = _title_cost(lines, max_chars) + sum(cuts[c] for c in combo)
        if best is None or cost < best[0]:
            best = (cost, lines)
    return best


def _title_cost(lines: list[str], max_chars: float) -> float:
    widths = [text_width(line) for line in lines]
    cost = max(widths) - min(widths)
    cost += sum(100 for w in widths if w > max_chars)
    cost += sum(10 for line in lines[1:] if line[0] in _NO_LINE_START)
    cost += sum(10 for line in lines[:-1] if line.endswith(_NO_LINE_END))
    if len(lines) == 3 and not (widths[1] >= widths[0] and widths[1] >= widths[2]):
        # Prefer a diamond (middle longest) over other three-line shapes.
        cost += 0.5
    return cost


_AFTER_CONJUNCTION = set("和及与暨并、的")
# Words that commonly close a phrase in 公文 titles; a break right after them is safe.
_PHRASE_TAILS = (
    "工作 情况 会议 大会 意见 方案 建设 环境 发展 问题 措施 领导 活动 任务 体系 机制 制度 能力 水平 "
    "质量 安全 服务 管理 改革 创新 治理 保护 产业 经济 项目 引资 党建 时代 精神 思想 行动 攻坚 推进 "
    "部署 年度 全县 全市 全省 全区 全镇 全乡 政府 党委 县委 市委 办公室 人民 振兴 文明 整治 检查 打算 "
    "要点 规划 计划 目标 重点 举措 成效 经验 总结 实施 考核 监督 落实 营商环境 高质量发展"
).split()


def _phrase_cuts(text: str) -> dict[int, float]:
    """Break positions known without a dictionary, each with its extra cost."""
    cuts: dict[int, float] = {}
    depth = 0
    for position in range(1, len(text)):
        char = text[position - 1]
        depth += (char in "《“（(") - (char in "》”）)")
        if depth > 0 or (char.isascii() and char.isalnum() and text[position].isascii()):
            continue
        if text.startswith("关于", position):
            cuts[position] = -1.0  # 某某县人民政府办公室|关于印发……
        elif char in _AFTER_CONJUNCTION and not _inside_tail(text, position):
            cuts[position] = -1.5
        elif any(text.startswith(tail, position - len(tail)) for tail in _PHRASE_TAILS) and not _inside_tail(
            text, position
        ):
            cuts[position] = 0.0
    return cuts


def _inside_tail(text: str, position: int) -> bool:
    """Whether position falls inside one of the known words (党的|建设 would split 党的建设)."""
    for word in _PHRASE_TAILS + ["党的建设", "党的领导", "目的", "的确"]:
        start = text.find(word, max(0, position - len(word) + 1))
        if start != -1 and start < position < start + len(word):
            return True
    return False


def _word_cuts(text: str) -> dict[int, float]:
    """Break positions between jieba words, each with the extra cost of breaking there."""
    import jieba

    from drafter.paths import configure_jieba

    configure_jieba()
    words = jieba.lcut(text, HMM=False)
    known = _phrase_cuts(text)
    cuts: dict[int, float] = {}
    position = 0
    depth = 0
    for word in words[:-1]:
        depth += sum(word.count(c) for c in "《“（(") - sum(word.count(c) for c in "》”）)")
        position += len(word)
        if depth > 0:
            continue  # never inside a quoted name or brackets
        cost = known.get(position, 1.0)
        if len(word) == 1 and word not in _AFTER_CONJUNCTION and not word.isdigit():
            cost += 3.0  # a one-character word clings to its neighbour: 大|检查
        cuts[position] = cost
    return cuts


# ---------------------------------------------------------------- reading back


def summarize_docx(path: Path) -> list[dict[str, Any]]:
    """What a reader sees of each body paragraph: text, style and effective formatting.

    Used for golden tests and by `drafter check`.
    """
    import docx

    document = docx.Document(str(path))
    defaults = doc_default_fonts(document)
    summary: list[dict[str, Any]] = []
    for paragraph in document.paragraphs:
        runs = [r for r in paragraph.runs if r.text]
        first = runs[0] if runs else None
        item: dict[str, Any] = {
            "text": paragraph_text(paragraph),
            "style": paragraph.style.name if paragraph.style is not None else None,
            "alignment": effective_alignment(paragraph),
            "indent": effective_indent(paragraph),
            "east_asia": effective_east_asia(paragraph, first, defaults),
            "size": effective_size(paragraph, first),
            "bold": [r.text for r in runs if effective_bold(paragraph, r)],
        }
        fonts = sorted({effective_east_asia(paragraph, r, defaults) or "" for r in runs})
        if len(fonts) > 1:
            item["east_asia_runs"] = fonts
        summary.append(item)
    return summary


def paragraph_text(paragraph: Any) -> str:
    """Paragraph text with line breaks as "\\n"."""
    parts: list[str] = []
    for element in paragraph._p.iter(_qn("w:t"), _qn("w:br"), _qn("w:tab")):
        if element.tag == _qn("w:t"):
            parts.append(element.text or "")
        elif element.tag == _qn("w:br"):
            parts.append("\n")
        else:
            parts.append("\t")
    return "".join(parts)


def _style_chain(style: Any) -> list[Any]:
    chain: list[Any] = []
    while style is not None and len(chain) < 20:
        chain.append(style)
        style = style.base_style
    return chain


def doc_default_fonts(document: Any) -> dict[str, str]:
    rfonts = document.styles.element.find(
        f"{_qn('w:docDefaults')}/{_qn('w:rPrDefault')}/{_qn('w:rPr')}/{_qn('w:rFonts')}"
    )
    if rfonts is None:
        return {}
    return {key.split("}")[1]: value for key, value in rfonts.attrib.items()}


def _rfonts_east_asia(rpr: Any) -> str | None:
    if rpr is None:
        return None
    rfonts = rpr.find(_qn("w:rFonts"))
    if rfonts is None:
        return None
    return rfonts.get(_qn("w:eastAsia"))


def effective_east_asia(paragraph: Any, run: Any, defaults: dict[str, str] | None = None) -> str | None:
    if run is not None:
        found = _rfonts_east_asia(run._r.rPr)
        if found:
            return found
    for style in _style_chain(paragraph.style):
        found = _rfonts_east_asia(style.element.rPr)
        if found:
            return found
    return (defaults or {}).get("eastAsia")


def effective_size(paragraph: Any, run: Any) -> float | None:
    if run is not None and run.font.size is not None:
        return float(run.font.size.pt)
    for style in _style_chain(paragraph.style):
        if style.font.size is not None:
            return float(style.font.size.pt)
    return None


def effective_bold(paragraph: Any, run: Any) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    for style in _style_chain(paragraph.style):
        if style.font.bold is not None:
            return bool(style.font.bold)
    return False


def effective_alignment(paragraph: Any) -> str | None:
    value = paragraph.paragraph_format.alignment
    if value is None:
        for style in _style_chain(paragraph.style):
            value = style.paragraph_format.alignment
            if value is not None:
                break
    return None if value is None else str(value.name).lower()


def effective_indent(paragraph: Any) -> dict[str, int]:
    """Character indents (hundredths) of the paragraph, its own w:ind first, then its styles'."""
    for holder in [paragraph._p] + [style.element for style in _style_chain(paragraph.style)]:
        ppr = holder.pPr
        ind = ppr.find(_qn("w:ind")) if ppr is not None else None
        if ind is not None:
            found = {}
            for side in ("firstLine", "left", "right", "hanging"):
                value = ind.get(_qn(f"w:{side}Chars"))
                if value is not None and int(value) != 0:
                    found[side] = int(value)
            return found
    return {}
