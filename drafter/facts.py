"""Facts: what the user knows, loaded from YAML/JSON and checked against a type's schema.

A schema (templates/<类型>/schema.yaml) is a mapping under `fields`; each field has
`type` (text | date | integer | list | object | entry), `required`, `description`,
`example`, and for containers `items` (a field spec) or `fields` (a mapping).
`entry` is a list item that may be plain text or an object with 标题/内容.
`paragraphs` is text (a `|` block, one paragraph a line) or a list of paragraphs; a
paragraph may open with `1.` or `（1）` to make it a numbered sub-item.

The loader keeps each field's line number so every problem can point at it, and
validation lists every problem at once: a user fixes a facts file in one pass.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from drafter.errors import FactsError, yaml_problem
from drafter.text import bad_character, is_blank

FIELD_TYPES = ("text", "date", "integer", "list", "object", "entry", "paragraphs")

_TYPE_NAMES_ZH = {
    "text": "文本",
    "date": "日期",
    "integer": "整数",
    "list": "列表",
    "object": "对象（若干字段）",
    "entry": "文本，或含「标题」「内容」的对象",
    "paragraphs": "文本，或每段一项的列表",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the facts, where it is and how to fix it."""

    path: str  # field path, e.g. "主要工作[2].标题"
    message: str
    fix: str
    line: int | None = None

    def describe(self) -> str:
        where = f"{self.path}（第 {self.line} 行）" if self.line else self.path
        return f"{where}：{self.message}。{self.fix}"


# ---------------------------------------------------------------- loading


def load_facts(path: Path | str) -> dict[str, Any]:
    """Read a facts file (.yaml/.yml/.json) into a mapping; raise FactsError on bad input."""
    facts, _ = load_facts_with_lines(path)
    return facts


# A facts file is a page or two of text; anything far larger is a mistake (or an attack)
# and would only make every later stage slow. Nesting deeper than any schema is the same.
MAX_FACTS_BYTES = 256 * 1024
MAX_DEPTH = 20


def load_facts_with_lines(path: Path | str) -> tuple[dict[str, Any], dict[str, int]]:
    """Like load_facts, and also a map from field path to its 1-based line."""
    from drafter.ingest import decode_bytes, read_bytes

    path = Path(path)
    data = read_bytes(path, limit=MAX_FACTS_BYTES)
    if len(data) > MAX_FACTS_BYTES:
        raise FactsError(
            f"事实文件太大（超过 {MAX_FACTS_BYTES // 1024} KB），不像是一份事实文件",
            path=path,
            fix="事实文件只需写要点；长篇材料请分成几份，或检查 --facts 是否指错了文件。",
        )
    # Facts files saved on Windows are often GBK: the encoding is detected, as for seeds.
    text, _ = decode_bytes(data, path)
    if path.suffix.lower() == ".json":
        return _load_json(text, path), {}
    return _load_yaml(text, path)


