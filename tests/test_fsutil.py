"""atomic_write and settings loading."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drafter.errors import InputError, OutputError
from drafter.fsutil import atomic_write
from drafter.settings import Fonts, Settings, load_settings


def test_writes_text_and_bytes_creating_parents(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.md"
    atomic_write(target, "正文", force=False)
    assert target.read_text(encoding="utf-8") == "正文"
    atomic_write(tmp_path / "x.bin", b"\x00\x01", force=False)
    assert (tmp_path / "x.bin").read_bytes() == b"\x00\x01"


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OutputError) as info:
        atomic_write(target, "new", force=False)
    message = info.value.user_message()
    assert "out.docx" in message and "加 --force 覆盖" in message
    assert target.read_text(encoding="utf-8") == "old"
    atomic_write(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "new"


def test_no_temp_file_left_after_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    monkeypatch.setattr(os, "link", lambda *a, **k: broken_replace("", ""))
    for force in (False, True):
        with pytest.raises(OutputError) as info:
            atomic_write(tmp_path / "out.md", "x", force=force)
        assert "磁盘空间不足" in info.value.user_message()
        assert list(tmp_path.iterdir()) == []


def test_directory_as_output_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError):
        atomic_write(tmp_path, "x", force=True)


def test_output_gets_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    atomic_write(target, "x", force=False)
    assert target.stat().st_mode & 0o044  # readable by group/others under a usual umask


# ---------------------------------------------------------------- settings


def test_defaults_are_the_standard_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRAFTER_SETTINGS", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    settings = load_settings()
    assert settings == Settings()
    assert settings.fonts.body == "仿宋_GB2312" and settings.fonts.title == "方正小标宋简体"
    assert settings.fonts.for_heading(1) == "黑体" and settings.fonts.for_heading(2) == "楷体_GB2312"


def test_precedence_explicit_env_local(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "drafter.yaml").write_text("fonts:\n  body: 本地仿宋\n", encoding="utf-8")
    env_file = tmp_path / "env.yaml"
    env_file.write_text("fonts:\n  body: 环境仿宋\n", encoding="utf-8")
    explicit = tmp_path / "explicit.yaml"
    explicit.write_text("fonts: {body: 指定仿宋, heading1: SimHei}\n", encoding="utf-8")
    monkeypatch.delenv("DRAFTER_SETTINGS", raising=False)
    assert load_settings().fonts.body == "本地仿宋"
    monkeypatch.setenv("DRAFTER_SETTINGS", str(env_file))
    assert load_settings().fonts.body == "环境仿宋"
    chosen = load_settings(explicit)
    assert chosen.fonts == Fonts(body="指定仿宋", heading1="SimHei") and chosen.source == explicit


def test_user_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRAFTER_SETTINGS", raising=False)
    monkeypatch.delenv("DRAFTER_CONFIG_DIR", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    config = tmp_path / ".config" / "drafter" / "settings.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("fonts:\n  title: 华文中宋\n", encoding="utf-8")
    assert load_settings().fonts.title == "华文中宋"


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("fonts:\n  body: [仿宋\n", None, "YAML"),
        ("fonts:\n  bodi: 仿宋\n", 2, "body"),
        ("colour: red\n", 1, "fonts"),
        ("fonts:\n  body: \"\"\n", 2, "非空"),
        ("fonts: 仿宋\n", 1, "映射"),
    ],
)
def test_bad_settings_name_file_line_and_fix(tmp_path: Path, text: str, line: int | None, needle: str) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_settings(path)
    error = info.value
    assert error.where.path == path and error.fix
    if line is not None:
        assert error.where.line == line
    assert needle in error.user_message()


def test_missing_settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError):
        load_settings(tmp_path / "nope.yaml")
    monkeypatch.setenv("DRAFTER_SETTINGS", str(tmp_path / "gone.yaml"))
    with pytest.raises(InputError, match="找不到"):
        load_settings()


# ---------------------------------------------------------------- races, interruptions, stale temps


def test_eight_racing_writers_without_force_exactly_one_wins(tmp_path: Path) -> None:
    import threading

    target = tmp_path / "same.md"
    results: list[str] = []
    barrier = threading.Barrier(8)

    def write(n: int) -> None:
        barrier.wait()
        try:
            atomic_write(target, f"writer {n}", force=False)
            results.append(f"ok {n}")
        except OutputError:
            results.append("refused")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [r for r in results if r.startswith("ok")]
    assert len(winners) == 1 and results.count("refused") == 7
    assert target.read_text(encoding="utf-8") == winners[0].replace("ok", "writer")
    assert [p.name for p in tmp_path.iterdir()] == ["same.md"]


def test_racing_folder_swaps_leave_one_whole_set(tmp_path: Path) -> None:
    import threading

    from drafter.fsutil import replace_folder, staged_folder

    target = tmp_path / "corpus"
    barrier = threading.Barrier(6)

    failures: list[BaseException] = []

    def build(n: int) -> None:
        try:
            with staged_folder(target) as stage:
                for name in ("a.json", "b.json", "c.json"):
                    (stage / name).write_text(str(n), encoding="utf-8")
                barrier.wait()
                replace_folder(stage, target)
        except BaseException as exc:  # noqa: BLE001 - a thread's error must fail the test
            failures.append(exc)

    threads = [threading.Thread(target=build, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []  # every racing build publishes a whole set
    contents = {(target / name).read_text(encoding="utf-8") for name in ("a.json", "b.json", "c.json")}
    assert len(contents) == 1  # one build's files, never a mix
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]


def test_a_stale_temp_of_a_dead_writer_is_removed_a_live_ones_is_kept(tmp_path: Path) -> None:
    dead = tmp_path / ".out.md.~999999.0123abcd.tmp"
    live = tmp_path / f".out.md.~{os.getppid()}.0123abcd.tmp"
    mine = tmp_path / ".notes.tmp"
    for path in (dead, live, mine):
        path.write_text("x", encoding="utf-8")
    atomic_write(tmp_path / "out.md", "新", force=False)
    assert not dead.exists() and live.exists() and mine.exists()


def test_an_output_name_at_the_limit_is_not_refused_for_its_temp_name(tmp_path: Path) -> None:
    name = "报" * 82 + ".docx"  # 251 bytes: the temp name must not add to it
    atomic_write(tmp_path / name, b"x", force=False)
    assert (tmp_path / name).read_bytes() == b"x"
    with pytest.raises(OutputError) as info:
        atomic_write(tmp_path / ("报" * 90 + ".docx"), b"x", force=False)
    assert "太长" in info.value.user_message()


def test_a_dangling_symlink_is_not_replaced_without_force(tmp_path: Path) -> None:
    link = tmp_path / "out.md"
    link.symlink_to(tmp_path / "gone.md")
    with pytest.raises(OutputError) as info:
        atomic_write(link, "x", force=False)
    assert "符号链接" in info.value.user_message() and link.is_symlink()
    atomic_write(link, "x", force=True)
    assert not link.is_symlink() and link.read_text(encoding="utf-8") == "x"
