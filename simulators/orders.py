"""What the company start-up branch simulators share (seal maker, bank, tax, social insurance): an
order book that honours ``Idempotency-Key``, the checks of the fields every order carries, and
working days.

An order is created once per key: the same key with the same body answers the first result again
(``Idempotent-Replayed: true``) and creates nothing; the same key with another body is ``409
idempotency_conflict``. Orders live in the process (run one worker per simulator) and can be read
back by company (``GET /v1/<orders>?uscc=``), as the real systems' status queries allow.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import JSONResponse

from onestop.core.identifiers import check_uscc
from simulators.common import Problem, read_json_object

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_KEY_LENGTH = 200


def today() -> dt.date:
    return dt.datetime.now(SHANGHAI).date()


def is_working_day(day: dt.date) -> bool:
    """Statutory holidays and make-up days (调休) where chinese-calendar knows the year, else weekdays."""
    try:
        import chinese_calendar

        return chinese_calendar.is_workday(day)
    except (ImportError, NotImplementedError):  # 1.11 stops at 2026
        return day.weekday() < 5


def working_day_after(day: dt.date, days: int = 1) -> dt.date:
    while days:
        day += dt.timedelta(days=1)
        days -= is_working_day(day)
    return day


def invalid(code: str, title: str, field: str, reason: str) -> Problem:
    return Problem(422, code, title, reason, errors=[{"field": field, "reason": reason}])


def uscc_field(body: dict[str, Any]) -> str:
    value = body.get("uscc")
    if not isinstance(value, str):
        raise invalid("invalid_uscc", "统一社会信用代码无效", "uscc", "缺少统一社会信用代码")
    value = value.strip().upper()
    if (reason := check_uscc(value)) is not None:
        raise invalid("invalid_uscc", "统一社会信用代码无效", "uscc", reason)
    return value


def company_name_field(body: dict[str, Any]) -> str:
    value = body.get("company_name")
    if not isinstance(value, str) or not 4 <= len(value.strip()) <= 100:
        raise invalid("invalid_company_name", "企业名称无效", "company_name", "应为4至100个字的企业名称")
    return value.strip()


def choice_field(body: dict[str, Any], field: str, choices: dict[str, Any], code: str, title: str) -> str:
    value = body.get(field)
    if not isinstance(value, str) or value not in choices:
        raise invalid(code, title, field, f"可选：{'、'.join(choices)}")
    return value


def choices_field(body: dict[str, Any], field: str, choices: dict[str, Any], code: str, title: str) -> list[str]:
    values = body.get(field)
    if not isinstance(values, list) or not values or len(set(map(str, values))) != len(values):
        raise invalid(code, title, field, "应为不重复的代码列表，至少一项")
    unknown = [v for v in values if not isinstance(v, str) or v not in choices]
    if unknown:
        raise invalid(code, title, field, f"无法识别：{'、'.join(map(str, unknown))}；可选：{'、'.join(choices)}")
    return [v for v in choices if v in values]  # in the system's own order


class OrderBook:
    """Orders by number, the keys that created them, and a serial for the next number."""

    def __init__(self) -> None:
        self.orders: list[dict[str, Any]] = []
        self.by_key: dict[str, tuple[str, dict[str, Any]]] = {}
        self.serial = itertools.count(1)

    def for_company(self, uscc: str) -> list[dict[str, Any]]:
        return [o for o in self.orders if o["uscc"] == uscc]


def _fingerprint(order: dict[str, Any]) -> str:
    return json.dumps(order, sort_keys=True, ensure_ascii=False)


def create_endpoint(validate: Callable[[dict[str, Any]], dict[str, Any]],
                    make: Callable[[Request, dict[str, Any], int], dict[str, Any]]):
    """A ``POST`` endpoint: ``validate`` turns the body into the request as understood (raising
    ``Problem``), ``make`` creates the order from it and a serial (raising ``Problem`` to refuse)."""

    async def create(request: Request) -> JSONResponse:
        book: OrderBook = request.app.state.orders
        wanted = validate(await read_json_object(request))
        key = request.headers.get("idempotency-key", "").strip()
        if len(key) > MAX_KEY_LENGTH:
            raise Problem(400, "invalid_idempotency_key", "Idempotency-Key 过长", f"最多 {MAX_KEY_LENGTH} 个字符")
        # No await from here on: on one event loop nothing else runs between the check and the store.
        if key and key in book.by_key:
            fingerprint, order = book.by_key[key]
            if fingerprint != _fingerprint(wanted):
                raise Problem(409, "idempotency_conflict", "该 Idempotency-Key 已用于另一笔不同的申请")
            return JSONResponse(order, status_code=201, headers={"Idempotent-Replayed": "true"})
        order = make(request, wanted, next(book.serial))
        book.orders.append(order)
        if key:
            book.by_key[key] = (_fingerprint(wanted), order)
        return JSONResponse(order, status_code=201)

    return create


async def list_orders(request: Request) -> JSONResponse:
    uscc = uscc_field({"uscc": request.query_params.get("uscc")})
    orders = request.app.state.orders.for_company(uscc)
    return JSONResponse({"uscc": uscc, "count": len(orders), "orders": orders})
