"""Benchmark of `drafter serve`: latency of POST /api/draft and a bounded load test.

Run with `.venv/bin/python bench/web.py` (or `make bench-web`). It starts
`drafter serve --port 0` as a child process on 127.0.0.1 only, then:

1. latency: 200 POST /api/draft (.md) after 20 warm-up requests, one client;
   p50 and p99 against the issue's targets (≤ 50 ms, ≤ 200 ms), and the same
   draft called in-process (the library alone) as the baseline of this run;
2. load: 20 concurrent clients for 30 s, each with its own keep-alive connection;
   requests, errors and the server's resident memory sampled every 2 s, so a leak
   shows as a rising RSS line.

It stops by itself (fixed duration, per-request timeout) and stops the server.
Nothing here is asserted in the test suite.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


def start_server() -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen(
        [str(BIN / "drafter"), "serve", "--port", "0", "--host", HOST],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if "http://" not in line:
        proc.kill()
        raise SystemExit(f"服务器未能启动：{line}{proc.stderr.read() if proc.stderr else ''}")
    port = int(line.split("http://")[1].split("/")[0].rsplit(":", 1)[1])
    return proc, port


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def example_facts() -> dict:
    from drafter.templates import builtin_templates_dir
    from drafter.web.app import _jsonable
    from drafter.facts import load_facts

    return _jsonable(load_facts(builtin_templates_dir() / "工作汇报" / "example.yaml"))


def post(conn: http.client.HTTPConnection, body: bytes) -> int:
    conn.request("POST", "/api/draft", body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    response.read()
    return response.status


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def latency(port: int, facts: dict, n: int, warmup: int) -> list[float]:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    times = []
    for i in range(warmup + n):
        body = json.dumps({"type": "工作汇报", "facts": facts, "seed": i % 10, "format": "md"}).encode()
        start = time.perf_counter()
        status = post(conn, body)
        elapsed = time.perf_counter() - start
        if status != 200:
            raise SystemExit(f"POST /api/draft 返回 {status}")
        if i >= warmup:
            times.append(elapsed)
    conn.close()
    return times


def library_baseline(facts: dict, n: int) -> list[float]:
    from drafter.draft import draft

    for i in range(10):
        draft("工作汇报", facts, seed=i % 10)
    times = []
    for i in range(n):
        start = time.perf_counter()
        draft("工作汇报", facts, seed=i % 10)
        times.append(time.perf_counter() - start)
    return times


def load(port: int, pid: int, facts: dict, clients: int, seconds: float) -> None:
    stop = time.monotonic() + seconds
    counts = [0] * clients
    errors: list[str] = []
    latencies: list[list[float]] = [[] for _ in range(clients)]
    lock = threading.Lock()

    def client(k: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        i = 0
        while time.monotonic() < stop:
            body = json.dumps({"type": "工作汇报", "facts": facts, "seed": (k + i) % 10, "format": "md"}).encode()
            start = time.perf_counter()
            try:
                status = post(conn, body)
                if status != 200:
                    with lock:
                        errors.append(f"HTTP {status}")
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors.append(type(exc).__name__)
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=10)
            latencies[k].append(time.perf_counter() - start)
            counts[k] += 1
            i += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    samples: list[tuple[float, float | None, int]] = []
    began = time.monotonic()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        samples.append((time.monotonic() - began, rss_mb(pid), sum(counts)))
        time.sleep(2)
    for t in threads:
        t.join(timeout=15)
    samples.append((time.monotonic() - began, rss_mb(pid), sum(counts)))
    total = sum(counts)
    every = [x for per in latencies for x in per]
    print(f"\n负载：{clients} 个并发客户端，{seconds:g} 秒（仅 {HOST}）")
    print(f"  请求 {total} 次，{total / seconds:.1f} 次/秒，错误 {len(errors)} 次"
          + (f"（{', '.join(sorted(set(errors)))}）" if errors else ""))
    if every:
        print(f"  延迟 p50 {percentile(every, 0.5) * 1000:.1f} ms，p99 {percentile(every, 0.99) * 1000:.1f} ms")
    print("  服务器内存（RSS）随时间：")
    for at, rss, done in samples:
        shown = f"{rss:6.1f} MB" if rss is not None else "   n/a"
        print(f"    {at:5.1f} s  {shown}  已完成 {done}")
    known = [rss for _, rss, _ in samples if rss is not None]
    if len(known) >= 4:
        settled = known[len(known) // 4:]  # after the first quarter (caches filled)
        print(f"  稳定后 RSS：最低 {min(settled):.1f} MB，最高 {max(settled):.1f} MB，"
              f"增长 {settled[-1] - settled[0]:+.1f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    facts = example_facts()
    proc, port = start_server()
    try:
        times = latency(port, facts, args.requests, warmup=20)
        base = library_baseline(facts, args.requests)
        p50, p99 = percentile(times, 0.5), percentile(times, 0.99)
        b50, b99 = percentile(base, 0.5), percentile(base, 0.99)
        print(f"POST /api/draft (.md)，{args.requests} 次（预热 20 次后），单客户端：")
        print(f"  p50 {p50 * 1000:6.1f} ms  目标 ≤ 50 ms   {'达到' if p50 <= 0.05 else '未达到'}"
              f"   基线（进程内 draft()）p50 {b50 * 1000:.1f} ms，比值 {p50 / b50:.2f}x")
        print(f"  p99 {p99 * 1000:6.1f} ms  目标 ≤ 200 ms  {'达到' if p99 <= 0.2 else '未达到'}"
              f"   基线 p99 {b99 * 1000:.1f} ms，比值 {p99 / b99:.2f}x")
        print(f"  平均 {statistics.mean(times) * 1000:.1f} ms，最慢 {max(times) * 1000:.1f} ms")
        load(port, proc.pid, facts, args.clients, args.seconds)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
