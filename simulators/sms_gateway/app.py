"""SMS gateway simulator (短信网关): accepts template messages, renders them and keeps the last N in memory.

Serve with: granian --interface asgi --workers 1 simulators.sms_gateway.app:app
Nothing is sent to a phone. ``GET /v1/messages`` exists only here (the dev UI and the tests read the
one-time codes through it); a real gateway offers no such read-back.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from collections import deque
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from simulators.common import Problem, build_app, read_json_object

MOBILE = re.compile(r"1\d{10}")
SIGN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2,12}")
DEFAULT_SIGN = "斗门政务"
DEFAULT_LIMIT, MAX_LIMIT = 20, 100


@dataclass(frozen=True)
class Template:
    text: str
    params: dict[str, re.Pattern[str]]  # every parameter is required and must match its pattern


TEMPLATES = {
    "otp": Template("您的验证码为{code}，5分钟内有效。请勿泄露给他人。", {"code": re.compile(r"\d{4,8}")}),
    # A notice whose text the platform renders from its own versioned templates (onestop/notifications);
    # a real gateway holds the approved wording, the platform fills it in. One line, at most 5 parts.
    "notice": Template("{text}", {"text": re.compile(r"[^\x00-\x1f]{1,330}")}),
}


class Outbox:
    """The last ``size`` messages, and the Idempotency-Keys that created them."""

    def __init__(self, size: int) -> None:
        self.messages: deque[dict[str, Any]] = deque(maxlen=size)
        self.by_key: dict[str, dict[str, Any]] = {}

    def add(self, message: dict[str, Any], key: str | None) -> None:
        if len(self.messages) == self.messages.maxlen:
            evicted = self.messages[0]
            self.by_key.pop(evicted.get("idempotency_key") or "", None)
        self.messages.append(message)
        if key:
            self.by_key[key] = message

    def newest(self, to: str | None, limit: int) -> list[dict[str, Any]]:
        found = []
        for message in reversed(self.messages):
            if to is None or message["to"] == to:
                found.append(message)
                if len(found) == limit:
                    break
        return found


def _validate(body: dict[str, Any]) -> tuple[str, str, dict[str, str], str]:
    to, name, params, sign = body.get("to"), body.get("template"), body.get("params", {}), body.get("sign", DEFAULT_SIGN)
    if not isinstance(to, str) or not MOBILE.fullmatch(to):
        raise Problem(422, "invalid_mobile", "手机号码无效", "应为以1开头的11位数字")
    template = TEMPLATES.get(name) if isinstance(name, str) else None
    if template is None:
        raise Problem(422, "unknown_template", "短信模板不存在", f"可用模板：{', '.join(TEMPLATES)}")
    if not isinstance(sign, str) or not SIGN.fullmatch(sign):
        raise Problem(422, "invalid_sign", "短信签名无效", "应为2到12个汉字、字母或数字")
    bad = [k for k, pattern in template.params.items() if not isinstance(params, dict) or not isinstance(params.get(k), str) or not pattern.fullmatch(params[k])]
    extra = sorted(set(params) - set(template.params)) if isinstance(params, dict) else []
    if bad or extra:
        raise Problem(422, "invalid_params", "模板参数无效", errors=[{"param": k, "reason": "缺少或格式不正确"} for k in bad] + [{"param": k, "reason": "模板没有该参数"} for k in extra])
    return to, name, {k: params[k] for k in template.params}, sign


async def send_message(request: Request) -> JSONResponse:
    outbox: Outbox = request.app.state.outbox
    to, name, params, sign = _validate(await read_json_object(request))
    key = request.headers.get("idempotency-key")
    if key and (previous := outbox.by_key.get(key)) is not None:
        if (previous["to"], previous["template"], previous["params"], previous["sign"]) != (to, name, params, sign):
            raise Problem(409, "idempotency_conflict", "该 Idempotency-Key 已用于另一条短信")
        return JSONResponse({"message_id": previous["message_id"], "status": "accepted"}, status_code=202)
    message = {
        "message_id": f"sim-{uuid.uuid4().hex}",
        "to": to,
        "sign": sign,
        "template": name,
        "params": params,
        "text": f"【{sign}】" + TEMPLATES[name].text.format(**params),
        "status": "delivered",  # the simulator "delivers" at once
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "idempotency_key": key,
    }
    outbox.add(message, key)
    return JSONResponse({"message_id": message["message_id"], "status": "accepted"}, status_code=202)


async def list_messages(request: Request) -> JSONResponse:
    to = request.query_params.get("to")
    if to is not None and not MOBILE.fullmatch(to):
        raise Problem(422, "invalid_parameter", "参数无效", errors=[{"param": "to", "reason": "应为以1开头的11位数字"}])
    raw = request.query_params.get("limit", str(DEFAULT_LIMIT))
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise Problem(422, "invalid_parameter", "参数无效", errors=[{"param": "limit", "reason": f"应为1到{MAX_LIMIT}之间的整数"}])
    messages = request.app.state.outbox.newest(to, int(raw))
    return JSONResponse({"simulated": True, "count": len(messages), "messages": messages})


def create_app(max_messages: int | None = None) -> Starlette:
    app = build_app("sms-gateway", [
        Route("/v1/messages", send_message, methods=["POST"]),
        Route("/v1/messages", list_messages, methods=["GET"]),
    ])
    app.state.outbox = Outbox(max_messages or int(os.environ.get("SMS_MAX_MESSAGES") or 10_000))
    return app


app = create_app()
