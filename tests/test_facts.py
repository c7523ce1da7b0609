"""Facts: loading (with lines), validation (every problem at once), schema views."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.errors import FactsError, InputError
from drafter.facts import (
    facts_skeleton,
    load_facts,
    load_facts_with_lines,
    normalize,
    normalize_date,
    to_json_schema,
    validate,
)
from drafter.templates import list_types, load_schema

SCHEMA = {
    "fields": {
        "单位": {"type": "text", "required": True, "description": "发文单位", "example": "某局"},
        "日期": {"type": "date", "required": True, "description": "成文日期", "example": "2025-12-20"},
        "主要工作": {
            "type": "list",
            "required": True,
            "min_items": 1,
            "description": "主要工作",
            "items": {
                "type": "object",
                "fields": {
                    "标题": {"type": "text", "required": True, "description": "小标题"},
                    "内容": {"type": "text", "required": False, "description": "内容"},
                },
            },
        },
        "下一步打算": {
            "type": "list",
            "required": False,
            "description": "打算",
            "items": {
                "type": "entry",
                "fields": {"标题": {"type": "text", "required": True}, "内容": {"type": "text"}},
            },
        },
    }
}


def write(tmp_path: Path, text: str, name: str = "facts.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "单位: 某局\n主要工作:\n  - 标题: a\n   内容: b\n")
    with pytest.raises(FactsError) as info:
        load_facts(path)
    assert info.value.where.line == 4
    assert "facts.yaml" in info.value.user_message()
    assert info.value.fix


def test_top_level_must_be_mapping(tmp_path: Path) -> None:
    with pytest.raises(FactsError, match="映射"):
        load_facts(write(tmp_path, "- a\n- b\n"))


def test_empty_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(FactsError, match="空"):
        load_facts(write(tmp_path, "# nothing\n"))
    with pytest.raises(InputError):
        load_facts(tmp_path / "nope.yaml")


def test_json_facts_are_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, json.dumps({"单位": "某局"}, ensure_ascii=False), "f.json")
    assert load_facts(path) == {"单位": "某局"}


def test_every_problem_is_listed_with_path_and_line(tmp_path: Path) -> None:
    text = "单位:\n  - 甲\n  - 乙\n日期: 2025-13-40\n主要工作:\n  - 内容: 没有标题\n  - 标题: 好\n主要工做: x\n"
    facts, lines = load_facts_with_lines(write(tmp_path, text))
    problems = validate(facts, SCHEMA, lines=lines)
    by_path = {p.path: p for p in problems}
    assert set(by_path) == {"单位", "日期", "主要工作[1].标题", "主要工做"}
    assert "列表" in by_path["单位"].message
    assert by_path["主要工作[1].标题"].line == 6
    assert "主要工作" in by_path["主要工做"].fix  # closest known field suggested
    assert all(p.fix for p in problems)


def test_missing_required_fields() -> None:
    problems = validate({}, SCHEMA)
    assert {p.path for p in problems} == {"单位", "日期", "主要工作"}
    assert all("缺少" in p.message for p in problems)


def test_entries_accept_text_or_object() -> None:
    facts = {"单位": "某局", "日期": "2025-12-20", "主要工作": [{"标题": "a"}], "下一步打算": ["甲", {"标题": "乙"}]}
    assert validate(facts, SCHEMA) == []
    assert [p.path for p in validate({**facts, "下一步打算": [{"内容": "x"}]}, SCHEMA)] == ["下一步打算[1].标题"]


@pytest.mark.parametrize(
    "value, expected",
    [
        (dt.date(2025, 12, 20), "2025年12月20日"),
        ("2025-01-02", "2025年1月2日"),
        ("2025/1/2", "2025年1月2日"),
        ("2025年01月02日", "2025年1月2日"),
        ("2025-02-30", None),
        ("明天", None),
        (20251220, None),
    ],
)
def test_normalize_date(value: object, expected: str | None) -> None:
    assert normalize_date(value) == expected


def test_normalize_writes_dates_and_numbers_as_text() -> None:
    facts = {"单位": 2025, "日期": dt.date(2025, 12, 20), "主要工作": [{"标题": " a "}]}
    assert normalize(facts, SCHEMA) == {"单位": "2025", "日期": "2025年12月20日", "主要工作": [{"标题": "a"}]}


@pytest.mark.parametrize("info", list_types(), ids=lambda t: t.name)
def test_json_schema_accepts_the_example_and_rejects_unknown_fields(info) -> None:  # type: ignore[no-untyped-def]
    schema = to_json_schema(load_schema(info), title=info.name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    example = yaml.safe_load((info.folder / "example.yaml").read_text(encoding="utf-8"))
    example = {k: (str(v) if isinstance(v, dt.date) else v) for k, v in example.items()}
    jsonschema.validate(example, schema, cls=jsonschema.Draft202012Validator)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**example, "未知": 1}, schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize("info", list_types(), ids=lambda t: t.name)
def test_skeleton_is_valid_yaml_that_passes_validation(info) -> None:  # type: ignore[no-untyped-def]
    schema = load_schema(info)
    text = facts_skeleton(schema, type_name=info.name)
    assert "【必填】" in text and "# " in text
    facts = yaml.safe_load(text)
    # A field that conflicts with another (地区 with 标题) is printed commented out.
    commented = {name for name, spec in schema["fields"].items() if spec.get("conflicts")}
    assert set(facts) == set(schema["fields"]) - commented
    assert validate(facts, schema) == []
    for name in commented:
        assert f"# {name}:" in text


DEPENDENT = {
    "fields": {
        "成绩": {"type": "text", "required": False, "description": "回顾成绩"},
        "时间": {"type": "text", "required": False, "description": "时间", "requires": ["成绩"]},
        "标题": {"type": "text", "required": False, "description": "标题"},
        "地区": {"type": "text", "required": False, "description": "地区", "conflicts": ["标题"],
                 "conflict_fix": "把地区写进标题。"},
    }
}


def test_a_field_that_needs_another_or_excludes_another_is_reported() -> None:
    assert validate({"时间": "2025年", "成绩": "引进项目12个"}, DEPENDENT) == []
    assert validate({"地区": "我县"}, DEPENDENT) == []
    problems = validate({"时间": "2025年", "地区": "我县", "标题": "关于某事的意见"}, DEPENDENT)
    described = [p.describe() for p in problems]
    assert len(problems) == 2, described
    assert any("时间" in d and "成绩" in d for d in described)
    assert any("地区" in d and "把地区写进标题" in d for d in described)


def test_dependencies_reach_the_json_schema() -> None:
    schema = to_json_schema(DEPENDENT)
    jsonschema.Draft202012Validator.check_schema(schema)
    check = jsonschema.Draft202012Validator(schema).is_valid
    assert check({"时间": "2025年", "成绩": "x"}) and check({"地区": "我县"})
    assert not check({"时间": "2025年"})
    assert not check({"地区": "我县", "标题": "x"})


# ------------------------------------------------------------ the schema says what `new` does

_PLAIN = st.text(alphabet="防汛安全生产营商环境河长制信访工作全镇乡县", min_size=1, max_size=6)
_ODD_TEXT = st.sampled_from([
    "", "  ", "\t", "\u3000", "\u200b", "\u2800", "防汛\x07", "安全\ufffe", "\u0301", "。",
    0, 12, 3.5, True, None, ["列表"], {"键": "值"},
])
_DATE_TEXT = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(
        lambda d: f"{d.year:04d}-{d.month}-{d.day}"),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)).map(
        lambda d: f"{d.year}年{d.month:02d}月{d.day}日"),
    st.sampled_from(["2025-2-29", "2024-2-29", "1900-2-29", "2000-2-29", "2025-4-31", "2025-13-1",
                     "0000-1-1", "2025/12/20", "2025.1.5", "2025年12月20", "20251220", "明年"]),
)


def _valid(spec: dict) -> st.SearchStrategy:  # type: ignore[type-arg]
    """Values of the field's type that `new` accepts."""
    kind = spec.get("type", "text")
    if kind == "date":
        return _DATE_TEXT
    if kind == "integer":
        return st.integers(0, 99)
    if kind == "list":
        return st.lists(_valid(spec.get("items", {"type": "text"})), min_size=max(1, int(spec.get("min_items") or 0)), max_size=3)
    if kind in ("object", "entry"):
        obj = _mapping(spec.get("fields", {}))
        return st.one_of(obj, _PLAIN) if kind == "entry" else obj
    if kind == "paragraphs":
        return st.one_of(_PLAIN, st.lists(_PLAIN, min_size=1, max_size=3))
    return st.one_of(_PLAIN, st.integers(0, 999))


