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
    """HTML fragment (no <html>): one element per 公文 block."""
    from drafter.render.docx import break_title, split_lead_sentence

    out: list[str] = []
    for block in parse_markdown(markdown):
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
