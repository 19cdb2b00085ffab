"""Taxpayer registration with the new-taxpayer package (新办纳税人套餐): registration confirmed,
taxpayer type, fully digital invoices (数电发票) and their monthly credit line."""

from __future__ import annotations

from onestop.processes.handlers import StepContext, step_handler

from .service import BranchService, company, option, place_order, yuan

SERVICE = BranchService(
    step="tax", system="电子税务局", department="D026", path="/v1/taxpayer-registrations",
    refusals={
        "unknown_taxpayer_type": "请与申请人核对纳税人类型",
        "unknown_invoice_kind": "请与申请人核对发票种类",
        "invalid_invoice_limit": "请与申请人核对每月开票额度",
        "already_registered": "该纳税人已办理登记信息确认，请在电子税务局中核实",
    })


@step_handler("business.tax")
def register_taxpayer(ctx: StepContext) -> dict:
    uscc, name = company(ctx)
    body = {"uscc": uscc, "company_name": name, "taxpayer_type": option(ctx, "tax", "taxpayer_type"),
            "invoice_kinds": option(ctx, "tax", "invoice_kinds"),
            "monthly_invoice_limit_fen": option(ctx, "tax", "monthly_invoice_limit_fen")}
    registration = place_order(SERVICE, ctx, body)
    quota = registration["invoice_quota"]
    return {"registration_id": registration["registration_id"], "taxpayer_number": registration["taxpayer_number"],
            "tax_authority": registration["tax_authority"], "invoice_quota": quota,
            "summary": f"已办理新办纳税人登记（{registration['taxpayer_type_name']}），可开具"
                       f"{'、'.join(quota['kinds'])}，每月开票额度 {yuan(quota['monthly_credit_line_fen'])}"}
