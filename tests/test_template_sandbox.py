"""User templates are untrusted: escapes refused, renders bounded, every mistake exit 2 with file and line.

Each case drafts through the CLI (`drafter new --templates DIR`) as a user would, and asserts
the exit code, that the message names the template file (and line where there is one), and
that no output file was written.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter import sandbox
from drafter.cli import app
from drafter.templates import builtin_templates_dir

runner = CliRunner()
FACTS = "标题: 测试标题\n单位: 某某局\n时间: 2025年\n主题: 招商引资\n日期: 2025-12-20\n概述: 工作取得成效\n主要工作:\n  - 标题: 强化队伍\n"


def make_type(root: Path, template: str, name: str = "试验") -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    shutil.copy(builtin_templates_dir() / "工作汇报" / "schema.yaml", folder / "schema.yaml")
    (folder / "template.md.j2").write_text(template, encoding="utf-8")
    return folder


def draft(tmp_path: Path, type_name: str = "试验") -> tuple[int, str, Path]:
    facts = tmp_path / "facts.yaml"
    facts.write_text(FACTS, encoding="utf-8")
    out = tmp_path / "out.md"
    result = runner.invoke(app, ["new", "--templates", str(tmp_path / "tpl"), "--type", type_name, "--facts", str(facts), "-o", str(out)])
    return result.exit_code, result.output, out


ESCAPES = {
    "mro": "{{ ''.__class__.__mro__ }}",
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "cycler_globals": "{{ cycler.__init__.__globals__ }}",
    "lipsum_globals": "{{ lipsum.__globals__['os'] }}",
    "template_reference_context": "{{ self._TemplateReference__context }}",
    "attr_filter": "{{ ''|attr('__class__') }}",
    "format_attribute": "{{ '{0.__class__}'.format(1) }}",
    "format_map": "{{ '{x.__class__}'.format_map({'x': 1}) }}",
    "joiner_globals": "{{ joiner.__init__.__globals__ }}",
    "namespace_init": "{{ namespace.__init__ }}",
    "list_mutation": "{{ [].append(1) }}",
    "dict_mutation": "{{ {}.update({'a': 1}) }}",
    "helper_internals": "{{ opening.__self__.rng }}",
    "huge_repeat": "{{ 'x' * 10**9 }}",
    "huge_power": "{{ 7 ** 100000000 }}",
    "huge_center": "{{ ''|center(10**9) }}",
    "huge_percent_width": "{{ '%1000000000s' % 'x' }}",
    "huge_format_width": "{{ '{:>1000000000}'.format('x') }}",
    "huge_format_argument_width": "{{ '{0:>{1}}'.format('x', 10**9) }}",
}


@pytest.mark.parametrize("template", ESCAPES.values(), ids=ESCAPES.keys())
def test_escape_attempt_is_refused_with_file_and_line(tmp_path: Path, template: str) -> None:
    make_type(tmp_path / "tpl", "第一行\n" + template + "\n")
    code, output, out = draft(tmp_path)
    assert code == 2, output
    assert "template.md.j2" in output and "第 2 行" in output
    assert "内部错误" not in output and not out.exists()


@pytest.mark.parametrize("statement", ["{% include '/etc/passwd' %}", "{% import '/etc/passwd' as x %}", "{% include '../../x.j2' %}"])
def test_absolute_or_outside_include_is_refused(tmp_path: Path, statement: str) -> None:
    make_type(tmp_path / "tpl", statement + "\n")
    code, output, out = draft(tmp_path)
    assert code == 2 and "模板文件夹" in output and not out.exists()
    assert "root:" not in output


def test_symlink_in_a_template_folder_is_refused(tmp_path: Path) -> None:
    folder = make_type(tmp_path / "tpl", "{% include '试验/leak.j2' %}\n")
    os.symlink("/etc/passwd", folder / "leak.j2")
    code, output, out = draft(tmp_path)
    assert code == 2 and "符号链接" in output and "leak.j2" in output
    assert "root:" not in output and not out.exists()


def test_symlinked_template_file_is_refused(tmp_path: Path) -> None:
    folder = make_type(tmp_path / "tpl", "")
    (folder / "template.md.j2").unlink()
    secret = tmp_path / "secret.j2"
    secret.write_text("秘密\n", encoding="utf-8")
    os.symlink(secret, folder / "template.md.j2")
    code, output, _ = draft(tmp_path)
    assert code == 2 and "符号链接" in output and "秘密" not in output


def test_a_billion_iterations_stop_with_a_clear_error(tmp_path: Path) -> None:
    make_type(tmp_path / "tpl", "x\n{% for i in range(10**9) %}{% endfor %}\n")
    code, output, _ = draft(tmp_path)
    assert code == 2 and "循环次数过大" in output and "第 2 行" in output


def test_nested_loops_are_stopped_by_the_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.3)
    make_type(tmp_path / "tpl", "x\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n")
    code, output, out = draft(tmp_path)
    assert code == 2 and "超过 0.3 秒" in output and "第 2 行" in output and not out.exists()


def test_output_is_bounded_in_size(tmp_path: Path) -> None:
    make_type(tmp_path / "tpl", "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}\n")
    code, output, out = draft(tmp_path)
    assert code == 2 and "个字符" in output and not out.exists()


MISTAKES = {
    "divide_by_zero": ("{{ 1 / 0 }}", "ZeroDivisionError"),
    "recursive_macro": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "递归"),
    "includes_itself": ("{% include '试验/template.md.j2' %}", "递归"),
    "helper_wrong_type": ("{{ cn_number('abc') }}", "TypeError"),
    "helper_wrong_keyword": ("{{ opening(nonsense=1) }}", "TypeError"),
    "undefined_variable": ("{{ 没有这个字段 }}", "没有这个字段"),
    "unknown_filter": ("{{ 标题 | nofilter }}", "nofilter"),
    "missing_include": ("{% include '没有/这个.j2' %}", "没有/这个.j2"),
    "bad_super": ("{% extends 'super:没有/template.md.j2' %}", "super:"),
}


@pytest.mark.parametrize("template, said", MISTAKES.values(), ids=MISTAKES.keys())
def test_template_mistake_is_exit_2_naming_file_and_line(tmp_path: Path, template: str, said: str) -> None:
    make_type(tmp_path / "tpl", "第一行\n" + template + "\n")
    code, output, out = draft(tmp_path)
    assert code == 2, output
    assert said in output and "template.md.j2" in output and "第 2 行" in output
    assert not out.exists()


def test_syntax_error_shows_the_lines_around_it(tmp_path: Path) -> None:
    make_type(tmp_path / "tpl", "一\n二\n{% if 标题 %}\n四\n")
    code, output, _ = draft(tmp_path)
    assert code == 2 and "语法错误" in output and "»" in output and "二" in output


BROKEN_FOLDERS = {
    "meta_gbk": ("meta.yaml", "name: 坏的\ndescription: 中文说明\n".encode("gbk"), "UTF-8", "第 1 行"),
    "meta_aliases_number": ("meta.yaml", "name: 坏的\naliases: 5\n".encode(), "aliases", "第 2 行"),
    "meta_not_mapping": ("meta.yaml", "- 一\n- 二\n".encode(), "映射", "第 1 行"),
    "meta_bad_yaml": ("meta.yaml", "name: [坏\n".encode(), "YAML", "行"),
    "schema_field_as_text": ("schema.yaml", "fields:\n  单位: text\n".encode(), "单位", "第 2 行"),
    "schema_unknown_type": ("schema.yaml", "fields:\n  单位:\n    type: 文本\n".encode(), "文本", "第 2 行"),
    "schema_no_fields": ("schema.yaml", "字段: {}\n".encode(), "fields", "第 1 行"),
    "template_gbk": ("template.md.j2", "# {{ 标题 }}\n中文\n".encode("gbk"), "UTF-8", "第 1 行"),
}


@pytest.mark.parametrize("name, data, said, line", BROKEN_FOLDERS.values(), ids=BROKEN_FOLDERS.keys())
def test_broken_user_folder_is_named_and_never_breaks_the_others(
    tmp_path: Path, name: str, data: bytes, said: str, line: str
) -> None:
    folder = tmp_path / "tpl" / "坏的"
    shutil.copytree(builtin_templates_dir() / "工作汇报", folder)
    (folder / "meta.yaml").write_text("name: 坏的\n", encoding="utf-8")
    (folder / name).write_bytes(data)
    code, output, out = draft(tmp_path, "坏的")
    assert code == 2, output
    assert name in output and said in output and line in output and not out.exists()
    listing = runner.invoke(app, ["templates", "list", "--templates", str(tmp_path / "tpl")])
    assert listing.exit_code == 0 and "损坏的模板" in listing.output and "坏的" in listing.output
    assert "工作汇报" in listing.output
    code, output, out = draft(tmp_path, "工作汇报")
    assert code == 0 and out.is_file(), output


def test_a_broken_override_is_not_silently_replaced_by_the_builtin(tmp_path: Path) -> None:
    folder = tmp_path / "tpl" / "工作汇报"
    folder.mkdir(parents=True)
    (folder / "meta.yaml").write_text("name: 工作汇报\naliases: 5\n", encoding="utf-8")
    code, output, _ = draft(tmp_path, "工作汇报")
    assert code == 2 and "aliases" in output
    assert runner.invoke(app, ["new", "--type", "讲话稿", "--facts", str(builtin_templates_dir() / "讲话稿" / "example.yaml"),
                               "--templates", str(tmp_path / "tpl"), "-o", str(tmp_path / "s.md")]).exit_code == 0


def test_a_users_shared_blocks_serve_only_the_users_templates(tmp_path: Path) -> None:
    shared = tmp_path / "tpl" / "_shared"
    shared.mkdir(parents=True)
    (shared / "blocks.j2").write_text("{% macro broken( %}\n", encoding="utf-8")
    code, output, out = draft(tmp_path, "工作汇报")
    assert code == 0 and out.is_file(), output  # the built-ins import their own blocks
    out.unlink()
    make_type(tmp_path / "tpl", '{% import "_shared/blocks.j2" as b %}\n# {{ 标题 }}\n')
    code, output, out = draft(tmp_path)
    assert code == 2 and "blocks.j2" in output and "语法错误" in output and not out.exists()


def test_jinja2_is_pinned_past_the_published_sandbox_escapes() -> None:
    """CVE-2024-56326 and CVE-2025-27516 are fixed in Jinja2 3.1.6."""
    from importlib.metadata import version

    root = Path(__file__).resolve().parent.parent
    assert '"jinja2>=3.1.6"' in (root / "pyproject.toml").read_text(encoding="utf-8")
    assert tuple(int(p) for p in version("jinja2").split(".")[:3]) >= (3, 1, 6)


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_NAME_PARTS = st.sampled_from(["..", ".", "/", "\\", "~", "C:", "etc", "passwd", "试验", "template.md.j2", "@0", "@0+", "super:", "\x00", ""])


@given(st.lists(_NAME_PARTS | st.text(max_size=8), max_size=8).map("".join))
def test_the_loader_never_reads_outside_its_folders(name: str) -> None:
    from drafter.errors import TemplateError
    from drafter.sandbox import _GuardedLoader

    root = Path(__file__).resolve().parent / "data"
    loader = _GuardedLoader([root / "nonexistent-a", root])
    try:
        found = loader.locate(name)
    except TemplateError:
        return
    if found is not None:
        assert found[1].resolve().is_relative_to(loader.roots[found[0]])


@given(st.text(max_size=30))
def test_learned_field_names_are_template_identifiers(heading: str) -> None:
    from drafter.learn import _RESERVED, _field_name

    used: set[str] = set()
    first, second = _field_name(heading, used), _field_name(heading, used)
    assert first.isidentifier() and second.isidentifier() and first != second
    assert first not in _RESERVED and second not in _RESERVED


def test_long_facts_are_not_mistaken_for_a_bomb(tmp_path: Path) -> None:
    from drafter.phrasing import PhraseBank, PhrasePicker
    from drafter.sandbox import MAX_OUTPUT_CHARS
    from drafter.templates import render_template, resolve_type, template_search_path

    make_type(tmp_path / "tpl", "{{ 概述 | sentence }}\n{{ 概述 ~ 'x' }}\n")
    path = template_search_path([tmp_path / "tpl"])
    long_text = "很长的概述" * (MAX_OUTPUT_CHARS // 4)
    out = render_template(resolve_type("试验", path), {"概述": long_text}, picker=PhrasePicker(PhraseBank(()), {}, types=()), search_path=path)
    assert out.count(long_text) == 2


def test_compiled_templates_are_cached_but_never_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Templates are compiled once into the user's cache; an edited template is recompiled."""
    from drafter.templates import _build_library as _library

    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    folder = make_type(tmp_path / "tpl", "# {{ 标题 }}\n\n第一版。\n")
    assert draft(tmp_path)[0] == 0
    assert list((tmp_path / "cache" / "jinja").rglob("*.cache"))
    (folder / "template.md.j2").write_text("# {{ 标题 }}\n\n第二版。\n", encoding="utf-8")
    _library.cache_clear()  # a new process: only the bytecode cache remains
    (tmp_path / "out.md").unlink()
    code, output, out = draft(tmp_path)
    assert code == 0, output
    assert "第二版。" in out.read_text(encoding="utf-8") and "第一版" not in out.read_text(encoding="utf-8")


def test_an_unusable_cache_folder_only_costs_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from drafter.templates import _build_library as _library

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(blocker))
    _library.cache_clear()
    make_type(tmp_path / "tpl", "# {{ 标题 }}\n\n正文。\n")
    code, output, out = draft(tmp_path)
    assert code == 0, output
    assert "正文。" in out.read_text(encoding="utf-8")
