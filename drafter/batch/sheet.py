"""The sheet to fill in: `drafter facts T --xlsx -o 表格.xlsx`.

Row 1 holds the column names `drafter batch` reads (required ones marked with * and in
red), each with a comment giving its meaning and an example; row 2 is the type's worked
example, so the sheet as written drafts the same document as `drafter new` on
example.yaml. List fields get numbered columns (`主要工作1标题`, `主要工作1内容`, ...), as
many as the example uses and at least three; date columns only take dates.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafter.facts import normalize_date

MIN_ITEMS = 3
_LAST_ROW = 1048576


@dataclass(frozen=True)
class SheetColumn:
    header: str  # what row 1 says (with * when required)
    description: str
    example: Any
    required: bool
    kind: str  # text | date | integer


def sheet_columns(schema: dict[str, Any], example: dict[str, Any]) -> list[SheetColumn]:
    """The columns for a type, in schema order, with the example row's values."""
    out: list[SheetColumn] = []
    for name, spec in schema.get("fields", {}).items():
        kind = spec.get("type", "text")
        # The worked example as a whole when the type has one (a field it leaves out stays
        # empty, as in example.yaml); otherwise each field's own example.
        value = example.get(name) if example else spec.get("example")
        required = bool(spec.get("required"))
        if kind == "list":
            out.extend(_list_columns(name, spec, value if isinstance(value, list) else [], required))
        elif kind == "object":
            sub_value = value if isinstance(value, dict) else {}
            for sub, sub_spec in spec.get("fields", {}).items():
                out.append(_column(f"{name}.{sub}", sub_spec, sub_value.get(sub), required and sub_spec.get("required")))
        else:
            out.append(_column(name, spec, value, required))
    return out


def _list_columns(name: str, spec: dict[str, Any], items: list[Any], required: bool) -> list[SheetColumn]:
    item_spec = spec.get("items", {"type": "text"})
    count = max(len(items), int(spec.get("min_items", 0)), MIN_ITEMS)
    sub_fields = item_spec.get("fields", {}) if item_spec.get("type") in ("object", "entry") else {}
    entry = item_spec.get("type") == "entry"
    # An entry (a sentence, or a 标题/内容 pair) gets one column where the example has a
    # sentence, a 标题/内容 pair of columns where it has a pair, so the example row drafts
    # exactly as example.yaml; further items follow the example's last item.
    spare_plain = entry and bool(items) and isinstance(items[-1], str)
    out = []
    for n in range(1, count + 1):
        item = items[n - 1] if n <= len(items) else None
        needed = required and n <= max(int(spec.get("min_items", 0)), 1)
        plain = not sub_fields or (entry and (isinstance(item, str) if item is not None else spare_plain))
        if plain:
            column = _column(f"{name}{n}", {**item_spec, "description": spec.get("description", "")}, item, needed)
            out.append(column)
            continue
        for sub, sub_spec in sub_fields.items():
            value = item.get(sub) if isinstance(item, dict) else None
            description = f"{spec.get('description', '')}——第 {n} 项的{sub}：{sub_spec.get('description', '')}"
            out.append(_column(f"{name}{n}{sub}", {**sub_spec, "description": description}, value,
                               needed and bool(sub_spec.get("required"))))
    return out


def _column(header: str, spec: dict[str, Any], value: Any, required: Any) -> SheetColumn:
    kind = spec.get("type", "text")
    kind = kind if kind in ("date", "integer") else "text"
    return SheetColumn(
        header=f"{header}*" if required else header,
        description=str(spec.get("description", "")),
        example=_cell_value(value, kind),
        required=bool(required),
        kind=kind,
    )


def _cell_value(value: Any, kind: str) -> Any:
    if value is None or isinstance(value, (list, dict)):
        return None
    if kind == "date":
        # A real date cell (what the column's validation accepts), same day as the text.
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = normalize_date(value)
        if text is not None:
            year, rest = text.split("年")
            month, day = rest.rstrip("日").split("月")
            return dt.date(int(year), int(month), int(day))
        return str(value)
    if kind == "integer" and isinstance(value, int):
        return value
    return str(value).rstrip("\n")


def facts_sheet_bytes(type_name: str, schema: dict[str, Any], example: dict[str, Any]) -> bytes:
    """The .xlsx to fill in for a type, as bytes."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = sheet_columns(schema, example)
    book = Workbook()
    ws = book.active
    ws.title = type_name[:31]
    ws.freeze_panes = "A2"
    required_font = Font(bold=True, color="C00000")
    header_fill = PatternFill("solid", fgColor="F2F2F2")
    example_font = Font(italic=True, color="7F7F7F")
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        head = ws.cell(row=1, column=index, value=column.header)
        head.font = required_font if column.required else Font(bold=True)
        head.fill = header_fill
        mark = "【必填】" if column.required else "【选填】"
        note = f"{mark}{column.description}"
        if column.example is not None:
            shown = normalize_date(column.example) if column.kind == "date" else column.example
            note += f"\n例如：{shown}"
        comment = Comment(note, "drafter")
        comment.width, comment.height = 320, 140
        head.comment = comment
        cell = ws.cell(row=2, column=index, value=column.example)
        cell.font = example_font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if column.kind == "date":
            cell.number_format = "yyyy-mm-dd"
            rule = DataValidation(
                type="date",
                operator="between",
                formula1="DATE(1900,1,1)",
                formula2="DATE(2999,12,31)",
                allow_blank=True,
                showErrorMessage=True,
                showInputMessage=True,
                errorTitle="日期格式不对",
                error="请填写日期，例如 2025-12-20 或 2025年12月20日。",
                promptTitle=column.header.rstrip("*"),
                prompt="填写日期，例如 2025-12-20",
            )
            rule.add(f"{letter}2:{letter}{_LAST_ROW}")
            ws.add_data_validation(rule)
        ws.column_dimensions[letter].width = 28 if column.kind == "text" and len(str(column.example or "")) > 12 else 16
    fixed = dt.datetime(2000, 1, 1)
    book.properties.created = fixed
    book.properties.modified = fixed
    book.properties.creator = "drafter"
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


def write_facts_sheet(
    type_name: str,
    out: Path | str,
    *,
    force: bool = False,
    search_path: tuple[Path, ...] | None = None,
) -> Path:
    """`drafter facts T --xlsx -o OUT`: the sheet for type T, written atomically."""
    from drafter.errors import DrafterError, OutputError
    from drafter.facts import load_facts
    from drafter.fsutil import atomic_write
    from drafter.templates import example_path, load_schema, resolve_type, template_search_path

    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise OutputError(
            f"表格文件应以 .xlsx 结尾，这里是「{out.suffix or '无后缀'}」",
            path=out,
            fix="例如：-o 表格.xlsx。",
        )
    path = search_path or template_search_path()
    info = resolve_type(type_name, path)
    schema = load_schema(info, path)
    try:
        example = load_facts(example_path(info, path))
    except DrafterError:
        example = {}  # a type without a worked example: the schema's per-field examples
    atomic_write(out, facts_sheet_bytes(info.name, schema, example), force=force)
    return out
