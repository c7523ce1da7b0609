"""The HTTP API behind `drafter serve`, through Starlette's TestClient (no network)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

pytest.importorskip("starlette")
import warnings  # noqa: E402

with warnings.catch_warnings():
    # Newer Starlette suggests httpx2 for its TestClient; httpx still works the same.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from drafter.templates import builtin_templates_dir, list_types  # noqa: E402
from drafter.web.app import FACTS_LIMIT, create_app  # noqa: E402

EXAMPLE = builtin_templates_dir() / "工作汇报" / "example.yaml"


@pytest.fixture(scope="module")
def client() -> TestClient:
    # raise_server_exceptions: an unhandled exception fails the test instead of becoming a 500.
    return TestClient(create_app(), raise_server_exceptions=True)


def _example_facts(client: TestClient, type_name: str = "工作汇报") -> dict:
    return client.get(f"/api/types/{type_name}/example").json()["facts"]


def _assert_chinese_error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["error"]), body
    assert "Traceback" not in response.text
    return body


# ---------------------------------------------------------------- the page


def test_page_and_assets_are_served_by_the_package(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "公文起草" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for name in ("app.css", "app.js"):
        asset = client.get(f"/static/{name}")
        assert asset.status_code == 200 and len(asset.text) > 1000
    # Offline intranet: nothing on the page is fetched from anywhere but this server.
    for text in (page.text, client.get("/static/app.css").text, client.get("/static/app.js").text):
        assert "http://" not in text and "https://" not in text and "//cdn" not in text


def test_served_locally_it_answers_only_requests_for_this_machine() -> None:
    local = TestClient(create_app(local_only=True), base_url="http://127.0.0.1:8765")
    assert local.get("/api/types").status_code == 200
    for base in ("http://localhost:8765", "http://[::1]:8765"):
        assert TestClient(create_app(local_only=True), base_url=base).get("/api/types").status_code == 200
    rebound = TestClient(create_app(local_only=True), base_url="http://evil.example:8765")
    _assert_chinese_error(rebound.get("/api/types"), 400)
    _assert_chinese_error(rebound.post("/api/draft", json={"type": "工作汇报", "facts": {}}), 400)


def test_static_files_come_from_a_fixed_table(client: TestClient) -> None:
    for name in ("index.html", "../app.py", "..%2Fapp.py", "%2e%2e/%2e%2e/etc/passwd"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 404
        assert "import" not in response.text


# ---------------------------------------------------------------- types, schema, example


def test_types_are_the_cli_list(client: TestClient) -> None:
    rows = client.get("/api/types").json()
    assert [r["name"] for r in rows] == [t.name for t in list_types()]
    assert len(rows) == 7
    assert all(r["description"] for r in rows)


def test_user_templates_are_listed_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    own = tmp_path / "mine" / "通知"
    shutil.copytree(builtin_templates_dir() / "工作汇报", own)
    meta = yaml.safe_load((own / "meta.yaml").read_text(encoding="utf-8"))
    meta.update(name="通知", aliases=["会议通知"], description="自己的模板")
    (own / "meta.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("DRAFTER_TEMPLATES", str(tmp_path / "mine"))
    from drafter.templates import template_search_path

    local = TestClient(create_app(template_search_path()))
    names = [r["name"] for r in local.get("/api/types").json()]
    assert "通知" in names and "工作汇报" in names
    facts = _example_facts(local, "通知")
    response = local.post("/api/draft", json={"type": "通知", "facts": facts, "format": "md"})
    assert response.status_code == 200
    assert "招商引资" in response.text


def test_user_templates_render_in_the_cli_sandbox(tmp_path: Path) -> None:
    import shutil

    from drafter.templates import template_search_path

    own = tmp_path / "mine" / "工作汇报"
    shutil.copytree(builtin_templates_dir() / "工作汇报", own)
    (own / "template.md.j2").write_text(
        "# {{ 标题 }}\n\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8"
    )
    local = TestClient(create_app(template_search_path(tmp_path / "mine")))
    response = local.post("/api/draft", json={"type": "工作汇报", "facts": _example_facts(local)})
    body = _assert_chinese_error(response, 422)
    assert "模板" in body["error"] and "subclasses" not in response.text.split("模板", 1)[0]
    assert local.get("/api/types").status_code == 200


def test_schema_is_the_cli_schema_with_form_hints(client: TestClient) -> None:
    schema = client.get("/api/types/工作汇报/schema").json()
    cli = subprocess.run(
        [sys.executable, "-m", "drafter", "facts", "工作汇报", "--schema"], capture_output=True, text=True, check=True
    )
    expected = json.loads(cli.stdout)

    def strip(node):  # the web adds x-kind / x-multiline hints for the form, nothing else
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if not k.startswith("x-")}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    assert strip(schema) == expected
    props = schema["properties"]
    assert props["日期"]["x-kind"] == "date"
    assert props["概述"]["x-multiline"] is True and props["单位"]["x-multiline"] is False
    assert props["主要工作"]["items"]["x-kind"] == "object"
    assert props["下一步打算"]["items"]["x-kind"] == "entry"
    assert "单位" in schema["required"]


def test_every_type_has_schema_and_example_that_draft(client: TestClient) -> None:
    for row in client.get("/api/types").json():
        name = row["name"]
        assert client.get(f"/api/types/{name}/schema").status_code == 200
        example = client.get(f"/api/types/{name}/example").json()
        assert yaml.safe_load(example["yaml"])  # the file itself, comments and all
        response = client.post("/api/draft", json={"type": name, "facts": example["facts"], "format": "md"})
        assert response.status_code == 200, (name, response.text)


def test_aliases_resolve_like_the_cli(client: TestClient) -> None:
    assert client.get("/api/types/情况汇报/schema").json()["title"] == "工作汇报事实"


# ---------------------------------------------------------------- drafting


def test_draft_md_is_the_cli_draft(client: TestClient, tmp_path: Path) -> None:
    facts = _example_facts(client)
    response = client.post("/api/draft", json={"type": "工作汇报", "facts": facts, "seed": 2, "format": "md"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    out = tmp_path / "cli.md"
    subprocess.run(
        [sys.executable, "-m", "drafter", "new", "--type", "工作汇报", "--facts", str(EXAMPLE), "--seed", "2", "-o", str(out)],
        check=True, capture_output=True,
    )
    assert response.text == out.read_text(encoding="utf-8")


def test_draft_docx_passes_check(client: TestClient, tmp_path: Path) -> None:
    from drafter.check import check_file

    facts = _example_facts(client)
    response = client.post("/api/draft", json={"type": "工作汇报", "facts": facts, "format": "docx"})
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    out = tmp_path / "draft.docx"
    out.write_bytes(response.content)
    assert check_file(out) == []


def test_settings_default_facts_apply_as_for_drafter_new(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("defaults:\n  单位: 某某市统计局\n", encoding="utf-8")
    monkeypatch.setenv("DRAFTER_SETTINGS", str(settings))
    facts = _example_facts(client)
    del facts["单位"]
    response = client.post("/api/draft", json={"type": "工作汇报", "facts": facts})
    assert response.status_code == 200, response.text
    assert "某某市统计局" in response.text
    assert client.post("/api/validate", json={"type": "工作汇报", "facts": facts}).json() == {"problems": []}


def test_seed_changes_the_wording_not_the_facts(client: TestClient) -> None:
    facts = _example_facts(client)
    texts = {
        client.post("/api/draft", json={"type": "工作汇报", "facts": facts, "seed": s}).text for s in range(4)
    }
    assert len(texts) > 1
    assert all("35.6亿元" in t and "某某县商务局" in t for t in texts)


def test_preview_is_escaped_html_shaped_like_the_docx(client: TestClient) -> None:
    facts = _example_facts(client)
    facts["主要工作"][0]["标题"] = "<b>加强</b>队伍建设"
    body = client.post("/api/preview", json={"type": "工作汇报", "facts": facts}).json()
    html = body["html"]
    assert html.startswith('<h1 class="gw-title">')
    assert 'class="gw-h1"' in html and 'class="gw-h2"' in html and 'class="gw-body"' in html
    assert 'class="gw-signature">某某县商务局<' in html and 'class="gw-date">2025年12月20日<' in html
    assert "&lt;b&gt;加强&lt;/b&gt;" in html and "<b>" not in html
    assert body["missing_facts"] == []


def test_preview_of_a_document_issued_as_a_file(client: TestClient) -> None:
    facts = _example_facts(client)
    facts.update({"文号": "某商发〔2025〕12号", "抄送": ["县委办公室"], "附件": ["项目清单"], "附注": "联系人：李某"})
    html = client.post("/api/preview", json={"type": "工作汇报", "facts": facts}).json()["html"]
    assert html.startswith('<div class="gw-masthead">') and "某商发〔2025〕12号" in html
    assert 'class="gw-body gw-attachment">附件：项目清单<' in html
    assert "（联系人：李某）" in html and html.rstrip().endswith("印发</span></p></div>")
    schema = client.get("/api/types/工作汇报/schema").json()
    assert schema["properties"]["文号"]["x-group"] == "issue" and "x-group" not in schema["properties"]["单位"]


def test_problems_are_listed_by_field_path(client: TestClient) -> None:
    facts = _example_facts(client)
    del facts["单位"]
    facts["日期"] = "2025-13-40"
    facts["主要工作"][1] = {"内容": "没有标题"}
    response = client.post("/api/draft", json={"type": "工作汇报", "facts": facts})
    body = _assert_chinese_error(response, 422)
    paths = {p["path"]: p["message"] for p in body["problems"]}
    assert paths["单位"] == "缺少必填字段"
    assert "无法识别的日期" in paths["日期"]
    assert paths["主要工作[2].标题"] == "缺少必填字段"
    validate = client.post("/api/validate", json={"type": "工作汇报", "facts": facts}).json()
    assert validate["problems"] == body["problems"]


# ---------------------------------------------------------------- facts files


def test_load_then_save_gives_the_same_file_back(client: TestClient) -> None:
    raw = EXAMPLE.read_bytes()
    loaded = client.post("/api/facts/load?type=工作汇报", content=raw, headers={"X-Filename": "example.yaml"}).json()
    saved = client.post(
        "/api/facts/save",
        json={"type": "工作汇报", "facts": loaded["facts"], "original": raw.decode("utf-8"), "filename": "example.yaml"},
    )
    assert saved.status_code == 200
    assert saved.content == raw
    assert "example.yaml" in saved.headers["content-disposition"]


def test_saved_form_is_a_facts_file_the_cli_reads(client: TestClient, tmp_path: Path) -> None:
    facts = _example_facts(client)
    facts["概述"] = "第一段\n第二段"
    text = client.post("/api/facts/save", json={"type": "工作汇报", "facts": facts}).text
    assert "概述: |" in text and text.startswith("# ")
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    from drafter.facts import load_facts

    again = load_facts(path)
    assert again["概述"].strip() == "第一段\n第二段"
    assert str(again["日期"]) == "2025-12-20"
    assert again["主要工作"] == facts["主要工作"]
    # ...and drafting it gives the web's own draft.
    web = client.post("/api/draft", json={"type": "工作汇报", "facts": facts}).text
    out = tmp_path / "cli.md"
    subprocess.run(
        [sys.executable, "-m", "drafter", "new", "-t", "工作汇报", "-f", str(path), "-o", str(out)],
        check=True, capture_output=True,
    )
    assert out.read_text(encoding="utf-8") == web


def test_load_reads_gbk_and_reports_the_users_file_name(client: TestClient) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    loaded = client.post("/api/facts/load?type=工作汇报", content=text.encode("gb18030"))
    assert loaded.status_code == 200
    assert loaded.json()["facts"]["单位"] == "某某县商务局"
    bad = client.post("/api/facts/load?type=工作汇报", content="单位: [\n".encode(), headers={"X-Filename": quote("我的事实.yaml")})
    body = _assert_chinese_error(bad, 422)
    assert "我的事实.yaml" in body["error"] and "drafter-web-" not in body["error"]


def test_load_leaves_no_temporary_file(client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    client.post("/api/facts/load?type=工作汇报", content=EXAMPLE.read_bytes())
    client.post("/api/facts/load?type=工作汇报", content=b"\x00\x01binary")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- phrases


def test_phrases_search_by_word_type_and_role(client: TestClient) -> None:
    body = client.get("/api/phrases", params={"q": "领导", "type": "工作汇报", "source": "corpus"}).json()
    assert body["total"] >= 1
    for row in body["phrases"]:
        assert "领导" in row["text"] and "工作汇报" in row["types"]
        assert row["sources"] and {"doc", "line"} <= set(row["sources"][0])
        assert row["kind_name"]
    facets = client.get("/api/phrases/facets").json()
    role = facets["roles"][0]
    by_role = client.get("/api/phrases", params={"role": role, "limit": 5}).json()
    assert 1 <= len(by_role["phrases"]) <= 5
    assert all(any(role == r or role in r.split("/") for r in row["roles"]) for row in by_role["phrases"])
    assert client.get("/api/phrases", params={"q": "不存在的词语组合啊"}).json() == {"total": 0, "phrases": []}
    # Conventions too, each with its place in the conventions file, as `drafter phrases --source convention`.
    conventions = client.get("/api/phrases", params={"source": "convention", "limit": 200}).json()
    assert conventions["total"] >= 1
    assert all(row["source"] == "convention" and row["position"] for row in conventions["phrases"])
    corpus = client.get("/api/phrases", params={"source": "corpus", "limit": 3}).json()
    assert all(row["source"] == "corpus" and row["sources"] for row in corpus["phrases"])
    _assert_chinese_error(client.get("/api/phrases", params={"source": "网上"}), 422)


# ---------------------------------------------------------------- bad input


def test_malformed_json(client: TestClient) -> None:
    for body in (b"{", b"[1, 2]", b"\xff\xfe\x00", b"", b'"text"', b"null"):
        _assert_chinese_error(client.post("/api/draft", content=body), 400)


def test_unknown_and_path_like_type_names(client: TestClient) -> None:
    for name in ("不存在", "../../etc", "..%2F..%2Fetc%2Fpasswd", "/etc/passwd", "工作汇报/../../x", "x" * 500, "%00"):
        response = client.get(f"/api/types/{name}/schema")
        assert response.status_code == 404, name
        assert "root:" not in response.text
        draft = client.post("/api/draft", json={"type": name.replace("%2F", "/"), "facts": {}})
        assert draft.status_code == 404, name
    body = _assert_chinese_error(client.post("/api/draft", json={"type": "工作汇抱", "facts": {}}), 404)
    assert "工作汇报" in body["fix"]  # the closest match, as the CLI suggests
    for bad in (None, 3, ["工作汇报"], {"a": 1}, ""):
        _assert_chinese_error(client.post("/api/draft", json={"type": bad, "facts": {}}), 422)


def test_wrong_field_types_are_problems(client: TestClient) -> None:
    facts = _example_facts(client)
    facts.update({"单位": ["甲", "乙"], "主要工作": "一句话", "存在问题": {"a": 1}, "日期": True, "多余": "x"})
    body = _assert_chinese_error(client.post("/api/draft", json={"type": "工作汇报", "facts": facts}), 422)
    paths = {p["path"] for p in body["problems"]}
    assert {"单位", "主要工作", "存在问题", "日期", "多余"} <= paths
    for facts_value in ([], "文字", 3):
        _assert_chinese_error(client.post("/api/draft", json={"type": "工作汇报", "facts": facts_value}), 422)
    for extra in ({"seed": -1}, {"seed": "3"}, {"seed": 2**40}, {"seed": 1.5}, {"format": "pdf"}, {"format": ["md"]}):
        request = {"type": "工作汇报", "facts": _example_facts(client), **extra}
        _assert_chinese_error(client.post("/api/draft", json=request), 422)


def test_oversized_bodies_are_refused(client: TestClient) -> None:
    big = json.dumps({"type": "工作汇报", "facts": {"概述": "字" * (FACTS_LIMIT // 2)}}).encode()
    assert len(big) > FACTS_LIMIT
    _assert_chinese_error(client.post("/api/draft", content=big), 413)
    _assert_chinese_error(client.post("/api/facts/load?type=工作汇报", content=b"a" * (FACTS_LIMIT + 1)), 413)

    def chunks():  # no Content-Length: refused while reading
        for _ in range(20):
            yield b" " * (FACTS_LIMIT // 10)

    _assert_chinese_error(client.post("/api/draft", content=chunks()), 413)


def test_control_characters_are_refused_with_their_field(client: TestClient) -> None:
    facts = _example_facts(client)
    facts["主要工作"][1]["内容"] = "正文\x07响铃"
    body = _assert_chinese_error(_post(client, "/api/draft", {"type": "工作汇报", "facts": facts, "format": "docx"}), 422)
    assert body["problems"][0]["path"] == "主要工作[2].内容"
    assert "U+0007" in body["error"]


def test_wrong_methods_and_paths(client: TestClient) -> None:
    _assert_chinese_error(client.get("/api/draft"), 405)
    _assert_chinese_error(client.get("/api/nothing"), 404)
    _assert_chinese_error(client.get("/api/phrases", params={"limit": "many"}), 422)


HOSTILE = [
    # Jinja2: facts are text, never template code
    "{{ 7*7 }}", "{{ config }}", "{% for i in range(10**9) %}x{% endfor %}", "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{# 注释", "{% raw %}", "{{", "}}", "{%", "{{ self._TemplateReference__context }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}", "{% include '/etc/passwd' %}", "{% extends '../../x' %}",
    # Markdown: facts never become structure
    "# 假标题", "## 一、假章节", "**加粗**", "[链接](http://example.com)", "![图](x.png)", "```\n代码\n```",
    "> 引用", "- 列表项", "1. 有序", "---", "| 表 | 格 |", "\\", "*", "_斜_", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "&lt;&amp;", "附件：假附件", "2025年1月1日",
    # control characters and odd Unicode
    "\x00", "\x07响铃", "\x1b[31m红色", "\u202e反向", "\ufeffBOM", "\u2028行分隔", "\r\n回车", "\t制表",
    "\x7f", "\x0b\x0c", "零宽\u200b空格", "𠀀扩展B", "\ud800", "🙂表情",
    # size and shape
    "字" * 20000, " " * 50, "\n\n\n", "：：：",
]


def _post(client: TestClient, endpoint: str, data: dict):
    # ensure_ascii: a lone surrogate travels as the JSON escape \ud800, as a browser may send it.
    return client.post(endpoint, content=json.dumps(data).encode(), headers={"Content-Type": "application/json"})


@pytest.mark.parametrize("value", HOSTILE, ids=[f"h{i:02d}" for i in range(len(HOSTILE))])
def test_hostile_values_never_break_the_server(client: TestClient, value: str) -> None:
    assert len(HOSTILE) >= 50
    facts = _example_facts(client)
    facts["概述"] = value
    facts["主要工作"][0]["标题"] = value
    # The preview carries the draft's Markdown and its HTML; the .docx writer only for
    # values past the template group (Jinja syntax cannot reach it).
    formats = ("preview", "docx") if HOSTILE.index(value) >= 13 else ("preview",)
    for fmt in formats:
        endpoint = "/api/preview" if fmt == "preview" else "/api/draft"
        response = _post(client, endpoint, {"type": "工作汇报", "facts": facts, "format": "docx"})
        assert response.status_code in (200, 422), (fmt, response.status_code, response.text[:300])
        if response.status_code == 422:
            _assert_chinese_error(response, 422)
            break
        if fmt == "docx":
            assert response.content[:2] == b"PK"
            continue
        body = response.json()
        text = body["markdown"]
        if value == "{{ 7*7 }}":
            assert "{{ 7*7 }}" in text.replace("｛", "{").replace("｝", "}") or "49" not in text
        assert "root:" not in text and "uid=" not in text and "<class" not in text
        html = body["html"]
        assert "<script" not in html and "<img" not in html and "href=" not in html
    # the type name and the seed are not facts: hostile there is a 4xx
    assert _post(client, "/api/draft", {"type": value, "facts": facts}).status_code in (404, 422)
    assert _post(client, "/api/draft", {"type": "工作汇报", "facts": facts, "seed": value}).status_code == 422
    assert client.get("/api/types").status_code == 200  # still up


def test_serve_help_and_cli_help_stay_fast() -> None:
    from typer.testing import CliRunner

    from drafter.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--port" in result.output and "--open" in result.output and "127.0.0.1" in result.output
    # `drafter --help` must not import the web stack.
    probe = "import sys, drafter.cli; assert 'starlette' not in sys.modules and 'uvicorn' not in sys.modules"
    subprocess.run([sys.executable, "-c", probe], check=True)


def test_serve_refuses_a_taken_port_with_a_message() -> None:
    import socket

    from typer.testing import CliRunner

    from drafter.cli import app

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert f"端口 {port} 已被占用" in result.output


def test_serve_warns_for_another_host(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    import drafter.web.server as server
    from drafter.cli import app

    seen = {}
    monkeypatch.setattr(server, "serve", lambda **kw: seen.update(kw))
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert "警告" in result.output and "0.0.0.0" in result.output
    assert seen["host"] == "0.0.0.0"
    quiet = CliRunner().invoke(app, ["serve", "--port", "0"])
    assert "警告" not in quiet.output
    assert seen["host"] == "127.0.0.1"


def test_serve_prints_the_address_and_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real server on a free port: started, asked, stopped."""
    import urllib.request

    from drafter.web.app import create_app as make
    from drafter.web.server import BackgroundServer

    with BackgroundServer(make()) as url:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{url}/api/types", timeout=10) as response:
            assert response.status == 200
            assert json.load(io.TextIOWrapper(response, encoding="utf-8"))[0]["name"] == "工作汇报"


