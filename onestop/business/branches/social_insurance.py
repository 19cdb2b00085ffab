"""Employer registration for social insurance and, when chosen, the housing fund (社保与公积金单位登记)."""

from __future__ import annotations

from onestop.processes.handlers import PermanentFailure, StepContext, step_handler

from .service import BranchService, company, place_order

SERVICE = BranchService(
    step="social_insurance", system="社保与公积金单位登记系统", department="D007", path="/v1/employer-registrations",
    refusals={
        "invalid_employees": "请与申请人核对职工人数",
        "already_registered": "该单位已办理参保登记，请在社保系统中核实",
    })


@step_handler("business.social_insurance")
def register_employer(ctx: StepContext) -> dict:
    uscc, name = company(ctx)
    chosen = ctx.inputs.get("social_insurance") or {}
    employees = chosen.get("employees", (ctx.inputs.get("company") or {}).get("employees"))
    if employees is None:
        raise PermanentFailure("申请表中缺少职工人数，请联系申请人补正后重新执行")
    body = {"uscc": uscc, "company_name": name, "employees": employees,
            "housing_fund": bool(chosen.get("housing_fund", False))}
    registration = place_order(SERVICE, ctx, body)
    summary = f"已办理社会保险单位参保登记（登记号 {registration['social_insurance_number']}）"
    if registration["housing_fund_account"]:
        summary += f"和住房公积金单位缴存登记（单位账号 {registration['housing_fund_account']}）"
    return {"registration_id": registration["registration_id"],
            "social_insurance_number": registration["social_insurance_number"],
            "housing_fund_account": registration["housing_fund_account"], "summary": summary}
