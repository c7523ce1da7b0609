"""The HTTP API behind `drafter serve`, and the page's own assets.

A thin layer: every endpoint calls the same library functions as the CLI
(drafter.templates, drafter.facts, drafter.draft, drafter.render). What it adds
is the boundary a server needs:

- bodies are read with a cap (facts 1 MB, uploads 20 MB) before anything parses them;
- a type name from a request is only ever looked up among the listed types
  (resolve_type), never joined onto a path; static files come from a fixed table;
- every failure is a JSON body with a Chinese message and a 4xx status
  (DrafterError -> 422, unknown type -> 404, bad JSON -> 400, too big -> 413);
  an unexpected exception is a 500 with a Chinese message, never a traceback page;
- nothing is written to disk except temporary files that are removed at once.

Endpoints:
  GET  /                              the page
  GET  /static/{name}                 its CSS and JS
  GET  /api/types                     [{name, aliases, description}]
  GET  /api/types/{type}/schema       the facts' JSON Schema (+ x-kind / x-multiline for the form)
  GET  /api/types/{type}/example      {facts, yaml}: the type's worked example
  POST /api/draft                     {type, facts, seed, format: md|docx} -> the document, or 422 {problems}
  POST /api/preview                   {type, facts, seed} -> {title, markdown, html, missing_facts}, or 422 {problems}
  POST /api/facts/load?type=T         body: a facts .yaml/.json file -> {facts}
  POST /api/facts/save                {type, facts, original?} -> the facts as YAML
  GET  /api/phrases?q=&type=&role=&kind=&source=&limit=   {total, phrases}
  GET  /api/phrases/facets            {kinds, roles, types}
  GET  /api/types/{type}/sheet        the .xlsx to fill in for a batch (`drafter facts T --xlsx`)
  POST /api/batch/plan?type=&format=&seed=   body: an .xlsx/.csv (X-Filename) -> the dry-run plan, row by row
  POST /api/batch/run?type=&format=&seed=    same body -> a .zip of the drafts and batch-report.csv
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from drafter.errors import DrafterError, FactsError, TemplateError

FACTS_LIMIT = 1 * 1024 * 1024
UPLOAD_LIMIT = 20 * 1024 * 1024
SEED_LIMIT = 2**31
PHRASE_LIMIT = 200
STATIC_DIR = Path(__file__).resolve().parent / "static"
# The only files the server hands out: a fixed table, so no request names a path.
STATIC_FILES = {
    "app.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
}
# The page makes no request outside this server; the policy makes the browser hold it to that.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class ApiError(Exception):
    """An HTTP failure with a Chinese message (and, for facts, the problems by field)."""

    def __init__(self, status: int, message: str, *, fix: str | None = None, problems: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fix = fix
        self.problems = problems

    def response(self) -> JSONResponse:
        body: dict[str, Any] = {"error": self.message}
        if self.fix:
            body["fix"] = self.fix
        if self.problems is not None:
            body["problems"] = self.problems
        return _json(body, status=self.status)


@dataclass(frozen=True)
class Config:
    search_path: tuple[Path, ...]
    corpus_dir: Path | None = None


# ---------------------------------------------------------------- helpers


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=SECURITY_HEADERS)


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes `limit` (a declared
    Content-Length is checked before a byte is read; a chunked body while reading)."""
    declared = request.headers.get("content-length")
    too_big = ApiError(
        413,
        f"请求内容太大（上限 {limit // (1024 * 1024)} MB）",
        fix="事实文件应当只有几 KB；请检查是否选错了文件。",
    )
    if declared is not None:
        try:
            if int(declared) > limit:
                raise too_big
        except ValueError:
            raise ApiError(400, "请求头 Content-Length 不是数字") from None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


async def _json_body(request: Request) -> dict[str, Any]:
    raw = await _read_body(request, FACTS_LIMIT)
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ApiError(400, "请求内容不是 UTF-8 编码的 JSON") from None
    except json.JSONDecodeError as exc:
        raise ApiError(
            400, f"请求内容不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）"
        ) from None
    if not isinstance(data, dict):
        raise ApiError(400, "请求内容应是一个 JSON 对象", fix='例如 {"type": "工作汇报", "facts": {…}}')
    broken = _unprintable(data, "")
    if broken is not None:
        path, char = broken
        path = path.removeprefix("facts.")
        name = f"U+{ord(char):04X}"
        raise ApiError(
            422,
            f"「{path}」含有不能写进公文的字符（{name}）",
            fix="删去该处的控制字符或乱码后重试；从别处复制的文字可先粘贴到记事本中再复制过来。",
            problems=[{"path": path, "message": f"含有不能写进公文的字符（{name}）", "fix": "删去该字符。"}],
        )
    return data


