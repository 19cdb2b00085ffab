"""The worker side of the engine: claiming due steps under a lease, and recording what an attempt
ended with. Every transition of a step or a process writes a ``ProcessEvent`` in the same
transaction.

A claim is a conditional update (``UPDATE … WHERE state = <as read> AND attempts = <as read>``): of
two workers that read the same row, one changes it and the other changes nothing and moves on. On
PostgreSQL the candidates are read with ``FOR UPDATE SKIP LOCKED``, so that workers take disjoint
rows instead of queueing on each other's. Claiming counts the attempt and sets the lease:
``lease_owner`` and ``lease_expires_at`` (now + the step's timeout). An attempt's result is recorded
only if the row still carries that owner and that attempt number (a fencing check): a worker whose
lease expired and was taken over finds its result discarded.

Every transaction that finishes a step first updates its process row: that serialises the steps of
one process, so that of two branches finishing at once the second one sees the first as done and
releases the join (on SQLite the first statement being a write also avoids a read-to-write upgrade)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Q, Value
from django.utils import timezone

from .definition import RetryPolicy
from .models import Process, ProcessEvent, ProcessSignal, ProcessState, StepRun, StepState

log = logging.getLogger(__name__)
SECOND = dt.timedelta(seconds=1)
TERMINAL_PROCESS = {ProcessState.DONE, ProcessState.FAILED, ProcessState.CANCELLED}


@dataclass(frozen=True)
class Claim:
    """A step a worker holds: which attempt, under which owner."""

    step: StepRun
    owner: str
    attempt: int


def record(process_id: int, step: str, from_state: str, to_state: str, *, attempt: int = 0, actor: str = "",
           detail: str = "") -> None:
    ProcessEvent.objects.create(process_id=process_id, step=step, from_state=from_state, to_state=to_state,
                                attempt=attempt, actor=actor, detail=detail)


def lock_process(process_id: int) -> Process:
    """First statement of a transaction that moves steps: it locks the process row (see above)."""
    if connection.features.has_select_for_update:
        # NO KEY: compatible with the KEY SHARE lock that inserting a ProcessEvent takes on the row.
        return Process.objects.select_for_update(no_key=True).get(pk=process_id)
    Process.objects.filter(pk=process_id).update(updated_at=timezone.now())
    return Process.objects.get(pk=process_id)


def _event(process_id: int, step: str, from_state: str, to_state: str, *, attempt: int = 0, actor: str = "",
           detail: str = "") -> ProcessEvent:
    return ProcessEvent(process_id=process_id, step=step, from_state=from_state, to_state=to_state,
                        attempt=attempt, actor=actor, detail=detail)


def _cancel_blocked(steps: list[list], now: dt.datetime, actor: str, events: list[ProcessEvent], pid: int) -> None:
    """Waiting steps that depend on a failed or cancelled one can never run: cancelled, transitively."""
    state = {row[1]: row[2] for row in steps}
    blocked = []
    changed = True
    while changed:
        changed = False
        for row in steps:
            pk, name, current, deps = row
            stopped = [d for d in deps if state[d] in (StepState.FAILED, StepState.CANCELLED)]
            if current == StepState.WAITING and stopped:
                state[name] = row[2] = StepState.CANCELLED
                blocked.append((pk, name, stopped[0]))
                changed = True
    if blocked:
        StepRun.objects.filter(pk__in=[pk for pk, _, _ in blocked], state=StepState.WAITING).update(
            state=StepState.CANCELLED, finished_at=now)
        events += [_event(pid, name, StepState.WAITING, StepState.CANCELLED, actor=actor,
                          detail=f"前序步骤 {dep} 未完成，本步骤不再办理") for _, name, dep in blocked]


def advance(process: Process, now: dt.datetime, actor: str, events: list[ProcessEvent]) -> None:
    """After a step moved: releases the waiting steps whose dependencies are all done (fan-out and
    join) and cancels those behind a failed step, then sets the process's state from its steps: done
    when all are, failed when all have ended and some failed, needs attention while any step does,
    running otherwise. Reads the process's steps once; appends the events to ``events``."""
    if process.state in TERMINAL_PROCESS:
        return
    steps = [list(row) for row in
             StepRun.objects.filter(process=process).values_list("pk", "name", "state", "depends_on")]
    _cancel_blocked(steps, now, actor, events, process.pk)
    done = {name for _, name, state, _ in steps if state == StepState.DONE}
    released = [(pk, name) for pk, name, state, deps in steps if state == StepState.WAITING and set(deps) <= done]
    if released:
        StepRun.objects.filter(pk__in=[pk for pk, _ in released], state=StepState.WAITING).update(
            state=StepState.READY, next_attempt_at=now)
        events += [_event(process.pk, name, StepState.WAITING, StepState.READY, actor=actor, detail="前序步骤均已完成")
                   for _, name in released]
    ended = {StepState.DONE, StepState.FAILED, StepState.CANCELLED}
    if len(done) == len(steps):
        new = ProcessState.DONE
    elif all(state in ended for _, _, state, _ in steps):
        new = ProcessState.FAILED
    elif any(state == StepState.NEEDS_ATTENTION for _, _, state, _ in steps):
        new = ProcessState.NEEDS_ATTENTION
    else:
        new = ProcessState.RUNNING
    if new != process.state:
        finished = now if new in TERMINAL_PROCESS else None
        Process.objects.filter(pk=process.pk).update(state=new, finished_at=finished)
        events.append(_event(process.pk, "", process.state, new, actor=actor))
        process.state = new


