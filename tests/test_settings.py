"""Settings files through the CLI: fonts reach the .docx, defaults fill facts, bad files exit 2."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.settings import Margins, Settings, load_settings, parse_settings
from drafter.errors import InputError

BANK = Path(__file__).parent / "golden" / "drafts"
FACTS_WITHOUT_UNIT = """\
时间: 2025年
主题: 招商引资
日期: 2025-12-20
概述: 招商引资工作取得明显成效
主要工作:
  - 标题: 强化招商队伍建设
    内容: 组建4支专业招商小分队。
"""


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("DRAFTER_CORPUS", str(BANK))
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def _styles(docx: Path) -> str:
    with zipfile.ZipFile(docx) as archive:
        return archive.read("word/styles.xml").decode("utf-8")


def _document(docx: Path) -> str:
    with zipfile.ZipFile(docx) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_font_and_margins_from_local_drafter_yaml_reach_the_docx(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "drafter.yaml").write_text("fonts:\n  body: 仿宋\n  heading1: 方正黑体\nmargins:\n  left: 30\n", encoding="utf-8")
    (tmp_path / "f.yaml").write_text("单位: 某某县商务局\n" + FACTS_WITHOUT_UNIT, encoding="utf-8")
    result = runner.invoke(app, ["new", "--type", "工作汇报", "--facts", "f.yaml", "-o", "a.docx"])
    assert result.exit_code == 0, result.output
    styles = _styles(tmp_path / "a.docx")
    assert 'w:eastAsia="仿宋"' in styles and 'w:eastAsia="方正黑体"' in styles
    normal = styles[styles.index('w:styleId="Normal"') :]
    assert normal[: normal.index("</w:style>")].count('w:eastAsia="仿宋"') == 1
    assert 'w:left="1701"' in _document(tmp_path / "a.docx")  # 30 mm
    # `render` of a Markdown file reads the same settings.
    (tmp_path / "b.md").write_text("# 标题\n\n## 概况\n\n正文。\n", encoding="utf-8")
    result = runner.invoke(app, ["render", "b.md", "-o", "b.docx"])
    assert result.exit_code == 0, result.output
    assert 'w:eastAsia="方正黑体"' in _styles(tmp_path / "b.docx")


def test_defaults_fill_a_facts_file_lacking_them_and_the_facts_file_wins(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "drafter.yaml").write_text("defaults:\n  单位: 某某县商务局\n  主送: 县委、县政府\n", encoding="utf-8")
    (tmp_path / "f.yaml").write_text(FACTS_WITHOUT_UNIT, encoding="utf-8")
    result = runner.invoke(app, ["new", "--type", "工作汇报", "--facts", "f.yaml", "-o", "a.md"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "a.md").read_text(encoding="utf-8")
    assert "某某县商务局" in text and "县委、县政府：" in text
    (tmp_path / "g.yaml").write_text("单位: 某某县发改局\n" + FACTS_WITHOUT_UNIT, encoding="utf-8")
    result = runner.invoke(app, ["new", "--type", "工作汇报", "--facts", "g.yaml", "-o", "g.md"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "g.md").read_text(encoding="utf-8")
    assert "某某县发改局" in text and "某某县商务局" not in text


def test_missing_file_named_by_env_exits_2(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTER_SETTINGS", str(tmp_path / "nowhere.yaml"))
    (tmp_path / "f.yaml").write_text("单位: 某某县商务局\n" + FACTS_WITHOUT_UNIT, encoding="utf-8")
    for args in (["new", "--type", "工作汇报", "--facts", "f.yaml", "-o", "a.docx"], ["settings", "show"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "nowhere.yaml" in result.output and "DRAFTER_SETTINGS" in result.output
    assert not (tmp_path / "a.docx").exists()


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ("fonts:\n  body: 仿宋\n  bodyy: 宋体\n", ["第 3 行", "fonts.bodyy", "body"]),
        ("font:\n  body: 仿宋\n", ["第 1 行", "「font」", "fonts"]),
        ("margins:\n  top: 一百\n", ["第 2 行", "margins.top", "毫米"]),
        ("defaults:\n  单位: ''\n", ["第 2 行", "defaults.单位"]),
        ("defaults:\n  标题: 某某\n", ["第 2 行", "defaults.标题", "单位"]),
        ("fonts: [a, b]\n", ["第 1 行", "映射"]),
        ("fonts:\n  body: 仿宋\n bad\n", ["YAML"]),
    ],
)
def test_bad_settings_exit_2_naming_file_line_and_key(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, needles: list[str]
) -> None:
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DRAFTER_SETTINGS", str(tmp_path / "s.yaml"))
    (tmp_path / "b.md").write_text("# 标题\n\n正文。\n", encoding="utf-8")
    result = runner.invoke(app, ["render", "b.md", "-o", "b.docx"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "s.yaml" in result.output
    for needle in needles:
        assert needle in result.output, result.output
    assert not (tmp_path / "b.docx").exists()


def test_settings_show_names_each_value_and_where_it_came_from(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = Path(__import__("os").environ["DRAFTER_CONFIG_DIR"])
    user.mkdir(parents=True, exist_ok=True)
    (user / "settings.yaml").write_text("fonts:\n  body: 仿宋\n  title: 小标宋\ndefaults:\n  上级: 市委\n", encoding="utf-8")
    (tmp_path / "drafter.yaml").write_text("fonts:\n  title: 华文中宋\n", encoding="utf-8")
    env_file = tmp_path / "env.yaml"
    env_file.write_text("defaults:\n  单位: 某某县商务局\n", encoding="utf-8")
    monkeypatch.setenv("DRAFTER_SETTINGS", str(env_file))
    result = runner.invoke(app, ["settings", "show", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["key"]: row for row in json.loads(result.output)}
    assert rows["fonts.body"] == {"key": "fonts.body", "value": "仿宋", "source": str(user / "settings.yaml")}
    assert rows["fonts.title"]["value"] == "华文中宋" and rows["fonts.title"]["source"].endswith("drafter.yaml")
    assert rows["defaults.单位"]["source"] == str(env_file)
    assert rows["defaults.上级"]["value"] == "市委"
    assert rows["fonts.heading1"] == {"key": "fonts.heading1", "value": "黑体", "source": "内置默认值"}
    assert rows["margins.top"]["value"] == "37 毫米"
    plain = runner.invoke(app, ["settings", "show"])
    assert plain.exit_code == 0 and "fonts.title\t华文中宋" in plain.output and "内置默认值" in plain.output


def test_layering_and_built_in_margins() -> None:
    assert [Margins().twips(s) for s in ("top", "left", "right", "bottom")] == [2098, 1588, 1474, 1984]
    base = parse_settings("fonts:\n  body: 仿宋\n")
    over = parse_settings("fonts:\n  title: 黑体\n", base=base)
    assert (over.fonts.body, over.fonts.title) == ("仿宋", "黑体")
    assert parse_settings("") == Settings() and load_settings() == Settings()
    with pytest.raises(InputError):
        parse_settings("margins:\n  top: 200\n")
