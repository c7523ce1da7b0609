"""Customising templates as a new user would, from an empty folder, through the CLI:
init a built-in and edit it, extend one block, add a type of one's own, learn a type from
one's own documents (.docx with and without heading styles, messy .txt) and draft with it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from drafter.cli import app
from drafter.templates import builtin_templates_dir
from tests.learn_docs import report, write_docx, write_messy_txt

runner = CliRunner()
EXAMPLE = builtin_templates_dir() / "工作汇报" / "example.yaml"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder, the current one (so ./drafter-templates/ is found)."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def headings(markdown: str) -> list[str]:
    return [re.sub(r"^#+\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?", "", line)
            for line in markdown.splitlines() if line.startswith("#")]


def test_init_edit_two_headings_and_the_opening_then_draft(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = run("templates", "init", "工作汇报")
    assert code == 0 and "drafter-templates" in output
    template = home / "drafter-templates" / "工作汇报" / "template.md.j2"
    for name in ("template.md.j2", "schema.yaml", "example.yaml", "meta.yaml"):
        assert (template.parent / name).is_file()
    # The blocks are the contract (their insides are the built-in's to change): rewrite three.
    replacements = {
        "基本情况": "{% if 基本情况 %}\n## 总体情况\n\n{{ 基本情况 }}\n\n{% endif %}\n",
        "存在问题": "{% if 存在问题 %}\n## 困难和问题\n\n{% for p in 存在问题 %}\n{{ p }}。\n\n{% endfor %}\n{% endif %}\n",
        "开头": "根据{{ 上级 }}工作安排，现将有关情况报告如下。{{ 概述 }}。\n\n",
    }
    text = template.read_text(encoding="utf-8")
    for block, body in replacements.items():
        text, n = re.subn(rf"\{{% block {block} %\}}.*?\{{% endblock %\}}", lambda _: f"{{% block {block} %}}\n{body}{{% endblock %}}", text, flags=re.S)
        assert n == 1, block
    template.write_text(text, encoding="utf-8")
    assert run("templates", "check")[0] == 0
    code, output = run("new", "--type", "工作汇报", "--facts", str(EXAMPLE), "-o", "汇报.md")
    assert code == 0, output
    draft = (home / "汇报.md").read_text(encoding="utf-8")
    assert "## 一、总体情况" in draft and "困难和问题" in draft and "根据县委、县政府工作安排，现将有关情况报告如下。" in draft
    assert "主要工作" in draft or "招商引资" in draft  # the rest of the built-in is still there
    # Elsewhere (no ./drafter-templates/) the built-in is untouched.
    monkeypatch.chdir(home.parent)
    code, output = run("new", "--type", "工作汇报", "--facts", str(EXAMPLE), "-o", str(home.parent / "内置.md"))
    assert code == 0 and "困难和问题" not in (home.parent / "内置.md").read_text(encoding="utf-8")


def test_init_refuses_to_overwrite_and_copies_as_a_new_name(home: Path) -> None:
    assert run("templates", "init", "讲话稿")[0] == 0
    code, output = run("templates", "init", "讲话稿")
    assert code == 2 and "已存在" in output
    code, _ = run("templates", "init", "讲话稿", "--as", "我的讲话", "--to", "模板")
    assert code == 0
    meta = yaml.safe_load((home / "模板" / "我的讲话" / "meta.yaml").read_text(encoding="utf-8"))
    assert meta["name"] == "我的讲话" and not meta["aliases"]
    code, output = run("types", "--templates", "模板")
    assert code == 0 and "我的讲话" in output and "讲话稿" in output
    assert run("templates", "check", "模板")[0] == 0


def test_extend_a_builtin_overriding_one_block_only(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = home / "drafter-templates" / "工作汇报"
    folder.mkdir(parents=True)
    (folder / "template.md.j2").write_text(
        '{% extends "super:工作汇报/template.md.j2" %}\n'
        "{% block 下一步打算 %}\n## 明年工作思路\n\n"
        "{% for item in 下一步打算 %}\n### {{ item.标题 if item is mapping else item }}\n\n"
        "{% if item is mapping and item.get(\"内容\") %}\n{{ item.内容 }}\n\n{% endif %}\n{% endfor %}\n{% endblock %}\n",
        encoding="utf-8",
    )
    code, output = run("templates", "list")
    assert code == 0 and "继承" in output and str(folder) in output
    assert run("new", "--type", "工作汇报", "--facts", str(EXAMPLE), "-o", "改.md")[0] == 0
    monkeypatch.chdir(home.parent)
    assert run("new", "--type", "工作汇报", "--facts", str(EXAMPLE), "-o", str(home.parent / "原.md"))[0] == 0
    monkeypatch.chdir(home)
    changed = (home / "改.md").read_text(encoding="utf-8")
    original = (home.parent / "原.md").read_text(encoding="utf-8")
    assert headings(changed)[-3:] == ["明年工作思路", *headings(original)[-2:]]
    assert headings(changed)[:-3] == headings(original)[:-3]
    before, _, _ = original.partition("## 四、")
    assert changed.startswith(before)  # everything before the overridden block is the built-in's
    assert run("templates", "check")[0] == 0


def test_schema_extends_the_parent_with_an_extra_field(home: Path) -> None:
    folder = home / "drafter-templates" / "工作汇报"
    folder.mkdir(parents=True)
    (folder / "schema.yaml").write_text(
        "extends: true\nfields:\n  联系人:\n    type: text\n    required: true\n    description: 联系人和电话\n"
        "    example: 张三，12345678\n",
        encoding="utf-8",
    )
    (folder / "template.md.j2").write_text(
        '{% extends "super:工作汇报/template.md.j2" %}\n'
        "{% block 落款 %}\n（联系人：{{ 联系人 }}）\n\n{{ super() }}{% endblock %}\n",
        encoding="utf-8",
    )
    code, output = run("facts", "工作汇报")
    assert code == 0 and "联系人" in output and "主要工作" in output
    facts = home / "事实.yaml"
    facts.write_text(EXAMPLE.read_text(encoding="utf-8") + "联系人: 李四，87654321\n", encoding="utf-8")
    code, output = run("new", "--type", "工作汇报", "--facts", str(facts), "-o", "联系人.md")
    assert code == 0, output
    assert "（联系人：李四，87654321）" in (home / "联系人.md").read_text(encoding="utf-8")
    code, output = run("new", "--type", "工作汇报", "--facts", str(EXAMPLE), "-o", "缺.md")
    assert code == 2 and "联系人" in output


def test_a_brand_new_type_in_drafter_templates(home: Path) -> None:
    folder = home / "drafter-templates" / "会议纪要"
    folder.mkdir(parents=True)
    (folder / "meta.yaml").write_text("name: 会议纪要\naliases: [纪要]\ndescription: 记载会议议定事项\n", encoding="utf-8")
    (folder / "schema.yaml").write_text(
        "fields:\n"
        "  标题: {type: text, required: true, description: 标题}\n"
        "  会议: {type: text, required: true, description: 会议名称}\n"
        "  议定事项: {type: list, required: true, description: 每条一句话, items: {type: text}}\n"
        "  单位: {type: text, required: true, description: 发文单位}\n"
        "  日期: {type: date, required: true, description: 成文日期}\n",
        encoding="utf-8",
    )
    (folder / "template.md.j2").write_text(
        "# {{ 标题 }}\n\n{{ 会议 }}议定如下事项：\n\n## 议定事项\n\n"
        "{% for item in 议定事项 %}\n{{ cn_number(loop.index) }}是{{ item | sentence }}\n\n{% endfor %}\n{{ 单位 }}\n\n{{ 日期 }}\n",
        encoding="utf-8",
    )
    (folder / "example.yaml").write_text(
        "标题: 县政府常务会议纪要\n会议: 县政府第12次常务会议\n议定事项:\n  - 同意实施老旧小区改造\n  - 研究安全生产工作\n"
        "单位: 某某县人民政府办公室\n日期: 2025-06-01\n",
        encoding="utf-8",
    )
    code, output = run("types")
    assert code == 0 and "会议纪要" in output
    assert run("templates", "check")[0] == 0
    code, output = run("new", "--type", "纪要", "--facts", str(folder / "example.yaml"), "-o", "纪要.docx")
    assert code == 0, output
    assert run("check", "纪要.docx")[0] == 0


def test_user_config_folder_templates_are_on_the_path(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config"
    monkeypatch.setenv("DRAFTER_CONFIG_DIR", str(config))
    shutil.copytree(builtin_templates_dir() / "工作汇报", config / "templates" / "工作汇报")
    (config / "templates" / "工作汇报" / "meta.yaml").write_text("name: 工作汇报\ndescription: 本单位的汇报\n", encoding="utf-8")
    code, output = run("templates", "list")
    assert code == 0 and str(config / "templates") in output
    code, output = run("types")
    assert "本单位的汇报" in output
    # ./drafter-templates/ comes before the config folder.
    (home / "drafter-templates" / "工作汇报").mkdir(parents=True)
    (home / "drafter-templates" / "工作汇报" / "meta.yaml").write_text("name: 工作汇报\ndescription: 这个项目的汇报\n", encoding="utf-8")
    assert "这个项目的汇报" in run("types")[1]


def test_check_names_an_undeclared_variable_and_an_unused_required_field(home: Path) -> None:
    assert run("templates", "init", "工作汇报", "--as", "有错")[0] == 0
    template = home / "drafter-templates" / "有错" / "template.md.j2"
    template.write_text("# {{ 标题 }}\n\n{{ 概述 }}\n\n{{ 主要工作 }}\n\n{{ 单位 }}\n\n{{ 成文日期 }}\n", encoding="utf-8")
    code, output = run("templates", "check")
    assert code == 1
    assert "成文日期" in output and "template.md.j2" in output and "»" in output
    assert "「日期」" in output and "schema.yaml" in output


def learned_draft(home: Path, files: list[Path], name: str) -> tuple[str, str]:
    code, output = run("templates", "learn", *map(str, files), "--as", name)
    assert code == 0, output
    example = home / "drafter-templates" / name / "example.yaml"
    code, drafted = run("new", "--type", name, "--facts", str(example), "-o", f"{name}.md")
    assert code == 0, drafted
    assert run("check", f"{name}.md")[0] == 0
    assert run("templates", "check")[0] == 0
    return output, (home / f"{name}.md").read_text(encoding="utf-8")


SKELETON = ["总体情况", "主要工作", "存在问题", "下一步工作"]


@pytest.mark.parametrize("styles", [True, False], ids=["heading_styles", "plain_paragraphs"])
def test_learn_from_three_docx_of_one_skeleton_and_draft(home: Path, styles: bool) -> None:
    files = [write_docx(home / f"月报{i}.docx", i, styles=styles) for i in range(3)]
    output, draft = learned_draft(home, files, "安全月报")
    assert "3/3" in output and " → ".join(SKELETON) in output
    top = [h for h in draft.splitlines() if h.startswith("## ")]
    assert [re.sub(r"^## [一二三四五六七八九十]+、", "", h) for h in top] == SKELETON
    assert "### （一）开展隐患排查" in draft  # a level-2 heading every document has
    assert "现将有关情况汇报如下：" in draft and "特此报告。" in draft
    meta = yaml.safe_load((home / "drafter-templates" / "安全月报" / "meta.yaml").read_text(encoding="utf-8"))
    assert meta["learned"]["agreed"] == [f.name for f in files]
    phrases = (home / "drafter-templates" / "安全月报" / "phrases.json").read_text(encoding="utf-8")
    assert "在{上级}的坚强领导下" in phrases
    # New facts, same skeleton: a title from the learned pattern, and no fact of the examples.
    facts = home / "四月.yaml"
    facts.write_text(
        "时间: 2025年四月份\n主送: 县人民政府\n概述: 本月全县安全生产形势平稳\n总体情况: 未发生较大事故\n"
        "开展隐患排查: 检查企业99家\n存在问题: 个别企业整改慢\n下一步工作: 抓好汛期安全\n单位: 某某县应急管理局\n日期: 2025-05-05\n",
        encoding="utf-8",
    )
    code, out = run("new", "--type", "安全月报", "--facts", str(facts), "-o", "四月.md")
    assert code == 0, out
    april = (home / "四月.md").read_text(encoding="utf-8")
    assert april.startswith("# 关于2025年四月份安全生产工作情况的汇报")
    assert [re.sub(r"^## [一二三四五六七八九十]+、", "", h) for h in april.splitlines() if h.startswith("## ")] == SKELETON
    assert "检查企业99家" in april and "检查企业20家" not in april


def test_learn_from_five_messy_txt_files(home: Path) -> None:
    files = [write_messy_txt(home / f"网页{i}.txt", i) for i in range(5)]
    assert "(shēng)" in files[0].read_bytes().decode("gbk")
    output, draft = learned_draft(home, files, "网页月报")
    assert "5/5" in output
    assert [re.sub(r"^## [一二三四五六七八九十]+、", "", h) for h in draft.splitlines() if h.startswith("## ")] == SKELETON
    for debris in ("&nbsp", "&emsp", "&amp", "shēng", "(", "培 训"):
        assert debris not in draft, debris
    assert "安全生产" in draft and "培训" in draft


def test_learn_says_when_documents_disagree_and_learns_the_majority(home: Path) -> None:
    files = [write_docx(home / f"月报{i}.docx", i, styles=True) for i in range(3)]
    import docx

    other = docx.Document()
    for text in ("关于调研工作的报告", "一、调研概况", "我们走访了十家企业。", "二、对策建议", "建议加强监管。", "某某县应急管理局", "2025年3月1日"):
        other.add_paragraph(text)
    other.save(str(home / "别的.docx"))
    code, output = run("templates", "learn", *map(str, files), str(home / "别的.docx"), "--as", "多数")
    assert code == 0, output
    assert "3/4" in output and "别的.docx" in output and "按多数" in output
    meta = yaml.safe_load((home / "drafter-templates" / "多数" / "meta.yaml").read_text(encoding="utf-8"))
    assert [d["file"] for d in meta["learned"]["disagreed"]] == ["别的.docx"]
    assert meta["skeleton"][0] == "基本情况"


def test_learn_refuses_bad_input_clearly(home: Path) -> None:
    code, output = run("templates", "learn", "没有.docx", "--as", "甲")
    assert code == 2 and "没有.docx" in output
    (home / "空.txt").write_text("只有一句话，没有标题。\n", encoding="utf-8")
    code, output = run("templates", "learn", "空.txt", "--as", "乙")
    assert code == 2 and "标题" in output
    write_docx(home / "a.docx", 0, styles=True)
    assert run("templates", "learn", "a.docx", "--as", "丙")[0] == 0
    code, output = run("templates", "learn", "a.docx", "--as", "丙")
    assert code == 2 and "已存在" in output
    code, output = run("templates", "learn", "a.docx", "--as", "../逃出")
    assert code == 2 and not (home / "逃出").exists()


def test_fixture_reports_share_one_skeleton() -> None:
    assert [t for level, t in report(0) if level == 1] == [t for level, t in report(4) if level == 1]


@pytest.mark.parametrize("type_name", ["工作汇报", "讲话稿", "表态发言", "调研报告", "工作总结", "工作计划", "实施意见"])
def test_every_block_of_every_builtin_can_be_extended_unchanged(tmp_path: Path, type_name: str) -> None:
    """A child that re-states every block with super() drafts exactly what the built-in does:
    the blocks neither hide variables from one another nor change whitespace."""
    from jinja2 import nodes

    from drafter.draft import draft
    from drafter.facts import load_facts
    from drafter.templates import template_environment, template_search_path

    builtin = builtin_templates_dir() / type_name / "template.md.j2"
    tree = template_environment().parse(builtin.read_text(encoding="utf-8"))
    blocks = [b.name for b in tree.find_all(nodes.Block)]
    assert {"标题", "开头"} <= set(blocks) and len(blocks) >= 5
    child = tmp_path / "tpl" / type_name
    child.mkdir(parents=True)
    (child / "template.md.j2").write_text(
        f'{{% extends "super:{type_name}/template.md.j2" %}}\n'
        + "".join(f"{{% block {b} %}}{{{{ super() }}}}{{% endblock %}}\n" for b in blocks),
        encoding="utf-8",
    )
    facts = load_facts(builtin.parent / "example.yaml")
    for seed in (0, 1):
        original = draft(type_name, facts, seed=seed)
        extended = draft(type_name, facts, seed=seed, search_path=template_search_path([tmp_path / "tpl"]))
        assert extended.markdown == original.markdown


def test_learn_from_markdown_whose_top_headings_are_the_work_items(home: Path) -> None:
    """Documents whose level-1 headings vary but all report work: the items become a list
    the user fills, each drafted as a level-1 heading."""
    items = [["加强项目谋划", "强化招商队伍"], ["狠抓项目落地", "优化政务服务", "加大宣传推介"], ["推进园区建设", "强化招商队伍"]]
    files = []
    for i, heads in enumerate(items, 1):
        body = "\n\n".join(f"## {'一二三'[k]}、{h}\n\n完成{h}任务{i}{k}项。" for k, h in enumerate(heads))
        path = home / f"季报{i}.md"
        path.write_text(
            f"# 关于2025年第{i}季度招商工作情况的汇报\n\n市商务局：\n\n本季度招商引资工作进展顺利。\n\n现将有关情况汇报如下：\n\n"
            f"{body}\n\n特此报告。\n\n某某县商务局\n\n2025年{i}月20日\n",
            encoding="utf-8",
        )
        files.append(path)
    output, draft = learned_draft(home, files, "季报")
    assert "3/3" in output and "主要工作及成效" in output
    assert re.findall(r"^## .*", draft, flags=re.M) == ["## 一、加强项目谋划", "## 二、强化招商队伍"]
    example = yaml.safe_load((home / "drafter-templates" / "季报" / "example.yaml").read_text(encoding="utf-8"))
    assert example["时间"] == "2025年第1季度" and "标题" not in example  # the title comes from the learned pattern
    assert draft.startswith("# 关于2025年第1季度招商工作情况的汇报")


def test_learning_the_same_documents_twice_gives_identical_files(home: Path) -> None:
    files = [write_docx(home / f"月报{i}.docx", i, styles=i != 1) for i in range(3)]
    assert run("templates", "learn", *map(str, files), "--as", "甲", "--to", "一")[0] == 0
    assert run("templates", "learn", *map(str, files), "--as", "甲", "--to", "二")[0] == 0
    first, second = home / "一" / "甲", home / "二" / "甲"
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert names == ["example.yaml", "meta.yaml", "phrases.json", "schema.yaml", "template.md.j2"]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert not [p for p in home.rglob(".*") if p.name.startswith(".甲")]  # no staging folder left behind


def test_every_builtin_passes_templates_check() -> None:
    code, output = run("templates", "check", str(builtin_templates_dir()))
    assert code == 0, output
    assert "工作汇报" in output and "实施意见" in output


HELDOUT = Path(__file__).resolve().parent / "data" / "heldout_real"
REAL_GROUPS = {
    "总结": ["r18", "r20", "r21", "r30"],
    "讲话": ["r13", "r14", "r15", "r17"],
    "调研报告": ["r22", "r23", "r24"],
    "实施意见": ["r03", "r05", "r28"],
    "汇报": ["r33", "r34", "r35"],
}


@pytest.mark.skipif(not HELDOUT.is_dir(), reason="the real held-out documents are not in this checkout")
@pytest.mark.parametrize("name", REAL_GROUPS)
def test_learn_from_real_documents_as_found(home: Path, name: str) -> None:
    """Real public documents (excerpts, placeholders and all): learning never fails, the
    draft has the learned skeleton, and the only thing `templates check` may flag is a
    placeholder (XX镇 -> 【待填】) the source documents themselves carry."""
    files = [next(HELDOUT.glob(f"{r}_*.txt")) for r in REAL_GROUPS[name]]
    code, output = run("templates", "learn", *map(str, files), "--as", name)
    assert code == 0, output
    folder = home / "drafter-templates" / name
    code, output = run("new", "--type", name, "--facts", str(folder / "example.yaml"), "-o", "稿.md")
    assert code == 0, output
    meta = yaml.safe_load((folder / "meta.yaml").read_text(encoding="utf-8"))
    fixed = [s["heading"] for s in meta["learned"]["sections"] if s["kind"] != "repeated"]
    drafted = [re.sub(r"^## [一二三四五六七八九十]+、", "", h) for h in (home / "稿.md").read_text(encoding="utf-8").splitlines() if h.startswith("## ")]
    assert [h for h in drafted if h in fixed] == fixed
    code, output = run("templates", "check")
    if code != 0:
        problems = [line for line in output.splitlines() if "：" in line and not line.startswith(" ")]
        assert problems and all("【待填】" in line for line in problems), output


def test_a_broken_phrase_file_of_a_learned_type_names_the_file(home: Path) -> None:
    files = [write_docx(home / f"月报{i}.docx", i, styles=True) for i in range(2)]
    assert run("templates", "learn", *map(str, files), "--as", "坏短语")[0] == 0
    phrases = home / "drafter-templates" / "坏短语" / "phrases.json"
    phrases.write_text("{不是 JSON", encoding="utf-8")
    example = home / "drafter-templates" / "坏短语" / "example.yaml"
    code, output = run("new", "--type", "坏短语", "--facts", str(example), "-o", "x.md")
    assert code == 2 and "phrases.json" in output and "templates learn" in output
