"""Time and memory of the worst input of each kind (issue 10: under 2 s and 200 MB each).

Every input runs `drafter` in a fresh process; the figures are that process's wall
time, CPU time and peak memory (ru_maxrss), next to the same figures for drafting
the bundled example, measured in the same run (the baseline). CPU time is the
figure to judge on a busy machine: wall time includes waiting for the cores.

    .venv/bin/python bench/hostile.py
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DRAFTER = [sys.executable, "-m", "drafter"]
EXAMPLE = yaml.safe_load((ROOT / "templates" / "工作汇报" / "example.yaml").read_text(encoding="utf-8"))
TIME_CAP, MEMORY_CAP_MB = 2.0, 200


def facts(**changes: object) -> str:
    data = json.loads(json.dumps(EXAMPLE, default=str))
    data.update(changes)
    return json.dumps(data, ensure_ascii=False)


def alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        lines.append(f"{'abcdefghi'[i]}: &{'abcdefghi'[i]} [" + ",".join(f"*{'abcdefghi'[i - 1]}" for _ in range(9)) + "]")
    return "\n".join(lines) + "\n"


def zip_bomb() -> bytes:
    sys.path.insert(0, str(ROOT))
    from drafter.render import docx_bytes

    out = io.BytesIO()
    good = docx_bytes("# 关于测试的汇报\n\n正文。\n")
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, body)
                continue
            head, tail = body.split(b"</w:body>")
            # Streamed, so the bench itself never holds the 900 MB.
            with dst.open(info.filename, "w", force_zip64=True) as part:
                part.write(head + b"<!--")
                chunk = b" " * (1024 * 1024)
                for _ in range(900):
                    part.write(chunk)
                part.write(b"--></w:body>" + tail)
    return out.getvalue()


def cases(folder: Path) -> list[tuple[str, list[str], dict[str, bytes | str]]]:
    new = ["new", "-t", "工作汇报", "-o", "out.docx", "--force", "-f"]
    return [
        ("baseline: the bundled example -> .docx", new + ["f.json"], {"f.json": facts()}),
        ("YAML alias bomb (306 bytes)", new + ["f.yaml"], {"f.yaml": alias_bomb()}),
        ("YAML nested 5,000 deep", new + ["f.yaml"], {"f.yaml": "单位: " + "[" * 5000 + "]" * 5000 + "\n"}),
        ("JSON nested 100,000 deep", new + ["f.json"], {"f.json": '{"a": ' + "[" * 100000 + "]" * 100000 + "}"}),
        ("--facts /dev/zero", new + ["/dev/zero"], {}),
        ("50 MB fact", new + ["f.yaml"], {"f.yaml": "单位: " + "x" * 50_000_000 + "\n"}),
        ("facts at the cap: 1,000 paragraphs -> .docx", new + ["f.json"],
         {"f.json": facts(存在问题=["存在的问题之一，需要认真加以解决。" * 3] * 980)}),
        ("facts over the cap: 5,000 items (refused)", new + ["f.json"], {"f.json": facts(存在问题=["问题"] * 5000)}),
        ("one 240 KB fact -> .docx", new + ["f.json"], {"f.json": facts(基本情况="很长的段落" * 16_000)}),
        ("20,000-character title -> .docx", new + ["f.json"], {"f.json": facts(标题="关于推进" * 5000)}),
        ("every Markdown construct in every field -> .docx", new + ["f.json"],
         {"f.json": facts(概述="\n".join(["# a", "1. b", "- c", "```", "<!--", "[x]: http://a", "2*3*4", "**b**"] * 120))}),
        ("render: 256 KB of `![a`", ["render", "in.md", "-o", "o.docx", "--force"], {"in.md": "# T\n\n" + "![a" * 85_000}),
        ("render: 256 KB of `[`", ["render", "in.md", "-o", "o.docx", "--force"], {"in.md": "# T\n\n" + "[" * 260_000}),
        ("render: 256 KB of `*a`", ["render", "in.md", "-o", "o.docx", "--force"], {"in.md": "# T\n\n" + "*a" * 130_000}),
        ("render: 3,000 lines (1,500 paragraphs)", ["render", "in.md", "-o", "o.docx", "--force"], {"in.md": "# T\n\n" + "段落。\n\n" * 1_495}),
        ("render: 3,000 lines of list items", ["render", "in.md", "-o", "o.docx", "--force"], {"in.md": "# T\n\n" + "- 项目\n" * 2_995}),
        ("render: 5,000 nested quotes", ["render", "in.md", "-o", "o.docx", "--force"], {"in.md": "# T\n\n" + "> " * 5000 + "x\n"}),
        ("render: one 250 KB paragraph", ["render", "in.md", "-o", "o.docx", "--force"], {"in.md": "# T\n\n" + "很长的段落" * 17_000 + "\n"}),
        ("render: 5 MB paragraph (refused)", ["render", "in.md", "-o", "o.docx", "--force"], {"in.md": "# T\n\n" + "很" * 1_700_000 + "\n"}),
        ("check: document.xml inflating to 900 MB", ["check", "bomb.docx"], {"bomb.docx": zip_bomb()}),
    ]


def measure(args: list[str], cwd: Path) -> tuple[int, float, float, float]:
    """Exit code, wall s, CPU s and peak MB of one run. /usr/bin/time execs the run
    fresh, so its peak is not inflated by this script's own memory (a fork would be)."""
    report = cwd / "time.txt"
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-o", str(report), "-f", "%U %S %M", *DRAFTER, *args], cwd=cwd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - start
    user, system, peak_kb = report.read_text().split()[-3:]
    report.unlink()
    return proc.returncode, wall, float(user) + float(system), int(peak_kb) / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = []
        for name, args, files in cases(folder):
            for rel, content in files.items():
                path = folder / rel
                if isinstance(content, bytes):
                    path.write_bytes(content)
                else:
                    path.write_text(content, encoding="utf-8")
            rows.append((name, *measure(args, folder)))
            for rel in files:
                (folder / rel).unlink()
    base_cpu, base_mem = rows[0][3], rows[0][4]
    print(f"{'input':52} exit   wall s   cpu s  x base   peak MB  x base  within {TIME_CAP:g} s / {MEMORY_CAP_MB} MB")
    worst_ok = True
    for name, code, wall, cpu, mem in rows:
        ok = cpu <= TIME_CAP and mem <= MEMORY_CAP_MB and code != 3
        worst_ok &= ok
        print(f"{name:52} {code:4} {wall:8.2f} {cpu:7.2f} {cpu / base_cpu:7.1f} {mem:9.0f} {mem / base_mem:7.1f}  {'yes' if ok else 'NO'}")
    print(f"all within the caps (CPU time): {'yes' if worst_ok else 'no'}")


if __name__ == "__main__":
    main()
