"""A worker: claims a batch of due steps and runs each one's handler outside any transaction, then
records the outcome. Several workers (processes, machines) can run at once; a killed worker's steps
are taken again when their lease expires (see ``transitions.py``)."""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket

from .handlers import AwaitOutcome, StepContext, StepFailure, get_handler
from .models import StepRun, StepState
from .transitions import (
    Claim,
    await_outcome,
    claim_step,
    claim_steps,
    complete_step,
    expire_exhausted,
    fail_step,
    resolve_signalled,
)

log = logging.getLogger(__name__)


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


def _context(claim: Claim) -> StepContext:
    step, process = claim.step, claim.step.process
    upstream = {}
    if step.depends_on:
        upstream = dict(StepRun.objects.filter(process_id=step.process_id, name__in=step.depends_on,
                                               state=StepState.DONE).values_list("name", "outputs"))
    return StepContext(process_id=process.pk, step=step.name, subject=process.subject,
                       inputs=process.inputs,
                       upstream=upstream, attempt=claim.attempt, idempotency_key=step.idempotency_key)


def run_claimed(claim: Claim) -> bool:
    """Runs one claimed step; True if it finished done."""
    handler = get_handler(claim.step.handler)
    if handler is None:  # e.g. a worker of an older release: another worker may know it
        fail_step(claim, f"处理程序 {claim.step.handler} 未在执行进程中登记", retryable=True)
        return False
    try:
        outputs = handler(_context(claim)) or {}
        if isinstance(outputs, AwaitOutcome):
            json.dumps(outputs.outputs)
            await_outcome(claim, outputs.subject, outputs.outputs)
            return False  # its effect is done; the step finishes when the outcome is signalled
        if not isinstance(outputs, dict):
            raise TypeError("outputs must be a dict")
        json.dumps(outputs)
    except StepFailure as failure:
        fail_step(claim, failure.reason, retryable=failure.retryable)
        return False
    except (TypeError, ValueError) as exc:
        log.exception("step %s returned outputs that are not a JSON object", claim.step)
        fail_step(claim, f"处理程序的输出不是 JSON 对象（{type(exc).__name__}）", retryable=False)
        return False
    except Exception as exc:  # noqa: BLE001 - an unexpected fault is retried, and its type shown to staff
        log.exception("step %s attempt %d raised", claim.step, claim.attempt)
        fail_step(claim, f"处理程序运行出错（{type(exc).__name__}）", retryable=True)
        return False
    return complete_step(claim, outputs)


def run_step_now(process_id: int, name: str, owner: str = "") -> bool:
    """Claims and runs one named step in the calling process if it is ready (e.g. 秒批 in the
    applicant's request). False if it was not ready or a worker holds it: then it is left to them."""
    claim = claim_step(process_id, name, owner or new_worker_id())
    if claim is None:
        return False
    run_claimed(claim)
    return True


def run_batch(worker: str, limit: int = 10) -> int:
    """Claims up to ``limit`` due steps and runs them one after another; returns how many it ran."""
    expire_exhausted(worker)
    resolve_signalled(worker)
    claims = claim_steps(worker, limit)
    for claim in claims:
        run_claimed(claim)
    return len(claims)


def run_until_idle(worker: str, limit: int = 10) -> int:
    """Runs batches until nothing is due (steps waiting for a back-off are left). Returns the total."""
    total = 0
    while ran := run_batch(worker, limit):
        total += ran
    return total
