"""`drafter templates learn`: a new type from the user's own documents.

The documents go through the same pipeline as the seeds (ingest -> clean -> split ->
outline -> classify -> roles -> phrase mining), then:
- skeleton: each document's top-level sections, each known by its role (roles.classify_heading)
  or, when no role fits, by its heading text; the sequence most documents share wins, and
  the documents that disagree are named;
- sections: the heading most of the agreeing documents use; level-2 headings that recur in
  at least half of them become fixed sub-headings, varying ones a list the user fills;
- phrasing: mine.phrases over the documents, as the type's own phrases.json (openings,
  lead-ins, closings, formulas) that the template's helpers draw on;
- facts: what varies (title, 主送, the text of each section, signature and date) becomes
  schema fields, with example values taken from one agreeing document.
Nothing in the template is invented: its fixed text is headings the documents share.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from drafter.errors import DrafterError, InputError, OutputError, TemplateError
from drafter.model import SLOT_TOKEN, Classification, CleanText, Document, Heading
from drafter.numerals import parse_chinese

# Field names a learned type keeps for what every 公文 has.
_TITLE, _ADDRESSEE, _OPENING, _UNIT, _DATE, _TIME, _CLOSING = "标题", "主送", "概述", "单位", "日期", "时间", "结尾"
_RESERVED = {"标题", "主送", "单位", "上级", "时间", "主题", "日期", "概述", "结尾", "开头", "结束语", "落款", "paras", "items", "lead", "loop", "self", "super"}
_DATE_LINE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_CN_DATE_LINE = re.compile(r"^\s*([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日\s*$")
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}


def _date_of(line: str) -> str | None:
    """2025年2月5日 from 「2025年2月5日」 or 「二〇二五年二月五日」."""
    match = _DATE_LINE.match(line)
    if match:
        return f"{match.group(1)}年{int(match.group(2))}月{int(match.group(3))}日"
    match = _CN_DATE_LINE.match(line)
    if match:
        year = "".join(str(_CN_DIGIT[c]) for c in match.group(1))
        return f"{year}年{parse_chinese(match.group(2))}月{parse_chinese(match.group(3))}日"
    return None
_MONTH = r"(?:\d{1,2}|[一二三四五六七八九十]|十[一二])"
_TIME_IN_TITLE = re.compile(
    rf"(?:\d{{4}}|[〇零一二三四五六七八九]{{4}})年(?:度|第[一二三四1-4]季度|[上下]半年|{_MONTH}(?:[—-]{_MONTH})?月份?)?|第[一二三四1-4]季度|[上下]半年"
)
_MAX_EXAMPLE_PARAGRAPHS = 6
_SUPPORTED = (".docx", ".txt", ".md", ".markdown")


@dataclass(frozen=True)
class Section:
    key: str  # role name, or the heading text when no role fits
    role: str | None
    heading: str  # the heading the template writes
    field: str  # the schema field holding its text
    kind: str  # "text" | "entries" (varying level-2 headings) | "fixed" (recurring ones) | "repeated"
    subheadings: tuple[tuple[str, str], ...] = ()  # (heading, field) for kind "fixed"


@dataclass(frozen=True)
class Shared:
    """Sentences the agreeing documents write word for word: house style, not facts."""

    opening: str = ""  # the last line before the first heading (现将有关情况汇报如下：)
    closing: str = ""  # the last line before the signature (特此报告。)


@dataclass(frozen=True)
class LearnReport:
    name: str
    folder: Path
    documents: tuple[str, ...]  # every file read
    agreeing: tuple[str, ...]  # files whose skeleton was learned
    disagreeing: tuple[tuple[str, str], ...]  # (file, its skeleton) for the others
    skeleton: tuple[str, ...]  # section headings, in order
    sections: tuple[Section, ...]
    phrases: dict[str, int]  # kind -> how many were learned
    fields: tuple[str, ...]
    example_from: str
    title_pattern: str | None
    skipped: tuple[tuple[str, str], ...]  # (file, why) for files that could not be read
    shared: Shared = Shared()


@dataclass(frozen=True)
class _Doc:
    file: str
    document: Document
    top: tuple[Heading, ...]
    keys: tuple[str, ...]  # per top heading
    roles: tuple[str | None, ...]

    @property
    def skeleton(self) -> tuple[str, ...]:
        out: list[str] = []
        for key in self.keys:
            if not out or out[-1] != key:
                out.append(key)
        return tuple(out)


def learn_type(
    paths: Sequence[Path | str], *, name: str, to_dir: Path | None = None
) -> LearnReport:
    """Learn a type called `name` from `paths` and write it into `to_dir`/`name`
    (default ./drafter-templates/NAME); refuses to overwrite an existing folder."""
    from drafter.templates import CWD_TEMPLATES

    name = _check_name(name)
    target = (Path(to_dir) if to_dir is not None else Path.cwd() / CWD_TEMPLATES) / name
    if target.exists() or target.is_symlink():
        raise OutputError(
            f"文件夹已存在：{target}，未覆盖", path=target, fix="换一个 --as 名字或 --to 文件夹，或先移走已有的文件夹。"
        )
    files = _expand(paths)
    docs, skipped = _read_documents(files, name)
    if not docs:
        raise InputError(
            "没有一篇文档能读出来",
            details=[f"{f}：{why}" for f, why in skipped],
            fix="给出 .docx、.txt 或 .md 格式的公文。",
        )
    structured = [d for d in docs if d.keys]
    if not structured:
        raise InputError(
            "这些文档里都没有找到分级标题（如「一、」「（一）」或 Word 的标题样式），学不出结构",
            details=[d.file for d in docs],
            fix="给出带层次标题的公文。",
        )
    counts = Counter(d.skeleton for d in structured)
    order = {d.skeleton: i for i, d in reversed(list(enumerate(structured)))}
    skeleton = max(counts, key=lambda s: (counts[s], len(s), -order[s]))
    agreeing = [d for d in structured if d.skeleton == skeleton]
    disagreeing = [d for d in docs if d not in agreeing]
    sections = _sections(skeleton, agreeing)
    # The example comes from the agreeing document with the fewest placeholders (XX镇 ->【待填】).
    example_doc = min(agreeing, key=lambda d: d.document.piece.text.count(SLOT_TOKEN))
    title_pattern = _title_pattern(agreeing)
    phrases = _mine(agreeing, name)
    shared = _shared(agreeing)
    schema, example = _schema_and_example(sections, example_doc, title_pattern, shared)
    template = _template(name, sections, len(agreeing), shared)
    meta = _meta(name, docs, agreeing, disagreeing, sections, title_pattern)
    _write_folder(target, {
        "template.md.j2": template,
        "schema.yaml": _yaml(schema, f"# 「{name}」的事实字段：由 drafter templates learn 从 {len(agreeing)} 篇文档学得。\n"),
        "example.yaml": _yaml(example, f"# 「{name}」示例事实，取自 {example_doc.file}：drafter new --type {name} --facts example.yaml -o 草稿.docx\n"),
        "meta.yaml": _yaml(meta, ""),
        "phrases.json": _json(phrases),
    })
    kinds = Counter(p["kind"] for p in phrases["phrases"])
    return LearnReport(
        name=name,
        folder=target,
        documents=tuple(d.file for d in docs),
        agreeing=tuple(d.file for d in agreeing),
        disagreeing=tuple((d.file, " → ".join(_describe(d)) or "（无标题）") for d in disagreeing),
        skeleton=tuple(s.heading for s in sections),
        sections=tuple(sections),
        phrases=dict(sorted(kinds.items())),
        fields=tuple(schema["fields"]),
        example_from=example_doc.file,
        title_pattern=title_pattern,
        skipped=tuple(skipped),
        shared=shared,
    )


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or re.search(r"[\\/:*?\"<>|\s]", name) or name.startswith((".", "_")):
        raise TemplateError(
            f"「{name}」不能作为文种名",
            fix="文种名用中文或字母，不含空格和 \\ / : * ? \" < > | 等符号，也不以 . 或 _ 开头。",
        )
    return name


def _expand(paths: Sequence[Path | str]) -> list[Path]:
    """The files named, a folder standing for the documents in it."""
    from drafter.ingest import list_sources

    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += list_sources(path)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError("找不到文件", path=path, fix="检查文件名和路径。")
    if not files:
        raise InputError("没有给出文档", fix="在 learn 后列出 .docx、.txt 或 .md 文件，或存放它们的文件夹。")
    return files


def _read_documents(files: Sequence[Path], name: str) -> tuple[list[_Doc], list[tuple[str, str]]]:
    """Each file's main document, analysed by the seeds' pipeline."""
    from drafter.classify import classify
    from drafter.corpus import clean_file
    from drafter.mine.roles import classify_heading
    from drafter.outline import parse_outline
    from drafter.split import split_pieces

    docs: list[_Doc] = []
    skipped: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path in files:
        label = path.name if path.name not in seen else str(path)
        seen.add(path.name)
        if path.suffix.lower() not in _SUPPORTED:
            skipped.append((label, f"不支持 {path.suffix or '无扩展名'} 文件"))
            continue
        try:
            pieces = split_pieces(_join_han_gaps(clean_file(path)[0]))
        except DrafterError as exc:
            skipped.append((label, exc.message))
            continue
        if not pieces:
            skipped.append((label, "没有正文"))
            continue
        piece = max(pieces, key=lambda p: len(p.lines))
        piece = replace(piece, source=label, index=1, part=0)
        headings = tuple(parse_outline(piece.lines))
        doc_type = classify(piece, headings).type  # roles read best in the nearest built-in type
        # Mining counts the documents under the learned type's own name.
        document = Document(piece, headings, Classification(name, 1.0, ("templates learn",)))
        top_level = min((h.level for h in headings), default=1)
        top = tuple(h for h in headings if h.level == top_level)
        roles = tuple(classify_heading(h.text, level=1, doc_type=doc_type)[0] for h in top)
        keys = tuple(role or _plain(h.text) for h, role in zip(top, roles))
        docs.append(_Doc(label, document, top, keys, roles))
    return docs, skipped


# A space between two Han characters (培&nbsp;训 in a page saved from the web) means
# nothing in Chinese; cleaning keeps it (the seeds never have one), learning drops it.
_HAN_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[\u00a0\u2002\u2003\u3000 ]+(?=[\u4e00-\u9fff])")


def _join_han_gaps(text: CleanText) -> CleanText:
    return replace(text, lines=tuple(replace(line, text=_HAN_GAP.sub("", line.text)) for line in text.lines))


def _plain(text: str) -> str:
    return re.sub(r"[\s：:。；;，,]+$", "", text.strip())


def _describe(doc: _Doc) -> list[str]:
    return list(doc.skeleton)


def _children(doc: _Doc, index: int) -> list[Heading]:
    """The level-2 headings under the top heading at `index` (through the next top one)."""
    start = doc.top[index].line
    end = doc.top[index + 1].line if index + 1 < len(doc.top) else 10**9
    top_level = doc.top[index].level
    return [h for h in doc.document.headings if start < h.line < end and h.level == top_level + 1]


def _runs(doc: _Doc) -> list[list[int]]:
    """Top headings grouped by skeleton step (consecutive ones with the same key)."""
    runs: list[list[int]] = []
    for i, key in enumerate(doc.keys):
        if runs and doc.keys[runs[-1][0]] == key:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _sections(skeleton: tuple[str, ...], docs: Sequence[_Doc]) -> list[Section]:
    sections: list[Section] = []
    used: set[str] = set()
    half = max(2, -(-len(docs) // 2)) if len(docs) > 1 else 1
    for step, key in enumerate(skeleton):
        runs = [(d, _runs(d)[step]) for d in docs]
        headings = Counter(_plain(d.top[run[0]].text) for d, run in runs)
        first = _plain(runs[0][0].top[runs[0][1][0]].text)
        heading = max(headings, key=lambda h: (headings[h], h == first))
        role = next((d.roles[run[0]] for d, run in runs if d.roles[run[0]]), None)
        if role and len(docs) > 1 and headings[heading] == 1:
            # Every document words this part its own way (2022年工作总结, 上半年工作情况...):
            # the part is named by what it does, not by one document's wording.
            heading = role.split("/")[0]
        if sum(len(run) > 1 for _, run in runs) >= half:
            # Several top headings of one role in a row (the work items themselves): the
            # user's items become the headings; the part is named by its role.
            name = (role or heading).split("/")[-1]
            sections.append(Section(key, role, name, _field_name(name, used), "repeated"))
            continue
        field = _field_name(heading, used)
        children = [[_plain(h.text) for h in _children(d, run[0])] for d, run in runs]
        recurring = Counter(text for texts in children for text in dict.fromkeys(texts))
        fixed = [t for t in dict.fromkeys(t for texts in children for t in texts) if recurring[t] >= half and len(docs) > 1]
        if fixed:
            subs = tuple((t, _field_name(t, used)) for t in fixed)
            sections.append(Section(key, role, heading, field, "fixed", subs))
        elif sum(bool(c) for c in children) >= half:
            sections.append(Section(key, role, heading, field, "entries"))
        else:
            sections.append(Section(key, role, heading, field, "text"))
    return sections


def _field_name(text: str, used: set[str]) -> str:
    """A Jinja2-safe field name from a heading: its letters, without punctuation or a
    leading time (2022年工作总结 -> 工作总结: the facts of another year go in the same field)."""
    text = _TIME_IN_TITLE.sub("", text, count=1) if _TIME_IN_TITLE.match(text) else text
    base = "".join(ch for ch in text if ch.isalnum() or ch == "_")[:16] or "内容"
    if not base.isidentifier():
        base = f"第{base}"
    if not base.isidentifier():
        base = "内容"
    candidate, n = base, 2
    while candidate in used or candidate in _RESERVED:
        candidate, n = f"{base}{n}", n + 1
    used.add(candidate)
    return candidate


def _title_pattern(docs: Sequence[_Doc]) -> str | None:
    """「关于{时间}安全生产工作情况的汇报」when every title is the same once its time is taken out."""
    shapes = set()
    for d in docs:
        title = d.document.piece.title or ""
        if not _TIME_IN_TITLE.search(title):
            return None
        shapes.add(_TIME_IN_TITLE.sub("{时间}", title, count=1))
    return shapes.pop() if len(shapes) == 1 and len(docs) > 1 else None


def _head_lines(doc: _Doc) -> list[str]:
    """Lines between the title and the first heading."""
    piece = doc.document.piece
    first = doc.top[0].line if doc.top else 10**9
    titles = {piece.title or "", piece.marker_title or ""}
    return [t for t in _lines_between(doc, 0, first) if t not in titles]


def _tail_lines(doc: _Doc) -> list[str]:
    """Lines after the last heading, up to the signature."""
    _, _, signature_line = _signature(doc)
    start = doc.document.headings[-1].line if doc.document.headings else 0
    return _lines_between(doc, start, signature_line)


def _shared(docs: Sequence[_Doc]) -> Shared:
    if len(docs) < 2:
        return Shared()
    half = max(2, -(-len(docs) // 2))
    openings = Counter(lines[-1] for d in docs if len(lines := _head_lines(d)) > 1)
    closings = Counter(lines[-1] for d in docs if len(lines := _tail_lines(d)) > 1)
    opening = next((t for t, n in openings.most_common(1) if n >= half), "")
    closing = next((t for t, n in closings.most_common(1) if n >= half), "")
    return Shared(opening=opening, closing=closing)


def _mine(docs: Sequence[_Doc], name: str) -> dict[str, Any]:
    from drafter.mine.phrases import mine_phrases

    return mine_phrases([d.document for d in docs])


# ---------------------------------------------------------------- example and schema


def _lines_between(doc: _Doc, start: int, end: int) -> list[str]:
    heading_lines = {h.line for h in doc.document.headings}
    return [
        ln.text.strip() for ln in doc.document.piece.lines
        if start < ln.number < end and ln.number not in heading_lines and ln.text.strip()
    ]


def _body(doc: _Doc, heading: Heading, end: int) -> str:
    lines = ([heading.body.strip()] if heading.body.strip() else []) + _lines_between(doc, heading.line, end)
    return "\n".join(lines[:_MAX_EXAMPLE_PARAGRAPHS])


def _signature(doc: _Doc) -> tuple[str | None, str | None, int]:
    """(单位, 日期, first line of the signature block) from the document's last lines."""
    lines = [ln for ln in doc.document.piece.lines if ln.text.strip()]
    for i in range(len(lines) - 1, max(-1, len(lines) - 5), -1):
        date = _date_of(lines[i].text)
        if date:
            before = lines[i - 1].text.strip() if i > 0 else ""
            if before and len(before) <= 30 and not re.search(r"[。，；！？：]", before):
                return before, date, lines[i - 1].number
            return None, date, lines[i].number
    return None, None, 10**9




