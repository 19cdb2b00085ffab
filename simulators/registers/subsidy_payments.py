"""Subsidy payments register simulator (惠民惠农财政补贴发放记录, the “一卡通” system through which
subsidies reach people's social security card accounts): ``GET /v1/subsidy-payments/{id_number}``.

Serve with: granian --interface asgi --workers 1 simulators.registers.subsidy_payments:app
Data: data/subsidy_payments.json (fictitious; written by make_registers.py) holds the people with a
payment. Being paid nothing is a normal answer: any valid ID number without a record gets
``200 {"id_number": …, "payments": []}``, never 404. Each payment names the subsidy, its status
(发放中 / 已停发), the months it ran and the monthly amount in fen.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from simulators.common import build_app
from simulators.registers.common import citizen_id_param, load_records


async def get_payments(request: Request) -> JSONResponse:
    id_number = citizen_id_param(request)
    record = request.app.state.records.get(id_number)
    return JSONResponse(record or {"id_number": id_number, "payments": []})


app = build_app("subsidy-payments-register", [Route("/v1/subsidy-payments/{id_number}", get_payments, methods=["GET"])])
app.state.records = {r["id_number"]: r for r in load_records("subsidy_payments")}
