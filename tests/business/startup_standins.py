"""Stand-ins for the four branch handlers (the real ones are the branches engineer's), imported by
the test process and by the worker processes the tests start (ONESTOP_PROCESS_HANDLER_MODULES).
Each answers as a branch does: an outside reference and a one-line summary for the founder."""

from __future__ import annotations

import copy

from onestop.business.startup.process import BRANCHES, DEFINITION
from onestop.processes.handlers import StepContext, step_handler

STANDIN = "tests.startup_branch"


@step_handler(STANDIN)
def branch(ctx: StepContext) -> dict:
    registered = ctx.upstream["register"]
    return {"reference": f"{ctx.step.upper()}-{ctx.idempotency_key}", "uscc": registered["uscc"],
            "summary": f"{ctx.step} 已办理（测试替身，统一社会信用代码 {registered['uscc']}）"}


def standin_definition() -> dict:
    """company_startup with the stand-in in every branch step; register and complete are real."""
    spec = copy.deepcopy(DEFINITION)
    for step in spec["steps"]:
        if step["name"] in BRANCHES:
            step["handler"] = STANDIN
    return spec
