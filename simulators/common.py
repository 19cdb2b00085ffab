"""What every simulator shares: bearer-token check, fault injection, RFC 9457 errors, health check.

``build_app`` wraps a simulator's own ``/v1`` routes into a Starlette app with ``/healthz`` and
``/_sim/faults``. State (faults, stored messages) lives in the process: run one worker per simulator.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import os
import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PROBLEM_CONTENT_TYPE = "application/problem+json"
DEFAULT_TOKEN = "dev-simulator-token"
MAX_BODY_BYTES = 64 * 1024


class Problem(Exception):
    """Raised by handlers; rendered as problem+json with a stable ``code``."""

    def __init__(self, status: int, code: str, title: str, detail: str = "", **extra: Any) -> None:
        super().__init__(title)
        self.status, self.code, self.title, self.detail, self.extra = status, code, title, detail, extra


def problem_response(status: int, code: str, title: str, detail: str = "", **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"type": f"https://onestop.example/problems/{code}", "title": title, "status": status, "code": code}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_CONTENT_TYPE)


async def read_json_object(request: Request) -> dict[str, Any]:
    # Read at most MAX_BODY_BYTES, whatever Content-Length claims (Starlette's own limit answers in plain text).
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:
            raise Problem(413, "payload_too_large", "请求体过大", f"最多 {MAX_BODY_BYTES} 字节")
    try:
        body = json.loads(raw or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise Problem(400, "invalid_json", "请求体不是有效的JSON", str(exc)) from exc
    if not isinstance(body, dict):
        raise Problem(400, "invalid_json", "请求体应为JSON对象")
    return body


@dataclass
class Faults:
    """``delay_ms``: latency before a request is handled; ``fail_rate``: the share of requests that fail
    with ``status``; ``fail_next``: the next N requests fail with ``status``, then the simulator answers
    again ("fails twice, then succeeds"); ``hold_response_ms``: a request that changes something is
    handled (its effect is made) and then the answer is held back, as when a reply is lost after the
    outside system acted (reads are answered at once, so a test can see the effect meanwhile)."""

    delay_ms: int = 0
    fail_rate: float = 0.0
    status: int = 503
    fail_next: int = 0
    hold_response_ms: int = 0

    @classmethod
    def parse(cls, body: dict[str, Any]) -> Faults:
        errors = []
        delay, rate, status = body.get("delay_ms", 0), body.get("fail_rate", 0.0), body.get("status", 503)
        fail_next, hold = body.get("fail_next", 0), body.get("hold_response_ms", 0)
        # bool is an int in Python; reject it explicitly so `true` is not read as 1.
        if isinstance(delay, bool) or not isinstance(delay, int) or not 0 <= delay <= 60_000:
            errors.append({"field": "delay_ms", "reason": "应为0到60000之间的整数"})
        if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate <= 1:
            errors.append({"field": "fail_rate", "reason": "应为0到1之间的数"})
        if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
            errors.append({"field": "status", "reason": "应为400到599之间的HTTP状态码"})
        if isinstance(fail_next, bool) or not isinstance(fail_next, int) or not 0 <= fail_next <= 1000:
            errors.append({"field": "fail_next", "reason": "应为0到1000之间的整数"})
        if isinstance(hold, bool) or not isinstance(hold, int) or not 0 <= hold <= 60_000:
            errors.append({"field": "hold_response_ms", "reason": "应为0到60000之间的整数"})
        if errors:
            raise Problem(422, "invalid_faults", "故障注入参数无效", errors=errors)
        return cls(delay, float(rate), status, fail_next, hold)


class SimulatorMiddleware:
    """Labels every response as simulated, checks the bearer token and applies faults to ``/v1/*``."""

    def __init__(self, app: ASGIApp, name: str, token: str) -> None:
        self.app, self.name, self.token = app, name, token.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        path: str = scope["path"]
        faulted = path.startswith("/v1/")

        async def send_labelled(message: Message) -> None:
            if message["type"] == "http.response.start":
                hold = scope["app"].state.faults.hold_response_ms if faulted and scope["method"] != "GET" else 0
                if hold:  # the handler has run: its effect is made, only the answer is late
                    await asyncio.sleep(hold / 1000)
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-simulator", self.name.encode())]
            await send(message)

        response = None
        if path != "/healthz":  # probes need no token
            response = self._check_token(Headers(scope=scope))
        if response is None and faulted:
            response = await self._apply_faults(scope["app"].state.faults)
        if response is not None:
            await response(scope, receive, send_labelled)
        else:
            await self.app(scope, receive, send_labelled)

    def _check_token(self, headers: Headers) -> Response | None:
        scheme, _, given = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not given:
            response = problem_response(401, "unauthorized", "缺少访问令牌", "需要 Authorization: Bearer <token>")
        elif not hmac.compare_digest(given.strip().encode(), self.token):
            response = problem_response(401, "invalid_token", "访问令牌无效")
        else:
            return None
        response.headers["WWW-Authenticate"] = 'Bearer realm="simulator"'
        return response

    @staticmethod
    async def _apply_faults(faults: Faults) -> Response | None:
        if faults.delay_ms:
            await asyncio.sleep(faults.delay_ms / 1000)
        if faults.fail_next:
            faults.fail_next -= 1  # one event loop per process: no other request runs in between
            return problem_response(faults.status, "simulated_fault", "模拟故障", "由 /_sim/faults 注入的故障")
        if faults.fail_rate and random.random() < faults.fail_rate:
            return problem_response(faults.status, "simulated_fault", "模拟故障", "由 /_sim/faults 注入的故障")
        return None


async def _healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok", "simulator": request.app.state.name, "simulated": True})


async def _faults(request: Request) -> JSONResponse:
    state = request.app.state
    if request.method == "POST":
        state.faults = Faults.parse(await read_json_object(request))
    elif request.method == "DELETE":
        state.faults = Faults()
    return JSONResponse(asdict(state.faults))


async def _on_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    return problem_response(exc.status, exc.code, exc.title, exc.detail, **exc.extra)


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    codes = {404: ("not_found", "资源不存在"), 405: ("method_not_allowed", "不支持该请求方法")}
    code, title = codes.get(exc.status_code, ("http_error", str(exc.detail)))
    return problem_response(exc.status_code, code, title)


async def _on_error(request: Request, exc: Exception) -> Response:
    return problem_response(500, "internal_error", "模拟器内部错误")


def build_app(name: str, routes: Sequence[BaseRoute], token: str | None = None) -> Starlette:
    token = token or os.environ.get("SIM_TOKEN") or DEFAULT_TOKEN
    app = Starlette(
        routes=[
            Route("/healthz", _healthz, methods=["GET"]),
            Route("/_sim/faults", _faults, methods=["GET", "POST", "DELETE"]),
            *routes,
        ],
        middleware=[Middleware(SimulatorMiddleware, name=name, token=token)],
        exception_handlers={Problem: _on_problem, HTTPException: _on_http_error, Exception: _on_error},
    )
    app.state.name = name
    app.state.faults = Faults()
    return app
