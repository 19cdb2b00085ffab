"""HTTP benchmark of the public catalogue: item pages and search pages.

Runs against the database in DATABASE_URL (scripts/bench.sh starts PostgreSQL and loads the full
1,135-item demo catalogue), serves the app with granian (as `make run` does) with 1 and then 4
worker processes, and drives it with wrk at 50 concurrent connections on loopback.
Prints p50 / p95 / p99 latency and requests per second, and the 4-worker / 1-worker ratio.

    make bench            # or: scripts/bench.sh catalog_http
"""

from __future__ import annotations

import json
import os
import platform
import random
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")
django.setup()

from onestop.catalog.models import ServiceItem  # noqa: E402

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 50))
DURATION = os.environ.get("BENCH_DURATION", "20s")
PORT = int(os.environ.get("BENCH_PORT", 8765))
SEARCH_TERMS = ["营业执照", "社保", "高龄津贴", "居住证", "食品经营", "失业保险", "户口迁移", "残疾人", "gaoling", "建筑施工许可",
                "出生医学证明", "个体工商户", "养老", "医保", "驾驶", "结婚", "教师资格", "道路运输", "林木采伐", "公司设立"]


def item_paths(n: int = 200) -> list[str]:
    codes = list(ServiceItem.objects.published().values_list("code", flat=True))
    random.Random(1).shuffle(codes)
    return [f"/items/{urllib.parse.quote(c)}/" for c in codes[:n]]


def search_paths() -> list[str]:
    return [f"/items/?q={urllib.parse.quote(t)}" for t in SEARCH_TERMS]


def start_server(workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(PORT),
         "--workers", str(workers), "--blocking-threads", "1", "--no-ws", "--log-level", "warning",
         "onestop.wsgi:application"],
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("server did not start")


def run_wrk(args: list[str], duration: str, script: str = "wrk_report.lua") -> dict:
    """Runs wrk with a script from bench/ (``args`` go to it after ``--``); its RESULT line as a dict."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}", "--timeout", "10s", "-s", str(ROOT / "bench" / script),
         f"http://127.0.0.1:{PORT}", "--", *args],
        capture_output=True, text=True, check=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    return json.loads(line[len("RESULT "):])


def main() -> None:
    # "health" (one SELECT 1, no template) is the floor that the framework and server set here.
    scenarios = {"item page": item_paths(), "search page": search_paths(), "health": ["/healthz"]}
    results: dict[tuple[str, int], dict] = {}
    for workers in (1, 4):
        server = start_server(workers)
        try:
            for name, paths in scenarios.items():
                # Warm up: connections, jieba, and each worker's cache of rendered guides.
                run_wrk(paths, os.environ.get("BENCH_WARMUP", "8s"))
                results[(name, workers)] = run_wrk(paths, DURATION)
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"database {django.db.connection.vendor}, {ServiceItem.objects.published().count()} published items, "
          f"wrk {CONNECTIONS} connections for {DURATION} on loopback (wrk shares the cores)")
    print(f"{'scenario':<12} {'workers':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for (name, workers), r in results.items():
        print(f"{name:<12} {workers:>7} {r['rps']:>8.0f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['p99_ms']:>8.1f} "
              f"{r['errors'] + r['non_2xx']:>7}")
    for name in ("item page", "search page"):
        ratio = results[(name, 4)]["rps"] / results[(name, 1)]["rps"]
        print(f"{name}: throughput 4 workers / 1 worker = {ratio:.2f}x; target p95 <= 30 ms: "
              f"{'met' if results[(name, 4)]['p95_ms'] <= 30 else 'missed'} (p95 {results[(name, 4)]['p95_ms']:.1f} ms with 4 workers)")


if __name__ == "__main__":
    main()
