"""Drafting end to end: golden Markdown per type, determinism, variety, facts coverage.

Goldens use the small fixed phrase bank beside them (tests/golden/drafts/phrases.json),
so they change only when templates or drafting change, not when mining does.
UPDATE_GOLDEN=1 regenerates them.
"""

from __future__ import annotations

import os
import re
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from drafter.draft import Draft, default_output, draft, missing_facts, write_draft
from drafter.errors import FactsError, OutputError
from drafter.facts import load_facts, normalize
from drafter.templates import example_path, list_types, load_schema

GOLDEN = Path(__file__).parent / "golden" / "drafts"
BANK = GOLDEN  # phrases.json lives beside the goldens
TYPES = [t.name for t in list_types()]
HAN_NUMBER = re.compile(r"^#{2,5} (?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）)")


def example(type_name: str) -> dict[str, Any]:
    info = next(t for t in list_types() if t.name == type_name)
    return load_facts(example_path(info))


@pytest.mark.parametrize("type_name", TYPES)
def test_example_matches_golden(type_name: str) -> None:
    result = draft(type_name, example(type_name), corpus_dir=BANK)
    golden = GOLDEN / f"{type_name}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(result.markdown, encoding="utf-8")
    assert result.markdown == golden.read_text(encoding="utf-8")
    assert result.missing_facts == ()


@pytest.mark.parametrize("type_name", TYPES)
def test_example_draft_is_well_formed(type_name: str) -> None:
    md = draft(type_name, example(type_name), corpus_dir=BANK).markdown
    lines = md.splitlines()
    assert lines[0].startswith("# ")
    assert all(HAN_NUMBER.match(line) for line in lines if line.startswith("##"))
    assert not re.search(r"\{|\}|None|【待填】|××|\n\n\n", md)
    assert not re.search(r"[\u4e00-\u9fff][,;:?!]|[,;:?!][\u4e00-\u9fff]", md)
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", md)


@pytest.mark.parametrize("type_name", TYPES)
def test_same_facts_and_seed_give_identical_bytes(type_name: str) -> None:
    facts = example(type_name)
    first = draft(type_name, facts, seed=7, corpus_dir=BANK).markdown.encode()
    assert draft(type_name, facts, seed=7, corpus_dir=BANK).markdown.encode() == first


def opening_of(md: str) -> str:
    """Everything between the title and the first numbered section: the document's opening."""
    body = md.split("\n", 1)[1]
    return body.split("\n## ", 1)[0].strip()


@pytest.mark.parametrize("type_name", TYPES)
def test_ten_seeds_give_at_least_three_openings(type_name: str) -> None:
    facts = example(type_name)
    openings = {opening_of(draft(type_name, facts, seed=s, corpus_dir=BANK).markdown) for s in range(10)}
    assert len(openings) >= 3, openings


def test_dates_are_written_without_zero_padding() -> None:
    facts = {**example("工作汇报"), "日期": "2025-01-05"}
    assert "2025年1月5日" in draft("工作汇报", facts, corpus_dir=BANK).markdown


def test_title_is_composed_or_taken_as_given() -> None:
    facts = example("工作汇报")
    assert draft("工作汇报", facts, corpus_dir=BANK).title == "关于2025年招商引资工作情况的汇报"
    assert draft("工作汇报", {**facts, "标题": "我的标题"}, corpus_dir=BANK).title == "我的标题"
    assert draft("讲话稿", example("讲话稿"), corpus_dir=BANK).title == "在全县招商引资工作会议上的讲话"


def test_half_width_punctuation_in_facts_becomes_full_width() -> None:
    facts = {**example("工作汇报"), "概述": "我局抓招商,促投资;成效明显"}
    assert "我局抓招商，促投资；成效明显" in draft("工作汇报", facts, corpus_dir=BANK).markdown


def test_bad_facts_list_every_problem_and_write_nothing(tmp_path: Path) -> None:
    facts = {**example("工作汇报"), "单位": ["甲", "乙"], "主要工做": "x"}
    del facts["主题"]
    with pytest.raises(FactsError) as info:
        draft("工作汇报", facts, corpus_dir=BANK)
    text = info.value.user_message()
    assert "3 处" in text and "单位" in text and "主要工作" in text and "主题" in text


