"""Facts from the web form written as the YAML file the CLI reads.

Fields keep the schema's order (unknown ones follow, so nothing the user had is
lost), multi-line text uses YAML's `|` block (what a person would write by hand),
and a date field holding 2025-12-20 is written as a plain YAML date.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Dumper(yaml.SafeDumper):
    """SafeDumper writing multi-line strings as `|` blocks and list items indented
    under their key (`  - 标题: …`), as the bundled examples are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def dump_facts(facts: dict[str, Any], schema: dict[str, Any], *, type_name: str) -> str:
    """The facts as a commented YAML document (UTF-8 text)."""
    ordered = _ordered(facts, schema.get("fields", {}))
    head = f"# 「{type_name}」的事实文件：drafter new --type {type_name} --facts 本文件 -o 输出.docx\n"
    if not ordered:
        return head
    body = yaml.dump(ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000, indent=2)
    return head + body


def _ordered(value: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    names = [n for n in fields if n in value] + [n for n in value if n not in fields]
    for name in names:
        item = value[name]
        if item is None or item == "" or item == [] or item == {}:
            continue
        out[name] = _value(item, fields.get(name, {}))
    return out


def _value(value: Any, spec: dict[str, Any]) -> Any:
    kind = spec.get("type", "text")
    if kind == "date" and isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value
    if isinstance(value, list):
        return [_value(v, spec.get("items", {"type": "text"})) for v in value]
    if isinstance(value, dict):
        return _ordered({str(k): v for k, v in value.items()}, spec.get("fields", {}))
    return value