def _mapping(fields: dict) -> st.SearchStrategy:  # type: ignore[type-arg]
    required = {name: _valid(spec) for name, spec in fields.items() if spec.get("required")}
    optional = {name: _valid(spec) for name, spec in fields.items() if not spec.get("required")}
    return st.fixed_dictionaries(required, optional=optional)


@st.composite
def _facts(draw: st.DrawFn, fields: dict) -> dict:  # type: ignore[type-arg]
    """Plausible facts, then one value made odd (blank, a number, a list, an impossible date,
    a dropped required field): the cases where the schema and `new` could disagree."""
    facts = dict(draw(_mapping(fields)))
    change = draw(st.sampled_from(["none", "odd", "drop", "item"]))
    name = draw(st.sampled_from(sorted(fields)))
    if change == "odd":
        facts[name] = draw(st.one_of(_ODD_TEXT, _DATE_TEXT))
    elif change == "drop":
        facts.pop(name, None)
    elif change == "item" and isinstance(facts.get(name), list):
        facts[name] = [*facts[name], draw(_ODD_TEXT)]
    return facts


@pytest.mark.parametrize("info", list_types(), ids=lambda t: t.name)
def test_facts_valid_by_the_json_schema_are_never_rejected_by_new(info) -> None:  # type: ignore[no-untyped-def]
    """Whatever the generator makes, a file the published schema accepts must draft."""
    from drafter.draft import draft

    schema = load_schema(info)
    json_schema = to_json_schema(schema, title=info.name, title_patterns=info.title_patterns)
    validator = jsonschema.Draft202012Validator(json_schema)
    bank = Path(__file__).parent / "golden" / "drafts"

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(facts=_facts(schema["fields"]))
    def check(facts: dict) -> None:  # type: ignore[type-arg]
        if not validator.is_valid(facts):
            return
        seen_valid.append(1)
        assert validate(facts, schema) == [], facts
        draft(info.name, facts, corpus_dir=bank)  # no FactsError, no TemplateError

    seen_valid: list[int] = []
    check()
    assert len(seen_valid) >= 10  # the property was exercised, not vacuously true


