"""The four branches on the process engine, after a stand-in registration step and before a join:
all complete and join; a system failing twice then answering; one that stays down goes to staff
while the others finish; a refusal goes to staff at once."""

from __future__ import annotations

import secrets

import pytest

from onestop.processes import services
from onestop.processes.models import ProcessState, StepRun, StepState
from onestop.processes.worker import run_until_idle
from tests.business.startup import BRANCHES, ORDER_PATHS, new_company, startup_definition, startup_inputs

pytestmark = pytest.mark.django_db
NO_WAIT = {"retry": {"max_attempts": 3, "base_delay_seconds": 0, "max_delay_seconds": 0}}


def _start(**changes):
    key = f"test-startup-{secrets.token_hex(4)}"
    services.publish_definition(key, startup_definition(**{step: NO_WAIT for step in BRANCHES}))
    company = new_company()
    return services.start_process(key, f"case:{secrets.randbelow(10**6)}", startup_inputs(company, **changes)), company


def _steps(process):
    return {s.name: s for s in StepRun.objects.filter(process=process)}


def _order_count(systems, step, uscc):
    return systems[step].get(f"{ORDER_PATHS[step]}?uscc={uscc}").body["count"]


def test_the_four_branches_complete_and_join(branch_systems):
    process, company = _start()
    run_until_idle("worker-1")
    process.refresh_from_db()
    steps = _steps(process)
    assert process.state == ProcessState.DONE
    assert {name: (s.state, s.attempts) for name, s in steps.items()} == {
        name: (StepState.DONE, 1) for name in ("register", *BRANCHES, "complete")}
    assert steps["complete"].outputs["summaries"] == {b: steps[b].outputs["summary"] for b in BRANCHES}
    assert steps["tax"].outputs["taxpayer_number"] == company["uscc"]
    assert [_order_count(branch_systems, b, company["uscc"]) for b in BRANCHES] == [1, 1, 1, 1]


def test_a_system_failing_twice_then_answering_completes_its_branch_after_retries(branch_systems):
    branch_systems["bank"].post("/_sim/faults", {"fail_next": 2})
    process, company = _start()
    run_until_idle("worker-1")
    process.refresh_from_db()
    bank = _steps(process)["bank"]
    assert (process.state, bank.state, bank.attempts) == (ProcessState.DONE, StepState.DONE, 3), bank.reason
    retries = process.events.filter(step="bank", to_state=StepState.READY, attempt__gt=0).values_list("detail", flat=True)
    assert [d.split("；")[0] for d in retries] == ["银行开户预约系统暂时无法受理（HTTP 503）"] * 2
    assert _order_count(branch_systems, "bank", company["uscc"]) == 1


def test_a_system_that_stays_down_goes_to_its_department_and_the_others_finish(branch_systems):
    branch_systems["tax"].post("/_sim/faults", {"fail_rate": 1, "status": 503})
    process, company = _start()
    run_until_idle("worker-1")
    process.refresh_from_db()
    steps = _steps(process)
    assert process.state == ProcessState.NEEDS_ATTENTION
    assert {b: steps[b].state for b in BRANCHES} == {"seal": StepState.DONE, "bank": StepState.DONE,
                                                     "tax": StepState.NEEDS_ATTENTION, "social_insurance": StepState.DONE}
    assert (steps["tax"].attempts, steps["tax"].reason) == (3, "电子税务局暂时无法受理（HTTP 503）")
    assert steps["complete"].state == StepState.WAITING
    assert [s.name for s in services.steps_needing_attention().filter(process=process)] == ["tax"]
    # The tax bureau is back; the clerk runs the step again and the company is done.
    branch_systems["tax"].request("DELETE", "/_sim/faults")
    services.retry_step(process.pk, "tax", actor="staff:d026", note="电子税务局已恢复")
    run_until_idle("worker-1")
    process.refresh_from_db()
    assert process.state == ProcessState.DONE
    assert _order_count(branch_systems, "tax", company["uscc"]) == 1


def test_a_refusal_goes_to_staff_at_once_with_what_to_do(branch_systems):
    process, company = _start(seal={"maker_code": "seal_closed", "kinds": ["official"]})
    run_until_idle("worker-1")
    seal = _steps(process)["seal"]
    assert (seal.state, seal.attempts) == (StepState.NEEDS_ATTENTION, 1)
    assert seal.reason.endswith("所选刻章单位未在公安机关备案，请与申请人另选刻章单位")
    assert _order_count(branch_systems, "seal", company["uscc"]) == 0
