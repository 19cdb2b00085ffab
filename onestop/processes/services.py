"""Publishing definitions, starting processes, and the staff actions on a process (retry a step
that needs attention, give it up, cancel the process). Each is one function in one transaction;
the worker side is in ``transitions.py`` and ``worker.py``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from .definition import DefinitionError, parse_definition
from .handlers import is_registered
from .models import Process, ProcessDefinition, ProcessEvent, ProcessSignal, ProcessState, StepRun, StepState
from .transitions import TERMINAL_PROCESS, lock_process, record, resolve_awaiting, settle


class ProcessError(Exception):
    """A staff action that does not apply to the process as it stands. ``code`` is stable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def publish_definition(key: str, spec: dict) -> ProcessDefinition:
    """Validates ``spec`` and stores it as the next version of ``key`` (the same spec as the latest
    version is not stored twice). Raises ``DefinitionError``."""
    definition = parse_definition(spec, is_registered)
    latest = ProcessDefinition.objects.filter(key=key).order_by("-version").first()
    if latest is not None and latest.spec == spec:
        return latest
    try:
        with transaction.atomic():
            version = (ProcessDefinition.objects.filter(key=key).aggregate(v=Max("version"))["v"] or 0) + 1
            return ProcessDefinition.objects.create(key=key, version=version, title=definition.title, spec=spec)
    except IntegrityError:
        raise DefinitionError("version_conflict", f"流程 {key} 正由他人同时发布，请稍后重试") from None


def start_process(key: str, subject: str, inputs: dict | None = None, actor: str = "system",
                  due_at=None) -> Process:
    """Starts the latest version of ``key`` for ``subject``; its steps without dependencies are ready
    at once, and due for workers from ``due_at`` (default now: a caller that runs a step itself with
    ``worker.run_step_now`` keeps workers off it meanwhile). Starting the same (key, subject) again
    returns the process already started."""
    version = ProcessDefinition.objects.filter(key=key).order_by("-version").first()
    if version is None:
        raise ProcessError("unknown_process", f"流程 {key} 尚未发布")
    definition = parse_definition(version.spec, lambda _: True)  # validated when published
    now = timezone.now()
    try:
        with transaction.atomic():
            process = Process.objects.create(definition=version, key=key, subject=subject, inputs=inputs or {})
            events = [ProcessEvent(process=process, step="", from_state="", to_state=ProcessState.RUNNING, actor=actor,
                                   detail=f"{key} 第 {version.version} 版")]
            for spec in definition.steps:
                state = StepState.WAITING if spec.depends_on else StepState.READY
                StepRun.objects.create(
                    process=process, name=spec.name, title=spec.title, handler=spec.handler,
                    depends_on=list(spec.depends_on), state=state, max_attempts=spec.retry.max_attempts,
                    attempt_limit=spec.retry.max_attempts, base_delay_seconds=spec.retry.base_delay_seconds,
                    max_delay_seconds=spec.retry.max_delay_seconds, timeout_seconds=spec.timeout_seconds,
                    next_attempt_at=(due_at or now) if state == StepState.READY else None)
                events.append(ProcessEvent(process=process, step=spec.name, from_state="", to_state=state, actor=actor))
            ProcessEvent.objects.bulk_create(events)  # one insert: starting is on 秒批's in-request path
    except IntegrityError:
        # The same subject started twice at once: the unique constraint keeps one, which both get.
        return Process.objects.get(key=key, subject=subject)
    return process


def signal(subject: str, outcome: str, *, outputs: dict | None = None, reason: str = "",
           actor: str = "system") -> bool:
    """Reports the final outcome of ``subject`` (``"done"`` or ``"failed"``) to the steps awaiting it.
    Called inside the transaction that makes the outcome final, so that both commit together. The
    first outcome of a subject is the one kept; False when one was already stored."""
    if outcome not in ProcessSignal.Outcome.values:
        raise ProcessError("unknown_outcome", f"未知的办理结果 {outcome}")
    with transaction.atomic():
        _, created = ProcessSignal.objects.get_or_create(
            subject=subject, defaults={"outcome": outcome, "outputs": outputs or {}, "reason": reason})
    if created:
        resolve_awaiting(subject, actor)
    return created


