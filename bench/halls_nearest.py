"""Service-hall map: ``nearest_open_halls`` (the call the Q&A assistant makes for "where do I go")
and the map page rendered in-process, on the demo halls (14) and on 500 halls (a city's worth:
the demo halls plus generated ones spread over Doumen), with random points and items.

    ./scripts/bench.sh halls_nearest      (PostgreSQL, full demo catalogue)

Target: p95 ≤ 10 ms for nearest_open_halls with an item on 500 halls (a part of the assistant's
50 ms answer budget)."""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from onestop.catalog.models import Hall, ServiceItem  # noqa: E402
from onestop.halls import services  # noqa: E402

CALLS = int(os.environ.get("HALLS_BENCH_CALLS", "1000"))
TARGET_P95_MS = 10
random.seed(20261203)


def points(n: int) -> list[tuple[float, float]]:
    return [(random.uniform(22.15, 22.40), random.uniform(113.18, 113.36)) for _ in range(n)]


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def measure(label: str, call, count: int) -> None:
    for _ in range(20):
        call()  # warm-up: parsed hours and the calendar snapshot cached
    times = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    print(f"| {label} | {count} | {statistics.median(times):.2f} | {percentile(times, 95):.2f} | "
          f"{percentile(times, 99):.2f} |")


def scenario(hall_count: int) -> None:
    items = list(ServiceItem.objects.published().filter(halls__kind=Hall.Kind.TOWN_CENTRE).distinct()
                 .values_list("code", flat=True)[:200])
    spots = points(CALLS)
    position = iter(range(10**9))

    def nearest_with_item():
        i = next(position)
        lat, lon = spots[i % len(spots)]
        services.nearest_open_halls(item=items[i % len(items)], lat=lat, lon=lon, limit=3, open_only=False)

    def nearest_any():
        lat, lon = spots[next(position) % len(spots)]
        services.nearest_open_halls(lat=lat, lon=lon, limit=3, open_only=False)

    client = Client()

    def map_page():
        i = next(position)
        lat, lon = spots[i % len(spots)]
        response = client.get("/halls/", {"item": items[i % len(items)], "lat": f"{lat:.6f}", "lon": f"{lon:.6f}"},
                              HTTP_HOST="localhost")
        assert response.status_code == 200

    print(f"\n{hall_count} halls\n\n| call | calls | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|")
    measure("nearest_open_halls(item, point)", nearest_with_item, CALLS)
    measure("nearest_open_halls(point)", nearest_any, CALLS)
    measure("map page /halls/?item&lat&lon", map_page, max(100, CALLS // 5))


def add_generated_halls(total: int) -> None:
    """Generated town halls (copies of the demo town centres' hours and items) until ``total``."""
    town = Hall.objects.filter(kind=Hall.Kind.TOWN_CENTRE).first()
    item_ids = list(town.items.values_list("id", flat=True))
    departments = list(town.departments.all())
    through = ServiceItem.halls.through
    existing = Hall.objects.count()
    for n, (lat, lon) in enumerate(points(total - existing)):
        hall = Hall.objects.create(
            code=f"BENCH{n:05d}", name=f"便民服务站 {n}", kind=Hall.Kind.TOWN_CENTRE, level=Hall.Level.TOWN,
            division_code="440403107", address=f"珠海市斗门区井岸镇测试路 {n} 号", opening_hours=town.opening_hours,
            latitude=round(lat, 6), longitude=round(lon, 6), sort_order=1000 + n,
        )
        hall.departments.set(departments)
        through.objects.bulk_create([through(serviceitem_id=i, hall_id=hall.id) for i in item_ids])


def main() -> None:
    print(f"# halls_nearest — {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{connection.vendor}, {time.strftime('%Y-%m-%d')}")
    scenario(Hall.objects.count())
    with transaction.atomic():
        add_generated_halls(500)
        scenario(Hall.objects.count())
        transaction.set_rollback(True)  # leave the demo halls as they were
    print(f"\ntarget: p95 ≤ {TARGET_P95_MS} ms for nearest_open_halls(item, point) on 500 halls")


if __name__ == "__main__":
    main()
