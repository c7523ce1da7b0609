"""Outline, type and role figures on real documents the code was not developed on.

Run with `.venv/bin/python bench/heldout.py [FOLDER ...]` (default:
tests/data/heldout_real). Each folder holds texts with a hand-made label beside
each one (`NAME.json`: file, type, headings with level, number, text and, for
level-1 headings, role); see tests/data/heldout_real/SOURCES.md. It prints, per
document, what was missed and what was found wrongly, then the totals:

- outline precision / recall / F1 over (level, number, text) triples, every
  document the file yields counted (a file split in two is a found error);
- type accuracy of the file's main document (its longest);
- role accuracy of the level-1 headings, read in context from the labelled
  outline and type (`classify_outline`), and end to end: the roles the pipeline
  gives the level-1 headings it found itself, a missed heading counting wrong.

tests/test_heldout_real.py asserts the figures, so a regression fails the suite.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from drafter.corpus import analyse_file  # noqa: E402
from drafter.mine.roles import classify_outline  # noqa: E402
from drafter.model import Document, Heading  # noqa: E402

DEFAULT_FOLDER = ROOT / "tests" / "data" / "heldout_real"

Triple = tuple[int, str, str]


@dataclass
class DocResult:
    name: str
    expected_type: str
    found_type: str
    missed: list[Triple] = field(default_factory=list)
    extra: list[Triple] = field(default_factory=list)
    hits: int = 0
    roles: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # text, expected, found
    roles_end_to_end: list[tuple[str, str | None, str | None]] = field(default_factory=list)


@dataclass
class Figures:
    documents: list[DocResult]

    def _sum(self, attr: str) -> int:
        return sum(len(getattr(d, attr)) for d in self.documents)

    @property
    def precision(self) -> float:
        hits = sum(d.hits for d in self.documents)
        return hits / max(1, hits + self._sum("extra"))

    @property
    def recall(self) -> float:
        hits = sum(d.hits for d in self.documents)
        return hits / max(1, hits + self._sum("missed"))

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def type_accuracy(self) -> float:
        return sum(d.expected_type == d.found_type for d in self.documents) / max(1, len(self.documents))

    @staticmethod
    def _accuracy(pairs: list[tuple[str, str | None, str | None]]) -> float:
        return sum(e == f for _, e, f in pairs) / max(1, len(pairs))

    @property
    def role_accuracy(self) -> float:
        return self._accuracy([r for d in self.documents for r in d.roles])

    @property
    def role_accuracy_end_to_end(self) -> float:
        return self._accuracy([r for d in self.documents for r in d.roles_end_to_end])


def _main_document(documents: list[Document]) -> Document:
    return max(documents, key=lambda d: len(d.piece.lines))


def measure_document(label_path: Path) -> DocResult:
    label = json.loads(label_path.read_text(encoding="utf-8"))
    documents = analyse_file(label_path.parent / label["file"])
    main = _main_document(documents)
    heads = label["headings"]
    expected = [(h["level"], h["number"], h["text"]) for h in heads]
    found = [(h.level, h.number, h.text) for d in documents for h in d.headings]
    result = DocResult(label_path.stem, label["type"], main.classification.type)
    result.missed = [t for t in expected if t not in found]
    result.extra = [t for t in found if t not in expected]
    result.hits = len(expected) - len(result.missed)
    # Roles in context, from the labelled outline and type.
    outline = [Heading(h["level"], h["number"], h["text"], i, "") for i, h in enumerate(heads)]
    for h, (role, _) in zip(heads, classify_outline(outline, doc_type=label["type"])):
        if h["level"] == 1:
            result.roles.append((h["text"], h["role"], role))
    # End to end: the pipeline's own outline and type.
    found_roles = {
        (h.level, h.number, h.text): role
        for h, (role, _) in zip(main.headings, classify_outline(main.headings, doc_type=main.classification.type))
    }
    for h in heads:
        if h["level"] == 1:
            key = (1, h["number"], h["text"])
            result.roles_end_to_end.append((h["text"], h["role"], found_roles.get(key, "(未找到)")))
    return result


def measure(folder: Path = DEFAULT_FOLDER) -> Figures:
    return Figures([measure_document(p) for p in sorted(Path(folder).glob("*.json"))])


def _show(t: Triple) -> str:
    return f"L{t[0]} {t[1]}{t[2][:30]}"


def report(figures: Figures) -> str:
    rows = []
    for d in figures.documents:
        problems = []
        if d.found_type != d.expected_type:
            problems.append(f"类型 {d.expected_type} → {d.found_type}")
        problems += [f"漏 {_show(t)}" for t in d.missed]
        problems += [f"多 {_show(t)}" for t in d.extra]
        problems += [f"角色 {t[:16]}: {e} → {f}" for t, e, f in d.roles if e != f]
        if problems:
            rows.append(f"{d.name}\n    " + "\n    ".join(problems))
    rows.append(
        f"documents {len(figures.documents)}\n"
        f"outline precision {figures.precision:.3f} recall {figures.recall:.3f} F1 {figures.f1:.3f}\n"
        f"type accuracy {figures.type_accuracy:.3f}\n"
        f"level-1 role accuracy {figures.role_accuracy:.3f} "
        f"(end to end {figures.role_accuracy_end_to_end:.3f})"
    )
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [DEFAULT_FOLDER]
    for folder in folders:
        print(f"== {folder}")
        print(report(measure(folder)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
