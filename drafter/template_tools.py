"""Working on templates: list the library, copy a built-in out to edit, check a template folder.

`templates learn` (a type from the user's own documents) lives in drafter/learn.py.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafter.errors import DrafterError, OutputError, TemplateError
from drafter.phrasing.picker import SLOT_NAMES
from drafter.sandbox import excerpt, syntax_error
from drafter.templates import (
    BrokenType,
    CWD_TEMPLATES,
    META_FILE,
    TEMPLATE_FILE,
    TypeInfo,
    broken_types,
    builtin_templates_dir,
    list_types,
    load_schema,
    resolve_type,
    template_environment,
    template_name,
    template_search_path,
)

# Names a template may use without declaring them in its schema: the core facts drafting
# always defines (drafter.draft.CORE_FIELDS) and Jinja2's own loop/namespace names.
_ALWAYS_DEFINED = ("标题", "主送", "单位", "上级", "时间", "主题", "日期", "loop", "super", "self", "varargs", "kwargs")


# ---------------------------------------------------------------- list


def library_listing(search_path: tuple[Path, ...]) -> str:
    """`templates list`: the search path, every type with its folder and what it overrides
    or extends, and every broken user type with its error. Never fails on a broken type."""
    lines = ["模板搜索路径（靠前的优先）："]
    lines += [f"  {i + 1}. {folder}" for i, folder in enumerate(search_path)]
    lines.append("文种：")
    broken = broken_types(search_path)
    for info in list_types(search_path):
        error = None if info.builtin else _load_problem(info, search_path)
        if error is not None:
            broken.append(BrokenType(info.name, info.folder, error))
            continue
        lines.append(f"  {info.name}\t{info.folder}{_relation(info)}")
    if broken:
        lines.append("损坏的模板（其余文种不受影响）：")
        for item in broken:
            first = item.error.user_message().splitlines()[0]
            lines.append(f"  {item.name}\t{item.folder}\t{first}")
    return "\n".join(lines) + "\n"


def _load_problem(info: TypeInfo, search_path: tuple[Path, ...]) -> DrafterError | None:
    """Why a user type cannot be drafted (its schema or template does not load), or None."""
    from jinja2 import TemplateSyntaxError

    try:
        load_schema(info, search_path)
        env = template_environment(search_path)
        source, filename, _ = env.loader.get_source(env, template_name(info))
        env.parse(source, template_name(info), filename)
    except TemplateSyntaxError as exc:
        return syntax_error(exc)
    except DrafterError as exc:
        return exc
    return None


def _relation(info: TypeInfo) -> str:
    if info.parent is None:
        return "" if info.builtin else "（新文种）"
    below = "内置模板" if info.parent.builtin else str(info.parent.folder)
    if info.extends:
        return f"（继承 {below}，只改写部分块）"
    return f"（整体覆盖 {below}）"


# ---------------------------------------------------------------- init


def init_template(type_name: str, *, as_name: str | None = None, to_dir: Path | None = None) -> Path:
    """Copy a built-in type's folder out for editing; refuses to overwrite anything.

    With `as_name` the copy is a new type of that name (no aliases, so it never shadows
    the built-in's other names). Returns the new folder."""
    builtin = (builtin_templates_dir(),)
    info = resolve_type(type_name, builtin)
    name = (as_name or info.name).strip()
    if not name or re.search(r"[\\/:*?\"<>|\s]", name) or name.startswith((".", "_")):
        raise TemplateError(
            f"「{name}」不能作为文种名",
            fix="文种名用中文或字母，不含空格、斜杠和 \\ / : * ? \" < > | 等符号，也不以 . 或 _ 开头。",
        )
    target_dir = Path(to_dir) if to_dir is not None else Path.cwd() / CWD_TEMPLATES
    target = target_dir / name
    if target.exists() or target.is_symlink():
        raise OutputError(
            f"文件夹已存在：{target}，未覆盖",
            path=target,
            fix="换一个 --as 名字或 --to 文件夹，或先把已有的文件夹移走。",
        )
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=target_dir))
    except OSError as exc:
        raise OutputError(f"无法创建文件夹（{exc.strerror}）", path=target_dir) from None
    try:
        for source in sorted(info.folder.iterdir()):
            if source.is_file() and not source.is_symlink():
                text = source.read_bytes()
                if as_name and source.name == META_FILE:
                    text = _renamed_meta(text.decode("utf-8"), info.name, name).encode("utf-8")
                elif as_name and source.suffix == ".yaml":
                    text = text.decode("utf-8").replace(f"--type {info.name}", f"--type {name}").encode("utf-8")
                (staging / source.name).write_bytes(text)
        os.rename(staging, target)  # the folder appears whole or not at all
    except OSError as exc:
        raise OutputError(f"复制模板失败（{exc.strerror}）", path=target) from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


