"""Hostile and careless input through the CLI: one parametrised test over the table in
tests/hostile_cases.py (exit code, Chinese message naming the place, nothing written,
changed or left behind). `python -m tests.hostile_cases` prints the totals."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile_cases import all_cases, run_case

CASES = all_cases()


def test_the_table_is_big_enough() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 150


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input(case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outcome = run_case(case, tmp_path)
    assert outcome.good, outcome.problem


def test_ctrl_c_says_so_exits_130_and_keeps_the_old_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    import drafter.corpus
    from drafter.cli import app
    from tests.hostile_cases import SEEDS, snapshot

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_bytes((SEEDS / "000_a523faac99280891.txt").read_bytes())
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manifest.json").write_text('{"version": 1}\n', encoding="utf-8")
    before = snapshot(tmp_path)

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(drafter.corpus, "_mine_into", interrupted)
    result = CliRunner().invoke(app, ["corpus", "build", str(seeds), "-o", str(corpus)])
    assert result.exit_code == 130
    assert "已中断。" in result.output
    assert snapshot(tmp_path) == before  # the old corpus as it was, no temporary folder left


def test_sigterm_mid_build_leaves_the_old_corpus_and_no_temp(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.hostile_cases import ROOT, SEEDS, snapshot

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for source in sorted(SEEDS.iterdir())[:6]:
        (seeds / source.name).write_bytes(source.read_bytes())
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manifest.json").write_text('{"version": 1}\n', encoding="utf-8")
    before = snapshot(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "drafter", "corpus", "build", "seeds", "-o", "corpus"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    # Wait until the build has started writing (its temporary folder exists), then stop it.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.startswith(".corpus.~") for p in tmp_path.iterdir()):
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    after = snapshot(tmp_path)
    if proc.returncode == 0:  # it finished first: then the corpus is whole and new
        assert (corpus / "documents.jsonl").is_file()
    else:
        assert proc.returncode == 128 + signal.SIGTERM
        assert after == before
    assert not [p for p in tmp_path.iterdir() if ".~" in p.name]


def test_a_full_disk_mid_build_leaves_the_old_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    from typer.testing import CliRunner

    from drafter.cli import app
    from tests.hostile_cases import SEEDS, snapshot

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_bytes((SEEDS / "000_a523faac99280891.txt").read_bytes())
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "documents.jsonl").write_text("{}\n", encoding="utf-8")
    before = snapshot(tmp_path)
    calls = {"n": 0}
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the second file of the new corpus does not fit
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = CliRunner().invoke(app, ["corpus", "build", str(seeds), "-o", str(corpus), "--no-mine"])
    assert result.exit_code == 2, result.output
    assert "磁盘空间不足" in result.output and "原有文件未被改动" in result.output
    assert snapshot(tmp_path) == before


def test_jieba_keeps_its_cache_in_the_users_cache_folder(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.hostile_cases import ROOT

    cache, temp = tmp_path / "cache", tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DRAFTER_CACHE_DIR": str(cache), "TMPDIR": str(temp)}
    code = "from drafter.render.docx import _word_cuts; _word_cuts('关于推进县域商业体系建设的实施意见')"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == ""
    assert (cache / "jieba.cache").is_file()
    assert list(temp.iterdir()) == []


def test_eight_concurrent_new_without_force_exactly_one_succeeds(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.hostile_cases import ROOT, facts

    (tmp_path / "f.yaml").write_text(facts(), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "drafter", "new", "-t", "工作汇报", "-f", "f.yaml", "-o", "same.md", "--seed"]
    runs = [subprocess.Popen([*command, str(n)], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for n in range(8)]
    outcomes = [(run.returncode, run.communicate(timeout=120)[1]) for run in runs]
    outcomes = [(run.returncode, err) for run, (_, err) in zip(runs, outcomes)]
    codes = sorted(code for code, _ in outcomes)
    assert codes == [0] + [2] * 7, outcomes
    assert all("已存在" in err for code, err in outcomes if code == 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.yaml", "same.md"]
