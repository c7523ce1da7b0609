"""The drafting commands through Typer's CliRunner: exit codes, messages, nothing written on error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.templates import builtin_templates_dir

BANK = Path(__file__).parent / "golden" / "drafts"
EXAMPLE = builtin_templates_dir() / "工作汇报" / "example.yaml"


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("DRAFTER_CORPUS", str(BANK))
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def run(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def assert_clean_error(result, *needles: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("错误：")
    for needle in needles:
        assert needle in result.output, result.output


COMMANDS = [["types"], ["facts"], ["new"], ["render"], ["check"], ["templates"], ["templates", "list"], ["templates", "show"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_chinese_help(runner: CliRunner, command: list[str]) -> None:
    result = run(runner, *command, "--help")
    assert result.exit_code == 0
    body = result.output.split("Options", 1)[0]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body), result.output


def test_types_lists_every_type_and_json(runner: CliRunner) -> None:
    text = run(runner, "types").output
    assert "工作汇报" in text and "情况汇报" in text and "表态发言" in text
    rows = json.loads(run(runner, "types", "--json").output)
    assert {"工作汇报", "讲话稿", "调研报告", "工作总结", "工作计划", "实施意见", "表态发言"} <= {r["name"] for r in rows}
    assert all(r["description"] for r in rows)


def test_facts_prints_skeleton_and_schema(runner: CliRunner) -> None:
    result = run(runner, "facts", "情况汇报")
    assert result.exit_code == 0 and "# 【必填】" in result.output and "主要工作:" in result.output
    schema = json.loads(run(runner, "facts", "讲话稿", "--schema").output)
    assert schema["$schema"].endswith("2020-12/schema") and "讲话人" in schema["required"]


def test_templates_show_prints_provenance(runner: CliRunner) -> None:
    result = run(runner, "templates", "show", "调研报告")
    assert result.exit_code == 0 and "来源：derived" in result.output and "结构：" in result.output
    assert "模板搜索路径" in run(runner, "templates", "list").output


def test_new_writes_docx_named_from_title_and_md(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "new", "--type", "工作汇报", "--facts", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "关于2025年招商引资工作情况的汇报.docx").is_file()
    result = run(runner, "new", "-t", "汇报", "-f", str(EXAMPLE), "-o", "a.md", "--seed", "3")
    assert result.exit_code == 0
    assert (tmp_path / "a.md").read_text(encoding="utf-8").startswith("# 关于2025年")


def test_existing_output_without_force_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("原有内容", encoding="utf-8")
    assert_clean_error(run(runner, "new", "-t", "工作汇报", "-f", str(EXAMPLE), "-o", str(target)), "已存在", "--force")
    assert target.read_text(encoding="utf-8") == "原有内容"
    assert run(runner, "new", "-t", "工作汇报", "-f", str(EXAMPLE), "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# ")


def test_malformed_yaml_reports_its_line(runner: CliRunner, tmp_path: Path) -> None:
    facts = tmp_path / "bad.yaml"
    facts.write_text("单位: 某局\n主要工作:\n  - 标题: a\n   内容: b\n", encoding="utf-8")
    assert_clean_error(run(runner, "new", "-t", "工作汇报", "-f", str(facts), "-o", "x.md"), "bad.yaml", "第 4 行", "YAML")
    assert not (tmp_path / "x.md").exists()


def test_missing_field_and_list_for_text_are_all_listed(runner: CliRunner, tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("主题: 招商引资\n", "").replace(
        "单位: 某某县商务局\n", "单位:\n  - 甲\n  - 乙\n"
    )
    facts = tmp_path / "f.yaml"
    facts.write_text(text, encoding="utf-8")
    result = run(runner, "new", "-t", "工作汇报", "-f", str(facts), "-o", "x.docx")
    assert_clean_error(result, "主题", "缺少必填字段", "单位", "列表", "2 处")
    assert not (tmp_path / "x.docx").exists()


def test_unknown_type_suggests_closest(runner: CliRunner) -> None:
    assert_clean_error(run(runner, "new", "-t", "工作汇总", "-f", "nope.yaml"), "工作汇总", "是不是")
    assert_clean_error(run(runner, "facts", "讲话搞"), "是不是「讲话稿」")


def test_unsupported_suffix_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    assert_clean_error(run(runner, "new", "-t", "工作汇报", "-f", str(EXAMPLE), "-o", "x.pdf"), ".docx")
    assert not (tmp_path / "x.pdf").exists()


def test_render_and_check_round_trip(runner: CliRunner, tmp_path: Path) -> None:
    assert run(runner, "new", "-t", "讲话稿", "-f", str(builtin_templates_dir() / "讲话稿" / "example.yaml"), "-o", "s.md").exit_code == 0
    result = run(runner, "render", "s.md", "-o", "s.docx")
    assert result.exit_code == 0, result.output
    assert run(runner, "check", "s.docx").exit_code == 0
    assert run(runner, "check", "s.md").exit_code == 0
    (tmp_path / "bad.md").write_text("# 标题\n\n## 一、甲\n\n正文××。\n\n## 三、乙\n\n正文,好。\n", encoding="utf-8")
    assert run(runner, "check", "bad.md").exit_code == 1


def test_gbk_facts_file_is_read(runner: CliRunner, tmp_path: Path) -> None:
    # Facts saved by Windows editors are often GBK; they are detected, not refused.
    facts = tmp_path / "gbk.yaml"
    facts.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("gbk"))
    result = run(runner, "new", "--type", "工作汇报", "--facts", str(facts), "-o", "汇报.md")
    assert result.exit_code == 0, result.output
    assert "某某县商务局" in (tmp_path / "汇报.md").read_text(encoding="utf-8")


def test_facts_path_that_is_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "new", "--type", "工作汇报", "--facts", str(tmp_path), "-o", "x.md")
    assert_clean_error(result, "文件夹")
    assert not (tmp_path / "x.md").exists()


def test_new_lists_each_stock_phrase_with_its_source(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "表态.md"
    pledge = builtin_templates_dir() / "表态发言" / "example.yaml"
    result = run(runner, "new", "--type", "表态发言", "--facts", str(pledge), "-o", str(out), "--seed", "1", "--sources")
    assert result.exit_code == 0, result.output
    listed = [line for line in result.stdout.splitlines() if line.startswith("  【")]
    # The small test bank has the salutation; it has no 表态 opening, which a convention fills.
    assert any(line.startswith("  【语料库】") for line in listed), result.stdout
    assert any(line.startswith("  【惯用语】") and "位置 pledge_intro" in line for line in listed), result.stdout
    text = out.read_text(encoding="utf-8")
    for line in listed:
        phrase = line.split("】", 1)[1].rsplit("（", 1)[0]
        assert phrase in text, phrase
