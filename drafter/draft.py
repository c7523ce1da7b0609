"""Drafting: facts + a type's template + the phrase bank -> 公文 Markdown (and .docx).

The whole pipeline reads top to bottom in `draft`:
resolve type -> load schema -> validate (every problem at once) -> normalise
(dates, full-width punctuation) -> compose the title -> render the template with the
phrase helpers -> number the headings -> check every fact made it into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from drafter.errors import CorpusError, FactsError, OutputError, TemplateError
from drafter.facts import load_facts_with_lines, normalize, validate
from drafter.mdtext import escape_facts, settle_breaks, unescape
from drafter.phrasing import PhraseBank, PhrasePicker, load_phrase_bank, load_structures
from drafter.phrasing.conventions import load_conventions
from drafter.phrasing.picker import UsedPhrase
from drafter.templates import (
    TypeInfo,
    load_schema,
    render_template,
    resolve_type,
    template_search_path,
)

_SLOT_RE = re.compile(r"\{([^{}]+)\}")
CORE_FIELDS = ("标题", "主送", "单位", "上级", "时间", "主题", "日期")


@dataclass(frozen=True)
class Draft:
    type: str
    title: str
    markdown: str
    seed: int = 0
    # Paths of supplied facts the text does not show (should stay empty; the CLI warns).
    missing_facts: tuple[str, ...] = ()
    # The stock phrases the text used, each with its source (corpus documents or convention).
    phrases: tuple[UsedPhrase, ...] = ()


def draft(
    type_name: str,
    facts: dict[str, Any],
    *,
    seed: int = 0,
    search_path: tuple[Path, ...] | list[Path] | None = None,
    corpus_dir: Path | str | None = None,
    facts_path: Path | str | None = None,
    lines: dict[str, int] | None = None,
    defaults: dict[str, str] | None = None,
    schema: dict[str, Any] | None = None,
) -> Draft:
    """Draft one document of `type_name` from `facts`; raises FactsError listing every problem.

    `defaults` (the settings file's 单位/上级/主送) fill only fields the schema has
    and the facts leave out or empty: the facts file always wins.
    `schema`: the type's schema when the caller already holds it (`drafter batch` loads it
    once per worker rather than once per row).
    """
    path = tuple(search_path) if search_path else template_search_path()
    info = resolve_type(type_name, path)
    schema = schema if schema is not None else load_schema(info, path)
    facts = with_defaults(facts, defaults or {}, schema)
    problems = validate(facts, schema, lines=lines)
    if problems:
        error = FactsError(
            f"事实不符合「{info.name}」的要求，共 {len(problems)} 处问题",
            path=facts_path,
            details=[p.describe() for p in problems],
            fix=f"逐条修改后重试；`drafter facts {info.name}` 可查看全部字段和示例。",
        )
        # The problems themselves (path, message, fix), for callers that place them by
        # field (drafter serve shows each beside its form field).
        error.problems = problems  # type: ignore[attr-defined]
        raise error
    plain, clean = prepare_facts(info, facts, schema)
    bank, structures = _corpus(corpus_dir)
    picker = PhrasePicker(
        _with_type_phrases(bank, info),
        clean,
        types=info.phrase_types,
        seed=seed,
        structures=structures,
        shown=clean["标题"],
        conventions=load_conventions(path),
        doc_type=info.name,
    )
    # Shared core names are always defined, so a template can test `{% if 主送 %}`
    # whether or not its schema has the field; anything else stays strict.
    context = {name: clean.get(name) for name in (*CORE_FIELDS, *schema["fields"])}
    context["标题"] = clean["标题"]
    markdown = render_template(info, context, picker=picker, search_path=path)
    markdown = _front_matter(plain, schema) + _tidy(_number_headings(settle_breaks(markdown)))
    return Draft(
        type=info.name,
        title=unescape(clean["标题"]),
        markdown=markdown,
        seed=seed,
        missing_facts=tuple(missing_facts(clean, markdown)),
        phrases=tuple(picker.used_phrases),
    )


def _corpus(corpus_dir: Path | str | None) -> tuple[Any, Any]:
    """The phrase bank and structures; a corpus file whose entries have the wrong
    types is bad input (exit 2), not a crash."""
    try:
        return load_phrase_bank(corpus_dir), load_structures(corpus_dir)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        from drafter.corpus import default_corpus_dir

        raise CorpusError(
            f"语料库文件的内容格式不对（{exc}）",
            path=default_corpus_dir(corpus_dir),
            fix="重新运行 `drafter corpus build 范文文件夹 -o 语料库文件夹` 生成语料库。",
        ) from None


def _with_type_phrases(bank: PhraseBank, info: Any) -> PhraseBank:
    """The corpus bank, with the type's own phrase file (from `templates learn`) in front."""
    from drafter.templates import type_phrases_path

    own = type_phrases_path(info)
    if own is None:
        return bank
    from drafter.corpus import load_json

    try:
        mine = PhraseBank.from_data(load_json(own.parent, own.name), own)
    except CorpusError as exc:
        raise TemplateError(
            f"文种「{info.name}」的短语文件无法读取（{exc.message}）",
            path=own,
            fix="重新运行 `drafter templates learn` 生成它，或删去这个文件（草稿改用语料库的套话）。",
        ) from None
    # Ids apart from the corpus's, so using one never hides the other.
    phrases = tuple(replace(p, id=f"{info.name}:{p.id}") for p in mine.phrases)
    return PhraseBank(phrases + bank.phrases, bank.source)


