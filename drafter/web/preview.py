"""A draft's Markdown as HTML that looks like the .docx: the same parse into 公文
blocks (drafter.render.mdparse) the typesetter uses, each block a class the page's
stylesheet lays out as GB/T 9704 does (title, heading levels, body indent, closing).
Every piece of text is escaped: facts are text, never markup."""

from __future__ import annotations

from html import escape

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


def preview_html(markdown: str) -> str:
    """HTML fragment (no <html>): one element per 公文 block, with the front matter's parts
    where the .docx writer puts them (附件说明 after the body, 附注 after the date, and for
    a document issued with a 文号 the 版头 above and the 版记 below)."""
    from drafter.errors import DrafterError
    from drafter.render.frontmatter import read_front_matter

    blocks = parse_markdown(markdown)
    try:
        front = read_front_matter(markdown)
    except DrafterError:
        front = None  # the draft's own front matter is valid; a bad one just is not previewed
    if front is None:
        return _blocks_html(blocks)
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
    html = _blocks_html(body + closing)
    if front.附注:
        note = front.附注 if front.附注.startswith("（") else f"（{front.附注}）"
        html += f'\n<p class="gw-body gw-note">{escape(note)}</p>'
    if not front.issued:
        return html
    signature = next((b.text for b in closing if isinstance(b, Signature)), "")
    issuers = front.发文机关 or ((signature,) if signature else ())
    date = front.印发日期 or next((b.text for b in closing if isinstance(b, Date)), "")
    return _masthead(front, issuers) + html + _colophon(front, front.印发机关 or (issuers[0] if issuers else ""), date)


def _masthead(front: object, issuers: tuple[str, ...]) -> str:
    """版头: the red 发文机关标志 (文件), the 发文字号 (with 签发人 for a 上行文), the red rule."""
    names = "".join(f"<span>{escape(name)}</span>" for name in issuers)
    number = escape(getattr(front, "文号"))
    signers = getattr(front, "签发人")
    if signers:
        signed = "、".join(escape(s) for s in signers)
        line = f'<p class="gw-docno gw-upward"><span>{number}</span><span>签发人：<span class="gw-signer">{signed}</span></span></p>'
    else:
        line = f'<p class="gw-docno">{number}</p>'
    return (
        f'<div class="gw-masthead"><div class="gw-issuer">{names}</div><span class="gw-wenjian">文件</span></div>\n'
        f"{line}\n<hr class=\"gw-redline\">\n"
    )


def _colophon(front: object, printer: str, date: str) -> str:
    """版记: 抄送, then 印发机关 and 印发日期, between rules."""
    rows = []
    copies = getattr(front, "抄送")
    if copies:
        rows.append(f'<p class="gw-cc">抄送：{escape("，".join(copies))}。</p>')
    rows.append(
        f'<p class="gw-printed"><span>{escape(printer)}</span><span>{escape(date)}印发</span></p>'
    )
    return '\n<div class="gw-colophon">' + "".join(rows) + "</div>"


def _blocks_html(blocks: list[Block]) -> str:
    from drafter.render.docx import break_title, split_lead_sentence

    out: list[str] = []
    for block in blocks:
        if isinstance(block, Title):
            lines = "<br>".join(escape(line) for line in break_title(block.text))
            out.append(f'<h1 class="gw-title">{lines}</h1>')
        elif isinstance(block, Subtitle):
            out.append(f'<p class="gw-subtitle">{escape(block.text)}</p>')
        elif isinstance(block, Addressee):
            out.append(f'<p class="gw-addressee">{escape(block.text)}</p>')
        elif isinstance(block, Heading):
            head, rest = split_lead_sentence(block.text) if block.level >= 2 else (block.text, "")
            tail = f'<span class="gw-runon">{escape(rest)}</span>' if rest else ""
            out.append(
                f'<p class="gw-h{block.level}" role="heading" aria-level="{block.level + 1}">'
                f'<span class="gw-head">{escape(head)}</span>{tail}</p>'
            )
        elif isinstance(block, Paragraph):
            out.append(f'<p class="gw-body">{_runs(block.runs)}</p>')
        elif isinstance(block, ListItem):
            marker = escape(block.marker)
            out.append(f'<p class="gw-body">{marker}{_runs(block.runs)}</p>')
        elif isinstance(block, Attachment):
            first, *more = block.lines
            out.append(f'<p class="gw-body gw-attachment">{escape(first)}</p>')
            out.extend(f'<p class="gw-attachment-more">{escape(line)}</p>' for line in more)
        elif isinstance(block, Signature):
            out.append(f'<p class="gw-signature">{escape(block.text)}</p>')
        elif isinstance(block, Date):
            out.append(f'<p class="gw-date">{escape(block.text)}</p>')
    return "\n".join(out)


def _runs(runs: tuple[Run, ...]) -> str:
    parts = []
    for text, bold in runs:
        html = "<br>".join(escape(piece) for piece in text.split(LINE_BREAK))
        parts.append(f"<strong>{html}</strong>" if bold else html)
    return "".join(parts)
