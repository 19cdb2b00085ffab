"""Reading shared data sources for a case: purpose check, circuit breaker, timeout, schema check,
field filtering and the audit record of every read (DESIGN §4 "Data exchange").

A source that fails, times out or answers nonsense never raises out of here: its result says
``ok=False`` with a Chinese reason, and the caller refers the case to a reviewer.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote

import httpx
from django.conf import settings
from django.db.models import F
from django.utils import timezone
from jsonschema import Draft202012Validator

from onestop.certs import audit
from onestop.certs.models import Certificate

from .models import DataSource, Grant, SourceHealth
from .registry import SENSITIVE_FIELDS

FAILURE_THRESHOLD = 5  # consecutive failures that open the breaker
OPEN_SECONDS = 30  # how long an open breaker refuses calls before letting one through again
SUCCESS_WRITE_SECONDS = 10
_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="exchange")


class ExchangeError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class SourceResult:
    code: str
    name: str
    ok: bool
    record: dict | None = None  # {"found": False} or {"found": True, **fields}
    reason: str = ""
    elapsed_ms: float = 0.0

    def as_input(self) -> dict:
        return {"ok": self.ok, "record": self.record, "reason": self.reason, "name": self.name}


@dataclass
class ReadRequest:
    """Who the case is about and why: every read is checked against the item's grants and audited."""

    item: object
    purpose: str
    actor: str
    person: object | None = None
    company: object | None = None
    actor_user: object | None = None
    actor_department: object | None = None
    today: dt.date = field(default_factory=timezone.localdate)


@dataclass(frozen=True)
class _Call:
    source: DataSource
    fields: tuple[str, ...]
    url: str | None  # None: the breaker is open, or no subject to ask about


def authorised_sources(item) -> dict[str, list[str]]:
    return {g.source.code: g.fields for g in Grant.objects.filter(item=item).select_related("source")}


def grant(item, source_code: str, purpose: str, fields: list[str] | None = None) -> Grant:
    source = DataSource.objects.get(code=source_code)
    obj, _ = Grant.objects.update_or_create(source=source, item=item, defaults={"purpose": purpose, "fields": fields or []})
    return obj


def read_sources(codes: list[str], request: ReadRequest) -> dict[str, SourceResult]:
    """Reads each source for the request's subject; never raises for a failing source."""
    # One query for the usual case (every source granted); ungranted ones are looked up for their names.
    grants = {g.source_id: g for g in Grant.objects.filter(item=request.item, source__code__in=codes).select_related("source__health")}
    sources = {g.source.code: g.source for g in grants.values()}
    if len(sources) < len(set(codes)):
        sources.update({s.code: s for s in DataSource.objects.filter(code__in=set(codes) - set(sources)).select_related("health")})
    unknown = set(codes) - set(sources)
    if unknown:
        raise ExchangeError("unknown_source", f"未登记的数据源：{'、'.join(sorted(unknown))}")
    results: dict[str, SourceResult] = {}
    # The household number comes from the population record, so the household register is read second.
    first = [c for c in codes if c != "household"]
    if "household" in codes and "population" not in first:
        first.append("population")
    for wave in (first, ["household"] if "household" in codes else []):
        calls = []
        for code in wave:
            source = sources.get(code) or DataSource.objects.select_related("health").get(code=code)
            g = grants.get(source.pk)
            if g is None:
                results[code] = SourceResult(code, source.name, False, reason=f"事项未获授权读取“{source.name}”")
                continue
            if not source.enabled:
                results[code] = SourceResult(code, source.name, False, reason=f"数据源不可用：{source.name}（已停用）")
                continue
            if source.kind == DataSource.Kind.INTERNAL:
                results[code] = _read_certificates(source, request)
                continue
            if _breaker_open(source):
                results[code] = SourceResult(code, source.name, False, reason=f"数据源不可用：{source.name}（熔断中）")
                continue
            subject = _subject(source, request, results)
            if subject is None:
                results[code] = SourceResult(code, source.name, False, reason=f"缺少查询“{source.name}”所需的身份信息")
                continue
            calls.append(_Call(source, tuple(g.fields), _url(source, subject)))
        fetched = list(_POOL.map(lambda c: _fetch(c, request), calls)) if len(calls) > 1 else [_fetch(c, request) for c in calls]
        for call, result in zip(calls, fetched):
            _record_health(call.source, result)
            results[call.source.code] = result
    _audit(request, [results[c] for c in codes if c in results], sources)
    return {c: results[c] for c in codes}


def _subject(source: DataSource, request: ReadRequest, done: dict[str, SourceResult]) -> str | None:
    person, company = request.person, request.company
    if source.subject == DataSource.Subject.PERSON:
        return person.id_number() if person else None
    if source.subject == DataSource.Subject.COMPANY:
        return company.uscc if company else None
    if source.subject == DataSource.Subject.HOUSEHOLD:
        population = done.get("population")
        return (population.record or {}).get("household_number") if population and population.ok else None
    return company.uscc if company else (person.id_number() if person else None)


def _url(source: DataSource, subject: str) -> str:
    base = settings.ONESTOP_DATA_SOURCE_URLS.get(source.code, "")
    return base.rstrip("/") + source.path.format(subject=subject)


