"""The platform's REST API: one NinjaAPI, one router per app, RFC 9457 problem+json errors."""

from __future__ import annotations

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from onestop.accounts.api_auth import CsrfFailed
from onestop.business.api import router as business_router
from onestop.catalog.api import router as catalog_router
from onestop.certs.api import router as certs_router
from onestop.core.problems import PROBLEM_CONTENT_TYPE, problem

api = NinjaAPI(
    title="onestop 一网通办 API",
    version="1.0.0",
    description="事项库查询、电子证照（签发、授权调用、查验）、企业名称自主申报等接口。错误以 RFC 9457 application/problem+json 返回，带稳定的 code 字段。",
    urls_namespace="api",
)
api.add_router("/", catalog_router)
api.add_router("/", certs_router)
api.add_router("/", business_router)


def _location(loc) -> str:
    # ("query", "page") -> "page"; keep nested paths readable: ("body", "items", 0) -> "items.0"
    parts = [str(p) for p in loc[1:]] if len(loc) > 1 else [str(p) for p in loc]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors = [
        {"parameter": _location(e.get("loc", ())), "in": str(e.get("loc", ("",))[0]), "message": e.get("msg", "")}
        for e in exc.errors
    ]
    names = "、".join(dict.fromkeys(e["parameter"] for e in errors))
    return problem(422, "invalid_parameter", "参数不正确", f"请检查参数：{names}", errors=errors)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return problem(404, "not_found", "未找到", str(exc) or "请求的资源不存在。")


_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict", 422: "unprocessable"}


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return problem(exc.status_code, _CODES.get(exc.status_code, f"http_{exc.status_code}"), str(exc))


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    # RFC 6750 §3: a challenge always; error="invalid_token" when a key was sent but is not valid.
    # One stable code for both: clients already rely on "unauthorized".
    if request.headers.get("Authorization"):
        response = problem(401, "unauthorized", "密钥无效", "部门系统密钥不正确或已停用，请核对后重试。")
        response["WWW-Authenticate"] = 'Bearer realm="onestop", error="invalid_token"'
    else:
        response = problem(401, "unauthorized", "需要认证", "请使用部门系统密钥（Bearer）或工作人员登录后调用。")
        response["WWW-Authenticate"] = 'Bearer realm="onestop"'
    return response


@api.exception_handler(CsrfFailed)
def on_csrf_failed(request, exc):
    return problem(403, "csrf_failed", "请求校验失败",
                   "使用登录会话调用时，请在 X-CSRFToken 请求头中带上页面的 CSRF 令牌。")


def _problem_responses(schema: dict) -> dict:
    """Document error responses with their real media type, application/problem+json."""
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if str(status).startswith(("4", "5")) and "application/json" in content:
                    content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
    return schema


_base_openapi = api.get_openapi_schema


def _openapi_schema(*args, **kwargs):
    return _problem_responses(_base_openapi(*args, **kwargs))


api.get_openapi_schema = _openapi_schema
