"""The transition table, exhaustively: every (state, action, role). A legal move changes the status
as the table says, writes its event(s) and queues one notice; an illegal one raises and changes
nothing (status, events, notifications)."""

import itertools
import secrets

import pytest
from django.db import transaction
from django.utils import timezone

from onestop.accounts.models import Person
from onestop.cases import workflow
from onestop.cases.models import FINAL_STATUSES, Case, CaseEvent, Status
from onestop.catalog.models import Department, ItemStatus, ServiceItem
from onestop.notifications.models import Notice

STATES = [workflow.NEW, *Status.values]
ACTIONS = sorted(workflow.ACTIONS)
ROLES = sorted(workflow.ROLES)
REASON = "经审查作出决定"


@pytest.fixture
def make_case(db):
    item = ServiceItem.objects.create(
        code=f"TESTW{secrets.token_hex(4)}", name="测试事项：流转", department=Department.objects.get(code="D008"),
        item_type="公共服务", for_person=True, handling="online", statutory_days=10, promised_days=5,
        status=ItemStatus.PUBLISHED)
    person = Person.objects.filter(user__isnull=False).select_related("user").order_by("pk").first()

    def make(state: str, *, accepted: bool = False, instant_pending: bool = False) -> Case:
        now = timezone.now()
        return Case.objects.create(
            number=secrets.token_hex(8), item=item, department=item.department, applicant_user=person.user,
            applicant_person=person, applicant_name=person.name, idempotency_key=secrets.token_hex(8),
            submitted_at=now, status=state, accepted_at=now if accepted else None, instant_pending=instant_pending)

    return make


def _expected(state: str, action: str, accepted: bool) -> str:
    to = workflow.MOVES[(state, action)].to
    if to == workflow.RESUME:
        return Status.IN_REVIEW if accepted else Status.SUBMITTED
    return to


@pytest.mark.parametrize(("state", "action", "role"), list(itertools.product(STATES, ACTIONS, ROLES)))
def test_every_state_action_and_role(make_case, state, action, role, django_capture_on_commit_callbacks):
    accepted = state in (Status.ACCEPTED, Status.IN_REVIEW)
    case = make_case(state, accepted=accepted)
    move = workflow.MOVES.get((state, action))
    legal = move is not None and role in move.roles
    with django_capture_on_commit_callbacks(execute=True):
        if legal:
            with transaction.atomic():
                case = workflow.transition(workflow.locked(case.pk), action, user=None, actor="测试", reason=REASON,
                                           role=role)
            stored = Case.objects.get(pk=case.pk)
            assert stored.status == _expected(state, action, accepted)
            events = list(stored.events.all())
            assert [e.action for e in events] == (["accept"] if move.through else []) + [action]
            assert events[-1].from_status == (move.through or state) and events[-1].to_status == stored.status
            if move.through or stored.status == Status.ACCEPTED:
                assert stored.accepted_at and stored.due_date
            assert (stored.finished_at is not None) == (stored.status in FINAL_STATUSES)
        else:
            with pytest.raises(workflow.CaseError) as exc, transaction.atomic():
                workflow.transition(workflow.locked(case.pk), action, user=None, actor="测试", reason=REASON, role=role)
            assert exc.value.code == ("invalid_transition" if move is None else "role_not_allowed")
            stored = Case.objects.get(pk=case.pk)
            assert stored.status == state and stored.finished_at is None
            assert not CaseEvent.objects.filter(case=case).exists()
    # One notice per move, written in the move's transaction (the outbox), with a link to the case.
    told = Notice.objects.filter(user=case.applicant_user, dedupe_key__startswith=f"case:{case.pk}:")
    assert told.count() == (1 if legal else 0)
    assert told.filter(body__contains=case.number, link=f"/my/cases/{case.number}/").count() == (1 if legal else 0)


@pytest.mark.parametrize("move", [t for t in workflow.TABLE if t.reason_required], ids=lambda t: f"{t.state}-{t.action}")
def test_a_move_that_needs_a_reason_refuses_an_empty_one(make_case, move, django_capture_on_commit_callbacks):
    case = make_case(move.state)
    role = sorted(move.roles)[0]
    with django_capture_on_commit_callbacks() as notices, pytest.raises(workflow.CaseError) as exc:
        workflow.transition(workflow.locked(case.pk), move.action, user=None, actor="测试", reason=" ", role=role)
    assert exc.value.code == "reason_required"
    assert Case.objects.get(pk=case.pk).status == move.state and not case.events.exists() and notices == []


@pytest.mark.parametrize("action", ["accept", "refuse", "request_supplement"])
def test_while_instant_approval_decides_only_the_system_moves_the_case(make_case, action):
    case = make_case(Status.SUBMITTED, instant_pending=True)
    assert [t.action for t in workflow.allowed(case, workflow.REVIEWER)] == []
    with pytest.raises(workflow.CaseError) as exc:
        workflow.transition(workflow.locked(case.pk), action, user=None, actor="测试", reason=REASON,
                            role=workflow.REVIEWER)
    assert exc.value.code == "invalid_transition" and "自动审核" in exc.value.message
    assert [t.action for t in workflow.allowed(case, workflow.APPLICANT)] == ["withdraw"]


def test_unknown_action_is_refused(make_case):
    case = make_case(Status.SUBMITTED)
    with pytest.raises(workflow.CaseError) as exc:
        workflow.transition(case, "delete", user=None, actor="测试", role=workflow.SYSTEM)
    assert exc.value.code == "unknown_action"


def test_the_refusal_names_the_state_and_the_action(make_case):
    case = make_case(Status.COMPLETED)
    with pytest.raises(workflow.CaseError) as exc:
        workflow.transition(case, "withdraw", user=None, actor="测试", role=workflow.APPLICANT)
    assert exc.value.message == "办件当前状态为“已办结”，不能“撤回”"


def test_the_reviewer_buttons_are_the_table_rows_for_the_reviewer_role(make_case):
    assert [t.action for t in workflow.allowed(make_case(Status.SUBMITTED), workflow.REVIEWER)] == [
        "accept", "request_supplement", "refuse"]
    assert [t.action for t in workflow.allowed(make_case(Status.ACCEPTED), workflow.REVIEWER)] == [
        "start_review", "approve", "request_supplement", "not_approve"]
    assert [t.action for t in workflow.allowed(make_case(Status.IN_REVIEW), workflow.REVIEWER)] == [
        "approve", "request_supplement", "not_approve"]
    assert workflow.allowed(make_case(Status.COMPLETED), workflow.REVIEWER) == []
