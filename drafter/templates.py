"""The template library: where templates are found, what types they define, and rendering one.

Search path (most specific first, as in mkdocs: a type found earlier overrides a later one):
  1. folders given with `--templates DIR` (the `extra` argument, repeatable),
  2. folders in the environment variable DRAFTER_TEMPLATES (os.pathsep-separated),
  3. `./drafter-templates/` in the current folder,
  4. `templates/` in the user's config folder (drafter.paths.user_config_dir()),
  5. the built-in `templates/` shipped with drafter.
A type's template may instead build on the next one down: `{% extends "super:工作汇报/template.md.j2" %}`
names the first folder BELOW the current template's own that holds that file, so a user
template can override one block of a built-in. meta.yaml keys are merged over the parent's,
and a schema.yaml with `extends: true` adds its fields to the parent's.

User templates are untrusted: they render in drafter.sandbox (guarded loader, immutable
sandbox, bounded time and size). Every problem in a user template, schema or meta is a
TemplateError naming the file and line; one broken type never stops the others from
loading (`broken_types` lists them).

Stock language is not chosen here: drafter.phrasing owns the bank and the picker whose
helpers a render receives.
"""

from __future__ import annotations

import copy
import difflib
import functools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from drafter.facts import FIELD_TYPES  # one list of field types: facts.py owns them
from drafter.errors import DrafterError, TemplateError, yaml_problem
from drafter.phrasing.picker import PhrasePicker
from drafter.sandbox import SUPER_PREFIX, bounded_render, make_env, read_text, syntax_error

TEMPLATES_ENV = "DRAFTER_TEMPLATES"
CWD_TEMPLATES = "drafter-templates"
TEMPLATE_FILE = "template.md.j2"
SCHEMA_FILE = "schema.yaml"
EXAMPLE_FILE = "example.yaml"
META_FILE = "meta.yaml"
PHRASES_FILE = "phrases.json"  # a type's own phrase bank (written by `templates learn`)



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


def user_templates_dir() -> Path:
    """The user's own templates folder (in the per-user config folder; may not exist)."""
    from drafter.paths import user_config_dir

    return user_config_dir() / "templates"


def template_search_path(extra: Iterable[Path | str] | Path | str | None = None) -> tuple[Path, ...]:
    """The ordered template folders, most specific first (see the module docstring)."""
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
    for implicit in (Path.cwd() / CWD_TEMPLATES, user_templates_dir()):
        if implicit.is_dir():
            folders.append(implicit)
    folders.append(builtin_templates_dir())
    seen: list[Path] = []
    real: set[Path] = set()
    for folder in folders:
        key = folder.resolve()
        if key not in real:
            real.add(key)
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
    provenance: str  # mined / derived / learned, in words a user reads
    phrase_types: tuple[str, ...]  # corpus types whose phrases this template draws on
    phrase_sources: str = ""
    title_patterns: tuple[str, ...] = ()  # e.g. 关于{时间}{主题}情况的汇报, first that fits
    root: int = 0  # index on the search path of the folder holding this type
    parent: TypeInfo | None = None  # the same type one level down, which this one hides
    extends: bool = False  # the template extends the parent's ("super:") and overrides blocks

    @property
    def builtin(self) -> bool:
        return self.folder.parent.resolve() == builtin_templates_dir().resolve()


@dataclass(frozen=True)
class BrokenType:
    """A user type folder that could not be loaded, and why (the others still load)."""

    name: str
    folder: Path
    error: DrafterError



def _read_yaml(path: Path) -> Any:
    """A template-library YAML file, parsed once per version of the file (a fresh copy each
    time: callers may change what they get)."""
    try:
        stat = path.lstat()
        stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    except OSError:
        stamp = (0, 0, 0)  # read_text reports it
    return copy.deepcopy(_parse_yaml(path, stamp))