def test_drafter_serve_prints_its_address_and_serves_until_stopped(tmp_path: Path) -> None:
    """`drafter serve --port 0` as a user runs it: the printed address answers."""
    import signal
    import urllib.request

    proc = subprocess.Popen(
        [sys.executable, "-m", "drafter", "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "drafter 网页已启动：http://127.0.0.1:" in line, line + (proc.stderr.read() if proc.poll() is not None else "")
        url = line.split("：", 1)[1].split()[0]
        with urllib.request.urlopen(url, timeout=10) as response:
            assert "公文起草" in response.read().decode("utf-8")
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=15)
    assert list(tmp_path.iterdir()) == []  # nothing written where it ran


def test_serve_open_opens_the_printed_address(monkeypatch: pytest.MonkeyPatch) -> None:
    import webbrowser

    import uvicorn
    from typer.testing import CliRunner

    from drafter.cli import app

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url))
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: None)
    result = CliRunner().invoke(app, ["serve", "--port", "0", "--open"])
    assert result.exit_code == 0, result.output
    assert len(opened) == 1 and opened[0] in result.output


# ---------------------------------------------------------------- batch (drafter batch over HTTP)

BATCH_CSV = (
    "单位,时间,主题,日期,概述,主要工作1标题,主要工作1内容\n"
    "城关镇,2025年,招商引资,2025-12-20,城关镇全力以赴抓招商,强化招商队伍建设,组建4支专业招商小分队。\n"
    "河口镇,2025年,招商引资,2025-12-21,河口镇全力以赴抓招商,创新招商方式,全年外出招商38批次。\n"
    "坏行,2025年,,2025-13-40,x,,\n"
)


