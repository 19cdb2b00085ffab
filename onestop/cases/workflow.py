"""How a case moves: one transition table, read by one function.

The table is data in the spirit of DIGIT's ``workflowConfig.json``: each row is (state, action,
next state, the roles that may take it, whether a reason is required, the action's label). The
services, the reviewer's actions, 秒批, the progress bar and the console all read it; nothing else
changes a case's status.

Roles: ``applicant`` (the applicant's own account), ``reviewer`` (department staff who may review),
``window`` (window staff filing for a visitor, accepting or refusing it at the counter), ``system`` (秒批 and the process engine's steps).

Calling it (other apps, e.g. company start-up, use the SYSTEM role)::

    with transaction.atomic():
        case = workflow.locked(case_id)          # the caller holds the row lock
        workflow.transition(case, "accept", user=None, actor="系统（企业开办）", role=workflow.SYSTEM)
        ...
        workflow.transition(case, "complete", user=None, actor="系统（企业开办）", role=workflow.SYSTEM,
                            reason="各分支均已办结")

``transition`` refuses an action the table does not allow in the case's state
(``CaseError("invalid_transition")``), a role that may not take it (``"role_not_allowed"``) and a
missing reason (``"reason_required"``), changing nothing. Otherwise it sets the status (and
accepted_at with the new deadline, or finished_at, ending the case's consents), saves the case with
whatever else the caller set on it, writes the timeline event(s) and the applicant's notice (in the
same transaction, through the notifications outbox). While 秒批 is deciding a case (``instant_pending``) only the system and the
applicant's withdrawal may move it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from onestop.certs import consent as consents
from onestop.core import workdays
from onestop.processes import services as processes

from . import notices
from .models import FINAL_STATUSES, Case, CaseEvent, Status

APPLICANT, REVIEWER, WINDOW, SYSTEM = "applicant", "reviewer", "window", "system"
ROLES = {APPLICANT: "申请人", REVIEWER: "审批人员", WINDOW: "窗口人员", SYSTEM: "系统"}
NEW = ""  # a case being created, before its first event
RESUME = "resume"  # next state of 补正: 审查中 if the case had been accepted, otherwise 已提交
DEFAULT_WORKING_DAYS = 20  # 《行政许可法》第四十二条 when an item publishes no time limit
SYSTEM_ACTOR = "系统（秒批）"


class CaseError(Exception):
    def __init__(self, code: str, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.code, self.message, self.errors = code, message, errors or {}


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    to: str  # the next state; the same as ``state`` for a step that only writes the timeline
    roles: frozenset[str]
    reason_required: bool
    label: str
    through: str = ""  # a state passed on the way, with its own event (秒批: 受理 and 办结 in one write)


def _rows(states, action, to, roles, reason_required, label, through=""):
    return [Transition(s, action, to, frozenset(roles), reason_required, label, through) for s in states]


S = Status
OPEN = (S.SUBMITTED, S.ACCEPTED, S.IN_REVIEW, S.NEEDS_SUPPLEMENT)
TABLE: tuple[Transition, ...] = tuple(
    _rows([NEW], "submit", S.SUBMITTED, {APPLICANT, WINDOW}, False, "提交申请")
    # In the order the reviewer's buttons show: going forward first, then the ones that need a reason.
    # The comprehensive window (综合窗口) accepts or refuses at the counter for every department.
    + _rows([S.SUBMITTED], "accept", S.ACCEPTED, {REVIEWER, WINDOW, SYSTEM}, False, "受理")
    + _rows([S.ACCEPTED], "start_review", S.IN_REVIEW, {REVIEWER}, False, "开始审查")
    + _rows([S.ACCEPTED, S.IN_REVIEW], "approve", S.COMPLETED, {REVIEWER}, False, "准予批准")
    + _rows([S.SUBMITTED, S.ACCEPTED, S.IN_REVIEW], "request_supplement", S.NEEDS_SUPPLEMENT, {REVIEWER}, True,
            "需补正")
    + _rows([S.SUBMITTED], "refuse", S.REFUSED, {REVIEWER, WINDOW}, True, "不予受理")
    + _rows([S.ACCEPTED, S.IN_REVIEW], "not_approve", S.NOT_APPROVED, {REVIEWER, SYSTEM}, True, "不予批准")
    + _rows([S.NEEDS_SUPPLEMENT], "supplement", RESUME, {APPLICANT}, False, "补正")
    + _rows([S.ACCEPTED, S.IN_REVIEW], "complete", S.COMPLETED, {SYSTEM}, False, "办结")
    # 秒批: approve (受理 and 办结 in one write), reject, or refer to a reviewer leaving the status as it is.
    + _rows([S.SUBMITTED], "approve", S.COMPLETED, {SYSTEM}, False, "准予批准", through=S.ACCEPTED)
    + _rows([S.SUBMITTED], "reject", S.NOT_APPROVED, {SYSTEM}, True, "不予批准")
    + _rows([S.SUBMITTED], "refer", S.SUBMITTED, {SYSTEM}, True, "转人工审核")
    + _rows(OPEN, "withdraw", S.WITHDRAWN, {APPLICANT}, False, "撤回")
)
MOVES: dict[tuple[str, str], Transition] = {(t.state, t.action): t for t in TABLE}
ACTIONS: dict[str, str] = {t.action: t.label for t in TABLE}  # action → label, for the timeline
# The progress bar's main path; a case that ended otherwise shows its end state in the last place.
PROGRESS = (S.SUBMITTED, S.ACCEPTED, S.IN_REVIEW, S.COMPLETED)
WHILE_DECIDING = {"submit", "withdraw"}  # what others may do while 秒批 decides (instant_pending)


def allowed(case: Case, role: str) -> list[Transition]:
    """The moves ``role`` may make on the case as it stands (the reviewer's buttons, in table order)."""
    deciding = case.instant_pending and role != SYSTEM
    return [t for t in TABLE if t.state == case.status and role in t.roles
            and not (deciding and t.action not in WHILE_DECIDING)]


def locked(case_id: int) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("item", "department").get(pk=case_id)


def check(case: Case, action: str, *, role: str, reason: str = "") -> Transition:
    """The table's row for this move, or ``CaseError`` saying why it may not be made (nothing changes)."""
    label = ACTIONS.get(action)
    if label is None:
        raise CaseError("unknown_action", "未知的操作")
    move = MOVES.get((case.status, action))
    if move is None:
        state = Status(case.status).label if case.status else "未提交"
        raise CaseError("invalid_transition", f"办件当前状态为“{state}”，不能“{label}”")
    if role not in move.roles:
        raise CaseError("role_not_allowed", f"{ROLES.get(role, role)}不能办理“{label}”")
    if case.instant_pending and role != SYSTEM and action not in WHILE_DECIDING:
        raise CaseError("invalid_transition", f"办件正在自动审核，暂不能“{label}”")
    if move.reason_required and len(reason.strip()) < 2:
        raise CaseError("reason_required", f"“{label}”须填写理由")
    return move


def transition(case: Case, action: str, *, user, actor: str, reason: str = "", role: str) -> Case:
    """Moves the case by ``action`` as the table says; see the module docstring. The caller holds the
    row lock (``locked``) inside a transaction, and sets any result fields on ``case`` before."""
    move = check(case, action, role=role, reason=reason)
    reason = reason.strip()
    to = move.to if move.to != RESUME else (Status.IN_REVIEW if case.accepted_at else Status.SUBMITTED)
    before, now = case.status, timezone.now()
    case.status = to
    if move.through == Status.ACCEPTED or to == Status.ACCEPTED:
        _accept(case, now)
    if to in FINAL_STATUSES:
        finish(case, now)
    case.save()
    events = []
    if move.through:
        events.append(CaseEvent(case=case, at=now, actor_user=user, actor=actor, action="accept", from_status=before,
                                to_status=move.through, reason="符合秒批条件，自动受理"))
        before = move.through
    events.append(CaseEvent(case=case, at=now, actor_user=user, actor=actor, action=action, from_status=before,
                            to_status=to, reason=reason))
    CaseEvent.objects.bulk_create(events)
    # In this transaction (the outbox): the notice commits or rolls back with the move. One notice
    # for the last event (秒批's 受理 + 办结 in one write is one result, not two messages).
    notices.tell_applicant(case, events[-1], events[0].from_status)
    return case


def _accept(case: Case, now: dt.datetime) -> None:
    """受理: the statutory clock starts (promised days, else statutory days, in working days)."""
    if case.accepted_at is not None:
        return
    case.accepted_at = now
    days = case.item.promised_days or case.item.statutory_days or DEFAULT_WORKING_DAYS
    deadline = workdays.add_working_days(timezone.localdate(now), days)
    case.due_date, case.due_estimated = deadline.date, deadline.estimated


def finish(case: Case, now: dt.datetime) -> None:
    """What every final transition does: the case is finished, the consents given for it end with
    it (免证办), and a process step awaiting the case (a part of a 一件事 bundle) gets its outcome in
    the same transaction. The caller saves the case."""
    case.finished_at = now
    consents.end_case_consents(case.number)
    processes.signal(f"case:{case.pk}", "done" if case.status == Status.COMPLETED else "failed",
                     outputs=case_outcome(case), reason=_outcome_reason(case), actor=SYSTEM_ACTOR)


def case_outcome(case: Case) -> dict:
    """What a finished case tells a process awaiting it (e.g. the next part of a 一件事 bundle)."""
    cert = case.result_certificate
    return {"case_number": case.number, "status": case.status, "result_text": case.result_text,
            "certificate_number": cert.number if cert else "", "certificate_type": cert.cert_type.name if cert else ""}


def _outcome_reason(case: Case) -> str:
    if case.status == Status.COMPLETED:
        return f"{case.department.name}已办结"
    opinion = f"：{case.result_text}" if case.result_text else ""
    return f"{case.department.name}{Status(case.status).label}{opinion}"