@functools.lru_cache(maxsize=64)
def _parse_yaml(path: Path, stamp: tuple[int, int, int]) -> Any:
    text = read_text(path)
    try:
        # libyaml's loader when PyYAML has it: 7x faster, and `new` reads every type's meta.yaml.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError as exc:
        problem, line = yaml_problem(exc)
        raise TemplateError(
            f"模板配置文件不是有效的 YAML（{problem or exc}）",
            path=path,
            line=line,
            fix="修正该行的 YAML 语法。",
        ) from None
    except RecursionError:
        raise TemplateError("模板配置文件嵌套过深", path=path, fix="减少 YAML 的嵌套层数。") from None


def _key_line(path: Path, key: str) -> int | None:
    """The line where `key:` is written in a YAML file, for messages about its value."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    pattern = re.compile(rf"^\s*(-\s*)?['\"]?{re.escape(key)}['\"]?\s*:", re.M)
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None


_META_LISTS = ("aliases", "skeleton", "title", "phrase_types")
_META_TEXTS = ("name", "description", "provenance", "phrase_sources")


def _read_meta(path: Path) -> dict[str, Any]:
    """meta.yaml checked key by key, so a wrong value is reported at its line."""
    meta = _read_yaml(path)
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise TemplateError("meta.yaml 的顶层必须是「键: 值」映射", path=path, line=1)
    for key in _META_TEXTS:
        value = meta.get(key)
        if value is not None and not isinstance(value, (str, int, float)):
            raise TemplateError(
                f"meta.yaml 的「{key}」应当是一段文字", path=path, line=_key_line(path, str(key)),
                fix=f"写成 {key}: 文字。",
            )
    for key in _META_LISTS:
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            meta[key] = [value]
        elif not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            raise TemplateError(
                f"meta.yaml 的「{key}」应当是文字列表",
                path=path,
                line=_key_line(path, key),
                fix=f"写成 {key}: [甲, 乙]。",
            )
    return meta


def _info_from_meta(meta: dict[str, Any], folder: Path, root: int, parent: TypeInfo | None, extends: bool) -> TypeInfo:
    name = str(meta.get("name") or folder.name).strip()
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
        root=root,
        parent=parent,
        extends=extends,
    )


_EXTENDS_SUPER = re.compile(r"\{%-?\s*extends\s+['\"]" + re.escape(SUPER_PREFIX))


def list_types(search_path: Sequence[Path] | None = None) -> list[TypeInfo]:
    """Every type on the search path (a more specific folder hides a built-in one), by name."""
    from drafter.model import DOC_TYPES

    types = _library(_key(search_path)).types.values()
    order = {name: i for i, name in enumerate((*DOC_TYPES[:2], "表态发言", *DOC_TYPES[2:]))}
    return sorted(types, key=lambda t: (order.get(t.name, len(order)), t.name))


def broken_types(search_path: Sequence[Path] | None = None) -> list[BrokenType]:
    """User type folders that could not be loaded, each with its error."""
    return list(_library(_key(search_path)).broken)


def resolve_type(name: str, search_path: Sequence[Path] | None = None) -> TypeInfo:
    """The type called `name` or one of its aliases; TemplateError with a suggestion otherwise."""
    library = _library(_key(search_path))
    key = name.strip()
    if key in library.types:
        return library.types[key]
    if key in library.aliases:
        return library.types[library.aliases[key]]
    for broken in library.broken:
        if key in (broken.name, broken.folder.name):
            raise broken.error
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
    """The type's schema: its own schema.yaml (or the parent's), with `extends: true`
    adding its fields to the parent's. Checked field by field; errors name the line."""
    own = info.folder / SCHEMA_FILE
    if not own.is_file() and not own.is_symlink():
        if info.parent is not None:
            return load_schema(info.parent)
        found = _find_file(info, SCHEMA_FILE, search_path)
        return _check_schema(_read_yaml(found), found)
    schema = _check_schema(_read_yaml(own), own)
    if schema.get("extends"):
        if info.parent is None:
            raise TemplateError(
                "schema.yaml 写了 extends，但下层没有同名文种可以继承",
                path=own,
                line=_key_line(own, "extends"),
                fix="删去 extends，或让文件夹名与要继承的文种同名。",
            )
        base = load_schema(info.parent)
        schema = {**base, **{k: v for k, v in schema.items() if k != "extends"},
                  "fields": {**base["fields"], **schema["fields"]}}
    return schema


