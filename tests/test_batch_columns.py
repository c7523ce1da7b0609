"""Spreadsheet headers -> fact paths, in every spelling users write them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafter.batch.columns import coerce, map_columns
from drafter.errors import InputError
from drafter.templates import load_schema, resolve_type

SCHEMA = load_schema(resolve_type("工作汇报"))


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["标题", "内容"]), st.sampled_from(["", "*", "（必填）", " "]))
def test_three_spellings_of_a_numbered_column_are_one_field(n: int, sub: str, mark: str) -> None:
    wide = {"1": "１", "[": "［", "]": "］"}
    spellings = [f"主要工作{n}{sub}", f"主要工作.{n}.{sub}", f"主要工作[{n}].{sub}",
                 "".join(wide.get(c, c) for c in f"主要工作[{n}]{sub}")]
    keys = {map_columns((s + mark,), SCHEMA).columns[0].key for s in spellings}
    assert keys == {("主要工作", n, sub)}


def test_unknown_and_repeated_headers_are_all_reported() -> None:
    with pytest.raises(InputError) as caught:
        map_columns(("单位", "单元", "主要工作2题目", "单位*", "主要工作0标题"), SCHEMA)
    text = caught.value.user_message()
    assert "是不是「单位」" in text and "是不是「主要工作2标题」" in text
    assert "与「单位」是同一个字段" in text and "主要工作0标题" in text


@pytest.mark.parametrize(
    "value,expected",
    [
        (dt.datetime(2025, 12, 20, 0, 0), dt.date(2025, 12, 20)),
        (46011, dt.date(2025, 12, 20)),
        (46011.0, dt.date(2025, 12, 20)),
        ("46011", dt.date(2025, 12, 20)),
        (20251220, dt.date(2025, 12, 20)),
        ("20251220", dt.date(2025, 12, 20)),
        ("2025年12月20日", "2025年12月20日"),
        (20251340, 20251340),
    ],
)
def test_dates_as_excel_dates_serials_numbers_or_text(value: object, expected: object) -> None:
    assert coerce(value, {"type": "date"}) == expected


def test_numbers_in_text_fields_read_as_people_typed_them() -> None:
    assert coerce(35.0, {"type": "text"}) == "35" and coerce(35.6, {"type": "text"}) == "35.6"
    assert coerce(12.0, {"type": "integer"}) == 12 and coerce("12", {"type": "integer"}) == 12
