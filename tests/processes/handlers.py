"""Step handlers for the engine's tests, imported by the test process (conftest) and by the worker
processes the tests start (ONESTOP_PROCESS_HANDLER_MODULES). Their behaviour comes from the
process's inputs, so that a worker in another process behaves the same."""

from __future__ import annotations

import time
from pathlib import Path

from onestop.processes.handlers import AwaitOutcome, PermanentFailure, RetryableFailure, StepContext, step_handler


@step_handler("tests.record")
def record(ctx: StepContext) -> dict:
    return {"step": ctx.step, "saw": sorted(ctx.upstream)}


@step_handler("tests.scripted")
def scripted(ctx: StepContext) -> dict:
    """inputs["script"][step]: n → fails (retryable) on the first n attempts; "permanent" → refused;
    "down" → the branch's system never answers."""
    plan = ctx.inputs.get("script", {}).get(ctx.step, 0)
    if plan == "permanent":
        raise PermanentFailure("分支系统拒绝受理：申请材料不符合要求")
    if plan == "down" or (isinstance(plan, int) and ctx.attempt <= plan):
        raise RetryableFailure("分支系统暂时无法连接")
    return {"step": ctx.step, "attempt": ctx.attempt, "saw": sorted(ctx.upstream)}


@step_handler("tests.effect")
def effect(ctx: StepContext) -> dict:
    """A side effect kept idempotent by its key: a file created exclusively under the key. Every call
    leaves an attempt marker; the first attempt of the step named inputs["hang"] hangs after its effect."""
    folder = Path(ctx.inputs["effects_dir"])
    (folder / f"attempt-{ctx.step}-{ctx.attempt}").touch()
    try:
        with open(folder / f"effect-{ctx.idempotency_key}", "x") as out:
            out.write(str(ctx.attempt))
        made = True
    except FileExistsError:  # done by an earlier attempt: the same result, no second effect
        made = False
    if ctx.inputs.get("hang") == ctx.step and ctx.attempt == 1:
        time.sleep(120)
    return {"made_effect": made}


@step_handler("tests.await")
def await_outside(ctx: StepContext) -> AwaitOutcome:
    """Hands the step's work to an outside party and awaits "outside:<process>-<step>"."""
    return AwaitOutcome(f"outside:{ctx.process_id}-{ctx.step}", {"opened": ctx.step, "saw": sorted(ctx.upstream)})
