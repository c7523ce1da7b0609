"""The fast .docx writer: a pre-built package skeleton, and word/document.xml generated as text.

python-docx spends ~45 ms a document resolving styles by name, setting up
styles, page and footers, and zipping twice. Everything but the body is the
same for every document with the same settings, so it is built once (by
reference.py, committed as skeleton.docx with font tokens), filled with the
settings' fonts and compressed once per process, and each document costs only
its word/document.xml and docProps/core.xml, deflated and stitched into a zip.

The output is byte-identical to reference.py's for the same Markdown and
settings (tests compare the two on every example and on generated drafts):
the XML below is what lxml serialises for the elements python-docx builds,
and the zip is what zipfile writes for ZipInfo(name, ZIP_TIME) entries.
"""

from __future__ import annotations

import struct
import sys
import zlib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.render.docx import (
    BODY_SIZE_PT,
    CHAR_TWIPS,
    LINE_PITCH,
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
from drafter.settings import Fonts, Margins, Settings

if TYPE_CHECKING:
    from drafter.render.frontmatter import FrontMatter

SKELETON_PATH = Path(__file__).with_name("skeleton.docx")
DOCUMENT_PART = "word/document.xml"
CORE_PART = "docProps/core.xml"
# The built-in margins as reference.py writes them into the skeleton's sectPr.
_SKELETON_MARGINS = 'w:top="2098" w:right="1474" w:bottom="1984" w:left="1588"'


def docx_bytes(markdown: str, settings: Settings | None = None, *, path: Path | str | None = None) -> bytes:
    """Typeset Markdown as a GB/T 9704 .docx and return its bytes (pure; cheap after the first call).

    A front-matter block (frontmatter.py) adds the 附件说明 and 附注, and with a
    文号 the 版头 and 版记; a problem in it raises InputError naming `path` and the line.
    """
    from drafter.render.frontmatter import read_front_matter

    settings = settings or Settings()
    skeleton = load_skeleton(settings.fonts, settings.margins)
    front = read_front_matter(markdown, path=path)
    blocks = parse_markdown(markdown)
    if front is None:
        body = "".join(_paragraphs(blocks, settings.fonts))
    else:
        body = _issued_body(front, blocks, settings, path)
    title = next((b.text for b in blocks if isinstance(b, Title)), "")[:255]
    parts = {
        DOCUMENT_PART: skeleton.document_head + body + skeleton.document_tail,
        CORE_PART: skeleton.core_head + _text(title) + skeleton.core_tail,
    }
    return _zip(skeleton.entries, parts)


def _issued_body(front: "FrontMatter", blocks: list[Block], settings: Settings, path: Path | str | None) -> str:
    """The body with the front matter's parts in their GB/T 9704 places."""
    from drafter.errors import InputError
    from drafter.render.masthead import colophon_xml, masthead_xml

    tail = len(blocks)
    while tail and isinstance(blocks[tail - 1], (Signature, Date)):
        tail -= 1
    body, closing = list(blocks[:tail]), list(blocks[tail:])
    if front.附件 and not any(isinstance(b, Attachment) for b in body):
        names = [name.rstrip("。；，.;, ") for name in front.附件]
        lines = [f"附件：{names[0]}"] if len(names) == 1 else [
            ("附件：" if n == 1 else "") + f"{n}. {name}" for n, name in enumerate(names, 1)
        ]
        body.append(Attachment(lines=tuple(lines)))
    if front.附注:
        note = front.附注 if front.附注.startswith("（") else f"（{front.附注}）"
        closing.append(Paragraph(runs=((note, False),)))
    all_blocks = body + closing
    paragraphs = _paragraphs(all_blocks, settings.fonts)
    if not front.issued:
        return "".join(paragraphs)
    signature = next((b.text for b in closing if isinstance(b, Signature)), "")
    issuers = front.发文机关 or ((signature,) if signature else ())
    if not issuers:
        raise InputError(
            "有文号的文件需要发文机关",
            path=path,
            field="发文机关",
            fix="在开头的文件信息里写「发文机关: 某某县商务局」，或在文末写落款。",
        )
    date = front.印发日期 or next((b.text for b in closing if isinstance(b, Date)), "")
    head = masthead_xml(front, issuers, settings.fonts, settings.margins)
    colophon = colophon_xml(front, front.印发机关 or issuers[0], date, settings.fonts, settings.margins)
    return head + "".join(paragraphs) + colophon


# ---------------------------------------------------------------- the skeleton


@dataclass(frozen=True)
class _Entry:
    name: str
    crc: int
    size: int
    compressed: bytes


@dataclass(frozen=True)
class Skeleton:
    entries: tuple[_Entry, ...]  # in package order; document.xml and core.xml are filled per document
    document_head: str  # up to and including <w:body>
    document_tail: str  # the sectPr and the closing tags
    core_head: str  # up to and including <dc:title>
    core_tail: str


@lru_cache(maxsize=16)
def load_skeleton(fonts: Fonts, margins: Margins) -> Skeleton:
    """The package for these fonts and margins, every fixed part already deflated (once per process)."""
    import zipfile

    replacements = [(_attr(font_token(f.name)), _attr(getattr(fonts, f.name))) for f in fields(Fonts)]
    entries: list[_Entry] = []
    document = core = ""
    with zipfile.ZipFile(SKELETON_PATH) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name == DOCUMENT_PART:
                document = data.decode("utf-8")
            elif name == CORE_PART:
                core = data.decode("utf-8")
            elif name.endswith(".xml") and b"@drafter-font-" in data:
                text = data.decode("utf-8")
                for token, value in replacements:
                    text = text.replace(token, value)
                data = text.encode("utf-8")
            entries.append(_entry(name, data))
    body_at = document.index("<w:body>") + len("<w:body>")
    tail = document[body_at:]
    assert _SKELETON_MARGINS in tail, "skeleton.docx is stale: python -m drafter.render.reference"
    tail = tail.replace(_SKELETON_MARGINS, _margins(margins))
    title_at = core.index("<dc:title></dc:title>") + len("<dc:title>")
    return Skeleton(
        entries=tuple(entries),
        document_head=document[:body_at],
        document_tail=tail,
        core_head=core[:title_at],
        core_tail=core[title_at:],
    )


def font_token(name: str) -> str:
    """The placeholder reference.build_skeleton writes where the font `name` goes."""
    return f"@drafter-font-{name}@"


def _margins(margins: Margins) -> str:
    return (
        f'w:top="{margins.twips("top")}" w:right="{margins.twips("right")}" '
        f'w:bottom="{margins.twips("bottom")}" w:left="{margins.twips("left")}"'
    )


# ---------------------------------------------------------------- the zip (as zipfile writes it)

_DOS_TIME = ZIP_TIME[3] << 11 | ZIP_TIME[4] << 5 | ZIP_TIME[5] // 2
_DOS_DATE = (ZIP_TIME[0] - 1980) << 9 | ZIP_TIME[1] << 5 | ZIP_TIME[2]
_CREATE_SYSTEM = 0 if sys.platform == "win32" else 3
_EXTERNAL_ATTR = 0o644 << 16
_VERSION = 20  # deflate


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _entry(name: str, data: bytes) -> _Entry:
    return _Entry(name=name, crc=zlib.crc32(data), size=len(data), compressed=_deflate(data))


def _zip(entries: tuple[_Entry, ...], fill: dict[str, str]) -> bytes:
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for entry in entries:
        if entry.name in fill:
            entry = _entry(entry.name, fill[entry.name].encode("utf-8"))
        name = entry.name.encode("utf-8")
        flags = 0 if entry.name.isascii() else 0x800
        header = struct.pack(
            "<4s2B4HL2L2H", b"PK\003\004", _VERSION, 0, flags, zlib.DEFLATED, _DOS_TIME, _DOS_DATE,
            entry.crc, len(entry.compressed), entry.size, len(name), 0,
        )
        out += [header, name, entry.compressed]
        central.append(
            struct.pack(
                "<4s4B4HL2L5H2L", b"PK\001\002", _VERSION, _CREATE_SYSTEM, _VERSION, 0, flags, zlib.DEFLATED,
                _DOS_TIME, _DOS_DATE, entry.crc, len(entry.compressed), entry.size, len(name), 0, 0, 0, 0,
                _EXTERNAL_ATTR, offset,
            )
            + name
        )
        offset += len(header) + len(name) + len(entry.compressed)
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, len(entries), len(entries), len(directory), offset, 0)
    return b"".join(out) + directory + end


