"""Seal engraving and filing simulator (公章刻制备案, the public-security bureau's seal filing system
with the licensed seal makers): ``POST /v1/seal-orders`` orders a new company's seal set from a
maker; every seal gets its filing number (备案编号) and the set a ready date and a pickup place.

Serve with: granian --interface asgi --workers 1 simulators.seal_maker.app:app
A company files each kind of seal once: a second order for a kind already filed under another
Idempotency-Key is ``409 seal_already_filed`` (a replacement seal is another procedure).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.routing import Route

from onestop.business.branches.options import REQUIRED_SEAL_KINDS, SEAL_KINDS, SEAL_MAKERS
from simulators.common import Problem, build_app
from simulators.orders import (
    OrderBook,
    choice_field,
    choices_field,
    company_name_field,
    create_endpoint,
    invalid,
    list_orders,
    today,
    uscc_field,
    working_day_after,
)

AREA_CODE = "440403"
# Where each maker hands the seals over (fictitious addresses for the demo installation).
PICKUP = {
    "seal_jingan": {"place": "斗门区井岸镇印章刻制服务点", "address": "珠海市斗门区井岸镇新堂路88号", "hours": "工作日 9:00-17:30"},
    "seal_baiteng": {"place": "斗门区白藤街道印章刻制服务点", "address": "珠海市斗门区白藤街道白藤二路16号",
                     "hours": "工作日 9:00-17:30"},
    "seal_centre": {"place": "斗门区政务服务中心印章刻制窗口", "address": "珠海市斗门区井岸镇白藤五路8号政务服务中心一楼",
                    "hours": "工作日 8:30-12:00，14:30-17:30"},
}


def _validate(body: dict[str, Any]) -> dict[str, Any]:
    wanted = {"uscc": uscc_field(body), "company_name": company_name_field(body),
              "maker_code": choice_field(body, "maker_code", SEAL_MAKERS, "unknown_maker", "刻章单位不存在"),
              "kinds": choices_field(body, "kinds", SEAL_KINDS, "unknown_seal_kind", "印章种类无效")}
    missing = [SEAL_KINDS[k] for k in REQUIRED_SEAL_KINDS if k not in wanted["kinds"]]
    if missing:
        raise invalid("official_seal_required", "缺少必刻印章", "kinds", f"新设立企业须刻制{'、'.join(missing)}")
    representative = body.get("representative_name")
    if "representative" in wanted["kinds"]:
        if not isinstance(representative, str) or not 2 <= len(representative.strip()) <= 20:
            raise invalid("representative_name_required", "缺少法定代表人姓名", "representative_name",
                          "刻制法定代表人名章须提供法定代表人姓名（2至20个字）")
        wanted["representative_name"] = representative.strip()
    return wanted


def _make(request: Request, wanted: dict[str, Any], serial: int) -> dict[str, Any]:
    book: OrderBook = request.app.state.orders
    filed = {seal["kind"] for order in book.for_company(wanted["uscc"]) for seal in order["seals"]}
    again = [SEAL_KINDS[k] for k in wanted["kinds"] if k in filed]
    if again:
        raise Problem(409, "seal_already_filed", "印章已备案", f"该企业已备案：{'、'.join(again)}；补刻须另行申请")
    ordered_on = today()
    seals = [{"kind": kind, "name": SEAL_KINDS[kind], "filing_number": f"{AREA_CODE}{serial:05d}{index:02d}"}
             for index, kind in enumerate(wanted["kinds"], start=1)]
    return {"order_id": f"YZ{ordered_on:%Y%m%d}{serial:05d}", **wanted, "maker_name": SEAL_MAKERS[wanted["maker_code"]],
            "seals": seals, "ordered_on": ordered_on.isoformat(),
            # Engraved and filed by the next working day (广东省企业开办：印章刻制半个工作日至一个工作日).
            "ready_on": working_day_after(ordered_on).isoformat(), "pickup": PICKUP[wanted["maker_code"]],
            "fee_fen": 0}  # the first set is free for a new company (企业开办“零成本”)


app = build_app("seal-maker", [
    Route("/v1/seal-orders", create_endpoint(_validate, _make), methods=["POST"]),
    Route("/v1/seal-orders", list_orders, methods=["GET"]),
])
app.state.orders = OrderBook()
