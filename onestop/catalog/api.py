"""Catalogue API: items with filters and paging, item by code, departments, themes, halls, statistics."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema

from onestop.core.schemas import Problem

from . import guide_check, search_index, services
from .models import Hall, Handling, ItemType, Material, ServiceItem, Theme

router = Router(tags=["事项库"])

# No control characters: they cannot be stored or searched (PostgreSQL rejects NUL).
TEXT_PATTERN = r"^[^\x00-\x1f\x7f]*$"
CODE_PATTERN = r"^[0-9A-Za-z\-]{1,80}$"


class DepartmentRef(Schema):
    code: str
    name: str


class DepartmentOut(Schema):
    code: str
    name: str
    full_name: str
    uscc: str
    phone: str
    address: str
    item_count: int


class ThemeOut(Schema):
    code: str
    name: str
    audience: Literal["person", "company"]


class HallOut(Schema):
    code: str
    name: str
    level: str
    division_code: str
    address: str
    phone: str
    opening_hours: str
    latitude: float | None
    longitude: float | None


class ItemSummary(Schema):
    code: str
    name: str
    department: DepartmentRef
    item_type: str = Field(description="|".join(ItemType.values))
    item_type_label: str
    audience: list[Literal["person", "company"]]
    handling: str = Field(description="|".join(Handling.values))
    handling_label: str
    statutory_days: int | None
    promised_days: int | None
    online_capable: bool = Field(description="办理方式标注为全程网办或最多跑一次")
    online_ready: bool = Field(description="可真正网上申请：指南完整、可网办、已有网上申请表或流程")
    missing_parts: list[str] = Field(description="办事指南尚未公布的部分（materials、conditions、legal_basis、time_limit、fee、place）")
    certificate_free: bool
    instant_approval: bool
    url: str


class MaterialOut(Schema):
    name: str
    form: str
    form_label: str
    count: int
    required: bool
    ecert_type: str | None = Field(description="可替代该材料的电子证照（免证办）")
    note: str


class ItemDetail(ItemSummary):
    basic_code: str
    fee_fen: int
    fee_note: str
    legal_basis: str
    conditions: str
    procedure: list[str]
    visits: int | None
    materials: list[MaterialOut]
    halls: list[HallOut]
    themes: list[ThemeOut]
    version: int
    published_at: datetime | None
    updated_at: datetime


class ItemPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ItemSummary]


class ItemQuery(Schema):
    q: str = Field("", max_length=50, pattern=TEXT_PATTERN, description="关键词，如“营业执照”“社保”“gaoling”")
    audience: Literal["person", "company"] | None = None
    department: str | None = Field(None, max_length=20, pattern=r"^[0-9A-Za-z_\-]+$", description="部门编码")
    theme: str | None = Field(None, max_length=40, pattern=r"^[0-9A-Za-z_\-]+$", description="主题编码")
    item_type: Literal[tuple(ItemType.values)] | None = None  # type: ignore[valid-type]
    handling: Literal[tuple(Handling.values)] | None = None  # type: ignore[valid-type]
    certificate_free: bool | None = None
    instant_approval: bool | None = None
    online_capable: bool | None = None
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(20, ge=1, le=100)


class CountRow(Schema):
    code: str
    name: str
    total: int


class DepartmentStats(CountRow):
    online_capable: int
    online_ready: int
    online_rate: float


class CatalogStatsOut(Schema):
    total: int
    online_capable: int = Field(description="标注为全程网办或最多跑一次的事项数（不论指南是否完整）")
    online_ready: int = Field(description="可真正网上申请的事项数：指南完整、可网办、已有网上申请表或办理流程")
    guide_complete: int = Field(description="办事指南六项内容（材料、条件、依据、时限、收费、地点）均已公布的事项数")
    online_rate: float = Field(description="网办率 = online_ready ÷ total")
    fully_online: int
    fully_online_rate: float
    certificate_free: int
    instant_approval: int
    zero_visit: int
    by_department: list[DepartmentStats]
    by_type: list[CountRow]
    by_handling: list[CountRow]


def _readiness(item: ServiceItem | search_index.Entry) -> dict:
    entry = item if isinstance(item, search_index.Entry) else search_index.by_code(item.code)
    return {"online_ready": entry.online_ready, "missing_parts": list(entry.missing_parts)} if entry else \
        {"online_ready": False, "missing_parts": [code for code, _ in guide_check.PARTS]}


def _summary(item: ServiceItem | search_index.Entry) -> dict:
    department = (
        {"code": item.department, "name": item.department_name}
        if isinstance(item, search_index.Entry)
        else {"code": item.department.code, "name": item.department.name}
    )
    return {
        "code": item.code,
        "name": item.name,
        "department": department,
        "item_type": item.item_type,
        "item_type_label": item.get_item_type_display(),
        "audience": [a for a, flag in (("person", item.for_person), ("company", item.for_company)) if flag],
        "handling": item.handling,
        "handling_label": item.get_handling_display(),
        "statutory_days": item.statutory_days,
        "promised_days": item.promised_days,
        "online_capable": item.is_online_capable,
        **_readiness(item),
        "certificate_free": bool(getattr(item, "certificate_free", False)),
        "instant_approval": item.instant_approval,
        "url": item.get_absolute_url(),
    }


def _material(m: Material) -> dict:
    return {
        "name": m.name,
        "form": m.form,
        "form_label": m.get_form_display(),
        "count": m.count,
        "required": m.required,
        "ecert_type": m.ecert_type.name if m.ecert_type else None,
        "note": m.note,
    }


@router.get("/items", response={200: ItemPage, 422: Problem}, summary="查询事项")
def list_items(request, query: Query[ItemQuery]):
    filters = services.ItemFilters(
        q=query.q,
        audience=query.audience,
        department=query.department,
        theme=query.theme,
        item_type=query.item_type,
        handling=query.handling,
        certificate_free=query.certificate_free,
        instant_approval=query.instant_approval,
        online_capable=query.online_capable,
    )
    items = services.find_items(filters)
    count = len(items)
    start = (query.page - 1) * query.page_size
    page = items[start : start + query.page_size]
    return {"count": count, "page": query.page, "page_size": query.page_size, "results": [_summary(i) for i in page]}


@router.get("/items/{code}", response={200: ItemDetail, 404: Problem}, summary="按实施编码查询事项")
def get_item(request, code: str):
    item = services.item_detail(code) if len(code) <= 80 and "\x00" not in code else None
    if item is None:
        raise Http404("没有实施编码为该值的已发布事项。")
    return {
        **_summary(item),
        "basic_code": item.basic_code,
        "fee_fen": item.fee_fen,
        "fee_note": item.fee_note,
        "legal_basis": item.legal_basis,
        "conditions": item.conditions,
        "procedure": item.procedure,
        "visits": item.visits,
        "materials": [_material(m) for m in item.materials.all()],
        "halls": list(item.halls.all()),
        "themes": list(item.themes.all()),
        "version": item.version,
        "published_at": item.published_at,
        "updated_at": item.updated_at,
    }


@router.get("/departments", response=list[DepartmentOut], summary="部门列表")
def list_departments(request):
    return services.departments_with_counts()


@router.get("/departments/{code}", response={200: DepartmentOut, 404: Problem}, summary="部门详情")
def get_department(request, code: str):
    department = next((d for d in services.departments_with_counts() if d.code == code), None)
    if department is None:
        raise Http404("没有该编码的部门。")
    return department


@router.get("/themes", response=list[ThemeOut], summary="主题（生活事件）列表")
def list_themes(request):
    return Theme.objects.all()


@router.get("/halls", response=list[HallOut], summary="服务大厅列表")
def list_halls(request):
    return Hall.objects.all()


@router.get("/stats/catalog", response=CatalogStatsOut, summary="事项库统计（由事项记录实时计算）")
def catalog_stats(request):
    stats = services.catalog_stats()
    return {**stats.__dict__, "online_rate": stats.online_rate, "fully_online_rate": stats.fully_online_rate}


