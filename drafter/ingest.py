"""Files of any encoding and format -> RawText (decoded lines with their numbers).

Encodings are detected, never guessed from the extension: a BOM wins, then a
strict UTF-8 decode, then UTF-16 without BOM (recognised by its NUL pattern),
then GB18030 (a superset of GBK/GB2312, the usual encoding of Chinese scrapes),
then charset-normalizer as a last resort. Nothing here cleans the text.
"""

from __future__ import annotations

import codecs
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.errors import InputError

# `drafter new` reads its facts file through decode_bytes/read_bytes; it has no use for
# drafter.model's forty-odd dataclasses, so they are imported where source files are read.
if TYPE_CHECKING:
    from drafter.model import RawText, SourceLine

SOURCE_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".docx")

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 BOMs first: the UTF-32 LE BOM starts with the UTF-16 LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Word's built-in heading styles, English and Chinese UI names.
_DOCX_HEADING = re.compile(r"^(?:Heading|标题|標題)\s*([1-9])$", re.IGNORECASE)
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_NEWLINES = re.compile(r"\r\n?")


def list_sources(folder: Path) -> list[Path]:
    """The .txt/.md/.docx files under folder, recursively, in a stable order.

    Hidden files and anything inside hidden folders are skipped, as are Word's
    lock files (~$name.docx). Sorted by path relative to folder, POSIX style,
    so the order is the same on every machine.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(
            "找不到范文文件夹", path=folder, fix="请确认路径存在且是一个文件夹。"
        )
    found: list[tuple[str, Path]] = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if any(part.startswith((".", "~$")) for part in rel.parts):
            continue
        if path.suffix.lower() in SOURCE_SUFFIXES and path.is_file():
            found.append((rel.as_posix(), path))
    found.sort(key=lambda item: item[0])
    return [path for _, path in found]


def read_file(path: Path) -> RawText:
    """Read one source file into numbered lines; raise InputError if it cannot be read."""
    from drafter.model import RawText, SourceLine

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _read_docx(path)
    data = read_bytes(path)
    text, encoding = decode_bytes(data, path)
    fmt = "md" if suffix in (".md", ".markdown") else "txt"
    lines = text.split("\n")
    # A final newline does not start another line.
    if lines and lines[-1] == "":
        lines.pop()
    if fmt == "md":
        source_lines = tuple(_markdown_line(i, line) for i, line in enumerate(lines, 1))
    else:
        source_lines = tuple(SourceLine(i, line) for i, line in enumerate(lines, 1))
    return RawText(path=str(path), encoding=encoding, format=fmt, lines=source_lines)


def decode_bytes(data: bytes, path: Path | str | None = None) -> tuple[str, str]:
    """Decode file bytes to text with normalised newlines; return (text, encoding name)."""
    if not data.strip(b"\x00 \t\r\n\xef\xbb\xbf\xff\xfe"):
        raise InputError("文件是空的", path=path, fix="请放入有内容的范文文件，或将其移出文件夹。")
    text, encoding = _decode(data, path)
    text = _NEWLINES.sub("\n", text)
    if not text.strip():
        raise InputError("文件是空的", path=path, fix="请放入有内容的范文文件，或将其移出文件夹。")
    return text, encoding


def read_bytes(path: Path, *, limit: int | None = None) -> bytes:
    """A file's bytes, or an InputError that says why they cannot be had.

    With `limit`, at most limit + 1 bytes are read (so the caller can tell "too big"
    without reading /dev/zero or a FIFO forever)."""
    try:
        if limit is None:
            return path.read_bytes()
        with open(path, "rb") as handle:
            return handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError("找不到文件", path=path, fix="请检查文件名和路径。") from None
    except PermissionError:
        raise InputError("没有读取该文件的权限", path=path, fix="请修改文件权限后重试。") from None
    except IsADirectoryError:
        raise InputError("这是一个文件夹，不是文件", path=path, fix="请给出文件路径。") from None
    except OSError as exc:
        raise InputError(f"无法读取文件（{exc.strerror}）", path=path, fix="请检查文件是否损坏。") from None


def _decode(data: bytes, path: Path | str | None) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding.replace("-sig", ""))
            except UnicodeDecodeError:
                break
            return text, encoding
    utf16 = _sniff_utf16(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise _binary(path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    return _decode_with_normalizer(data, path)


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes are the hint, a plausible decode the proof.

    ASCII in UTF-16 has a NUL in every other byte, but CJK code units have NULs
    too (一 is 4E 00), so parity alone cannot tell LE from BE: decode both ways
    and keep the one that reads as text (CJK, ASCII, punctuation).
    """
    if b"\x00" not in data[:4096] or len(data) % 2:
        return None
    best, best_score = None, 0.0
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            sample = data[:8192].decode(encoding)
        except UnicodeDecodeError:
            continue
        score = sum(1 for ch in sample if _is_texty(ch)) / max(len(sample), 1)
        if score > best_score:
            best, best_score = encoding, score
    return best if best_score >= 0.95 else None