def _upload(client: TestClient, path: str, data: bytes, name: str = "乡镇.csv", query: str = "type=工作汇报"):
    return client.post(f"{path}?{query}", content=data, headers={"X-Filename": quote(name)})


def test_batch_plan_names_every_row_and_its_problems(client: TestClient) -> None:
    plan = _upload(client, "/api/batch/plan", BATCH_CSV.encode("gb18030")).json()
    assert (plan["ok"], plan["bad"]) == (2, 1)
    rows = {r["number"]: r for r in plan["rows"]}
    assert rows[2]["file"] == "城关镇-关于2025年招商引资工作情况的汇报.docx" and rows[2]["problems"] == []
    assert rows[4]["file"] is None
    assert any(p.startswith("主题：缺少必填字段") for p in rows[4]["problems"])
    assert any("无法识别的日期" in p for p in rows[4]["problems"])


def test_batch_run_gives_a_zip_of_drafts_and_the_report(client: TestClient, tmp_path: Path) -> None:
    import csv
    import zipfile

    from drafter.check import check_file

    response = _upload(client, "/api/batch/run", BATCH_CSV.encode(), query="type=工作汇报&format=docx&seed=2")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    assert names == ["batch-report.csv", "城关镇-关于2025年招商引资工作情况的汇报.docx", "河口镇-关于2025年招商引资工作情况的汇报.docx"]
    report = list(csv.reader(io.StringIO(archive.read("batch-report.csv").decode("utf-8-sig"))))
    assert report[0] == ["行号", "文件", "状态", "说明", "种子"]
    assert [row[2] for row in report[1:]] == ["已生成", "已生成", "数据有误"]
    archive.extractall(tmp_path)
    assert check_file(tmp_path / names[1]) == []
    md = _upload(client, "/api/batch/run", BATCH_CSV.encode(), query="type=工作汇报&format=md").content
    assert any(n.endswith(".md") for n in zipfile.ZipFile(io.BytesIO(md)).namelist())


