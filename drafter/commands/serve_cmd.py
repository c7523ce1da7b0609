"""`drafter serve`: the local web page (drafter/web). Starlette and uvicorn are
imported inside the command only, so `drafter --help` stays fast."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from drafter.cli import app, fail

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@app.command("serve")
def serve_command(
    port: int = typer.Option(8765, "--port", "-p", min=0, max=65535, help="端口（默认 8765；0 表示任选一个空闲端口）。"),
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址。默认只在本机（127.0.0.1）可访问；改成其他地址会让局域网内的其他人也能访问。"),
    open_browser: bool = typer.Option(False, "--open", help="启动后用默认浏览器打开页面。"),
    templates: Optional[list[Path]] = typer.Option(None, "--templates", help="额外的模板文件夹（优先于内置模板；也可用环境变量 DRAFTER_TEMPLATES）。"),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="语料库文件夹（含 phrases.json；默认为环境变量 DRAFTER_CORPUS 或内置 corpus/）。"),
) -> None:
    """启动本机网页：在浏览器里填表起草公文、预览、下载 .docx / .md，查找套话。"""
    try:
        from drafter.templates import template_search_path
        from drafter.web.server import serve

        search_path = template_search_path(templates or [])
        if host not in LOCAL_HOSTS:
            typer.echo(
                f"警告：监听地址为 {host}，同一网络中的其他人也能打开这个页面并用它起草；"
                "事实内容会经过网络传输。只在可信的内网中这样做，用完请关闭（Ctrl-C）。",
                err=True,
            )
        serve(
            host=host,
            port=port,
            search_path=search_path,
            corpus_dir=corpus,
            open_browser=open_browser,
            announce=lambda url: typer.echo(f"drafter 网页已启动：{url}  （按 Ctrl-C 停止）"),
        )
    except Exception as exc:  # noqa: BLE001 - the one error boundary
        fail(exc)
