"""New-taxpayer package simulator (新办纳税人套餐, the electronic tax bureau): ``POST
/v1/taxpayer-registrations`` confirms the registration information (登记信息确认) of a new company,
its taxpayer type, and the invoice kinds and monthly amount (票种核定) of fully digital invoices
(数电发票), which need no tax-control device.

Serve with: granian --interface asgi --workers 1 simulators.tax.app:app
The taxpayer number is the unified social credit code. The monthly invoicing credit line (授信总额度)
granted to a new taxpayer is what was asked for, up to the initial ceiling of its taxpayer type
(``INITIAL_CREDIT_CEILING_FEN``); the answer says what was granted. A company registers once: a
second registration under another Idempotency-Key is ``409 already_registered``.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.routing import Route

from onestop.business.branches.options import INVOICE_KINDS, TAXPAYER_TYPES
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
)

TAX_AUTHORITY = "国家税务总局珠海市斗门区税务局"
# Initial monthly credit line of fully digital invoices for a new taxpayer, in fen (demo figures:
# the tax authority adjusts it later from the taxpayer's record).
INITIAL_CREDIT_CEILING_FEN = {"small_scale": 100_000_000, "general": 1_000_000_000}
MAX_REQUEST_FEN = 100_000_000_000


def _validate(body: dict[str, Any]) -> dict[str, Any]:
    wanted = {"uscc": uscc_field(body), "company_name": company_name_field(body),
              "taxpayer_type": choice_field(body, "taxpayer_type", TAXPAYER_TYPES, "unknown_taxpayer_type",
                                            "纳税人类型无效"),
              "invoice_kinds": choices_field(body, "invoice_kinds", INVOICE_KINDS, "unknown_invoice_kind", "发票种类无效")}
    limit = body.get("monthly_invoice_limit_fen")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 0 < limit <= MAX_REQUEST_FEN:
        raise invalid("invalid_invoice_limit", "每月开票额度无效", "monthly_invoice_limit_fen",
                      f"应为 1 至 {MAX_REQUEST_FEN} 之间的整数（单位：分）")
    wanted["monthly_invoice_limit_fen"] = limit
    return wanted


def _make(request: Request, wanted: dict[str, Any], serial: int) -> dict[str, Any]:
    book: OrderBook = request.app.state.orders
    if book.for_company(wanted["uscc"]):
        raise Problem(409, "already_registered", "该纳税人已办理登记信息确认",
                      f"纳税人识别号 {wanted['uscc']} 已登记；变更请办理变更登记")
    granted = min(wanted["monthly_invoice_limit_fen"], INITIAL_CREDIT_CEILING_FEN[wanted["taxpayer_type"]])
    return {"registration_id": f"SW{today():%Y%m%d}{serial:05d}", **wanted, "taxpayer_number": wanted["uscc"],
            "tax_authority": TAX_AUTHORITY, "taxpayer_type_name": TAXPAYER_TYPES[wanted["taxpayer_type"]],
            "registered_on": today().isoformat(),
            "invoice_quota": {"kinds": [INVOICE_KINDS[k] for k in wanted["invoice_kinds"]],
                              "monthly_credit_line_fen": granted, "tax_control_device": False}}


app = build_app("tax", [
    Route("/v1/taxpayer-registrations", create_endpoint(_validate, _make), methods=["POST"]),
    Route("/v1/taxpayer-registrations", list_orders, methods=["GET"]),
])
app.state.orders = OrderBook()
