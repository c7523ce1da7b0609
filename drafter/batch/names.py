"""Output file names from a pattern such as `{单位}-{主题}.docx`, safe on every system.

A name is filled from the row's facts, then made legal on Windows, macOS and Linux:
characters Windows forbids become their full-width forms (／ reads as /), control
characters go, trailing dots and spaces go, reserved device names (CON, NUL, COM1...)
get a mark, and the name is cut to fit any file system. Two rows that would share a
name are told apart (`名字_2.docx`), comparing as a case-insensitive file system would.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from drafter.errors import InputError

# Placeholders that are not facts: the composed title, the row's number in the sheet,
# and its position among the data rows.
SPECIAL = ("标题", "行号", "序号")
SUFFIXES = {".docx": "docx", ".md": "md"}

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_ILLEGAL = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in '<>:"/\\|?*'})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
# 255 bytes is the common limit of a name; the atomic writer's temp name adds ~15, a
# duplicate's _N a few more.
MAX_BYTES = 200
MAX_CHARS = 80


@dataclass(frozen=True)
class NamePattern:
    stem: str  # the pattern without its suffix
    suffix: str  # ".docx" or ".md"
    fields: tuple[str, ...]


def parse_pattern(pattern: str | None, fields: dict[str, Any], *, fmt: str | None) -> NamePattern:
    """Check a --name pattern against the type's fields; the suffix comes from --format,
    else from the pattern, else .docx. InputError for an unknown placeholder or a clash."""
    text = pattern if pattern is not None else ("{单位}-{标题}" if "单位" in fields else "{标题}")
    suffix = ""
    for ext in SUFFIXES:
        if text.lower().endswith(ext):
            text, suffix = text[: -len(ext)], ext
    if fmt is not None and fmt not in SUFFIXES.values():
        raise InputError(f"不支持的输出格式「{fmt}」", fix="--format 只能是 docx 或 md。")
    if fmt is not None and suffix and SUFFIXES[suffix] != fmt:
        raise InputError(
            f"--name 的后缀「{suffix}」与 --format {fmt} 不一致",
            fix=f"去掉 --name 中的后缀，或把它改成 .{fmt}。",
        )
    suffix = suffix or f".{fmt or 'docx'}"
    if text.count("{") != text.count("}") or _PLACEHOLDER.sub("", text).count("{"):
        raise InputError(f"文件名模式「{pattern}」的花括号不成对", fix="每个字段写成 {字段名}，例如 {单位}-{主题}.docx。")
    names = tuple(_PLACEHOLDER.findall(text))
    known = [*fields, *SPECIAL]
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.3)
            hint = f"是不是「{close[0]}」？" if close else ""
            raise InputError(
                f"文件名模式中的「{{{name}}}」不是字段",
                fix=f"{hint}可用：{'、'.join(known)}。",
            )
        if name in fields and fields[name].get("type") in ("list", "object"):
            raise InputError(
                f"「{name}」是列表，不能放进文件名",
                fix="文件名中只用单个值的字段，如 {单位}、{主题}、{日期}。",
            )
    if not names:
        raise InputError(
            f"文件名模式「{pattern}」不含任何字段，每一行都会得到同一个文件名",
            fix="至少用一个字段，例如 {单位}-{主题}.docx，或 {行号}.docx。",
        )
    return NamePattern(text, suffix, names)


def fill_pattern(pattern: NamePattern, values: dict[str, Any], *, fallback: str) -> str:
    """The safe stem (no suffix) for one row; `fallback` when the facts leave it empty."""
    stem = _PLACEHOLDER.sub(lambda m: _scalar(values.get(m.group(1))), pattern.stem)
    return sanitise(stem) or sanitise(fallback)


def _scalar(value: Any) -> str:
    if value is None or isinstance(value, (list, dict)):
        return ""
    return str(value)


def sanitise(stem: str) -> str:
    """A file stem legal on Windows, macOS and Linux (see the module's docstring)."""
    text = unicodedata.normalize("NFC", stem).translate(_ILLEGAL)
    text = _CONTROL.sub("", text)
    text = re.sub(r"\s+", " ", text)
    # Separators left at the ends by an empty placeholder, and the dots and spaces
    # Windows drops from the end of a name, go.
    text = text.strip(" .-_")
    if text.split(".")[0].strip().upper() in _RESERVED:
        text = f"{text}_"
    text = text[:MAX_CHARS]
    while len(text.encode("utf-8")) > MAX_BYTES:
        text = text[:-1]
    return text.rstrip(" .")


@dataclass
class NameBook:
    """Names handed out in one batch; a repeat gets _2, _3... (case-insensitively)."""

    taken: set[str] = field(default_factory=set)

    def claim(self, stem: str, suffix: str) -> str:
        candidate, n = f"{stem}{suffix}", 1
        while candidate.casefold() in self.taken:
            n += 1
            candidate = f"{stem}_{n}{suffix}"
        self.taken.add(candidate.casefold())
        return candidate
