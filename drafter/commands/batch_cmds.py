"""`drafter batch`: one draft per row of an .xlsx or .csv, over drafter.batch.

The command only turns flags into BatchOptions, shows progress (a rich bar on a
terminal, plain lines otherwise) and prints the outcome; drafter.batch does the work.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from drafter.cli import app, fail
from drafter.commands.draft_cmds import _CORPUS_HELP, _TEMPLATES_HELP, _search_path

if TYPE_CHECKING:
    from drafter.batch import BatchResult, Plan, Progress

# Failed rows listed on screen before "the rest are in the report".
_SHOWN_FAILURES = 20


@app.command("batch")
def batch_command(
    type_name: str = typer.Option(..., "--type", "-t", help="文种，如 工作汇报、表态发言（`drafter types` 可查看）。"),
    data: Path = typer.Option(..., "--data", "-d", help="数据表：.xlsx 或 .csv（UTF-8 或 GBK），第一行是字段名，每行一篇。"),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="要读取的工作表名（默认第一个可见的工作表）。"),
    facts: Optional[Path] = typer.Option(None, "--facts", "-f", help="各行共用的事实文件（YAML）；表格中填写的字段优先。"),
    out_dir: Path = typer.Option(Path("."), "--out-dir", "-o", help="输出文件夹（不存在时自动创建），batch-report.csv 也写在这里。"),
    name: Optional[str] = typer.Option(None, "--name", help="文件名模式，如 \"{单位}-{主题}.docx\"；可用任一字段及 {标题} {行号} {序号}。默认 {单位}-{标题}。"),
    fmt: Optional[str] = typer.Option(None, "--format", help="输出格式：docx（默认）或 md。"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="并行的进程数（默认：CPU 核数）。"),
    seed: int = typer.Option(0, "--seed", help="套话选择的随机种子，各行相同。"),
    vary_seed: bool = typer.Option(False, "--vary-seed", help="每行使用各自的种子（由该行事实决定，可重现），避免各篇措辞雷同。"),
    force: bool = typer.Option(False, "--force", help="重新生成已存在的文件（默认跳过，便于中断后续跑）。"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只检查并显示计划（每行 → 文件名或问题），不写任何文件。"),
    templates: Optional[list[Path]] = typer.Option(None, "--templates", help=_TEMPLATES_HELP),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help=_CORPUS_HELP),
) -> None:
    """按表格批量起草：每行一篇，先检查全部行再写文件，结果记入 batch-report.csv。"""
    try:
        from drafter.batch import BatchOptions, plan_batch, run_batch

        options = BatchOptions(
            type_name=type_name, data=data, sheet=sheet, facts=facts, out_dir=out_dir, name=name,
            format=fmt, jobs=jobs, seed=seed, vary_seed=vary_seed, force=force,
            search_path=_search_path(templates), corpus_dir=corpus,
        )
        if dry_run:
            plan = plan_batch(options)
            _show_plan(plan)
            raise typer.Exit(plan.exit_code)
        with _ProgressView() as view:
            result = run_batch(options, on_progress=view.update)
    except KeyboardInterrupt:
        typer.echo(
            "已中断：写好的文件都完整保留（没有半截文件），batch-report.csv 记录了进度；"
            "重新运行同一命令会跳过已生成的文件继续。",
            err=True,
        )
        raise typer.Exit(130) from None
    except typer.Exit:
        raise
    except Exception as exc:  # noqa: BLE001 - the one error boundary
        fail(exc)
    _show_result(result)
    raise typer.Exit(result.exit_code)


def _show_plan(plan: "Plan") -> None:
    for row in plan.rows:
        if not row.ok:
            typer.echo(f"第 {row.number} 行 → 有问题：")
            for problem in row.problems:
                typer.echo(f"  - {problem}")
        elif row.exists and not plan.force:
            typer.echo(f"第 {row.number} 行 → {row.file}（已存在，将跳过）")
        else:
            typer.echo(f"第 {row.number} 行 → {row.file}")
    good = sum(r.ok for r in plan.rows)
    bad = len(plan.rows) - good
    typer.echo(
        f"共 {len(plan.rows)} 行：{good} 行可生成，{bad} 行有问题；输出到 {plan.out_dir}。"
        "（试运行，未写入任何文件）"
    )


def _show_result(result: "BatchResult") -> None:
    from drafter.batch.run import FAILED, INVALID, OK, SKIPPED

    counts = {status: sum(r.status == status for r in result.results) for status in (OK, SKIPPED, FAILED, INVALID)}
    bad = [r for r in result.results if not r.ok]
    for row in bad[:_SHOWN_FAILURES]:
        typer.echo(f"第 {row.number} 行（{row.status}）：{row.message}", err=True)
    if len(bad) > _SHOWN_FAILURES:
        typer.echo(f"……另有 {len(bad) - _SHOWN_FAILURES} 行未通过，见报告。", err=True)
    for row in result.results:
        if row.status == OK and row.message:
            typer.echo(f"第 {row.number} 行：{row.message}", err=True)
    typer.echo(
        f"完成：生成 {counts[OK]} 篇，跳过 {counts[SKIPPED]} 篇（已存在），"
        f"失败 {counts[FAILED] + counts[INVALID]} 行。报告：{result.report}"
    )


class _ProgressView:
    """A rich progress bar on a terminal; on a pipe or log, a plain line every few seconds."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()
        self.bar: Any = None
        self.task: Any = None
        self.last = 0.0
        self.start = time.monotonic()

    def __enter__(self) -> "_ProgressView":
        return self

    def _start_bar(self) -> None:
        # Started on the first report, which the library sends after its worker processes
        # are forked: no display thread is running when they are.
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(
            TextColumn("起草中"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("失败 {task.fields[failed]}"),
            TextColumn("剩余"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.bar.__enter__()

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def update(self, progress: "Progress") -> None:
        if self.live and self.bar is None:
            self._start_bar()
        if self.bar is not None:
            if self.task is None:
                self.task = self.bar.add_task("batch", total=progress.total, failed=0)
            self.bar.update(self.task, completed=progress.done, failed=progress.failed)
            return
        now = time.monotonic()
        if progress.done < progress.total and (progress.done == 0 or now - self.last < 2.0):
            return
        self.last = now
        left = ""
        if 0 < progress.done < progress.total:
            seconds = (now - self.start) / progress.done * (progress.total - progress.done)
            left = f"，预计剩余 {seconds:.0f} 秒"
        typer.echo(f"进度：{progress.done}/{progress.total}，失败 {progress.failed}{left}", err=True)
