"""Complaint routing (咨询投诉分类): time to build the router (jieba dictionary, BM25 index, passage
embeddings from the disk cache) and the latency of one suggestion, keyword evidence alone and fused
with the e5 embedding of the query, over the first N messages of the test split (default 40).

    .venv/bin/python bench/complaint_routing.py [N]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from onestop.complaints.routing import Router, read_jsonl  # noqa: E402

TEST = Path(__file__).resolve().parents[1] / "onestop" / "complaints" / "eval" / "test.jsonl"


def measure(router: Router, messages: list[dict]) -> list[float]:
    times = []
    for m in messages:
        started = time.perf_counter()
        router.suggest(m["title"], m["text"])
        times.append((time.perf_counter() - started) * 1000)
    return times


def report(name: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    print(f"{name}: n={len(times)} p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    messages = read_jsonl(TEST)[:n]
    started = time.perf_counter()
    fused = Router()
    print(f"router build (fused, embeddings from cache or computed): {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    lexical = Router(embed=False)
    print(f"router build (keywords only): {time.perf_counter() - started:.1f} s")
    fused.suggest("预热", "预热一次，加载模型")
    report("keywords only (BM25)", measure(lexical, messages))
    report("fused (BM25 + e5 query embedding)", measure(fused, messages))


if __name__ == "__main__":
    main()
