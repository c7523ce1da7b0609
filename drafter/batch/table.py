"""Spreadsheet rows as users have them: .xlsx (streamed) and .csv (encoding detected).

`read_table` returns a `Table`: the column names (header rows merged into one name per
column) and a function that streams the data rows with their row numbers, as Excel or
a text editor shows them, so a problem can name the row a user sees. Hidden and empty
rows are skipped; formula cells give their last computed value. Nothing is held in
memory but the row being read, so a sheet of any length streams in constant memory,
and the rows can be read more than once (planning, then drafting).
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafter.errors import InputError

SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt")
_CHUNK = 1 << 16


@dataclass(frozen=True)
class SheetRow:
    """One data row: its number as the user sees it (Excel's row number, the CSV's line)."""

    number: int
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Table:
    """A sheet's column names and a way to stream its data rows (again and again)."""

    path: Path
    columns: tuple[str, ...]
    header_rows: tuple[int, ...]  # the row numbers the column names came from
    _rows: Callable[[], Iterator[SheetRow]]
    encoding: str | None = None  # CSV only: what the bytes were decoded as

    def rows(self) -> Iterator[SheetRow]:
        return self._rows()


def read_table(path: Path | str, *, sheet: str | None = None) -> Table:
    """The table in an .xlsx or .csv file; InputError naming the file and the fix otherwise."""
    path = Path(path)
    if not path.exists():
        raise InputError("找不到数据文件", path=path, fix="检查 --data 后的文件名和路径。")
    if path.is_dir():
        raise InputError("这是一个文件夹，不是数据文件", path=path, fix="--data 后给出 .xlsx 或 .csv 文件。")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_table(path, sheet)
    if suffix in (".csv", ".tsv", ".txt"):
        if sheet:
            raise InputError("CSV 文件没有工作表，不能用 --sheet", path=path, fix="去掉 --sheet，或改用 .xlsx 文件。")
        return _csv_table(path)
    if suffix == ".xls":
        raise InputError(
            "不支持旧版 Excel 97-2003 格式（.xls）",
            path=path,
            fix="在 Excel/WPS 中「另存为」Excel 工作簿（.xlsx）或 CSV 后重试。",
        )
    raise InputError(
        f"不支持的数据文件类型「{path.suffix or '无后缀'}」",
        path=path,
        fix="请提供 .xlsx 或 .csv 文件。",
    )


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------- .xlsx


def _open_workbook(path: Path) -> Any:
    import zipfile

    from openpyxl import load_workbook

    try:
        # data_only: a formula cell reads as the value Excel last computed for it.
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise InputError(
            f"无法读取 Excel 文件（{type(exc).__name__}）",
            path=path,
            fix="确认它是 Excel 工作簿（.xlsx）且未损坏：在 Excel/WPS 中打开后重新保存。",
        ) from None


def _worksheet(workbook: Any, path: Path, sheet: str | None) -> Any:
    if sheet is not None:
        if sheet in workbook.sheetnames:
            if not hasattr(workbook[sheet], "_worksheet_path"):
                raise InputError(f"「{sheet}」是图表，不是工作表", path=path, fix="用 --sheet 指定存放数据的工作表。")
            return workbook[sheet]
        import difflib

        close = difflib.get_close_matches(sheet, workbook.sheetnames, n=1, cutoff=0.3)
        hint = f"是不是「{close[0]}」？" if close else ""
        raise InputError(
            f"没有名为「{sheet}」的工作表",
            path=path,
            fix=f"{hint}工作簿中的工作表：{'、'.join(workbook.sheetnames)}。",
        )
    # The first sheet a user can see: a hidden helper sheet is not the data.
    for ws in workbook.worksheets:
        if getattr(ws, "sheet_state", "visible") == "visible":
            return ws
    if not workbook.worksheets:
        raise InputError("工作簿中没有工作表", path=path, fix="在 Excel 中打开并确认数据所在的工作表。")
    return workbook.worksheets[0]


def _xlsx_table(path: Path, sheet: str | None) -> Table:
    workbook = _open_workbook(path)
    try:
        ws = _worksheet(workbook, path, sheet)
        title = ws.title
        merges = _merged_ranges(workbook, ws)
        rows = _xlsx_rows(workbook, ws)
        try:
            columns, header_rows = _header(rows, merges, path)
        finally:
            rows.close()
    finally:
        workbook.close()
    skip = max(header_rows)

    def stream() -> Iterator[SheetRow]:
        book = _open_workbook(path)
        try:
            for row in _xlsx_rows(book, book[title]):
                if row.number > skip:
                    yield row
        finally:
            book.close()

    return Table(path, columns, header_rows, stream)


