"""Commands over the corpus pipeline: corpus build, outline, mine, phrases, structure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer

from drafter.cli import app, fail

corpus_app = typer.Typer(
    rich_markup_mode=None,
    help="语料库：从范文文件夹构建 corpus/（清洗、拆分、提纲、分类、挖掘）。",
    no_args_is_help=True,
)
app.add_typer(corpus_app, name="corpus")

DEFAULT_CORPUS = Path("corpus")


@corpus_app.command("build")
def corpus_build(
    seeds_dir: Path = typer.Argument(Path("seeds"), help="范文文件夹（.txt/.md/.docx，任意编码）。"),
    output: Path = typer.Option(DEFAULT_CORPUS, "-o", "--output", help="语料库输出文件夹。"),
    no_mine: bool = typer.Option(False, "--no-mine", help="只构建文档，不挖掘结构与套话。"),
    force: bool = typer.Option(False, "--force", help="即使一份文档也没读出，也用（空的）新语料库替换原有的。"),
) -> None:
    """清洗、拆分、解析、分类范文，并挖掘结构与套话，写入语料库文件夹。"""
    try:
        from drafter.corpus import build_corpus

        report = build_corpus(seeds_dir, output, mine=not no_mine, force=force)
    except Exception as exc:  # the one boundary: see drafter.cli.fail
        fail(exc)
    types = "，".join(f"{t} {n}" for t, n in report.by_type.items())
    typer.echo(
        f"已构建语料库 {report.out_dir}：{report.sources} 个文件，{report.pieces} 篇，"
        f"{report.documents} 份文档（其中重复 {report.duplicates} 份）。"
    )
    typer.echo(f"类型：{types}")
    for problem in report.problems:
        typer.echo(f"跳过 {problem.path}：{problem.message}", err=True)


@app.command("outline")
def outline(
    file: Path = typer.Argument(..., metavar="文件", help="要分析的文件（.txt/.md/.docx）。"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON：每份文档的标题、类型和各级标题。"),
) -> None:
    """显示一个文件里每份文档的标题、类型和提纲（各级标题树）。"""
    try:
        from drafter.corpus import analyse_file
        from drafter.mine.roles import classify_outline

        documents = analyse_file(file)
        result: list[dict[str, Any]] = []
        for doc in documents:
            # Each heading is read inside its section: under 存在问题 an item is a problem.
            roles = classify_outline(doc.headings, doc_type=doc.classification.type)
            headings = [
                {"level": h.level, "number": h.number, "text": h.text, "role": role}
                for h, (role, _) in zip(doc.headings, roles)
            ]
            result.append(
                {"title": doc.piece.title, "type": doc.classification.type, "headings": headings}
            )
    except Exception as exc:
        fail(exc)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for number, found in enumerate(result, start=1):
        title = found["title"] or "（无标题）"
        typer.echo(f"【{number}】{title}　类型：{found['type']}")
        for h in found["headings"]:
            role = f"　〔{h['role']}〕" if h["role"] else ""
            typer.echo(f"{'  ' * h['level']}{h['number']}{h['text']}{role}")
        if not found["headings"]:
            typer.echo("  （没有找到标题）")


@app.command("mine")
def mine(
    corpus_dir: Path = typer.Argument(DEFAULT_CORPUS, help="语料库文件夹（由 corpus build 生成）。"),
) -> None:
    """从语料库挖掘各类文种的结构骨架和套话库（corpus build 也会运行它）。"""
    try:
        from drafter.corpus import mine_corpus

        structures, phrases = mine_corpus(corpus_dir)
    except Exception as exc:
        fail(exc)
    typer.echo(
        f"已挖掘 {corpus_dir}：{len(structures.get('types', {}))} 类文种的结构，"
        f"{len(phrases.get('phrases', []))} 条套话。"
    )


@app.command("phrases")
def phrases(
    keyword: Optional[str] = typer.Argument(None, metavar="关键词", help="关键词（可选），只列出含它的套话。"),
    doc_type: Optional[str] = typer.Option(None, "--type", "-t", help="文种，如 工作汇报、讲话稿。"),
    role: Optional[str] = typer.Option(None, "--role", "-r", help="段落角色，如 存在问题、下一步打算。"),
    kind: Optional[str] = typer.Option(
        None, "--kind", "-k", help="种类：opening 开头、closing 结尾、lead_in 引语、transition 过渡、heading_pattern 标题句式、formula 固定格式。"
    ),
    source: Optional[str] = typer.Option(
        None, "--source", "-s", help="来源：corpus 语料库挖掘所得，convention 惯用语文件；不填时两者都列。"
    ),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON 数组。"),
    corpus_dir: Optional[Path] = typer.Option(None, "--corpus", help="语料库文件夹（默认：$DRAFTER_CORPUS，否则为内置语料库）。"),
    templates: Optional[list[Path]] = typer.Option(
        None, "--templates", help="模板文件夹（其中的 _shared/conventions.yaml 优先于内置惯用语）。"
    ),
    limit: int = typer.Option(50, "--limit", "-n", help="最多列出多少条（JSON 输出不限）。"),
) -> None:
    """查找套话：语料库挖掘的开头、结尾、引语和标题句式（按使用频次排序），以及惯用语文件中的公文惯用语，并注明出处。"""
    try:
        from drafter.errors import InputError
        from drafter.mine.phrases import KIND_NAMES, KINDS
        from drafter.phrasing.listing import format_rows, phrase_rows
        from drafter.templates import template_search_path

        if limit < 1:
            raise InputError(f"--limit 应为正整数，这里是 {limit}", fix="例如 --limit 20；要全部列出请用 --json。")
        if kind and kind not in KINDS and kind not in KIND_NAMES.values():
            names = "、".join(f"{k}（{KIND_NAMES.get(k, k)}）" for k in KINDS)
            raise InputError(f"没有「{kind}」这种套话", fix=f"--kind 可选：{names}。")

        rows = phrase_rows(
            corpus_dir=corpus_dir, search_path=template_search_path(templates), keyword=keyword,
            type=doc_type, role=role, kind=kind, source=source,
        )
    except Exception as exc:
        fail(exc)
    if as_json:
        keys = ("text", "kind", "types", "roles", "count", "docs", "sources", "source", "position")
        typer.echo(json.dumps([{k: r[k] for k in keys if k in r} for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("没有找到符合条件的套话。")
        return
    typer.echo(format_rows(rows[:limit]))


@app.command("structure")
def structure(
    doc_type: str = typer.Argument(..., help="文种，如 工作汇报、讲话稿、实施意见。"),
    corpus_dir: Optional[Path] = typer.Option(None, "--corpus", help="语料库文件夹（默认：$DRAFTER_CORPUS，否则为内置语料库）。"),
) -> None:
    """显示某一文种在语料中出现的结构骨架（段落角色序列及篇数）。"""
    try:
        from drafter.corpus import STRUCTURES_FILE, default_corpus_dir, load_json
        from drafter.mine.structures import format_structure

        text = format_structure(load_json(default_corpus_dir(corpus_dir), STRUCTURES_FILE), doc_type)
    except Exception as exc:
        fail(exc)
    typer.echo(text)
