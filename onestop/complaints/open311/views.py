"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/) under /open311/v2/, with service
discovery at /open311/discovery.{json,xml}. One jurisdiction: jurisdiction_id is optional, and any
other value than ours is a 404, as the spec says."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from onestop.core.idempotency import IdempotencyConflict, run_once

from .. import keys
from .. import services as complaints
from ..models import Category, Report
from . import records
from .formats import errors, respond

MAX_RANGE = dt.timedelta(days=90)  # the spec: a start_date/end_date range may not span more than 90 days
MAX_RESULTS = 1000
CHANGESET = "2026-12-03T00:00:00+08:00"


def _jurisdiction_error(request, fmt):
    given = (request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or "").strip()
    if given and given != settings.ONESTOP_OPEN311_JURISDICTION:
        return errors(fmt, 404, (404, f"jurisdiction_id {given} not found / 未找到该辖区"))
    return None


def discovery(request, fmt):
    base = request.build_absolute_uri(reverse("open311:services", kwargs={"fmt": "json"})).rsplit("/", 1)[0]
    return respond(fmt, "discovery", {
        "changeset": CHANGESET,
        "contact": "珠海市斗门区政务服务和数据管理局，政务服务便民热线 12345",
        "key_service": "接入单位请向珠海市斗门区政务服务和数据管理局申请 api_key（管理后台“Open311 接口密钥”）",
        "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2", "url": base, "changeset": CHANGESET,
                       "type": "production", "formats": ["text/xml", "application/json"]}],
    })


@require_http_methods(["GET", "HEAD"])
def services(request, fmt):
    return _jurisdiction_error(request, fmt) or respond(
        fmt, "services", [records.service(c) for c in records.services_queryset()])


@require_http_methods(["GET", "HEAD"])
def service_definition(request, fmt, code):
    if (refused := _jurisdiction_error(request, fmt)) is not None:
        return refused
    if not records.services_queryset().filter(code=code).exists():
        return errors(fmt, 404, (404, f"service_code {code} not found / 服务类型不存在"))
    return respond(fmt, "service_definition", {"service_code": code, "attributes": records.ATTRIBUTES})


def _visible():
    """What the API lists: reports whose citizens agreed to publish them."""
    return Report.objects.filter(public=True).select_related("category", "department")