# ---------------------------------------------------------------- XML text, as lxml writes it


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(value: str) -> str:
    return (
        _text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    )


def _run_content(text: str) -> str:
    """What python-docx's run.text = text appends: <w:t> pieces, <w:tab/> for tabs, <w:br/> for newlines."""
    out: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        piece = "".join(buffer)
        if piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            out.append(f"<w:t{space}>{_text(piece)}</w:t>")
        buffer.clear()

    for char in text:
        if char == "\t":
            flush()
            out.append("<w:tab/>")
        elif char in "\r\n":
            flush()
            out.append("<w:br/>")
        else:
            buffer.append(char)
    flush()
    return "".join(out)


_BOLD = {True: "<w:b/>", False: "", None: '<w:b w:val="0"/>'}


def _run(text: str, east_asia: str, fonts: Fonts, *, bold: bool | None = False, size: int = BODY_SIZE_PT,
         line_break: bool = False) -> str:
    """A run; bold=None writes an explicit "not bold" (text running on after a bold heading)."""
    latin = _attr(fonts.latin)
    rpr = (
        f'<w:rPr><w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{_attr(east_asia)}" '
        f'w:cs="{latin}" w:hint="eastAsia"/>{_BOLD[bold]}<w:sz w:val="{size * 2}"/></w:rPr>'
    )
    return f"<w:r>{rpr}{_run_content(text)}{'<w:br/>' if line_break else ''}</w:r>"


