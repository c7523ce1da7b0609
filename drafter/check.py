"""`drafter check FILE`: what a reviewer of a 公文 draft would flag.

Text rules (Markdown and .docx): heading numbering (skips, repeats, no restart
under a parent, wrong style for the level, skipped levels), leftover
placeholders and template residue, traditional characters, half-width
punctuation in Chinese text, doubled punctuation, badly written dates.
Composition rules (both): the shapes a careless join of stock formulas and facts leaves
(a formula glued onto a sentence about the meeting, the time stated twice, "2025年以来"
in a December annual summary, 近期 plans closing an annual summary, 石桥镇镇党委, the
same organ twice in one sentence, a plan's subjectless 以…为指导，在…领导下).
Layout rules (.docx only, GB/T 9704-2012): page size and margins, body, title
and heading fonts and sizes, page-number footers, theme fonts.

Each Finding says where (line of the .md, paragraph of the .docx) and how to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from drafter.errors import InputError
from drafter.settings import Settings


ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    code: str
    message: str  # Chinese: where, what, how to fix
    line: int | None = None  # .md: line number; .docx: paragraph number (1-based)
    severity: str = ERROR
    excerpt: str = ""  # the offending text itself, when the rule matched a span

    def __str__(self) -> str:
        return self.message


def check_file(path: Path, *, settings: Settings | None = None) -> list[Finding]:
    """Check a .md or .docx draft; InputError when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return check_docx(path, settings=settings)
    if suffix in (".md", ".markdown", ".txt"):
        from drafter.render import read_markdown

        return check_markdown(read_markdown(path))
    raise InputError(
        f"不支持检查「{suffix or '无扩展名'}」文件",
        path=path,
        fix="给出 .md 或 .docx 文件。",
    )


# ---------------------------------------------------------------- text units


@dataclass(frozen=True)
class _Unit:
    """One checked piece of text: a Markdown block or a .docx paragraph."""

    text: str
    where: str  # "第 3 行" / "第 3 段"
    number: int
    level: int | None = None  # heading level 1..4, None for other text
    numbered_only: bool = False  # level guessed from the number itself (no heading styles)


def check_markdown(text: str) -> list[Finding]:
    """Check Markdown (the form `drafter new` writes and users edit)."""
    from drafter.render.mdparse import Heading, block_text, parse_markdown

    units: list[_Unit] = []
    for block in parse_markdown(text):
        line = block.line or 0
        level = block.level if isinstance(block, Heading) else None
        units.append(_Unit(text=block_text(block), where=f"第 {line} 行", number=line, level=level))
    return _check_units(units)


def _check_units(units: list[_Unit]) -> list[Finding]:
    from drafter.composition import composition_findings

    findings: list[Finding] = []
    findings.extend(_numbering_findings(units))
    for unit in units:
        findings.extend(_text_findings(unit))
    findings.extend(composition_findings(units))
    return sorted(findings, key=lambda f: (f.line or 0, f.code, f.message))


# ---------------------------------------------------------------- numbering

_LEVEL_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
_STYLE_LEVEL = {"cn": 1, "paren_cn": 2, "arabic": 3, "paren_arabic": 4}


def _numbering_findings(units: list[_Unit]) -> list[Finding]:
    from drafter.render.mdparse import LEVEL_STYLES, format_number, split_heading_number

    findings: list[Finding] = []
    counters: dict[int, int] = {}
    restarted: set[int] = set(range(1, 5))
    previous_level = 0
    for unit in units:
        if unit.level is None:
            continue
        level = unit.level
        if level > previous_level + 1 and not unit.numbered_only:
            findings.append(
                Finding(
                    "heading-level-skip",
                    f"{unit.where}：标题层级跳级，「{_short(unit.text)}」是{_LEVEL_NAMES[level]}标题，"
                    f"但前面没有{_LEVEL_NAMES[previous_level + 1]}标题。请补上上一级标题或调整层级。",
                    unit.number,
                )
            )
        previous_level = level
        for deeper in range(level + 1, 5):
            counters.pop(deeper, None)
            restarted.add(deeper)
        number = split_heading_number(unit.text)
        if number is None or number.style == "part":
            continue
        expected_style = LEVEL_STYLES[level]
        if number.style != expected_style:
            findings.append(
                Finding(
                    "numbering-style",
                    f"{unit.where}：{_LEVEL_NAMES[level]}标题应使用「{format_number(expected_style, 1)}」式编号，"
                    f"这里是「{number.prefix.strip()}」。请改为{_LEVEL_NAMES[level]}的编号样式或调整标题层级。",
                    unit.number,
                )
            )
            counters[level] = number.value
            restarted.discard(level)
            continue
        findings.extend(_sequence_finding(unit, level, number.value, counters, restarted))
        counters[level] = number.value
        restarted.discard(level)
    return findings