def test_phrases_never_invent_facts() -> None:
    """No slot is filled unless its fact exists: without 上级 the leadership formula is absent."""
    facts = {k: v for k, v in example("工作汇报").items() if k != "上级"}
    for seed in range(10):
        md = draft("工作汇报", facts, seed=seed, corpus_dir=BANK).markdown
        assert "领导下" not in md


def test_write_md_and_docx_atomically(tmp_path: Path) -> None:
    result = draft("工作汇报", example("工作汇报"), corpus_dir=BANK)
    md = write_draft(result, tmp_path / "a.md")
    assert md.read_text(encoding="utf-8") == result.markdown
    with pytest.raises(OutputError):
        write_draft(result, md)
    docx = write_draft(result, tmp_path / "a.docx")
    assert docx.stat().st_size > 0
    with pytest.raises(OutputError):
        write_draft(result, tmp_path / "a.pdf")
    assert default_output(result, ".docx", tmp_path).name == "关于2025年招商引资工作情况的汇报.docx"


@pytest.mark.parametrize("type_name", TYPES)
def test_docx_of_example_passes_check(type_name: str, tmp_path: Path) -> None:
    from drafter.check import check_file

    result = draft(type_name, example(type_name), corpus_dir=BANK)
    out = write_draft(result, tmp_path / "out.docx")
    assert check_file(out) == []
    md = write_draft(result, tmp_path / "out.md")
    assert check_file(md) == []


# ------------------------------------------------------------ facts from the schema

# Text that looks like what people write: Chinese words, digits, a few full-width marks.
_WORD = st.text(alphabet="招商引资项目建设服务企业发展乡镇县局工作管理创新优化", min_size=2, max_size=8)
_TEXT = st.builds(
    lambda words, n: "，".join(words) + (f"{n}个" if n is not None else ""),
    st.lists(_WORD, min_size=1, max_size=3),
    st.one_of(st.none(), st.integers(1, 999)),
)
_DATE = st.dates(min_value=__import__("datetime").date(2000, 1, 1), max_value=__import__("datetime").date(2099, 12, 31))


def strategy_for(spec: dict[str, Any]) -> st.SearchStrategy[Any]:
    kind = spec.get("type", "text")
    if kind == "date":
        return st.one_of(_DATE, _DATE.map(lambda d: f"{d.year}-{d.month}-{d.day}"), _DATE.map(lambda d: f"{d.year}年{d.month:02d}月{d.day}日"))
    if kind == "integer":
        return st.integers(0, 10_000)
    if kind == "list":
        return st.lists(strategy_for(spec.get("items", {"type": "text"})), min_size=max(1, int(spec.get("min_items", 0))), max_size=3)
    if kind in ("object", "entry"):
        obj = mapping_for(spec.get("fields", {}))
        return st.one_of(_TEXT, obj) if kind == "entry" else obj
    return _TEXT


def mapping_for(fields: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    required = {k: strategy_for(v) for k, v in fields.items() if v.get("required")}
    optional = {k: strategy_for(v) for k, v in fields.items() if not v.get("required")}
    return st.fixed_dictionaries(required, optional=optional)


def leaves(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in leaves(v)]
    if isinstance(value, list):
        return [x for v in value for x in leaves(v)]
    return [str(value)]


def consistent(facts: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """Generated facts made to honour `requires` and `conflicts` (the schema rejects the rest)."""
    out = dict(facts)
    for name, spec in fields.items():
        if name in out and any(other not in out for other in spec.get("requires") or ()):
            del out[name]
        if name in out and any(other in out for other in spec.get("conflicts") or ()):
            del out[name]
    return out


# Organs and places a draft could only have made up: they may appear only when a fact has them.
_INVENTABLE = ("县委", "市委", "省委", "县政府", "市政府", "党组", "人大", "政协", "我县", "我市", "全县", "全市")


@pytest.mark.parametrize("type_name", TYPES)
def test_generated_facts_all_appear_and_nothing_is_invented(type_name: str) -> None:
    """With the real corpus: every supplied fact reaches the draft, whatever the seed, and the
    draft holds no number, organ or place the facts do not."""
    info = next(t for t in list_types() if t.name == type_name)
    schema = load_schema(info)

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow],
              phases=[Phase.explicit, Phase.generate])
    @given(facts=mapping_for(schema["fields"]).map(lambda f: consistent(f, schema["fields"])), seed=st.integers(0, 50))
    def check(facts: dict[str, Any], seed: int) -> None:
        result = draft(type_name, facts, seed=seed)
        normalised = normalize(facts, schema)
        assert missing_facts(normalised, result.markdown) == [], (missing_facts(normalised, result.markdown), result.markdown)
        supplied = "".join(leaves(normalised))
        body = re.sub(r"^#{2,5} \S+?[、.）]", "", result.markdown, flags=re.M)
        for number in re.findall(r"\d+", body):
            assert number in supplied, (number, result.markdown)
        for name in _INVENTABLE:
            assert name not in body or name in supplied, (name, result.markdown)

    check()