# What a YAML facts file may hold (PyYAML's printable set): the same text over HTTP,
# so control characters and lone surrogates that JSON can escape are refused here too.
_UNPRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def _unprintable(value: Any, path: str) -> tuple[str, str] | None:
    """The path and character of the first string holding a character no facts file may hold."""
    if isinstance(value, str):
        match = _UNPRINTABLE.search(value)
        return (path or "（请求）", match.group()) if match else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _unprintable(key, path) or _unprintable(item, f"{path}.{key}" if path else str(key))
            if found:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value, start=1):
            found = _unprintable(item, f"{path}[{i}]")
            if found:
                return found
    return None


def _resolve(config: Config, name: Any) -> Any:
    """A TypeInfo for a requested type name: looked up among the listed types only."""
    from drafter.templates import resolve_type

    if not isinstance(name, str) or not name.strip():
        raise ApiError(422, "缺少文种（type）", fix="type 应是 `drafter types` 列出的文种名称，例如「工作汇报」。")
    if len(name) > 100:
        raise ApiError(404, "没有这种文种", fix="用 GET /api/types 查看可用文种。")
    try:
        return resolve_type(name, config.search_path)
    except TemplateError as exc:
        raise ApiError(404, exc.message, fix=exc.fix) from None


def _facts_of(body: dict[str, Any]) -> dict[str, Any]:
    facts = body.get("facts", {})
    if facts is None:
        facts = {}
    if not isinstance(facts, dict):
        raise ApiError(
            422,
            "facts 应是「字段: 值」的对象",
            problems=[{"path": "", "message": "事实应是「字段: 值」的对象", "fix": "例如 {\"单位\": \"某某县商务局\"}。"}],
        )
    return facts


def _seed_of(body: dict[str, Any]) -> int:
    seed = body.get("seed", 0)
    if seed is None:
        return 0
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < SEED_LIMIT:
        raise ApiError(422, f"seed 应是 0 到 {SEED_LIMIT - 1} 之间的整数", fix="不确定时省略 seed（默认 0）。")
    return seed


def _problems(exc: FactsError) -> list[dict[str, str]]:
    """A FactsError's problems as {path, message, fix}, for the form to place by field."""
    found = getattr(exc, "problems", None)
    if found:
        return [{"path": p.path, "message": p.message, "fix": p.fix} for p in found]
    return [{"path": exc.where.field or "", "message": exc.message, "fix": exc.fix or ""}]


def _draft(config: Config, info: Any, facts: dict[str, Any], seed: int) -> Any:
    """drafter.draft.draft as `drafter new` calls it (settings' default facts included);
    its problems become a 422 listing each by field path."""
    from drafter.draft import draft
    from drafter.settings import load_settings

    settings = load_settings()
    try:
        result = draft(
            info.name, facts, seed=seed, search_path=config.search_path, corpus_dir=config.corpus_dir,
            defaults=settings.default_facts,
        )
    except FactsError as exc:
        raise ApiError(422, exc.message, fix=exc.fix, problems=_problems(exc)) from None
    return result, settings