def settle(process: Process, actor: str) -> None:
    """``advance`` for the staff actions, which record their own events first."""
    events: list[ProcessEvent] = []
    advance(process, timezone.now(), actor, events)
    ProcessEvent.objects.bulk_create(events)


def _due(now: dt.datetime) -> Q:
    return (Q(state=StepState.READY, next_attempt_at__lte=now)
            | Q(state=StepState.RUNNING, lease_expires_at__lt=now, attempts__lt=F("attempt_limit")))


def _claimed(row: StepRun, owner: str, now: dt.datetime, events: list[ProcessEvent]) -> Claim:
    detail = f"上一执行者 {row.lease_owner} 的租约已到期，重新执行" if row.state == StepState.RUNNING else ""
    attempt = row.attempts + 1
    events.append(_event(row.process_id, row.name, row.state, StepState.RUNNING, attempt=attempt, actor=owner,
                         detail=detail))
    row.state, row.attempts, row.lease_owner = StepState.RUNNING, attempt, owner
    return Claim(row, owner, attempt)


def claim_steps(owner: str, limit: int = 10, now: dt.datetime | None = None) -> list[Claim]:
    """Claims up to ``limit`` due steps for ``owner``: ready ones whose time has come, and running
    ones whose lease expired while attempts remain."""
    now = now or timezone.now()
    rows = StepRun.objects.filter(_due(now)).select_related("process").order_by("next_attempt_at", "id")
    events: list[ProcessEvent] = []
    claims: list[Claim] = []
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            locked = list(rows.select_for_update(skip_locked=True, of=("self",))[:limit])
            if locked:  # held by this transaction: one update for the batch
                StepRun.objects.filter(pk__in=[r.pk for r in locked]).update(
                    state=StepState.RUNNING, attempts=F("attempts") + 1, lease_owner=owner,
                    lease_expires_at=ExpressionWrapper(Value(now) + F("timeout_seconds") * Value(SECOND),
                                                       output_field=DateTimeField()))
                claims = [_claimed(row, owner, now, events) for row in locked]
                ProcessEvent.objects.bulk_create(events)
        return claims
    for row in rows[:limit]:  # SQLite: one writer at a time; each claim is its own short transaction
        with transaction.atomic():
            if StepRun.objects.filter(_due(now), pk=row.pk, state=row.state, attempts=row.attempts).update(
                    state=StepState.RUNNING, attempts=row.attempts + 1, lease_owner=owner,
                    lease_expires_at=now + row.timeout_seconds * SECOND):
                claims.append(_claimed(row, owner, now, events))
                ProcessEvent.objects.bulk_create(events[-1:])
    return claims


