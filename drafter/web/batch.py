"""Batch drafting over HTTP, over drafter.batch's library API (the same as `drafter batch`):
upload an .xlsx/.csv, see the dry-run plan with each row's problems, then download a .zip
of the drafts and batch-report.csv.

Stateless: the page sends the file again for the run, so the server keeps nothing between
requests. Each request works in a temporary folder that is removed before the answer leaves.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from drafter.errors import DrafterError
from drafter.web.app import (
    SEED_LIMIT,
    UPLOAD_LIMIT,
    ApiError,
    Config,
    _attachment,
    _json,
    _read_body,
    _resolve,
)

DATA_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt")
# A web request drafts at most this many rows; more is a job for `drafter batch` (workers, resumable).
ROW_LIMIT = 500


def _options(request: Request) -> tuple[Config, Any, str, str, int, bool]:
    config: Config = request.app.state.config
    params = request.query_params
    info = _resolve(config, params.get("type"))
    fmt = params.get("format", "docx")
    if fmt not in ("docx", "md"):
        raise ApiError(422, f"不支持的输出格式「{fmt}」", fix="format 只能是 docx 或 md。")
    try:
        seed = int(params.get("seed", "0"))
    except ValueError:
        raise ApiError(422, "seed 应是整数") from None
    if not 0 <= seed < SEED_LIMIT:
        raise ApiError(422, f"seed 应是 0 到 {SEED_LIMIT - 1} 之间的整数")
    filename = Path(unquote(request.headers.get("x-filename", ""))).name[:200]
    suffix = Path(filename).suffix.lower()
    if suffix not in DATA_SUFFIXES:
        raise ApiError(
            422,
            f"不支持的数据文件类型「{suffix or '无后缀'}」",
            fix="请上传 .xlsx 或 .csv 文件（Excel/WPS 中「另存为」即可）。",
        )
    vary = params.get("vary_seed") in ("1", "true")
    return config, info, fmt, filename, seed, vary


def _in_temp(config: Config, info: Any, fmt: str, filename: str, seed: int, vary: bool, raw: bytes, run: bool) -> Any:
    from drafter.batch import BatchOptions, plan_batch, run_batch

    with tempfile.TemporaryDirectory(prefix="drafter-web-") as tmp:
        data = Path(tmp) / f"data{Path(filename).suffix.lower()}"
        data.write_bytes(raw)
        out = Path(tmp) / "out"
        options = BatchOptions(
            type_name=info.name, data=data, out_dir=out, format=fmt, jobs=1, seed=seed,
            vary_seed=vary, search_path=config.search_path, corpus_dir=config.corpus_dir,
        )
        try:
            # The plan first (it writes nothing): the page shows it, and a run checks its size.
            plan = plan_batch(options)
            if not run:
                return plan
            good = [r for r in plan.rows if r.ok]
            if len(good) > ROW_LIMIT:
                raise ApiError(
                    422,
                    f"一次最多在网页上生成 {ROW_LIMIT} 篇，这个表格有 {len(good)} 行可以生成",
                    fix=f"拆成几个表格分别上传，或在命令行运行 drafter batch --type {info.name} --data 表格。",
                )
            result = run_batch(options)
            return _zip(out, result)
        except DrafterError as exc:
            if exc.where.path is not None and Path(str(exc.where.path)).name == data.name:
                exc.where.path = filename  # the user's file name, not the temporary one
            raise


def _zip(out: Path, result: Any) -> bytes:
    """The drafts and batch-report.csv, as a .zip built in memory (names in UTF-8)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(out.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                archive.write(path, arcname=path.name)
    return buffer.getvalue()


async def batch_plan(request: Request) -> Response:
    config, info, fmt, filename, seed, vary = _options(request)
    raw = await _read_body(request, UPLOAD_LIMIT)
    plan = await run_in_threadpool(_in_temp, config, info, fmt, filename, seed, vary, raw, False)
    rows = [
        {"number": r.number, "file": r.file, "seed": r.seed, "problems": list(r.problems)}
        for r in plan.rows
    ]
    good = sum(1 for r in plan.rows if r.ok)
    return _json({
        "type": plan.type,
        "rows": rows,
        "ok": good,
        "bad": len(rows) - good,
        "limit": ROW_LIMIT,
    })


async def batch_run(request: Request) -> Response:
    config, info, fmt, filename, seed, vary = _options(request)
    raw = await _read_body(request, UPLOAD_LIMIT)
    data = await run_in_threadpool(_in_temp, config, info, fmt, filename, seed, vary, raw, True)
    stem = Path(filename).stem or info.name
    return _attachment(data, f"{stem}-草稿.zip", "application/zip")


async def batch_sheet(request: Request) -> Response:
    """The sheet to fill in for a type (`drafter facts T --xlsx`)."""
    from drafter.batch import write_facts_sheet

    config: Config = request.app.state.config
    info = _resolve(config, request.path_params["type"])

    def make() -> bytes:
        with tempfile.TemporaryDirectory(prefix="drafter-web-") as tmp:
            path = Path(tmp) / "sheet.xlsx"
            write_facts_sheet(info.name, path, search_path=config.search_path)
            return path.read_bytes()

    data = await run_in_threadpool(make)
    return _attachment(data, f"{info.name}-批量事实.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
