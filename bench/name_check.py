"""Company name self-declaration: a full name check (parse, the rules on the name alone, the
register lookup through the key columns, Art. 17 and the warnings) against registers of 100,000
and 1,000,000 names on PostgreSQL (5,000,000 with NAME_BENCH_5M=1), against the target p99 ≤ 20 ms.

    ./scripts/bench.sh name_check
"""

from __future__ import annotations

import os
import platform
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from onestop.business.models import RegisteredName  # noqa: E402
from onestop.business.names.generate import generate  # noqa: E402
from onestop.business.register_load import load_register  # noqa: E402
from onestop.business.services import check_name  # noqa: E402

TARGET_P99_MS = 20
CHECKS = int(os.environ.get("NAME_BENCH_CHECKS", "2000"))
SIZES = [100_000, 1_000_000] + ([5_000_000] if os.environ.get("NAME_BENCH_5M") else [])


def rss_mib() -> float:
    """Peak resident memory of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def proposals(count: int) -> list[str]:
    """Half names taken from the register (identical: blocked), half new names (most allowed,
    some homophones or lookalikes of registered ones)."""
    taken = list(RegisteredName.objects.order_by("?").values_list("name", flat=True)[: count // 2])
    fresh = [row[0] for row in generate(count - len(taken), seed=99)]
    mixed = taken + fresh
    random.Random(5).shuffle(mixed)
    return mixed


def measure(size: int) -> None:
    started = time.perf_counter()
    load_register(size, replace=True)
    loaded = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size('business_registeredname')")
        table_mib = cursor.fetchone()[0] / 2**20
    names = proposals(CHECKS)
    for name in names[:50]:  # warm the caches (jieba's dictionary, PostgreSQL's buffers)
        check_name(name)
    times, verdicts = [], {}
    for name in names:
        t = time.perf_counter()
        verdict = check_name(name).verdict
        times.append((time.perf_counter() - t) * 1000)
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
    times.sort()
    p50, p99 = statistics.median(times), times[int(len(times) * 0.99) - 1]
    print(f"register {size:>9,}: loaded in {loaded:6.1f} s, table+indexes {table_mib:7.0f} MiB; "
          f"{len(times)} checks p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {times[-1]:.1f} ms "
          f"({'met' if p99 <= TARGET_P99_MS else 'MISSED'} p99 ≤ {TARGET_P99_MS} ms); "
          f"verdicts {verdicts}; process RSS now {current_rss_mib():.0f} MiB, peak {rss_mib():.0f} MiB")


def main() -> None:
    print(f"name check benchmark — {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, database {connection.vendor}")
    print(f"process RSS after Django setup {current_rss_mib():.0f} MiB")
    check_name("珠海市斗门区新禾科技有限公司")
    print(f"process RSS after the first check (jieba's dictionary loaded) {current_rss_mib():.0f} MiB")
    for size in SIZES:
        measure(size)


if __name__ == "__main__":
    main()
