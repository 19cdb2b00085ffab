"""Running one named step in the calling process (秒批 in the applicant's request): the same claim,
lease and fencing as the workers, so that a step is never run by two at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from onestop.processes import services
from onestop.processes.models import StepState
from onestop.processes.transitions import claim_step, claim_steps
from onestop.processes.worker import run_claimed, run_step_now

pytestmark = pytest.mark.django_db
LATER = dt.timedelta(seconds=30)


def _one_step(publish, handler="tests.scripted", retry=None):
    return publish([{"name": "decide", "title": "判定", "handler": handler,
                     "retry": retry or {"max_attempts": 3, "base_delay_seconds": 10, "max_delay_seconds": 10}}])


def test_a_step_due_later_is_run_now_and_only_once(publish):
    process = services.start_process(_one_step(publish), "case:1", due_at=timezone.now() + LATER)
    assert claim_steps("worker") == []  # not yet due for workers
    assert run_step_now(process.pk, "decide", "request") is True
    step = process.steps.get()
    assert (step.state, step.attempts, step.outputs["attempt"]) == (StepState.DONE, 1, 1)
    assert run_step_now(process.pk, "decide", "request") is False
    assert process.steps.get().attempts == 1
    assert [e.actor for e in process.events.filter(step="decide", to_state=StepState.RUNNING)] == ["request"]


def test_a_step_a_worker_holds_is_left_to_the_worker(publish):
    process = services.start_process(_one_step(publish), "case:2")
    [claim] = claim_steps("worker")
    assert run_step_now(process.pk, "decide", "request") is False
    assert claim_step(process.pk, "decide", "request") is None
    assert run_claimed(claim) is True
    assert process.steps.get().attempts == 1


def test_a_step_waiting_for_its_back_off_is_not_run_early(publish):
    process = services.start_process(_one_step(publish), "case:3", {"script": {"decide": 1}})
    assert run_step_now(process.pk, "decide", "request") is True  # the first attempt fails
    step = process.steps.get()
    assert step.state == StepState.READY and step.attempts == 1 and step.next_attempt_at > timezone.now()
    assert run_step_now(process.pk, "decide", "request") is False
    assert claim_step(process.pk, "decide", "worker", now=step.next_attempt_at) is not None


def test_a_step_with_dependencies_not_done_is_not_run(publish):
    key = publish([{"name": "first", "handler": "tests.record"},
                   {"name": "second", "handler": "tests.record", "depends_on": ["first"]}])
    process = services.start_process(key, "case:4")
    assert run_step_now(process.pk, "second", "request") is False
    assert run_step_now(process.pk, "unknown", "request") is False
    assert process.steps.get(name="second").state == StepState.WAITING
