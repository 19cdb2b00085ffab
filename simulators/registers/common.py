"""What the register simulators share: their data files, the check of the subject in the path, and
the app of a register that answers one record per ID number.

Each register is its own process (granian, one worker): ``simulators.registers.<code>:app``. The data
are JSON files in ``data/`` written by ``make_registers.py``; ``REGISTERS_DATA_DIR`` names another folder.
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

from onestop.core.identifiers import check_citizen_id, check_uscc
from simulators.common import Problem, build_app

DEFAULT_DATA_DIR = Path(__file__).with_name("data")


def data_file(register: str) -> Path:
    return Path(os.environ.get("REGISTERS_DATA_DIR") or DEFAULT_DATA_DIR) / f"{register}.json"


def load_records(register: str) -> list[dict[str, Any]]:
    return json.loads(data_file(register).read_text(encoding="utf-8"))["records"]


def normalise(value: str) -> str:
    # A trailing x of an ID number is read as X, as the population register does.
    return value.strip().upper()


def citizen_id_param(request: Request, name: str = "id_number") -> str:
    value = normalise(request.path_params[name])
    if (reason := check_citizen_id(value)) is not None:
        raise Problem(422, "invalid_id_number", "身份证号码无效", reason, errors=[{"param": name, "reason": reason}])
    return value


def uscc_param(request: Request, name: str = "uscc") -> str:
    value = normalise(request.path_params[name])
    if (reason := check_uscc(value)) is not None:
        raise Problem(422, "invalid_uscc", "统一社会信用代码无效", reason, errors=[{"param": name, "reason": reason}])
    return value


def not_found(title: str) -> Problem:
    # "No record" is a fact, not an error: the exchange layer turns it into {"found": false}.
    return Problem(404, "not_found", title)


def person_register_app(name: str, route: str, register: str, missing_title: str) -> Starlette:
    """A register keyed by citizen ID number: ``GET <route>`` with an ``{id_number}`` parameter."""

    async def get_record(request: Request) -> JSONResponse:
        id_number = citizen_id_param(request)
        record = request.app.state.records.get(id_number)
        if record is None:
            raise not_found(missing_title)
        return JSONResponse(record)

    app = build_app(name, [Route(route, get_record, methods=["GET"])])
    app.state.records = {r["id_number"]: r for r in load_records(register)}
    return app