# ------------------------------------------------------------ the real corpus

def real_drafts(type_name: str) -> list[str]:
    facts = example(type_name)
    return [draft(type_name, facts, seed=s).markdown for s in range(10)]


@pytest.fixture(scope="module")
def real() -> dict[str, list[str]]:
    return {t: real_drafts(t) for t in TYPES}


@pytest.mark.parametrize("type_name", TYPES)
def test_ten_seeds_give_three_openings_with_the_real_corpus(type_name: str, real: dict[str, list[str]]) -> None:
    openings = {opening_of(md) for md in real[type_name]}
    assert len(openings) >= 3, openings


@pytest.mark.parametrize("type_name", TYPES)
def test_real_corpus_drafts_place_every_fact_and_read_as_sentences(type_name: str, real: dict[str, list[str]]) -> None:
    facts = example(type_name)
    info = next(t for t in list_types() if t.name == type_name)
    normalised = normalize(facts, load_schema(info))
    for md in real[type_name]:
        assert missing_facts(normalised, md) == [], md
        for line in md.splitlines():
            if not line or line.startswith("#"):
                continue
            # A continued bank entry (…，/……) printed alone, or a slot left open, would show here.
            assert not re.search(r"[，、…]$|\{|\}|。。|，，|，。", line), line
            assert re.search(r"[。！？：）]$|^\d{4}年\d{1,2}月\d{1,2}日$|^" + re.escape(facts.get("单位", "\0")) + "$", line), line


@pytest.mark.parametrize("type_name", TYPES)
def test_real_corpus_headings_are_generic_and_never_repeat(type_name: str, real: dict[str, list[str]]) -> None:
    for md in real[type_name]:
        top = [line.split("、", 1)[1] for line in md.splitlines() if line.startswith("## ")]
        assert len(top) == len(set(top)), top
        for heading in top:
            assert not re.search(r"\d|[县市区省镇乡村]", heading), heading
            assert len(heading) <= 12, heading


def test_a_speech_has_salutation_turn_and_thanks_from_the_bank(real: dict[str, list[str]]) -> None:
    for md in real["讲话稿"]:
        assert re.search(r"^(各位领导、)?同志们：$", md, flags=re.M)
        assert "下面，我讲几点意见。" in md
        assert md.rstrip().endswith("谢谢大家！")
    for md in real["表态发言"]:
        assert re.search(r"^(各位领导、)?同志们：$", md, flags=re.M) and md.rstrip().endswith("谢谢大家！")


def test_a_report_without_a_mined_closing_ends_with_its_signature(real: dict[str, list[str]]) -> None:
    """The bank holds no 以上汇报…: nothing is made up in its place."""
    for md in real["工作汇报"]:
        assert md.rstrip().splitlines()[-3:] == ["某某县商务局", "", "2025年12月20日"]


def test_since_is_only_said_of_a_point_in_time() -> None:
    facts = {**example("工作汇报"), "时间": "2025年上半年", "标题": "关于上半年招商引资工作情况的汇报"}
    for seed in range(10):
        md = draft("工作汇报", facts, seed=seed).markdown
        assert "2025年上半年以来" not in md and "2025年上半年" in md
    plan = example("工作计划")
    assert all("以来" not in draft("工作计划", plan, seed=s).markdown for s in range(10))


def test_a_title_of_ones_own_still_places_topic_and_time() -> None:
    facts = {**example("工作汇报"), "标题": "我局的汇报"}
    for seed in range(5):
        result = draft("工作汇报", facts, seed=seed)
        assert result.missing_facts == (), result.markdown
        assert "## 二、招商引资主要工作开展情况" in result.markdown
