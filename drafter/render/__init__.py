"""Typesetting: Markdown (the one intermediate form) -> GB/T 9704-2012 .docx.

`mdparse` turns Markdown into 公文 blocks, `docx` typesets them. Both are
imported lazily so that importing this package stays cheap.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from drafter.errors import InputError, OutputError

if TYPE_CHECKING:
    from drafter.settings import Settings

__all__ = ["docx_bytes", "read_markdown", "render_markdown_file"]

# A 公文 is tens of kilobytes. The cap also keeps every paragraph well under the
# 10 MB a single XML text node may hold, past which Word files cannot be reopened.
MAX_MARKDOWN_BYTES = 256 * 1024
MAX_MARKDOWN_LINES = 3_000


def render_markdown_file(
    path: Path, out: Path, *, force: bool = False, settings: "Settings | None" = None
) -> Path:
    """`drafter render IN.md -o OUT.docx`: read Markdown, write a 公文 .docx, return its path."""
    from drafter.render.docx import render_docx

    path, out = Path(path), Path(out)
    if out.suffix.lower() != ".docx":
        raise OutputError(
            f"输出文件的扩展名应为 .docx，这里是「{out.suffix or '无扩展名'}」",
            path=out,
            fix="用 -o 指定一个 .docx 文件，例如 -o 汇报.docx。",
        )
    markdown = read_markdown(path)
    return render_docx(markdown, out, settings=settings, force=force, source=path)


def read_markdown(path: Path) -> str:
    """Read a Markdown file as UTF-8 (a BOM is allowed); InputError when that is impossible."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_MARKDOWN_BYTES + 1)
    except FileNotFoundError:
        raise InputError("找不到文件", path=path, fix="检查文件名和路径是否正确。") from None
    except IsADirectoryError:
        raise InputError("这是一个文件夹，不是 Markdown 文件", path=path, fix="给出一个 .md 文件。") from None
    except OSError as exc:
        raise InputError(
            f"无法读取文件（{exc.strerror or exc}）", path=path, fix="检查文件的读取权限。"
        ) from None
    if len(data) > MAX_MARKDOWN_BYTES:
        raise InputError(
            f"文件太大（超过 {MAX_MARKDOWN_BYTES // 1024} KB），不像是一篇公文",
            path=path,
            fix="确认文件没有指错；确实很长的材料请分成几个文件。",
        )
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            "文件不是文本（像是二进制文件）",
            path=path,
            fix="render 只接受 Markdown 文本；.docx 请用 drafter check 检查。",
        )
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text:
        raise InputError(
            "文件不是 UTF-8 编码的文本",
            path=path,
            fix="用编辑器把文件另存为 UTF-8 编码后重试。",
        )
    if text.count("\n") > MAX_MARKDOWN_LINES:
        raise InputError(
            f"文件太长（超过 {MAX_MARKDOWN_LINES} 行），不像是一篇公文",
            path=path,
            fix="确认文件没有指错；确实很长的材料请分成几个文件。",
        )
    from drafter.text import bad_character

    bad = bad_character(text)
    if bad is not None:
        position, char = bad
        line = text.count("\n", 0, position - 1) + 1
        column = position - (text.rfind("\n", 0, position - 1) + 1)
        raise InputError(
            f"第 {column} 个字符是控制字符或非法字符 U+{ord(char):04X}，Word 文档不能包含它",
            path=path,
            line=line,
            fix="删去该字符（常见于从网页或其他软件复制的文字）后重试。",
        )
    if not text.strip():
        raise InputError("文件是空的", path=path, fix="至少写一行标题，例如：# 关于某某工作情况的汇报")
    return text


def docx_bytes(markdown: str, settings: "Settings | None" = None) -> bytes:
    """Markdown -> the bytes of a GB/T 9704 .docx (pure). The package skeleton is built
    once per process per settings, so calling this per row of a batch costs ~2 ms a document."""
    from drafter.render.writer import docx_bytes as write

    return write(markdown, settings)
