"""Benchmark for `drafter batch` (issue 9), against baselines measured in the same run.

    .venv/bin/pip install -e '.[bench]'      # docxtpl: the baseline only, not a runtime dependency
    .venv/bin/python bench/batch.py          # or: make bench-batch
    .venv/bin/python bench/batch.py --rows 200 --big 2000 --big-format md   # a quicker look

Prints:
1. `drafter batch --jobs 2` on ROWS rows to .docx, against rendering the same ROWS drafts
   one by one with docxtpl in a loop in one process (target: batch >= 5x faster). The
   docxtpl template is built from drafter's own .docx (same styles, page set-up and
   footers) with one paragraph of each kind holding Jinja tags, and its context is the
   blocks of drafter's draft for the row: docxtpl typesets exactly the same text.
2. Per document, against a loop of `drafter new` processes (a sample of them; target >= 3x).
3. Peak memory of the batch (PSS of the parent plus its workers, sampled) at ROWS and BIG rows,
   which should stay flat as rows grow.
"""

from __future__ import annotations

import argparse
import copy
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DRAFTER = str(BIN / "drafter")
TYPE = "工作汇报"
EXAMPLE = ROOT / "templates" / TYPE / "example.yaml"


# ---------------------------------------------------------------- data


def row_facts(i: int, example: dict[str, Any]) -> dict[str, Any]:
    """The worked example with its own unit and numbers, so every row is a different draft."""
    facts = copy.deepcopy(example)
    facts["单位"] = f"某某县第{i + 1}乡镇人民政府"
    facts["基本情况"] = f"全年共引进项目{i % 40 + 3}个，协议总投资{i % 90 + 10}.6亿元，同比增长{i % 30 + 1}%。"
    return facts


def write_sheet(path: Path, rows: int, example: dict[str, Any]) -> None:
    """The rows as an .xlsx with the columns `drafter facts --xlsx` writes (streamed out)."""
    from openpyxl import Workbook

    from drafter.batch.sheet import sheet_columns
    from drafter.templates import load_schema, resolve_type

    schema = load_schema(resolve_type(TYPE))
    headers = [c.header for c in sheet_columns(schema, example)]
    book = Workbook(write_only=True)
    ws = book.create_sheet(TYPE)
    ws.append(headers)
    for i in range(rows):
        ws.append([c.example for c in sheet_columns(schema, row_facts(i, example))])
    book.save(path)


# ---------------------------------------------------------------- measuring


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return out


def _rss_mb(pid: int) -> float:
    """The process's proportional set size: pages shared with the parent after fork (the
    loaded corpus, the modules) are counted once across the tree, not once per worker."""
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
                if line.startswith(key):
                    return int(line.split()[1]) / 1024
        except OSError:
            continue
    return 0.0


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_sampled(cmd: list[str]) -> tuple[float, float]:
    """Wall time and peak memory (MB, PSS) of a command and all its worker processes together."""
    peak = 0.0
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_rss_mb(p) for p in _tree(proc.pid)))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode()[-2000:]}")
    return wall, peak


def batch_cmd(sheet: Path, out: Path, jobs: int, fmt: str = "docx") -> list[str]:
    return [DRAFTER, "batch", "--type", TYPE, "--data", str(sheet), "--out-dir", str(out),
            "--name", "{行号}", "--jobs", str(jobs), "--format", fmt, "--force"]


# ---------------------------------------------------------------- docxtpl baseline