def _renamed_meta(text: str, old: str, new: str) -> str:
    lines = []
    for line in text.splitlines():
        if line.startswith("name:"):
            line = f"name: {new}"
        elif line.startswith("aliases:"):
            line = "aliases: []"
        elif line.startswith("provenance:"):
            line = f"provenance: \"由内置「{old}」模板复制后修改\""
        lines.append(line)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- check


@dataclass(frozen=True)
class CheckProblem:
    path: Path | str | None
    line: int | None
    message: str
    context: tuple[str, ...] = ()

    def describe(self) -> str:
        where = "，".join(p for p in (str(self.path) if self.path else "", f"第 {self.line} 行" if self.line else "") if p)
        head = f"{where}：{self.message}" if where else self.message
        return "\n".join([head, *(f"    {c}" for c in self.context)])


@dataclass(frozen=True)
class CheckReport:
    folders: tuple[Path, ...]
    problems: tuple[CheckProblem, ...]


def check_templates(folder: Path | None = None) -> CheckReport:
    """`templates check [DIR]`: every type folder in DIR (or DIR itself when it is one).

    For each: meta and schema load; the template parses; every variable it uses is in
    its schema and every required field is used; the example validates, renders, and
    the draft passes `drafter check`."""
    folder = Path(folder) if folder is not None else Path.cwd() / CWD_TEMPLATES
    if not folder.is_dir():
        raise TemplateError("模板文件夹不存在", path=folder, fix="给出模板文件夹的路径，如 drafter-templates/工作汇报。")
    if _is_type_folder(folder):
        types = [folder]
    else:
        types = [sub for sub in sorted(folder.iterdir()) if _is_type_folder(sub)]
        if not types:
            raise TemplateError(
                "这个文件夹里没有模板（没有 template.md.j2 或 meta.yaml）",
                path=folder,
                fix="给出某个文种的模板文件夹，或存放若干文种文件夹的上级文件夹。",
            )
    problems: list[CheckProblem] = []
    for sub in types:
        problems += _check_type(sub)
    return CheckReport(tuple(types), tuple(problems))


def _is_type_folder(path: Path) -> bool:
    return path.is_dir() and not path.name.startswith(("_", ".")) and (
        (path / TEMPLATE_FILE).exists() or (path / META_FILE).exists()
    )


def _from_error(exc: DrafterError) -> CheckProblem:
    where = exc.where
    message = exc.message + (f"（{exc.fix}）" if exc.fix else "")
    context = tuple(exc.details) or tuple(excerpt(where.path, where.line))
    if exc.details and where.line is not None and not exc.details[0].lstrip("» ").split("|")[0].strip().isdigit():
        context = tuple(exc.details)
    return CheckProblem(where.path, where.line, message, context)


def _check_type(folder: Path) -> list[CheckProblem]:
    search_path = template_search_path([folder.parent])
    info = next((t for t in list_types(search_path) if t.folder == folder), None)
    if info is None:
        broken = next((b for b in broken_types(search_path) if b.folder == folder), None)
        if broken is not None:
            return [_from_error(broken.error)]
        return [CheckProblem(folder, None, "没有被当作模板加载（文件夹名以 _ 或 . 开头？）")]
    try:
        schema = load_schema(info, search_path)
    except DrafterError as exc:
        return [_from_error(exc)]
    problems = _variable_problems(info, schema, search_path)
    if any(p.message.startswith("模板语法错误") for p in problems):
        return problems
    problems += _example_problems(info, search_path)
    return problems


def _helper_names() -> set[str]:
    from drafter.phrasing import PhraseBank, PhrasePicker

    return set(PhrasePicker(PhraseBank(()), {}, types=()).helpers())


