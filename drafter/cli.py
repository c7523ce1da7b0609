"""The Typer app: thin commands over the library, and the one error boundary.

Commands live in drafter/commands/*.py, grouped by what they serve; each module
registers itself on `app` and imports its library lazily, inside the command,
so `drafter --help` stays fast. Exceptions become messages here and only here.

Exit codes: 0 success; 1 `check` found problems; 2 bad input or usage
(DrafterError); 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import typer
import typer.main

app = typer.Typer(
    name="drafter",
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
        typer.echo(f"错误：{exc.user_message()}", err=True)
        raise typer.Exit(exc.exit_code)
    typer.echo(
        f"内部错误（这是 drafter 的缺陷，请报告）：{type(exc).__name__}: {exc}", err=True
    )
    raise typer.Exit(3)


def _register_commands() -> None:
    # Imported for their side effect: each module adds its commands to `app`.
    from drafter.commands import corpus_cmds, draft_cmds, settings_cmds  # noqa: F401


_register_commands()


def main() -> None:
    """The `drafter` console script: the Typer app, with the start-up costs a one-shot
    process does not need taken out (see _plain_coercion and the gc.freeze below)."""
    import gc

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

    @staticmethod
    def make(base: Any, fallback: Any, descriptor: Any) -> Any:
        import os
        import re
        from dataclasses import dataclass
        from pathlib import Path

        integer = re.compile(r"[+-]?[0-9]+")

        @dataclass(frozen=True)
        class Plain(base):
            def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
                converted = _convert(self.annotation, value)
                if converted is None:
                    return fallback(descriptor)._coerce_value(value, param=param, ctx=ctx)
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

        return Plain(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)
