"""`drafter batch` and `drafter facts --xlsx` through Typer's CliRunner.

Spreadsheets are built in tmp_path with openpyxl (and csv) as users would have them:
merged header cells, formulas, Excel dates, hidden and empty rows, GBK and BOM CSVs.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from drafter.cli import app
from drafter.templates import builtin_templates_dir

BANK = Path(__file__).parent / "golden" / "drafts"
EXAMPLE = builtin_templates_dir() / "工作汇报" / "example.yaml"
HEAD = ["单位", "时间", "主题", "日期", "概述", "主要工作1标题", "主要工作1内容"]


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("DRAFTER_CORPUS", str(BANK))
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def run(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, list(args))


def batch(runner: CliRunner, data: str, *more: str) -> Any:
    return run(runner, "batch", "--type", "工作汇报", "--data", data, "--out-dir", "out", "--jobs", "1", *more)


def row(unit: str, date: Any = "2025-12-20", **extra: Any) -> list[Any]:
    values = {"单位": unit, "时间": "2025年", "主题": "招商引资", "日期": date,
              "概述": f"{unit}全力以赴抓招商", "主要工作1标题": "强化招商队伍建设",
              "主要工作1内容": "组建4支专业招商小分队。", **extra}
    return [values[h] for h in HEAD]


def write_csv(path: Path, rows: list[list[Any]], encoding: str, head: list[str] = HEAD) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows([head, *rows])
    return path


def write_xlsx(path: Path, rows: list[list[Any]], head: list[str] = HEAD) -> Path:
    book = Workbook()
    ws = book.active
    ws.append(head)
    for values in rows:
        ws.append(values)
    book.save(path)
    return path


def report(folder: Path = Path("out")) -> list[dict[str, str]]:
    raw = (folder / "batch-report.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "the report starts with a BOM so Excel reads it as UTF-8"
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def outputs(folder: Path = Path("out")) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "batch-report.csv")


# ---------------------------------------------------------------- input as users have it


def _with_cached_values(path: Path, values: dict[str, str]) -> None:
    """Give formula cells the value Excel would have cached (openpyxl writes none)."""
    name = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as src:
        parts = {n: src.read(n) for n in src.namelist()}
    xml = parts[name].decode()
    for ref, value in values.items():
        xml, count = re.subn(
            rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?',
            lambda m: f'<c r="{ref}"{m.group(1)} t="str"><f>{m.group(2)}</f><v>{value}</v>',
            xml,
        )
        assert count == 1, ref
    parts[name] = xml.encode()
    with zipfile.ZipFile(path, "w") as dst:
        for n, data in parts.items():
            dst.writestr(n, data)


def test_xlsx_with_title_row_merged_headers_formulas_dates_hidden_and_empty_rows(
    runner: CliRunner, tmp_path: Path
) -> None:
    book = Workbook()
    ws = book.active
    ws.append(["各乡镇招商引资工作情况汇报表"])  # a title merged across the sheet
    ws.merge_cells("A1:G1")
    ws.append(["单位", "时间", "主题", "日期", "概述", "主要工作1", None])
    ws.append([None, None, None, None, None, "标题", "内容"])
    for col in "ABCDE":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("F2:G2")
    ws.append(["城关镇", "2025年", "招商引资", dt.datetime(2025, 12, 20), '=A4&"全力以赴抓招商"', "强化队伍", "组建小分队。"])
    ws.append([])  # an empty row
    ws.append(["隐藏镇", "2025年", "招商引资", "不是日期", "x", "y", "z"])
    ws.row_dimensions[6].hidden = True
    ws.append(["河西镇", "2025年", "招商引资", 46011, "河西镇全力以赴抓招商", "优化服务", "专班推进。"])
    book.save(tmp_path / "乡镇.xlsx")
    _with_cached_values(tmp_path / "乡镇.xlsx", {"E4": "城关镇全力以赴抓招商"})

    result = batch(runner, "乡镇.xlsx", "--name", "{单位}-{日期}.md")
    assert result.exit_code == 0, result.output
    assert outputs() == ["城关镇-2025年12月20日.md", "河西镇-2025年12月20日.md"]  # 46011 is Excel's 2025-12-20
    text = Path("out/城关镇-2025年12月20日.md").read_text(encoding="utf-8")
    assert "城关镇全力以赴抓招商" in text and "强化队伍" in text and "组建小分队。" in text
    assert [r["行号"] for r in report()] == ["4", "7"]  # the rows Excel shows; hidden row 6 skipped


def test_sheet_is_chosen_by_name_and_a_wrong_name_suggests_one(runner: CliRunner, tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "说明"
    book.active.append(["这张表只是说明"])
    data = book.create_sheet("乡镇数据")
    for values in [HEAD, row("城关镇")]:
        data.append(values)
    book.save(tmp_path / "a.xlsx")
    result = batch(runner, "a.xlsx", "--sheet", "乡镇数据", "--name", "{单位}.md")
    assert result.exit_code == 0, result.output
    assert outputs() == ["城关镇.md"]
    result = batch(runner, "a.xlsx", "--sheet", "乡镇", "--dry-run")
    assert result.exit_code == 2 and "是不是「乡镇数据」" in result.output


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "gb18030", "utf-8"])
def test_csv_encodings_are_detected(runner: CliRunner, tmp_path: Path, encoding: str) -> None:
    write_csv(tmp_path / "乡镇.csv", [row("城关镇"), row("河西镇", date="2025/12/21")], encoding)
    result = batch(runner, "乡镇.csv", "--name", "{单位}.md")
    assert result.exit_code == 0, result.output
    assert outputs() == ["城关镇.md", "河西镇.md"]
    assert "2025年12月21日" in Path("out/河西镇.md").read_text(encoding="utf-8")


def test_list_fields_in_three_spellings_or_one_cell(runner: CliRunner, tmp_path: Path) -> None:
    head = ["单位", "时间", "主题", "日期", "概述", "主要工作.1.标题", "主要工作[1].内容", "主要工作2标题", "存在问题"]
    values = ["城关镇", "2025年", "招商引资", "20251220", "概述一句", "强化招商队伍", "组建小分队。", "优化项目服务",
              "储备不足\n人才短缺"]
    write_xlsx(tmp_path / "a.xlsx", [values], head)
    result = batch(runner, "a.xlsx", "--name", "{单位}.md")
    assert result.exit_code == 0, result.output
    text = Path("out/城关镇.md").read_text(encoding="utf-8")
    for needle in ("强化招商队伍", "组建小分队。", "优化项目服务", "储备不足", "人才短缺", "2025年12月20日"):
        assert needle in text


def test_unknown_column_names_the_closest_field_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    write_csv(tmp_path / "a.csv", [row("城关镇") + ["x"]], "utf-8", head=[*HEAD, "主要工作1题目"])
    result = batch(runner, "a.csv")
    assert result.exit_code == 2
    assert "主要工作1题目" in result.output and "是不是「主要工作1标题」" in result.output
    assert "Traceback" not in result.output
    assert not Path("out").exists()


def test_shared_facts_file_is_layered_under_each_row(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "共用.yaml").write_text("主送: 县委、县政府\n单位: 默认单位\n", encoding="utf-8")
    write_csv(tmp_path / "a.csv", [row("城关镇"), row("")], "utf-8")
    result = batch(runner, "a.csv", "--facts", "共用.yaml", "--name", "{单位}.md")
    assert result.exit_code == 0, result.output
    assert outputs() == ["城关镇.md", "默认单位.md"]  # the row wins; an empty cell keeps the shared fact
    assert "县委、县政府：" in Path("out/城关镇.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- robust


def test_a_bad_row_among_good_ones_is_reported_and_the_others_written(runner: CliRunner, tmp_path: Path) -> None:
    write_csv(tmp_path / "a.csv", [row("城关镇"), row("河西镇", 主题=""), row("东关镇", date="2025-13-40")], "utf-8")
    result = batch(runner, "a.csv", "--name", "{单位}.md")
    assert result.exit_code == 1
    assert outputs() == ["城关镇.md"]
    lines = {r["行号"]: r for r in report()}
    assert lines["2"]["状态"] == "已生成" and lines["2"]["文件"] == "城关镇.md"
    assert lines["3"]["状态"] == "数据有误" and "主题" in lines["3"]["说明"] and "缺少必填字段" in lines["3"]["说明"]
    assert lines["4"]["状态"] == "数据有误" and "2025-13-40" in lines["4"]["说明"]
    assert "第 3 行" in result.output and "主题" in result.output


def test_nothing_runnable_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    write_csv(tmp_path / "a.csv", [row("城关镇", 主题="")], "utf-8")
    result = batch(runner, "a.csv")
    assert result.exit_code == 2
    assert outputs() == []


@pytest.mark.parametrize(
    "args,needle",
    [
        (["--name", "{单元}.docx"], "是不是「单位」"),
        (["--name", "{主要工作}.docx"], "列表"),
        (["--name", "汇报.docx"], "不含任何字段"),
        (["--name", "{单位}.md", "--format", "docx"], "不一致"),
        (["--sheet", "x"], "CSV 文件没有工作表"),
    ],
)
def test_bad_options_exit_2_before_anything_is_written(runner: CliRunner, tmp_path: Path, args: list[str], needle: str) -> None:
    write_csv(tmp_path / "a.csv", [row("城关镇")], "utf-8")
    result = batch(runner, "a.csv", *args)
    assert result.exit_code == 2 and needle in result.output, result.output
    assert not Path("out").exists()


@pytest.mark.parametrize(
    "content,needle",
    [
        (None, "找不到数据文件"),
        (b"", "没有表头"),
        (b"\xff\xfe\x00\x01garbage" * 3, "编码"),
        (b"PK\x03\x04broken", "无法读取 Excel"),
    ],
)
def test_unreadable_data_files_exit_2(runner: CliRunner, tmp_path: Path, content: bytes | None, needle: str) -> None:
    name = "a.xlsx" if content and content.startswith(b"PK") else "a.csv"
    if content is not None:
        (tmp_path / name).write_bytes(content)
    result = batch(runner, name)
    assert result.exit_code == 2 and needle in result.output, result.output
    assert "Traceback" not in result.output


def test_dry_run_shows_the_plan_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    write_csv(tmp_path / "a.csv", [row("城关镇"), row("河西镇", 主题="")], "utf-8")
    result = batch(runner, "a.csv", "--dry-run")
    assert result.exit_code == 1
    assert "第 2 行 → 城关镇-关于2025年招商引资工作情况的汇报.docx" in result.output
    assert "第 3 行 → 有问题" in result.output and "主题" in result.output
    assert not Path("out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


def test_names_are_safe_on_every_system_and_never_collide(runner: CliRunner, tmp_path: Path) -> None:
    units = ['县委/县政府*<>|', "城关镇", "城关镇", "城关镇", "CON", "x" * 300]
    write_csv(tmp_path / "a.csv", [row(u) for u in units], "utf-8")
    result = batch(runner, "a.csv", "--name", "{单位}.md")
    assert result.exit_code == 0, result.output
    names = outputs()
    assert "县委／县政府＊＜＞｜.md" in names
    assert {"城关镇.md", "城关镇_2.md", "城关镇_3.md", "CON_.md"} <= set(names)
    assert all(len(n.encode()) <= 210 and not re.search(r'[<>:"/\\|?*\x00-\x1f]', n) for n in names)
    assert len(names) == len(units)


def test_existing_files_are_skipped_and_rewritten_only_with_force(runner: CliRunner, tmp_path: Path) -> None:
    write_csv(tmp_path / "a.csv", [row("城关镇")], "utf-8")
    Path("out").mkdir()
    Path("out/城关镇.md").write_text("我自己的文件", encoding="utf-8")
    result = batch(runner, "a.csv", "--name", "{单位}.md")
    assert result.exit_code == 0
    assert Path("out/城关镇.md").read_text(encoding="utf-8") == "我自己的文件"
    assert report()[0]["状态"] == "已存在，跳过"
    result = batch(runner, "a.csv", "--name", "{单位}.md", "--force")
    assert result.exit_code == 0
    assert "城关镇" in Path("out/城关镇.md").read_text(encoding="utf-8")
    assert report()[0]["状态"] == "已生成"


def test_an_interrupted_batch_leaves_no_half_file_and_resumes(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import drafter.fsutil

    write_csv(tmp_path / "a.csv", [row(f"镇{i}") for i in range(4)], "utf-8")
    real_fsync = drafter.fsutil.os.fsync
    calls = {"n": 0}

    def interrupted_fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 3:  # Ctrl-C while the third file is being written
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr(drafter.fsutil.os, "fsync", interrupted_fsync)
    result = batch(runner, "a.csv", "--name", "{单位}.md")
    assert result.exit_code == 130
    assert "重新运行同一命令" in result.output
    names = outputs()  # no temp file, no half file; a file queued behind may have been written whole
    assert {"镇0.md", "镇1.md"} <= set(names) and "镇2.md" not in names
    assert not [n for n in names if n.endswith(".tmp")]
    assert [r["状态"] for r in report()][:3] == ["已生成", "已生成", "未处理（已中断）"]

    monkeypatch.setattr(drafter.fsutil.os, "fsync", real_fsync)
    Path("out/.镇3.md.~999999999.0123abcd.tmp").write_bytes(b"half")  # what a killed worker leaves
    result = batch(runner, "a.csv", "--name", "{单位}.md")
    assert result.exit_code == 0, result.output
    assert outputs() == ["镇0.md", "镇1.md", "镇2.md", "镇3.md"]
    statuses = [r["状态"] for r in report()]
    assert statuses[:3] == ["已存在，跳过", "已存在，跳过", "已生成"] and statuses[3] in ("已存在，跳过", "已生成")


# ---------------------------------------------------------------- identical to drafter new


def test_batch_docx_is_byte_identical_to_drafter_new_and_passes_check(runner: CliRunner, tmp_path: Path) -> None:
    write_xlsx(tmp_path / "a.xlsx", [row("城关镇", date=dt.datetime(2025, 12, 20)), row("河西镇")])
    result = batch(runner, "a.xlsx", "--vary-seed", "--name", "{行号}")
    assert result.exit_code == 0, result.output
    lines = report()
    assert lines[0]["种子"] != lines[1]["种子"]
    for line, values in zip(lines, [row("城关镇", date="2025-12-20"), row("河西镇")]):
        facts: dict[str, Any] = dict(zip(HEAD, values))
        facts["主要工作"] = [{"标题": facts.pop("主要工作1标题"), "内容": facts.pop("主要工作1内容")}]
        Path("f.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
        new = run(runner, "new", "--type", "工作汇报", "--facts", "f.yaml", "-o", "new.docx", "--seed", line["种子"], "--force")
        assert new.exit_code == 0, new.output
        assert Path("out", line["文件"]).read_bytes() == Path("new.docx").read_bytes()
        checked = run(runner, "check", str(Path("out", line["文件"])))
        assert checked.exit_code == 0, checked.output


def test_worker_processes_write_the_same_files_as_one_process(runner: CliRunner, tmp_path: Path) -> None:
    write_csv(tmp_path / "a.csv", [row(f"镇{i}") for i in range(5)], "utf-8")
    one = run(runner, "batch", "-t", "工作汇报", "-d", "a.csv", "-o", "one", "--jobs", "1", "--vary-seed", "--format", "md")
    two = run(runner, "batch", "-t", "工作汇报", "-d", "a.csv", "-o", "two", "--jobs", "2", "--vary-seed", "--format", "md")
    assert one.exit_code == two.exit_code == 0, two.output
    names = outputs(Path("one"))
    assert len(names) == 5 and names == outputs(Path("two"))
    assert all(Path("one", n).read_bytes() == Path("two", n).read_bytes() for n in names)
    assert len({Path("one", n).read_text(encoding="utf-8").split("\n", 4)[4] for n in names}) > 1  # varied wording


# ---------------------------------------------------------------- the sheet to fill in


def test_facts_xlsx_sheet_has_marked_commented_headers_an_example_and_date_validation(runner: CliRunner) -> None:
    result = run(runner, "facts", "工作汇报", "--xlsx", "-o", "表格.xlsx")
    assert result.exit_code == 0, result.output
    ws = load_workbook("表格.xlsx").active
    headers = [c.value for c in ws[1]]
    assert {"单位*", "日期*", "主送", "主要工作1标题*", "主要工作3内容", "存在问题1"} <= set(headers)
    unit = ws.cell(row=1, column=headers.index("单位*") + 1)
    assert "【必填】" in unit.comment.text and "发文单位" in unit.comment.text and "例如" in unit.comment.text
    date_col = headers.index("日期*") + 1
    assert ws.cell(row=2, column=date_col).value == dt.datetime(2025, 12, 20)
    letter = ws.cell(row=1, column=date_col).column_letter
    rules = [dv for dv in ws.data_validations.dataValidation if dv.type == "date"]
    assert rules and f"{letter}2:{letter}1048576" in str(rules[0].sqref)
    again = run(runner, "facts", "工作汇报", "--xlsx", "-o", "表格.xlsx")
    assert again.exit_code == 2 and "已存在" in again.output


@pytest.mark.parametrize("type_name", ["工作汇报", "工作总结", "工作计划", "实施意见", "表态发言", "讲话稿", "调研报告"])
def test_facts_xlsx_round_trips_through_batch_unchanged(runner: CliRunner, type_name: str) -> None:
    assert run(runner, "facts", type_name, "--xlsx", "-o", "表格.xlsx").exit_code == 0
    result = run(runner, "batch", "-t", type_name, "-d", "表格.xlsx", "-o", "out", "--name", "{行号}.md", "--jobs", "1")
    assert result.exit_code == 0, result.output
    example = builtin_templates_dir() / type_name / "example.yaml"
    assert run(runner, "new", "-t", type_name, "-f", str(example), "-o", "new.md").exit_code == 0
    assert Path("out/2.md").read_text(encoding="utf-8") == Path("new.md").read_text(encoding="utf-8")


def test_facts_xlsx_needs_both_flags(runner: CliRunner) -> None:
    result = run(runner, "facts", "工作汇报", "-o", "表格.xlsx")
    assert result.exit_code == 2 and "--xlsx" in result.output


def test_settings_apply_as_for_drafter_new(runner: CliRunner, tmp_path: Path) -> None:
    Path("drafter.yaml").write_text(
        "fonts:\n  body: 宋体\ndefaults:\n  主送: 市委、市政府\n  单位: 设置中的单位\n", encoding="utf-8"
    )
    write_csv(tmp_path / "a.csv", [row("")], "utf-8")
    result = batch(runner, "a.csv", "--name", "{单位}")
    assert result.exit_code == 0, result.output
    assert outputs() == ["设置中的单位.docx"]  # the settings' 单位 under an empty cell, as `new` does
    facts: dict[str, Any] = dict(zip(HEAD, row("")))
    facts["主要工作"] = [{"标题": facts.pop("主要工作1标题"), "内容": facts.pop("主要工作1内容")}]
    facts.pop("单位")
    Path("f.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    assert run(runner, "new", "--type", "工作汇报", "--facts", "f.yaml", "-o", "new.docx").exit_code == 0
    assert Path("out/设置中的单位.docx").read_bytes() == Path("new.docx").read_bytes()
    assert "宋体".encode() in zipfile.ZipFile("new.docx").read("word/styles.xml")