def _parse_date(value: str, name: str):
    moment = parse_datetime(value.strip().replace(" ", "+"))  # a "+" in a query string arrives as a space
    if moment is None or moment.tzinfo is None:
        raise ValueError(f"{name} must be a w3c datetime with a time zone, e.g. 2026-12-01T00:00:00+08:00")
    return moment


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def requests_view(request, fmt):
    if (refused := _jurisdiction_error(request, fmt)) is not None:
        return refused
    if request.method == "POST":
        return _create(request, fmt)
    query = request.GET
    rows = _visible()
    ids = [i.strip() for i in query.get("service_request_id", "").split(",") if i.strip()]
    if ids:  # the spec: service_request_id overrides all other arguments
        rows = rows.filter(number__in=ids[:MAX_RESULTS])
    else:
        try:
            end = _parse_date(query["end_date"], "end_date") if query.get("end_date") else None
            start = _parse_date(query["start_date"], "start_date") if query.get("start_date") else None
        except ValueError as exc:
            return errors(fmt, 400, (400, str(exc)))
        if start and end and end - start > MAX_RANGE:
            return errors(fmt, 400, (400, "start_date and end_date may not span more than 90 days"))
        if start and end and end < start:
            return errors(fmt, 400, (400, "end_date is before start_date"))
        end = end or (start + MAX_RANGE if start else timezone.now())
        start = start or end - MAX_RANGE
        rows = rows.filter(created_at__gte=start, created_at__lte=end)
        codes = [c.strip() for c in query.get("service_code", "").split(",") if c.strip()]
        if codes:
            rows = rows.filter(category__code__in=codes)
        statuses = {s.strip() for s in query.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            return errors(fmt, 400, (400, "status must be open or closed"))
        if statuses == {"open"}:
            rows = rows.filter(status=Report.Status.PROCESSING)
        elif statuses == {"closed"}:
            rows = rows.exclude(status=Report.Status.PROCESSING)
    return respond(fmt, "service_requests", [records.request(r) for r in rows.order_by("-created_at")[:MAX_RESULTS]])


@require_http_methods(["GET", "HEAD"])
def request_view(request, fmt, request_id):
    if (refused := _jurisdiction_error(request, fmt)) is not None:
        return refused
    # A request filed through this API can be followed by its id even when it is not public
    # (records.request then leaves out its text and location).
    report = (Report.objects.filter(Q(public=True) | Q(channel=Report.Channel.OPEN311), number=request_id)
              .select_related("category", "department").first())
    if report is None:
        return errors(fmt, 404, (404, f"service_request_id {request_id} not found / 未找到该诉求"))
    return respond(fmt, "service_requests", [records.request(report)])


@require_http_methods(["GET", "HEAD"])
def token_view(request, fmt, token):
    if (refused := _jurisdiction_error(request, fmt)) is not None:
        return refused
    report = Report.objects.filter(token=token, channel=Report.Channel.OPEN311).only("number", "token").first()
    if report is None:
        return errors(fmt, 404, (404, "token not found / 未找到该受理凭证"))
    return respond(fmt, "service_requests", [{"service_request_id": report.number, "token": report.token}])


def not_found(request, rest):
    fmt = "xml" if rest.endswith(".xml") else "json"
    return errors(fmt, 404, (404, "no such resource / 接口不存在"))


def _create(request, fmt):
    data = request.POST
    api_key = keys.check(data.get("api_key", ""))
    if api_key is None:
        return errors(fmt, 403, (403, "Invalid api_key / api_key 无效"))
    wait = keys.retry_after(api_key)
    if wait:
        response = errors(fmt, 429, (429, f"too many requests for this api_key, retry after {wait} s / 提交过于频繁，请 {wait} 秒后再试"))
        response["Retry-After"] = str(wait)
        return response
    code = data.get("service_code", "").strip()
    if not code:
        return errors(fmt, 400, (400, "service_code was not provided / 缺少 service_code"))
    category = Category.objects.filter(code=code, level=3).select_related("department", "parent").first()
    if category is None:
        return errors(fmt, 404, (404, f"service_code {code} not found / 服务类型不存在"))
    has_point = bool(data.get("lat", "").strip() and data.get("long", "").strip())
    if not (has_point or data.get("address_string", "").strip() or data.get("address_id", "").strip()):
        return errors(fmt, 400, (400, "a location is required: lat & long, address_string or address_id / 缺少位置"))
    kind = data.get("attribute[kind]", "").strip()
    if kind not in dict(records.KINDS):
        return errors(fmt, 400, (400, "attribute[kind] is required: complaint, consultation or suggestion / 请选择诉求类型"))
    public = data.get("attribute[public]", "no").strip()
    if public not in ("yes", "no"):
        return errors(fmt, 400, (400, "attribute[public] must be yes or no"))
    description = data.get("description", "")
    if len(description) > 4000:  # the spec's limit; ours (2,000) answers below in Chinese
        return errors(fmt, 400, (400, "description is limited to 4,000 characters"))
    phone = data.get("phone", "").strip()
    try:
        mobile = complaints.accounts.normalise_mobile(phone) if phone else ""
    except complaints.accounts.AccountError:
        mobile = ""  # a landline or a foreign number: kept out, the API client answers for the report
    name = f"{data.get('last_name', '').strip()}{data.get('first_name', '').strip()}"

    def create():
        report = complaints.submit_report(
            kind=kind, category=category, title=_title(description, category), description=description,
            actor=complaints.Actor(f"开放接口 {api_key.name}"), mobile=mobile, contact_name=name,
            latitude=data.get("lat") if has_point else None, longitude=data.get("long") if has_point else None,
            address=data.get("address_string", ""), public=public == "yes", channel=Report.Channel.OPEN311,
            api_key=api_key)
        return 201, {"service_request_id": report.number, "service_notice": records.notice(report)}

    payload = {k: v for k, v in data.items() if k != "api_key"}
    try:
        status, body = run_once(f"open311:{api_key.pk}", request.headers.get("Idempotency-Key"), payload, create)
    except IdempotencyConflict:
        return errors(fmt, 400, (400, "Idempotency-Key was used for a different request / 幂等键已用于其他请求"))
    except complaints.ComplaintError as exc:
        return errors(fmt, 400, (400, f"{exc.code}: {exc.message}"))
    return respond(fmt, "service_requests", [body], status=status)


def _title(description: str, category: Category) -> str:
    first = description.strip().replace("\n", " ").split("。")[0][:30]
    return first if len(first) >= 4 else f"{category.name}"[:60]
