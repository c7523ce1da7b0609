"""The python-docx writer: the reference the fast writer (writer.py) is held to.

It restyles python-docx's default template (Title, Subtitle, Heading 1-4,
Normal, Body Text, Footer) so that Word's navigation pane, TOC and style
gallery keep working. East Asian fonts are written explicitly on docDefaults,
styles and runs, and every theme-font attribute is stripped, because Word
otherwise falls back to the template theme's fonts (MS Mincho) for CJK text.

Two uses, neither on the drafting path (python-docx costs ~45 ms a document):
- `build_skeleton()` makes drafter/render/skeleton.docx, the package the fast
  writer fills (styles, numbering, settings, footers, with font tokens);
  `python -m drafter.render.reference` rewrites it after a change here, and a
  test fails while the committed skeleton is stale;
- tests render every example with both writers and compare the bytes.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING, Any

from drafter.render.docx import (
    BODY_SIZE_PT,
    BODY_STYLE,
    CHAR_TWIPS,
    CONDENSE_TWENTIETHS,
    FIXED_TIME,
    FOOTER_DISTANCE,
    HEADER_DISTANCE,
    HEADING_STYLES,
    LINE_PITCH,
    PAGE_HEIGHT,
    PAGE_NUMBER_SIZE_PT,
    PAGE_WIDTH,
    THEME_FONT_ATTRS,
    TITLE_LINE_PITCH,
    TITLE_SIZE_PT,
    ZIP_TIME,
    break_title,
    closing_right_indent,
    split_lead_sentence,
)
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
from drafter.render.writer import font_token
from drafter.settings import Fonts, Margins, Settings

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

# ---------------------------------------------------------------- public API


def build_document(markdown: str, settings: Settings | None = None) -> "DocxDocument":
    """Typeset Markdown as a 公文 (pure: builds the document in memory)."""
    import docx

    settings = settings or Settings()
    fonts = settings.fonts
    document = docx.Document()
    _drop_styles_with_effects(document)
    _setup_page(document, settings.margins)
    _setup_styles(document, fonts)
    _setup_page_numbers(document, fonts)
    blocks = parse_markdown(markdown)
    for index, block in enumerate(blocks):
        previous = blocks[index - 1] if index else None
        _add_block(document, block, previous, blocks, fonts)
    _fix_core_properties(document, blocks)
    return document


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


def _setup_page(document: "DocxDocument", margins: Margins) -> None:
    from docx.shared import Twips

    section = document.sections[0]
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Twips(margins.twips("top")), Twips(margins.twips("bottom"))
    section.left_margin, section.right_margin = Twips(margins.twips("left")), Twips(margins.twips("right"))
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
    _set_exact_spacing(title_ppr, line=TITLE_LINE_PITCH)
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
        # GB/T 9704 7.3.3 allows a bold level-3 heading (1.); offices use it to tell
        # it from the body, which shares its font.
        heading.font.bold = level == 3

    footer = styles["Footer"]
    _style_run(footer, fonts.page_number, fonts.page_number, PAGE_NUMBER_SIZE_PT)
    footer_ppr = footer.element.get_or_add_pPr()
    _remove_children(footer_ppr, "w:tabs")
    footer.paragraph_format.space_before = Pt(0)
    footer.paragraph_format.space_after = Pt(0)
    footer.paragraph_format.line_spacing = 1.0
    _set_indent(footer_ppr)


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
        _set_exact_spacing(paragraph._p.get_or_add_pPr(), after=LINE_PITCH, line=TITLE_LINE_PITCH)
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
        _set_indent(ppr, right=closing_right_indent(block, blocks))
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
        # A lead-sentence heading runs on into body text, which keeps the body font
        # (and is not bold where the heading style is).
        run = _add_run(paragraph, rest, fonts.body, fonts)
        if block.level == 3:
            run.bold = False


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


# ---------------------------------------------------------------- the skeleton


def skeleton_fonts() -> Fonts:
    """Fonts whose names are tokens: the fast writer puts the real names in their place."""
    from dataclasses import fields

    return Fonts(**{f.name: font_token(f.name) for f in fields(Fonts)})


def build_skeleton() -> bytes:
    """An empty document typeset with token fonts and the built-in margins: the fast writer's package."""
    return document_bytes(build_document("", Settings(fonts=skeleton_fonts(), margins=Margins())))


if __name__ == "__main__":
    # `python -m drafter.render.reference` rewrites the committed skeleton.
    from drafter.render.writer import SKELETON_PATH

    SKELETON_PATH.write_bytes(build_skeleton())
    print(f"wrote {SKELETON_PATH}")
