"""Column names -> fact paths, and one row's cells -> a facts mapping.

Headers are the fact names of a type's schema, as users write them: `单位`, `日期`;
a list item's field by number in any of three spellings (`主要工作1标题`,
`主要工作.1.标题`, `主要工作[1].标题`), or a whole list in one cell, one item a
line. Full-width digits and brackets, spaces, and a required mark (`单位*`,
`单位（必填）`) are tolerated. A header that names no field is an error with the
closest name, never a column silently dropped.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from drafter.batch.table import SheetRow, is_blank
from drafter.errors import InputError
from drafter.facts import Problem

_MARKS = re.compile(r"(?:\*|【必填】|【选填】|\(必填\)|\(选填\)|必填|选填)+$")
_ITEM = re.compile(r"(?:\[(\d+)\]|\.?(\d+))(?:\.?(.+))?")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_SERIALS = range(1, 2958466)  # 1900-01-01 .. 9999-12-31
_YYYYMMDD = re.compile(r"(\d{4})(\d{2})(\d{2})")


@dataclass(frozen=True)
class Column:
    """Where one column's cells go: a field, or item `item` (1-based) of a list field,
    or the `sub` field of that item (or of an object field)."""

    index: int
    header: str
    field: str
    item: int | None = None
    sub: str | None = None

    @property
    def key(self) -> tuple[str, int | None, str | None]:
        return (self.field, self.item, self.sub)


@dataclass(frozen=True)
class ColumnMap:
    columns: tuple[Column, ...]
    blank: tuple[int, ...]  # columns without a header (their cells must stay empty)


def normalise_header(header: str) -> str:
    """Full-width forms and spaces folded, a trailing required mark dropped."""
    text = "".join(unicodedata.normalize("NFKC", header).split())
    text = text.replace("。", ".")
    return _MARKS.sub("", text)


def map_columns(columns: tuple[str, ...], schema: dict[str, Any], *, path: Any = None) -> ColumnMap:
    """Each header's fact path; InputError listing every unknown or repeated header,
    each with the closest field name, before anything is drafted."""
    fields = schema.get("fields", {})
    mapped: list[Column] = []
    blank: list[int] = []
    problems: list[str] = []
    seen: dict[tuple[str, int | None, str | None], str] = {}
    for index, header in enumerate(columns):
        name = normalise_header(header)
        if not name:
            blank.append(index)
            continue
        column = _parse(index, header, name, fields)
        if column is None:
            close = difflib.get_close_matches(name, _spellings(name, fields), n=1, cutoff=0.3)
            hint = f"，是不是「{close[0]}」？" if close else ""
            problems.append(f"第 {_column_letter(index)} 列「{header}」不是「字段名」{hint}")
            continue
        if column.key in seen:
            problems.append(f"第 {_column_letter(index)} 列「{header}」与「{seen[column.key]}」是同一个字段")
            continue
        seen[column.key] = header
        mapped.append(column)
    if problems:
        known = "、".join(fields)
        raise InputError(
            f"表头有 {len(problems)} 处无法对应到事实字段",
            path=path,
            details=problems,
            fix=f"把表头改成字段名（可用字段：{known}）；列表字段写成「主要工作1标题」这样的编号列。"
            "`drafter facts 文种 --xlsx -o 表格.xlsx` 可生成带正确表头的表格。",
        )
    return ColumnMap(tuple(mapped), tuple(blank))


def _parse(index: int, header: str, name: str, fields: dict[str, Any]) -> Column | None:
    for field in sorted(fields, key=len, reverse=True):
        key = unicodedata.normalize("NFKC", field)
        if name == key:
            return Column(index, header, field)
        if not name.startswith(key):
            continue
        rest = name[len(key):]
        spec = fields[field]
        kind = spec.get("type", "text")
        if kind == "list":
            match = _ITEM.fullmatch(rest)
            if not match or int(match[1] or match[2]) < 1:
                continue
            item = int(match[1] or match[2])
            sub_fields = _item_fields(spec)
            sub = match[3]
            if sub is None:
                # `主要工作1` alone fills the item's title when items are objects.
                sub = "标题" if spec.get("items", {}).get("type") == "object" and "标题" in sub_fields else None
                return Column(index, header, field, item, sub)
            if sub in sub_fields:
                return Column(index, header, field, item, sub)
        elif kind in ("object", "entry"):
            sub = rest.lstrip(".")
            if sub in spec.get("fields", {}):
                return Column(index, header, field, None, sub)
    return None


def _item_fields(spec: dict[str, Any]) -> dict[str, Any]:
    items = spec.get("items", {"type": "text"})
    return items.get("fields", {}) if items.get("type") in ("object", "entry") else {}


def _spellings(name: str, fields: dict[str, Any]) -> list[str]:
    """Every header a user could mean, numbered like the unknown one (for suggestions)."""
    number = re.search(r"\d+", name)
    n = number.group() if number else "1"
    out = []
    for field, spec in fields.items():
        out.append(field)
        if spec.get("type") == "list":
            subs = _item_fields(spec)
            if subs:
                out.extend(f"{field}{n}{sub}" for sub in subs)
            else:
                out.append(f"{field}{n}")
        elif spec.get("type") in ("object", "entry"):
            out.extend(f"{field}.{sub}" for sub in spec.get("fields", {}))
    return out


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# ---------------------------------------------------------------- one row -> facts


def row_facts(row: SheetRow, columns: ColumnMap, schema: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The facts one row gives (empty cells give nothing), and what is wrong with its shape."""
    fields = schema.get("fields", {})
    facts: dict[str, Any] = {}
    items: dict[str, dict[int, Any]] = {}
    problems: list[Problem] = []
    for index in columns.blank:
        if index < len(row.values) and not is_blank(row.values[index]):
            problems.append(Problem(
                f"第 {_column_letter(index)} 列", "这一列没有表头，内容无法对应到字段", "在第一行补上字段名，或删去这一列的内容。"
            ))
    for column in columns.columns:
        value = row.values[column.index] if column.index < len(row.values) else None
        if is_blank(value):
            continue
        value = _tidy(value)
        spec = fields[column.field]
        if column.item is None and column.sub is None:
            facts[column.field] = _split_list(value, spec) if spec.get("type") == "list" else coerce(value, spec)
        elif column.item is None:
            sub_spec = spec.get("fields", {}).get(column.sub, {})
            facts.setdefault(column.field, {})[column.sub] = coerce(value, sub_spec)
        else:
            item_spec = spec.get("items", {"type": "text"})
            slots = items.setdefault(column.field, {})
            held = slots.get(column.item)
            if column.sub is None:
                if held is not None:
                    problems.append(_both_spellings(column))
                    continue
                slots[column.item] = coerce(value, item_spec)
            else:
                if held is not None and not isinstance(held, dict):
                    problems.append(_both_spellings(column))
                    continue
                sub_spec = item_spec.get("fields", {}).get(column.sub, {})
                slots.setdefault(column.item, {})[column.sub] = coerce(value, sub_spec)
    for field, slots in items.items():
        if field in facts:
            problems.append(Problem(
                field, "既填了整列的「{0}」，又填了编号列「{0}1…」".format(field), "只保留一种写法。"
            ))
            continue
        # Numbered columns in order; an item left wholly empty is no item.
        facts[field] = [slots[i] for i in sorted(slots)]
    return facts, problems


