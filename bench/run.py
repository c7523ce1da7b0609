"""Benchmarks for the targets the issues set, as ratios against baselines run here.

Run with `make bench`. Each line prints the measured wall time, the baseline
measured in the same run on the same machine, their ratio, and the issue's
absolute target. Nothing here is asserted in the test suite: timings vary with
the machine, ratios much less.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DRAFTER = str(BIN / "drafter")


def wall(cmd: list[str], repeat: int = 3) -> float:
    """Median wall time of a command, in seconds (fresh process each time)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(name: str, measured: float, baseline: float, target: float, baseline_name: str) -> bool:
    ok = measured <= target
    print(
        f"{name:<34} {measured:7.3f} s   baseline {baseline_name} {baseline:6.3f} s   "
        f"ratio {measured / baseline:6.1f}x   target ≤ {target:g} s  {'OK' if ok else 'MISSED'}"
    )
    return ok


def writer_per_document(example: Path, rounds: int = 40) -> bool:
    """The fast .docx writer against the python-docx writer it replaced, same draft, one process."""
    sys.path.insert(0, str(ROOT))
    from drafter.draft import draft
    from drafter.facts import load_facts
    from drafter.render.reference import build_document, document_bytes
    from drafter.render.writer import docx_bytes

    markdown = draft("工作汇报", load_facts(example)).markdown
    assert docx_bytes(markdown) == document_bytes(build_document(markdown))  # same bytes, or no comparison

    def per_document(render: object) -> float:
        render()  # type: ignore[operator]  # warm: imports, skeleton
        start = time.perf_counter()
        for _ in range(rounds):
            render()  # type: ignore[operator]
        return (time.perf_counter() - start) / rounds

    fast = per_document(lambda: docx_bytes(markdown))
    reference = per_document(lambda: document_bytes(build_document(markdown)))
    print(
        f"{'.docx writer, per document':<34} {fast * 1000:7.2f} ms  python-docx writer {reference * 1000:6.2f} ms"
        f"   ratio {reference / fast:6.1f}x faster   (same bytes)"
    )
    return True


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="drafter-bench-"))
    results = []
    try:
        python_start = wall([sys.executable, "-c", "pass"])
        read_seeds = wall(
            [sys.executable, "-c",
             "import pathlib;[p.read_bytes().decode('utf-8','replace') for p in pathlib.Path('seeds').iterdir()]"]
        )
        results.append(report("drafter --help", wall([DRAFTER, "--help"]), python_start, 0.3, "python -c pass"))
        results.append(
            report("drafter corpus build seeds",
                   wall([DRAFTER, "corpus", "build", "seeds", "-o", str(tmp / "corpus"), "--no-mine"], repeat=1),
                   read_seeds, 10.0, "read seeds")
        )
        results.append(
            report("drafter mine corpus", wall([DRAFTER, "mine", str(tmp / "corpus")], repeat=1),
                   read_seeds, 20.0, "read seeds")
        )
        example = ROOT / "templates" / "工作汇报" / "example.yaml"
        if example.exists():
            out = tmp / "汇报.docx"
            # Issue 9: a single `drafter new` → .docx, whole process, ≤ 0.25 s.
            results.append(
                report("drafter new → .docx",
                       wall([DRAFTER, "new", "--type", "工作汇报", "--facts", str(example),
                             "-o", str(out), "--force"], repeat=5),
                       python_start, 0.25, "python -c pass")
            )
            results.append(writer_per_document(example))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
