"""Commands that work on templates: templates init, check, learn (list and show are in draft_cmds)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from drafter.cli import fail
from drafter.commands.draft_cmds import templates_app


@templates_app.command("init")
def templates_init_command(
    type_name: str = typer.Argument(..., metavar="文种", help="要复制的内置文种，如 工作汇报。"),
    as_name: Optional[str] = typer.Option(None, "--as", help="复制成一个新文种，用这个名字（默认同名，即覆盖内置模板）。"),
    to: Optional[Path] = typer.Option(None, "--to", help="放到哪个模板文件夹（默认当前文件夹下的 drafter-templates/）。"),
) -> None:
    """把一个内置模板（模板、字段、示例、说明）复制出来供修改；已存在时不覆盖。"""
    try:
        from drafter.template_tools import init_template

        folder = init_template(type_name, as_name=as_name, to_dir=to)
        typer.echo(f"已复制到：{folder}")
        typer.echo(f"修改其中的 template.md.j2 后，用 `drafter templates check {folder}` 检查。")
    except Exception as exc:  # noqa: BLE001
        fail(exc)


@templates_app.command("check")
def templates_check_command(
    folder: Optional[Path] = typer.Argument(None, metavar="[文件夹]", help="模板文件夹（默认 ./drafter-templates/）。"),
) -> None:
    """检查模板：语法、模板变量与字段是否一致、示例能否起草并通过 drafter check；有问题时退出码为 1。"""
    try:
        from drafter.template_tools import check_templates

        report = check_templates(folder)
    except Exception as exc:  # noqa: BLE001
        fail(exc)
    for problem in report.problems:
        typer.echo(problem.describe())
    if report.problems:
        typer.echo(f"共 {len(report.problems)} 处问题。", err=True)
        raise typer.Exit(1)
    names = "、".join(f.name for f in report.folders)
    typer.echo(f"检查通过：{names}")


@templates_app.command("learn")
def templates_learn_command(
    documents: list[Path] = typer.Argument(..., metavar="文档...", help="自己的公文（.docx、.txt、.md，任意编码），或存放它们的文件夹。"),
    as_name: str = typer.Option(..., "--as", help="新文种的名字，如 月度安全汇报。"),
    to: Optional[Path] = typer.Option(None, "--to", help="放到哪个模板文件夹（默认当前文件夹下的 drafter-templates/）。"),
) -> None:
    """从自己的几篇同类公文学出一个新文种：共同的结构、反复出现的套话、需要填写的字段和示例。"""
    try:
        from drafter.learn import describe_report, learn_type

        report = learn_type(documents, name=as_name, to_dir=to)
        typer.echo(describe_report(report), nl=False)
    except Exception as exc:  # noqa: BLE001
        fail(exc)