def _check_schema(schema: Any, path: Path) -> dict[str, Any]:
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), dict):
        raise TemplateError(
            "schema.yaml 必须有 fields 映射",
            path=path,
            line=_key_line(path, "fields") or 1,
            fix="写成 fields: 下面每个字段一项，每项含 type、required、description。",
        )
    _check_fields(schema["fields"], path, "")
    return schema


def _check_fields(fields: dict[Any, Any], path: Path, prefix: str) -> None:
    for name, spec in fields.items():
        where = f"{prefix}{name}"
        if not isinstance(spec, dict):
            raise TemplateError(
                f"schema.yaml 中字段「{where}」的定义应当是映射（含 type、required、description），而不是「{spec}」",
                path=path,
                line=_key_line(path, str(name)),
                fix=f"写成 {name}: {{type: text, required: true, description: 说明}}。",
            )
        kind = spec.get("type", "text")
        if kind not in FIELD_TYPES:
            raise TemplateError(
                f"schema.yaml 中字段「{where}」的类型「{kind}」不认识",
                path=path,
                line=_key_line(path, str(name)),
                fix=f"type 只能是 {'、'.join(FIELD_TYPES)} 之一。",
            )
        if "required" in spec and not isinstance(spec["required"], bool):
            raise TemplateError(
                f"schema.yaml 中字段「{where}」的 required 应当是 true 或 false",
                path=path, line=_key_line(path, str(name)),
            )
        items = spec.get("items")
        if items is not None:
            if not isinstance(items, dict):
                raise TemplateError(
                    f"schema.yaml 中字段「{where}」的 items 应当是映射", path=path, line=_key_line(path, str(name))
                )
            _check_fields({"（列表项）": items}, path, f"{where}.")
        sub = spec.get("fields")
        if sub is not None:
            if not isinstance(sub, dict):
                raise TemplateError(
                    f"schema.yaml 中字段「{where}」的 fields 应当是映射", path=path, line=_key_line(path, str(name))
                )
            _check_fields(sub, path, f"{where}.")


def example_path(info: TypeInfo, search_path: Sequence[Path] | None = None) -> Path:
    own = info.folder / EXAMPLE_FILE
    if own.is_file():
        return own
    if info.parent is not None:
        return example_path(info.parent)
    return _find_file(info, EXAMPLE_FILE, search_path)


def type_phrases_path(info: TypeInfo) -> Path | None:
    """The type's own phrase file (phrases.json in its folder or a parent's), if any."""
    current: TypeInfo | None = info
    while current is not None:
        candidate = current.folder / PHRASES_FILE
        if candidate.is_file() and not candidate.is_symlink():
            return candidate
        current = current.parent
    return None


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



@dataclass
class _Library:
    search_path: tuple[Path, ...]
    env: Any  # the sandboxed environment
    types: dict[str, TypeInfo] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    broken: list[BrokenType] = field(default_factory=list)


def _key(search_path: Sequence[Path] | None) -> tuple[tuple[Path, ...], tuple[int, ...]]:
    """The cache key of a library: its folders and the modification stamps of the user's
    ones, so a type folder added or edited in a long-running process is seen."""
    path = tuple(search_path or template_search_path())
    builtin = builtin_templates_dir().resolve()
    stamps: list[int] = []
    for folder in path:
        if Path(folder).resolve() == builtin:
            continue
        try:
            stamps.append(Path(folder).stat().st_mtime_ns)
            for sub in sorted(Path(folder).iterdir()):
                stamps.append(sub.stat().st_mtime_ns if sub.is_dir() else 0)
                for name in (META_FILE, SCHEMA_FILE):
                    candidate = sub / name
                    stamps.append(candidate.stat().st_mtime_ns if candidate.is_file() else 0)
        except OSError:
            stamps.append(-1)
    return path, tuple(stamps)


def _library(key: tuple[tuple[Path, ...], tuple[int, ...]]) -> _Library:
    return _build_library(*key)


