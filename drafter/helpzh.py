"""Click's own help words in Chinese (Usage, Options, Show this message and exit ...).

Typer renders help through Click, whose headings and option notes are English and, in the
Click that recent Typer vendors, not translatable through gettext. The finished help text is
rewritten instead: the words are fixed and few, and this survives Click versions.
"""

from __future__ import annotations

import re
from typing import Any

_WORDS = (
    ("Show this message and exit.", "显示本帮助并退出。"),
    ("Usage: ", "用法："),
    ("[OPTIONS]", "[选项]"),
    ("COMMAND [ARGS]...", "命令 [参数]..."),
    ("<int range>", "<整数>"),
    ("<int>", "<整数>"),
    ("<str>", "<文本>"),
    ("<path>", "<路径>"),
    ("<list[Path]>", "<文件夹>"),
    ("Options:", "选项："),
    ("Commands:", "命令："),
    ("Arguments:", "参数："),
)
_NOTES = re.compile(r"\[(default:\s+|env var:\s+)?([^\[\]]*?)\]")
_RANGE = re.compile(r"^x>=(\d+)$")


def translate_help(text: str) -> str:
    """The help text with Click's fixed English words in Chinese; the rest untouched."""
    for english, chinese in _WORDS:
        text = text.replace(english, chinese)
    return _NOTES.sub(_note, text)


def _note(match: re.Match[str]) -> str:
    kind, body = match.group(1), match.group(2)
    if kind and kind.startswith("default:"):
        return f"[默认：{body}]"
    if kind and kind.startswith("env var:"):
        return f"[环境变量：{body}]"
    if _RANGE.match(body):
        return f"[至少 {_RANGE.match(body).group(1)}]"  # type: ignore[union-attr]
    return "[必填]" if body == "required" else match.group(0)


def install(*classes: Any) -> None:
    """Make each Click command class (and its subclasses) give Chinese help."""
    for cls in classes:
        original = cls.get_help
        if getattr(original, "_drafter_zh", False):
            continue

        def get_help(self: Any, ctx: Any, _original: Any = original) -> str:
            return translate_help(_original(self, ctx))

        get_help._drafter_zh = True  # type: ignore[attr-defined]
        cls.get_help = get_help