def test_the_schema_rejects_what_new_rejects() -> None:
    info = next(t for t in list_types() if t.name == "实施意见")
    json_schema = to_json_schema(load_schema(info), title_patterns=info.title_patterns)
    valid = jsonschema.Draft202012Validator(json_schema).is_valid
    base = {"单位": "某某县人民政府", "主题": "秸秆禁烧", "日期": "2025-9-25", "依据": "为……，现提出如下意见",
            "重点任务": [{"标题": "严格禁烧监管"}]}
    assert valid(base)
    assert not valid({**base, "地区": "我县", "标题": "关于秸秆禁烧的实施意见"})  # 地区 goes into the title
    assert not valid({**base, "单位": "  "})  # blank is missing
    assert not valid({**base, "单位": "\u200b\u3000"})  # so is invisible
    assert not valid({**base, "单位": "某某县\x07人民政府"})  # a control character cannot be typeset
    assert not valid({**base, "日期": "2025-2-29"}) and valid({**base, "日期": "2024-2-29"})
    assert not valid({**base, "重点任务": []})
    assert not valid({**base, "重点任务": [{"标题": "严格禁烧监管"}, ""]})
    # Without 标题 the facts a title pattern needs must be there (new composes the title).
    loose = {"fields": {"标题": {"type": "text"}, "主题": {"type": "text"}}}
    titled = jsonschema.Draft202012Validator(to_json_schema(loose, title_patterns=["关于{主题}的意见"])).is_valid
    assert titled({"主题": "秸秆禁烧"}) and titled({"标题": "关于秸秆禁烧的意见"}) and not titled({})


def test_paragraphs_are_a_block_or_a_list_and_may_hold_sub_items() -> None:
    from drafter.draft import draft

    info = next(t for t in list_types() if t.name == "工作汇报")
    facts = yaml.safe_load((info.folder / "example.yaml").read_text(encoding="utf-8"))
    facts["主要工作"][0]["内容"] = ["组建4支专业招商小分队。", "1.强化培训。全年开展业务培训6期。", "（1）线上培训3期"]
    assert validate(facts, load_schema(info)) == []
    md = draft("工作汇报", facts).markdown
    assert "组建4支专业招商小分队。\n\n#### 1.强化培训。全年开展业务培训6期。\n\n##### （1）线上培训3期。" in md
    facts["主要工作"][0]["内容"] = "组建4支专业招商小分队。\n1.强化培训。全年开展业务培训6期。\n（1）线上培训3期"
    assert draft("工作汇报", facts).markdown == md
    facts["主要工作"][0]["内容"] = ["组建招商小分队", "  "]
    problems = validate(facts, load_schema(info))
    assert [p.path for p in problems] == ["主要工作[1].内容[2]"]


def test_a_list_typed_on_one_line_is_split_where_the_schema_allows_it() -> None:
    """抄送 as a clerk types it, on one line, reaches the 版记 as separate 机关."""
    from drafter.draft import draft

    info = next(t for t in list_types() if t.name == "实施意见")
    schema = load_schema(info)
    facts = yaml.safe_load((info.folder / "example.yaml").read_text(encoding="utf-8"))
    facts |= {"文号": "某政发〔2025〕18号", "抄送": "县委各部门，县人大常委会办公室、县政协办公室"}
    assert validate(facts, schema) == []
    json_schema = to_json_schema(schema, title_patterns=info.title_patterns)
    assert jsonschema.Draft202012Validator(json_schema).is_valid(facts)
    md = draft("实施意见", facts).markdown
    assert "抄送:\n- 县委各部门\n- 县人大常委会办公室\n- 县政协办公室\n" in md
    # Where the schema does not allow it, a list is still a list.
    facts["附件"] = "甲，乙"
    assert any(p.path == "附件" for p in validate(facts, schema))
