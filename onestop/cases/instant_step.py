"""秒批 as one step of the process engine: the definition (one step, ``decide``), its handler, and
starting it with the case.

The process starts in the transaction that creates the case, so the step row commits with the case
(a transactional outbox: nothing accepted is lost). The request then runs the step itself
(``decide_now``: the engine's claim, lease and fencing, so that a worker can never run it at the
same time); the step becomes due for workers only ``SAFETY_NET_SECONDS`` later, so they do not race
the request for it. A web process killed mid-decision leaves the step running under a lease that a
worker takes over when it expires. Deciding is idempotent per case (``instant.decide_instantly``)."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from onestop.processes import services as processes
from onestop.processes.definition import DefinitionError
from onestop.processes.handlers import RetryableFailure, StepContext, step_handler
from onestop.processes.models import Process, ProcessDefinition
from onestop.processes.worker import run_step_now

from . import instant
from .models import Case

log = logging.getLogger(__name__)
KEY = "instant_approval"
STEP = "decide"
HANDLER = "cases.decide_instantly"
MAX_ATTEMPTS = 5
SAFETY_NET_SECONDS = 30
# Also written by migration cases 0003: a change here needs a new version published (ensure_definition).
DEFINITION = {
    "title": "秒批",
    "steps": [{"name": STEP, "title": "秒批判定", "handler": HANDLER, "timeout_seconds": 60,
               "retry": {"max_attempts": MAX_ATTEMPTS, "base_delay_seconds": 2, "max_delay_seconds": 60}}],
}


def subject(case_id: int) -> str:
    return f"case:{case_id}"


@step_handler(HANDLER)
def decide(ctx: StepContext) -> dict:
    """Decides the case (a data source down already means: refer with the reason). An unexpected
    fault is retried; on the last attempt the case goes to a reviewer instead of waiting for ever."""
    case_id = int(ctx.subject.removeprefix("case:"))
    try:
        case = instant.decide_instantly(case_id)
    except Exception as exc:  # noqa: BLE001 - every fault ends in a retry or a referral, never a lost case
        reason = f"自动审核出错（{type(exc).__name__}）"
        if ctx.attempt < MAX_ATTEMPTS:
            raise RetryableFailure(f"{reason}，稍后重试") from exc
        log.exception("秒批 of case %s failed %d times: referred to a reviewer", case_id, ctx.attempt)
        case = instant.refer(case_id, f"{reason}，已尝试 {ctx.attempt} 次，转工作人员审核")
    return {"status": case.status, "decision": case.decision_id}


def ensure_definition() -> ProcessDefinition:
    """Publishes ``DEFINITION`` unless it is the latest version already (idempotent)."""
    try:
        return processes.publish_definition(KEY, DEFINITION)
    except DefinitionError as exc:
        if exc.code != "version_conflict":
            raise
        return ProcessDefinition.objects.filter(key=KEY).latest("version")  # published by a concurrent caller


def start(case: Case, *, decided_in_request: bool) -> Process:
    """Starts the case's 秒批 process; called inside the transaction that creates the case."""
    due = timezone.now() + dt.timedelta(seconds=SAFETY_NET_SECONDS) if decided_in_request else None
    try:
        return processes.start_process(KEY, subject(case.pk), actor="系统（秒批）", due_at=due)
    except processes.ProcessError as exc:
        if exc.code != "unknown_process":
            raise
        ensure_definition()  # e.g. a database emptied after migrating
        return processes.start_process(KEY, subject(case.pk), actor="系统（秒批）", due_at=due)


def decide_now(process: Process) -> bool:
    """Runs the decision in this request if no worker holds it; True if this call ran it."""
    return run_step_now(process.pk, STEP)
