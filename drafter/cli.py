"""The Typer app: thin commands over the library, and the one error boundary.

Commands live in drafter/commands/*.py, grouped by what they serve; each module
registers itself on `app` and imports its library lazily, inside the command,
so `drafter --help` stays fast. Exceptions become messages here and only here.

Exit codes: 0 success; 1 `check` found problems; 2 bad input or usage
(DrafterError); 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import difflib
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any, NoReturn

import typer
import typer.main

from typer.core import TyperCommand, TyperGroup

from drafter.helpzh import install as _chinese_help

_chinese_help(TyperCommand, TyperGroup)


class _DrafterGroup(TyperGroup):
    """The root command: the one place where everything that ends a run becomes a
    message and an exit code, Click's own usage errors included (in Chinese)."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        errors = _click_exceptions()
        ClickException, UsageError = errors.ClickException, errors.UsageError
        NoArgsIsHelpError = getattr(errors, "NoArgsIsHelpError", ())
        Abort = typer.Abort

        _tolerant_streams()
        try:
            result = super().main(args=args, prog_name=prog_name, complete_var=complete_var,
                                  standalone_mode=False, windows_expand_args=windows_expand_args, **extra)
            code = result if isinstance(result, int) else 0
        except NoArgsIsHelpError as exc:
            exc.show()
            code = exc.exit_code
        except UsageError as exc:
            typer.echo(_printable(f"错误：{usage_message(exc)}"), err=True)
            code = 2
        except ClickException as exc:
            typer.echo(_printable(f"错误：{exc.format_message()}"), err=True)
            code = exc.exit_code
        except (Abort, KeyboardInterrupt):
            typer.echo("已中断。", err=True)
            code = 130
        except Exception as exc:  # noqa: BLE001 - a bug outside a command's own boundary
            typer.echo(_printable(f"内部错误（这是 drafter 的缺陷，请报告）：{type(exc).__name__}: {exc}"), err=True)
            code = 3
        if not standalone_mode:
            return code
        sys.exit(code)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # Typer turns Ctrl-C into a silent exit 130; say what happened.
            typer.echo("已中断。", err=True)
            raise typer.Exit(130) from None


