"""Bank account-opening appointment simulator (银行开户预约, the banks' appointment service for new
companies' basic deposit accounts, 基本存款账户): ``POST /v1/account-appointments`` books a
half-hour slot at the chosen branch on a working day and says what to bring.

Serve with: granian --interface asgi --workers 1 simulators.bank.app:app
Each branch has ``BANK_SLOTS_PER_DAY`` appointments a day (default 8, one per half hour of 9:00-11:00
and 14:30-16:30; more share the slots at further desks); a full day is ``409 no_slot_available`` with the next date
that has one. A company holds one appointment per bank.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

from starlette.requests import Request
from starlette.routing import Route

from onestop.business.branches.options import BANKS
from simulators.common import Problem, build_app
from simulators.orders import (
    OrderBook,
    choice_field,
    company_name_field,
    create_endpoint,
    invalid,
    is_working_day,
    list_orders,
    today,
    uscc_field,
    working_day_after,
)

MOBILE = re.compile(r"1\d{10}")
BOOKING_HORIZON_DAYS = 30
SLOTS = ("09:00-09:30", "09:30-10:00", "10:00-10:30", "10:30-11:00", "14:30-15:00", "15:00-15:30",
         "15:30-16:00", "16:00-16:30")
# Fictitious branch addresses for the demo installation.
ADDRESSES = {
    "icbc_doumen": "珠海市斗门区井岸镇珠峰大道南1号",
    "abc_doumen": "珠海市斗门区井岸镇尖峰大道28号",
    "boc_doumen": "珠海市斗门区井岸镇新青路101号",
    "ccb_doumen": "珠海市斗门区白藤街道白藤二路66号",
    "zhrcb_doumen": "珠海市斗门区井岸镇中兴南路38号",
}
BRING = ["营业执照正本", "法定代表人有效身份证件原件", "公章、财务专用章、法定代表人名章",
         "经办人有效身份证件原件及授权委托书（由他人代办时）"]


def _date(body: dict[str, Any]) -> dt.date:
    raw = body.get("date")
    try:
        day = dt.date.fromisoformat(raw) if isinstance(raw, str) and len(raw) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise invalid("invalid_date", "预约日期无效", "date", "应为 YYYY-MM-DD 格式的日期")
    first, last = today(), today() + dt.timedelta(days=BOOKING_HORIZON_DAYS)
    if not first <= day <= last:
        raise invalid("date_out_of_range", "预约日期不在可预约范围内", "date",
                      f"可预约 {first.isoformat()} 至 {last.isoformat()} 之间的工作日")
    if not is_working_day(day):
        following = working_day_after(day)
        raise Problem(422, "not_working_day", "预约日期不是工作日", f"{day.isoformat()} 非工作日，最近的工作日为 "
                      f"{following.isoformat()}", next_working_day=following.isoformat(),
                      errors=[{"field": "date", "reason": "应为工作日"}])
    return day


def _validate(body: dict[str, Any]) -> dict[str, Any]:
    wanted = {"uscc": uscc_field(body), "company_name": company_name_field(body),
              "bank_code": choice_field(body, "bank_code", BANKS, "unknown_bank", "开户银行网点不存在"),
              "date": _date(body).isoformat()}
    mobile = body.get("contact_mobile")
    if not isinstance(mobile, str) or not MOBILE.fullmatch(mobile):
        raise invalid("invalid_mobile", "联系电话无效", "contact_mobile", "应为以1开头的11位手机号码")
    wanted["contact_mobile"] = mobile
    return wanted


def _make(request: Request, wanted: dict[str, Any], serial: int) -> dict[str, Any]:
    book: OrderBook = request.app.state.orders
    held = [o for o in book.for_company(wanted["uscc"]) if o["bank_code"] == wanted["bank_code"]]
    if held:
        raise Problem(409, "already_booked", "该企业已有开户预约", f"预约号 {held[0]['appointment_number']}，"
                      f"{held[0]['date']} {held[0]['slot']}", appointment_number=held[0]["appointment_number"])
    per_day = request.app.state.slots_per_day
    day = dt.date.fromisoformat(wanted["date"])
    taken = sum(1 for o in book.orders if o["bank_code"] == wanted["bank_code"] and o["date"] == wanted["date"])
    if taken >= per_day:
        following = working_day_after(day)
        while sum(1 for o in book.orders if o["bank_code"] == wanted["bank_code"]
                  and o["date"] == following.isoformat()) >= per_day:
            following = working_day_after(following)
        raise Problem(409, "no_slot_available", "当日预约已满", f"{wanted['date']} 已约满，最近可约 {following.isoformat()}",
                      next_available=following.isoformat())
    return {"appointment_number": f"KH{day:%Y%m%d}{serial:05d}", **wanted, "branch_name": BANKS[wanted["bank_code"]],
            "address": ADDRESSES[wanted["bank_code"]], "slot": SLOTS[taken % len(SLOTS)],
            "account_kind": "基本存款账户", "bring": BRING}


app = build_app("bank", [
    Route("/v1/account-appointments", create_endpoint(_validate, _make), methods=["POST"]),
    Route("/v1/account-appointments", list_orders, methods=["GET"]),
])
app.state.orders = OrderBook()
app.state.slots_per_day = int(os.environ.get("BANK_SLOTS_PER_DAY") or 8)