def claim_step(process_id: int, name: str, owner: str, now: dt.datetime | None = None) -> Claim | None:
    """Claims one named step now if it is ready (a first attempt even before it is due; a retry only
    once its back-off has passed), with the same conditional update, lease and event as
    ``claim_steps``. None if it is not ready, or another worker holds it."""
    now = now or timezone.now()
    row = StepRun.objects.select_related("process").filter(process_id=process_id, name=name).first()
    if row is None or row.state != StepState.READY or row.attempts and row.next_attempt_at > now:
        return None
    with transaction.atomic():
        if not StepRun.objects.filter(pk=row.pk, state=StepState.READY, attempts=row.attempts).update(
                state=StepState.RUNNING, attempts=row.attempts + 1, lease_owner=owner,
                lease_expires_at=now + row.timeout_seconds * SECOND):
            return None
        events: list[ProcessEvent] = []
        claim = _claimed(row, owner, now, events)
        ProcessEvent.objects.bulk_create(events)
    return claim


def _held(claim: Claim):
    return StepRun.objects.filter(pk=claim.step.pk, state=StepState.RUNNING, lease_owner=claim.owner,
                                  attempts=claim.attempt)


def complete_step(claim: Claim, outputs: dict, now: dt.datetime | None = None) -> bool:
    """Records a successful attempt and releases the steps waiting on it. False if the lease was lost."""
    now = now or timezone.now()
    with transaction.atomic():
        process = lock_process(claim.step.process_id)
        if not _held(claim).update(state=StepState.DONE, outputs=outputs, reason="", lease_owner="",
                                   lease_expires_at=None, finished_at=now):
            log.warning("step %s attempt %d finished after its lease was lost: result discarded", claim.step,
                        claim.attempt)
            return False
        events = [_event(process.pk, claim.step.name, StepState.RUNNING, StepState.DONE, attempt=claim.attempt,
                         actor=claim.owner)]
        advance(process, now, claim.owner, events)
        ProcessEvent.objects.bulk_create(events)
    return True


def fail_step(claim: Claim, reason: str, *, retryable: bool, now: dt.datetime | None = None) -> bool:
    """Records a failed attempt: tried again after a back-off while attempts remain, otherwise (or
    when the failure is permanent) the step waits for staff with the reason. False if the lease was lost."""
    now = now or timezone.now()
    step = claim.step
    retry = retryable and claim.attempt < step.attempt_limit
    with transaction.atomic():
        process = lock_process(step.process_id)
        if retry:
            delay = RetryPolicy(step.max_attempts, step.base_delay_seconds, step.max_delay_seconds).delay(
                claim.attempt)
            changed = _held(claim).update(state=StepState.READY, reason=reason, lease_owner="", lease_expires_at=None,
                                          next_attempt_at=now + dt.timedelta(seconds=delay))
            new, detail = StepState.READY, f"{reason}；{delay:.1f} 秒后第 {claim.attempt + 1} 次尝试"
        else:
            changed = _held(claim).update(state=StepState.NEEDS_ATTENTION, reason=reason, lease_owner="",
                                          lease_expires_at=None)
            tried = f"已尝试 {claim.attempt} 次，" if retryable else ""
            new, detail = StepState.NEEDS_ATTENTION, f"{reason}；{tried}请工作人员处理"
        if not changed:
            log.warning("step %s attempt %d failed after its lease was lost: ignored", step, claim.attempt)
            return False
        events = [_event(process.pk, step.name, StepState.RUNNING, new, attempt=claim.attempt, actor=claim.owner,
                         detail=detail)]
        advance(process, now, claim.owner, events)
        ProcessEvent.objects.bulk_create(events)
    return True


