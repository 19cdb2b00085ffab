"""The staff side of 企业开办: the steps that need a person, shown to the department that answers
for them (process.STEP_DEPARTMENTS), and what a clerk may do with one."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from onestop.accounts.models import Role
from onestop.accounts.permissions import needs, staff_profile
from onestop.cases.models import Case
from onestop.processes import services as processes
from onestop.processes.models import StepRun, StepState

from ..models import StartupApplication
from . import case_moves
from .process import PROCESS_KEY, STEP_DEPARTMENTS


@needs("企业开办并联部门的审批人员或部门管理员")
def can_handle_startup(user) -> bool:
    profile = staff_profile(user)
    return profile is not None and profile.department.code in STEP_DEPARTMENTS.values() and bool(
        {Role.REVIEWER, Role.DEPARTMENT_ADMIN} & set(profile.roles))


class StaffActionError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class QueueRow:
    step: StepRun
    case: Case | None

    @property
    def can_approve(self) -> bool:
        return self.step.name == "register"


def queue_for(department_code: str) -> list[QueueRow]:
    names = [step for step, code in STEP_DEPARTMENTS.items() if code == department_code]
    steps = list(processes.steps_needing_attention().filter(process__key=PROCESS_KEY, name__in=names))
    case_ids = [int(s.process.subject.split(":", 1)[1]) for s in steps]
    cases = Case.objects.select_related("startup__reservation__entry").in_bulk(case_ids)
    return [QueueRow(s, cases.get(int(s.process.subject.split(":", 1)[1]))) for s in steps]


def _actor(profile) -> str:
    return f"{profile.department.name} {profile.name}"


def act(step_id: int, profile, action: str, note: str) -> str:
    """retry: run the step again; approve (register only): the clerk reviewed the application, so
    the rules are not asked again; give_up: the step cannot be done, the case is not approved."""
    step = StepRun.objects.select_related("process").filter(
        pk=step_id, process__key=PROCESS_KEY, state=StepState.NEEDS_ATTENTION).first()
    if step is None or STEP_DEPARTMENTS.get(step.name) != profile.department.code:
        raise StaffActionError("该步骤不在本部门的待处理列表中，或已由他人处理")
    case_id = int(step.process.subject.split(":", 1)[1])
    note = note.strip()[:500]
    try:
        with transaction.atomic():
            if action == "approve" and step.name == "register":
                StartupApplication.objects.filter(case_id=case_id).update(approved_by=_actor(profile))
                processes.retry_step(step.process_id, step.name, actor=_actor(profile), note=note or "人工审核通过")
                return f"已审核通过，“{step.title}”将重新执行"
            if action == "retry":
                processes.retry_step(step.process_id, step.name, actor=_actor(profile), note=note)
                return f"“{step.title}”将重新执行"
            if action == "give_up":
                if not note:
                    raise StaffActionError("终止办理须填写原因，原因将告知申请人")
                processes.give_up_step(step.process_id, step.name, actor=_actor(profile), reason=note)
                case = case_moves.locked_case(case_id)
                if step.name == "register":
                    case_moves.not_approved(case, f"{step.title}未予办理：{note}", user=profile.user,
                                            actor=_actor(profile))
                else:  # the company exists and holds its licence: the case ends, this branch undone
                    case.result_text = f"营业执照已核发；{step.title}未能在线办理：{note}。请按提示到窗口办理。"
                    case_moves.complete(case, case.result_text)
                return "已终止办理，并告知申请人"
    except processes.ProcessError as error:
        raise StaffActionError(error.message) from None
    raise StaffActionError("请选择要执行的操作")
