"""Commands that draft and typeset: types, facts, new, render, check, templates.

Each command calls one library function; the library is imported inside the
command so `drafter --help` stays fast. Errors go through cli.fail.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from drafter.cli import app, fail

templates_app = typer.Typer(rich_markup_mode=None, help="模板库：列出、查看、复制、检查模板，或从自己的文档学出新文种。", no_args_is_help=True)
app.add_typer(templates_app, name="templates")

_TEMPLATES_HELP = "额外的模板文件夹，可写多次（依次优先于环境变量 DRAFTER_TEMPLATES、./drafter-templates/、用户配置文件夹里的 templates/ 和内置模板）。"
_CORPUS_HELP = "语料库文件夹（含 phrases.json；默认为环境变量 DRAFTER_CORPUS 或内置 corpus/）。"


def _search_path(templates: Optional[list[Path]]) -> tuple[Path, ...]:
    from drafter.templates import template_search_path

    return template_search_path(templates or [])


@app.command("types")
def types_command(
    as_json: bool = typer.Option(False, "--json", help="以 JSON 数组输出。"),
    templates: Optional[list[Path]] = typer.Option(None, "--templates", help=_TEMPLATES_HELP),
) -> None:
    """列出可以起草的文种及其一句话说明。"""
    try:
        from drafter.templates import list_types

        infos = list_types(_search_path(templates))
        if as_json:
            rows = [
                {"name": t.name, "aliases": list(t.aliases), "description": t.description, "folder": str(t.folder)}
                for t in infos
            ]
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for t in infos:
            alias = f"（又称：{'、'.join(t.aliases)}）" if t.aliases else ""
            typer.echo(f"{t.name}{alias}：{t.description}")
    except Exception as exc:  # noqa: BLE001 - the one error boundary
        fail(exc)


@app.command("facts")
def facts_command(
    type_name: str = typer.Argument(..., metavar="文种", help="文种名称，如 工作汇报、讲话稿。"),
    schema: bool = typer.Option(False, "--schema", help="输出 JSON Schema（draft 2020-12），而不是 YAML 模板。"),
    xlsx: bool = typer.Option(False, "--xlsx", help="写一张待填的 Excel 表格（表头即字段名，附示例行），供 `drafter batch` 批量起草；须配合 -o。"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="--xlsx 的输出文件，如 表格.xlsx。"),
    force: bool = typer.Option(False, "--force", help="输出文件已存在时覆盖它。"),
    templates: Optional[list[Path]] = typer.Option(None, "--templates", help=_TEMPLATES_HELP),
) -> None:
    """打印某文种的事实文件模板（带中文注释的 YAML），填好后交给 `drafter new`；--xlsx 则生成批量起草用的表格。"""
    try:
        from drafter.facts import facts_skeleton, to_json_schema
        from drafter.templates import load_schema, resolve_type

        path = _search_path(templates)
        if xlsx or out is not None:
            from drafter.batch import write_facts_sheet
            from drafter.errors import InputError

            if not xlsx or out is None:
                raise InputError("-o 与 --xlsx 须一起使用", fix=f"例如：drafter facts {type_name} --xlsx -o 表格.xlsx")
            written = write_facts_sheet(type_name, out, force=force, search_path=path)
            typer.echo(f"已生成：{written}（第 1 行是字段名，带 * 的必填；第 2 行是示例，可改写或删除）")
            return
        info = resolve_type(type_name, path)
        spec = load_schema(info, path)
        if schema:
            typer.echo(json.dumps(to_json_schema(spec, title=f"{info.name}事实", title_patterns=info.title_patterns), ensure_ascii=False, indent=1))
        else:
            typer.echo(facts_skeleton(spec, type_name=info.name), nl=False)
    except Exception as exc:  # noqa: BLE001
        fail(exc)


@app.command("new")
def new_command(
    type_name: str = typer.Option(..., "--type", "-t", help="文种，如 工作汇报、讲话稿（`drafter types` 可查看）。"),
    facts: Path = typer.Option(..., "--facts", "-f", help="事实文件（YAML 或 JSON；`drafter facts 文种` 可生成模板）。"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="输出文件：以 .docx 或 .md 结尾；默认按标题在当前文件夹生成 .docx。"),
    seed: int = typer.Option(0, "--seed", help="套话选择的随机种子：相同事实和种子得到完全相同的草稿。"),
    force: bool = typer.Option(False, "--force", help="输出文件已存在时覆盖它。"),
    templates: Optional[list[Path]] = typer.Option(None, "--templates", help=_TEMPLATES_HELP),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help=_CORPUS_HELP),
    sources: bool = typer.Option(False, "--sources", help="另外列出草稿用到的每条套话及其出处（语料库或惯用语文件）。"),
) -> None:
    """按事实文件起草一篇公文，输出 .docx（GB/T 9704-2012 版式）或 Markdown。"""
    try:
        from drafter.draft import default_output, draft_file, write_draft
        from drafter.settings import load_settings

        settings = load_settings()
        result = draft_file(
            type_name, facts, seed=seed, search_path=_search_path(templates), corpus_dir=corpus,
            defaults=settings.default_facts,
        )
        target = out if out is not None else default_output(result, ".docx")
        written = write_draft(result, target, force=force, settings=settings)
        if result.missing_facts:
            typer.echo(f"注意：这些事实未能写进草稿：{'、'.join(result.missing_facts)}", err=True)
        typer.echo(f"已生成：{written}")
        if sources:
            from drafter.phrasing.listing import format_used

            typer.echo(format_used(result.phrases))
    except Exception as exc:  # noqa: BLE001
        fail(exc)


@app.command("render")
def render_command(
    source: Path = typer.Argument(..., metavar="输入.md", help="要排版的 Markdown 文件（`drafter new` 生成的或手工编辑的）。"),
    out: Path = typer.Option(..., "--out", "-o", help="输出的 .docx 文件。"),
    force: bool = typer.Option(False, "--force", help="输出文件已存在时覆盖它。"),
) -> None:
    """把 Markdown 排版为符合 GB/T 9704-2012 的 .docx 公文。"""
    try:
        from drafter.render import render_markdown_file
        from drafter.settings import load_settings

        render_markdown_file(source, out, force=force, settings=load_settings())
        typer.echo(f"已生成：{out}")
    except Exception as exc:  # noqa: BLE001
        fail(exc)


@app.command("check")
def check_command(
    path: Path = typer.Argument(..., metavar="文件", help="要检查的 .md 或 .docx 文件。"),
) -> None:
    """检查草稿：编号、残留占位符、繁体字、半角标点、版式等；发现问题时退出码为 1。"""
    try:
        from drafter.check import check_file
        from drafter.settings import load_settings

        findings = check_file(path, settings=load_settings())
    except Exception as exc:  # noqa: BLE001
        fail(exc)
    if not findings:
        typer.echo(f"{path}：未发现问题。")
        return
    for finding in findings:
        typer.echo(str(finding))
    typer.echo(f"共 {len(findings)} 处问题。", err=True)
    raise typer.Exit(1)


@templates_app.command("list")
def templates_list_command(
    templates: Optional[list[Path]] = typer.Option(None, "--templates", help=_TEMPLATES_HELP),
) -> None:
    """列出模板搜索路径、每个文种模板所在的文件夹、它覆盖或继承了谁，以及损坏的模板。"""
    try:
        from drafter.template_tools import library_listing

        typer.echo(library_listing(_search_path(templates)), nl=False)
    except Exception as exc:  # noqa: BLE001
        fail(exc)


@templates_app.command("show")
def templates_show_command(
    type_name: str = typer.Argument(..., metavar="文种", help="文种名称或别名。"),
    templates: Optional[list[Path]] = typer.Option(None, "--templates", help=_TEMPLATES_HELP),
) -> None:
    """显示一个文种模板的结构、来源（挖掘所得或按通行格式推导）和字段。"""
    try:
        from drafter.templates import load_schema, resolve_type

        path = _search_path(templates)
        info = resolve_type(type_name, path)
        spec = load_schema(info, path)
        typer.echo(f"文种：{info.name}")
        if info.aliases:
            typer.echo(f"别名：{'、'.join(info.aliases)}")
        typer.echo(f"说明：{info.description}")
        typer.echo(f"模板：{info.folder}")
        typer.echo(f"结构：{' → '.join(info.skeleton)}")
        typer.echo(f"来源：{info.provenance}")
        if info.phrase_sources:
            typer.echo(f"套话：{info.phrase_sources}")
        fields = spec["fields"]
        required = [k for k, v in fields.items() if v.get("required")]
        optional = [k for k, v in fields.items() if not v.get("required")]
        typer.echo(f"必填字段：{'、'.join(required)}")
        typer.echo(f"选填字段：{'、'.join(optional)}")
    except Exception as exc:  # noqa: BLE001
        fail(exc)
