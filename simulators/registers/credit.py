"""Credit blacklist simulator (失信被执行人名单, 法院/信用中国): ``GET /v1/credit/{subject}``.

Serve with: granian --interface asgi --workers 1 simulators.registers.credit:app
Data: data/credit.json (fictitious; written by make_registers.py) holds the listed subjects only. The
list is public and absence is a normal answer: any valid ID number or USCC that is not listed gets
``200 {"listed": false, "records": []}``, never 404.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from onestop.core.identifiers import check_citizen_id, check_uscc
from simulators.common import Problem, build_app
from simulators.registers.common import load_records, normalise


async def get_credit(request: Request) -> JSONResponse:
    subject = normalise(request.path_params["subject"])
    # An 18-digit string may be either kind of number: valid as one of them is enough.
    id_reason, uscc_reason = check_citizen_id(subject), check_uscc(subject)
    if id_reason is not None and uscc_reason is not None:
        raise Problem(
            422, "invalid_subject", "应为有效的身份证号码或统一社会信用代码",
            errors=[{"param": "subject", "reason": f"身份证号码：{id_reason}；统一社会信用代码：{uscc_reason}"}],
        )
    listed = request.app.state.records.get(subject)
    return JSONResponse(listed or {"subject": subject, "listed": False, "records": []})


app = build_app("credit-register", [Route("/v1/credit/{subject}", get_credit, methods=["GET"])])
app.state.records = {r["subject"]: r for r in load_records("credit")}