def _sequence_finding(
    unit: _Unit, level: int, value: int, counters: dict[int, int], restarted: set[int]
) -> list[Finding]:
    from drafter.render.mdparse import LEVEL_STYLES, format_number

    style = LEVEL_STYLES[level]
    written = format_number(style, value)
    if level in restarted:
        if value == 1 or unit.numbered_only:
            return []
        return [
            Finding(
                "numbering-restart",
                f"{unit.where}：「{written}」是上一级标题下的第一个{_LEVEL_NAMES[level]}标题，"
                f"编号应从「{format_number(style, 1)}」重新开始。",
                unit.number,
            )
        ]
    expected = counters.get(level, 0) + 1
    if value == expected:
        return []
    if unit.numbered_only and value == 1:
        return []  # without heading styles a new list under an unseen parent is plausible
    if value < expected:
        what = "重复" if value == expected - 1 else "倒序"
        return [
            Finding(
                "numbering-repeat",
                f"{unit.where}：标题编号{what}，「{written}」前面已有「{format_number(style, expected - 1)}」，"
                f"这里应为「{format_number(style, expected)}」。",
                unit.number,
            )
        ]
    missing = "」「".join(format_number(style, n) for n in range(expected, value))
    return [
        Finding(
            "numbering-skip",
            f"{unit.where}：标题编号跳号，「{written}」之前缺少「{missing}」。"
            f"请改为「{format_number(style, expected)}」或补上缺失的部分。",
            unit.number,
        )
    ]


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# ---------------------------------------------------------------- text rules

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PLACEHOLDERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"【待填】"), "待填占位符「【待填】」"),
    (re.compile(r"[×Ｘ]{2,}"), "占位符「××」"),
    (re.compile(r"(?<![A-Za-z])(?:XX+|xx+)(?![A-Za-z])"), "占位符「XX」"),
    (re.compile(r"_{2,}|＿{2,}"), "下划线占位「__」"),
    (re.compile(r"\{\{|\}\}|\{%|%\}"), "模板残留「{{ }}」或「{% %}」"),
    (re.compile(r"(?<![A-Za-z])(?:None|undefined|null|nan)(?![A-Za-z])"), "模板残留「None」/「undefined」"),
    (re.compile(rf"\{{[^{{}}\n]{{0,20}}\}}"), "未填的槽位「{…}」"),
)


def _text_findings(unit: _Unit) -> list[Finding]:
    findings: list[Finding] = []
    text = unit.text
    for pattern, what in _PLACEHOLDERS:
        match = pattern.search(text)
        if match:
            findings.append(
                Finding(
                    "placeholder",
                    f"{unit.where}：有{what}：「{_context(text, match.start(), match.end())}」。"
                    "请填入实际内容或删去。",
                    unit.number,
                )
            )
    traditional = _traditional(text)
    if traditional:
        chars = "".join(sorted(traditional))
        findings.append(
            Finding(
                "traditional",
                f"{unit.where}：有繁体字「{chars}」。请改为简体字（如「{_to_simplified(chars)}」）。",
                unit.number,
            )
        )
    for start, char in _half_width_punct(text):
        full = _FULL_WIDTH.get(char, char)
        findings.append(
            Finding(
                "half-width-punct",
                f"{unit.where}：中文里用了半角标点「{char}」：「{_context(text, start, start + 1)}」。"
                f"请改为全角「{full}」。",
                unit.number,
            )
        )
    for match in _DOUBLED.finditer(text):
        findings.append(
            Finding(
                "doubled-punct",
                f"{unit.where}：标点重复「{match.group(0)}」：「{_context(text, match.start(), match.end())}」。"
                "请只保留一个标点。",
                unit.number,
            )
        )
    findings.extend(_date_findings(unit))
    return findings


def _context(text: str, start: int, end: int, width: int = 6) -> str:
    left = max(0, start - width)
    right = min(len(text), end + width)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def _traditional(text: str) -> set[str]:
    """Traditional characters in text, confirmed by phrase-aware conversion.

    drafter.clean.traditional_chars tests characters one by one, which also
    flags characters that are simplified in context (乾隆); a character is
    reported only when converting the whole text changes it as well.
    """
    if not re.search(f"[{HAN}]", text):
        return set()
    from drafter.clean import traditional_chars

    candidates = traditional_chars(text)
    if not candidates:
        return set()
    converted = _to_simplified(text)
    if len(converted) != len(text):
        return candidates
    return {a for a, b in zip(text, converted) if a != b and a in candidates}


