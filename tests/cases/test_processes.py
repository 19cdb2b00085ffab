"""Crash and concurrency behaviour with real processes and connections (PostgreSQL only: SQLite
serialises writers across connections, so these situations cannot arise there).

These tests commit what they create (other connections and processes must see it): the writes run
in a helper thread on a connection of its own, outside the test's rolled-back transaction, and are
removed afterwards, so the shared demo data stays as it was. PostgreSQL's READ COMMITTED lets the
test's own connection see them."""

from __future__ import annotations

import os
import secrets
import signal
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from onestop.cases import services
from onestop.cases.models import Case, Status
from onestop.catalog.models import Department, ItemStatus, ServiceItem
from onestop.exchange import services as exchange
from onestop.rules import services as rules
from onestop.rules.models import Decision, RuleSet
from tests.subprocesses import committed, database_url, start_worker, wait_for

from .test_instant import ELDERLY_RULES, _person

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
                       reason="needs a database with concurrent writers (PostgreSQL)"),
    pytest.mark.django_db,
]


def _create_item():
    item = ServiceItem.objects.create(
        code=f"TESTP{secrets.token_hex(4)}", name="测试高龄津贴（进程）", department=Department.objects.get(code="D008"),
        item_type="行政给付", for_person=True, handling="online", statutory_days=5, promised_days=1,
        status=ItemStatus.PUBLISHED, instant_approval=True,
    )
    exchange.grant(item, "population", "高龄津贴资格核验")
    rules.publish_rule_set(rules.create_draft(item, ELDERLY_RULES))
    return item


def _remove_item(item):
    cases = list(Case.objects.filter(item=item))
    certificates = [c.result_certificate for c in cases if c.result_certificate_id]
    Case.objects.filter(item=item).delete()
    for certificate in certificates:
        certificate.delete()
    Decision.objects.filter(rule_set__item=item).delete()
    RuleSet.objects.filter(item=item).delete()
    item.delete()


@pytest.fixture
def committed_item(population, settings):
    """A published 秒批 item with a rule set over the population register, committed."""
    settings.ONESTOP_DATA_SOURCE_URLS = {"population": population.base_url, "household": population.base_url}
    settings.ONESTOP_SIMULATOR_TOKEN = population.token
    item = committed(_create_item)
    yield item
    committed(_remove_item, item)


def _submission(item, person, key):
    return services.Submission(item=item, applicant=services.applicant_for(person.user), idempotency_key=key,
                               form={"contact_name": person.name, "contact_phone": "13800138000", "description": "申请"})


def test_same_submission_sent_twice_at_once_gives_one_case(committed_item):
    person = _person(older_than=80)
    key = "concurrent-" + secrets.token_hex(6)
    results, errors = [], []
    barrier = threading.Barrier(2)

    def send():
        try:
            barrier.wait()
            results.append(services.submit_application(_submission(committed_item, person, key)).pk)
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(results) == 2 and len(set(results)) == 1
    assert Case.objects.filter(idempotency_key=key).count() == 1
    assert Decision.objects.filter(case_number=Case.objects.get(idempotency_key=key).number).count() == 1


def test_worker_killed_mid_decision_finishes_the_case_after_restart(committed_item, population, tmp_path):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from onestop.exchange.models import DataSource

    env = {**os.environ, "DATABASE_URL": database_url(), "ONESTOP_DEV": "1", "ONESTOP_POPULATION_URL": population.base_url,
           "SIM_TOKEN": population.token, "ONESTOP_TASK_LEASE_SECONDS": "1"}
    committed(lambda: DataSource.objects.filter(code="population").update(timeout_ms=20_000))
    try:
        person = _person(older_than=80)
        case = committed(services.submit_application, _submission(committed_item, person, "worker-" + secrets.token_hex(6)),
                         decide_now=False)
        assert case.instant_pending
        # The register answers slowly, so the worker is caught in the middle of deciding.
        population.post("/_sim/faults", {"delay_ms": 8000})
        with open(tmp_path / "worker1.log", "wb") as log:
            worker = start_worker("run_worker", env, log)
            try:
                wait_for(lambda: DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING,
                                                          args_kwargs__args=[case.pk]).exists(), 30, "the task to start")
                time.sleep(0.5)
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(10)
            finally:
                if worker.poll() is None:
                    os.killpg(worker.pid, signal.SIGKILL)
        case.refresh_from_db()
        assert case.instant_pending and case.status == Status.SUBMITTED  # nothing decided, nothing lost
        population.request("DELETE", "/_sim/faults")
        with open(tmp_path / "worker2.log", "wb") as log:
            worker = start_worker("run_worker", env, log)
            try:
                wait_for(lambda: not Case.objects.get(pk=case.pk).instant_pending, 60,
                      "the restarted worker to decide:\n" + (tmp_path / "worker2.log").read_text(errors="replace"))
            finally:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(10)
        case.refresh_from_db()
        assert case.status == Status.COMPLETED and case.result_certificate_id
        assert Decision.objects.filter(case_number=case.number).count() == 1
    finally:
        committed(lambda: DataSource.objects.filter(code="population").update(timeout_ms=2000))
        committed(lambda: DBTaskResult.objects.filter(task_path__endswith="process_case").delete())
