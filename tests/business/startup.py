"""What the company start-up branch tests share: new companies with valid codes, the inputs the
registration code writes (contract.md), a valid order for each branch simulator, and a stand-in for
the registration step (``tests.startup.register``) that the registration engineer's
``business.register`` replaces. Imported by the test process and by the workers the tests start
(ONESTOP_PROCESS_HANDLER_MODULES)."""

from __future__ import annotations

import secrets

from onestop.core.identifiers import USCC_ALPHABET, make_uscc
from onestop.processes.handlers import StepContext, step_handler
from simulators.orders import today, working_day_after

BRANCHES = ("seal", "bank", "tax", "social_insurance")
ORDER_PATHS = {"seal": "/v1/seal-orders", "bank": "/v1/account-appointments", "tax": "/v1/taxpayer-registrations",
               "social_insurance": "/v1/employer-registrations"}


def new_uscc() -> str:
    body = "".join(secrets.choice(USCC_ALPHABET[:10] + "ABCDEFGH") for _ in range(8))
    return make_uscc("91", "440403", "MA" + body[2:])


def new_company() -> dict:
    return {"uscc": new_uscc(), "company_name": f"珠海市斗门区{secrets.token_hex(2)}餐饮有限公司"}


def next_working_day(after: int = 1) -> str:
    return working_day_after(today(), after).isoformat()


def valid_order(step: str, company: dict | None = None) -> dict:
    company = company or new_company()
    return {
        "seal": {"maker_code": "seal_jingan", "kinds": ["official", "finance", "invoice"]},
        "bank": {"bank_code": "icbc_doumen", "date": next_working_day(), "contact_mobile": "13800000000"},
        "tax": {"taxpayer_type": "small_scale", "invoice_kinds": ["digital_ordinary"],
                "monthly_invoice_limit_fen": 10_000_000},
        "social_insurance": {"employees": 3, "housing_fund": True},
    }[step] | company


def startup_inputs(company: dict, **changes) -> dict:
    """A process's inputs as the registration code writes them; ``company`` is what the stand-in
    registration step answers with."""
    inputs = {"case_id": 0, "registered": company,
              "company": {"name": company["company_name"], "company_type": "有限责任公司（自然人独资）",
                          "registered_capital_fen": 10_000_000, "address": "珠海市斗门区井岸镇新堂路18号",
                          "town": "井岸镇", "scope": ["餐饮服务"], "employees": 3},
              "representative_person_id": None, "contact_mobile": "13800000000",
              "bank": {"bank_code": "icbc_doumen", "appointment_date": next_working_day(3)},
              "seal": {"maker_code": "seal_jingan", "kinds": ["official", "finance", "invoice"]},
              "tax": {"taxpayer_type": "small_scale", "invoice_kinds": ["digital_ordinary"],
                      "monthly_invoice_limit_fen": 10_000_000},
              "social_insurance": {"employees": 3, "housing_fund": True}}
    inputs.update(changes)
    return inputs


@step_handler("tests.startup.register")
def register(ctx: StepContext) -> dict:
    return {**ctx.inputs["registered"], "company_id": 1, "licence_certificate_id": 1, "registered_on": today().isoformat()}


@step_handler("tests.startup.complete")
def complete(ctx: StepContext) -> dict:
    return {"summaries": {step: ctx.upstream[step]["summary"] for step in BRANCHES}}


def startup_definition(**step_options) -> dict:
    """company_startup's graph (contract.md) with the stand-ins; ``step_options[step]`` adds to a step."""
    branches = [{"name": s, "handler": f"business.{s}", "depends_on": ["register"], **step_options.get(s, {})}
                for s in BRANCHES]
    return {"title": "企业开办（测试）", "steps": [
        {"name": "register", "title": "设立登记", "handler": "tests.startup.register"}, *branches,
        {"name": "complete", "title": "办结", "handler": "tests.startup.complete", "depends_on": list(BRANCHES)}]}