def _jsonable(value: Any) -> Any:
    """Facts from YAML as JSON: dates become 2025-12-20, keys text."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _attachment(data: bytes, filename: str, media_type: str) -> Response:
    ascii_name = "draft" + Path(filename).suffix
    headers = {
        **SECURITY_HEADERS,
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}",
    }
    return Response(data, media_type=media_type, headers=headers)


# ---------------------------------------------------------------- endpoints


async def index(request: Request) -> Response:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8", headers=SECURITY_HEADERS)


async def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in STATIC_FILES:
        raise ApiError(404, "没有这个文件")
    return FileResponse(STATIC_DIR / name, media_type=STATIC_FILES[name], headers=SECURITY_HEADERS)


async def types(request: Request) -> Response:
    from drafter.templates import list_types

    config: Config = request.app.state.config
    rows = [
        {"name": t.name, "aliases": list(t.aliases), "description": t.description}
        for t in list_types(config.search_path)
    ]
    return _json(rows)


async def type_schema(request: Request) -> Response:
    from drafter.facts import to_json_schema
    from drafter.templates import load_schema

    config: Config = request.app.state.config
    info = _resolve(config, request.path_params["type"])
    spec = load_schema(info, config.search_path)
    schema = to_json_schema(spec, title=f"{info.name}事实", title_patterns=info.title_patterns)
    _annotate(schema, spec.get("fields", {}), top=True)
    return _json(schema)


def _annotate(schema: dict[str, Any], fields: dict[str, Any], *, top: bool = False) -> None:
    """Mark each property with the drafter field kind (x-kind), whether its text is long
    enough for a text area (x-multiline), and at the top level whether it belongs to the
    文件's front matter (x-group: issue, 文号 and the 版头/版记 fields), so the page builds
    the right control in the right place."""
    from drafter.render.frontmatter import FIELDS as ISSUE_FIELDS

    for name, prop in schema.get("properties", {}).items():
        spec = fields.get(name, {})
        kind = spec.get("type", "text")
        prop["x-kind"] = kind
        if top and name in ISSUE_FIELDS:
            prop["x-group"] = "issue"
        if kind == "text":
            example = str(spec.get("example") or "")
            description = str(spec.get("description") or "")
            prop["x-multiline"] = (
                name in ("内容", "概述", "开场", "结语")
                or "分段" in description
                or "\n" in example
                or len(example) > 30
            )
        elif kind == "paragraphs":
            prop["x-multiline"] = True  # one paragraph a line
        elif kind == "list":
            items = spec.get("items", {"type": "text"})
            item_kind = items.get("type", "text")
            if "items" in prop:
                item_schema = prop["items"]
            else:
                # A list that may also be typed on one line (split:) is text-or-array in the
                # JSON Schema; the form edits it as a list, one 机关 a row (x-items).
                array = next(alt for alt in prop.get("anyOf", []) if alt.get("type") == "array")
                item_schema = prop["x-items"] = array["items"]
            item_schema["x-kind"] = item_kind
            if item_kind in ("object", "entry"):
                target = item_schema if item_kind == "object" else item_schema["anyOf"][1]
                _annotate(target, items.get("fields", {}))
        elif kind == "object":
            _annotate(prop, spec.get("fields", {}))
        elif kind == "entry":
            _annotate(prop["anyOf"][1], spec.get("fields", {}))


async def type_example(request: Request) -> Response:
    from drafter.facts import load_facts
    from drafter.ingest import decode_bytes, read_bytes
    from drafter.templates import example_path

    config: Config = request.app.state.config
    info = _resolve(config, request.path_params["type"])
    path = example_path(info, config.search_path)
    text, _ = decode_bytes(read_bytes(path), path)
    facts = load_facts(path)
    return _json({"type": info.name, "facts": _jsonable(facts), "yaml": text})


async def draft_document(request: Request) -> Response:
    config: Config = request.app.state.config
    body = await _json_body(request)
    info = _resolve(config, body.get("type"))
    facts = _facts_of(body)
    seed = _seed_of(body)
    fmt = body.get("format", "md")
    if fmt not in ("md", "docx"):
        raise ApiError(422, f"不支持的格式「{fmt}」", fix="format 只能是 \"md\" 或 \"docx\"。")
    result, settings = await run_in_threadpool(_draft, config, info, facts, seed)
    from drafter.draft import default_output

    if fmt == "md":
        name = default_output(result, ".md", Path(".")).name
        return _attachment(result.markdown.encode("utf-8"), name, "text/markdown; charset=utf-8")
    from drafter.render import docx_bytes

    data = await run_in_threadpool(docx_bytes, result.markdown, settings)
    name = default_output(result, ".docx", Path(".")).name
    return _attachment(data, name, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


async def preview(request: Request) -> Response:
    config: Config = request.app.state.config
    body = await _json_body(request)
    info = _resolve(config, body.get("type"))
    facts = _facts_of(body)
    seed = _seed_of(body)
    result, _ = await run_in_threadpool(_draft, config, info, facts, seed)
    from drafter.web.preview import preview_html

    return _json({
        "type": result.type,
        "title": result.title,
        "seed": seed,
        "markdown": result.markdown,
        "html": preview_html(result.markdown),
        "missing_facts": list(result.missing_facts),
    })


async def validate_facts(request: Request) -> Response:
    config: Config = request.app.state.config
    body = await _json_body(request)
    info = _resolve(config, body.get("type"))
    facts = _facts_of(body)
    try:
        await run_in_threadpool(_draft, config, info, facts, 0)
    except ApiError as exc:
        if exc.problems is None:
            raise
        return _json({"problems": exc.problems})
    return _json({"problems": []})


async def facts_load(request: Request) -> Response:
    """A facts file the user picked, read by the CLI's own loader (encoding detection,
    line numbers) through a temporary file that is removed at once."""
    from drafter.facts import load_facts

    config: Config = request.app.state.config
    info = _resolve(config, request.query_params.get("type"))
    raw = await _read_body(request, FACTS_LIMIT)
    filename = Path(unquote(request.headers.get("x-filename", "facts.yaml"))).name[:200] or "facts.yaml"
    suffix = ".json" if filename.lower().endswith(".json") else ".yaml"
    fd, tmp = tempfile.mkstemp(prefix="drafter-web-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(raw)
        facts = await run_in_threadpool(load_facts, tmp)
    except DrafterError as exc:
        exc.where.path = filename  # the user's file name, not the temporary one
        raise
    finally:
        os.unlink(tmp)
    return _json({"type": info.name, "facts": _jsonable(facts)})


async def facts_save(request: Request) -> Response:
    """The form's facts as a YAML file the CLI reads. When they are the facts of the file
    the user loaded (`original`), that file comes back byte for byte, comments and all."""
    from drafter.templates import load_schema

    config: Config = request.app.state.config
    body = await _json_body(request)
    info = _resolve(config, body.get("type"))
    facts = _facts_of(body)
    original = body.get("original")
    schema = load_schema(info, config.search_path)
    filename = str(body.get("filename") or f"{info.name}.yaml")
    filename = Path(filename).name[:200] or f"{info.name}.yaml"
    if isinstance(original, str) and _same_facts(original, facts, schema):
        text = original
    else:
        from drafter.web.yamlout import dump_facts

        text = dump_facts(facts, schema, type_name=info.name)
    return _attachment(text.encode("utf-8"), filename, "application/yaml; charset=utf-8")


def _same_facts(original: str, facts: dict[str, Any], schema: dict[str, Any]) -> bool:
    """Whether `facts` say what the `original` YAML says, as drafting sees it (empty
    fields, date spellings and surrounding spaces do not count)."""
    import yaml

    from drafter.facts import normalize

    try:
        loaded = yaml.safe_load(original)
        if not isinstance(loaded, dict):
            return False
        return normalize(loaded, schema) == normalize(facts, schema)
    except Exception:  # noqa: BLE001 - any doubt means "changed": write the form out
        return False


async def phrases(request: Request) -> Response:
    """`drafter phrases` over HTTP: mined phrases (with their documents) and conventions
    (with their place in the conventions file), filtered by word, type, role, kind, source."""
    from drafter.mine.phrases import KIND_NAMES
    from drafter.phrasing.listing import phrase_rows

    config: Config = request.app.state.config
    params = request.query_params
    try:
        limit = min(max(int(params.get("limit", "50")), 1), PHRASE_LIMIT)
    except ValueError:
        raise ApiError(422, "limit 应是整数") from None
    rows = await run_in_threadpool(
        lambda: phrase_rows(
            corpus_dir=config.corpus_dir,
            search_path=config.search_path,
            keyword=params.get("q") or None,
            type=params.get("type") or None,
            role=params.get("role") or None,
            kind=params.get("kind") or None,
            source=params.get("source") or None,
        )
    )
    keys = ("text", "kind", "types", "roles", "count", "docs", "source", "position")
    out = []
    for row in rows[:limit]:
        item = {k: row.get(k) for k in keys}
        item["kind_name"] = KIND_NAMES.get(row["kind"], row["kind"])
        item["sources"] = list(row.get("sources") or [])[:5]
        out.append(item)
    return _json({"total": len(rows), "phrases": out})


async def phrase_facets(request: Request) -> Response:
    from drafter.mine.phrases import KIND_NAMES, KINDS

    config: Config = request.app.state.config
    data = _phrase_data(config)
    roles = sorted({r for row in data.get("phrases", []) for r in row.get("roles") or ()})
    types = sorted({t for row in data.get("phrases", []) for t in row.get("types") or ()})
    return _json({"kinds": [{"id": k, "name": KIND_NAMES.get(k, k)} for k in KINDS], "roles": roles, "types": types})


def _phrase_data(config: Config) -> dict[str, Any]:
    from drafter.corpus import PHRASES_FILE, default_corpus_dir

    path = default_corpus_dir(config.corpus_dir) / PHRASES_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = 0  # load_json reports the missing file
    return _phrase_data_cached(path, stamp)


@functools.lru_cache(maxsize=4)
def _phrase_data_cached(path: Path, stamp: int) -> dict[str, Any]:
    """phrases.json parsed once per file version (read-only afterwards: callers copy rows)."""
    from drafter.corpus import load_json

    data = load_json(path.parent, path.name)
    return data if isinstance(data, dict) else {"phrases": []}


# ---------------------------------------------------------------- errors


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _drafter_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DrafterError)
    body: dict[str, Any] = {"error": exc.user_message()}
    if exc.fix:
        body["fix"] = exc.fix
    if isinstance(exc, FactsError):
        body["problems"] = _problems(exc)
    return _json(body, status=422)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    messages = {404: "没有这个地址", 405: "这个地址不支持该请求方法"}
    return _json({"error": messages.get(exc.status_code, "请求有误")}, status=exc.status_code)


async def _internal_error(request: Request, exc: Exception) -> Response:
    # A bug, not bad input: say so in Chinese, without a traceback page.
    return _json(
        {"error": f"内部错误（这是 drafter 的缺陷，请报告）：{type(exc).__name__}"}, status=500
    )


LOCAL_NAMES = ("127.0.0.1", "localhost", "::1")


class LocalHostOnly:
    """ASGI middleware: answer only requests addressed to this machine by name (Host header).

    A web page elsewhere can point a name it controls at 127.0.0.1 (DNS rebinding) and
    then read answers as if it were this page; such a request carries that other name."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            name = host.rsplit(":", 1)[0] if not host.startswith("[") else host[1:].split("]", 1)[0]
            if name not in LOCAL_NAMES:
                response = _json(
                    {"error": "只接受发往本机（127.0.0.1 或 localhost）的请求", "fix": "在浏览器地址栏使用 drafter serve 打印的地址。"},
                    status=400,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(
    search_path: tuple[Path, ...] | None = None, corpus_dir: Path | None = None, *, local_only: bool = False
) -> Starlette:
    """The web application over the given template search path and corpus. `local_only`
    (what `drafter serve` uses on 127.0.0.1) refuses requests addressed to any other name."""
    from drafter.templates import template_search_path
    from drafter.web.batch import batch_plan, batch_run, batch_sheet

    routes = [
        Route("/", index),
        Route("/static/{name}", static),
        Route("/api/types", types),
        Route("/api/types/{type:path}/schema", type_schema),
        Route("/api/types/{type:path}/example", type_example),
        Route("/api/draft", draft_document, methods=["POST"]),
        Route("/api/preview", preview, methods=["POST"]),
        Route("/api/validate", validate_facts, methods=["POST"]),
        Route("/api/facts/load", facts_load, methods=["POST"]),
        Route("/api/facts/save", facts_save, methods=["POST"]),
        Route("/api/phrases", phrases),
        Route("/api/phrases/facets", phrase_facets),
        Route("/api/types/{type:path}/sheet", batch_sheet),
        Route("/api/batch/plan", batch_plan, methods=["POST"]),
        Route("/api/batch/run", batch_run, methods=["POST"]),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={
            ApiError: _api_error,
            DrafterError: _drafter_error,
            HTTPException: _http_error,
            Exception: _internal_error,
        },
    )
    if local_only:
        app.add_middleware(LocalHostOnly)
    app.state.config = Config(search_path=tuple(search_path or template_search_path()), corpus_dir=corpus_dir)
    return app
