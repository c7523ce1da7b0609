"""Drafting quality per facts file: the share of the draft the tool wrote, the conventional
positions left empty, composition defects `drafter check` finds, and distinct drafts over
seeds 1-5. Targets (issue 7): tool-written >= 12% of a report-type draft and >= 20% of a
speech-type draft, every position filled, 0 defects, >= 3 distinct drafts.

    python bench/drafting.py [FACTS.yaml ...]      # default: tests/data/realistic/*.yaml

A file's type is the part of its name before the first `_` (工作汇报_防汛.yaml).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.facts import load_facts  # noqa: E402
from drafter.measure import measure  # noqa: E402


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted((ROOT / "tests" / "data" / "realistic").glob("*.yaml"))
    failed = 0
    print(f"{'文件':<22}{'工具撰写':>10}{'目标':>6}  {'空缺位置':<16}{'缺陷':>4}{'不同稿':>6}")
    for path in files:
        type_name = path.stem.split("_")[0]
        figures = measure(path.stem, type_name, load_facts(path))
        ok = (
            figures.min_share >= figures.target and not figures.missing
            and not figures.defects and figures.distinct >= 3 and not figures.unplaced
        )
        failed += not ok
        shares = "/".join(f"{s:.0%}" for s in figures.shares)
        print(
            f"{path.stem:<22}{figures.min_share:>9.1%} {figures.target:>5.0%}  "
            f"{('、'.join(figures.missing) or '—'):<16}{len(figures.defects):>4}{figures.distinct:>6}"
            f"  {'OK' if ok else 'MISSED'}  ({shares})"
        )
        for defect in figures.defects:
            print(f"    {defect}")
        if figures.unplaced:
            print(f"    未写进草稿的事实：{'、'.join(figures.unplaced)}")
    print(f"{len(files) - failed}/{len(files)} 个文件达标")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
