"""The company start-up process (contract.md) as data, and who answers for each of its steps."""

from __future__ import annotations

from onestop.processes import services as processes
from onestop.processes.definition import DefinitionError

from ..branches.handlers import DEPARTMENT_OF_STEP

PROCESS_KEY = "company_startup"
BRANCHES = ("seal", "bank", "tax", "social_insurance")
_RETRY = {"max_attempts": 6, "base_delay_seconds": 2, "max_delay_seconds": 120}

DEFINITION = {
    "title": "企业开办",
    "steps": [
        {"name": "register", "title": "设立登记及营业执照", "handler": "business.register", "retry": _RETRY,
         "timeout_seconds": 60},
        {"name": "seal", "title": "公章刻制备案", "handler": "business.seal", "depends_on": ["register"],
         "retry": _RETRY, "timeout_seconds": 60},
        {"name": "bank", "title": "银行开户预约", "handler": "business.bank", "depends_on": ["register"],
         "retry": _RETRY, "timeout_seconds": 60},
        {"name": "tax", "title": "税务登记及新办纳税人套餐", "handler": "business.tax", "depends_on": ["register"],
         "retry": _RETRY, "timeout_seconds": 60},
        {"name": "social_insurance", "title": "社保及住房公积金登记", "handler": "business.social_insurance",
         "depends_on": ["register"], "retry": _RETRY, "timeout_seconds": 60},
        {"name": "complete", "title": "办结", "handler": "business.complete", "depends_on": list(BRANCHES),
         "retry": _RETRY, "timeout_seconds": 60},
    ],
}

# The department whose staff see a step that needs attention (demo catalogue codes): each branch's
# is its service's (seal D009 公安分局, tax D026 税务局, social insurance D007 人社局; the bank's
# appointment is followed up by D002 区市场监督管理局, which runs the start-up window).
STEP_DEPARTMENTS = {"register": "D002", **DEPARTMENT_OF_STEP, "complete": "D002"}


def publish() -> str:
    """Publishes the definition (idempotent: an unchanged spec is not stored again). Returns a line
    for the loader's report; until every handler is registered nothing is published, and it says so."""
    try:
        definition = processes.publish_definition(PROCESS_KEY, DEFINITION)
    except DefinitionError as error:
        if error.code != "unknown_handler":
            raise
        return f"{PROCESS_KEY} not published: {error.message}"
    return f"{PROCESS_KEY} v{definition.version}"


def steps_for_department(department_code: str):
    names = [step for step, code in STEP_DEPARTMENTS.items() if code == department_code]
    return processes.steps_needing_attention().filter(process__key=PROCESS_KEY, name__in=names)