def _step_for_staff(process_id: int, name: str) -> tuple[Process, StepRun]:
    process = lock_process(process_id)
    step = StepRun.objects.filter(process=process, name=name).first()
    if step is None:
        raise ProcessError("unknown_step", f"流程中没有步骤 {name}")
    if step.state != StepState.NEEDS_ATTENTION:
        raise ProcessError("step_not_waiting_for_staff",
                           f"步骤“{step.title}”当前状态为“{step.get_state_display()}”，无需人工处理")
    return process, step


@transaction.atomic
def retry_step(process_id: int, name: str, actor: str, note: str = "") -> StepRun:
    """Staff: run a step that needs attention again, with a fresh round of attempts."""
    process, step = _step_for_staff(process_id, name)
    StepRun.objects.filter(pk=step.pk).update(state=StepState.READY, next_attempt_at=timezone.now(),
                                              attempt_limit=step.attempts + step.max_attempts)
    record(process.pk, name, StepState.NEEDS_ATTENTION, StepState.READY, attempt=step.attempts, actor=actor,
           detail=note or "工作人员要求重新执行")
    settle(process, actor)
    step.refresh_from_db()
    return step


def _close(process: Process, state: str, actor: str, detail: str) -> None:
    for step in StepRun.objects.filter(process=process).exclude(
            state__in=[StepState.DONE, StepState.FAILED, StepState.CANCELLED]):
        StepRun.objects.filter(pk=step.pk).update(state=StepState.CANCELLED, lease_owner="",
                                                  lease_expires_at=None)
        record(process.pk, step.name, step.state, StepState.CANCELLED, actor=actor, detail=detail)
    Process.objects.filter(pk=process.pk).update(state=state, finished_at=timezone.now())
    record(process.pk, "", process.state, state, actor=actor, detail=detail)


@transaction.atomic
def give_up_step(process_id: int, name: str, actor: str, reason: str) -> Process:
    """Staff: a step that needs attention cannot be done; the process ends as failed."""
    if not reason.strip():
        raise ProcessError("reason_required", "终止流程须填写原因")
    process, step = _step_for_staff(process_id, name)
    StepRun.objects.filter(pk=step.pk).update(state=StepState.FAILED, reason=reason, finished_at=timezone.now())
    record(process.pk, name, StepState.NEEDS_ATTENTION, StepState.FAILED, attempt=step.attempts, actor=actor,
           detail=reason)
    _close(process, ProcessState.FAILED, actor, f"步骤“{step.title}”已终止：{reason}")
    process.refresh_from_db()
    return process


@transaction.atomic
def cancel_process(process_id: int, actor: str, reason: str) -> Process:
    """The subject no longer needs the process (e.g. the application was withdrawn)."""
    process = lock_process(process_id)
    if process.state in TERMINAL_PROCESS:
        raise ProcessError("process_finished", f"流程已{process.get_state_display()}，不能撤销")
    _close(process, ProcessState.CANCELLED, actor, reason or "流程已撤销")
    process.refresh_from_db()
    return process


@dataclass(frozen=True)
class Branch:
    step: StepRun
    events: list[ProcessEvent]


def timeline(process: Process) -> tuple[list[ProcessEvent], list[Branch]]:
    """The process's own events, and each step with its events, in definition order."""
    events = list(process.events.all())
    order = [s.name for s in parse_definition(process.definition.spec, lambda _: True).steps]
    steps = sorted(process.steps.all(), key=lambda s: order.index(s.name))
    return [e for e in events if not e.step], [Branch(s, [e for e in events if e.step == s.name]) for s in steps]


def steps_needing_attention():
    """What staff have to look at, oldest first, with the reason on each row."""
    return StepRun.objects.filter(state=StepState.NEEDS_ATTENTION).select_related("process").order_by(
        "process__updated_at", "id")
