"""One draft per spreadsheet row: plan every row first, then draft them in worker processes.

The pipeline, top to bottom:
  read_table (header, streamed rows) -> map_columns (unknown header: stop, exit 2)
  -> plan: per row, facts = --facts layered under the row (row wins), validated, named;
     nothing is written while any of this runs
  -> run: the rows read again and drafted by `jobs` worker processes, each loading the
     template, corpus and phrase bank once; at most a few rows in flight per worker, so
     memory stays flat however long the sheet; each file written atomically, an
     existing one skipped (rerun after an interruption) unless `force`
  -> batch-report.csv beside the outputs, one line per row.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from drafter.batch.columns import ColumnMap, map_columns, row_facts
from drafter.batch.names import NameBook, NamePattern, fill_pattern, parse_pattern
from drafter.batch.table import SheetRow, Table, read_table
from drafter.errors import DrafterError, InputError
from drafter.fsutil import remove_stale_temps

REPORT_NAME = "batch-report.csv"
# Rows go to a worker CHUNK at a time, at most IN_FLIGHT_PER_JOB chunks a worker queued:
# enough to keep every worker busy, few enough to keep memory flat.
CHUNK = 4
IN_FLIGHT_PER_JOB = 3

# Row statuses, as the report writes them.
OK, SKIPPED, FAILED, INVALID, NOT_RUN = "已生成", "已存在，跳过", "失败", "数据有误", "未处理（已中断）"


@dataclass(frozen=True)
class BatchOptions:
    """What `drafter batch` was asked to do; field names follow the flags."""

    type_name: str
    data: Path
    sheet: str | None = None
    facts: Path | None = None
    out_dir: Path = Path(".")
    name: str | None = None
    format: str | None = None
    jobs: int | None = None
    seed: int = 0
    vary_seed: bool = False
    force: bool = False
    search_path: tuple[Path, ...] | None = None
    corpus_dir: Path | None = None


@dataclass(frozen=True)
class PlannedRow:
    """One data row's fate: the file it becomes, or the problems that stop it."""

    number: int
    file: str | None
    seed: int
    problems: tuple[str, ...] = ()
    exists: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Plan:
    type: str
    out_dir: Path
    suffix: str
    rows: tuple[PlannedRow, ...]
    force: bool

    @property
    def exit_code(self) -> int:
        return _exit_code(sum(r.ok for r in self.rows), sum(not r.ok for r in self.rows))


@dataclass(frozen=True)
class RowResult:
    number: int
    file: str
    status: str
    message: str
    seed: int

    @property
    def ok(self) -> bool:
        return self.status in (OK, SKIPPED)


@dataclass(frozen=True)
class BatchResult:
    results: tuple[RowResult, ...]
    report: Path

    @property
    def exit_code(self) -> int:
        return _exit_code(sum(r.ok for r in self.results), sum(not r.ok for r in self.results))


@dataclass(frozen=True)
class Progress:
    """How far the drafting is: rows finished (written or failed) out of `total`."""

    done: int
    failed: int
    total: int


def _exit_code(good: int, bad: int) -> int:
    """0 every row fine, 1 some failed, 2 none could be drafted."""
    if bad == 0:
        return 0
    return 1 if good else 2


# ---------------------------------------------------------------- planning


@dataclass(frozen=True)
class _Setup:
    """Everything both passes need, read once from the options."""

    type_name: str
    info: Any  # drafter.templates.TypeInfo
    schema: dict[str, Any]
    table: Table
    columns: ColumnMap
    base: dict[str, Any]
    pattern: NamePattern
    settings: Any  # drafter.settings.Settings: fonts, margins, default 单位/上级/主送


def _setup(options: BatchOptions) -> _Setup:
    from drafter.facts import load_facts
    from drafter.settings import load_settings
    from drafter.templates import load_schema, resolve_type, template_search_path

    path = options.search_path or template_search_path()
    info = resolve_type(options.type_name, path)
    schema = load_schema(info, path)
    pattern = parse_pattern(options.name, schema["fields"], fmt=options.format)
    base = load_facts(options.facts) if options.facts is not None else {}
    table = read_table(options.data, sheet=options.sheet)
    columns = map_columns(table.columns, schema, path=options.data)
    if not columns.columns:
        raise InputError("表头中没有任何字段", path=options.data, fix="第一行写字段名，如 单位、主题、日期。")
    # The settings `drafter new` reads, read once: the same facts then give the same file.
    return _Setup(info.name, info, schema, table, columns, base, pattern, load_settings())


