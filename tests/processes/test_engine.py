"""The engine in one process: fan-out and join, retries with back-off, a branch that needs staff
while the others finish, leases, idempotent side effects, versions and staff actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from onestop.processes import services
from onestop.processes.definition import DefinitionError
from onestop.processes.models import Process, ProcessDefinition, ProcessState, StepRun, StepState
from onestop.processes.services import ProcessError
from onestop.processes.transitions import claim_steps, expire_exhausted
from onestop.processes.worker import run_claimed, run_until_idle

pytestmark = pytest.mark.django_db
NO_WAIT = {"max_attempts": 3, "base_delay_seconds": 0, "max_delay_seconds": 0}


def _steps(process: Process) -> dict[str, StepRun]:
    return {s.name: s for s in process.steps.all()}


def _branches(handler="tests.scripted", retry=NO_WAIT):
    return [
        {"name": "register", "title": "设立登记", "handler": handler, "retry": retry},
        *({"name": n, "title": t, "handler": handler, "depends_on": ["register"], "retry": retry}
          for n, t in [("seal", "刻制印章"), ("tax", "涉税事项"), ("bank", "银行开户"), ("insurance", "社保登记")]),
        {"name": "finish", "title": "办结", "handler": handler, "retry": retry,
         "depends_on": ["seal", "tax", "bank", "insurance"]},
    ]


def test_branches_fan_out_after_their_dependency_and_join_when_all_are_done(publish):
    process = services.start_process(publish(_branches()), "case:1")
    assert {n: s.state for n, s in _steps(process).items()} == {
        "register": StepState.READY, "seal": StepState.WAITING, "tax": StepState.WAITING,
        "bank": StepState.WAITING, "insurance": StepState.WAITING, "finish": StepState.WAITING}
    assert run_until_idle("w1") == 6
    process.refresh_from_db()
    steps = _steps(process)
    assert process.state == ProcessState.DONE and process.finished_at is not None
    assert steps["finish"].outputs["saw"] == ["bank", "insurance", "seal", "tax"]
    assert steps["seal"].outputs["saw"] == ["register"]
    events = list(process.events.all())
    done_at = {e.step: e.id for e in events if e.to_state == StepState.DONE}
    released = next(e for e in events if e.step == "finish" and e.to_state == StepState.READY)
    assert released.id > max(done_at[n] for n in ("seal", "tax", "bank", "insurance"))
    assert released.detail == "前序步骤均已完成"


def test_a_branch_that_fails_twice_then_succeeds_completes(publish):
    process = services.start_process(publish(_branches()), "case:2", {"script": {"bank": 2}})
    run_until_idle("w1")
    process.refresh_from_db()
    bank = _steps(process)["bank"]
    assert process.state == ProcessState.DONE
    assert (bank.state, bank.attempts, bank.outputs["attempt"]) == (StepState.DONE, 3, 3)
    retries = [e.detail for e in process.events.filter(step="bank", to_state=StepState.READY, from_state="running")]
    assert retries == ["分支系统暂时无法连接；0.0 秒后第 2 次尝试", "分支系统暂时无法连接；0.0 秒后第 3 次尝试"]


def test_a_failed_attempt_waits_for_its_back_off(publish):
    retry = {"max_attempts": 3, "base_delay_seconds": 60, "max_delay_seconds": 600}
    process = services.start_process(publish([{"name": "a", "handler": "tests.scripted", "retry": retry}]),
                                     "case:3", {"script": {"a": 1}})
    now = timezone.now()
    [claim] = claim_steps("w1", now=now)
    run_claimed(claim)
    step = StepRun.objects.get(process=process)
    assert step.state == StepState.READY and dt.timedelta(seconds=30) <= step.next_attempt_at - now
    assert step.next_attempt_at - now <= dt.timedelta(seconds=61)
    assert claim_steps("w1", now=now + dt.timedelta(seconds=29)) == []
    [again] = claim_steps("w1", now=now + dt.timedelta(seconds=61))
    assert again.attempt == 2


def test_a_branch_that_stays_down_needs_staff_with_the_reason_while_the_others_finish(publish):
    process = services.start_process(publish(_branches()), "case:4", {"script": {"seal": "down"}})
    run_until_idle("w1")
    process.refresh_from_db()
    steps = _steps(process)
    assert process.state == ProcessState.NEEDS_ATTENTION
    assert {n: s.state for n, s in steps.items() if n not in ("seal", "finish")} == {
        "register": StepState.DONE, "tax": StepState.DONE, "bank": StepState.DONE, "insurance": StepState.DONE}
    assert (steps["seal"].state, steps["seal"].attempts) == (StepState.NEEDS_ATTENTION, 3)
    assert steps["finish"].state == StepState.WAITING
    [shown] = services.steps_needing_attention().filter(process=process)
    assert shown.reason == "分支系统暂时无法连接"
    assert process.events.get(step="seal", to_state=StepState.NEEDS_ATTENTION).detail == \
        "分支系统暂时无法连接；已尝试 3 次，请工作人员处理"

    # The seal maker is back; staff run the step again and the process finishes.
    Process.objects.filter(pk=process.pk).update(inputs={})
    step = services.retry_step(process.pk, "seal", actor="staff01", note="刻章系统已恢复")
    assert (step.state, step.attempt_limit) == (StepState.READY, 6)
    process.refresh_from_db()
    assert process.state == ProcessState.RUNNING
    run_until_idle("w1")
    process.refresh_from_db()
    assert process.state == ProcessState.DONE and _steps(process)["seal"].attempts == 4


def test_a_permanent_failure_goes_to_staff_at_once(publish):
    process = services.start_process(publish(_branches()), "case:5", {"script": {"tax": "permanent"}})
    run_until_idle("w1")
    tax = _steps(process)["tax"]
    assert (tax.state, tax.attempts, tax.reason) == (StepState.NEEDS_ATTENTION, 1, "分支系统拒绝受理：申请材料不符合要求")


def test_a_step_whose_lease_expired_is_taken_over_and_its_side_effect_happens_once(publish, tmp_path):
    key = publish([{"name": "pay", "handler": "tests.effect", "timeout_seconds": 30}])
    process = services.start_process(key, "case:6", {"effects_dir": str(tmp_path)})
    now = timezone.now()
    [slow] = claim_steps("slow-worker", now=now)
    assert claim_steps("other", now=now + dt.timedelta(seconds=29)) == []  # the lease still holds
    [taken] = claim_steps("other", now=now + dt.timedelta(seconds=31))
    assert taken.attempt == 2
    # The slow worker finishes first, after its lease was taken over: its result is discarded.
    assert run_claimed(slow) is False
    assert StepRun.objects.get(process=process).state == StepState.RUNNING
    assert run_claimed(taken) is True
    step = StepRun.objects.get(process=process)
    assert (step.state, step.attempts, step.outputs) == (StepState.DONE, 2, {"made_effect": False})
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "attempt-pay-1", "attempt-pay-2", f"effect-{step.idempotency_key}"]
    assert process.events.filter(step="pay", to_state=StepState.DONE).count() == 1
    takeover = process.events.get(step="pay", attempt=2, to_state=StepState.RUNNING)
    assert takeover.detail == "上一执行者 slow-worker 的租约已到期，重新执行"


def test_a_last_attempt_that_outlives_its_lease_goes_to_staff(publish):
    key = publish([{"name": "a", "handler": "tests.record", "timeout_seconds": 5, "retry": {"max_attempts": 1}}])
    process = services.start_process(key, "case:7")
    now = timezone.now()
    claim_steps("lost-worker", now=now)
    assert expire_exhausted("w2", now=now + dt.timedelta(seconds=4)) == 0
    assert expire_exhausted("w2", now=now + dt.timedelta(seconds=6)) == 1
    step = StepRun.objects.get(process=process)
    assert step.state == StepState.NEEDS_ATTENTION
    assert step.reason == "执行超时：第 1 次尝试超过 5 秒未完成，执行者可能已中断"
    process.refresh_from_db()
    assert process.state == ProcessState.NEEDS_ATTENTION


def test_a_running_process_keeps_the_version_it_started_with(publish):
    key = publish([{"name": "a", "handler": "tests.record"}])
    first = services.start_process(key, "case:8")
    v2 = services.publish_definition(key, {"steps": [{"name": "a", "handler": "tests.record"},
                                                     {"name": "b", "handler": "tests.record", "depends_on": ["a"]}]})
    assert v2.version == 2
    second = services.start_process(key, "case:9")
    run_until_idle("w1")
    assert sorted(_steps(first)) == ["a"] and first.definition.version == 1
    assert sorted(_steps(second)) == ["a", "b"]
    assert services.publish_definition(key, v2.spec) == v2  # the same spec is not a new version


def test_publishing_an_invalid_definition_stores_nothing():
    with pytest.raises(DefinitionError) as err:
        services.publish_definition("bad", {"steps": [{"name": "a", "handler": "nobody.registered"}]})
    assert err.value.code == "unknown_handler"
    assert not ProcessDefinition.objects.filter(key="bad").exists()


def test_starting_the_same_subject_twice_gives_one_process(publish):
    key = publish([{"name": "a", "handler": "tests.record"}])
    assert services.start_process(key, "case:10") == services.start_process(key, "case:10")
    assert Process.objects.filter(key=key).count() == 1


def test_starting_an_unpublished_process_is_a_specific_error():
    with pytest.raises(ProcessError) as err:
        services.start_process("nothing-here", "case:11")
    assert (err.value.code, err.value.message) == ("unknown_process", "流程 nothing-here 尚未发布")


def test_staff_cannot_retry_a_step_that_does_not_need_them(publish):
    process = services.start_process(publish(_branches()), "case:12")
    with pytest.raises(ProcessError) as err:
        services.retry_step(process.pk, "register", actor="staff01")
    assert err.value.code == "step_not_waiting_for_staff"
    assert err.value.message == "步骤“设立登记”当前状态为“待执行”，无需人工处理"
    assert _steps(process)["register"].state == StepState.READY


def test_giving_up_a_step_fails_the_process_and_cancels_what_was_left(publish):
    process = services.start_process(publish(_branches()), "case:13", {"script": {"register": "permanent"}})
    run_until_idle("w1")
    with pytest.raises(ProcessError):
        services.give_up_step(process.pk, "register", actor="staff01", reason=" ")
    process = services.give_up_step(process.pk, "register", actor="staff01", reason="申请人已撤回申请")
    steps = _steps(process)
    assert process.state == ProcessState.FAILED
    assert steps["register"].state == StepState.FAILED
    assert {s.state for n, s in steps.items() if n != "register"} == {StepState.CANCELLED}
    assert run_until_idle("w1") == 0


def test_a_cancelled_process_discards_a_running_step_result(publish):
    process = services.start_process(publish(_branches()), "case:14")
    [claim] = claim_steps("w1")
    services.cancel_process(process.pk, actor="staff01", reason="申请人撤回")
    assert run_claimed(claim) is False
    process.refresh_from_db()
    assert process.state == ProcessState.CANCELLED
    assert {s.state for s in process.steps.all()} == {StepState.CANCELLED}
    with pytest.raises(ProcessError) as err:
        services.cancel_process(process.pk, actor="staff01", reason="again")
    assert err.value.code == "process_finished"


def test_outputs_that_are_not_a_json_object_go_to_staff(publish, monkeypatch):
    from onestop.processes import handlers

    monkeypatch.setitem(handlers._HANDLERS, "tests.record", lambda ctx: ["not", "an", "object"])
    process = services.start_process(publish([{"name": "a", "handler": "tests.record"}]), "case:15")
    run_until_idle("w1")
    step = StepRun.objects.get(process=process)
    assert (step.state, step.reason) == (StepState.NEEDS_ATTENTION, "处理程序的输出不是 JSON 对象（TypeError）")


def test_the_timeline_shows_each_branch_in_definition_order(publish):
    process = services.start_process(publish(_branches()), "case:16", {"script": {"tax": 1}})
    run_until_idle("w1")
    own, branches = services.timeline(process)
    assert [e.to_state for e in own] == ["running", "done"]
    assert [b.step.name for b in branches][0] == "register" and branches[-1].step.name == "finish"
    tax = next(b for b in branches if b.step.name == "tax")
    assert [e.to_state for e in tax.events] == ["waiting", "ready", "running", "ready", "running", "done"]
