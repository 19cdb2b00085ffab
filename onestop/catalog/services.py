"""Catalogue domain logic: finding items, publishing them, and the statistics computed from them.

Plain functions over the ORM, no HTTP. Pages, the API and management commands all call these.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from . import search_index
from .models import (
    ONLINE_CAPABLE,
    Audience,
    Department,
    Hall,
    Handling,
    ItemStatus,
    ItemType,
    ServiceItem,
    Theme,
    certificate_type_model,
)
from .records import ItemRecord, MaterialRecord, save_records
from .search import build_search_text
from .transfer import Lookups, Names, dump_catalog, parse_catalog


@dataclass(frozen=True)
class ItemFilters:
    """What a citizen or another system can filter the published catalogue by."""

    q: str = ""
    audience: str | None = None  # Audience value
    department: str | None = None  # Department.code
    theme: str | None = None  # Theme.code
    item_type: str | None = None  # ItemType value
    handling: str | None = None  # Handling value
    certificate_free: bool | None = None
    instant_approval: bool | None = None
    online_capable: bool | None = None


def published_items() -> QuerySet[ServiceItem]:
    return ServiceItem.objects.published().select_related("department")


def find_items(filters: ItemFilters) -> list[search_index.Entry]:
    """Published items matching ``filters``, ranked by relevance when there is a query, else by use.

    Answered from the search index without reading item rows: a list page needs one query."""
    return search_index.search(filters)


def item_detail(code: str, with_related: bool = True) -> ServiceItem | None:
    """A published item by code; ``with_related`` also reads its materials, halls and themes now
    (pages leave them lazy, so that a cached guide does not read them at all)."""
    items = published_items().with_certificate_free().filter(code=code)
    if with_related:
        items = items.prefetch_related("materials__ecert_type", "halls", "themes")
    return items.first()


def refresh_search_text(item: ServiceItem) -> None:
    item.search_text = build_search_text(item.name, item.department.name, item.department.full_name)


@transaction.atomic
def save_item(item: ServiceItem) -> ServiceItem:
    """Save an item edited by an administrator: a change to a published item gets a new version."""
    refresh_search_text(item)
    if item.pk and item.status == ItemStatus.PUBLISHED:
        ServiceItem.objects.filter(pk=item.pk).select_for_update().get()
        item.version += 1
    item.save()
    return item


@transaction.atomic
def publish_items(items: QuerySet[ServiceItem]) -> int:
    """Publish drafts: each gets the next version number and a publication time."""
    count = 0
    for item in items.select_for_update().filter(status=ItemStatus.DRAFT):
        item.status = ItemStatus.PUBLISHED
        item.version += 1
        item.published_at = timezone.now()
        item.save(update_fields=["status", "version", "published_at", "updated_at"])
        count += 1
    return count


@transaction.atomic
def unpublish_items(items: QuerySet[ServiceItem]) -> int:
    return items.filter(status=ItemStatus.PUBLISHED).update(
        status=ItemStatus.DRAFT, version=F("version") + 1, updated_at=timezone.now()
    )


@dataclass(frozen=True)
class CatalogStats:
    total: int
    online_capable: int
    fully_online: int
    certificate_free: int
    instant_approval: int
    zero_visit: int
    by_department: list[dict]
    by_type: list[dict]
    by_handling: list[dict]
    # Items that can really be applied for online (guide_check.online_ready): complete guide, online
    # handling mode, a form or process of their own. ``online_capable`` counts the label only.
    online_ready: int = 0
    guide_complete: int = 0

    @property
    def online_rate(self) -> float:
        """网办率: share of published items that can really be applied for online (ONLINE_RATE_DEFINITION)."""
        return self.online_ready / self.total if self.total else 0.0

    @property
    def online_rate_percent(self) -> str:
        return f"{self.online_rate * 100:.1f}"

    @property
    def fully_online_rate(self) -> float:
        return self.fully_online / self.total if self.total else 0.0


# Printed on the statistics page next to the figure, so the figure and its definition are one.
ONLINE_RATE_DEFINITION = gettext_lazy(
    "网办率 = 可全程在网上提交申请的事项数 ÷ 已发布事项总数。可网上申请的事项须同时满足：办理方式为全程网办或最多跑一次；"
    "办事指南已公布申请材料、受理条件、设定依据、办结时限、收费标准和办理地点；并已上线本事项的网上申请表或办理流程。"
    "仅标注可网办、但指南未公布完整或尚无网上申请表的事项不计入。"
)


def catalog_stats() -> CatalogStats:
    """Statistics computed from the published catalogue records (never typed in).

    Counted over the search index, which is rebuilt from the records whenever they change.
    """
    return search_index.derived("catalog_stats", _compute_stats)


def _compute_stats(entries) -> CatalogStats:
    departments = {d.code: d for d in Department.objects.all()}
    per_department: dict[str, list[int]] = {}
    per_type: dict[str, int] = {}
    per_handling: dict[str, int] = {}
    for e in entries:
        counts = per_department.setdefault(e.department, [0, 0, 0])
        counts[0] += 1
        counts[1] += e.handling in ONLINE_CAPABLE
        counts[2] += e.online_ready
        per_type[e.item_type] = per_type.get(e.item_type, 0) + 1
        per_handling[e.handling] = per_handling.get(e.handling, 0) + 1
    by_department = sorted(
        (
            {
                "code": code,
                "name": departments[code].name,
                "total": total,
                "online_capable": online,
                "online_ready": ready,
                "online_rate": ready / total,
            }
            for code, (total, online, ready) in per_department.items()
        ),
        key=lambda row: (-row["total"], departments[row["code"]].sort_order),
    )
    type_labels, handling_labels = dict(ItemType.choices), dict(Handling.choices)
    return CatalogStats(
        total=len(entries),
        online_capable=sum(e.handling in ONLINE_CAPABLE for e in entries),
        fully_online=sum(e.handling == Handling.ONLINE for e in entries),
        certificate_free=sum(e.certificate_free for e in entries),
        instant_approval=sum(e.instant_approval for e in entries),
        zero_visit=sum(e.visits == 0 for e in entries),
        by_department=by_department,
        by_type=_count_rows(per_type, type_labels),
        by_handling=_count_rows(per_handling, handling_labels),
        online_ready=sum(e.online_ready for e in entries),
        guide_complete=sum(e.guide_complete for e in entries),
    )


def _count_rows(counts: dict[str, int], labels: dict[str, str]) -> list[dict]:
    rows = [{"code": code, "name": labels.get(code, code), "total": n} for code, n in counts.items()]
    return sorted(rows, key=lambda row: (-row["total"], row["code"]))


# ---- import / export ---------------------------------------------------------------------------


def _lookups() -> Lookups:
    def both(rows) -> dict[str, str]:
        mapping = {}
        for code, name in rows:
            mapping[name] = code
            mapping[code] = code
        return mapping

    return Lookups(
        departments=both(Department.objects.values_list("code", "name")),
        themes=_theme_lookup(),
        halls=both(Hall.objects.values_list("code", "name")),
        cert_types=frozenset(certificate_type_model().objects.values_list("name", flat=True)),
    )


def _theme_label(theme: Theme) -> str:
    # Theme names repeat across audiences (医疗卫生 for people and for companies).
    return f"{theme.name}（{'个人' if theme.audience == Audience.PERSON else '法人'}）"


def _theme_lookup() -> dict[str, str]:
    themes = list(Theme.objects.all())
    mapping = {t.code: t.code for t in themes}
    mapping.update({_theme_label(t): t.code for t in themes})
    names = [t.name for t in themes]
    mapping.update({t.name: t.code for t in themes if names.count(t.name) == 1})
    return mapping


def import_catalog(content: bytes, fmt: str) -> tuple[int, int]:
    """Import a whole file in one transaction; raises ``ImportRejected`` listing every bad row."""
    records = parse_catalog(content, fmt, _lookups())
    return save_records(records)


def export_records(items: QuerySet[ServiceItem] | None = None) -> list[ItemRecord]:
    items = (items if items is not None else ServiceItem.objects.all()).order_by("department__sort_order", "code")
    items = items.select_related("department").prefetch_related("materials__ecert_type", "themes", "halls")
    return [
        ItemRecord(
            code=i.code,
            basic_code=i.basic_code,
            name=i.name,
            department=i.department.code,
            item_type=i.item_type,
            handling=i.handling,
            for_person=i.for_person,
            for_company=i.for_company,
            statutory_days=i.statutory_days,
            promised_days=i.promised_days,
            fee_fen=i.fee_fen,
            fee_note=i.fee_note,
            legal_basis=i.legal_basis,
            conditions=i.conditions,
            procedure=list(i.procedure),
            visits=i.visits,
            instant_approval=i.instant_approval,
            process_key=i.process_key,
            annual_volume=i.annual_volume,
            status=i.status,
            themes=[t.code for t in i.themes.all()],
            halls=[h.code for h in i.halls.all()],
            materials=[
                MaterialRecord(m.name, m.form, m.count, m.required, m.ecert_type.name if m.ecert_type else None,
                               m.note, ecert_fields=list(m.ecert_fields))
                for m in i.materials.all()
            ],
        )
        for i in items
    ]


def export_catalog(fmt: str, items: QuerySet[ServiceItem] | None = None) -> bytes:
    names = Names(
        departments=dict(Department.objects.values_list("code", "name")),
        themes={t.code: _theme_label(t) for t in Theme.objects.all()},
        halls=dict(Hall.objects.values_list("code", "name")),
    )
    return dump_catalog(export_records(items), fmt, names)


def departments_with_counts() -> list[Department]:
    """Departments that have published items, in their display order, each with ``item_count``."""
    return search_index.derived("departments_with_counts", _compute_department_counts)


def _compute_department_counts(entries) -> list[Department]:
    counts: dict[str, int] = {}
    for e in entries:
        counts[e.department] = counts.get(e.department, 0) + 1
    departments = [d for d in Department.objects.order_by("sort_order", "code") if d.code in counts]
    for d in departments:
        d.item_count = counts[d.code]
    return departments
