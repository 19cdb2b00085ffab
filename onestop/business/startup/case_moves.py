"""How the start-up's case moves: the cases app's transition table (cases.workflow), with the
SYSTEM role for the process's own steps and the reviewer's role for a clerk's decision."""

from __future__ import annotations

from onestop.cases import workflow
from onestop.cases.models import Case, Status

SYSTEM_ACTOR = "系统（企业开办）"


def locked_case(case_id: int) -> Case:
    return workflow.locked(case_id)


def accept(case: Case, reason: str) -> Case:
    """The licence is issued: 受理 by the system (the caller holds the row lock)."""
    return workflow.transition(case, "accept", user=None, actor=SYSTEM_ACTOR, reason=reason, role=workflow.SYSTEM)


def complete(case: Case, reason: str) -> Case:
    """Every branch has joined: 办结."""
    return workflow.transition(case, "complete", user=None, actor=SYSTEM_ACTOR, reason=reason, role=workflow.SYSTEM)


def not_approved(case: Case, reason: str, *, user, actor: str) -> Case:
    """A clerk (or the system) decides the registration cannot be made. A case not yet accepted is
    accepted first: 不予批准 is a decision on an accepted application (《行政许可法》第三十八条)."""
    role = workflow.REVIEWER if user is not None else workflow.SYSTEM
    if case.status == Status.SUBMITTED:
        workflow.transition(case, "accept", user=user, actor=actor, role=role)
    return workflow.transition(case, "not_approve", user=user, actor=actor, reason=reason, role=role)