app = typer.Typer(
    name="drafter",
    cls=_DrafterGroup,
    # Plain help: half the start-up time of rich's (no rich import), and rich's
    # boxes wrap Chinese text mid-phrase in an ordinary terminal.
    rich_markup_mode=None,
    help="起草党政机关公文：从范文语料中挖掘结构与套话，按 GB/T 9704-2012 排版输出 .docx 或 Markdown。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def fail(exc: BaseException) -> NoReturn:
    """Turn an exception into a Chinese message on stderr and an exit code."""
    from drafter.errors import DrafterError

    if isinstance(exc, DrafterError):
        typer.echo(_printable(f"错误：{exc.user_message()}"), err=True)
        raise typer.Exit(exc.exit_code)
    if isinstance(exc, KeyboardInterrupt):
        raise exc
    if isinstance(exc, MemoryError):
        typer.echo("错误：输入太大，内存不足，未完成。\n  解决办法：检查输入文件是否指错，或把它拆小后重试。", err=True)
        raise typer.Exit(2)
    typer.echo(
        _printable(f"内部错误（这是 drafter 的缺陷，请报告）：{type(exc).__name__}: {exc}"), err=True
    )
    raise typer.Exit(3)


def _printable(text: str) -> str:
    """A message any terminal can show: control characters and broken (surrogate)
    characters a user's input carried are written as \\uXXXX."""
    return "".join(
        f"\\u{ord(c):04x}" if c not in "\n\t" and (unicodedata.category(c) in ("Cc", "Cs")) else c
        for c in text
    )


def _tolerant_streams() -> None:
    # A file name from the command line may hold bytes that are not UTF-8 (they arrive
    # as surrogates); echoing it must not crash the run after the work is done.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


def usage_message(exc: Any) -> str:
    """Click's usage errors, said in Chinese, with what to do."""
    errors = _click_exceptions()
    BadOptionUsage, BadParameter = errors.BadOptionUsage, errors.BadParameter
    MissingParameter, NoSuchOption = errors.MissingParameter, errors.NoSuchOption

    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "drafter"
    help_hint = f"  解决办法：运行 `{command} -h` 查看用法和全部选项。"
    english = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    if isinstance(exc, MissingParameter):
        param = exc.param
        name = _param_name(param)
        what = "参数" if getattr(param, "param_type_name", "") == "argument" else "选项"
        desc = getattr(param, "help", None)
        desc = f"（{desc.rstrip('。')}）" if desc else ""
        return f"缺少{what} {name}{desc}\n{help_hint}"
    if isinstance(exc, NoSuchOption):
        close = sorted(exc.possibilities or [])
        guess = f"是不是 {'、'.join(close)}？" if close else ""
        return f"没有 {exc.option_name} 这个选项。{guess}\n{help_hint}"
    if isinstance(exc, BadParameter):
        name = _param_name(exc.param) if exc.param is not None else "参数"
        return f"{name} 的值无效：{_translate(exc.message)}\n{help_hint}"
    if isinstance(exc, BadOptionUsage):
        if "requires an argument" in english:
            return f"选项 {exc.option_name} 后面缺少值。\n{help_hint}"
        if "does not take a value" in english:
            return f"选项 {exc.option_name} 不带值。\n{help_hint}"
    if english.startswith("No such command"):
        name = english.split("'")[1] if "'" in english else ""
        names = list(getattr(getattr(ctx, "command", None), "commands", {}) or {})
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
        guess = f"是不是「{close[0]}」？" if close else ""
        return f"没有「{name}」这个命令。{guess}可用命令：{'、'.join(names)}。\n{help_hint}"
    if english.startswith("Got unexpected extra argument"):
        extra = english[english.rfind("(") + 1 : english.rfind(")")]
        return f"多余的参数：{extra}（含空格的文件名请加引号）。\n{help_hint}"
    if english.startswith("Missing command"):
        return f"缺少子命令。\n{help_hint}"
    return f"命令行用法有误（{english}）。\n{help_hint}"


def _click_exceptions() -> Any:
    # Typer 0.2x vendors Click as typer._click; earlier versions use Click itself.
    try:
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - older typer
        from click import exceptions  # type: ignore[no-redef]
    return exceptions


def _param_name(param: Any) -> str:
    opts = [o for o in getattr(param, "opts", []) or [] if o.startswith("-")]
    if opts:
        return " / ".join(sorted(opts, key=len, reverse=True))
    return str(getattr(param, "metavar", None) or getattr(param, "name", "") or "参数")


_TYPE_MESSAGES = (
    ("valid integer", "应为整数"),
    ("valid number", "应为数字"),
    ("valid float", "应为数字"),
    ("valid boolean", "应为 true 或 false"),
    ("is not one of", "不是可选的值之一"),
    ("does not exist", "不存在"),
    ("is a directory", "是一个文件夹"),
    ("is not readable", "无法读取（没有权限）"),
    ("is not in the range", "超出了允许的范围"),
)


def _translate(message: str) -> str:
    for needle, chinese in _TYPE_MESSAGES:
        if needle in message:
            return chinese
    return f"格式不对（{message}）"


def _register_commands() -> None:
    # Imported for their side effect: each module adds its commands to `app`.
    from drafter.commands import batch_cmds, corpus_cmds, draft_cmds, serve_cmd, settings_cmds, template_cmds  # noqa: F401


_register_commands()


def main() -> None:
    """The `drafter` console script: the Typer app, with the start-up costs a one-shot
    process does not need taken out (see _plain_coercion and the gc.freeze below)."""
    import gc
    import signal

    # A polite kill (SIGTERM) unwinds like Ctrl-C, so writers remove their temp files.
    def _terminate(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _terminate)
    try:
        command = typer.main.get_command(app)
        _plain_coercion(command)
        command()
    except KeyboardInterrupt:
        typer.echo("已中断。", err=True)
        sys.exit(130)
    finally:
        # The process is about to end: move every object out of the collector's
        # reach so the interpreter's final collection does not walk them (~57 ms).
        gc.freeze()


def _plain_coercion(command: Any) -> None:
    """Give plain str/int/Path/list[Path] options a direct conversion instead of the
    pydantic TypeAdapter Typer builds for each one (~70 ms of a `drafter new`).

    Anything the direct conversion is not sure about (an odd value, a parameter
    with constraints) goes through Typer's own coercion, so messages and results
    are Typer's; tests/test_cli_startup.py holds the two to the same results.
    If Typer's internals change shape, nothing is replaced.
    """
    try:
        from typer._click import Context
        from typer._coercion import RuntimeParam, build_runtime_param
        from typer.core import _TyperParameter
    except ImportError:  # pragma: no cover - another Typer version
        return
    names = (command.context_settings or {}).get("help_option_names")
    for sub in _commands(command):
        # The help option is made (and cached) on first use; make it now to reach it too.
        helper = sub.get_help_option(Context(sub, help_option_names=names)) if names else None
        for param in [*getattr(sub, "params", ()), *([helper] if helper is not None else [])]:
            if isinstance(param, _TyperParameter) and getattr(param, "_runtime_param", "") is None:
                descriptor = param.type_descriptor
                if _plain_annotation(descriptor):
                    param._runtime_param = _PlainParam.make(RuntimeParam, build_runtime_param, descriptor)


def _commands(command: Any) -> list[Any]:
    found = [command]
    for sub in getattr(command, "commands", {}).values():
        found.extend(_commands(sub))
    return found


def _plain_annotation(descriptor: Any) -> bool:
    from pathlib import Path

    info = descriptor.parameter_info
    if getattr(info, "parser", None) is not None or getattr(info, "click_type", None) is not None:
        return False
    if info.exists or info.resolve_path or info.allow_dash or info.path_type is not None:
        return False
    if info.min is not None or info.max is not None or not info.file_okay or not info.dir_okay:
        return False
    return descriptor.annotation in (str, int, bool, Path, list[Path])


class _PlainParam:
    """Namespace for the RuntimeParam subclass, built only when Typer's internals are there."""

    _classes: dict[tuple[Any, Any], Any] = {}

    @staticmethod
    def make(base: Any, fallback: Any, descriptor: Any) -> Any:
        # One class for all parameters: making a dataclass costs about a millisecond,
        # and the CLI has ~90 parameters.
        key = (base, fallback)
        plain = _PlainParam._classes.get(key)
        if plain is None:
            plain = _PlainParam._classes[key] = _PlainParam._build(base, fallback)
        param = plain(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)
        object.__setattr__(param, "_descriptor", descriptor)  # frozen: set once, here
        return param

    @staticmethod
    def _build(base: Any, fallback: Any) -> Any:
        import os
        import re
        from dataclasses import dataclass
        from pathlib import Path

        integer = re.compile(r"[+-]?[0-9]+")

        @dataclass(frozen=True)
        class Plain(base):  # type: ignore[misc,valid-type]
            def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
                converted = _convert(self.annotation, value)
                if converted is None:
                    return fallback(self._descriptor)._coerce_value(value, param=param, ctx=ctx)
                return converted

        def _convert(annotation: Any, value: Any) -> Any:
            if type(value) is annotation and annotation in (str, int, bool):  # a default, or a plain string
                return value
            if annotation is int and isinstance(value, str) and integer.fullmatch(value):
                return int(value)
            if annotation is Path and type(value) in (str, type(Path())) and str(value):
                # Typer refuses an existing path it cannot read; leave that case to it.
                if os.path.exists(value) and not os.access(value, os.R_OK):
                    return None
                return Path(value)
            if annotation == list[Path] and isinstance(value, (list, tuple)):
                items = [_convert(Path, item) for item in value]
                return None if any(item is None for item in items) else items
            return None

        return Plain
