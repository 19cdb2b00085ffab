"""Population register simulator (人口库): real-name check and register records of the demo residents.

Serve with: granian --interface asgi --workers 1 simulators.population_register.app:app
Data: residents.json next to this file (fictitious; regenerate with make_residents.py), or the file
named by POPULATION_RESIDENTS_FILE.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from onestop.core.identifiers import check_citizen_id
from simulators.common import Problem, build_app, read_json_object

DEFAULT_FILE = Path(__file__).with_name("residents.json")
# What the register returns about a person; the demo mobile number is not register data.
RECORD_FIELDS = (
    "id_number", "name", "gender", "birth_date", "household_number", "household_head", "relationship",
    "address", "community", "division_code", "division_name", "registration_type", "marital_status",
)
MEMBER_FIELDS = ("id_number", "name", "gender", "birth_date", "relationship", "household_head")


class Register:
    def __init__(self, residents: list[dict[str, Any]]) -> None:
        self.by_id = {r["id_number"]: r for r in residents}
        self.households: dict[str, list[dict[str, Any]]] = {}
        for r in residents:
            self.households.setdefault(r["household_number"], []).append(r)

    @classmethod
    def load(cls, path: Path) -> Register:
        return cls(json.loads(path.read_text(encoding="utf-8"))["residents"])


def _normalise_id(value: str) -> str:
    return value.strip().upper()


def _register(request: Request) -> Register:
    return request.app.state.register


async def verify_identity(request: Request) -> JSONResponse:
    body = await read_json_object(request)
    name, id_number = body.get("name"), body.get("id_number")
    errors = [{"field": f, "reason": "必填，应为非空字符串"} for f, v in (("name", name), ("id_number", id_number)) if not isinstance(v, str) or not v.strip()]
    if errors:
        raise Problem(422, "invalid_request", "请求参数无效", errors=errors)
    id_number = _normalise_id(id_number)
    if (reason := check_citizen_id(id_number)) is not None:
        return JSONResponse({"match": False, "reason": "invalid_id_number", "message": reason})
    person = _register(request).by_id.get(id_number)
    if person is None:
        return JSONResponse({"match": False, "reason": "not_found", "message": "库中无此号"})
    if person["name"] != name.strip():
        # Says only that the pair does not match: nothing about whom the number belongs to.
        return JSONResponse({"match": False, "reason": "mismatch", "message": "姓名与身份证号不一致"})
    return JSONResponse({"match": True, "reason": "match", "message": "姓名与身份证号一致"})


async def get_resident(request: Request) -> JSONResponse:
    id_number = _normalise_id(request.path_params["id_number"])
    if (reason := check_citizen_id(id_number)) is not None:
        raise Problem(422, "invalid_id_number", "身份证号码无效", reason)
    person = _register(request).by_id.get(id_number)
    if person is None:
        raise Problem(404, "resident_not_found", "人口库中无此人")
    return JSONResponse({f: person[f] for f in RECORD_FIELDS})


async def get_household(request: Request) -> JSONResponse:
    number = request.path_params["household_number"]
    members = _register(request).households.get(number)
    if not members:
        raise Problem(404, "household_not_found", "人口库中无此户")
    first = members[0]
    return JSONResponse({
        "household_number": number,
        "address": first["address"],
        "division_code": first["division_code"],
        "registration_type": first["registration_type"],
        "members": [{f: m[f] for f in MEMBER_FIELDS} for m in members],
    })


def create_app(residents_file: Path | None = None) -> Starlette:
    app = build_app("population-register", [
        Route("/v1/identity/verify", verify_identity, methods=["POST"]),
        Route("/v1/residents/{id_number}", get_resident, methods=["GET"]),
        Route("/v1/households/{household_number}", get_household, methods=["GET"]),
    ])
    app.state.register = Register.load(residents_file or Path(os.environ.get("POPULATION_RESIDENTS_FILE") or DEFAULT_FILE))
    return app


app = create_app()
