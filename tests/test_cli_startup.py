"""The console script's start-up shortcuts change nothing a user sees.

`drafter.cli.main` converts plain options directly instead of through Typer's
pydantic adapters; here both conversions meet the same values, including the
ones the shortcut hands back to Typer.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from drafter.cli import _commands, _plain_coercion, app

SAMPLES = {
    "str": ["abc", "", "工作汇报", " x "],
    "bool": [True, False, "true"],
    "int": ["12", "-3", "+7", "0012", "x", "1.5", " 4", "1_000", 0, 5, True],
    "Path": ["a/b.yaml", "汇报.docx", "", "~/x", "/", Path("a")],
    "list[pathlib.Path]": [("a", "b"), ["c"], ()],
}


def _plain_params() -> list[tuple[str, object]]:
    command = typer.main.get_command(app)
    _plain_coercion(command)
    found = []
    for sub in _commands(command):
        helper = getattr(sub, "_help_option", None)
        for param in [*getattr(sub, "params", ()), *([helper] if helper is not None else [])]:
            if type(getattr(param, "_runtime_param", None)).__name__ == "Plain":
                found.append((f"{sub.name}.{param.name}", param))
    return found


def test_the_shortcut_covers_the_drafting_options() -> None:
    names = {name for name, _ in _plain_params()}
    assert {"new.type_name", "new.facts", "new.out", "new.seed", "new.templates", "render.out", "new.help"} <= names


@pytest.mark.parametrize(("name", "param"), _plain_params(), ids=lambda v: v if isinstance(v, str) else "")
def test_plain_conversion_equals_typers(name: str, param: object) -> None:
    ctx = Context(typer.main.get_command(app))
    annotation = param.type_descriptor.annotation  # type: ignore[attr-defined]
    key = getattr(annotation, "__name__", None) if isinstance(annotation, type) else str(annotation)
    for value in SAMPLES[key or str(annotation)]:
        try:
            expected = build_runtime_param(param.type_descriptor).coerce(value, param=param, ctx=ctx)  # type: ignore[attr-defined]
        except BadParameter as exc:
            with pytest.raises(BadParameter) as info:
                param._runtime_param.coerce(value, param=param, ctx=ctx)  # type: ignore[attr-defined]
            assert str(info.value) == str(exc)
            continue
        actual = param._runtime_param.coerce(value, param=param, ctx=ctx)  # type: ignore[attr-defined]
        assert (actual, type(actual)) == (expected, type(expected)), (name, value)


def test_console_script_still_reports_and_exits(tmp_path: Path) -> None:
    script = [sys.executable, "-c", "from drafter.cli import main; main()"]
    bad = subprocess.run([*script, "new", "--type", "工作汇报", "--facts", "x.yaml", "--seed", "abc"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert bad.returncode == 2 and "--seed" in bad.stderr
    missing = subprocess.run([*script, "render", "nothere.md", "-o", "a.docx"], capture_output=True, text=True,
                             cwd=tmp_path)
    assert missing.returncode == 2 and missing.stderr.startswith("错误：nothere.md")
