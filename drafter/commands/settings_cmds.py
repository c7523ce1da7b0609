"""`drafter settings show`: the effective settings and where each value came from."""

from __future__ import annotations

import json

import typer

from drafter.cli import app, fail

settings_app = typer.Typer(
    rich_markup_mode=None,
    help="查看设置：字体、页边距和默认事实（单位、上级、主送）。",
    no_args_is_help=True,
)
app.add_typer(settings_app, name="settings")


@settings_app.command("show")
def settings_show_command(
    as_json: bool = typer.Option(False, "--json", help="以 JSON 数组输出。"),
) -> None:
    """显示生效的每一项设置及其来源（内置默认值，或哪个设置文件）。"""
    try:
        from drafter.settings import effective_values, load_settings, settings_files

        settings = load_settings()
        rows = effective_values(settings)
        if as_json:
            items = [{"key": key, "value": value, "source": source} for key, value, source in rows]
            typer.echo(json.dumps(items, ensure_ascii=False, indent=1))
            return
        files = [str(path) for path, _ in settings_files()]
        typer.echo("设置文件（靠后的优先）：" + ("、".join(files) if files else "无，全部使用内置默认值"))
        for key, value, source in rows:
            typer.echo(f"{key}\t{value}\t（来源：{source}）")
    except Exception as exc:  # noqa: BLE001
        fail(exc)
