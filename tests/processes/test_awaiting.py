"""Steps that await an outside outcome (a department case): no worker holds them while they wait;
signal() finishes them, in order or before the step even started awaiting; a failed outcome
cancels the steps behind it and ends the process as failed while parallel branches finish."""

from __future__ import annotations

import pytest

from onestop.processes import services
from onestop.processes.models import Process, ProcessSignal, ProcessState, StepRun, StepState
from onestop.processes.services import ProcessError
from onestop.processes.transitions import claim_steps, resolve_signalled
from onestop.processes.worker import run_claimed, run_until_idle

pytestmark = pytest.mark.django_db


def _states(process: Process) -> dict[str, str]:
    return dict(process.steps.values_list("name", "state"))


def _bundle(publish):
    return publish([
        {"name": "first", "title": "出生医学证明", "handler": "tests.await"},
        *({"name": n, "title": n, "handler": "tests.await", "depends_on": ["first"]} for n in ("left", "right")),
        {"name": "after_left", "title": "后续", "handler": "tests.await", "depends_on": ["left"]},
    ])


def _subject(process: Process, step: str) -> str:
    return f"outside:{process.pk}-{step}"


def test_an_awaiting_step_is_held_by_no_worker_until_its_outcome_arrives(publish):
    process = services.start_process(_bundle(publish), "bundle:1")
    assert run_until_idle("w1") == 1
    first = process.steps.get(name="first")
    assert (first.state, first.awaiting_subject, first.lease_owner) == (
        StepState.AWAITING, _subject(process, "first"), "")
    assert claim_steps("w2") == []  # nothing to run while the department works
    assert services.signal(_subject(process, "first"), "done", outputs={"certificate_number": "O440403"})
    first.refresh_from_db()
    assert first.state == StepState.DONE
    assert first.outputs == {"opened": "first", "saw": [], "certificate_number": "O440403"}
    assert _states(process)["left"] == _states(process)["right"] == StepState.READY  # fanned out together
    assert run_until_idle("w1") == 2
    left = process.steps.get(name="left")
    assert left.outputs["saw"] == ["first"]


def test_the_process_is_done_when_every_awaited_outcome_is_done(publish):
    process = services.start_process(_bundle(publish), "bundle:2")
    run_until_idle("w")
    services.signal(_subject(process, "first"), "done")
    run_until_idle("w")
    services.signal(_subject(process, "left"), "done")
    services.signal(_subject(process, "right"), "done")
    run_until_idle("w")
    process.refresh_from_db()
    assert process.state == ProcessState.RUNNING
    services.signal(_subject(process, "after_left"), "done")
    process.refresh_from_db()
    assert process.state == ProcessState.DONE and process.finished_at is not None


def test_a_failed_outcome_cancels_its_dependants_and_the_parallel_branch_still_finishes(publish):
    process = services.start_process(_bundle(publish), "bundle:3")
    run_until_idle("w")
    services.signal(_subject(process, "first"), "done")
    run_until_idle("w")
    services.signal(_subject(process, "left"), "failed", reason="区公安分局不予批准：材料不全")
    states = _states(process)
    assert states["left"] == StepState.FAILED and states["after_left"] == StepState.CANCELLED
    assert process.steps.get(name="left").reason == "区公安分局不予批准：材料不全"
    process.refresh_from_db()
    assert process.state == ProcessState.RUNNING  # the right branch is still with its department
    services.signal(_subject(process, "right"), "done")
    process.refresh_from_db()
    assert process.state == ProcessState.FAILED and _states(process)["right"] == StepState.DONE


def test_a_failed_first_step_opens_none_of_its_dependants(publish):
    process = services.start_process(_bundle(publish), "bundle:4")
    run_until_idle("w")
    services.signal(_subject(process, "first"), "failed", reason="不予受理")
    assert run_until_idle("w") == 0
    assert _states(process) == {"first": StepState.FAILED, "left": StepState.CANCELLED,
                                "right": StepState.CANCELLED, "after_left": StepState.CANCELLED}
    process.refresh_from_db()
    assert process.state == ProcessState.FAILED


def test_an_outcome_that_arrives_before_the_step_awaits_is_applied_when_it_does(publish):
    process = services.start_process(_bundle(publish), "bundle:5")
    assert services.signal(_subject(process, "first"), "done", outputs={"n": 1})  # e.g. 秒批 in the submission
    run_until_idle("w")
    assert process.steps.get(name="first").state == StepState.DONE


def test_the_sweep_applies_an_outcome_that_the_step_and_the_signal_both_missed(publish):
    process = services.start_process(_bundle(publish), "bundle:6")
    (claim,) = claim_steps("w")
    # The signal commits while the step is still running: it finds nothing awaiting…
    ProcessSignal.objects.create(subject=_subject(process, "first"), outcome="done")
    StepRun.objects.filter(pk=claim.step.pk).update(state=StepState.AWAITING,
                                                    awaiting_subject=_subject(process, "first"))
    # …and the await committed without seeing it: the worker's sweep settles it.
    assert resolve_signalled("w") == 1
    assert process.steps.get(name="first").state == StepState.DONE


def test_only_the_first_outcome_of_a_subject_counts(publish):
    process = services.start_process(_bundle(publish), "bundle:7")
    run_until_idle("w")
    assert services.signal(_subject(process, "first"), "failed", reason="不予批准")
    assert not services.signal(_subject(process, "first"), "done")
    assert process.steps.get(name="first").state == StepState.FAILED


def test_an_unknown_outcome_is_refused_and_stores_nothing(publish):
    with pytest.raises(ProcessError) as err:
        services.signal("outside:x", "maybe")
    assert err.value.code == "unknown_outcome" and not ProcessSignal.objects.filter(subject="outside:x").exists()


def test_a_lost_lease_does_not_record_an_await(publish):
    process = services.start_process(_bundle(publish), "bundle:8")
    (claim,) = claim_steps("w")
    StepRun.objects.filter(pk=claim.step.pk).update(lease_owner="someone-else")
    assert run_claimed(claim) is False
    assert process.steps.get(name="first").state == StepState.RUNNING