def _xlsx_rows(workbook: Any, ws: Any) -> Generator[SheetRow, None, None]:
    """Visible, non-empty rows of a read-only worksheet, with their row numbers.

    openpyxl's read-only sheet drops each row's `hidden` flag; its parser keeps it, so
    the rows are read through the parser, and each row's flags are dropped once used
    to keep memory flat."""
    from openpyxl.worksheet._reader import WorkSheetParser

    with workbook._archive.open(ws._worksheet_path) as src:
        parser = WorkSheetParser(
            src,
            ws._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            flags = parser.row_dimensions.pop(str(number), None) or {}
            if str(flags.get("hidden", "")).lower() in ("1", "true"):
                continue
            if not cells:
                continue
            width = max(cell["column"] for cell in cells)
            values: list[Any] = [None] * width
            for cell in cells:
                values[cell["column"] - 1] = cell["value"]
            if all(is_blank(v) for v in values):
                continue
            yield SheetRow(number, tuple(values))


def _merged_ranges(workbook: Any, ws: Any) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of every merged range; they sit after the
    rows in the sheet's XML, so this is a quick scan of its own, clearing as it goes."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import range_boundaries

    tag = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"
    found = []
    with workbook._archive.open(ws._worksheet_path) as src:
        for _, element in iterparse(src):
            if element.tag == tag and element.get("ref"):
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref"))
                found.append((min_row, min_col, max_row, max_col))
            element.clear()
    return found


def _header(
    rows: Generator[SheetRow, None, None], merges: list[tuple[int, int, int, int]], path: Path
) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Column names from the first rows. A title row (one cell merged across the sheet)
    is skipped; a header cell merged across columns or rows (a group such as 主要工作1
    over 标题 | 内容) makes a second header row whose names are appended to the group's."""
    first = next(rows, None)
    if first is None:
        raise InputError("表格是空的：没有表头行", path=path, fix="第一行写字段名（如 单位、主题、日期），从第二行起每行一篇。")
    filled = [i for i, v in enumerate(first.values) if not is_blank(v)]
    spans = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in merges}
    if len(filled) == 1:
        r1, c1 = spans.get((first.number, filled[0] + 1), (first.number, filled[0] + 1))
        if c1 > filled[0] + 1:  # a title merged across the columns: not a header
            first = next(rows, None)
            if first is None:
                raise InputError("表格只有标题行，没有表头", path=path, fix="在标题下一行写字段名。")
    top = _fill_merged(first, merges)
    two_rows = any(r0 == first.number and (r1 > r0 or c1 > c0) for r0, c0, r1, c1 in merges)
    if not two_rows:
        return tuple(_cell_text(v) for v in top), (first.number,)
    second = next(rows, None)
    if second is None or second.number != first.number + 1:
        return tuple(_cell_text(v) for v in top), (first.number,)
    covered = {
        c
        for r0, c0, r1, c1 in merges
        if r0 == first.number and r1 >= second.number
        for c in range(c0, c1 + 1)
    }
    width = max(len(top), len(second.values))
    names = []
    for i in range(width):
        head = _cell_text(top[i] if i < len(top) else None)
        sub = "" if (i + 1) in covered else _cell_text(second.values[i] if i < len(second.values) else None)
        names.append(head + sub if sub != head else head)
    return tuple(names), (first.number, second.number)


def _fill_merged(row: SheetRow, merges: list[tuple[int, int, int, int]]) -> list[Any]:
    """The row with each horizontally merged cell's value copied across its span."""
    values = list(row.values)
    for r0, c0, r1, c1 in merges:
        if r0 <= row.number <= r1 and c1 > c0:
            anchor = values[c0 - 1] if c0 - 1 < len(values) and r0 == row.number else None
            if anchor is None:
                continue
            values.extend([None] * (c1 - len(values)))
            for c in range(c0, c1 + 1):
                values[c - 1] = anchor
    return values


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "".join(str(value).split())


# ---------------------------------------------------------------- .csv


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (a superset of GBK, what
    Excel on Chinese Windows saves): the first whose decoder accepts every byte. Checked
    over the whole file in chunks, so a GBK character on line 9,000 is not missed."""
    with path.open("rb") as f:
        head = f.read(4)
    if head.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as f:
                while chunk := f.read(_CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise InputError(
        "无法识别 CSV 文件的编码（既不是 UTF-8，也不是 GBK/GB18030）",
        path=path,
        fix="在 Excel 中「另存为」→「CSV UTF-8（逗号分隔）」后重试，或直接使用 .xlsx 文件。",
    )


def _csv_table(path: Path) -> Table:
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="") as f:
        first_line = f.readline()
    if "\x00" in first_line:
        raise InputError("文件不是文本（像是二进制文件）", path=path, fix="请提供 .csv 或 .xlsx 文件。")
    # Excel's "Unicode text" is tab-separated; a header line with tabs and no commas is that.
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","

    def raw_rows() -> Generator[SheetRow, None, None]:
        with path.open(encoding=encoding, newline="") as f:
            reader = csv.reader(f, delimiter=delimiter)
            try:
                # Numbered as Excel shows the file (a cell with line breaks is one row).
                for number, values in enumerate(reader, start=1):
                    if all(is_blank(v) for v in values):
                        continue
                    yield SheetRow(number, tuple(v.replace("\r\n", "\n") for v in values))
            except csv.Error as exc:
                raise InputError(
                    f"CSV 格式错误（{exc}）",
                    path=path,
                    line=reader.line_num,
                    fix="检查该行的引号是否成对；最简单的办法是在 Excel 中重新保存为 CSV。",
                ) from None

    rows = raw_rows()
    try:
        first = next(rows, None)
    finally:
        rows.close()
    if first is None:
        raise InputError("表格是空的：没有表头行", path=path, fix="第一行写字段名（如 单位、主题、日期），从第二行起每行一篇。")
    columns = tuple(_cell_text(v) for v in first.values)
    header = first.number

    def stream() -> Iterator[SheetRow]:
        for row in raw_rows():
            if row.number > header:
                yield row

    return Table(path, columns, (header,), stream, encoding=encoding)