def _schema_and_example(
    sections: Sequence[Section], doc: _Doc, title_pattern: str | None, shared: Shared
) -> tuple[dict[str, Any], dict[str, Any]]:
    piece = doc.document.piece
    fields: dict[str, Any] = {}
    example: dict[str, Any] = {}
    unit, date, signature_line = _signature(doc)
    # A document without a title of its own still needs one in the example: its file name.
    title = piece.title or piece.marker_title or Path(doc.file).stem
    fields[_TITLE] = _spec("text", title_pattern is None, "公文标题" + (f"；不填时按「{title_pattern}」生成" if title_pattern else ""), title)
    example[_TITLE] = title
    if title_pattern:
        time = _TIME_IN_TITLE.search(title)
        fields[_TIME] = _spec("text", True, "所述工作的时间段（用于标题和套话）", time.group(0) if time else "")
        example[_TIME] = time.group(0) if time else ""
        del example[_TITLE]
    head = _head_lines(doc)
    if head and head[0].endswith(("：", ":")) and len(head[0]) <= 40 and "，" not in head[0]:
        fields[_ADDRESSEE] = _spec("text", False, "主送机关（抬头），不带冒号", head[0].rstrip("：:"))
        example[_ADDRESSEE] = head[0].rstrip("：:")
        head = head[1:]
    if head and head[-1] == shared.opening:
        head = head[:-1]  # the template writes it
    opening = "\n".join(head[:_MAX_EXAMPLE_PARAGRAPHS])
    fields[_OPENING] = _spec("text", bool(opening), "开头：总体情况，一两段", opening)
    example[_OPENING] = opening
    runs = _runs(doc)
    for section, run in zip(sections, runs):
        end = doc.top[run[-1] + 1].line if run[-1] + 1 < len(doc.top) else signature_line
        if section is sections[-1] and shared.closing:
            end = min(end, _line_of(doc, shared.closing))  # the template writes the closing
        heading = doc.top[run[0]]
        if section.kind == "repeated":
            items = []
            for j, index in enumerate(run):
                top = doc.top[index]
                stop = doc.top[run[j + 1]].line if j + 1 < len(run) else end
                items.append(_entry(_plain(top.text), _body(doc, top, stop)))
            fields[section.field] = _entries_spec(f"{section.heading}：每项一个标题（一级）和内容", items)
            example[section.field] = items
        elif section.kind == "fixed":
            children = _children(doc, run[0])
            intro = _body(doc, heading, children[0].line if children else end)
            fields[section.field] = _spec("text", False, f"{section.heading}：小标题前的总述", intro)
            example[section.field] = intro
            by_text = {_plain(c.text): c for c in children}
            for sub, field in section.subheadings:
                child = by_text.get(sub)
                value = ""
                if child is not None:
                    nxt = [c.line for c in children if c.line > child.line]
                    value = _body(doc, child, nxt[0] if nxt else end)
                fields[field] = _spec("text", False, f"{section.heading} · {sub}", value)
                if value:
                    example[field] = value
        elif section.kind == "entries":
            children = _children(doc, run[0])
            items = [
                _entry(_plain(c.text), _body(doc, c, children[k + 1].line if k + 1 < len(children) else end))
                for k, c in enumerate(children)
            ]
            fields[section.field] = _entries_spec(f"{section.heading}：每项一个小标题和内容", items)
            example[section.field] = items
        else:
            value = _body(doc, heading, end)
            fields[section.field] = _spec("text", True, section.heading, value)
            example[section.field] = value
    fields[_UNIT] = _spec("text", True, "发文单位（落款署名）", unit or "")
    fields[_DATE] = _spec("date", True, "成文日期，写成 2025-12-20 或 2025年12月20日", date or "")
    if unit:
        example[_UNIT] = unit
    if date:
        example[_DATE] = date
    example = {k: v for k, v in example.items() if v not in ("", [], None)}
    for spec_name, spec in fields.items():
        if spec.get("required") and spec_name not in example and spec_name != _TITLE:
            spec["required"] = False  # the example document lacks it: others may too
    return {"fields": fields}, example


