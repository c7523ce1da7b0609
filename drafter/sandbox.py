"""Where untrusted user templates run: a guarded loader and a bounded, sandboxed Jinja2 environment.

- The loader reads only regular files inside the search-path folders: no symlink anywhere on
  the path, no absolute, `..` or drive names, nothing resolving outside its folder, at most
  MAX_TEMPLATE_BYTES. A name "@i/rel" is pinned to folder i (what `super:` resolves to); a
  template's own imports search its folder and those below ("@i+/rel"), never those above.
- The environment is Jinja2's ImmutableSandboxedEnvironment with StrictUndefined, plus checks
  that refuse, before anything is built, arithmetic, str.format widths, calls and filters whose
  result would pass MAX_OUTPUT_CHARS, and include chains deeper than MAX_STACK_DEPTH frames.
- A render runs in a worker thread: past RENDER_SECONDS an exception is injected into it (a
  Python-level loop stops at its next bytecode) and the output is cut at MAX_OUTPUT_CHARS.
- Every failure becomes a TemplateError with the template file, line and the lines around it;
  an exception raised by a built-in template stays what it is (a bug: exit 3).
drafter.templates builds on this: search path, types, schemas, and render_template.
"""

from __future__ import annotations

import functools
import re
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from drafter.errors import DrafterError, TemplateError
from drafter.text import cn_number, compose, sentence, strip_end

SUPER_PREFIX = "super:"
# Bounds on one render of an untrusted template. A real 公文 renders in milliseconds and
# is a few thousand characters; these stop runaway loops and bombs long before harm.
RENDER_SECONDS = 1.0
MAX_OUTPUT_CHARS = 2_000_000
MAX_TEMPLATE_BYTES = 512 * 1024  # one template or YAML file of a type

def read_text(path: Path) -> str:
    """A template-library file as UTF-8 text, or a TemplateError naming the file and line."""
    try:
        if path.is_symlink():
            raise TemplateError(
                "模板文件夹里的符号链接不予读取（出于安全考虑）",
                path=path,
                fix="把链接换成真正的文件。",
            )
        size = path.stat().st_size
        if size > MAX_TEMPLATE_BYTES:
            raise TemplateError(
                f"模板文件过大（{size} 字节，上限 {MAX_TEMPLATE_BYTES} 字节）",
                path=path,
                fix="模板、schema 和 meta 文件应当只有几千字节，检查是否放错了文件。",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"无法读取模板文件（{exc.strerror}）", path=path) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateError(
            "模板文件不是 UTF-8 编码",
            path=path,
            line=data[: exc.start].count(b"\n") + 1,
            fix="用文本编辑器把它另存为 UTF-8 编码。",
        ) from None


# ---------------------------------------------------------------- the loader


def _template_pieces(name: str) -> list[str]:
    """A template name as path pieces; names that could leave the folders are refused."""
    if (
        not name
        or name.startswith(("/", "\\", "~"))
        or "\\" in name
        or "\x00" in name
        or re.match(r"^[A-Za-z]:", name)
    ):
        raise TemplateError(
            f"模板只能引用模板文件夹里的文件，不能引用「{name}」",
            fix="include/import/extends 只写相对模板文件夹的路径，如 _shared/blocks.j2。",
        )
    pieces = [p for p in name.split("/") if p and p != "."]
    if any(p == ".." for p in pieces) or not pieces:
        raise TemplateError(
            f"模板只能引用模板文件夹里的文件，不能引用「{name}」",
            fix="路径中不能有「..」。",
        )
    return pieces


_PINNED = re.compile(r"^@(\d+)(\+?)/(.*)$")


class _GuardedLoader:
    """Reads templates only from the search-path folders: regular files, no symlinks, nothing
    resolving outside its folder. A name "@i/rel" is pinned to folder i (how `super:` works);
    "@i+/rel" is searched from folder i down (what a template in folder i imports)."""

    def __init__(self, roots: Sequence[Path]) -> None:
        self.roots = tuple(Path(r).resolve() for r in roots)

    def locate(self, name: str, start: int = 0) -> tuple[int, Path] | None:
        pinned = _PINNED.match(name)
        indices: Iterable[int]
        if pinned:
            index, name = int(pinned.group(1)), pinned.group(3)
            if pinned.group(2):
                indices = range(max(index, start), len(self.roots))
            else:
                indices = [index] if index < len(self.roots) else []
        else:
            indices = range(start, len(self.roots))
        pieces = _template_pieces(name)
        for i in indices:
            root = self.roots[i]
            path = root
            for piece in pieces:
                path = path / piece
                if path.is_symlink():
                    raise TemplateError(
                        "模板文件夹里的符号链接不予读取（出于安全考虑）",
                        path=path,
                        fix="把链接换成真正的文件。",
                    )
            if not path.is_file():
                continue
            if not path.resolve().is_relative_to(root):
                raise TemplateError("模板文件位于模板文件夹之外，不予读取", path=path)
            return i, path
        return None