def _load_json(text: str, path: Path) -> dict[str, Any]:
    try:
        data = json.loads(text, object_pairs_hook=_unique_pairs, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise FactsError(
            f"JSON 格式错误（{exc.msg}）",
            path=path,
            line=exc.lineno,
            fix="检查该行附近的引号、逗号和括号是否成对。",
        ) from None
    except _DuplicateKey as exc:
        raise FactsError(
            f"字段「{exc.key}」在同一层写了两次",
            path=path,
            field=exc.key,
            fix="删去重复的一个，或把内容合并到一处。",
        ) from None
    except RecursionError:
        raise _too_deep(path, None) from None
    if _depth(data) > MAX_DEPTH:
        raise _too_deep(path, None)
    return _require_mapping(data, path)


def _no_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} 不是 JSON 允许的值", name, 0)


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _depth(value: Any) -> int:
    """Nesting depth, without recursion (a hostile file may nest thousands deep)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, level + 1) for child in children)
    return deepest


def _too_deep(path: Path, line: int | None) -> FactsError:
    return FactsError(
        f"事实文件嵌套太深（超过 {MAX_DEPTH} 层）",
        path=path,
        line=line,
        fix="事实文件只需「字段: 值」、列表和「标题/内容」几层；检查缩进或括号是否写错。",
    )


class _FactsLoader(yaml.SafeLoader):
    """SafeLoader for facts: impossible dates (2025-13-40) stay text, so validation can
    report them with their field instead of the parser crashing; aliases, duplicate
    keys and deep nesting are refused while composing, before anything is built
    (a few hundred bytes of aliases expand to gigabytes)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(
                "事实文件不支持 YAML 别名（*名称）",
                event.start_mark.line + 1,
                "把别名处直接写成完整内容（事实文件里的 & 锚点和 * 别名都用不到）。",
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(f"事实文件嵌套太深（超过 {MAX_DEPTH} 层）", self.peek_event().start_mark.line + 1,
                           "事实文件只需「字段: 值」、列表和「标题/内容」几层；检查缩进或括号是否写错。")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_mapping_node(self, anchor: Any) -> Any:
        node = super().compose_mapping_node(anchor)
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
            if key in seen:
                raise _Refused(
                    f"字段「{key}」在同一层写了两次（后一个会悄悄覆盖前一个）",
                    key_node.start_mark.line + 1,
                    "删去重复的一个，或把内容合并到一处。",
                )
            seen.add(key)
        return node


class _Refused(Exception):
    def __init__(self, message: str, line: int, fix: str) -> None:
        super().__init__(message)
        self.message, self.line, self.fix = message, line, fix


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_FactsLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _load_yaml(text: str, path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    loader: _FactsLoader | None = None
    try:
        loader = _FactsLoader(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except _Refused as exc:
        raise FactsError(exc.message, path=path, line=exc.line, fix=exc.fix) from None
    except yaml.reader.ReaderError as exc:
        reader_line = text.count("\n", 0, exc.position) + 1
        raise FactsError(
            f"含有不允许的控制字符 U+{exc.character:04X}" if isinstance(exc.character, int)
            else "含有无法识别的字符",
            path=path,
            line=reader_line,
            fix="删去该字符（常见于从网页或其他软件复制的文字），或在编辑器中另存为 UTF-8 文本。",
        ) from None
    except yaml.YAMLError as exc:
        problem, line = yaml_problem(exc)
        raise FactsError(
            f"YAML 格式错误（{problem or '无法解析'}）",
            path=path,
            line=line,
            fix="检查该行及上一行：冒号后要有空格，同级字段缩进要一致，列表项以「- 」开头，含冒号的文字请加引号。",
        ) from None
    except (ValueError, TypeError, OverflowError) as exc:
        # A scalar PyYAML cannot construct (a timestamp out of range, a 5,000-digit number).
        what = "数字位数太多" if "digits" in str(exc) else str(exc)
        raise FactsError(
            f"有一个值无法读取（{what}）",
            path=path,
            fix="给这个值加上引号，让它作为文字读入。",
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    facts = _require_mapping(data, path)
    lines: dict[str, int] = {}
    if node is not None:
        _collect_lines(node, "", lines)
    return facts, lines


def _require_mapping(data: Any, path: Path) -> dict[str, Any]:
    if data is None:
        raise FactsError("事实文件是空的", path=path, fix="用 `drafter facts 类型` 生成一份模板再填写。")
    if not isinstance(data, dict):
        raise FactsError(
            "事实文件的顶层必须是「字段: 值」的映射",
            path=path,
            fix="每行写成「字段名: 内容」，例如「单位: 某某县商务局」。",
        )
    return {str(k): v for k, v in data.items()}


def _collect_lines(node: yaml.Node, prefix: str, out: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            path = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            out[path] = key_node.start_mark.line + 1
            _collect_lines(value_node, path, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value, start=1):
            path = f"{prefix}[{i}]"
            out[path] = item.start_mark.line + 1
            _collect_lines(item, path, out)


# ---------------------------------------------------------------- validation


def validate(
    facts: dict[str, Any], schema: dict[str, Any], *, lines: dict[str, int] | None = None
) -> list[Problem]:
    """Every problem in the facts at once, each with its field path and a fix (Chinese)."""
    problems: list[Problem] = []
    pieces = _paragraph_count(facts)
    if pieces > MAX_PARAGRAPHS:
        problems.append(Problem(
            "（全部事实）",
            f"内容太多：共 {pieces} 段或列表项，超过 {MAX_PARAGRAPHS} 的上限",
            "一篇公文用不到这么多内容；请精简，或分成几篇起草。",
        ))
        return problems
    _check_mapping(facts, schema.get("fields", {}), "", problems)
    if lines:
        problems = [
            Problem(p.path, p.message, p.fix, lines.get(p.path) or lines.get(_parent(p.path)))
            for p in problems
        ]
    return problems


# Each paragraph or list item becomes a block of the draft; past this many the draft
# is no 公文, and typesetting it would take minutes.
MAX_PARAGRAPHS = 1000


def _paragraph_count(value: Any) -> int:
    count, stack = 0, [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            count += max(1, len(item.splitlines()))
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            count += sum(1 for v in item if not isinstance(v, (str, dict, list)))
            stack.extend(item)
    return count


def _parent(path: str) -> str:
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else path


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _check_mapping(
    value: dict[str, Any], fields: dict[str, Any], prefix: str, problems: list[Problem]
) -> None:
    for name, spec in fields.items():
        if spec.get("required") and _is_empty(value.get(name)):
            example = spec.get("example")
            hint = f"，例如「{name}: {_example_inline(example)}」" if example is not None else ""
            given = value.get(name)
            what = "只有空格或不可见字符，等于没有填写" if isinstance(given, str) and given else "缺少必填字段"
            problems.append(
                Problem(_join(prefix, name), what, f"请补上「{name}」（{spec.get('description', '')}）{hint}。")
            )
    problems.extend(_dependency_problems(value, fields, prefix))
    for name, item in value.items():
        path = _join(prefix, str(name))
        if name not in fields:
            close = difflib.get_close_matches(str(name), list(fields), n=1, cutoff=0.3)
            fix = f"是不是「{close[0]}」？" if close else ""
            known = "、".join(fields)
            problems.append(
                Problem(path, "未知字段，草稿中不会用到它", f"{fix}可用字段：{known}。")
            )
            continue
        if not _is_empty(item):
            _check_value(item, fields[name], path, problems)


def _dependency_problems(value: dict[str, Any], fields: dict[str, Any], prefix: str) -> list[Problem]:
    """`requires: [成绩]`: a field that only makes sense with another (时间 opens the review of
    成绩); `conflicts: [标题]`: a field the draft can only place where the other would go
    (地区 goes into the composed title)."""
    out = []
    for name, spec in fields.items():
        if _is_empty(value.get(name)):
            continue
        for other in spec.get("requires") or ():
            if _is_empty(value.get(other)):
                out.append(Problem(
                    _join(prefix, name),
                    f"填写了「{name}」就要同时填写「{other}」",
                    f"补上「{other}」（{fields.get(other, {}).get('description', '')}），或删去「{name}」。",
                ))
        for other in spec.get("conflicts") or ():
            if not _is_empty(value.get(other)):
                out.append(Problem(
                    _join(prefix, name),
                    f"「{name}」和「{other}」不能同时填写",
                    str(spec.get("conflict_fix") or "删去其中一个。"),
                ))
    return out


def _check_value(value: Any, spec: dict[str, Any], path: str, problems: list[Problem]) -> None:
    kind = spec.get("type", "text")
    want = _TYPE_NAMES_ZH.get(kind, kind)
    if isinstance(value, str):
        bad = bad_character(value)
        if bad is not None:
            position, char = bad
            problems.append(Problem(
                path,
                f"第 {position} 个字符是{_char_name(char)}，不能写进公文",
                "删去它（常见于从网页、聊天软件或其他程序复制的文字）后重试。",
            ))
            return
    if kind == "text":
        if isinstance(value, (list, tuple)):
            problems.append(Problem(path, "这里应是一段文本，却写成了列表", "把各项合并成一段文字，或去掉每行开头的「- 」。"))
        elif isinstance(value, dict):
            problems.append(Problem(path, "这里应是一段文本，却写成了「字段: 值」的映射", "直接写成一段文字。"))
        elif isinstance(value, bool):
            problems.append(Problem(path, "这里应是一段文本，却是是/否值", "给文字加上引号，例如「\"是\"」。"))
    elif kind == "date":
        if normalize_date(value) is None:
            problems.append(Problem(path, f"无法识别的日期「{value}」", "写成 2025-12-20 或 2025年12月20日。"))
    elif kind == "paragraphs":
        if isinstance(value, list):
            for i, item in enumerate(value, start=1):
                if _is_empty(item):
                    problems.append(Problem(f"{path}[{i}]", "段落是空的", "删除这一项或补上内容。"))
                else:
                    _check_value(item, {"type": "text"}, f"{path}[{i}]", problems)
        else:
            _check_value(value, {"type": "text"}, path, problems)
    elif kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(Problem(path, f"这里应是整数，却是「{value}」", "只写阿拉伯数字，例如 12。"))
    elif kind == "list":
        if isinstance(value, str) and spec.get("split"):
            # A list a clerk types on one line (抄送: 县委办，县人大办) is split at its separators.
            _check_value(value, {"type": "text"}, path, problems)
            return
        if not isinstance(value, list):
            problems.append(Problem(path, f"这里应是列表（{want}）", "每项单独一行，以「- 」开头。"))
            return
        minimum = int(spec.get("min_items", 0))
        if len(value) < minimum:
            problems.append(Problem(path, f"至少需要 {minimum} 项，现有 {len(value)} 项", "补足列表项。"))
        item_spec = spec.get("items", {"type": "text"})
        for i, item in enumerate(value, start=1):
            item_path = f"{path}[{i}]"
            if _is_empty(item):
                problems.append(Problem(item_path, "列表项是空的", "删除这一项或补上内容。"))
            else:
                _check_value(item, item_spec, item_path, problems)
    elif kind in ("object", "entry"):
        if kind == "entry" and not isinstance(value, (dict, list)):
            _check_value(value, {"type": "text"}, path, problems)
            return
        if not isinstance(value, dict):
            problems.append(
                Problem(path, f"这里应是{want}", "写成缩进的「标题: …」「内容: …」两行。")
            )
            return
        _check_mapping({str(k): v for k, v in value.items()}, spec.get("fields", {}), path, problems)


def _is_empty(value: Any) -> bool:
    # Blank text is no text: "单位: ' '" is as missing as no 单位 at all.
    if isinstance(value, str):
        return is_blank(value)
    return value is None or (isinstance(value, (list, dict)) and not value)


def _char_name(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"不成对的代理字符 U+{code:04X}（文字编码已损坏）"
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"控制字符 U+{code:04X}（不可见）"
    return f"非字符 U+{code:04X}"


def _example_inline(example: Any) -> str:
    if isinstance(example, (list, dict)):
        return "…"
    return str(example)


# ---------------------------------------------------------------- normalising

_DATE_PATTERNS = (
    re.compile(r"^\s*(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*$"),
    re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*$"),
)


def normalize_date(value: Any) -> str | None:
    """A date in any accepted form -> `2025年12月20日` (no zero padding); None if invalid."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if not isinstance(value, str):
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.match(value)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                dt.date(year, month, day)
            except ValueError:
                return None
            return f"{year}年{month}月{day}日"
    return None


def normalize(facts: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Validated facts in the form templates use: dates written out, numbers as text."""
    return _normalize_mapping(facts, schema.get("fields", {}))


def _normalize_mapping(value: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, item in value.items():
        if _is_empty(item):
            continue
        out[str(name)] = _normalize_value(item, fields.get(name, {"type": "text"}))
    return out


def _normalize_value(value: Any, spec: dict[str, Any]) -> Any:
    kind = spec.get("type", "text")
    if kind == "date":
        return normalize_date(value)
    if kind == "list":
        if isinstance(value, str) and spec.get("split"):
            value = re.split("[" + re.escape(str(spec["split"])) + "]", value)
        return [_normalize_value(v, spec.get("items", {"type": "text"})) for v in value if not _is_empty(v)]
    if kind == "paragraphs" and isinstance(value, list):
        # One paragraph a line, as a `|` block would give.
        return "\n".join(str(_normalize_value(v, {"type": "text"})) for v in value if not _is_empty(v))
    if isinstance(value, dict):
        return _normalize_mapping({str(k): v for k, v in value.items()}, spec.get("fields", {}))
    if isinstance(value, (dt.date, dt.datetime)):
        return normalize_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if not isinstance(value, str) else value.strip()


# ---------------------------------------------------------------- schema views

# A calendar date as `new` accepts it (2025-12-20, 2025/12/20, 2025年12月20日): months 1-12,
# days that month has, 29 February only in a leap year.
_LEAP_YEAR = r"(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"


def _date_pattern() -> str:
    def months(sep: str) -> str:
        return (
            rf"(?:0?[13578]|1[02]){sep}(?:0?[1-9]|[12]\d|3[01])"
            rf"|(?:0?[469]|11){sep}(?:0?[1-9]|[12]\d|30)"
            rf"|0?2{sep}(?:0?[1-9]|1\d|2[0-8])"
        )

    dashed = "|".join(rf"\d{{4}}{sep}(?:{months(sep)})|{_LEAP_YEAR}{sep}0?2{sep}29" for sep in ("-", "/", r"\."))
    written = rf"\d{{4}}年(?:{months('月')})日?|{_LEAP_YEAR}年0?2月29日?"
    # Year 0 does not exist: dt.date refuses it.
    return rf"^\s*(?!0000)(?:{dashed}|{written})\s*$"


# Text as `new` takes it: at least one visible letter, digit or 汉字 (blank, zero-width or
# otherwise invisible text is missing), and no character that cannot go into a document
# (control characters but tab and line breaks, lone surrogates, noncharacters).
_BAD_CHARS = (
    r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(1, 17))
)
_VISIBLE = (
    r"0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7a3\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
)
_NONBLANK = rf"^[^{_BAD_CHARS}]*[{_VISIBLE}][^{_BAD_CHARS}]*$"
# What JSON Schema cannot say: limits on the whole file (drafter.facts.MAX_FACTS_BYTES,
# MAX_PARAGRAPHS), stated in the schema's description instead.
_WHOLE_FILE_LIMITS = "另：整个事实文件不超过 256 KB，全部段落和列表项合计不超过 1000 个。"
_JSON_TYPES: dict[str, dict[str, Any]] = {
    "text": {"anyOf": [{"type": "string", "pattern": _NONBLANK}, {"type": "number"}]},
    "date": {"type": "string", "pattern": _date_pattern()},
    "integer": {"type": "integer"},
}


def to_json_schema(
    schema: dict[str, Any], *, title: str | None = None, title_patterns: tuple[str, ...] | list[str] = ()
) -> dict[str, Any]:
    """The facts schema as JSON Schema draft 2020-12, Chinese titles and descriptions.

    It expresses every rule `drafter new` enforces, so a file valid by it is never
    rejected: blank text counts as missing, dates are real dates, `requires` and
    `conflicts`, and without 标题 the facts one title pattern needs (`title_patterns`)."""
    out: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    if title:
        out["title"] = title
    out["description"] = _WHOLE_FILE_LIMITS
    fields = schema.get("fields", {})
    out.update(_object_schema(fields, root=True))
    slot_sets = [re.findall(r"\{([^{}]+)\}", p) for p in title_patterns]
    if slot_sets and "标题" in fields and all(slots for slots in slot_sets):
        out["anyOf"] = [{"required": ["标题"]}] + [{"required": list(dict.fromkeys(slots))} for slots in slot_sets]
    return out


def _object_schema(fields: dict[str, Any], root: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "properties": {name: _field_schema(name, spec) for name, spec in fields.items()},
        "required": [name for name, spec in fields.items() if spec.get("required")],
        "additionalProperties": False,
    }
    if not root:
        out["minProperties"] = 1  # `new` reads an empty mapping as a missing value
    requires = {name: list(spec["requires"]) for name, spec in fields.items() if spec.get("requires")}
    if requires:
        out["dependentRequired"] = requires
    conflicts = {
        name: {"not": {"anyOf": [{"required": [other]} for other in spec["conflicts"]]}}
        for name, spec in fields.items() if spec.get("conflicts")
    }
    if conflicts:
        out["dependentSchemas"] = conflicts
    return out


def _field_schema(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    kind = spec.get("type", "text")
    if kind == "list":
        body: dict[str, Any] = {"type": "array", "items": _field_schema(name, spec.get("items", {"type": "text"}))}
        # An empty list is a missing value to `new`: at least one item.
        body["minItems"] = max(1, int(spec.get("min_items") or 0))
        if spec.get("split"):
            body = {"anyOf": [_JSON_TYPES["text"], body]}
    elif kind == "object":
        body = _object_schema(spec.get("fields", {}))
    elif kind == "entry":
        body = {"anyOf": [_JSON_TYPES["text"], _object_schema(spec.get("fields", {}))]}
    elif kind == "paragraphs":
        body = {"anyOf": [_JSON_TYPES["text"], {"type": "array", "items": _JSON_TYPES["text"], "minItems": 1}]}
    else:
        body = dict(_JSON_TYPES[kind])
    body = {"title": name, **body}
    if spec.get("description"):
        body["description"] = spec["description"]
    if spec.get("example") is not None:
        example = spec["example"]
        body["examples"] = [str(example) if isinstance(example, (dt.date, dt.datetime)) else example]
    return body


def facts_skeleton(schema: dict[str, Any], *, type_name: str) -> str:
    """A commented YAML file to fill in: every field with its meaning and an example value."""
    lines = [
        f"# 「{type_name}」的事实文件。填好后运行：drafter new --type {type_name} --facts 本文件 -o 输出.docx",
        "# 标有【必填】的字段必须填写；【选填】的字段不需要时可整行删除。",
        "",
    ]
    _skeleton_fields(schema.get("fields", {}), 0, lines)
    return "\n".join(lines).rstrip("\n") + "\n"


def _skeleton_fields(fields: dict[str, Any], indent: int, lines: list[str]) -> None:
    pad = "  " * indent
    for name, spec in fields.items():
        mark = "【必填】" if spec.get("required") else "【选填】"
        kind = _TYPE_NAMES_ZH.get(spec.get("type", "text"), "")
        lines.append(f"{pad}# {mark}{spec.get('description', '')}（{kind}）")
        if spec.get("requires"):
            lines.append(f"{pad}# 填写时须同时填写：{'、'.join(spec['requires'])}")
        dumped = yaml.safe_dump(
            {name: _example_value(spec)}, allow_unicode=True, sort_keys=False, width=1000
        ).rstrip("\n")
        # A field that conflicts with another is left commented out, so the skeleton
        # as printed is valid; the user uncomments one of the two.
        comment = ""
        if spec.get("conflicts"):
            lines.append(f"{pad}# 不能与这些字段同时填写：{'、'.join(spec['conflicts'])}；需要时去掉下一行开头的「# 」")
            comment = "# "
        lines.extend(pad + comment + line for line in dumped.splitlines())
        lines.append("")


def _example_value(spec: dict[str, Any]) -> Any:
    example = spec.get("example")
    if isinstance(example, (dt.date, dt.datetime)):
        return normalize_date(example)
    return example if example is not None else ""
