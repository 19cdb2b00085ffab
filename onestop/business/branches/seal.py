"""Seal engraving and filing (公章刻制备案): the seal set the founder chose, from the chosen maker."""

from __future__ import annotations

from onestop.accounts.models import Person
from onestop.processes.handlers import PermanentFailure, StepContext, step_handler

from .service import BranchService, company, month_day, option, place_order

SERVICE = BranchService(
    step="seal", system="公章刻制备案系统", department="D009", path="/v1/seal-orders",
    refusals={
        "unknown_maker": "所选刻章单位未在公安机关备案，请与申请人另选刻章单位",
        "unknown_seal_kind": "请与申请人核对所需印章种类",
        "official_seal_required": "新设立企业须刻制公章，请与申请人补选",
        "representative_name_required": "请核对法定代表人信息后重新执行",
        "seal_already_filed": "该企业的印章已备案，请在备案系统中核实，无需重复刻制",
        "invalid_uscc": "请核对设立登记步骤给出的统一社会信用代码",
    })


def _representative_name(ctx: StepContext) -> str:
    person = Person.objects.filter(pk=ctx.inputs.get("representative_person_id")).only("name").first()
    if person is None:
        raise PermanentFailure("未找到法定代表人的实名信息，无法刻制法定代表人名章，请核对申请人信息")
    return person.name


@step_handler("business.seal")
def order_seals(ctx: StepContext) -> dict:
    uscc, name = company(ctx)
    kinds = option(ctx, "seal", "kinds")
    body = {"uscc": uscc, "company_name": name, "maker_code": option(ctx, "seal", "maker_code"), "kinds": kinds}
    if "representative" in kinds:
        body["representative_name"] = _representative_name(ctx)
    order = place_order(SERVICE, ctx, body)
    seals = "、".join(seal["name"] for seal in order["seals"])
    return {"order_id": order["order_id"],
            "filing_numbers": {seal["kind"]: seal["filing_number"] for seal in order["seals"]},
            "ready_on": order["ready_on"], "pickup": order["pickup"],
            "summary": f"印章已刻制备案（{seals}），可于 {month_day(order['ready_on'])} 起到"
                       f"{order['pickup']['place']}领取"}
