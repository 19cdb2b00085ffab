"""Applications for the same benefit by the same person sent at the same moment: real threads, each
with its own database connection, on committed data (the helpers of test_processes.py), on
PostgreSQL and on SQLite. Exactly one is approved; every other one is rejected naming another case."""

from __future__ import annotations

import secrets
import threading

import pytest
from django.db import connection

from onestop.cases import services
from onestop.cases.models import Case, Status
from onestop.catalog.models import Department, ItemStatus, ServiceItem
from onestop.notifications.models import Notice
from onestop.rules import services as rules

from .test_duplicates import ONCE_RULES
from .test_instant import _person
from .test_processes import _remove_item, _submission, committed

pytestmark = pytest.mark.django_db
APPLICATIONS = 4
# No outside source: the decisions are not spaced out by the register's answers or the audit log's
# lock, so the four transactions that decide overlap as much as they can.
PROFILE_ONCE_RULES = {
    **ONCE_RULES, "sources": [],
    "facts": [{"name": "age", "label": "年龄", "unit": "周岁", "expr": "age_on(applicant.birth_date, today)"}]
    + ONCE_RULES["facts"][2:],
    "checks": [c for c in ONCE_RULES["checks"] if c["id"] != "hukou"],
}


def _create_item():
    item = ServiceItem.objects.create(
        code=f"TESTC{secrets.token_hex(4)}", name="测试高龄津贴（并发）", department=Department.objects.get(code="D008"),
        item_type="行政给付", for_person=True, handling="online", statutory_days=5, promised_days=1,
        status=ItemStatus.PUBLISHED, instant_approval=True,
    )
    rules.publish_rule_set(rules.create_draft(item, PROFILE_ONCE_RULES))
    return item


def _remove(item):
    cases = list(Case.objects.filter(item=item).values_list("pk", "number"))
    for _, number in cases:
        Notice.objects.filter(body__contains=number).delete()
    _remove_item(item)


@pytest.fixture
def once_item():
    item = committed(_create_item)
    yield item
    committed(_remove, item)


def test_concurrent_applications_for_one_benefit_give_exactly_one_approval(once_item):
    person = committed(_person, older_than=80)
    barrier = threading.Barrier(APPLICATIONS)
    errors = []

    def send(i: int):
        try:
            barrier.wait()
            services.submit_application(_submission(once_item, person, f"concurrent-{i}-{secrets.token_hex(6)}"))
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(APPLICATIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = committed(lambda: [(c.number, c.status, c.instant_pending, c.decision.reasons if c.decision else None)
                              for c in Case.objects.filter(item=once_item).select_related("decision")])
    assert len(rows) == APPLICATIONS
    assert [pending for _, _, pending, _ in rows] == [False] * APPLICATIONS, rows  # every one decided now
    approved = [number for number, status, _, _ in rows if status == Status.COMPLETED]
    assert len(approved) == 1, rows
    numbers = {number for number, _, _, _ in rows}
    for number, status, _, reasons in rows:
        if status != Status.COMPLETED:
            assert status == Status.NOT_APPROVED, (number, reasons)
            named = {n for n in numbers - {number} if any(n in r for r in reasons)}
            assert named, (number, reasons)  # the trace names the earlier case it lost to