def _make_loader(roots: Sequence[Path]) -> Any:
    from jinja2 import BaseLoader, TemplateNotFound

    class GuardedLoader(BaseLoader):
        def __init__(self) -> None:
            self.guard = _GuardedLoader(roots)

        def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
            found = self.guard.locate(template)
            if found is None:
                raise TemplateNotFound(template)
            _, path = found
            source = read_text(path)
            mtime = path.stat().st_mtime_ns

            def uptodate() -> bool:
                try:
                    return path.stat().st_mtime_ns == mtime
                except OSError:
                    return False

            return source, str(path), uptodate

    return GuardedLoader()


# ---------------------------------------------------------------- the environment


class _RenderTimeout(Exception):
    """Raised inside a render thread that ran past RENDER_SECONDS."""


class _OutputTooLarge(Exception):
    pass


# The size limit of the render running in this thread: MAX_OUTPUT_CHARS plus room for
# the facts themselves, so long facts are never mistaken for a bomb.
_RENDER = threading.local()


def _limit() -> int:
    return int(getattr(_RENDER, "limit", MAX_OUTPUT_CHARS))


def _guard_size(what: str, size: int) -> None:
    if size > _limit():
        from jinja2.sandbox import SecurityError

        raise SecurityError(f"{what} would make {size} characters (limit {_limit()})")


_FORMAT_WIDTH = re.compile(r"\d{7,}|\*")


