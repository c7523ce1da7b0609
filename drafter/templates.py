"""The template library: where templates are found, and the sandboxed environment that renders them.

Search path (most specific first; the first folder holding a file wins, as in mkdocs):
  1. folders given with `--templates DIR` (the `extra` argument),
  2. folders in the environment variable DRAFTER_TEMPLATES (os.pathsep-separated),
  3. the built-in `templates/` shipped with drafter.
The whole path goes to ONE Jinja2 FileSystemLoader inside a SandboxedEnvironment
(templates may come from users) with StrictUndefined (a misspelt variable fails
loudly). The environment is built once per search path and reused across renders.

Stock language is not chosen here: drafter.phrasing owns the bank and the picker whose
helpers a render receives.
"""

from __future__ import annotations

import difflib
import functools
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from drafter.errors import TemplateError, yaml_problem
from drafter.phrasing.picker import PhrasePicker
from drafter.text import cn_number, compose, sentence, strip_end

TEMPLATES_ENV = "DRAFTER_TEMPLATES"
TEMPLATE_FILE = "template.md.j2"
SCHEMA_FILE = "schema.yaml"
EXAMPLE_FILE = "example.yaml"
META_FILE = "meta.yaml"



# ---------------------------------------------------------------- search path


def _builtin_dir(installed: str, checkout: str) -> Path:
    """A data folder shipped with drafter: inside the package when installed from a
    wheel (pyproject maps it there), beside the package in a checkout."""
    package = Path(__file__).resolve().parent
    # The installed name first: in site-packages, "../templates" could be anyone's.
    for candidate in (package / installed, package.parent / checkout):
        if candidate.is_dir():
            return candidate
    return package.parent / checkout


def builtin_templates_dir() -> Path:
    """The templates shipped with drafter."""
    return _builtin_dir("_templates", "templates")


def template_search_path(extra: Iterable[Path | str] | Path | str | None = None) -> tuple[Path, ...]:
    """The ordered template folders: --templates, then $DRAFTER_TEMPLATES, then built-ins."""
    if isinstance(extra, (str, Path)):
        extra = [extra]
    folders: list[Path] = [Path(p) for p in (extra or [])]
    for folder in folders:
        if not folder.is_dir():
            raise TemplateError(
                "模板文件夹不存在", path=folder, fix="检查 --templates 后的路径是否正确。"
            )
    env_value = os.environ.get(TEMPLATES_ENV, "")
    folders += [Path(p) for p in env_value.split(os.pathsep) if p.strip()]
    folders.append(builtin_templates_dir())
    seen: list[Path] = []
    for folder in folders:
        if folder not in seen:
            seen.append(folder)
    return tuple(seen)


# ---------------------------------------------------------------- types


@dataclass(frozen=True)
class TypeInfo:
    """A document type the library can draft, as its meta.yaml describes it."""

    name: str
    aliases: tuple[str, ...]
    description: str
    folder: Path  # the most specific folder holding this type
    skeleton: tuple[str, ...]  # role sequence the template follows
    provenance: str  # mined / derived, in words a user reads
    phrase_types: tuple[str, ...]  # corpus types whose phrases this template draws on
    phrase_sources: str = ""
    title_patterns: tuple[str, ...] = ()  # e.g. 关于{时间}{主题}情况的汇报, first that fits


def _read_yaml(path: Path) -> Any:
    try:
        # libyaml's loader when PyYAML has it: 7x faster, and `new` reads every type's meta.yaml.
        return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError as exc:
        problem, line = yaml_problem(exc)
        raise TemplateError(
            f"模板配置文件不是有效的 YAML（{problem or exc}）",
            path=path,
            line=line,
            fix="修正该行的 YAML 语法。",
        ) from None
    except OSError as exc:
        raise TemplateError(f"无法读取模板文件（{exc.strerror}）", path=path) from None


def _type_info(folder: Path) -> TypeInfo:
    meta_path = folder / META_FILE
    meta = _read_yaml(meta_path) if meta_path.is_file() else {}
    if not isinstance(meta, dict):
        raise TemplateError("meta.yaml 的顶层必须是映射", path=meta_path)
    name = str(meta.get("name") or folder.name)
    return TypeInfo(
        name=name,
        aliases=tuple(str(a) for a in meta.get("aliases") or ()),
        description=str(meta.get("description") or ""),
        folder=folder,
        skeleton=tuple(str(r) for r in meta.get("skeleton") or ()),
        provenance=str(meta.get("provenance") or "").strip(),
        phrase_types=tuple(str(t) for t in meta.get("phrase_types") or (name,)),
        phrase_sources=str(meta.get("phrase_sources") or "").strip(),
        title_patterns=tuple(str(t) for t in meta.get("title") or ()),
    )