def expire_exhausted(actor: str, now: dt.datetime | None = None) -> int:
    """Steps whose last allowed attempt outlived its lease go to staff: the worker was presumably lost."""
    now = now or timezone.now()
    count = 0
    for step in StepRun.objects.filter(state=StepState.RUNNING, lease_expires_at__lt=now,
                                       attempts__gte=F("attempt_limit")):
        with transaction.atomic():
            process = lock_process(step.process_id)
            reason = f"执行超时：第 {step.attempts} 次尝试超过 {step.timeout_seconds} 秒未完成，执行者可能已中断"
            if StepRun.objects.filter(pk=step.pk, state=StepState.RUNNING, attempts=step.attempts,
                                      lease_owner=step.lease_owner).update(
                    state=StepState.NEEDS_ATTENTION, reason=reason, lease_owner="", lease_expires_at=None):
                events = [_event(process.pk, step.name, StepState.RUNNING, StepState.NEEDS_ATTENTION,
                                 attempt=step.attempts, actor=actor, detail=f"{reason}；请工作人员处理")]
                advance(process, now, actor, events)
                ProcessEvent.objects.bulk_create(events)
                count += 1
    return count


def await_outcome(claim: Claim, subject: str, outputs: dict, now: dt.datetime | None = None) -> bool:
    """Records that the attempt's effect is done and the step now awaits ``subject``'s outcome. If
    that outcome already arrived (a 秒批 case decided within its own submission), it is applied at
    once. False if the lease was lost."""
    now = now or timezone.now()
    with transaction.atomic():
        process = lock_process(claim.step.process_id)
        if not _held(claim).update(state=StepState.AWAITING, awaiting_subject=subject, outputs=outputs, reason="",
                                   lease_owner="", lease_expires_at=None):
            log.warning("step %s attempt %d awaited after its lease was lost: ignored", claim.step, claim.attempt)
            return False
        events = [_event(process.pk, claim.step.name, StepState.RUNNING, StepState.AWAITING, attempt=claim.attempt,
                         actor=claim.owner, detail=f"等待 {subject} 的办理结果")]
        arrived = ProcessSignal.objects.filter(subject=subject).first()
        if arrived is not None:
            step = StepRun.objects.get(pk=claim.step.pk)
            _apply_outcome(process, step, arrived, now, claim.owner, events)
        else:
            advance(process, now, claim.owner, events)
        ProcessEvent.objects.bulk_create(events)
    return True


def _apply_outcome(process: Process, step: StepRun, signal: ProcessSignal, now: dt.datetime, actor: str,
                   events: list[ProcessEvent]) -> bool:
    """An awaiting step takes the outcome: done with the outputs merged, or failed with the reason
    (its dependants are then cancelled by ``advance``). The caller holds the process lock."""
    done = signal.outcome == ProcessSignal.Outcome.DONE
    new = StepState.DONE if done else StepState.FAILED
    if not StepRun.objects.filter(pk=step.pk, state=StepState.AWAITING).update(
            state=new, outputs={**step.outputs, **signal.outputs}, reason="" if done else signal.reason,
            finished_at=now):
        return False
    events.append(_event(process.pk, step.name, StepState.AWAITING, new, attempt=step.attempts, actor=actor,
                         detail=signal.reason))
    advance(process, now, actor, events)
    return True


def resolve_awaiting(subject: str, actor: str, now: dt.datetime | None = None) -> int:
    """Applies the stored outcome of ``subject`` to the steps awaiting it; returns how many moved."""
    now = now or timezone.now()
    signal = ProcessSignal.objects.filter(subject=subject).first()
    if signal is None:
        return 0
    moved = 0
    for step in StepRun.objects.filter(awaiting_subject=subject, state=StepState.AWAITING):
        with transaction.atomic():
            process = lock_process(step.process_id)
            events: list[ProcessEvent] = []
            step.refresh_from_db()
            if step.state == StepState.AWAITING and _apply_outcome(process, step, signal, now, actor, events):
                moved += 1
            ProcessEvent.objects.bulk_create(events)
    return moved


def resolve_signalled(actor: str, now: dt.datetime | None = None, limit: int = 100) -> int:
    """The worker's sweep: awaiting steps whose outcome was stored while they were not yet awaiting
    (the signal and the await committed at the same moment and each missed the other)."""
    subjects = StepRun.objects.filter(state=StepState.AWAITING, awaiting_subject__in=ProcessSignal.objects.values(
        "subject")).values_list("awaiting_subject", flat=True).distinct()[:limit]
    return sum(resolve_awaiting(subject, actor, now) for subject in list(subjects))
