"""Company register simulator (市场主体登记, 市场监管): ``GET /v1/companies/{uscc}``.

Serve with: granian --interface asgi --workers 1 simulators.registers.company_register:app
Data: data/company_register.json (fictitious; written by make_registers.py): the demo companies of
the accounts loader plus a deregistered (注销) and a revoked (吊销) one.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from simulators.common import build_app
from simulators.registers.common import load_records, not_found, uscc_param


async def get_company(request: Request) -> JSONResponse:
    uscc = uscc_param(request)
    record = request.app.state.records.get(uscc)
    if record is None:
        raise not_found("市场主体登记信息中无此主体")
    return JSONResponse(record)


app = build_app("company-register", [Route("/v1/companies/{uscc}", get_company, methods=["GET"])])
app.state.records = {r["uscc"]: r for r in load_records("company_register")}
