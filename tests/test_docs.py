"""Docs that cannot drift: every command explains itself, and the README's examples run."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from drafter.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    # Typer ships its own copy of click, so commands are walked by shape, not class.
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((prefix + (name,), command))
        if hasattr(command, "commands"):
            found.extend(_commands(command, prefix + (name,)))
    return found


COMMANDS = _commands(typer.main.get_command(app))  # type: ignore[arg-type]


def test_the_cli_has_the_commands_the_issues_name() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"corpus build", "outline", "mine", "phrases", "structure", "types", "facts", "new", "render", "check"} <= names


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_chinese_help_and_is_in_the_readme(path: tuple[str, ...], command: Any) -> None:
    assert command.help and re.search(r"[\u4e00-\u9fff]", command.help), path
    for param in command.params:
        if getattr(param, "opts", [""])[0].startswith("-") and param.name != "help":
            assert param.help, f"{' '.join(path)} {param.opts} has no help"
    if not hasattr(command, "commands"):
        assert f"drafter {' '.join(path)}" in README, f"README does not show `drafter {' '.join(path)}`"


@pytest.mark.parametrize("path", [()] + [p for p, _ in COMMANDS], ids=lambda p: " ".join(p) or "drafter")
def test_help_says_clicks_own_words_in_chinese(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    for english in ("Usage:", "Options:", "Commands:", "Arguments:", "Show this message", "[OPTIONS]",
                    "[default:", "[required]", "<str>", "<path>", "<int>"):
        assert english not in result.output, (path, english)
    assert result.output.startswith("用法：drafter")


def _readme_examples() -> list[str]:
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            line = line.split("  #", 1)[0].strip()
            if line.startswith("drafter "):
                lines.append(line)
    return lines


def test_readme_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Run in a scratch folder holding copies of what the examples name, so the
    # repository's own corpus/ is never rewritten by a test.
    for name in ("seeds", "corpus"):
        shutil.copytree(ROOT / name, tmp_path / name)
    from tests.learn_docs import write_docx

    (tmp_path / "旧稿").mkdir()  # what `templates learn 旧稿` reads: three reports of one office
    for i in range(3):
        write_docx(tmp_path / "旧稿" / f"月报{i + 1}.docx", i, styles=True)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    examples = _readme_examples()
    assert len(examples) >= 10
    for example in examples:
        args = shlex.split(example)[1:]
        redirect = None
        if ">" in args:
            at = args.index(">")
            args, redirect = args[:at], args[at + 1]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, f"{example}\n{result.output}"
        if redirect:
            Path(redirect).write_text(result.stdout, encoding="utf-8")
    assert Path("汇报.docx").is_file() and Path("汇报.md").is_file()
