"""The reviewer's side: the department queue ordered by deadline, and the actions on a case, each
with a reason and each written to the case's timeline."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from onestop.accounts.permissions import can_handle_cases, can_review_cases, staff_profile
from onestop.core import workdays

from .instant import issue_result
from .models import Case, Status
from .services import CaseError, actor_label, locked, move


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    to: str
    reason_required: bool


ACTIONS = {
    "accept": Action("accept", "受理", Status.ACCEPTED, False),
    "refuse": Action("refuse", "不予受理", Status.REFUSED, True),
    "request_supplement": Action("request_supplement", "需补正", Status.NEEDS_SUPPLEMENT, True),
    "start_review": Action("start_review", "开始审查", Status.IN_REVIEW, False),
    "approve": Action("approve", "准予批准", Status.COMPLETED, False),
    "not_approve": Action("not_approve", "不予批准", Status.NOT_APPROVED, True),
}
ALLOWED = {
    Status.SUBMITTED: ["accept", "request_supplement", "refuse"],
    Status.ACCEPTED: ["start_review", "approve", "request_supplement", "not_approve"],
    Status.IN_REVIEW: ["approve", "request_supplement", "not_approve"],
}


def can_review(user, case: Case) -> bool:
    profile = staff_profile(user)
    return bool(profile and can_review_cases(user) and profile.department_id == case.department_id)


def can_see(user, case: Case) -> bool:
    """Applicant (or the staff who filed it at the window), or the department's reviewers."""
    if case.applicant_user_id == getattr(user, "pk", None):
        return True
    profile = staff_profile(user)
    return bool(profile and profile.department_id == case.department_id and can_handle_cases(user))


def actions_for(case: Case) -> list[Action]:
    if case.instant_pending:
        return []
    return [ACTIONS[code] for code in ALLOWED.get(case.status, [])]


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
    cases = cases.filter(status=status) if status else cases.filter(status__in=list(ALLOWED) + [Status.NEEDS_SUPPLEMENT])
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
    action = ACTIONS.get(code)
    if action is None:
        raise CaseError("unknown_action", "未知的操作")
    reason = reason.strip()
    if action.reason_required and len(reason) < 2:
        raise CaseError("reason_required", f"“{action.label}”须填写理由")
    if len(reason) > 1000:
        raise CaseError("reason_too_long", "理由不能超过 1000 字")
    with transaction.atomic():
        case = locked(case.pk)
        if not can_review(user, case):
            raise CaseError("forbidden", "您不能办理其他部门的办件")
        if code not in ALLOWED.get(case.status, []) or case.instant_pending:
            raise CaseError("invalid_transition", f"办件当前状态为“{case.get_status_display()}”，不能“{action.label}”")
        actor = actor_label(user)
        if code == "approve":
            if case.accepted_at is None:
                move(case, Status.ACCEPTED, user=user, actor=actor, action="accept")
            text = reason or "经审查，申请符合条件，准予办理。"
            case.result_certificate = issue_result(case, text=text)
            case.result_text = text
            return move(case, Status.COMPLETED, user=user, actor=actor, action="approve", reason=text)
        if code in ("refuse", "not_approve"):
            case.result_text = reason
        return move(case, action.to, user=user, actor=actor, action=code, reason=reason)