def _is_texty(ch: str) -> bool:
    code = ord(ch)
    return (
        0x20 <= code < 0x7F
        or ch in "\n\r\t"
        or 0x4E00 <= code <= 0x9FFF
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
        or 0x2000 <= code <= 0x206F
        or 0x3400 <= code <= 0x4DBF
    )


def _decode_with_normalizer(data: bytes, path: Path | str | None) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise _binary(path)
    text = str(best)
    # A "decoded" binary file is mostly control characters.
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > len(text) * 0.01:
        raise _binary(path)
    return text, best.encoding


def _binary(path: Path | str | None) -> InputError:
    return InputError(
        "文件不是可识别的文本（可能是二进制文件或编码无法识别）",
        path=path,
        fix="请另存为 UTF-8 或 GBK 编码的 .txt，或 .docx / .md 文件。",
    )


def _markdown_line(number: int, line: str) -> SourceLine:
    from drafter.model import SourceLine

    match = _MD_HEADING.match(line)
    if match:
        return SourceLine(number, match.group(2), style_level=len(match.group(1)))
    return SourceLine(number, line)


def _read_docx(path: Path) -> RawText:
    from drafter.model import RawText, SourceLine

    if not path.is_file():
        raise InputError("找不到文件", path=path, fix="请检查文件名和路径。")
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise InputError("缺少 python-docx，无法读取 .docx", path=path, fix="请安装 python-docx。") from None
    try:
        document = docx.Document(str(path))
    except PermissionError:
        raise InputError("没有读取该文件的权限", path=path, fix="请修改文件权限后重试。") from None
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise InputError(
            f"无法打开 .docx 文件（文件损坏或不是 Word 文档：{type(exc).__name__}）",
            path=path,
            fix="请用 Word 或 WPS 打开并重新另存为 .docx。",
        ) from None
    except Exception as exc:  # zipfile.BadZipFile, lxml errors: any corrupt package
        raise InputError(
            f"无法打开 .docx 文件（文件损坏：{type(exc).__name__}）",
            path=path,
            fix="请用 Word 或 WPS 打开并重新另存为 .docx。",
        ) from None
    lines: list[SourceLine] = []
    for index, paragraph in enumerate(document.paragraphs, 1):
        text = _join_soft_breaks(_NEWLINES.sub("\n", paragraph.text).replace("\v", "\n"))
        lines.append(SourceLine(index, text, style_level=_docx_level(paragraph)))
    if not any(line.text.strip() for line in lines):
        raise InputError("文件是空的", path=path, fix="请放入有内容的范文文件，或将其移出文件夹。")
    return RawText(path=str(path), encoding="docx", format="docx", lines=tuple(lines))


# A line break inside a Chinese paragraph (a title set on two lines) joins
# without a space; between Latin words it stays a space. Compiled on first use
# (only .docx sources need it): its CJK ranges are slow to compile.
@cache
def _cjk_break() -> re.Pattern[str]:
    return re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\n|\n(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


def _join_soft_breaks(text: str) -> str:
    return _cjk_break().sub("", text).replace("\n", " ")


def _docx_level(paragraph: object) -> int | None:
    style = getattr(paragraph, "style", None)
    name = getattr(style, "name", None) or ""
    match = _DOCX_HEADING.match(name.strip())
    return int(match.group(1)) if match else None