def _line_of(doc: _Doc, text: str) -> int:
    return next((ln.number for ln in reversed(doc.document.piece.lines) if ln.text.strip() == text), 10**9)


def _spec(kind: str, required: bool, description: str, example: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": kind, "required": required, "description": description}
    if example not in ("", None):
        spec["example"] = example
    return spec


def _entry(title: str, body: str) -> dict[str, str]:
    return {"标题": title, "内容": body} if body else {"标题": title}


def _entries_spec(description: str, items: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "type": "list",
        "required": bool(items),
        "description": description,
        "example": items[:2],
        "items": {
            "type": "entry",
            "fields": {
                "标题": {"type": "text", "required": True, "description": "小标题"},
                "内容": {"type": "text", "required": False, "description": "具体内容，可分段"},
            },
        },
    }


# ---------------------------------------------------------------- template and meta


_PRELUDE = """{%- macro paras(text) %}
{% for para in (text or "").splitlines() if para.strip() %}
{{ para.strip() | sentence }}

{% endfor %}
{% endmacro %}
{% macro items(list, level) %}
{% for item in list or [] %}
{% if item is mapping %}
{{ "#" * (level + 1) }} {{ item.标题 | strip_end }}

{{ paras(item.get("内容")) }}
{% else %}
{{ "#" * (level + 1) }} {{ item | strip_end }}

{% endif %}
{% endfor %}
{% endmacro %}
{% macro lead(role) %}
{% set text = lead_in(role) if role else "" %}
{% if text %}
{{ text }}

{% endif %}
{% endmacro -%}
"""


def _template(name: str, sections: Sequence[Section], agreed: int, shared: Shared) -> str:
    steps = " → ".join(s.heading for s in sections)
    out = [
        f"{{#- 「{name}」：由 drafter templates learn 从 {agreed} 篇结构一致的文档学得：{steps}。",
        "    小标题取自这些文档共有的标题；开头、引语、结束语取自同一文件夹的 phrases.json。 -#}",
        _PRELUDE,
        "{% block 标题 %}",
        "# {{ 标题 }}",
        "",
        "{% if 主送 %}",
        "{{ 主送 | strip_end }}：",
        "",
        "{% endif %}",
        "{% endblock %}",
        "{% block 开头 %}",
        "{% if 概述 %}",
        "{{ paras(概述) }}",
        "{% endif %}",
        *([_escape(shared.opening), ""] if shared.opening else [
            '{% set tail = opening(ending="：", pattern="如下：$") %}',
            "{% if tail %}",
            "{{ tail }}",
            "",
            "{% endif %}",
        ]),
        "{% endblock %}",
    ]
    for s in sections:
        role = f'"{s.role}"' if s.role else "none"
        block = s.field
        out.append(f"{{% block {block} %}}")
        if s.kind == "repeated":
            out += [f"{{{{ lead({role}) }}}}", f"{{{{ items({s.field}, 1) }}}}"]
        else:
            out += [f"## {_escape(s.heading)}", "", f"{{{{ lead({role}) }}}}"]
            if s.kind == "text":
                out.append(f"{{{{ paras({s.field}) }}}}")
            elif s.kind == "entries":
                out.append(f"{{{{ items({s.field}, 2) }}}}")
            else:
                out += [f"{{% if {s.field} %}}", f"{{{{ paras({s.field}) }}}}", "{% endif %}"]
                for sub, field in s.subheadings:
                    out += [f"{{% if {field} %}}", f"### {_escape(sub)}", "", f"{{{{ paras({field}) }}}}", "{% endif %}"]
        out.append("{% endblock %}")
    out += [
        "{% block 结束语 %}",
        *([_escape(shared.closing), ""] if shared.closing else [
            '{% set end = closing(ending="。") %}',
            "{% if end %}",
            "{{ end }}",
            "",
            "{% endif %}",
        ]),
        "{% endblock %}",
        "{% block 落款 %}",
        "{% if 单位 %}",
        "{{ 单位 }}",
        "",
        "{% endif %}",
        "{% if 日期 %}",
        "{{ 日期 }}",
        "{% endif %}",
        "{% endblock %}",
        "",
    ]
    return "\n".join(out)


def _escape(text: str) -> str:
    """Heading text as template text: Jinja2 delimiters written as strings."""
    return re.sub(r"(\{\{|\}\}|\{%|%\}|\{#|#\})", lambda m: "{{ '" + m.group(1) + "' }}", text)


def _meta(
    name: str, docs: Sequence[_Doc], agreeing: Sequence[_Doc], disagreeing: Sequence[_Doc],
    sections: Sequence[Section], title_pattern: str | None,
) -> dict[str, Any]:
    steps = " → ".join(s.heading for s in sections)
    meta: dict[str, Any] = {
        "name": name,
        "aliases": [],
        "description": f"从 {len(docs)} 篇自己的文档学得的「{name}」",
        "skeleton": [s.role or s.heading for s in sections],
        "phrase_types": [name],
        "provenance": (
            f"learned: drafter templates learn 读了 {len(docs)} 篇文档，其中 {len(agreeing)} 篇结构一致（{steps}），"
            f"模板照此排列" + (f"；{len(disagreeing)} 篇结构不同，未采用" if disagreeing else "")
        ),
        "phrase_sources": f"开头、引语、结束语和套话取自本文件夹的 phrases.json（从这 {len(agreeing)} 篇文档挖掘）",
        "learned": {
            "documents": [d.file for d in docs],
            "agreed": [d.file for d in agreeing],
            "disagreed": [{"file": d.file, "skeleton": _describe(d)} for d in disagreeing],
            "sections": [
                {"heading": s.heading, "role": s.role, "field": s.field, "kind": s.kind,
                 **({"subheadings": [h for h, _ in s.subheadings]} if s.subheadings else {})}
                for s in sections
            ],
        },
    }
    if title_pattern:
        meta["title"] = [title_pattern]
    return meta


# ---------------------------------------------------------------- writing


def _yaml(data: Any, header: str) -> str:
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _json(data: Any) -> str:
    from drafter.corpus import dumps

    return dumps(data)


def _write_folder(target: Path, files: dict[str, str]) -> None:
    """All files at once: written into a staged folder beside the target, then renamed."""
    from drafter.fsutil import staged_folder

    with staged_folder(target) as stage:
        try:
            for filename, text in files.items():
                (stage / filename).write_text(text, encoding="utf-8")
            os.rename(stage, target)
        except OSError as exc:
            raise OutputError(f"写入模板失败（{exc.strerror}）", path=target) from None


def describe_report(report: LearnReport) -> str:
    """What `templates learn` prints: what it read, the skeleton, phrases and fields."""
    lines = [f"已学得文种「{report.name}」：{report.folder}"]
    lines.append(f"读了 {len(report.documents)} 篇：{'、'.join(report.documents)}")
    for file, why in report.skipped:
        lines.append(f"  跳过 {file}：{why}")
    lines.append(f"结构（{len(report.agreeing)}/{len(report.documents) } 篇一致）：{' → '.join(report.skeleton)}")
    for s in report.sections:
        if s.kind == "fixed":
            lines.append(f"  {s.heading} 下固定的小标题：{'、'.join(h for h, _ in s.subheadings)}")
    if report.disagreeing and len(report.agreeing) == 1:
        lines.append("注意：这些文档的结构各不相同，没有多数；按标题最多的一篇学习，其余：")
        lines += [f"  {file}：{skeleton}" for file, skeleton in report.disagreeing]
    elif report.disagreeing:
        lines.append(f"注意：{len(report.disagreeing)} 篇结构与多数不同，按多数学习：")
        lines += [f"  {file}：{skeleton}" for file, skeleton in report.disagreeing]
    if len(report.agreeing) < 3:
        lines.append("注意：结构一致的文档少于 3 篇，学到的结构和套话可能不可靠。")
    kinds = {"opening": "开头", "closing": "结束语", "lead_in": "引语", "formula": "套话", "transition": "过渡语", "heading_pattern": "标题句式"}
    learned = "、".join(f"{kinds.get(k, k)} {n} 条" for k, n in report.phrases.items()) or "无（文档间没有重复的说法）"
    lines.append(f"套话：{learned}")
    if report.title_pattern:
        lines.append(f"标题：{report.title_pattern}")
    if report.shared.opening or report.shared.closing:
        said = "、".join(f"「{t}」" for t in (report.shared.opening, report.shared.closing) if t)
        lines.append(f"各篇一字不差的固定句：{said}")
    lines.append(f"字段：{'、'.join(report.fields)}（示例取自 {report.example_from}）")
    from drafter.templates import template_search_path

    found = report.folder.parent.resolve() in {p.resolve() for p in template_search_path()}
    where = "" if found else f" --templates {report.folder.parent}"
    lines.append(
        f"用法：drafter facts {report.name}{where} > 事实.yaml，填好后 drafter new --type {report.name}{where} --facts 事实.yaml"
    )
    return "\n".join(lines) + "\n"
