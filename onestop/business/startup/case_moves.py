"""How the start-up's case moves: the one place that calls the cases app's state change, so that
switching to ``cases.workflow.transition()`` when it lands is a change of this file alone."""

from __future__ import annotations

from onestop.cases import services as cases
from onestop.cases.models import Case, Status

SYSTEM_ACTOR = "系统（企业开办）"


def locked_case(case_id: int) -> Case:
    return cases.locked(case_id)


def move_case(case: Case, to: str, *, action: str, reason: str = "", user=None, actor: str = SYSTEM_ACTOR) -> Case:
    """The caller holds the case's row lock (``locked_case``) inside its transaction."""
    return cases.move(case, to, user=user, actor=actor, action=action, reason=reason)


def accept(case: Case, reason: str) -> Case:
    return move_case(case, Status.ACCEPTED, action="accept", reason=reason)


def complete(case: Case, reason: str) -> Case:
    return move_case(case, Status.COMPLETED, action="approve", reason=reason)


def not_approved(case: Case, reason: str, *, user, actor: str) -> Case:
    return move_case(case, Status.NOT_APPROVED, action="reject", reason=reason, user=user, actor=actor)
