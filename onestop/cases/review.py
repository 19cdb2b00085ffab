"""The reviewer's side: the department queue ordered by deadline, and the actions on a case, each
with a reason and each written to the case's timeline."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from onestop.accounts.permissions import can_handle_cases, can_review_cases, staff_profile
from onestop.core import workdays

from . import workflow
from .instant import issue_result, reviewed_result
from .models import OPEN_STATUSES, Case
from .services import actor_label
from .workflow import CaseError

MAX_REASON = 1000


def can_review(user, case: Case) -> bool:
    profile = staff_profile(user)
    return bool(profile and can_review_cases(user) and profile.department_id == case.department_id)


def can_see(user, case: Case) -> bool:
    """Applicant (or the staff who filed it at the window), or the department's reviewers."""
    if case.applicant_user_id == getattr(user, "pk", None):
        return True
    profile = staff_profile(user)
    return bool(profile and profile.department_id == case.department_id and can_handle_cases(user))


def actions_for(case: Case) -> list[workflow.Transition]:
    """The reviewer's buttons: what the table allows the reviewer role in the case's state."""
    return workflow.allowed(case, workflow.REVIEWER)


@dataclass(frozen=True)
class QueueRow:
    case: Case
    flag: str  # overdue / due_soon / on_time
    days_left: int | None

    @property
    def flag_label(self) -> str:
        return {"overdue": "已超期", "due_soon": "即将到期", "on_time": "正常"}[self.flag]


def department_queue(department, *, status: str = "", limit: int = 200) -> list[QueueRow]:
    cases = Case.objects.filter(department=department, instant_pending=False).select_related("item")
    cases = cases.filter(status=status) if status else cases.filter(status__in=OPEN_STATUSES)
    today = timezone.localdate()
    calendar = workdays.current_calendar()  # one snapshot for the whole page
    rows = []
    for case in cases.order_by("due_date", "submitted_at")[:limit]:
        if case.due_date is None:
            rows.append(QueueRow(case, "on_time", None))
            continue
        rows.append(QueueRow(case, calendar.deadline_status(case.due_date, today), calendar.working_days_between(today, case.due_date)))
    return rows


def act(case: Case, user, code: str, reason: str = "") -> Case:
    """A reviewer's action on a case of their department, as the transition table allows it."""
    if code not in workflow.ACTIONS:
        raise CaseError("unknown_action", "未知的操作")
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise CaseError("reason_too_long", f"理由不能超过 {MAX_REASON} 字")
    with transaction.atomic():
        case = workflow.locked(case.pk)
        if not can_review(user, case):
            raise CaseError("forbidden", "您不能办理其他部门的办件")
        actor = actor_label(user)
        if code == "approve":
            text = reason or "经审查，申请符合条件，准予办理。"
            workflow.check(case, code, role=workflow.REVIEWER, reason=text)  # before anything is issued
            spec, fields = reviewed_result(case)
            case.result_certificate = issue_result(case, text=text, result=spec, certificate=fields)
            case.result_text = reason = text
        elif code in ("refuse", "not_approve"):
            case.result_text = reason
        return workflow.transition(case, code, user=user, actor=actor, reason=reason, role=workflow.REVIEWER)
