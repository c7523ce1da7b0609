"""The conventions layer: standard 公文 formulas a drafting tool cannot leave empty because the
seed documents did not repeat them (现将有关情况汇报如下：, 特此报告。, 谢谢大家！).

A curated, versioned YAML file (templates/_shared/conventions.yaml) organised by document
type × position (announce, lead_in per role, closing, ...), several variants each. It holds
no fact of its own: only `{slot}`s filled from the facts (ALLOWED_SLOTS). Found like a
template: the first folder on the template search path with `_shared/conventions.yaml`
wins, so a user's folder replaces the bundled file as a whole.

The picker asks the mined bank first and falls back to these (corpus wins)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from drafter.errors import TemplateError
from drafter.phrasing.bank import Phrase

CONVENTIONS_FILE = Path("_shared") / "conventions.yaml"
VERSION = 1
ALLOWED_SLOTS = (
    "主题", "主题工作", "单位", "自称", "上级", "时间", "会议", "讲话人", "地区", "称呼", "代表", "施行日期",
)
# The phrase kind each position is listed under in `drafter phrases`.
POSITION_KINDS = {
    "announce": "opening",
    "preamble": "opening",
    "salutation": "opening",
    "turn": "opening",
    "thanks": "opening",
    "problems": "lead_in",
    "pledge_intro": "opening",
    "lead_in": "lead_in",
    "heading": "heading_pattern",
    "closing": "closing",
    "call": "closing",
    "pledge_close": "closing",
    "thanks_end": "closing",
    "follow": "formula",
}
ANY_TYPE = "通用"  # conventions usable in every type
ROLE_POSITIONS = ("lead_in", "heading")  # positions whose variants are listed per section role
_SLOT_RE = re.compile(r"\{([^{}]*)\}")
# A sentence a template can stand on its own: a lead-in that ends in ， would dangle.
_ENDS = {"heading": None, "follow": None, "salutation": "：", "announce": "：", "lead_in": "：。", "problems": "："}


def find_conventions(search_path: Sequence[Path]) -> Path | None:
    """The conventions file in force: the first template folder holding one."""
    for folder in search_path:
        candidate = Path(folder) / CONVENTIONS_FILE
        if candidate.is_file():
            return candidate
    return None


def load_conventions(search_path: Sequence[Path]) -> tuple[Phrase, ...]:
    """Every convention on the search path's conventions file, as phrases with
    source "convention"; () when no folder has one."""
    path = find_conventions(search_path)
    if path is None:
        return ()
    return _load_cached(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _load_cached(path: Path, stamp: int) -> tuple[Phrase, ...]:
    import yaml

    from drafter.errors import yaml_problem

    try:
        # libyaml where installed: the pure-Python parser spends ~60 ms of a `drafter new` here.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError as exc:
        problem, line = yaml_problem(exc)
        raise TemplateError(
            f"惯用语文件不是有效的 YAML（{problem or exc}）", path=path, line=line, fix="修正该行的 YAML 语法。"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"无法读取惯用语文件（{exc}）", path=path, fix="确认文件是 UTF-8 文本。") from None
    return parse_conventions(data, path)


def _problem(path: Path | None, where: str, message: str, fix: str) -> TemplateError:
    return TemplateError(f"惯用语文件有误：{where}{message}", path=path, fix=fix)


def parse_conventions(data: Any, path: Path | None = None) -> tuple[Phrase, ...]:
    """Validate the file's data and turn it into phrases; TemplateError naming the place."""
    if not isinstance(data, dict) or not isinstance(data.get("conventions"), dict):
        raise _problem(path, "", "顶层要有 conventions 映射", "照内置的 templates/_shared/conventions.yaml 的格式书写。")
    if data.get("version") != VERSION:
        raise _problem(path, "", f"version 应为 {VERSION}", f"在文件开头写上「version: {VERSION}」。")
    phrases: list[Phrase] = []
    for type_name, positions in data["conventions"].items():
        if not isinstance(positions, dict):
            raise _problem(path, f"「{type_name}」", "下面应是「位置: 说法列表」", "参照内置文件的写法。")
        for position, value in positions.items():
            where = f"「{type_name}」的「{position}」"
            if position not in POSITION_KINDS:
                known = "、".join(POSITION_KINDS)
                raise _problem(path, where, "不是已知的位置", f"位置只能是：{known}。")
            if position in ROLE_POSITIONS:
                if not isinstance(value, dict):
                    raise _problem(path, where, "应按部分角色分列（角色: 说法列表）", "参照内置文件的写法。")
                groups = [(str(role), texts) for role, texts in value.items()]
            else:
                groups = [("", value)]
            for role, texts in groups:
                place = f"{where}{'的「' + role + '」' if role else ''}"
                phrases.extend(_variants(path, place, str(type_name), str(position), role, texts))
    return tuple(phrases)