def _to_simplified(text: str) -> str:
    import opencc

    return str(opencc.OpenCC("t2s").convert(text))


_FULL_WIDTH = {",": "，", ".": "。", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）", '"': "“”", "'": "‘’"}
_HAN_RE = re.compile(f"[{HAN}]")


def _is_han(char: str) -> bool:
    return bool(char) and bool(_HAN_RE.match(char))


def _half_width_punct(text: str) -> list[tuple[int, str]]:
    """Half-width punctuation touching a han character, outside numbers (3.5, 9:30, 1.标题)."""
    found: list[tuple[int, str]] = []
    for index, char in enumerate(text):
        if char not in _FULL_WIDTH:
            continue
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if char in ".:" and before.isdigit():
            continue  # 3.5, 9:30, and the 1. of a level-3 heading
        if char == "." and after.isdigit():
            continue
        if char == "," and before.isdigit() and after.isdigit():
            continue
        if _is_han(before) or _is_han(after) or _is_han(_neighbour(text, index, char)):
            found.append((index, char))
    return found


def _neighbour(text: str, index: int, char: str) -> str:
    # "(1)" inside Chinese text: look past the bracketed number to the han text.
    if char == "(":
        match = re.match(r"\(\d{1,3}\)(.)", text[index:])
        return match.group(1) if match else ""
    if char == ")":
        match = re.search(r"(.)\(\d{1,3}$", text[: index])
        return match.group(1) if match else ""
    return ""


_P = "，。、：；？！,;:?!"
_DOUBLED = re.compile(f"[{_P}](?:[{_P}])+")


def _date_findings(unit: _Unit) -> list[Finding]:
    findings: list[Finding] = []
    for match in re.finditer(r"(\d{1,2})月(\d{1,2})号", unit.text):
        findings.append(
            Finding(
                "date-format",
                f"{unit.where}：日期「{match.group(0)}」用了「号」。请写作「{int(match.group(1))}月{int(match.group(2))}日」。",
                unit.number,
            )
        )
    for match in re.finditer(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日", unit.text):
        year, month, day = match.groups()
        if month.startswith("0") or day.startswith("0"):
            findings.append(
                Finding(
                    "date-format",
                    f"{unit.where}：日期「{match.group(0)}」不应补零。请写作「{year}年{int(month)}月{int(day)}日」。",
                    unit.number,
                )
            )
    for match in re.finditer(r"(?<![\d.])(\d{2})年(\d{1,2})月", unit.text):
        findings.append(
            Finding(
                "date-format",
                f"{unit.where}：年份「{match.group(1)}年」未写全。请写四位年份，如「20{match.group(1)}年」。",
                unit.number,
            )
        )
    return findings


# ---------------------------------------------------------------- .docx


# A .docx is a zip archive: its parts are checked before anything is inflated, so a
# few kilobytes that inflate to gigabytes are refused instead of eating the memory.
MAX_DOCX_PART_BYTES = 16 * 1024 * 1024
MAX_DOCX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_DOCX_PARTS = 2000


def check_docx(path: Path, *, settings: Settings | None = None) -> list[Finding]:
    """Check a .docx: the text rules on every paragraph, then the GB/T 9704 layout rules."""
    document = open_docx(Path(path))
    try:
        if not document.sections:
            raise InputError(
                "文档缺少页面设置（没有 w:sectPr），不是完整的 Word 文档",
                path=path,
                fix="用 Word/WPS 打开并另存为 .docx 后重试。",
            )
        units = _docx_units(document)
        findings = _check_units(units)
        findings.extend(_layout_findings(document, settings or Settings()))
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        # python-docx reads attribute values lazily: a malformed one surfaces here.
        raise InputError(
            f"文档内部的格式数据有误，无法检查（{exc.__class__.__name__}）",
            path=path,
            fix="用 Word/WPS 打开并另存为 .docx 后重试。",
        ) from None
    return sorted(findings, key=lambda f: (f.line or 0, f.code, f.message))


def open_docx(path: Path) -> Any:
    """python-docx's Document for `path`, or an InputError saying why it cannot be read."""
    import zipfile

    import docx

    if not path.is_file():
        raise InputError("找不到文件", path=path, fix="检查文件名和路径是否正确。")
    unusable = InputError(
        "无法作为 Word 文档打开（文件损坏，或不是 .docx）",
        path=path,
        fix="确认文件是 .docx（不是 .doc 或改了扩展名的其他文件），可用 Word/WPS 另存为 .docx 后重试。",
    )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise unusable from None
    largest = max((info.file_size for info in infos), default=0)
    total = sum(info.file_size for info in infos)
    if len(infos) > MAX_DOCX_PARTS or largest > MAX_DOCX_PART_BYTES or total > MAX_DOCX_TOTAL_BYTES:
        raise InputError(
            f"文档解压后过大（{total // (1024 * 1024)} MB，{len(infos)} 个部件），超出检查的上限"
            f"（{MAX_DOCX_TOTAL_BYTES // (1024 * 1024)} MB）",
            path=path,
            fix="公文草稿不会这么大：确认文件没有指错；含大量图片的文档请删去图片后再检查。",
        )
    try:
        return docx.Document(str(path))
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - any corrupt package: bad zip, bad deflate, bad XML
        raise unusable from None


def _docx_units(document: Any) -> list[_Unit]:
    from drafter.render.docx import paragraph_text
    from drafter.render.mdparse import split_heading_number

    paragraphs = list(document.paragraphs)
    levels = [_heading_style_level(p) for p in paragraphs]
    use_styles = any(level is not None for level in levels)
    units: list[_Unit] = []
    for number, (paragraph, level) in enumerate(zip(paragraphs, levels), start=1):
        text = paragraph_text(paragraph)
        numbered_only = False
        if not use_styles:
            # No Word heading styles: take the level from the numbering pattern itself.
            parsed = split_heading_number(text)
            level = _STYLE_LEVEL.get(parsed.style) if parsed else None
            numbered_only = level is not None
        units.append(_Unit(text=text, where=f"第 {number} 段", number=number, level=level, numbered_only=numbered_only))
    return units


def _heading_style_level(paragraph: Any) -> int | None:
    name = paragraph.style.name if paragraph.style is not None else ""
    match = re.fullmatch(r"(?:Heading|heading|标题)\s*(\d)", name or "")
    if not match:
        return None
    return min(max(int(match.group(1)), 1), 4)


# Tolerances: GB/T 9704 allows ±1 mm on margins (57 twips).
_MARGIN_TOLERANCE = 57


def _layout_findings(document: Any, settings: Settings) -> list[Finding]:
    findings: list[Finding] = []
    findings.extend(_page_findings(document))
    findings.extend(_font_findings(document, settings))
    findings.extend(_footer_findings(document))
    findings.extend(_theme_findings(document))
    return findings


def _layout(code: str, message: str) -> Finding:
    return Finding(code, message, None)


def _page_findings(document: Any) -> list[Finding]:
    from drafter.render import docx as layout

    findings: list[Finding] = []
    for index, section in enumerate(document.sections, start=1):
        where = f"第 {index} 节" if len(document.sections) > 1 else "页面设置"
        size = (section.page_width, section.page_height)
        if size[0] is None or size[1] is None or abs(size[0].twips - layout.PAGE_WIDTH) > 20 or abs(
            size[1].twips - layout.PAGE_HEIGHT
        ) > 20:
            findings.append(_layout("layout-page-size", f"{where}：纸张不是 A4（210×297 毫米）。请在页面设置中改为 A4 纵向。"))
        margins = {
            "上": (section.top_margin, layout.MARGIN_TOP, 37),
            "左": (section.left_margin, layout.MARGIN_LEFT, 28),
            "右": (section.right_margin, layout.MARGIN_RIGHT, 26),
            "下": (section.bottom_margin, layout.MARGIN_BOTTOM, 35),
        }
        for side, (actual, expected, mm) in margins.items():
            if actual is None or abs(actual.twips - expected) > _MARGIN_TOLERANCE:
                got = f"{actual.mm:.1f}" if actual is not None else "未设置"
                findings.append(
                    _layout("layout-margin", f"{where}：{side}边距为 {got} 毫米，应为 {mm}±1 毫米（版心 156×225 毫米）。请修改页边距。")
                )
    return findings


def _font_findings(document: Any, settings: Settings) -> list[Finding]:
    from drafter.render.docx import BODY_STYLE, HEADING_STYLES, doc_default_fonts, effective_east_asia, effective_size

    fonts = settings.fonts
    expectations: list[tuple[str, str, tuple[str, ...], float]] = [
        ("正文", BODY_STYLE, (fonts.body, "仿宋"), 16),
        ("标题", "Title", (fonts.title, "小标宋"), 22),
    ]
    for level, name in enumerate(HEADING_STYLES, start=1):
        category = {1: "黑体", 2: "楷体", 3: "仿宋", 4: "仿宋"}[level]
        expectations.append((f"{_LEVEL_NAMES[level]}标题", name, (fonts.for_heading(level), category), 16))
    defaults = doc_default_fonts(document)
    findings: list[Finding] = []
    used = {p.style.name for p in document.paragraphs if p.style is not None and p.text.strip()}
    for label, style_name, allowed, size in expectations:
        before = len(findings)
        if style_name not in used and style_name != BODY_STYLE:
            continue
        paragraphs = [p for p in document.paragraphs if p.style is not None and p.style.name == style_name and p.text.strip()]
        if not paragraphs:
            paragraphs = [p for p in document.paragraphs if p.text.strip() and p.style is not None and p.style.name == "Normal"]
        for number, paragraph in _numbered(document, paragraphs):
            runs = [r for r in paragraph.runs if r.text.strip()] or [None]
            # A lead-sentence heading runs on in the body font: judge it by its first run.
            judged = runs[:1] if style_name in HEADING_STYLES else runs
            for run in judged:
                east_asia = effective_east_asia(paragraph, run, defaults) or "（未设置）"
                if not _font_allowed(east_asia, allowed):
                    findings.append(
                        Finding(
                            "layout-font",
                            f"第 {number} 段：{label}的中文字体是「{east_asia}」，应为「{allowed[0]}」（{allowed[1]}类）。"
                            "请在样式或文字上设置中文字体。",
                            number,
                        )
                    )
                    break
                actual = effective_size(paragraph, run)
                if actual is None or abs(actual - size) > 0.25:
                    findings.append(
                        Finding(
                            "layout-size",
                            f"第 {number} 段：{label}字号是 {actual if actual is not None else '未设置'} 磅，"
                            f"应为 {size:g} 磅。请修改字号。",
                            number,
                        )
                    )
                    break
        extra = findings[before + _MAX_PER_RULE :]
        if extra:
            # One finding per paragraph would bury the report; summarise the rest.
            del findings[before + _MAX_PER_RULE :]
            findings.append(
                Finding("layout-font", f"另有 {len(extra)} 段{label}存在同样的字体或字号问题，请统一修改样式。", extra[0].line)
            )
    if "Title" in used:
        for number, paragraph in _numbered(document, [p for p in document.paragraphs if p.style is not None and p.style.name == "Title"]):
            from drafter.render.docx import effective_alignment

            if effective_alignment(paragraph) != "center":
                findings.append(Finding("layout-title", f"第 {number} 段：标题应居中。请设为居中对齐。", number))
    return findings


_MAX_PER_RULE = 3


def _font_allowed(east_asia: str, allowed: tuple[str, ...]) -> bool:
    chosen, category = allowed
    return east_asia == chosen or category in east_asia


def _numbered(document: Any, paragraphs: Iterable[Any]) -> list[tuple[int, Any]]:
    index = {id(p._p): n for n, p in enumerate(document.paragraphs, start=1)}
    return [(index.get(id(p._p), 0), p) for p in paragraphs]


def _footer_findings(document: Any) -> list[Finding]:
    findings: list[Finding] = []
    if not document.settings.odd_and_even_pages_header_footer:
        findings.append(
            _layout(
                "layout-page-number",
                "页码：未设置“奇偶页不同”。GB/T 9704 要求单页码居右、双页码居左。请在页眉页脚设置中勾选“奇偶页不同”。",
            )
        )
    section = document.sections[0]
    for label, footer in (("单页", section.footer), ("双页", section.even_page_footer)):
        xml = footer._element.xml if footer._has_definition else ""
        if "PAGE" not in xml:
            findings.append(
                _layout("layout-page-number", f"页码：{label}页脚没有页码（PAGE 域）。请插入“— 1 —”式页码。")
            )
    return findings


_THEME_ATTR = re.compile(r"w:(?:asciiTheme|eastAsiaTheme|hAnsiTheme|cstheme)=")


def _theme_findings(document: Any) -> list[Finding]:
    from lxml import etree

    parts = {"样式": document.styles.element, "正文": document.element}
    for label, element in parts.items():
        xml = etree.tostring(element, encoding="unicode")
        if _THEME_ATTR.search(xml):
            return [
                _layout(
                    "layout-theme-font",
                    f"字体：{label}中使用了主题字体（asciiTheme/eastAsiaTheme），Word 会退回主题的字体（如 MS Mincho）。"
                    "请在样式中明确设置中文字体和西文字体。",
                )
            ]
    return []
