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
        docx_baseline = wall(
            [sys.executable, "-c", f"import docx; docx.Document().save(r'{tmp / 'empty.docx'}')"]
        )
        example = ROOT / "templates" / "工作汇报" / "example.yaml"
        if example.exists():
            out = tmp / "汇报.docx"
            results.append(
                report("drafter new → .docx",
                       wall([DRAFTER, "new", "--type", "工作汇报", "--facts", str(example),
                             "-o", str(out), "--force"]),
                       docx_baseline, 1.0, "python-docx save")
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
