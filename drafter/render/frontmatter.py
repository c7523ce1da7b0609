"""The 文件 data of a draft: a YAML front-matter block at the top of the Markdown.

    ---
    文号: 某商发〔2025〕12号
    发文机关: [某某县商务局]        # several: a joint document, the host first
    签发人: 张某某                  # 上行文 (a 报告) only
    抄送: [县委办公室, 县政府办公室]
    印发机关: 某某县商务局办公室
    印发日期: 2025年12月20日
    附注: 联系人：李某，电话：1234567
    附件: [2025年签约项目清单, 重点在谈项目清单]
    ---

`drafter new` writes it from the facts (drafter.draft); a user may write or edit
it by hand. Values are data, never Markdown: they are typeset as plain text.
With 文号 the document is issued as a 文件 and gets the GB/T 9704 版头 and 版记;
附件 and 附注 are typeset with or without it. A .md without front matter is
typeset as before. The lines of the block are blanked, not removed, before the
Markdown is parsed, so every block keeps its line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafter.errors import InputError, yaml_problem

# The fields, in the order drafts write them.
FIELDS: tuple[str, ...] = ("文号", "发文机关", "签发人", "抄送", "印发机关", "印发日期", "附注", "附件")
_LIST_FIELDS = ("发文机关", "签发人", "抄送", "附件")
_OPEN = re.compile(r"\A\ufeff?---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


@dataclass(frozen=True)
class FrontMatter:
    文号: str = ""
    发文机关: tuple[str, ...] = ()
    签发人: tuple[str, ...] = ()
    抄送: tuple[str, ...] = ()
    印发机关: str = ""
    印发日期: str = ""
    附注: str = ""
    附件: tuple[str, ...] = ()

    @property
    def issued(self) -> bool:
        """Issued as a 文件 (版头 and 版记): a 发文字号 is given."""
        return bool(self.文号)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(the YAML of a leading `---` block or None, the text with those lines blanked)."""
    opening = _OPEN.match(text)
    if not opening:
        return None, text
    closing = _CLOSE.search(text, opening.end())
    if closing is None:
        return None, text  # a lone `---` is a thematic break, not front matter
    yaml_text = text[opening.end() : closing.start()]
    end = closing.end()
    blanked = "\n" * text[:end].count("\n") + text[end:]
    return yaml_text, blanked


def read_front_matter(text: str, *, path: Path | str | None = None) -> FrontMatter | None:
    """The front matter of a Markdown text, validated; None when it has none.

    Problems (bad YAML, an unknown field, a list where text belongs) raise
    InputError naming the line, with line numbers of the whole file.
    """
    import yaml

    yaml_text, _ = split_front_matter(text)
    if yaml_text is None:
        return None
    try:
        root = yaml.compose(yaml_text)
    except yaml.YAMLError as exc:
        problem, line = yaml_problem(exc)
        raise InputError(
            f"开头的文件信息（--- 之间）不是合法的 YAML：{problem or exc}",
            path=path,
            line=line + 1 if line is not None else None,
            fix="每行写成「字段: 值」，列表写成 [甲, 乙]，例如：文号: 某商发〔2025〕12号",
        ) from None
    if root is None:
        return FrontMatter()
    if not isinstance(root, yaml.MappingNode):
        raise InputError(
            "开头的文件信息（--- 之间）应当是「字段: 值」的映射",
            path=path,
            line=root.start_mark.line + 2,
            fix=f"可用字段：{'、'.join(FIELDS)}。",
        )
    values: dict[str, Any] = {}
    for key_node, value_node in root.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 2  # +1 for 1-based, +1 for the opening ---
        if key not in FIELDS:
            import difflib

            close = difflib.get_close_matches(key, FIELDS, n=1)
            raise InputError(
                f"开头的文件信息中有未知字段「{key}」",
                path=path,
                line=line,
                field=key,
                fix=(f"是否想写「{close[0]}」？" if close else "") + f"可用字段：{'、'.join(FIELDS)}。",
            )
        values[key] = _value(key, value_node, path, line)
    return FrontMatter(**values)


def _value(key: str, node: Any, path: Path | str | None, line: int) -> Any:
    import yaml

    if isinstance(node, yaml.SequenceNode) and key in _LIST_FIELDS:
        items = [_scalar(key, item, path, line) for item in node.value]
        return tuple(item for item in items if item)
    text = _scalar(key, node, path, line)
    if key in _LIST_FIELDS:
        # One line of text: 抄送 written as 「甲，乙」 is a list of two.
        return tuple(part for part in re.split(r"[，,、]" if key == "抄送" else r"\n", text) if part.strip())
    if key == "文号":
        return normalize_number(text)
    if key == "印发日期" and text:
        from drafter.facts import normalize_date

        date = normalize_date(text)
        if date is None:
            raise InputError(
                f"印发日期「{text}」不是有效日期",
                path=path,
                line=line,
                field=key,
                fix="写成 2025-12-20 或 2025年12月20日。",
            )
        return date
    return text


def normalize_number(text: str) -> str:
    """发文字号 as GB/T 9704 7.2.4 writes it: 〔2025〕 in 六角括号, no 第, no leading zeros: 某商发〔2025〕12号."""
    text = re.sub(r"[\[【(（〔]\s*(\d{4})\s*[\]】)）〕]", r"〔\1〕", text.strip())
    return re.sub(r"〕\s*第?\s*0*(\d+)\s*号$", r"〕\1号", text)


def _scalar(key: str, node: Any, path: Path | str | None, line: int) -> str:
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        raise InputError(
            f"字段「{key}」应当是一行文字" + ("或一个列表" if key in _LIST_FIELDS else ""),
            path=path,
            line=line,
            field=key,
            fix=f"例如：{key}: …" if key not in _LIST_FIELDS else f"例如：{key}: [甲, 乙]",
        )
    return str(node.value).strip()


def format_front_matter(values: dict[str, Any]) -> str:
    """The front-matter block for these values (FIELDS order; empty ones left out), or ""."""
    import yaml

    data: dict[str, Any] = {}
    for key in FIELDS:
        value = values.get(key)
        if value in (None, "", [], ()):
            continue
        if key in _LIST_FIELDS:
            value = [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
        else:
            value = str(value)
        data[key] = value
    if not data:
        return ""
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
    return f"---\n{dumped}---\n\n"