def list_types(search_path: Sequence[Path] | None = None) -> list[TypeInfo]:
    """Every type on the search path (a more specific folder hides a built-in one), by name."""
    from drafter.model import DOC_TYPES

    types = _library(tuple(search_path or template_search_path())).types.values()
    order = {name: i for i, name in enumerate((*DOC_TYPES[:2], "表态发言", *DOC_TYPES[2:]))}
    return sorted(types, key=lambda t: (order.get(t.name, len(order)), t.name))


def resolve_type(name: str, search_path: Sequence[Path] | None = None) -> TypeInfo:
    """The type called `name` or one of its aliases; TemplateError with a suggestion otherwise."""
    library = _library(tuple(search_path or template_search_path()))
    key = name.strip()
    if key in library.types:
        return library.types[key]
    if key in library.aliases:
        return library.types[library.aliases[key]]
    known = list(library.types) + list(library.aliases)
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.3)
    if not close:
        close = [k for k in known if key and (key in k or k in key)][:1]
    suggestion = library.aliases.get(close[0], close[0]) if close else ""
    hint = f"是不是「{suggestion}」？" if close else ""
    raise TemplateError(
        f"没有「{key}」这种文种",
        fix=f"{hint}可用文种：{'、'.join(library.types)}（用 `drafter types` 查看）。",
    )


def load_schema(info: TypeInfo, search_path: Sequence[Path] | None = None) -> dict[str, Any]:
    path = _find_file(info, SCHEMA_FILE, search_path)
    schema = _read_yaml(path)
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), dict):
        raise TemplateError("schema.yaml 必须有 fields 映射", path=path)
    return schema


def example_path(info: TypeInfo, search_path: Sequence[Path] | None = None) -> Path:
    return _find_file(info, EXAMPLE_FILE, search_path)


def _find_file(info: TypeInfo, filename: str, search_path: Sequence[Path] | None) -> Path:
    for folder in search_path or template_search_path():
        candidate = Path(folder) / info.folder.name / filename
        if candidate.is_file():
            return candidate
    raise TemplateError(
        f"文种「{info.name}」缺少 {filename}",
        path=info.folder / filename,
        fix=f"在模板文件夹 {info.folder} 中补上 {filename}。",
    )


# ---------------------------------------------------------------- the environment


@dataclass
class _Library:
    search_path: tuple[Path, ...]
    env: Any  # jinja2.sandbox.SandboxedEnvironment
    types: dict[str, TypeInfo] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)


@functools.lru_cache(maxsize=16)
def _library(search_path: tuple[Path, ...]) -> _Library:
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        loader=FileSystemLoader([str(p) for p in search_path], encoding="utf-8"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["sentence"] = sentence
    env.filters["cn_number"] = cn_number
    env.filters["strip_end"] = strip_end
    env.globals["cn_number"] = cn_number
    env.globals["compose"] = compose
    library = _Library(search_path, env)
    for folder in search_path:
        if not Path(folder).is_dir():
            continue
        for sub in sorted(Path(folder).iterdir()):
            if not sub.is_dir() or sub.name.startswith(("_", ".")):
                continue
            if not ((sub / META_FILE).is_file() or (sub / TEMPLATE_FILE).is_file()):
                continue
            info = _type_info(sub)
            if info.name in library.types:
                continue  # a more specific folder already provides it
            library.types[info.name] = info
    for info in library.types.values():
        for alias in info.aliases:
            library.aliases.setdefault(alias, info.name)
    return library


def render_template(
    info: TypeInfo,
    context: dict[str, Any],
    *,
    picker: PhrasePicker,
    search_path: Sequence[Path] | None = None,
) -> str:
    """Render a type's template with the facts in `context` and the picker's helpers."""
    from jinja2 import TemplateError as JinjaTemplateError
    from jinja2 import TemplateSyntaxError

    library = _library(tuple(search_path or template_search_path()))
    name = f"{info.folder.name}/{TEMPLATE_FILE}"
    try:
        template = library.env.get_template(name)
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"模板语法错误：{exc.message}",
            path=exc.filename or name,
            line=exc.lineno,
            fix="修正模板该行的 Jinja2 语法（{{ }}、{% %} 是否成对）。",
        ) from None
    except JinjaTemplateError as exc:
        raise TemplateError(f"找不到模板（{exc}）", template=name, fix="检查模板文件夹。") from None
    try:
        return template.render({**context, **picker.helpers()})
    except JinjaTemplateError as exc:
        filename, line = _template_frame(template.filename)
        raise TemplateError(
            f"模板渲染失败：{exc}",
            path=filename or template.filename,
            line=line,
            fix="模板引用了不存在的变量或写法有误；用 `drafter facts 类型` 查看可用字段。",
        ) from None


def _template_frame(filename: str | None) -> tuple[str | None, int | None]:
    """The template file and line where rendering failed, from Jinja's rewritten traceback."""
    tb = sys.exc_info()[2]
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        code_file = tb.tb_frame.f_code.co_filename
        if code_file.endswith(".j2") or code_file == filename:
            found = (code_file, tb.tb_lineno)
        tb = tb.tb_next
    return found