@lru_cache(maxsize=16)
def _http(timeout_key: int) -> httpx.Client:
    # One pooled client per timeout, kept for the life of the process (keep-alive to each source).
    return httpx.Client(timeout=timeout_key / 1000, limits=httpx.Limits(max_connections=50, max_keepalive_connections=20))


@lru_cache(maxsize=64)
def _validator(schema_key: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema_key))


def _fetch(call: _Call, request: ReadRequest) -> SourceResult:
    source, started = call.source, time.perf_counter()

    def failed(reason: str) -> SourceResult:
        return SourceResult(source.code, source.name, False, reason=f"数据源不可用：{source.name}（{reason}）",
                            elapsed_ms=(time.perf_counter() - started) * 1000)

    try:
        response = _http(source.timeout_ms).get(call.url, headers={
            "Authorization": f"Bearer {settings.ONESTOP_SIMULATOR_TOKEN}",
            # Header values are ASCII: the purpose (Chinese) travels percent-encoded.
            "X-Purpose": quote(f"{request.item.code} {request.purpose}"[:200], safe=" "),
        })
    except httpx.TimeoutException:
        return failed("响应超时")
    except httpx.HTTPError as exc:
        return failed(f"连接失败：{type(exc).__name__}")
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code == 404:
        try:
            code = response.json().get("code")
        except ValueError:
            code = None
        if code == "not_found":
            return SourceResult(source.code, source.name, True, {"found": False}, elapsed_ms=elapsed)
        return failed("HTTP 404")
    if response.status_code != 200:
        return failed(f"HTTP {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        return failed("响应不是有效的JSON")
    errors = list(_validator(json.dumps(source.schema, sort_keys=True)).iter_errors(body)) if isinstance(body, dict) else ["not an object"]
    if errors:
        return failed("响应格式与登记的结构不符")
    allowed = set(call.fields) if call.fields else set(source.field_names) - SENSITIVE_FIELDS
    record = {k: v for k, v in body.items() if k in allowed}
    return SourceResult(source.code, source.name, True, {"found": True, **record}, elapsed_ms=elapsed)


def _read_certificates(source: DataSource, request: ReadRequest) -> SourceResult:
    holder = {"holder_company": request.company} if request.company else {"holder_person": request.person}
    if not any(holder.values()):
        return SourceResult(source.code, source.name, False, reason="缺少证照持有人")
    today = request.today
    found: dict[str, dict] = {}
    rows = (Certificate.objects.filter(**holder, revoked_at__isnull=True).select_related("cert_type")
            .order_by("issued_at"))
    for cert in rows:
        if cert.valid_until and cert.valid_until < today:
            continue
        found[cert.cert_type.name] = {
            "number": cert.number, "identifier": cert.identifier, "issued_on": timezone.localdate(cert.issued_at).isoformat(),
            "valid_until": cert.valid_until.isoformat() if cert.valid_until else None, "fields": cert.fields,
        }
    # Keyed by type name at the top level, as rules read it: '社会保障卡' in certificates.
    return SourceResult(source.code, source.name, True, {"found": bool(found), **found})


def _breaker_open(source: DataSource) -> bool:
    health = getattr(source, "health", None)
    return bool(health and health.open_until and health.open_until > timezone.now())


def _record_health(source: DataSource, result: SourceResult) -> None:
    """Failures are counted on the shared row; a success writes only when it changes the breaker's
    state or the last-success time is stale, so healthy traffic does not queue on one hot row."""
    now = timezone.now()
    rows = SourceHealth.objects.filter(source=source)
    health = getattr(source, "health", None)
    if result.ok:
        stale = health is None or health.last_success_at is None or now - health.last_success_at > dt.timedelta(seconds=SUCCESS_WRITE_SECONDS)
        if stale or health.consecutive_failures or health.open_until:
            rows.update(consecutive_failures=0, open_until=None, last_success_at=now)
        return
    rows.update(failures=F("failures") + 1, consecutive_failures=F("consecutive_failures") + 1,
                last_error=result.reason[:200], last_failure_at=now)
    rows.filter(consecutive_failures__gte=FAILURE_THRESHOLD).update(open_until=now + dt.timedelta(seconds=OPEN_SECONDS))


def _audit(request: ReadRequest, results: list[SourceResult], sources: dict[str, DataSource]) -> None:
    person, company = request.person, request.company
    records = [
        audit.data_read_record(
            source_code=r.code, source_name=r.name, actor=request.actor, purpose=request.purpose,
            outcome="ok" if r.ok else "unavailable", holder_person_id=getattr(person, "pk", None),
            holder_company_id=getattr(company, "pk", None), actor_user=request.actor_user,
            actor_department=request.actor_department, service_item_code=request.item.code,
        )
        for r in results
    ]
    if records:
        audit.append_records(records)


def health_overview() -> list[dict]:
    """For the administrators' status page."""
    now = timezone.now()
    rows = []
    for source in DataSource.objects.select_related("health").order_by("code"):
        health = getattr(source, "health", None)
        is_open = bool(health and health.open_until and health.open_until > now)
        rows.append({
            "source": source, "health": health, "breaker_open": is_open,
            "state": "熔断中" if is_open else ("已停用" if not source.enabled else ("异常" if health and health.consecutive_failures else "正常")),
            "url": settings.ONESTOP_DATA_SOURCE_URLS.get(source.code, "（平台内部）"),
        })
    return rows