def _variable_problems(info: TypeInfo, schema: dict[str, Any], search_path: tuple[Path, ...]) -> list[CheckProblem]:
    """Undeclared variables in the type's own template; required fields no template uses."""
    from jinja2 import TemplateSyntaxError, meta, nodes

    env = template_environment(search_path)
    fields = schema["fields"]
    ignored = set(env.globals) | _helper_names() | set(_ALWAYS_DEFINED)
    problems: list[CheckProblem] = []
    chain: list[tuple[str, Any]] = []  # (file, parsed tree): the type's template, then what it extends
    name: str | None = template_name(info)
    while name is not None and len(chain) < 20:
        try:
            source, filename, _ = env.loader.get_source(env, name)
            tree = env.parse(source, name, filename)
        except TemplateSyntaxError as exc:
            problems.append(CheckProblem(exc.filename, exc.lineno, f"模板语法错误：{exc.message}", tuple(excerpt(exc.filename, exc.lineno))))
            return problems
        except DrafterError as exc:
            problems.append(_from_error(exc))
            return problems
        except Exception:  # noqa: BLE001 - a missing parent is reported by the render below
            break
        chain.append((filename, tree))
        parent = next(iter(tree.find_all(nodes.Extends)), None)
        current, name = name, None
        if parent is not None and isinstance(parent.template, nodes.Const):
            try:
                name = env.join_path(str(parent.template.value), current)
            except DrafterError as exc:
                problems.append(_from_error(exc))
    # Names a template defines itself ({% set %}, imports, macros) are visible in its blocks,
    # and a parent's in the child's, though Jinja2's analysis reports them per block.
    defined: set[str] = set()
    for _, tree in chain:
        defined |= {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
        defined |= {n.target for n in tree.find_all(nodes.Import)}
        defined |= {n.name for n in tree.find_all(nodes.Macro)}
        for imp in tree.find_all(nodes.FromImport):
            defined |= {t[1] if isinstance(t, tuple) else t for t in imp.names}
    used: set[str] = set()
    for index, (filename, tree) in enumerate(chain):
        undeclared = meta.find_undeclared_variables(tree) - defined
        used |= undeclared
        if index:
            continue
        for var in sorted(undeclared - ignored - set(fields)):
            line = next((n.lineno for n in tree.find_all(nodes.Name) if n.name == var), None)
            problems.append(
                CheckProblem(
                    filename, line,
                    f"模板用到变量「{var}」，但 schema.yaml 里没有这个字段（在 schema.yaml 的 fields 中加上它，或改正拼写）",
                    tuple(excerpt(filename, line)),
                )
            )
    schema_path = _schema_path(info)
    for field_name, spec in fields.items():
        # Slot facts (上级, 时间...) may reach the text through phrases rather than by name.
        if isinstance(spec, dict) and spec.get("required") and field_name not in used and field_name not in SLOT_NAMES:
            line = _field_line(schema_path, field_name)
            problems.append(
                CheckProblem(
                    schema_path, line,
                    f"必填字段「{field_name}」在模板里没有用到（用户填了也不会出现在草稿里）：在模板中使用它，或改为 required: false",
                    tuple(excerpt(schema_path, line)),
                )
            )
    return problems


def _schema_path(info: TypeInfo) -> Path:
    current: TypeInfo | None = info
    while current is not None:
        if (current.folder / "schema.yaml").is_file():
            return current.folder / "schema.yaml"
        current = current.parent
    return info.folder / "schema.yaml"


def _field_line(path: Path, name: str) -> int | None:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(rf"^\s*{re.escape(name)}\s*:", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _example_problems(info: TypeInfo, search_path: tuple[Path, ...]) -> list[CheckProblem]:
    from drafter.check import ERROR, check_markdown
    from drafter.draft import draft_file
    from drafter.templates import example_path

    try:
        example = example_path(info, search_path)
    except DrafterError as exc:
        return [_from_error(exc)]
    try:
        result = draft_file(info.name, example, search_path=search_path)
    except DrafterError as exc:
        problem = _from_error(exc)
        if exc.details and not exc.where.line:
            return [CheckProblem(problem.path, None, f"示例 {example.name} 不能通过：{exc.message}", tuple(exc.details))]
        return [problem]
    problems = [
        CheckProblem(example, None, f"用示例起草的草稿没有通过 drafter check：{finding.message}")
        for finding in check_markdown(result.markdown)
        if finding.severity == ERROR
    ]
    if result.missing_facts:
        problems.append(
            CheckProblem(example, None, f"示例中这些事实没有写进草稿：{'、'.join(result.missing_facts)}（模板漏用了这些字段？）")
        )
    return problems
