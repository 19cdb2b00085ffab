"""In-request time of a 秒批 submission, in process (no HTTP, no outside source): what the applicant
waits for between pressing 提交 and seeing the decided case, minus the network and the registers.

Each submission: form validation, the case and its timeline, the 秒批 work queued in the same
transaction (the outbox), then the decision in the same call (CEL rules, the decision with its
snapshot, an SM2-signed 审批结果通知书 into the wallet). The rule set reads no outside source, so
the figure is the platform's own share. Runs against DATABASE_URL (scripts/bench.sh: PostgreSQL
with the demo data). Environment: BENCH_SUBMISSIONS (default 200), BENCH_WARMUP (default 20).
"""

from __future__ import annotations

import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from onestop.accounts.models import Person  # noqa: E402
from onestop.cases import services  # noqa: E402
from onestop.cases.models import Status  # noqa: E402
from onestop.catalog.models import Department, ItemStatus, ServiceItem  # noqa: E402
from onestop.rules import services as rules  # noqa: E402

SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", 200))
WARMUP = int(os.environ.get("BENCH_WARMUP", 20))
RULES = {
    "item": "基准测试补贴", "title": "基准测试秒批规则", "sources": [],
    "params": [{"name": "min_age", "label": "起始年龄", "unit": "周岁", "value": 18, "effective_from": "2020-01-01"}],
    "facts": [{"name": "age", "label": "年龄", "unit": "周岁", "expr": "age_on(applicant.birth_date, today)"}],
    "checks": [{"id": "age", "indicator": "年龄", "expr": "age >= min_age", "pass_text": "年龄 {age} 周岁，满足条件",
                "fail_text": "年龄 {age} 周岁，未满 {min_age} 周岁", "on_fail": "reject"}],
    "result": {"kind": "notice", "title": "基准测试核准通知书", "text": "经审核，您符合条件，准予办理。"},
}


def bench_item() -> ServiceItem:
    item = ServiceItem.objects.create(
        code=f"BENCH{secrets.token_hex(4)}", name="基准测试补贴", department=Department.objects.get(code="D008"),
        item_type="行政给付", for_person=True, handling="online", statutory_days=5, promised_days=1,
        status=ItemStatus.PUBLISHED, instant_approval=True)
    rules.publish_rule_set(rules.create_draft(item, RULES))
    return item


def submit(item, person) -> tuple[float, int, str]:
    sub = services.Submission(item=item, applicant=services.applicant_for(person.user),
                              idempotency_key=secrets.token_urlsafe(12),
                              form={"contact_name": person.name, "contact_phone": "13800138000", "description": "申请"})
    reset_queries()  # the capture below counts within Django's bounded query log
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        case = services.submit_application(sub)
        elapsed = time.perf_counter() - started
    return elapsed, len(queries), case.status


def main() -> None:
    item = bench_item()
    people = list(Person.objects.filter(user__isnull=False).select_related("user").order_by("pk")[:50])
    for i in range(WARMUP):
        submit(item, people[i % len(people)])
    times, counts, statuses = [], [], []
    for i in range(SUBMISSIONS):
        elapsed, count, status = submit(item, people[i % len(people)])
        times.append(elapsed * 1000)
        counts.append(count)
        statuses.append(status)
    times.sort()
    decided = sum(1 for s in statuses if s == Status.COMPLETED)
    print(f"database: {connection.vendor}; {SUBMISSIONS} submissions after {WARMUP} warm-up; "
          f"decided in the request (已办结): {decided}")
    print(f"in-request ms: p50 {statistics.median(times):.1f}  p95 {times[int(len(times) * 0.95) - 1]:.1f}  "
          f"p99 {times[int(len(times) * 0.99) - 1]:.1f}  mean {statistics.fmean(times):.1f}")
    print(f"queries per submission: {statistics.median(counts):.0f}")


if __name__ == "__main__":
    main()
