"""The conventions layer: a curated file of 公文 formulas that holds no fact, fills every
conventional position of every type, yields to the corpus, and can be replaced by a user's."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from drafter.draft import draft
from drafter.errors import TemplateError
from drafter.facts import load_facts
from drafter.measure import positions
from drafter.phrasing.conventions import (
    ALLOWED_SLOTS,
    CONVENTIONS_FILE,
    load_conventions,
    parse_conventions,
    self_name,
    topic_work,
)
from drafter.templates import builtin_templates_dir, example_path, list_types

BUILTIN = builtin_templates_dir() / CONVENTIONS_FILE
GOLDEN_BANK = Path(__file__).parent / "golden" / "drafts"
REALISTIC = sorted((Path(__file__).parent / "data" / "realistic").glob("*.yaml"))
TYPES = [t.name for t in list_types()]


def conventions() -> tuple[Any, ...]:
    return load_conventions([builtin_templates_dir()])


def fixed_text(text: str) -> str:
    return re.sub(r"\{[^{}]*\}", "", text)


# ------------------------------------------------------------ nothing of its own


def test_the_file_holds_no_digit_name_organ_or_place() -> None:
    """Every fact comes from the facts: the file's own words name no number, person, organ,
    place or document; only slots do."""
    from drafter.mine.phrases import _COUNTED_NUMBER, _has_name

    found = conventions()
    assert len(found) > 100
    for phrase in found:
        text = fixed_text(phrase.text)
        assert not re.search(r"[0-9０-９]", text), phrase.text
        assert not _COUNTED_NUMBER.search(text), phrase.text
        # Places and organs: no 省/市/县/区/乡/镇/村, no 党委/政府/人大/政协, no 《document》.
        assert not re.search(r"[省市县区乡镇村州]|党委|党组|政府|人大|政协|《", text), phrase.text
        assert not _has_name(text), phrase.text
        assert set(phrase.slots) <= set(ALLOWED_SLOTS), phrase.text
        assert phrase.source == "convention" and phrase.position


def test_every_type_has_several_variants_for_each_of_its_positions() -> None:
    by_place: dict[tuple[str, str, str], int] = {}
    for phrase in conventions():
        for type_name in phrase.types:
            key = (type_name, phrase.position, "/".join(phrase.roles))
            by_place[key] = by_place.get(key, 0) + 1
    types = {key[0] for key in by_place}
    assert set(TYPES) <= types
    thin = {key: n for key, n in by_place.items() if n < 2 and key[1] != "thanks_end"}
    assert not thin, thin


def test_lead_ins_and_closings_are_whole_sentences() -> None:
    for phrase in conventions():
        if phrase.position in ("lead_in", "closing", "announce", "preamble", "call", "pledge_close", "problems"):
            assert phrase.text.endswith(("。", "：", "！")), phrase.text
            assert "…" not in phrase.text, phrase.text


def test_derived_slots() -> None:
    assert self_name("某某县商务局") == "我局"
    assert self_name("石桥镇人民政府") == "我镇"
    assert self_name("平安县人民政府") == "我县"
    assert self_name("城关街道办事处") == "我街道"
    assert self_name("县商务局调研组") == ""
    assert topic_work("防汛") == "防汛工作"
    assert topic_work("招商引资工作") == "招商引资工作"
    assert topic_work("全县民营经济发展情况") == ""


# ------------------------------------------------------------ every position, every type


@pytest.mark.parametrize("path", REALISTIC, ids=lambda p: p.stem)
def test_every_conventional_position_is_filled_with_the_real_corpus(path: Path) -> None:
    type_name = path.stem.split("_")[0]
    facts = load_facts(path)
    for seed in (1, 2):
        result = draft(type_name, facts, seed=seed)
        from drafter.draft import _fullwidth_facts
        from drafter.facts import normalize
        from drafter.templates import load_schema, resolve_type

        shown = _fullwidth_facts(normalize(facts, load_schema(resolve_type(type_name))))
        empty = [name for name, ok in positions(type_name, result.markdown, shown).items() if not ok]
        assert not empty, (empty, result.markdown)


@pytest.mark.parametrize("type_name", TYPES)
def test_every_phrase_a_draft_uses_says_where_it_came_from(type_name: str) -> None:
    info = next(t for t in list_types() if t.name == type_name)
    result = draft(type_name, load_facts(example_path(info)), seed=3)
    assert result.phrases
    for used in result.phrases:
        assert used.text in result.markdown
        assert used.source in ("corpus", "convention")
        if used.source == "corpus":
            assert used.documents, used
        else:
            assert used.position, used


def test_the_corpus_wins_where_it_has_a_phrase_for_the_position() -> None:
    """The small golden bank has 现将…汇报如下： for 工作汇报: the convention never shows."""
    info = next(t for t in list_types() if t.name == "工作汇报")
    facts = load_facts(example_path(info))
    mined_announcements = {"现将有关情况汇报如下：", "现将有关工作情况汇报如下：", "现将招商引资工作情况汇报如下："}
    for seed in range(6):
        result = draft("工作汇报", facts, seed=seed, corpus_dir=GOLDEN_BANK)
        announce = [u for u in result.phrases if u.text.endswith("如下：")]
        assert announce and all(u.source == "corpus" for u in announce), result.phrases
        assert announce[0].text in mined_announcements
    # The real corpus has no such sentence: there the convention fills the place.
    real = draft("工作汇报", facts, seed=1)
    assert any(u.source == "convention" and u.text.endswith("如下：") for u in real.phrases)


# ------------------------------------------------------------ the user's own file


def test_a_conventions_file_beside_the_users_templates_replaces_the_bundled_one(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    (mine / "_shared").mkdir(parents=True)
    (mine / CONVENTIONS_FILE).write_text(
        "version: 1\nconventions:\n  工作汇报:\n    closing:\n      - 以上报告，请审阅。\n      - 以上报告，请审阅。\n", encoding="utf-8"
    )
    info = next(t for t in list_types() if t.name == "工作汇报")
    facts = load_facts(example_path(info))
    path = (mine, builtin_templates_dir())
    result = draft("工作汇报", facts, seed=1, search_path=path)
    assert "以上报告，请审阅。" in result.markdown
    assert "以上汇报" not in result.markdown  # the bundled file is replaced, not merged


def test_a_broken_conventions_file_is_a_clear_error(tmp_path: Path) -> None:
    cases = {
        "version: 1\nconventions:\n  工作汇报:\n    closing:\n      - 以上{领导}审阅。\n": "槽位",
        "version: 1\nconventions:\n  工作汇报:\n    closing:\n      - 全年完成12项。\n": "数字",
        "version: 1\nconventions:\n  工作汇报:\n    ending:\n      - 特此报告。\n": "位置",
        "version: 1\nconventions:\n  工作汇报:\n    lead_in:\n      存在问题:\n        - 存在以下问题，\n": "完整",
        "version: 2\nconventions: {}\n": "version",
        "conventions: [\n": "YAML",
    }
    for text, word in cases.items():
        folder = tmp_path / str(abs(hash(text)))
        (folder / "_shared").mkdir(parents=True)
        (folder / CONVENTIONS_FILE).write_text(text, encoding="utf-8")
        with pytest.raises(TemplateError) as info:
            load_conventions([folder])
        message = info.value.user_message()
        assert word in message and "conventions.yaml" in message, message


def test_the_bundled_file_parses_as_documented() -> None:
    import yaml

    data = yaml.safe_load(BUILTIN.read_text(encoding="utf-8"))
    assert parse_conventions(data) == conventions()


def test_a_user_templates_folder_copy_keeps_working(tmp_path: Path) -> None:
    """A folder copied from the built-in one (templates + _shared) drafts the same text."""
    mine = tmp_path / "tpl"
    shutil.copytree(builtin_templates_dir(), mine)
    info = next(t for t in list_types() if t.name == "讲话稿")
    facts = load_facts(example_path(info))
    assert draft("讲话稿", facts, seed=2, search_path=(mine,)).markdown == draft("讲话稿", facts, seed=2).markdown


def test_a_report_issued_with_a_number_announces_and_ends_as_a_report() -> None:
    facts = {**load_facts(REALISTIC[[p.stem for p in REALISTIC].index("工作汇报_防汛")]), "文号": "石政〔2025〕18号"}
    for seed in range(5):
        md = draft("工作汇报", facts, seed=seed).markdown
        assert "报告如下：" in md and "汇报如下：" not in md, md
        assert md.rstrip().splitlines()[-5] == "特此报告。", md