def _both_spellings(column: Column) -> Problem:
    return Problem(
        f"{column.field}[{column.item}]",
        f"第 {column.item} 项既填了整句（「{column.field}{column.item}」列），又填了「标题」「内容」列",
        "一项只用一种写法：一句话，或标题加内容。",
    )


def _tidy(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return value


def _split_list(value: Any, spec: dict[str, Any]) -> list[Any]:
    """One cell holding a whole list: one item a line; an object item gets the line as its 标题."""
    item_spec = spec.get("items", {"type": "text"})
    lines = [line.strip() for line in str(value).split("\n") if line.strip()]
    if item_spec.get("type") == "object" and "标题" in item_spec.get("fields", {}):
        return [{"标题": line} for line in lines]
    return [coerce(line, item_spec) for line in lines]


def coerce(value: Any, spec: dict[str, Any]) -> Any:
    """A cell's value in the form the schema validates: Excel dates and date numbers for
    date fields, whole numbers for integers, text for text (35.0 -> "35")."""
    kind = spec.get("type", "text")
    if kind == "date":
        return _date(value)
    if kind == "integer":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value):
            return int(value)
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    return value


def _date(value: Any) -> Any:
    """Excel date cells, Excel serial numbers (45646) and yyyymmdd (20251220), as a date;
    text is left for validation, which reads 2025-12-20, 2025/12/20, 2025年12月20日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date) or isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"\d+(\.0+)?", text):
            return value
        value = float(text)
    if isinstance(value, (int, float)) and float(value).is_integer():
        number = int(value)
        match = _YYYYMMDD.fullmatch(str(number))
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                return value
        if number in _EXCEL_SERIALS:
            return _EXCEL_EPOCH + dt.timedelta(days=number)
    return value
