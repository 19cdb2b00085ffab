"""Carrier real-name check simulator (运营商三要素核验): do this name and ID number hold this mobile?

Serve with: granian --interface asgi --workers 1 simulators.carrier.app:app (port 8111 in Procfile.dev)
Data: subscribers.json next to this file (fictitious, built from the population register's demo
residents by make_subscribers.py), or the file named by CARRIER_SUBSCRIBERS_FILE.

Like the real services (reached through the carriers' or an aggregator's API), the answer is only
consistent / inconsistent / no record: never which of the three differs, nor whose the number is.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from onestop.core.identifiers import check_citizen_id
from simulators.common import Problem, build_app, read_json_object

DEFAULT_FILE = Path(__file__).with_name("subscribers.json")
MOBILE = re.compile(r"1\d{10}")
MESSAGES = {"consistent": "三要素一致", "inconsistent": "三要素不一致", "no_record": "查无此号码的实名登记"}


def load(path: Path) -> dict[str, dict[str, Any]]:
    rows = json.loads(path.read_text(encoding="utf-8"))["subscribers"]
    return {row["mobile"]: row for row in rows if row.get("status") == "active"}


def _errors(body: dict[str, Any]) -> list[dict[str, str]]:
    errors = [{"field": f, "reason": "必填，应为非空字符串"} for f in ("name", "id_number", "mobile")
              if not isinstance(body.get(f), str) or not body[f].strip()]
    if not errors and not MOBILE.fullmatch(body["mobile"].strip()):
        errors.append({"field": "mobile", "reason": "应为11位手机号码"})
    if not errors and (reason := check_citizen_id(body["id_number"].strip().upper())) is not None:
        errors.append({"field": "id_number", "reason": reason})
    return errors


async def verify(request: Request) -> JSONResponse:
    body = await read_json_object(request)
    if errors := _errors(body):
        raise Problem(422, "invalid_request", "请求参数无效", errors=errors)
    mobile = body["mobile"].strip()
    row = request.app.state.subscribers.get(mobile)
    if row is None:
        result = "no_record"
    elif row["name"] == body["name"].strip() and row["id_number"] == body["id_number"].strip().upper():
        result = "consistent"
    else:
        result = "inconsistent"
    answer = {"result": result, "message": MESSAGES[result]}
    if row is not None:
        answer["operator"] = row["operator"]
    return JSONResponse(answer)


def create_app(subscribers_file: Path | None = None) -> Starlette:
    app = build_app("carrier", [Route("/v1/mobile/verify", verify, methods=["POST"])])
    path = subscribers_file or Path(os.environ.get("CARRIER_SUBSCRIBERS_FILE") or DEFAULT_FILE)
    app.state.subscribers = load(path)
    return app


app = create_app()
