"""The corpus commands through Typer's runner: exit codes, messages, JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from drafter.cli import app
from tests.conftest import SEEDS

runner = CliRunner()


def test_outline_json_contract() -> None:
    result = runner.invoke(app, ["outline", str(SEEDS / "004_4b6d45522873d33f.txt"), "--json"])
    assert result.exit_code == 0, result.output
    docs = json.loads(result.stdout)
    assert len(docs) == 5
    for doc in docs:
        assert set(doc) == {"title", "type", "headings"}
        for h in doc["headings"]:
            assert set(h) == {"level", "number", "text", "role"}
            assert h["level"] >= 1
            assert "。" not in h["text"]
    first = docs[0]
    assert first["type"] == "实施意见"
    assert first["headings"][0]["number"] == "一、"
    assert first["headings"][0]["level"] == 1


def test_outline_single_document_gives_one_element(tmp_path: Path) -> None:
    f = tmp_path / "汇报.txt"
    f.write_text(
        "关于招商引资工作情况的汇报\n一、基本情况\n今年以来，我们做了很多工作。\n"
        "(一)强化组织领导。成立了领导小组。\n二、下一步打算\n继续努力。\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["outline", str(f), "--json"])
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)
    assert [(h["level"], h["number"], h["text"]) for h in doc["headings"]] == [
        (1, "一、", "基本情况"),
        (2, "（一）", "强化组织领导"),
        (1, "二、", "下一步打算"),
    ]


def test_outline_human_tree(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text("# 标题\n\n一、总体要求\n\n正文。\n", encoding="utf-8")
    result = runner.invoke(app, ["outline", str(f)])
    assert result.exit_code == 0, result.output
    assert "一、总体要求" in result.stdout


def test_outline_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["outline", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "nope.txt" in result.stderr
    assert "Traceback" not in result.output


def test_corpus_build_reports_counts(tmp_path: Path) -> None:
    result = runner.invoke(app, ["corpus", "build", str(SEEDS), "-o", str(tmp_path / "c"), "--no-mine"])
    assert result.exit_code == 0, result.output
    assert "48 篇" in result.stdout and "54 份文档" in result.stdout


def test_corpus_build_missing_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["corpus", "build", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "找不到范文文件夹" in result.stderr


def test_structure_accepts_what_office_staff_call_a_type() -> None:
    result = runner.invoke(app, ["structure", "情况汇报"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("工作汇报：")


def test_structure_of_an_unknown_type_lists_the_known_ones() -> None:
    result = runner.invoke(app, ["structure", "通知"])
    assert result.exit_code == 2
    assert "通知" in result.stderr and "工作汇报" in result.stderr


def test_phrases_json_contract_and_filters() -> None:
    result = runner.invoke(app, ["phrases", "--type", "讲话稿", "--kind", "opening", "--source", "corpus", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and all(set(r) == {"text", "kind", "types", "roles", "count", "docs", "sources", "source"} for r in rows)
    assert all(r["kind"] == "opening" and "讲话稿" in r["types"] and r["docs"] >= 2 and r["source"] == "corpus" for r in rows)
    assert [r["docs"] for r in rows] == sorted((r["docs"] for r in rows), reverse=True)
    assert "同志们：" in {r["text"] for r in rows}


def test_phrases_show_both_sources_and_filter_by_source() -> None:
    both = json.loads(runner.invoke(app, ["phrases", "--type", "讲话稿", "--json"]).stdout)
    assert {r["source"] for r in both} == {"corpus", "convention"}
    # Mined phrases first (the corpus wins), conventions after them.
    sources = [r["source"] for r in both]
    assert sources == sorted(sources, key=lambda s: s != "corpus")
    conventions = json.loads(runner.invoke(app, ["phrases", "如下", "--source", "convention", "--json"]).stdout)
    assert conventions and all(r["source"] == "convention" and r["position"] and "如下" in r["text"] for r in conventions)
    assert "现将有关情况汇报如下：" in {r["text"] for r in conventions}
    text = runner.invoke(app, ["phrases", "特此报告", "--source", "convention"]).stdout
    assert "特此报告。" in text and "惯用语" in text and "conventions.yaml" in text
    bad = runner.invoke(app, ["phrases", "--source", "网上"])
    assert bad.exit_code == 2 and "corpus" in bad.stderr and "convention" in bad.stderr


def test_phrases_unknown_kind_is_a_clear_error() -> None:
    result = runner.invoke(app, ["phrases", "--kind", "结论"])
    assert result.exit_code == 2
    assert "opening" in result.stderr and "Traceback" not in result.output


def test_outline_of_a_scraped_markdown_txt_names_its_genre(tmp_path: Path) -> None:
    f = tmp_path / "方案.txt"
    f.write_text(
        "---\ntitle: 全县农村人居环境整治提升工作方案\ndate: 2024-03-01\n---\n\n"
        "&emsp;&emsp;为改善农村人居环境，制定本方案。\n\n"
        "### &emsp;&emsp;一、工作目标\n\n&emsp;&emsp;到2025年，卫生厕所普及率达到90%。\n\n"
        "**二、主要任务**\n\n&nbsp;&nbsp;（一）推进厕所革命。正文。\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["outline", str(f), "--json"])
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)
    assert doc["type"] == "方案"
    assert [(h["level"], h["number"], h["text"]) for h in doc["headings"]] == [
        (1, "一、", "工作目标"), (1, "二、", "主要任务"), (2, "（一）", "推进厕所革命"),
    ]
    assert doc["headings"][0]["role"] == "目标任务"
