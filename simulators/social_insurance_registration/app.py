"""Employer registration simulator for social insurance and the housing fund (社保与公积金单位登记,
the social insurance agency and the housing provident fund centre): ``POST
/v1/employer-registrations`` registers a new company as an employer (单位参保登记) and, when asked,
opens its housing-fund unit account (住房公积金单位缴存登记).

Serve with: granian --interface asgi --workers 1 simulators.social_insurance_registration.app:app
An employer registers once: a second registration under another Idempotency-Key is ``409
already_registered``.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.routing import Route

from simulators.common import Problem, build_app
from simulators.orders import OrderBook, company_name_field, create_endpoint, invalid, list_orders, today, uscc_field

AGENCY = "珠海市社会保险基金管理中心斗门分中心"
HOUSING_FUND_CENTRE = "珠海市住房公积金管理中心斗门管理部"
MAX_EMPLOYEES = 100_000


def _validate(body: dict[str, Any]) -> dict[str, Any]:
    wanted = {"uscc": uscc_field(body), "company_name": company_name_field(body)}
    employees, fund = body.get("employees"), body.get("housing_fund", False)
    if isinstance(employees, bool) or not isinstance(employees, int) or not 0 <= employees <= MAX_EMPLOYEES:
        raise invalid("invalid_employees", "职工人数无效", "employees", f"应为 0 至 {MAX_EMPLOYEES} 之间的整数")
    if not isinstance(fund, bool):
        raise invalid("invalid_housing_fund", "是否办理公积金登记无效", "housing_fund", "应为 true 或 false")
    return {**wanted, "employees": employees, "housing_fund": fund}


def _make(request: Request, wanted: dict[str, Any], serial: int) -> dict[str, Any]:
    book: OrderBook = request.app.state.orders
    if book.for_company(wanted["uscc"]):
        raise Problem(409, "already_registered", "该单位已办理参保登记", f"统一社会信用代码 {wanted['uscc']} 已登记")
    registered_on = today()
    return {"registration_id": f"SB{registered_on:%Y%m%d}{serial:05d}", **wanted,
            "social_insurance_number": f"440403{serial:08d}", "agency": AGENCY,
            "housing_fund_account": f"4404030{serial:07d}" if wanted["housing_fund"] else None,
            "housing_fund_centre": HOUSING_FUND_CENTRE if wanted["housing_fund"] else None,
            "registered_on": registered_on.isoformat()}


app = build_app("social-insurance-registration", [
    Route("/v1/employer-registrations", create_endpoint(_validate, _make), methods=["POST"]),
    Route("/v1/employer-registrations", list_orders, methods=["GET"]),
])
app.state.orders = OrderBook()
