"""The Typer app: thin commands over the library, and the one error boundary.

Commands live in drafter/commands/*.py, grouped by what they serve; each module
registers itself on `app` and imports its library lazily, inside the command,
so `drafter --help` stays fast. Exceptions become messages here and only here.

Exit codes: 0 success; 1 `check` found problems; 2 bad input or usage
(DrafterError); 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import sys
from typing import NoReturn

import typer

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
    from drafter.commands import batch_cmds, corpus_cmds, draft_cmds  # noqa: F401


_register_commands()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("已中断。", err=True)
        sys.exit(130)