def draft_file(
    type_name: str,
    facts_file: Path | str,
    *,
    seed: int = 0,
    search_path: tuple[Path, ...] | list[Path] | None = None,
    corpus_dir: Path | str | None = None,
    defaults: dict[str, str] | None = None,
) -> Draft:
    """draft() over a facts file, so problems carry the file and line."""
    # An unknown type is reported before the facts file is even read.
    resolve_type(type_name, tuple(search_path) if search_path else template_search_path())
    facts, lines = load_facts_with_lines(facts_file)
    return draft(
        type_name, facts, seed=seed, search_path=search_path, corpus_dir=corpus_dir,
        facts_path=facts_file, lines=lines, defaults=defaults,
    )


def prepare_facts(info: TypeInfo, facts: dict[str, Any], schema: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Validated facts as the draft uses them: `plain` (normalised, full-width punctuation;
    the front matter, and `drafter batch`'s file names) and `clean`, the same escaped so
    that no value can become Markdown (see drafter.mdtext), with a 标题 given or composed.
    The front matter is data the typesetter reads, not Markdown: it gets them plain."""
    plain = _fullwidth_facts(normalize(facts, schema))
    clean = escape_facts(plain)
    clean["标题"] = clean.get("标题") or _issued_title(compose_title(info.name, clean, info.title_patterns), clean)
    return plain, clean


def with_defaults(facts: dict[str, Any], defaults: dict[str, str], schema: dict[str, Any]) -> dict[str, Any]:
    """Settings defaults under the facts: a fact given (non-empty) in the file wins."""
    merged = dict(facts)
    for name, value in defaults.items():
        if name in schema["fields"] and merged.get(name) in (None, ""):
            merged[name] = value
    return merged


def _issued_title(title: str, facts: dict[str, Any]) -> str:
    """A 汇报 issued with a 文号 is a 报告 (GB/T 9704 文种), so a composed title says so."""
    if facts.get("文号") and title.endswith("的汇报"):
        return title[: -len("汇报")] + "报告"
    return title


def _front_matter(facts: dict[str, Any], schema: dict[str, Any]) -> str:
    """The 文件 data (文号, 抄送, 附件 ...) as a front-matter block the typesetter reads; "" when none given.

    With a 文号 the document is issued as a 文件, and its 发文机关 defaults to 单位.
    """
    from drafter.render.frontmatter import FIELDS, format_front_matter

    values = {name: facts.get(name) for name in FIELDS if name in schema["fields"]}
    if values.get("文号") and not values.get("发文机关") and facts.get("单位"):
        values["发文机关"] = [facts["单位"]]
    return format_front_matter(values)


def compose_title(type_name: str, facts: dict[str, Any], patterns: tuple[str, ...]) -> str:
    """The first title pattern whose slots all have facts, filled in."""
    for pattern in patterns:
        slots = _SLOT_RE.findall(pattern)
        if all(isinstance(facts.get(s), str) and facts[s] for s in slots):
            return _SLOT_RE.sub(lambda m: facts[m.group(1)], pattern)
    needed = "、".join(dict.fromkeys(s for p in patterns for s in _SLOT_RE.findall(p)))
    raise FactsError(
        f"无法为「{type_name}」拼出标题",
        field="标题",
        fix=f"直接填写「标题」，或补上这些字段：{needed}。",
    )


def _fullwidth_facts(value: Any) -> Any:
    """Half-width punctuation the user typed in Chinese text becomes full-width."""
    from drafter.punctuation import fullwidth_punctuation

    if isinstance(value, str):
        return fullwidth_punctuation(value)
    if isinstance(value, list):
        return [_fullwidth_facts(v) for v in value]
    if isinstance(value, dict):
        return {k: _fullwidth_facts(v) for k, v in value.items()}
    return value


def _number_headings(markdown: str) -> str:
    from drafter.render.mdparse import number_headings

    return number_headings(markdown)


def _tidy(markdown: str) -> str:
    """At most one blank line between blocks, one newline at the end."""
    text = re.sub(r"[ \t]+\n", "\n", markdown)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"


def _leaves(value: Any, path: str) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, f"{path}.{k}" if path else k)]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value, 1) for leaf in _leaves(v, f"{path}[{i}]")]
    return [(path, str(value))]


def missing_facts(facts: dict[str, Any], markdown: str) -> list[str]:
    """Field paths whose value (each line of it) does not appear in the Markdown. A line
    whose clauses all appear in order counts: a formula may stand after its opening time
    (2024年，在……领导下，全县……)."""
    flat = markdown.replace("\n", "")
    missing = []
    for path, text in _leaves(facts, ""):
        # A sub-item (1.一案一策) is renumbered by drafting: compare it without its number.
        parts = [_item_text(p).strip().rstrip("。；，") for p in text.splitlines() if p.strip()]
        if any(part and part not in flat and not _clauses_in_order(part, flat) for part in parts):
            missing.append(path)
    return missing


def _item_text(line: str) -> str:
    from drafter.text import sub_item

    item = sub_item(line)
    return str(item["text"]) if item and item["text"] else line


def _clauses_in_order(text: str, flat: str) -> bool:
    clauses = [c for c in text.split("，") if c]
    if len(clauses) < 2:
        return False
    start = flat.find(clauses[0])
    while start >= 0:
        at = start + len(clauses[0])
        for clause in clauses[1:]:
            found = flat.find(clause, at)
            # Only a formula's length apart: the clauses still read as the one sentence.
            if found < 0 or found - at > 30:
                break
            at = found + len(clause)
        else:
            return True
        start = flat.find(clauses[0], start + 1)
    return False


# ---------------------------------------------------------------- output


def default_output(d: Draft, suffix: str = ".docx", folder: Path | None = None) -> Path:
    """A file named from the title, in the current folder."""
    # Nothing that names another folder or hides the file: no separators, no leading dots.
    name = re.sub(r'[\\/:*?"<>|\s\x00-\x1f]+', "", d.title)[:60].lstrip(".") or d.type
    return (folder or Path.cwd()) / f"{name}{suffix}"


def write_draft(d: Draft, out: Path | str, *, force: bool = False, settings: Any = None) -> Path:
    """Write the draft as .md (atomic) or .docx (typeset), chosen by the suffix of `out`."""
    from drafter.fsutil import check_writable_target

    out = Path(out)
    check_writable_target(out, force=force)
    suffix = out.suffix.lower()
    if suffix in (".md", ".markdown"):
        from drafter.fsutil import atomic_write

        atomic_write(out, d.markdown, force=force)
    elif suffix == ".docx":
        from drafter.render.docx import render_docx

        render_docx(d.markdown, out, settings=settings, force=force)
    else:
        raise OutputError(
            f"不支持的输出格式「{out.suffix or '无后缀'}」",
            path=out,
            fix="输出文件名请以 .docx 或 .md 结尾。",
        )
    return out


__all__ = ["Draft", "default_output", "draft", "draft_file", "prepare_facts", "with_defaults", "write_draft"]