def _variants(path: Path | None, where: str, type_name: str, position: str, role: str, texts: Any) -> list[Phrase]:
    if not isinstance(texts, list) or not texts:
        raise _problem(path, where, "应是至少一种说法的列表", "每种说法一行，以「- 」开头。")
    out = []
    for index, text in enumerate(texts, start=1):
        if not isinstance(text, str) or not text.strip():
            raise _problem(path, f"{where}第 {index} 种说法", "是空的或不是文字", "写成一句话，或删去这一项。")
        text = text.strip()
        slots = tuple(_SLOT_RE.findall(text))
        unknown = [s for s in slots if s not in ALLOWED_SLOTS]
        if unknown:
            raise _problem(
                path, f"{where}第 {index} 种说法", f"用了未知的槽位「{{{unknown[0]}}}」",
                f"槽位只能是：{'、'.join('{' + s + '}' for s in ALLOWED_SLOTS)}。",
            )
        if re.search(r"[0-9０-９]", _SLOT_RE.sub("", text)):
            raise _problem(path, f"{where}第 {index} 种说法", "含有数字", "惯用语里不写事实：数字请放在事实文件里。")
        ends = _ENDS.get(position, "。！：")
        if ends and not text.endswith(tuple(ends)):
            raise _problem(path, f"{where}第 {index} 种说法", "不是完整的一句话", f"以「{'」或「'.join(ends)}」结尾。")
        out.append(
            Phrase(
                id=f"convention:{type_name}:{position}:{role}:{index}",
                text=text,
                kind=POSITION_KINDS[position],
                slots=slots,
                types=(type_name,),
                roles=(role,) if role else (),
                count=0,
                docs=0,
                source="convention",
                position=position,
            )
        )
    return out


# ---------------------------------------------------------------- derived slots

# How a unit refers to itself (某某县商务局 -> 我局): by the kind of body its name ends in.
_SELF_NAMES = (
    ("人民政府", None), ("街道办事处", "我街道"), ("委员会", "我委"), ("办公室", "我办"), ("中心", "我中心"),
    ("公司", "我公司"), ("局", "我局"), ("委", "我委"), ("办", "我办"), ("院", "我院"), ("所", "我所"),
    ("站", "我站"), ("厅", "我厅"), ("镇", "我镇"), ("乡", "我乡"), ("街道", "我街道"),
)
_GOVERNMENT_OF = {"镇": "我镇", "乡": "我乡", "县": "我县", "市": "我市", "区": "我区"}


def self_name(unit: str) -> str:
    """我局 / 我镇 / …: how the unit calls itself; "" when its name does not say."""
    unit = unit.strip()
    for ending, name in _SELF_NAMES:
        if unit.endswith(ending):
            if name is None:  # 某某镇人民政府 -> 我镇
                return _GOVERNMENT_OF.get(unit[: -len(ending)][-1:], "")
            return name
    return ""


def topic_work(topic: str) -> str:
    """主题 as the matter of work (防汛 -> 防汛工作); "" for a topic that is not a matter of
    work (全县民营经济发展情况) or too long to repeat."""
    topic = topic.strip()
    if not topic or len(topic) > 14 or topic.endswith(("情况", "问题", "调研", "报告", "意见", "计划")):
        return ""
    return topic if topic.endswith("工作") else topic + "工作"


__all__ = ["ALLOWED_SLOTS", "POSITION_KINDS", "find_conventions", "load_conventions", "parse_conventions", "self_name", "topic_work"]
