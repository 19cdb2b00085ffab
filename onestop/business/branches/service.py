"""The one interface behind which each branch of company start-up talks to its outside system: a
``BranchService`` (which system, which department answers for it, where it takes orders, what its
refusals mean) and ``place_order``, which sends one order under the step's idempotency key and turns
every way it can fail into a ``RetryableFailure`` or a ``PermanentFailure`` with a reason a clerk
of that department can act on.

A real system (or an adapter in front of one) offers the interface the simulators do
(docs/simulators.md); another kind of system is another module beside seal.py, bank.py … with the
same shape."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

import httpx
from django.conf import settings

from onestop.processes.handlers import PermanentFailure, RetryableFailure, StepContext


@dataclass(frozen=True)
class BranchService:
    step: str  # the step's name in company_startup, and its key in ONESTOP_BRANCH_URLS / _TOKENS
    system: str  # the outside system as staff call it
    department: str  # catalogue code of the department whose staff handle the step when it stalls
    path: str  # where it takes orders (POST) and lists a company's orders (GET ?uscc=)
    # Problem codes of a refusal → what the clerk should do about it (shown after the system's words).
    refusals: dict[str, str] = field(default_factory=dict)


def company(ctx: StepContext) -> tuple[str, str]:
    """The new company's USCC and name, from the registration step."""
    registered = ctx.upstream.get("register") or {}
    uscc, name = registered.get("uscc"), registered.get("company_name")
    if not uscc or not name:
        raise PermanentFailure("设立登记未给出统一社会信用代码或企业名称，请先核对设立登记步骤的结果")
    return uscc, name


def option(ctx: StepContext, section: str, name: str) -> Any:
    """A choice the founder made on the start-up form (``inputs[section][name]``)."""
    value = (ctx.inputs.get(section) or {}).get(name)
    if value is None or value == "" or value == []:
        raise PermanentFailure(f"申请表中缺少“{section}.{name}”，请联系申请人补正后重新执行")
    return value


@functools.cache
def _http() -> httpx.Client:
    # One client per process: its connection pool is reused by the steps a worker runs, and building
    # a client (an SSL context) costs tens of milliseconds per call otherwise.
    return httpx.Client(limits=httpx.Limits(max_connections=20, max_keepalive_connections=10))


def idempotency_key(ctx: StepContext, uscc: str) -> str:
    # The step's key is the same on every attempt; the company's code keeps it apart from the key of
    # a process with the same number in another database (a test run, a restored copy) that the
    # outside system has also seen.
    return f"{ctx.idempotency_key}-{uscc}"


def place_order(service: BranchService, ctx: StepContext, body: dict[str, Any]) -> dict[str, Any]:
    """POSTs ``body`` (with the company's ``uscc``) under the step's idempotency key: a repeated
    attempt gets the first answer back and makes no second order."""
    timeout = settings.ONESTOP_BRANCH_TIMEOUT_SECONDS
    headers = {"Authorization": f"Bearer {settings.ONESTOP_BRANCH_TOKENS[service.step]}",
               "Idempotency-Key": idempotency_key(ctx, body["uscc"]), "Accept": "application/json"}
    try:
        response = _http().post(settings.ONESTOP_BRANCH_URLS[service.step] + service.path, json=body,
                                headers=headers, timeout=timeout)
    except httpx.TimeoutException:
        raise RetryableFailure(f"{service.system}在 {timeout:g} 秒内未答复") from None
    except httpx.HTTPError as exc:
        raise RetryableFailure(f"{service.system}暂时无法连接（{type(exc).__name__}）") from None
    if response.status_code == 201:
        try:
            return response.json()
        except ValueError:
            raise RetryableFailure(f"{service.system}的答复无法识别（不是 JSON）") from None
    raise _failure(service, response)


def _failure(service: BranchService, response: httpx.Response) -> RetryableFailure | PermanentFailure:
    status = response.status_code
    if status >= 500 or status == 429:
        return RetryableFailure(f"{service.system}暂时无法受理（HTTP {status}）")
    try:
        problem = response.json()
    except ValueError:
        problem = {}
    problem = problem if isinstance(problem, dict) else {}
    code, title, detail = problem.get("code", ""), problem.get("title") or f"HTTP {status}", problem.get("detail")
    if status in (401, 403):
        return PermanentFailure(f"{service.system}拒绝了平台的访问令牌（{code or status}），"
                                "请系统管理员核对该系统的令牌配置后重新执行")
    if code == "idempotency_conflict":
        return PermanentFailure(f"{service.system}已受理过本步骤的一笔内容不同的申请，"
                                "请核对该系统中的记录后再决定是否重新执行")
    action = service.refusals.get(code, "请核对申请信息，与申请人联系补正后重新执行")
    said = f"{title}（{detail}）" if detail else title
    return PermanentFailure(f"{service.system}不予受理：{said}。{action}")


def month_day(iso_date: str) -> str:
    day = dt.date.fromisoformat(iso_date)
    return f"{day.month}月{day.day}日"


def yuan(fen: int) -> str:
    """10000000 → "10万元", 12345 → "123.45元"."""
    if fen % 1_000_000 == 0:
        return f"{fen // 1_000_000}万元"
    return f"{fen / 100:,.2f}元".replace(".00元", "元")