def _row_facts(setup: _Setup, row: SheetRow) -> tuple[dict[str, Any], list[str]]:
    """The row's facts over the shared ones (row wins, field by field) over the settings'
    defaults (as `drafter new` applies them), and its shape problems."""
    from drafter.draft import with_defaults

    facts, problems = row_facts(row, setup.columns, setup.schema)
    merged = with_defaults({**setup.base, **facts}, setup.settings.default_facts, setup.schema)
    return merged, [p.describe() for p in problems]


def row_seed(facts: dict[str, Any], seed: int, vary: bool) -> int:
    """--seed for every row; with --vary-seed one of its own, from the row's facts, so the
    same row keeps its wording across runs and reorderings (the report names it)."""
    if not vary:
        return seed
    text = json.dumps(facts, ensure_ascii=False, sort_keys=True, default=str)
    digest = hashlib.sha256(f"{seed}\n{text}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 1_000_000


def plan_batch(options: BatchOptions) -> Plan:
    """Read and validate every row, name every output; writes nothing."""
    return _plan(options, _setup(options))


def _plan(options: BatchOptions, setup: _Setup, spool: IO[bytes] | None = None) -> Plan:
    """The plan; with `spool`, each good row's facts are also pickled there, so drafting
    streams them back instead of parsing the sheet a second time beside the workers."""
    from drafter.draft import prepare_facts
    from drafter.facts import validate
    from drafter.mdtext import unescape

    book = NameBook()
    planned = []
    for position, row in enumerate(setup.table.rows(), start=1):
        facts, problems = _row_facts(setup, row)
        seed = row_seed(facts, options.seed, options.vary_seed)
        problems += [p.describe() for p in validate(facts, setup.schema)]
        if problems:
            planned.append(PlannedRow(row.number, None, seed, tuple(problems)))
            continue
        try:
            plain, clean = prepare_facts(setup.info, facts, setup.schema)
        except DrafterError as exc:
            planned.append(PlannedRow(row.number, None, seed, (exc.user_message(),)))
            continue
        # Names from the facts as typed (full-width punctuation), the title as the draft has it.
        values = {**plain, "标题": unescape(clean["标题"]), "行号": row.number, "序号": position}
        stem = fill_pattern(setup.pattern, values, fallback=f"第{row.number}行")
        name = book.claim(stem, setup.pattern.suffix)
        planned.append(PlannedRow(row.number, name, seed, exists=(Path(options.out_dir) / name).exists()))
        if spool is not None:
            pickle.dump((row.number, facts), spool, protocol=pickle.HIGHEST_PROTOCOL)
    if not planned:
        raise InputError("表格中没有数据行", path=options.data, fix="从表头下一行起，每行填写一篇公文的事实。")
    return Plan(setup.type_name, Path(options.out_dir), setup.pattern.suffix, tuple(planned), options.force)


# ---------------------------------------------------------------- running


def run_batch(options: BatchOptions, *, on_progress: Callable[[Progress], None] | None = None) -> BatchResult:
    """Plan, then draft every good row and write batch-report.csv; returns every row's result.

    A row that fails does not stop the others. On KeyboardInterrupt the rows in flight
    finish (so no half-written file), the report is written, and the interrupt goes on."""
    setup = _setup(options)
    # The good rows' facts wait on disk between the two passes: memory stays flat.
    with tempfile.TemporaryFile(prefix="drafter-batch-") as spool:
        plan = _plan(options, setup, spool)
        spool.seek(0)
        return _run(options, setup, plan, spool, on_progress)


def _run(
    options: BatchOptions,
    setup: _Setup,
    plan: Plan,
    spool: IO[bytes],
    on_progress: Callable[[Progress], None] | None,
) -> BatchResult:
    out_dir = Path(options.out_dir)
    results: dict[int, RowResult] = {}
    for row in plan.rows:
        if not row.ok:
            results[row.number] = RowResult(row.number, "", INVALID, "；".join(row.problems), row.seed)
        elif row.exists and not options.force:
            results[row.number] = RowResult(row.number, row.file or "", SKIPPED, "加 --force 可重新生成", row.seed)
    todo = {r.number: r for r in plan.rows if r.ok and r.number not in results}
    report = out_dir / REPORT_NAME
    try:
        if out_dir.is_dir():
            # What a killed batch left: temporaries of writers that no longer run.
            remove_stale_temps(out_dir)
        if todo:
            _make_dir(out_dir)
            _draft_rows(options, setup, spool, todo, results, on_progress)
    finally:
        # Also on Ctrl-C: the report says which rows were done and which were not.
        rows = [results.get(r.number) or RowResult(r.number, r.file or "", NOT_RUN, "重新运行同一命令即可续上", r.seed) for r in plan.rows]
        write_report(report, rows)
    return BatchResult(tuple(rows), report)


def _make_dir(folder: Path) -> None:
    from drafter.errors import OutputError

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法创建输出文件夹（{exc.strerror or exc}）", path=folder, fix="检查路径和写入权限。") from None


@dataclass(frozen=True)
class _Task:
    number: int
    facts: dict[str, Any]
    seed: int
    target: Path


def _chunks(spool: IO[bytes], todo: dict[int, PlannedRow], out_dir: Path) -> Iterator[list[_Task]]:
    """The rows to draft, streamed back from the spool, a few at a time: one message to
    a worker per CHUNK rows, and within a chunk the writing of one file overlaps the
    drafting of the next."""
    chunk: list[_Task] = []
    while True:
        try:
            number, facts = pickle.load(spool)
        except EOFError:
            break
        planned = todo.get(number)
        if planned is None or planned.file is None:
            continue
        chunk.append(_Task(number, facts, planned.seed, out_dir / planned.file))
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _draft_rows(
    options: BatchOptions,
    setup: _Setup,
    spool: IO[bytes],
    todo: dict[int, PlannedRow],
    results: dict[int, RowResult],
    on_progress: Callable[[Progress], None] | None,
) -> None:
    total, done, failed = len(todo), 0, 0

    def record(chunk_results: list[RowResult]) -> None:
        nonlocal done, failed
        for result in chunk_results:
            results[result.number] = result
            done += 1
            failed += not result.ok
        if on_progress is not None:
            on_progress(Progress(done, failed, total))

    out_dir = Path(options.out_dir)
    context = (setup.type_name, setup.schema, setup.settings, options.search_path, options.corpus_dir, options.force)
    jobs = min(options.jobs or os.cpu_count() or 1, -(-total // CHUNK))
    if jobs <= 1:
        _init_worker(*context, quiet_interrupt=False)
        if on_progress is not None:
            on_progress(Progress(0, 0, total))
        for chunk in _chunks(spool, todo, out_dir):
            _draft_chunk(chunk, on_result=lambda result: record([result]))
        return
    _warm(setup.type_name, options.search_path, options.corpus_dir)
    with cf.ProcessPoolExecutor(
        max_workers=jobs, mp_context=_mp_context(), initializer=_init_worker, initargs=context
    ) as pool:
        # Every worker is started before the first progress report, so a progress display's
        # thread is never running when the workers are forked.
        list(pool.map(_ready, range(jobs)))
        if on_progress is not None:
            on_progress(Progress(0, 0, total))
        pending: set[cf.Future[list[RowResult]]] = set()
        try:
            for chunk in _chunks(spool, todo, out_dir):
                if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                    finished, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                    for future in finished:
                        record(future.result())
                pending.add(pool.submit(_draft_chunk, chunk))
            for future in cf.as_completed(pending):
                record(future.result())
        except BaseException:
            # Rows already in a worker finish (each file whole or not at all); the rest never start.
            pool.shutdown(wait=True, cancel_futures=True)
            for future in pending:
                if future.done() and not future.cancelled() and future.exception() is None:
                    record([r for r in future.result() if r.number not in results])
            raise


def _mp_context() -> Any:
    import multiprocessing

    # fork: workers start in milliseconds and share the parent's loaded corpus pages.
    # Elsewhere (Windows, macOS) spawn, and each worker loads them in _init_worker.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


# ---------------------------------------------------------------- workers

_WORKER: dict[str, Any] = {}


def _warm(type_name: str, search_path: tuple[Path, ...] | None, corpus_dir: Path | None) -> None:
    """Load what every draft needs once a process: the template library, the corpus
    phrase bank and structures, the .docx writer's modules (each is cached where it
    lives, so the rows after the first reuse them; the template compiles on first use)."""
    from drafter.phrasing import load_phrase_bank, load_structures
    from drafter.templates import resolve_type, template_search_path

    resolve_type(type_name, search_path or template_search_path())
    load_phrase_bank(corpus_dir)
    load_structures(corpus_dir)
    import drafter.render.writer  # noqa: F401


def _init_worker(
    type_name: str,
    schema: dict[str, Any],
    settings: Any,
    search_path: tuple[Path, ...] | None,
    corpus_dir: Path | None,
    force: bool,
    *,
    quiet_interrupt: bool = True,
) -> None:
    if quiet_interrupt:
        import signal

        # The parent handles Ctrl-C and lets the rows in flight finish; a worker that
        # died of it mid-row is what would leave the half-done work.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER.update(type_name=type_name, schema=schema, settings=settings, search_path=search_path, corpus_dir=corpus_dir, force=force)
    try:
        _warm(type_name, search_path, corpus_dir)
    except DrafterError:
        pass  # each row then reports the problem itself


def _ready(_: int) -> int:
    return os.getpid()


def _writer() -> cf.ThreadPoolExecutor:
    """One writing thread per process: an atomic write waits on fsync, which releases
    the GIL, so the next row is drafted meanwhile."""
    # Keyed by process: a forked worker inherits the parent's executor but not its thread.
    pid, writer = _WORKER.get("writer", (None, None))
    if pid != os.getpid() or writer is None:
        writer = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="drafter-write")
        _WORKER["writer"] = (os.getpid(), writer)
    return writer


def _draft_chunk(
    tasks: list[_Task], on_result: Callable[[RowResult], None] | None = None
) -> list[RowResult]:
    """Draft and write a few rows; every failure becomes its row's result, never the batch's.
    Returns once every file of the chunk is written (or has failed); `on_result` hears of
    each row as it finishes (the in-process run, so an interrupt loses no finished row)."""
    from drafter.fsutil import atomic_write

    results: dict[int, RowResult] = {}

    def finish(result: RowResult) -> None:
        results[result.number] = result
        if on_result is not None:
            on_result(result)

    writes: list[tuple[_Task, str, cf.Future[None]]] = []
    try:
        for task in tasks:
            drafted = _draft_bytes(task)
            if isinstance(drafted, RowResult):
                finish(drafted)
                continue
            data, note = drafted
            writes.append((task, note, _writer().submit(atomic_write, task.target, data, force=_WORKER["force"], sweep=False)))
        for task, note, future in writes:
            try:
                future.result()
            except DrafterError as exc:
                finish(RowResult(task.number, task.target.name, FAILED, exc.user_message(), task.seed))
            else:
                finish(RowResult(task.number, task.target.name, OK, note, task.seed))
    except BaseException:
        # A file not yet begun is not begun; one being written finishes whole before the
        # interrupt goes on, so no temp file is left behind.
        running = [future for _, _, future in writes if not future.cancel()]
        cf.wait(running)
        raise
    return [results[task.number] for task in tasks]


def _draft_bytes(task: _Task) -> tuple[bytes, str] | RowResult:
    """The row's file as bytes (what `drafter new` would write for these facts and seed),
    with a note for the report; or the row's failure."""
    from drafter.draft import draft

    try:
        result = draft(
            _WORKER["type_name"],
            task.facts,
            seed=task.seed,
            search_path=_WORKER["search_path"],
            corpus_dir=_WORKER["corpus_dir"],
            schema=_WORKER["schema"],
        )
        data = _file_bytes(result.markdown, task.target.suffix.lower(), _WORKER["settings"])
    except DrafterError as exc:
        return RowResult(task.number, task.target.name, FAILED, exc.user_message(), task.seed)
    except Exception as exc:  # noqa: BLE001 - one row's bug must not sink the batch
        message = f"内部错误（drafter 的缺陷，请报告）：{type(exc).__name__}: {exc}"
        return RowResult(task.number, task.target.name, FAILED, message, task.seed)
    note = f"注意：这些事实未能写进草稿：{'、'.join(result.missing_facts)}" if result.missing_facts else ""
    return data, note


def _file_bytes(markdown: str, suffix: str, settings: Any) -> bytes:
    """The bytes drafter.draft.write_draft writes for this suffix (tests hold the two equal):
    the .docx from the fast writer, whose package skeleton is built once per process."""
    if suffix == ".md":
        return markdown.encode("utf-8")
    from drafter.render import docx_bytes

    return docx_bytes(markdown, settings)


# ---------------------------------------------------------------- the report


def write_report(path: Path, rows: list[RowResult]) -> None:
    """batch-report.csv: UTF-8 with a BOM so Excel opens it as Chinese; one line per row."""
    import csv
    import io

    from drafter.fsutil import atomic_write

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["行号", "文件", "状态", "说明", "种子"])
    for row in sorted(rows, key=lambda r: r.number):
        writer.writerow([row.number, row.file, row.status, row.message, row.seed])
    atomic_write(path, "\ufeff" + buffer.getvalue(), force=True)