def make_env(roots: Sequence[Path]) -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

    loader = _make_loader(roots)

    class Env(ImmutableSandboxedEnvironment):
        # Arithmetic that can build a huge string or number is checked before it runs.
        intercepted_binops = frozenset(["*", "**", "+", "%"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                        _guard_size("repetition", len(seq) * times)
            elif operator == "**":
                if isinstance(right, (int, float)) and isinstance(left, (int, float)) and abs(left) > 1:
                    if abs(right) > 10_000:
                        raise SecurityError("power too large")
            elif operator == "+":
                if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                    _guard_size("concatenation", len(left) + len(right))
            elif operator == "%" and isinstance(left, str) and _FORMAT_WIDTH.search(left):
                raise SecurityError("format width too large")
            return super().call_binop(context, operator, left, right)

        def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
            # str.format / format_map: a huge width ({:>1000000000}) is refused before formatting.
            wrapped = super().wrap_str_format(value)
            if wrapped is None:
                return None
            text = str(getattr(value, "__self__", ""))

            def guarded(*args: Any, **kwargs: Any) -> str:
                values = [*args, *kwargs.values()]
                values += [v for d in values if isinstance(d, dict) for v in d.values()]
                if _FORMAT_WIDTH.search(re.sub(r"\{[^{}:]*\}", "", text)) or any(
                    isinstance(v, int) and abs(v) > _limit() for v in values
                ):
                    raise SecurityError("format width too large")
                return wrapped(*args, **kwargs)

            return guarded

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
            _guard_call(getattr(__obj, "__name__", ""), getattr(__obj, "__self__", None), args, kwargs)
            result = super().call(__context, __obj, *args, **kwargs)
            if isinstance(result, (str, list, tuple)):
                _guard_size("a call", len(result))
            return result

        def join_path(self, template: str, parent: str) -> str:
            if _stack_depth() > MAX_STACK_DEPTH:
                # Caught here, early and cheaply, rather than as a RecursionError whose
                # thousand-frame traceback Jinja2 then rewrites.
                raise RecursionError("template includes nested too deeply")
            below = loader.guard.locate(parent)
            if not template.startswith(SUPER_PREFIX):
                # A template sees its own folder and those below it, never those above:
                # a user's _shared/blocks.j2 serves the user's templates, not the built-ins.
                return f"@{below[0]}+/{template}" if below else template
            rel = template[len(SUPER_PREFIX):]
            start = below[0] + 1 if below else len(loader.guard.roots)
            found = loader.guard.locate(rel, start)
            if found is None:
                raise TemplateError(
                    f"「{template}」：下层模板文件夹里没有 {rel} 可以继承",
                    path=below[1] if below else parent,
                    fix="检查 super: 后的路径（如 super:工作汇报/template.md.j2）。",
                )
            return f"@{found[0]}/{rel}"

    env = Env(
        loader=loader,
        bytecode_cache=_bytecode_cache(),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    for name, func in list(env.filters.items()):
        env.filters[name] = _guarded_filter(name, func)
    env.filters["sentence"] = sentence
    env.filters["cn_number"] = cn_number
    env.filters["strip_end"] = strip_end
    env.globals["cn_number"] = cn_number
    env.globals["compose"] = compose
    return env


def _bytecode_cache() -> Any:
    """Compiled templates kept in the user's cache folder: compiling them is a third of a
    `drafter new`. Jinja2 checks each entry against the template's source; the folder is
    named by a hash of this module's code and Jinja2's version, so bytecode compiled under
    other sandbox rules is never reused. No cache (None) when the folder cannot be made."""
    import hashlib

    import jinja2
    from jinja2 import FileSystemBytecodeCache

    from drafter.paths import user_cache_dir

    stamp = hashlib.sha256(Path(__file__).read_bytes() + jinja2.__version__.encode()).hexdigest()[:16]
    folder = user_cache_dir() / "jinja" / stamp
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


MAX_STACK_DEPTH = 400  # Python frames; a real template's include/import chain is a few dozen


def _stack_depth() -> int:
    frame: FrameType | None = sys._getframe()
    depth = 0
    while frame is not None and depth <= MAX_STACK_DEPTH:
        frame, depth = frame.f_back, depth + 1
    return depth


def _guard_call(name: str, receiver: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a call whose result would be huge before it is built (center(10**9), replace...)."""
    values = [*args, *kwargs.values()]
    ints = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    if name in ("center", "ljust", "rjust", "zfill", "indent", "wordwrap", "expandtabs", "truncate"):
        if ints:
            _guard_size(name, max(ints) * (1 + (receiver.count("\n") if isinstance(receiver, str) else 0)))
    elif name == "replace":
        strings = [v for v in values if isinstance(v, str)]
        base = receiver if isinstance(receiver, str) else (strings[0] if strings else "")
        new = strings[-1] if strings else ""
        _guard_size(name, (len(base) + 1) * max(1, len(new)))
    elif name == "join" and isinstance(receiver, str):
        items = args[0] if args else ()
        if isinstance(items, (list, tuple)):
            _guard_size(name, len(receiver) * len(items))


def _guarded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    from jinja2.utils import _PassArg

    passes = _PassArg.from_obj(func)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        rest = args[1:] if passes is not None else args  # drop the context/environment
        receiver = rest[0] if rest else None
        _guard_call(name, receiver, tuple(rest[1:]), kwargs)
        result = func(*args, **kwargs)
        if isinstance(result, (str, list, tuple)):
            _guard_size(f"filter {name}", len(result))
        return result

    return wrapper


def syntax_error(exc: Any) -> TemplateError:
    path = exc.filename or exc.name
    return TemplateError(
        f"模板语法错误：{exc.message}",
        path=path,
        line=exc.lineno,
        details=excerpt(path, exc.lineno),
        fix="修正模板该行的 Jinja2 语法（{{ }}、{% %} 是否成对）。",
    )


def excerpt(path: Path | str | None, line: int | None, around: int = 2) -> list[str]:
    """The lines around `line` of a file, numbered, the line itself marked with »."""
    if path is None or line is None:
        return []
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    first, last = max(1, line - around), min(len(lines), line + around)
    return [f"{'»' if n == line else ' '} {n:>4} | {lines[n - 1]}" for n in range(first, last + 1)]


def _text_size(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(_text_size(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(_text_size(v) for v in value)
    return 0


def bounded_render(template: Any, context: dict[str, Any]) -> str:
    """Render in a worker thread: past the time limit the thread gets an exception
    injected (a Python-level loop stops at its next bytecode) and the caller an error.
    The size limit is MAX_OUTPUT_CHARS beyond twice what the facts themselves hold."""
    outcome: dict[str, Any] = {}
    limit = MAX_OUTPUT_CHARS + 2 * _text_size(context)

    def work() -> None:
        _RENDER.limit = limit
        try:
            parts: list[str] = []
            size = 0
            for chunk in template.generate(context):
                size += len(chunk)
                if size > limit:
                    raise _OutputTooLarge
                parts.append(chunk)
            outcome["text"] = "".join(parts)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="drafter-render", daemon=True)
    worker.start()
    worker.join(RENDER_SECONDS)
    if worker.is_alive():
        import ctypes  # only here: importing it costs `drafter new` a few ms of start-up

        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident or 0), ctypes.py_object(_RenderTimeout))
        worker.join(1.0)
        outcome.setdefault("error", _RenderTimeout())
    if "error" in outcome:
        raise _render_error(outcome["error"], template.filename) from None
    return str(outcome["text"])


def _render_error(exc: BaseException, filename: str | None) -> BaseException:
    """The TemplateError a user sees for an exception raised while rendering."""
    from jinja2 import TemplateError as JinjaTemplateError
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    where, line = _template_frame(exc.__traceback__, filename)
    path = where or filename
    context = excerpt(path, line)

    def located(message: str, fix: str) -> TemplateError:
        return TemplateError(message, fix=fix, path=path, line=line, details=context)

    if isinstance(exc, DrafterError):
        if exc.where.line is None and exc.where.path is None:
            exc.where.path, exc.where.line = path, line
        elif line is not None and exc.where.line is None:
            exc.details.append(f"由 {path} 第 {line} 行引用")
        return exc
    if isinstance(exc, _RenderTimeout):
        return located(f"模板渲染超过 {RENDER_SECONDS:g} 秒，已停止（可能是死循环或过大的循环）", "检查模板中的 for 循环和宏调用，确保循环次数有限。")
    if isinstance(exc, _OutputTooLarge):
        return located(f"模板输出超过 {MAX_OUTPUT_CHARS} 个字符，已停止", "检查模板中的循环和重复输出；一篇公文不会有这么长。")
    if isinstance(exc, SecurityError):
        return located(
            f"模板试图越出沙箱，已拒绝执行（{exc}）",
            "模板只能使用事实字段、短语函数和普通的 Jinja2 写法，不能访问内部属性或过大的运算。",
        )
    if isinstance(exc, TemplateSyntaxError):
        return syntax_error(exc)
    if isinstance(exc, TemplateNotFound):
        return located(f"模板引用的文件「{exc.name}」不在模板文件夹里", "include/import/extends 只能引用模板搜索路径中的文件。")
    if isinstance(exc, UndefinedError):
        return located(f"模板渲染失败：{exc}", "模板引用了不存在的变量或写法有误；用 `drafter facts 类型` 查看可用字段。")
    if isinstance(exc, JinjaTemplateError):
        return located(f"模板渲染失败：{exc}", "修正模板该行。")
    if isinstance(exc, OverflowError) and "MAX_RANGE" in str(exc):
        return located("模板中的循环次数过大（range 最多 100000 次），已拒绝执行", "检查模板中的 for 循环，确保循环次数有限。")
    if isinstance(exc, RecursionError):
        return located("模板递归过深（宏或 include 调用了自己）", "去掉模板中自己调用自己的宏或 include。")
    if isinstance(exc, MemoryError):
        return located("模板渲染用尽了内存", "检查模板中的循环和重复输出。")
    if isinstance(exc, Exception) and where is not None and not _is_builtin(where):
        # A user template that divides by zero or calls a helper with the wrong kind of value.
        return located(f"模板运行出错：{type(exc).__name__}: {exc}", "修正模板该行（除以零、给函数传了不对的值等）。")
    return exc  # a built-in template failing is a bug in drafter: exit 3


def _is_builtin(path: str) -> bool:
    from drafter.templates import builtin_templates_dir

    try:
        return Path(path).resolve().is_relative_to(builtin_templates_dir().resolve())
    except OSError:
        return False


def _template_frame(tb: TracebackType | None, filename: str | None) -> tuple[str | None, int | None]:
    """The innermost template file and line in a traceback (Jinja rewrites its frames
    to point at template lines)."""
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        code_file = tb.tb_frame.f_code.co_filename
        if code_file.endswith(".j2") or code_file == filename:
            found = (code_file, tb.tb_lineno)
        tb = tb.tb_next
    return found
