"""GB/T 9704-2012 layout for the .docx: the numbers, title breaking, placement, reading back.

The numbers come from /work/shared/gbt9704.md. Two writers use them:
`writer.py` (the fast one, on every drafting path: it fills a pre-built
package skeleton and generates only word/document.xml) and `reference.py`
(python-docx, which builds that skeleton and which the tests hold the fast
writer to, byte for byte). `render_docx` is the entry point.

The output is deterministic: same Markdown and settings -> same bytes.
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Any

from drafter.render.mdparse import Block, Date, Signature
from drafter.settings import Settings

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
# A 22 pt title on the 28.95 pt body grid looks cramped over several lines;
# 35 pt (700 twips), off the grid, is the common practice for 2号 titles.
TITLE_LINE_PITCH = 700


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


def render_docx(
    markdown: str,
    out: Path,
    *,
    settings: Settings | None = None,
    force: bool = False,
    source: Path | str | None = None,
) -> Path:
    """Typeset Markdown and write it to `out` atomically (refuses to overwrite without force).

    `source` names the Markdown file in messages about its front matter."""
    from drafter.fsutil import atomic_write

    out = Path(out)
    if out.exists() and not force:
        # Fail before the (slower) typesetting; atomic_write checks again.
        atomic_write(out, b"", force=False)
    from drafter.render.writer import docx_bytes

    atomic_write(out, docx_bytes(markdown, settings, path=source), force=force)
    return out


def split_lead_sentence(text: str) -> tuple[str, str]:
    """`（一）加强领导。各单位要……` -> (`（一）加强领导。`, `各单位要……`)."""
    cut = text.find("。")
    if cut == -1 or cut == len(text) - 1:
        return text, ""
    return text[: cut + 1], text[cut + 1 :]


# ---------------------------------------------------------------- placement


def text_width(text: str) -> float:
    """Width in body characters: CJK and full-width = 1, ASCII (digits, Latin) = 0.5."""
    return sum(0.5 if ord(char) < 0x2000 else 1.0 for char in text)


def closing_right_indent(block: Signature | Date, blocks: list[Block]) -> float:
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