@functools.lru_cache(maxsize=16)
def _build_library(search_path: tuple[Path, ...], stamps: tuple[int, ...]) -> _Library:
    library = _Library(search_path, make_env(search_path))
    types: dict[str, TypeInfo] = {}
    broken: dict[str, BrokenType] = {}
    # From the built-ins up, so each type knows the one it hides (its parent).
    for root in reversed(range(len(search_path))):
        folder = Path(search_path[root])
        if not folder.is_dir():
            continue
        try:
            subs = sorted(folder.iterdir())
        except OSError:
            continue
        for sub in subs:
            if sub.name.startswith(("_", ".")) or not (sub.is_dir() or sub.is_symlink()):
                continue
            try:
                info = _load_type(sub, root, types)
            except DrafterError as exc:
                broken[sub.name] = BrokenType(sub.name, sub, exc)
                types.pop(sub.name, None)  # never fall back silently to the hidden one
                continue
            if info is None:
                continue
            broken.pop(info.name, None)
            types[info.name] = info
    library.types = types
    library.broken = sorted(broken.values(), key=lambda b: str(b.folder))
    for info in types.values():
        for alias in info.aliases:
            library.aliases.setdefault(alias, info.name)
    return library


def _load_type(sub: Path, root: int, below: dict[str, TypeInfo]) -> TypeInfo | None:
    if sub.is_symlink():
        raise TemplateError(
            "模板文件夹是符号链接，不予读取（出于安全考虑）", path=sub, fix="把链接换成真正的文件夹。"
        )
    meta_path, template_path = sub / META_FILE, sub / TEMPLATE_FILE
    if not (meta_path.exists() or meta_path.is_symlink() or template_path.exists() or template_path.is_symlink()):
        return None
    meta = _read_meta(meta_path) if (meta_path.exists() or meta_path.is_symlink()) else {}
    name = str(meta.get("name") or sub.name).strip()
    parent = below.get(name)
    if parent is not None:
        # An override keeps what it does not restate (aliases, title patterns...).
        meta = {**_parent_meta(parent), **meta}
    elif not template_path.is_file():
        raise TemplateError(
            f"文种「{name}」缺少 {TEMPLATE_FILE}", path=template_path, fix=f"在 {sub} 中放入 {TEMPLATE_FILE}。"
        )
    extends = bool(template_path.is_file() and _EXTENDS_SUPER.search(read_text(template_path)))
    return _info_from_meta(meta, sub, root, parent, extends)


def _parent_meta(info: TypeInfo) -> dict[str, Any]:
    return {
        "name": info.name,
        "aliases": list(info.aliases),
        "description": info.description,
        "skeleton": list(info.skeleton),
        "provenance": info.provenance,
        "phrase_types": list(info.phrase_types),
        "phrase_sources": info.phrase_sources,
        "title": list(info.title_patterns),
    }


def template_environment(search_path: Sequence[Path] | None = None) -> Any:
    """The sandboxed Jinja2 environment of a search path (for `templates check`)."""
    return _library(_key(search_path)).env


def template_name(info: TypeInfo) -> str:
    """The loader name of a type's own template, pinned to its folder on the search path."""
    return f"@{info.root}/{info.folder.name}/{TEMPLATE_FILE}"


# ---------------------------------------------------------------- rendering


def render_template(
    info: TypeInfo,
    context: dict[str, Any],
    *,
    picker: PhrasePicker,
    search_path: Sequence[Path] | None = None,
) -> str:
    """Render a type's template with the facts in `context` and the picker's helpers,
    bounded in time (RENDER_SECONDS) and size (MAX_OUTPUT_CHARS)."""
    from jinja2 import TemplateError as JinjaTemplateError
    from jinja2 import TemplateSyntaxError

    library = _library(_key(search_path))
    name = template_name(info)
    try:
        template = library.env.get_template(name)
    except TemplateSyntaxError as exc:
        raise syntax_error(exc) from None
    except DrafterError:
        raise
    except JinjaTemplateError as exc:
        raise TemplateError(f"找不到模板（{exc}）", template=name, fix="检查模板文件夹。") from None
    return bounded_render(template, {**context, **picker.helpers()})