def docxtpl_template(path: Path, sample_docx: Path) -> None:
    """A docxtpl template equivalent to drafter's 工作汇报: drafter's own .docx with one
    paragraph of each kind (title, addressee, 一级/二级 heading, body, signature, date)
    kept as the pattern for a Jinja loop over the draft's blocks."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(sample_docx))
    paragraphs = document.paragraphs
    by_style: dict[str, Any] = {}
    for p in paragraphs:
        by_style.setdefault(p.style.name, p._p)
    title, addressee, body = paragraphs[0]._p, paragraphs[1]._p, paragraphs[2]._p
    signature, date = paragraphs[-2]._p, paragraphs[-1]._p

    def like(proto: Any, text: str) -> Any:
        element = copy.deepcopy(proto)
        runs = element.findall(qn("w:r"))
        for run in runs[1:]:
            element.remove(run)
        texts = runs[0].findall(qn("w:t"))
        for t in texts[1:]:
            runs[0].remove(t)
        texts[0].text = text
        return element

    plan = [
        like(title, "{{ title }}"),
        like(addressee, "{{ addressee }}"),
        like(body, "{%p for b in blocks %}"),
        like(body, "{%p if b.kind == 'h1' %}"),
        like(by_style["Heading 1"], "{{ b.text }}"),
        like(body, "{%p elif b.kind == 'h2' %}"),
        like(by_style["Heading 2"], "{{ b.text }}"),
        like(body, "{%p else %}"),
        like(body, "{{ b.text }}"),
        like(body, "{%p endif %}"),
        like(body, "{%p endfor %}"),
        like(signature, "{{ signature }}"),
        like(date, "{{ date }}"),
    ]
    body_element = document.element.body
    for p in paragraphs:
        body_element.remove(p._p)
    section = body_element.find(qn("w:sectPr"))
    for element in plan:
        section.addprevious(element)
    document.save(str(path))


def docxtpl_context(markdown: str) -> dict[str, Any]:
    from drafter.render.mdparse import Addressee, Date, Heading, Signature, Title, block_text, parse_markdown

    context: dict[str, Any] = {"blocks": []}
    for block in parse_markdown(markdown):
        if isinstance(block, Title):
            context["title"] = block.text
        elif isinstance(block, Addressee):
            context["addressee"] = block.text
        elif isinstance(block, Signature):
            context["signature"] = block.text
        elif isinstance(block, Date):
            context["date"] = block.text
        else:
            kind = f"h{block.level}" if isinstance(block, Heading) else "p"
            context["blocks"].append({"kind": kind, "text": block_text(block)})
    return context


def docxtpl_loop(template: Path, contexts: list[dict[str, Any]], out: Path) -> float:
    from docxtpl import DocxTemplate

    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    tpl = DocxTemplate(str(template))
    for i, context in enumerate(contexts):
        tpl.render(context)  # docxtpl reloads the template itself before each new render
        tpl.save(str(out / f"{i}.docx"))
    return time.perf_counter() - start


# ---------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--big", type=int, default=10000, help="rows for the second memory reading")
    parser.add_argument("--big-format", choices=("docx", "md"), default="docx")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--new-sample", type=int, default=20, help="drafter new processes to time")
    args = parser.parse_args()
    try:
        import docxtpl  # noqa: F401
    except ImportError:
        sys.exit("docxtpl is the baseline: .venv/bin/pip install -e '.[bench]'")
    import yaml

    from drafter.draft import draft
    from drafter.facts import load_facts

    example = load_facts(EXAMPLE)
    tmp = Path(tempfile.mkdtemp(prefix="drafter-bench-batch-"))
    try:
        sheet = tmp / "rows.xlsx"
        write_sheet(sheet, args.rows, example)
        print(f"{args.rows} rows of {TYPE}, --jobs {args.jobs}, {os.cpu_count()} cores")

        # 1. drafter batch against docxtpl on the same drafts.
        cpu0 = children_cpu()
        batch_wall, batch_rss = run_sampled(batch_cmd(sheet, tmp / "batch", args.jobs))
        batch_cpu = children_cpu() - cpu0
        made = sorted((tmp / "batch").glob("*.docx"))
        assert len(made) == args.rows, f"batch wrote {len(made)} files"
        md_wall, _ = run_sampled(batch_cmd(sheet, tmp / "batch-md", args.jobs, "md"))
        contexts = [docxtpl_context(draft(TYPE, row_facts(i, example)).markdown) for i in range(args.rows)]
        template = tmp / "template.docx"
        docxtpl_template(template, made[0])
        cpu0 = time.process_time()
        tpl_wall = docxtpl_loop(template, contexts, tmp / "docxtpl")
        tpl_cpu = time.process_time() - cpu0
        print(f"drafter batch → .docx        {batch_wall:7.2f} s  ({batch_wall / args.rows * 1000:5.1f} ms a document)")
        print(f"  of which drafting (→ .md)  {md_wall:7.2f} s  ({md_wall / args.rows * 1000:5.1f} ms a document)")
        print(f"docxtpl loop, one process    {tpl_wall:7.2f} s  ({tpl_wall / args.rows * 1000:5.1f} ms a document)")
        ratio = tpl_wall / batch_wall
        print(f"batch vs docxtpl             {ratio:7.2f}x faster   target ≥ 5x  {'OK' if ratio >= 5 else 'MISSED'}")
        # On a shared machine wall time depends on what else runs; CPU time much less.
        print(f"CPU a document: batch {batch_cpu / args.rows * 1000:5.1f} ms (all processes), "
              f"docxtpl {tpl_cpu / args.rows * 1000:5.1f} ms; load average now {os.getloadavg()[0]:.1f}")

        # 2. Per document against a loop of `drafter new` processes.
        times = []
        for i in range(args.new_sample):
            facts = tmp / f"facts{i}.yaml"
            facts.write_text(yaml.safe_dump(row_facts(i, example), allow_unicode=True), encoding="utf-8")
            start = time.perf_counter()
            subprocess.run([DRAFTER, "new", "--type", TYPE, "--facts", str(facts), "-o", str(tmp / f"new{i}.docx")],
                           cwd=ROOT, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        per_new = statistics.mean(times)
        per_batch = batch_wall / args.rows
        print(f"drafter new, one process each {per_new * 1000:6.0f} ms a document (mean of {args.new_sample})")
        ratio = per_new / per_batch
        print(f"batch vs drafter new loop    {ratio:7.2f}x faster   target ≥ 3x  {'OK' if ratio >= 3 else 'MISSED'}")

        # 3. Memory as rows grow.
        big_sheet = tmp / "big.xlsx"
        write_sheet(big_sheet, args.big, example)
        shutil.rmtree(tmp / "batch-md", ignore_errors=True)
        big_wall, big_rss = run_sampled(batch_cmd(big_sheet, tmp / "big", args.jobs, args.big_format))
        print(f"peak PSS (parent + workers)  {args.rows:>6} rows → .docx: {batch_rss:6.0f} MB")
        print(f"peak PSS (parent + workers)  {args.big:>6} rows → .{args.big_format}: {big_rss:6.0f} MB"
              f"   ({big_wall:.0f} s)   growth {big_rss / batch_rss:4.2f}x for {args.big / args.rows:.0f}x rows")
        largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"largest single process RSS   {largest:6.0f} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