def test_batch_sheet_is_the_cli_sheet(client: TestClient) -> None:
    import zipfile

    response = client.get("/api/types/工作汇报/sheet")
    assert response.status_code == 200
    assert "xl/worksheets/sheet1.xml" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert client.get("/api/types/../../etc/sheet").status_code == 404


def test_batch_bad_uploads_are_clear_4xx_and_leave_nothing(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from drafter.web.app import UPLOAD_LIMIT

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    body = _assert_chinese_error(_upload(client, "/api/batch/plan", b"MZ", name="a.exe"), 422)
    assert ".xlsx" in body["fix"]
    body = _assert_chinese_error(_upload(client, "/api/batch/plan", b"\x00garbage", name="表.xlsx"), 422)
    assert body["error"].startswith("表.xlsx") and "drafter-web-" not in body["error"]
    _assert_chinese_error(_upload(client, "/api/batch/plan", "错列,单位\n1,2\n".encode(), name="a.csv"), 422)
    _assert_chinese_error(_upload(client, "/api/batch/plan", b"", name="a.csv"), 422)
    _assert_chinese_error(_upload(client, "/api/batch/plan", b"a" * (UPLOAD_LIMIT + 1), name="a.csv"), 413)
    _assert_chinese_error(_upload(client, "/api/batch/plan", BATCH_CSV.encode(), query="type=不存在"), 404)
    for query in ("type=工作汇报&format=pdf", "type=工作汇报&seed=x", "type=工作汇报&seed=-1"):
        _assert_chinese_error(_upload(client, "/api/batch/plan", BATCH_CSV.encode(), query=query), 422)
    _upload(client, "/api/batch/run", BATCH_CSV.encode())
    assert list(tmp_path.iterdir()) == []
