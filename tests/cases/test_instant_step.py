"""秒批 as the process engine's ``instant_approval`` step: started with the case (an outbox), run in
the applicant's request, decided once, and handed to a reviewer when deciding keeps failing."""

import datetime as dt
import secrets

from django.utils import timezone

from onestop.cases import instant_step, review, services
from onestop.cases.models import Case, Status
from onestop.processes.models import ProcessDefinition, StepRun, StepState
from onestop.processes.transitions import claim_steps
from onestop.processes.worker import run_claimed, run_step_now
from onestop.rules.models import Decision

from .test_instant import _apply, _person, instant_item  # noqa: F401 - the fixture


def _apply_undecided(item, person):
    return services.submit_application(services.Submission(
        item=item, applicant=services.applicant_for(person.user), idempotency_key=secrets.token_urlsafe(12),
        form={"contact_name": person.name, "contact_phone": "13800138000", "description": "申请"}), decide_now=False)


def _step(case) -> StepRun:
    return StepRun.objects.select_related("process").get(process__key=instant_step.KEY,
                                                         process__subject=instant_step.subject(case.pk))


def test_the_definition_is_published_by_the_migration_as_the_code_states_it(db):
    latest = ProcessDefinition.objects.filter(key=instant_step.KEY).latest("version")
    assert latest.spec == instant_step.DEFINITION
    assert instant_step.ensure_definition().pk == latest.pk  # idempotent: no second version


def test_a_submission_is_decided_in_the_request_by_the_step(instant_item):  # noqa: F811
    before = timezone.now()
    case = _apply(instant_item, _person(older_than=80))
    step = _step(case)
    assert case.status == Status.COMPLETED and not case.instant_pending
    assert (step.state, step.attempts, step.outputs["status"]) == (StepState.DONE, 1, Status.COMPLETED)
    assert step.outputs["decision"] == case.decision_id
    # Workers would only have taken it after the safety net: they do not race the request.
    assert step.next_attempt_at >= before + dt.timedelta(seconds=instant_step.SAFETY_NET_SECONDS)


def test_a_case_left_undecided_is_in_the_outbox_and_decided_once(instant_item):  # noqa: F811
    case = _apply_undecided(instant_item, _person(older_than=80))
    step = _step(case)
    assert case.instant_pending and step.state == StepState.READY and step.next_attempt_at <= timezone.now()
    [claim] = claim_steps("worker")
    assert run_claimed(claim)
    assert run_step_now(step.process_id, instant_step.STEP) is False
    from onestop.cases.instant import decide_instantly

    assert decide_instantly(case.pk).status == Status.COMPLETED  # asked again: nothing more happens
    assert Decision.objects.filter(case_number=case.number).count() == 1
    assert Case.objects.get(pk=case.pk).events.filter(action="approve").count() == 1


def test_withdrawn_while_waiting_the_step_decides_nothing(instant_item):  # noqa: F811
    person = _person(older_than=80)
    case = _apply_undecided(instant_item, person)
    services.withdraw_case(case, person.user, "不再需要")
    [claim] = claim_steps("worker")
    assert run_claimed(claim)
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN and case.decision_id is None


def test_deciding_that_keeps_failing_ends_with_a_reviewer_not_a_lost_case(instant_item, monkeypatch):  # noqa: F811
    def broken(*args, **kwargs):
        raise RuntimeError("signing service down")

    monkeypatch.setattr("onestop.cases.instant.rules.decide", broken)
    case = _apply(instant_item, _person(older_than=80))
    for _ in range(instant_step.MAX_ATTEMPTS - 1):
        step = _step(case)
        assert step.state == StepState.READY
        [claim] = claim_steps("worker", now=step.next_attempt_at)
        run_claimed(claim)
    step = _step(case)
    case.refresh_from_db()
    assert step.state == StepState.DONE and step.attempts == instant_step.MAX_ATTEMPTS
    assert case.status == Status.SUBMITTED and not case.instant_pending
    assert "RuntimeError" in case.review_reasons[0] and "转工作人员审核" in case.review_reasons[0]
    queue = review.department_queue(case.department)
    assert case.pk in {row.case.pk for row in queue}  # in the reviewers' queue, with the reason
