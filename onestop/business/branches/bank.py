"""Bank account opening appointment (银行开户预约): the basic deposit account at the chosen branch."""

from __future__ import annotations

from onestop.processes.handlers import StepContext, step_handler

from .service import BranchService, company, month_day, option, place_order

# Bank branches are no department of the district: the market-regulation bureau's staff follow them up.
SERVICE = BranchService(
    step="bank", system="银行开户预约系统", department="D002", path="/v1/account-appointments",
    refusals={
        "unknown_bank": "所选银行网点不受理开户预约，请与申请人另选银行网点",
        "not_working_day": "请与申请人另约一个工作日",
        "date_out_of_range": "预约日期已过或超出可预约范围，请与申请人另约日期",
        "no_slot_available": "请与申请人另约日期",
        "already_booked": "该企业已在此网点预约开户，请在银行系统中核实预约号",
        "invalid_mobile": "请与申请人核对联系电话",
    })


@step_handler("business.bank")
def book_account_opening(ctx: StepContext) -> dict:
    uscc, name = company(ctx)
    mobile = ctx.inputs.get("contact_mobile") or ""
    body = {"uscc": uscc, "company_name": name, "bank_code": option(ctx, "bank", "bank_code"),
            "date": option(ctx, "bank", "appointment_date"), "contact_mobile": mobile}
    booking = place_order(SERVICE, ctx, body)
    return {"appointment_number": booking["appointment_number"], "branch_name": booking["branch_name"],
            "address": booking["address"], "date": booking["date"], "slot": booking["slot"], "bring": booking["bring"],
            "summary": f"已预约 {month_day(booking['date'])} {booking['slot']} 到{booking['branch_name']}"
                       f"开立基本存款账户，预约号 {booking['appointment_number']}"}