def _runs(runs: tuple[Run, ...], east_asia: str, fonts: Fonts) -> str:
    out: list[str] = []
    for text, bold in runs:
        pieces = text.split(LINE_BREAK)
        for i, piece in enumerate(pieces):
            out.append(_run(piece, east_asia, fonts, bold=bold, line_break=i < len(pieces) - 1))
    return "".join(out)


def _spacing(before: int = 0, after: int = 0, line: int = LINE_PITCH) -> str:
    return f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="exact"/>'


def _indent(side: str, chars: float) -> str:
    return f'<w:ind w:{side}Chars="{round(chars * 100)}" w:{side}="{round(chars * CHAR_TWIPS)}"/>'


def _style(style_id: str) -> str:
    return f'<w:pStyle w:val="{style_id}"/>'


def _paragraphs(blocks: list[Block], fonts: Fonts) -> list[str]:
    """Each block as the <w:p> reference.py's _add_block builds for it."""
    out: list[str] = []
    for index, block in enumerate(blocks):
        previous = blocks[index - 1] if index else None
        if isinstance(block, Title):
            lines = break_title(block.text)
            runs = "".join(
                _run(line, fonts.title, fonts, size=TITLE_SIZE_PT, line_break=i < len(lines) - 1)
                for i, line in enumerate(lines)
            )
            ppr = _style("Title") + _spacing(after=LINE_PITCH, line=TITLE_LINE_PITCH)
            out.append(f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>")
        elif isinstance(block, Subtitle):
            out.append(f"<w:p><w:pPr>{_style('Subtitle')}</w:pPr>{_run(block.text, fonts.heading2, fonts)}</w:p>")
        elif isinstance(block, Addressee):
            out.append(f"<w:p><w:pPr/>{_run(block.text, fonts.body, fonts)}</w:p>")
        elif isinstance(block, Heading):
            head, rest = split_lead_sentence(block.text) if block.level >= 2 else (block.text, "")
            runs = _run(head, fonts.for_heading(block.level), fonts)
            if rest:
                runs += _run(rest, fonts.body, fonts, bold=None if block.level == 3 else False)
            out.append(f"<w:p><w:pPr>{_style(f'Heading{block.level}')}</w:pPr>{runs}</w:p>")
        elif isinstance(block, Paragraph):
            out.append(f"<w:p><w:pPr>{_style('BodyText')}</w:pPr>{_runs(block.runs, fonts.body, fonts)}</w:p>")
        elif isinstance(block, ListItem):
            runs_in: tuple[Run, ...] = ((block.marker, False),) + block.runs if block.marker else block.runs
            out.append(f"<w:p><w:pPr>{_style('BodyText')}</w:pPr>{_runs(runs_in, fonts.body, fonts)}</w:p>")
        elif isinstance(block, Attachment):
            ppr = _style("BodyText") + _spacing(before=LINE_PITCH)
            out.append(f"<w:p><w:pPr>{ppr}</w:pPr>{_run(block.lines[0], fonts.body, fonts)}</w:p>")
            for line in block.lines[1:]:
                out.append(f"<w:p><w:pPr>{_indent('left', 5)}</w:pPr>{_run(line, fonts.body, fonts)}</w:p>")
        elif isinstance(block, (Signature, Date)):
            first_of_closing = not isinstance(previous, (Signature, Date))
            ppr = (
                '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
                + _spacing(before=LINE_PITCH if first_of_closing else 0)
                + _indent("right", closing_right_indent(block, blocks))
                + '<w:jc w:val="right"/>'
            )
            out.append(f"<w:p><w:pPr>{ppr}</w:pPr>{_run(block.text, fonts.body, fonts)}</w:p>")
    return out
