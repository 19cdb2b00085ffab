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

from onestop.cases import instant_step, services
from onestop.cases.models import Case, Status
from onestop.catalog.models import Department, ItemStatus, ServiceItem
from onestop.exchange import services as exchange
from onestop.processes.models import Process, StepRun, StepState
from onestop.processes.transitions import claim_steps
from onestop.processes.worker import run_claimed, run_step_now
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
    Process.objects.filter(key=instant_step.KEY, subject__in=[instant_step.subject(c.pk) for c in cases]).delete()
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


def _decide_step(case):
    return StepRun.objects.get(process__key=instant_step.KEY, process__subject=instant_step.subject(case.pk))


def test_worker_killed_mid_decision_finishes_the_case_after_restart(committed_item, population, tmp_path):
    from onestop.exchange.models import DataSource

    env = {**os.environ, "DATABASE_URL": database_url(), "ONESTOP_DEV": "1", "ONESTOP_POPULATION_URL": population.base_url,
           "SIM_TOKEN": population.token}
    committed(lambda: DataSource.objects.filter(code="population").update(timeout_ms=20_000))
    try:
        person = _person(older_than=80)
        case = committed(services.submit_application, _submission(committed_item, person, "worker-" + secrets.token_hex(6)),
                         decide_now=False)
        assert case.instant_pending and _decide_step(case).state == StepState.READY  # committed with the case
        # A short lease, so that the restarted worker takes the step over soon after the kill.
        committed(lambda: StepRun.objects.filter(pk=_decide_step(case).pk).update(timeout_seconds=2))
        # The register answers slowly, so the worker is caught in the middle of deciding.
        population.post("/_sim/faults", {"delay_ms": 8000})
        with open(tmp_path / "worker1.log", "wb") as log:
            worker = start_worker("run_steps", env, log)
            try:
                wait_for(lambda: _decide_step(case).state == StepState.RUNNING, 30, "the step to start")
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
            worker = start_worker("run_steps", env, log)
            try:
                wait_for(lambda: _decide_step(case).state == StepState.DONE, 60,
                         "the restarted worker to decide:\n" + (tmp_path / "worker2.log").read_text(errors="replace"))
            finally:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(10)
        case.refresh_from_db()
        assert case.status == Status.COMPLETED and case.result_certificate_id
        assert Decision.objects.filter(case_number=case.number).count() == 1
        step = _decide_step(case)
        assert step.attempts == 2 and "租约已到期" in step.process.events.filter(attempt=2).first().detail
    finally:
        committed(lambda: DataSource.objects.filter(code="population").update(timeout_ms=2000))


def test_request_leaves_the_decision_to_a_worker_that_holds_it(committed_item):
    """A worker that claimed the step first decides it; the request returns the case as it stands."""
    person = _person(older_than=80)
    case = committed(services.submit_application, _submission(committed_item, person, "held-" + secrets.token_hex(6)),
                     decide_now=False)
    step = _decide_step(case)
    claims = committed(claim_steps, "other-worker", limit=100, now=step.next_attempt_at)
    claim = next(c for c in claims if c.step.pk == step.pk)
    assert committed(run_step_now, step.process_id, instant_step.STEP) is False
    assert Case.objects.get(pk=case.pk).instant_pending  # the request did not decide it
    committed(run_claimed, claim)
    case.refresh_from_db()
    assert case.status == Status.COMPLETED and Decision.objects.filter(case_number=case.number).count() == 1
