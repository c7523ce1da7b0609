"""The hostile-input table: what a hostile or careless user gives drafter, and what must happen.

Each Case runs one `drafter` command in a fresh folder (in-process, through Typer's
CliRunner) and says what must follow: the exit code, words the message must hold
(Chinese, naming the file, line, field or option), and which files the command may
create; every other file must be exactly as it was, and no temporary file may be
left behind. `run_case` is shared by tests/test_hostile.py and by
`python -m tests.hostile_cases`, which prints the totals (tried, good, bad, exit 3).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
SEEDS = ROOT / "seeds"
EXAMPLE: dict[str, Any] = yaml.safe_load((TEMPLATES / "工作汇报" / "example.yaml").read_text(encoding="utf-8"))
CJK = re.compile(r"[\u4e00-\u9fff]")

Files = dict[str, "bytes | str | Callable[[Path], None]"]


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    files: dict[str, Any] = field(default_factory=dict)  # made before the run (bytes, text, or a callable(path))
    exit: int = 2
    says: tuple[str, ...] = ()  # each must appear in the output
    writes: tuple[str, ...] = ()  # paths (or folders) the command may create or change
    verify: Callable[[Path, str], None] | None = None  # more checks after a run that succeeds
    env: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------- helpers


def facts(**changes: Any) -> str:
    """The bundled 工作汇报 example with some fields changed (None removes one)."""
    data = json.loads(json.dumps(EXAMPLE, default=str))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def facts_json(**changes: Any) -> str:
    data = yaml.safe_load(facts(**changes))
    return json.dumps(data, ensure_ascii=False, default=str)


def new(facts_name: str = "f.yaml", out: str = "out.md", *extra: str) -> tuple[str, ...]:
    return ("new", "-t", "工作汇报", "-f", facts_name, "-o", out, *extra)


def docx_bytes(markdown: str = "# 关于测试的汇报\n\n正文。\n") -> bytes:
    from drafter.render import docx_bytes as typeset

    return typeset(markdown)


def rezip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """A copy of a zip with each member passed through `change` (None drops it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = change(info.filename, src.read(info.filename))
            if body is not None:
                dst.writestr(info.filename, body)
    return out.getvalue()


def symlink(target: str) -> Callable[[Path], None]:
    return lambda path: os.symlink(target, path)


def snapshot(root: Path) -> dict[str, str]:
    """Every path under root with what it is: a file's hash, a link's target, a folder."""
    seen: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                seen[rel] = "link:" + os.readlink(path)
            elif path.is_dir():
                seen[rel] = "dir"
            elif path.is_file():
                seen[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                seen[rel] = "special"
    return seen


TEMP_NAME = re.compile(r"(^|/)\.[^/]*\.(~\d+\.[0-9a-f]{8}\.)?tmp$")


def make_files(root: Path, files: dict[str, Any]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@dataclass(frozen=True)
class Outcome:
    good: bool
    exit_code: int
    problem: str = ""


def run_case(case: Case, root: Path) -> Outcome:
    """Run one case in the empty folder `root`; say whether drafter behaved."""
    from typer.testing import CliRunner

    from drafter.cli import app

    make_files(root, case.files)
    before = snapshot(root)
    old_cwd = os.getcwd()
    old_env = {k: os.environ.get(k) for k in case.env}
    os.environ.update(case.env)
    os.chdir(root)
    try:
        result = CliRunner().invoke(app, list(case.args))
    finally:
        os.chdir(old_cwd)
        for key, value in old_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    output = result.output
    after = snapshot(root)
    problems: list[str] = []
    if result.exit_code != case.exit:
        problems.append(f"exit {result.exit_code}, expected {case.exit}")
    if "Traceback" in output or "内部错误" in output:
        problems.append("a traceback or an internal error")
    if case.exit == 2 and not (output.startswith("错误：") and CJK.search(output)):
        problems.append("no Chinese error message")
    problems.extend(f"message lacks {want!r}" for want in case.says if want not in output)
    allowed = tuple(case.writes)
    for rel in sorted(set(before) | set(after)):
        if TEMP_NAME.search(rel) and rel in after:
            problems.append(f"temporary file left: {rel}")
        elif before.get(rel) != after.get(rel) and not any(
            rel == w or rel.startswith(w.rstrip("/") + "/") for w in allowed
        ):
            problems.append(f"{rel} was {'changed' if rel in before and rel in after else 'created' if rel in after else 'removed'}")
    if not problems and case.exit == 0 and case.verify is not None:
        try:
            case.verify(root, output)
        except AssertionError as exc:
            problems.append(f"verify: {exc}")
    return Outcome(not problems, result.exit_code, "; ".join(problems) + ("\n" + output[-600:] if problems else ""))


# ---------------------------------------------------------------- facts are text


def _draft_text(root: Path, out: str) -> tuple[list[tuple[int, str]], str]:
    """Headings (level, text) and all visible text of an output, .md read as drafter reads it."""
    from drafter.render.mdparse import Heading, block_text, parse_markdown

    path = root / out
    if path.suffix == ".docx":
        import docx

        from drafter.render.docx import paragraph_text

        document = docx.Document(str(path))
        heads, texts = [], []
        for p in document.paragraphs:
            text = paragraph_text(p).replace("\n", "")
            texts.append(text)
            name = p.style.name if p.style is not None else ""
            if name.startswith("Heading"):
                heads.append((int(name.split()[-1]), text))
        return heads, "".join(texts)
    blocks = parse_markdown(path.read_text(encoding="utf-8"))
    heads = [(b.level, b.text) for b in blocks if isinstance(b, Heading)]
    return heads, "".join(block_text(b).replace("\n", "") for b in blocks)


@lru_cache(maxsize=None)
def _baseline_levels(out_suffix: str, where: str) -> list[int]:
    """Heading levels of the draft with an ordinary value where the hostile one goes."""
    from drafter.draft import draft
    from drafter.render.mdparse import Heading, parse_markdown

    if where == "主要工作":
        changes: dict[str, Any] = {"主要工作": [{"标题": "甲乙丙", "内容": "丁戊己"}]}
    else:
        changes = {where: "甲乙丙"}
    data = yaml.safe_load(facts(**changes))
    d = draft("工作汇报", data)
    return [b.level for b in parse_markdown(d.markdown) if isinstance(b, Heading)]


def visible_lines(value: str) -> list[str]:
    """What of a value must show in the draft: each line, normalised as drafting does."""
    from drafter.clean import fullwidth_punctuation

    lines = [ln.strip() for ln in fullwidth_punctuation(value).splitlines()]
    return [ln.rstrip("。！？；，、.,;!?").strip() for ln in lines if ln.strip()]


def shows_value(value: str, out: str, where: str = "概述") -> Callable[[Path, str], None]:
    def verify(root: Path, output: str) -> None:
        heads, text = _draft_text(root, out)
        base = _baseline_levels(out, where)
        assert [lvl for lvl, _ in heads] == base, f"headings changed: {heads}"
        for line in visible_lines(value):
            assert line in text, f"{line!r} missing from the draft"

    return verify


# Markdown and HTML a user pastes from Word or WeChat: each must stay text.
CONSTRUCTS = [
    "产值增长2*3*4倍",
    "[备注]: http://example.com/x\n下文",
    "# 不是标题",
    "## 也不是标题",
    "上一行\n===",
    "上一行\n---",
    "```\n代码块未闭合",
    "~~~\n另一种代码块",
    "<!-- 注释未闭合",
    "<div>块级HTML</div>",
    "<script>alert(1)</script>",
    "1. 第一项\n2. 第二项",
    "- 列表项\n- 又一项",
    "* 星号列表",
    "+ 加号列表",
    "> 引用一段话",
    "    四个空格开头",
    "\t制表符开头",
    "**粗体**和__下划线粗体__",
    "*斜体*与_下划线斜体_",
    "__class__ 与 __init__",
    "{{ 7*7 }} 与 {% if true %}x{% endif %}",
    "{主题}{单位}",
    "A & B &amp; &#42; &lt;",
    "a < b > c",
    "行末反斜杠\\",
    "`行内代码`",
    "[链接](http://example.com)",
    "![图片](x.png)",
    "<http://example.com>",
    "***",
    "---",
    "___",
    "| 表 | 格 |\n|---|---|\n| 1 | 2 |",
    "2025. 年度",
    "1) 括号编号",
    "行一  \n行二（行末两个空格）",
    "\\*已转义\\*",
    "尾部井号 #",
    "# ",
]


def _construct_cases() -> list[Case]:
    cases = []
    for index, value in enumerate(CONSTRUCTS):
        out = "out.docx" if index % 2 else "out.md"
        cases.append(Case(
            f"fact-text-概述-{index}", new("f.yaml", out), {"f.yaml": facts(概述=value)},
            exit=0, writes=(out,), verify=shows_value(value, out, "概述"),
        ))
        heading_value = value.replace("\n", "")
        if heading_value.strip(" #"):
            cases.append(Case(
                f"fact-text-heading-{index}", new("f.yaml", out),
                {"f.yaml": facts(主要工作=[{"标题": heading_value, "内容": "丁戊己"}])},
                exit=0, writes=(out,), verify=shows_value(heading_value, out, "主要工作"),
            ))
    # A line break inside a heading field must not break the heading.
    cases.append(Case(
        "fact-heading-with-line-break", new("f.yaml", "out.docx"),
        {"f.yaml": facts(主要工作=[{"标题": "强化队伍\n# 建设", "内容": "丁戊己"}])},
        exit=0, writes=("out.docx",), verify=shows_value("强化队伍\n# 建设", "out.docx", "主要工作"),
    ))
    cases.append(Case(
        "fact-signature-stars", new("f.yaml", "out.docx"), {"f.yaml": facts(单位="***")},
        exit=0, writes=("out.docx",), verify=shows_value("***", "out.docx", "单位"),
    ))
    return cases


# ---------------------------------------------------------------- facts files

CONTROL = [chr(c) for c in (*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x80, 0x9F)]
NONCHARS = ["\ufffe", "\uffff", "\ufdd0"]
BLANKS = [" ", "   ", "\u3000", "\u3000\u3000", "\u200b", "\u200b\u200c\u200d", "\ufeff", "\u00a0", "\u2060", "\u3164", "\t"]


def _bomb(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijk"
    for i in range(1, levels):
        prev = names[i - 1]
        lines.append(f"{names[i]}: &{names[i]} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    return "\n".join(lines) + "\n"


def _facts_file_cases() -> list[Case]:
    c: list[Case] = []
    add = c.append
    add(Case("facts-alias-bomb", new(), {"f.yaml": _bomb()}, says=("f.yaml", "别名", "第 2 行")))
    add(Case("facts-alias-small", new(), {"f.yaml": facts() + "x: &a 1\ny: *a\n"}, says=("别名",)))
    add(Case("facts-merge-key", new(), {"f.yaml": "base: &b {单位: 某局}\n<<: *b\n"}, says=("别名",)))
    add(Case("facts-deep-yaml-flow", new(), {"f.yaml": "单位: " + "[" * 5000 + "]" * 5000 + "\n"}, says=("嵌套太深",)))
    add(Case("facts-deep-yaml-block", new(), {"f.yaml": "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n"}, says=("嵌套太深",)))
    add(Case("facts-deep-json", new("f.json"), {"f.json": '{"单位": ' + "[" * 100000 + "]" * 100000 + "}"}, says=("嵌套太深",)))
    add(Case("facts-deep-json-moderate", new("f.json"), {"f.json": '{"单位": ' + "[" * 500 + "]" * 500 + "}"}, says=("嵌套太深",)))
    add(Case("facts-duplicate-key", new(), {"f.yaml": facts() + "单位: 另一个局\n"}, says=("单位", "两次", "第")))
    add(Case("facts-duplicate-nested-key", new(), {"f.yaml": facts(主要工作=None) + "主要工作:\n  - 标题: 甲\n    标题: 乙\n"}, says=("标题", "两次")))
    add(Case("facts-duplicate-json-key", new("f.json"), {"f.json": '{"单位": "甲", "单位": "乙"}'}, says=("单位", "两次")))
    add(Case("facts-too-big", new(), {"f.yaml": facts() + "基本情况: " + "很" * 200_000 + "\n"}, says=("太大",)))
    add(Case("facts-50mb-fact", new(), {"f.yaml": lambda p: p.write_bytes(b"a: " + b"x" * 50_000_000)}, says=("太大",)))
    add(Case("facts-dev-zero", new("/dev/zero"), says=("太大", "/dev/zero")))
    add(Case("facts-dev-null", new("/dev/null"), says=("空",)))
    add(Case("facts-missing", new("nofile.yaml"), says=("找不到", "nofile.yaml")))
    add(Case("facts-is-folder", new("d"), {"d/x": "1"}, says=("文件夹",)))
    add(Case("facts-empty", new(), {"f.yaml": ""}, says=("空",)))
    add(Case("facts-only-comments", new(), {"f.yaml": "# 只有注释\n"}, says=("空",)))
    add(Case("facts-binary", new(), {"f.yaml": bytes(range(256)) * 4}, says=("f.yaml",)))
    add(Case("facts-png", new(), {"f.yaml": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64}, says=("f.yaml",)))
    add(Case("facts-list-top", new(), {"f.yaml": "- 单位\n- 日期\n"}, says=("映射",)))
    add(Case("facts-scalar-top", new(), {"f.yaml": "就一句话\n"}, says=("映射",)))
    add(Case("facts-python-object", new(), {"f.yaml": "单位: !!python/object/apply:os.system ['echo hi']\n"}, says=("YAML",)))
    add(Case("facts-bad-indent", new(), {"f.yaml": "单位: 甲\n  日期: 乙\n"}, says=("YAML", "第 2 行")))
    add(Case("facts-tab-indent", new(), {"f.yaml": "主要工作:\n\t- 标题: 甲\n"}, says=("YAML",)))
    add(Case("facts-unclosed-quote", new(), {"f.yaml": '单位: "某局\n日期: 2025-1-1\n'}, says=("YAML",)))
    add(Case("facts-json-syntax", new("f.json"), {"f.json": '{"单位": "甲",}'}, says=("JSON", "第 1 行")))
    add(Case("facts-json-top-list", new("f.json"), {"f.json": "[1, 2]"}, says=("映射",)))
    add(Case("facts-json-nan", new("f.json"), {"f.json": facts_json(单位=None)[:-1] + ', "单位": NaN}'}, says=("NaN", "第 1 行")))
    add(Case("facts-raw-control-char", new(), {"f.yaml": facts() + "备注: a\x01b\n"}, says=("控制字符", "U+0001")))
    add(Case("facts-raw-nul", new(), {"f.yaml": facts().encode() + b"x: \x00\n"}, says=("f.yaml",)))
    add(Case("facts-huge-int", new(), {"f.yaml": facts(存在问题=None) + "存在问题: [" + "9" * 5000 + "]\n"}, says=("数字位数太多", "加上引号")))
    add(Case("facts-timestamp-overflow", new(), {"f.yaml": facts(日期=None) + "日期: 99999-01-01\n"}, says=("日期",)))
    add(Case("facts-impossible-date", new(), {"f.yaml": facts(日期="2025-13-40")}, says=("日期", "2025-13-40")))
    add(Case("facts-date-as-list", new(), {"f.yaml": facts(日期=[1, 2])}, says=("日期",)))
    add(Case("facts-text-as-mapping", new(), {"f.yaml": facts(单位={"a": 1})}, says=("单位", "映射")))
    add(Case("facts-text-as-bool", new(), {"f.yaml": facts() .replace("单位: 某某县商务局", "单位: yes")}, says=("单位", "是/否")))
    add(Case("facts-list-as-text", new(), {"f.yaml": facts(主要工作="一段话")}, says=("主要工作", "列表")))
    add(Case("facts-empty-list", new(), {"f.yaml": facts(主要工作=[])}, says=("主要工作",)))
    add(Case("facts-empty-list-item", new(), {"f.yaml": facts(存在问题=["甲", ""])}, says=("存在问题[2]",)))
    add(Case("facts-unknown-field", new(), {"f.yaml": facts() + "单 位: 甲\n"}, says=("单 位", "未知字段")))
    add(Case("facts-missing-required", new(), {"f.yaml": facts(单位=None)}, says=("单位", "缺少")))
    add(Case("facts-gbk", new(), {"f.yaml": facts().encode("gbk")}, exit=0, writes=("out.md",)))
    add(Case("facts-utf16", new(), {"f.yaml": facts().encode("utf-16")}, exit=0, writes=("out.md",)))
    add(Case("facts-bom", new(), {"f.yaml": b"\xef\xbb\xbf" + facts().encode()}, exit=0, writes=("out.md",)))
    add(Case("facts-crlf", new(), {"f.yaml": facts().replace("\n", "\r\n").encode()}, exit=0, writes=("out.md",)))
    add(Case("facts-json-ok", new("f.json"), {"f.json": facts_json()}, exit=0, writes=("out.md",)))
    add(Case("facts-json-surrogate", new("f.json"), {"f.json": facts_json(单位="某\\ud800局").replace("\\\\ud800", "\\ud800")}, says=("单位", "代理字符")))
    add(Case("facts-yaml-escaped-surrogate", new(), {"f.yaml": facts(单位=None) + '单位: "某\\ud800局"\n'}, says=("单位",)))
    for ch in CONTROL:
        add(Case(f"facts-control-U+{ord(ch):04X}", new("f.json", "out.docx"), {"f.json": facts_json(单位=f"某{ch}局")},
                 says=("单位", f"U+{ord(ch):04X}", "第 2 个字符")))
    for ch in NONCHARS:
        add(Case(f"facts-nonchar-U+{ord(ch):04X}", new("f.json", "out.docx"), {"f.json": facts_json(概述=f"概述{ch}")},
                 says=("概述", f"U+{ord(ch):04X}")))
    for i, blank in enumerate(BLANKS):
        add(Case(f"facts-blank-required-{i}", new("f.json"), {"f.json": facts_json(单位=blank)}, says=("单位",)))
    add(Case("facts-blank-time-keeps-year", new("f.json"), {"f.json": facts_json(时间="\u3000")}, says=("时间",)))
    add(Case("facts-blank-list-item", new("f.json"), {"f.json": facts_json(存在问题=["\u200b"])}, says=("存在问题[1]",)))
    add(Case("facts-blank-heading", new("f.json"), {"f.json": facts_json(主要工作=[{"标题": "\u3000", "内容": "甲"}])}, says=("主要工作[1].标题",)))
    add(Case("facts-zero-width-inside-ok", new("f.json"), {"f.json": facts_json(单位="某\u200b局")}, exit=0, writes=("out.md",)))
    add(Case("facts-line-separators", new("f.json", "out.docx"), {"f.json": facts_json(概述="甲\u2028乙\u2029丙\r\n丁")},
             exit=0, writes=("out.docx",), verify=shows_value("甲\n乙\n丙\n丁", "out.docx")))
    add(Case("facts-emoji-and-rare", new("f.json", "out.docx"), {"f.json": facts_json(概述="𠀀𪚥😀 ñ é ‮反向‬")},
             exit=0, writes=("out.docx",), verify=shows_value("𠀀𪚥😀 ñ é ‮反向‬", "out.docx")))
    add(Case("facts-long-title", new("f.json", "out.docx"), {"f.json": facts_json(标题="关于" + "推进" * 1000 + "的汇报")},
             exit=0, writes=("out.docx",)))
    add(Case("facts-too-many-items", new("f.json"), {"f.json": facts_json(存在问题=["问题"] * 2500)}, says=("内容太多",)))
    add(Case("facts-too-many-lines", new("f.json"), {"f.json": facts_json(基本情况="一行\n" * 2500)}, says=("内容太多",)))
    add(Case("facts-many-items-ok", new("f.json", "out.md"), {"f.json": facts_json(存在问题=["问题"] * 200)}, exit=0, writes=("out.md",)))
    add(Case("facts-unknown-type", ("new", "-t", "工作汇抱", "-f", "f.yaml", "-o", "o.md"), {"f.yaml": facts()}, says=("工作汇抱", "工作汇报")))
    return c


# ---------------------------------------------------------------- output paths


def _output_cases() -> list[Case]:
    c: list[Case] = []
    add = c.append
    f = {"f.yaml": facts()}
    add(Case("out-exists", new(), {**f, "out.md": "旧内容"}, says=("已存在", "--force")))
    add(Case("out-exists-docx", new("f.yaml", "out.docx"), {**f, "out.docx": b"old"}, says=("已存在",)))
    add(Case("out-exists-force", new("f.yaml", "out.md", "--force"), {**f, "out.md": "旧内容"}, exit=0, writes=("out.md",)))
    add(Case("out-is-folder", new("f.yaml", "d"), {**f, "d/x": "1"}, says=("文件夹",)))
    add(Case("out-is-folder-force", new("f.yaml", "d", "--force"), {**f, "d/x.md": "1"}, says=("文件夹",)))
    add(Case("out-dangling-symlink", new(), {**f, "out.md": symlink("nowhere.md")}, says=("符号链接", "--force")))
    add(Case("out-dangling-symlink-force", new("f.yaml", "out.md", "--force"), {**f, "out.md": symlink("nowhere.md")}, exit=0, writes=("out.md",)))
    add(Case("out-symlink-to-file", new(), {**f, "t.md": "目标", "out.md": symlink("t.md")}, says=("已存在",)))
    add(Case("out-symlink-to-dir", new("f.yaml", "ln"), {**f, "d/x": "1", "ln": symlink("d")}, says=("文件夹",)))
    add(Case("out-fifo", new(), {**f, "out.md": lambda p: os.mkfifo(p)}, says=("特殊文件",)))
    add(Case("out-fifo-force", new("f.yaml", "out.md", "--force"), {**f, "out.md": lambda p: os.mkfifo(p)}, says=("特殊文件",)))
    add(Case("out-name-too-long", new("f.yaml", "长" * 100 + ".md"), f, says=("太长",)))
    add(Case("out-name-way-too-long", new("f.yaml", "a" * 5000 + ".md"), f, says=("太长",)))
    long_ok = "a" * 250 + ".md"
    add(Case("out-name-near-limit", new("f.yaml", long_ok), f, exit=0, writes=(long_ok,)))
    long_cn = "长" * 83 + ".md"  # 252 bytes
    add(Case("out-name-near-limit-cjk", new("f.yaml", long_cn, ), f, exit=0, writes=(long_cn,)))
    add(Case("out-parent-is-file", new("f.yaml", "file.txt/out.md"), {**f, "file.txt": "x"}, says=("out.md",)))
    add(Case("out-new-parents", new("f.yaml", "a/b/c/out.md"), f, exit=0, writes=("a",)))
    add(Case("out-suffix-txt", new("f.yaml", "out.txt"), f, says=(".txt", ".docx")))
    add(Case("out-suffix-none", new("f.yaml", "out"), f, says=("无后缀",)))
    add(Case("out-suffix-pdf", new("f.yaml", "out.pdf"), f, says=(".pdf",)))
    add(Case("out-suffix-upper", new("f.yaml", "OUT.MD"), f, exit=0, writes=("OUT.MD",)))
    add(Case("out-empty-name", new("f.yaml", ""), f, says=("错误",)))
    add(Case("out-dot", new("f.yaml", "."), f, says=("文件夹",)))
    add(Case("out-trailing-slash", new("f.yaml", "newdir/"), f, says=("错误",)))
    add(Case("out-stale-temp-cleaned", new(), {**f, ".out.md.~999999.0123abcd.tmp": "半截"}, exit=0, writes=("out.md", ".out.md.~999999.0123abcd.tmp")))
    add(Case("out-other-hidden-file-kept", new(), {**f, ".keep.tmp2": "用户的"}, exit=0, writes=("out.md",)))
    add(Case("out-docx-default-name", ("new", "-t", "工作汇报", "-f", "f.yaml"), f, exit=0, writes=("关于2025年招商引资工作情况的汇报.docx",)))
    add(Case("out-default-name-exists", ("new", "-t", "工作汇报", "-f", "f.yaml"), {**f, "关于2025年招商引资工作情况的汇报.docx": b"x"}, says=("已存在",)))
    add(Case("out-default-name-hostile-title", ("new", "-t", "工作汇报", "-f", "f.yaml"),
             {"f.yaml": facts(标题="../../etc/passwd*?<>|:\"")}, exit=0, writes=("etcpasswd.docx",)))
    add(Case("out-render-exists", ("render", "in.md", "-o", "o.docx"), {"in.md": "# 标题\n\n正文。\n", "o.docx": b"old"}, says=("已存在",)))
    add(Case("out-render-to-md", ("render", "in.md", "-o", "o.md"), {"in.md": "# 标题\n"}, says=(".md", ".docx")))
    add(Case("out-render-dangling", ("render", "in.md", "-o", "o.docx"), {"in.md": "# 标题\n", "o.docx": symlink("gone.docx")}, says=("符号链接",)))
    return c


# ---------------------------------------------------------------- corpus folders


def _seed(name: str = "000_a523faac99280891.txt") -> bytes:
    return (SEEDS / name).read_bytes()


def _corpus_cases() -> list[Case]:
    c: list[Case] = []
    add = c.append
    good_corpus = {f"corpus/{n}": (ROOT / "corpus" / n).read_bytes() for n in ("manifest.json", "documents.jsonl", "structures.json", "phrases.json")}
    bad_seeds = {"seeds/a.txt": b"\x00\x01\x02" * 50, "seeds/b.txt": b"", "seeds/c.docx": b"PK\x03\x04broken"}
    add(Case("corpus-all-bad-keeps-old", ("corpus", "build", "seeds", "-o", "corpus"), {**bad_seeds, **good_corpus},
             says=("原有语料库保持不变", "a.txt", "--force")))
    add(Case("corpus-all-bad-force", ("corpus", "build", "seeds", "-o", "corpus", "--force", "--no-mine"), {**bad_seeds, **good_corpus},
             exit=0, writes=("corpus",)))
    add(Case("corpus-out-is-file", ("corpus", "build", "seeds", "-o", "c.txt", "--no-mine"), {"seeds/a.txt": _seed(), "c.txt": "x"}, says=("不是文件夹", "c.txt")))
    add(Case("corpus-out-has-user-files", ("corpus", "build", "seeds", "-o", ".", "--no-mine"), {"seeds/a.txt": _seed(), "mine.docx": b"x"},
             says=("语料库以外的文件",)))
    add(Case("corpus-out-symlink", ("corpus", "build", "seeds", "-o", "ln", "--no-mine"), {"seeds/a.txt": _seed(), "d/x": "1", "ln": symlink("d")},
             says=("不是文件夹",)))
    add(Case("corpus-seeds-missing", ("corpus", "build", "nothere", "-o", "c"), says=("nothere",)))
    add(Case("corpus-seeds-is-file", ("corpus", "build", "s.txt", "-o", "c"), {"s.txt": "x"}, says=("s.txt",)))
    add(Case("corpus-seeds-empty", ("corpus", "build", "seeds", "-o", "c"), {"seeds/readme.pdf": b"x"}, says=("没有可用的范文",)))
    add(Case("corpus-one-good-one-bad", ("corpus", "build", "seeds", "-o", "c", "--no-mine"), {"seeds/a.txt": _seed(), "seeds/b.txt": b"\x00" * 9},
             exit=0, writes=("c",), says=("跳过 b.txt",)))
    add(Case("corpus-stale-temp-dir", ("corpus", "build", "seeds", "-o", "c", "--no-mine"),
             {"seeds/a.txt": _seed(), ".c.~999999.0123abcd.tmp/documents.jsonl": "半截"}, exit=0, writes=("c", ".c.~999999.0123abcd.tmp")))
    # A corpus that is corrupt or mixed: `new --corpus` refuses it.
    corpus_new = ("new", "-t", "工作汇报", "-f", "f.yaml", "-o", "o.md", "--corpus", "corpus")
    f = {"f.yaml": facts()}
    def broken(name: str, content: bytes | str) -> dict[str, Any]:
        return {**f, **good_corpus, f"corpus/{name}": content}
    add(Case("corpus-mixed-phrases", corpus_new, broken("phrases.json", '{"phrases": [], "version": 1}\n'), says=("不一致", "phrases.json")))
    add(Case("corpus-mixed-structures", corpus_new, broken("structures.json", '{"types": {}}\n'), says=("不一致", "structures.json")))
    add(Case("corpus-bad-byte", corpus_new, broken("phrases.json", good_corpus["corpus/phrases.json"][:100] + b"\xff" + good_corpus["corpus/phrases.json"][101:]),
             says=("phrases.json",)))
    add(Case("corpus-truncated", corpus_new, broken("phrases.json", good_corpus["corpus/phrases.json"][:5000]), says=("phrases.json",)))
    add(Case("corpus-missing-phrases", corpus_new, {**f, **{k: v for k, v in good_corpus.items() if not k.endswith("phrases.json")}}, says=("phrases.json",)))
    no_hash = {**good_corpus, "corpus/manifest.json": json.dumps({"version": 1})}
    add(Case("corpus-phrases-wrong-type", corpus_new, {**f, **no_hash, "corpus/phrases.json": "[1, 2, 3]"}, says=("phrases.json",)))
    add(Case("corpus-phrases-entry-wrong-type", corpus_new, {**f, **no_hash, "corpus/phrases.json": '{"phrases": [{"text": "在{上级}领导下", "count": "很多"}]}'},
             says=("错误",)))
    add(Case("corpus-structures-wrong-type", corpus_new, {**f, **no_hash, "corpus/structures.json": "42"}, says=("structures.json",)))
    add(Case("corpus-phrases-deep", corpus_new, {**f, **no_hash, "corpus/phrases.json": "[" * 100000 + "]" * 100000}, says=("phrases.json",)))
    add(Case("corpus-dir-missing", corpus_new[:-1] + ("nowhere",), f, says=("nowhere",)))
    add(Case("mine-bad-line", ("mine", "corpus"), {**good_corpus, "corpus/documents.jsonl": b'{"id": 1}\n'}, says=("documents.jsonl",)))
    add(Case("mine-bad-byte", ("mine", "corpus"), {**no_hash, "corpus/documents.jsonl": b"\xff\xfe{}\n"}, says=("documents.jsonl",)))
    add(Case("mine-not-json", ("mine", "corpus"), {**no_hash, "corpus/documents.jsonl": b"not json\n"}, says=("documents.jsonl", "第 1 行")))
    add(Case("mine-wrong-type-line", ("mine", "corpus"), {**no_hash, "corpus/documents.jsonl": b"[1,2]\n"}, says=("documents.jsonl",)))
    add(Case("mine-missing", ("mine", "empty"), {"empty/x.txt": "1"}, says=("documents.jsonl",)))
    add(Case("phrases-corrupt", ("phrases", "--corpus", "corpus"), {**no_hash, "corpus/phrases.json": "{"}, says=("phrases.json",)))
    add(Case("phrases-bad-byte", ("phrases", "--corpus", "corpus"), {**no_hash, "corpus/phrases.json": b"\xff"}, says=("phrases.json",)))
    add(Case("structure-corrupt", ("structure", "工作汇报", "--corpus", "corpus"), {**no_hash, "corpus/structures.json": "[]"}, says=("structures.json",)))
    add(Case("structure-mixed", ("structure", "工作汇报", "--corpus", "corpus"), {**good_corpus, "corpus/structures.json": "{}"}, says=("不一致",)))
    return c


# ---------------------------------------------------------------- render and check


def _render_check_cases() -> list[Case]:
    c: list[Case] = []
    add = c.append
    render = ("render", "in.md", "-o", "o.docx")
    add(Case("render-missing", render, says=("找不到", "in.md")))
    add(Case("render-folder", render, {"in.md/x": "1"}, says=("文件夹",)))
    add(Case("render-empty", render, {"in.md": ""}, says=("空",)))
    add(Case("render-blank", render, {"in.md": "  \n\n\t\n"}, says=("空",)))
    add(Case("render-binary", render, {"in.md": b"\x00\x01PK" * 100}, says=("二进制",)))
    add(Case("render-gbk", render, {"in.md": "# 标题\n\n正文。\n".encode("gbk")}, says=("UTF-8",)))
    add(Case("render-utf16", render, {"in.md": "# 标题\n\n正文。\n".encode("utf-16")}, exit=0, writes=("o.docx",)))
    add(Case("render-control", render, {"in.md": "# 标题\n\n正文\x01。\n"}, says=("U+0001", "第 3 行")))
    add(Case("render-esc", render, {"in.md": "# 标题\n\n\x1b[31m红\n"}, says=("U+001B",)))
    add(Case("render-nonchar", render, {"in.md": "# 标题\n\n正文\ufffe\n"}, says=("U+FFFE",)))
    add(Case("render-too-big", render, {"in.md": "# 标题\n\n" + "很" * 200_000 + "\n"}, says=("太大",)))
    add(Case("render-dev-zero", ("render", "/dev/zero", "-o", "o.docx"), says=("太大",)))
    deep_list = "# 标题\n\n" + "".join("  " * i + f"- 第{i}层\n" for i in range(12)) + "\n尾段不能丢。\n\n## 下一章\n\n某某局\n\n2025年1月1日\n"
    add(Case("render-deep-list", render, {"in.md": deep_list}, exit=0, writes=("o.docx",), verify=_contains("o.docx", "尾段不能丢", "下一章", "2025年1月1日")))
    deep_quote = "# 标题\n\n" + "> " * 20 + "引用里的字\n\n尾段。\n"
    add(Case("render-deep-quote", render, {"in.md": deep_quote}, exit=0, writes=("o.docx",), verify=_contains("o.docx", "引用里的字", "尾段")))
    add(Case("render-very-deep-quote", render, {"in.md": "# 标题\n\n" + "> " * 5000 + "深处\n"}, exit=0, writes=("o.docx",), verify=_contains("o.docx", "深处")))
    add(Case("render-very-deep-list", render, {"in.md": "# 标题\n\n" + "".join(" " * (2 * i) + "- x\n" for i in range(300)) + "\n尾\n"},
             exit=0, writes=("o.docx",), verify=_contains("o.docx", "尾")))
    add(Case("render-many-brackets", render, {"in.md": "# 标题\n\n" + "[" * 20000 + "x" + "]" * 20000 + "\n"}, exit=0, writes=("o.docx",)))
    add(Case("render-many-lines", render, {"in.md": "# 标题\n\n" + "行\n" * 20_000}, says=("太长", "行")))
    add(Case("render-many-bangs", render, {"in.md": "# 标题\n\n" + "![a" * 10_000 + "\n"}, exit=0, writes=("o.docx",)))
    add(Case("render-many-stars", render, {"in.md": "# 标题\n\n" + "*a" * 10000 + "\n"}, exit=0, writes=("o.docx",)))
    add(Case("render-long-title", render, {"in.md": "# " + "关于推进" * 1000 + "\n\n正文。\n"}, exit=0, writes=("o.docx",)))
    add(Case("render-html-only", render, {"in.md": "<!-- 只有注释 -->\n"}, exit=0, writes=("o.docx",)))
    add(Case("render-no-heading", render, {"in.md": "只有一段正文。\n"}, exit=0, writes=("o.docx",)))
    add(Case("render-big-paragraph", render, {"in.md": "# 标题\n\n" + "很长的段落" * 15_000 + "\n"}, exit=0, writes=("o.docx",),
             verify=_reopens("o.docx")))
    check = ("check", "x.docx")
    good = docx_bytes()
    add(Case("check-missing", check, says=("找不到", "x.docx")))
    add(Case("check-not-zip", check, {"x.docx": "这不是 Word 文档"}, says=("无法作为 Word 文档打开",)))
    add(Case("check-empty", check, {"x.docx": b""}, says=("无法作为 Word 文档打开",)))
    add(Case("check-doc-renamed", check, {"x.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512}, says=("无法作为 Word 文档打开",)))
    add(Case("check-empty-zip", check, {"x.docx": rezip(good, lambda n, b: None)}, says=("无法作为 Word 文档打开",)))
    add(Case("check-no-sectpr", check, {"x.docx": rezip(good, lambda n, b: re.sub(rb"<w:sectPr.*</w:sectPr>", b"", b, flags=re.S) if n == "word/document.xml" else b)},
             says=("sectPr",)))
    add(Case("check-truncated-xml", check, {"x.docx": rezip(good, lambda n, b: b[: len(b) // 2] if n == "word/document.xml" else b)}, says=("无法作为 Word 文档打开",)))
    add(Case("check-no-document-xml", check, {"x.docx": rezip(good, lambda n, b: None if n == "word/document.xml" else b)}, says=("无法作为 Word 文档打开",)))
    add(Case("check-no-content-types", check, {"x.docx": rezip(good, lambda n, b: None if n == "[Content_Types].xml" else b)}, says=("无法作为 Word 文档打开",)))
    add(Case("check-corrupt-deflate", check, {"x.docx": _corrupt_deflate(good)}, says=("无法作为 Word 文档打开",)))
    add(Case("check-truncated-zip", check, {"x.docx": good[: len(good) // 2]}, says=("无法作为 Word 文档打开",)))
    add(Case("check-zip-bomb", check, {"x.docx": _bomb_docx(good)}, says=("过大",)))
    add(Case("check-many-parts", check, {"x.docx": _many_parts(good)}, says=("过大",)))
    add(Case("check-bad-twips", check, {"x.docx": rezip(good, lambda n, b: b.replace(b'w:w="11906"', b'w:w="abc"') if n == "word/document.xml" else b)},
             says=("x.docx",)))
    add(Case("check-xxe", check, {"x.docx": rezip(good, lambda n, b: b.replace(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>",
             b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>').replace(b"\xe6\xad\xa3\xe6\x96\x87", b"&x;") if n == "word/document.xml" else b)},
             exit=0, verify=_never_shows("root:")))
    add(Case("check-good", check, {"x.docx": good}, exit=0))
    add(Case("check-folder", ("check", "d.docx"), {"d.docx/x": "1"}, says=("d.docx",)))
    add(Case("check-suffix", ("check", "x.pdf"), {"x.pdf": "1"}, says=(".pdf",)))
    add(Case("check-md-binary", ("check", "x.md"), {"x.md": b"\x00\x01" * 10}, says=("x.md",)))
    add(Case("check-md-empty", ("check", "x.md"), {"x.md": ""}, says=("空",)))
    add(Case("check-md-control", ("check", "x.md"), {"x.md": "# 标\x07题\n"}, says=("U+0007",)))
    add(Case("check-md-deep", ("check", "x.md"), {"x.md": "# 标题\n\n" + "> " * 3000 + "x\n"}, exit=0))
    add(Case("check-dev-zero-md", ("check", "/dev/zero.md"), says=("/dev/zero.md",)))
    return c


def _contains(out: str, *needles: str) -> Callable[[Path, str], None]:
    def verify(root: Path, output: str) -> None:
        _, text = _draft_text(root, out)
        for needle in needles:
            assert needle in text, f"{needle!r} dropped"

    return verify


def _never_shows(text: str) -> Callable[[Path, str], None]:
    def verify(root: Path, output: str) -> None:
        assert text not in output, f"{text!r} shown"

    return verify


def _reopens(out: str) -> Callable[[Path, str], None]:
    def verify(root: Path, output: str) -> None:
        import docx

        docx.Document(str(root / out))

    return verify


def _corrupt_deflate(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    return data[:middle] + bytes(b ^ 0x5A for b in data[middle : middle + 40]) + data[middle + 40 :]


def _bomb_docx(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        dst.writestr("word/media/bomb.bin", b"\x00" * (200 * 1024 * 1024))
    return out.getvalue()


def _many_parts(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        for i in range(3000):
            dst.writestr(f"junk/{i}", b"")
    return out.getvalue()


# ---------------------------------------------------------------- command line


def _usage_cases() -> list[Case]:
    c: list[Case] = []
    add = c.append
    f = {"f.yaml": facts()}
    add(Case("usage-seed-abc", new("f.yaml", "o.md", "--seed", "abc"), f, says=("--seed", "整数")))
    add(Case("usage-seed-float", new("f.yaml", "o.md", "--seed", "1.5"), f, says=("--seed", "整数")))
    add(Case("usage-seed-huge", new("f.yaml", "o.md", "--seed", "9" * 40), f, exit=0, writes=("o.md",)))
    add(Case("usage-seed-negative", new("f.yaml", "o.md", "--seed", "-3"), f, exit=0, writes=("o.md",)))
    add(Case("usage-missing-facts", ("new", "-t", "工作汇报"), says=("--facts", "缺少")))
    add(Case("usage-missing-type", ("new", "-f", "f.yaml"), f, says=("--type", "缺少")))
    add(Case("usage-option-no-value", ("new", "-t"), says=("-t", "缺少值")))
    add(Case("usage-unknown-command", ("nosuch",), says=("nosuch", "没有")))
    add(Case("usage-typo-command", ("chek", "x.md"), says=("check",)))
    add(Case("usage-unknown-option", ("new", "--bogus"), says=("--bogus",)))
    add(Case("usage-typo-option", ("new", "--forc"), says=("--force",)))
    add(Case("usage-extra-arg", ("check", "a.md", "b.md"), says=("多余的参数", "b.md")))
    add(Case("usage-check-no-file", ("check",), says=("文件", "缺少")))
    add(Case("usage-render-no-out", ("render", "in.md"), {"in.md": "# 标题\n"}, says=("--out", "缺少")))
    add(Case("usage-phrases-limit-negative", ("phrases", "--limit", "-5"), says=("--limit",)))
    add(Case("usage-phrases-limit-zero", ("phrases", "--limit", "0"), says=("--limit",)))
    add(Case("usage-phrases-limit-text", ("phrases", "--limit", "many"), says=("--limit", "整数")))
    add(Case("usage-phrases-kind", ("phrases", "--kind", "bogus"), says=("bogus",)))
    add(Case("usage-structure-unknown", ("structure", "不存在的文种"), says=("不存在的文种",)))
    add(Case("usage-facts-unknown", ("facts", "不存在的文种"), says=("不存在的文种",)))
    add(Case("usage-templates-show-unknown", ("templates", "show", "不存在"), says=("不存在",)))
    add(Case("usage-templates-dir-missing", ("types", "--templates", "nowhere"), says=("nowhere",)))
    add(Case("usage-templates-unknown-sub", ("templates", "nosuch"), says=("nosuch",)))
    add(Case("usage-outline-missing", ("outline", "nofile.txt"), says=("nofile.txt",)))
    add(Case("usage-outline-binary", ("outline", "x.txt"), {"x.txt": b"\x00\x01\x02" * 30}, says=("x.txt",)))
    add(Case("usage-outline-folder", ("outline", "d"), {"d/x.txt": "1"}, says=("d",)))
    add(Case("usage-corpus-unknown-sub", ("corpus", "destroy"), says=("destroy",)))
    add(Case("usage-non-utf8-name", new("f.yaml", os.fsdecode(b"\xff\xfe.md")), f, exit=0, writes=(os.fsdecode(b"\xff\xfe.md"),)))
    add(Case("usage-facts-name-control", new("a\x1bb.yaml"), says=("\\u001b",)))
    add(Case("usage-unreadable-env-templates", ("types",), env={"DRAFTER_TEMPLATES": "/nonexistent/x"}, exit=0))
    add(Case("usage-env-corpus-missing", new(), f, env={"DRAFTER_CORPUS": "/nonexistent/corpus"}, says=("/nonexistent/corpus",)))
    add(Case("usage-settings-broken", ("render", "in.md", "-o", "o.docx"), {"in.md": "# 标题\n", "s.yaml": "fonts: [\n"},
             env={"DRAFTER_SETTINGS": "s.yaml"}, says=("s.yaml", "第 2 行")))
    return c


def _batch_cases() -> list[Case]:
    """`drafter batch`, the entry point added after this table was first written."""
    header = "单位,时间,主题,日期,概述,主要工作1标题\n"
    row = "某某县商务局,2025年,招商引资,2025-12-20,工作取得成效,强化队伍\n"
    run = ("batch", "--type", "工作汇报", "--data", "d.csv", "--out-dir", "out")
    return [
        Case("batch: empty .csv", run, {"d.csv": b""}, says=("d.csv",)),
        Case("batch: binary bytes as .csv", run, {"d.csv": bytes(range(256)) * 4}, says=("d.csv",)),
        Case("batch: header only, no rows", run, {"d.csv": header}, says=("d.csv",)),
        Case("batch: a Jinja2 expression as a column name", run,
             {"d.csv": header.replace("主题", "{{7*7}}") + row}, says=("{{7*7}}",)),
        Case("batch: --data names a folder", run, {"d.csv/x": "x"}, says=("d.csv",)),
        Case("batch: unknown --format", (*run, "--format", "pdf"), {"d.csv": header + row}, says=("--format",)),
        Case("batch: a control character in one cell; the good row is still written",
             run, {"d.csv": header + row + row.replace("强化队伍", "强化\x07队伍")},
             exit=1, says=("第 3 行",), writes=("out",)),
        Case("batch: --name pointing outside the output folder stays inside it",
             (*run, "--name", "../../逃逸-{主题}.md", "--format", "md"), {"d.csv": header + row},
             exit=0, writes=("out",)),
    ]


def all_cases() -> list[Case]:
    return [*_construct_cases(), *_facts_file_cases(), *_output_cases(), *_corpus_cases(), *_render_check_cases(),
            *_usage_cases(), *_batch_cases()]


CASE_TIMEOUT = 30


def main() -> None:
    import tempfile

    cases = all_cases()
    good = bad = exit3 = 0
    import signal
    import time

    def timeout(signum: int, frame: Any) -> None:
        raise TimeoutError(f"over {CASE_TIMEOUT} s")

    signal.signal(signal.SIGALRM, timeout)
    slow = []
    for case in cases:
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            signal.alarm(CASE_TIMEOUT)  # code that hangs (the old cubic title breaking) counts as bad
            try:
                outcome = run_case(case, Path(tmp))
            except BaseException as exc:  # noqa: BLE001 - the harness reports, whatever the code under test does
                outcome = Outcome(False, -1, f"harness: {type(exc).__name__}: {exc}")
            finally:
                signal.alarm(0)
            slow.append((time.perf_counter() - start, case.name))
        exit3 += outcome.exit_code == 3
        if outcome.good:
            good += 1
        else:
            bad += 1
            print(f"BAD {case.name}: {outcome.problem}\n")
    print("slowest:", ", ".join(f"{name} {t:.2f}s" for t, name in sorted(slow, reverse=True)[:12]))
    print(f"tried {len(cases)}, good {good}, bad {bad}, exit 3: {exit3}")


if __name__ == "__main__":
    main()
