"""Catalogue domain logic: finding items, publishing them, and the statistics computed from them.

Plain functions over the ORM, no HTTP. Pages, the API and management commands all call these.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from .models import ONLINE_CAPABLE, Audience, Department, Hall, Handling, ItemStatus, ItemType, ServiceItem, Theme
from .records import ItemRecord, MaterialRecord, save_records
from .search import build_search_text, expand, normalise, query_terms
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


def find_items(filters: ItemFilters) -> QuerySet[ServiceItem]:
    """Published items matching ``filters``; ranked by relevance when there is a query, else by use."""
    items = published_items().with_certificate_free()
    if filters.audience == Audience.PERSON:
        items = items.filter(for_person=True)
    elif filters.audience == Audience.COMPANY:
        items = items.filter(for_company=True)
    if filters.department:
        items = items.filter(department__code=filters.department)
    if filters.theme:
        items = items.filter(themes__code=filters.theme)
    if filters.item_type:
        items = items.filter(item_type=filters.item_type)
    if filters.handling:
        items = items.filter(handling=filters.handling)
    if filters.certificate_free is not None:
        items = items.filter(certificate_free=filters.certificate_free)
    if filters.instant_approval is not None:
        items = items.filter(instant_approval=filters.instant_approval)
    if filters.online_capable is not None:
        online = Q(handling__in=ONLINE_CAPABLE)
        items = items.filter(online if filters.online_capable else ~online)
    terms = query_terms(filters.q) if filters.q else []
    if filters.q and not terms:
        return items.none()
    if not terms:
        return items.order_by("-annual_volume", "code")
    return _rank(items, normalise(filters.q), terms)


def _rank(items: QuerySet[ServiceItem], whole_query: str, terms: list[str]) -> QuerySet[ServiceItem]:
    # Score: the whole query inside the name counts most, then each term found in the name, then
    # each term found anywhere (department, pinyin). Items that match no term are left out.
    def contains(field_name: str, term: str) -> Q:
        q = Q()
        for alternative in expand(term):
            q |= Q(**{f"{field_name}__icontains": alternative})
        return q

    score_parts = [Case(When(name__icontains=whole_query, then=Value(20)), default=Value(0))]
    for term in terms:
        score_parts.append(
            Case(
                When(contains("name", term), then=Value(3)),
                When(contains("search_text", term), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    score = sum(score_parts[1:], score_parts[0])
    any_term = Q()
    for term in terms:
        any_term |= contains("search_text", term)
    return items.filter(any_term).annotate(score=score).order_by("-score", "-annual_volume", "code")


def item_detail(code: str) -> ServiceItem | None:
    return (
        published_items()
        .with_certificate_free()
        .prefetch_related("materials__ecert_type", "halls", "themes")
        .filter(code=code)
        .first()
    )


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
    return items.filter(status=ItemStatus.PUBLISHED).update(status=ItemStatus.DRAFT, updated_at=timezone.now())


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

    @property
    def online_rate(self) -> float:
        """网办率: share of published items that can be applied for online."""
        return self.online_capable / self.total if self.total else 0.0

    @property
    def online_rate_percent(self) -> str:
        return f"{self.online_rate * 100:.1f}"

    @property
    def fully_online_rate(self) -> float:
        return self.fully_online / self.total if self.total else 0.0


def catalog_stats() -> CatalogStats:
    """Statistics computed from the published catalogue records (never typed in)."""
    items = ServiceItem.objects.published()
    online = Q(handling__in=ONLINE_CAPABLE)
    totals = items.aggregate(
        total=Count("pk"),
        online_capable=Count("pk", filter=online),
        fully_online=Count("pk", filter=Q(handling=Handling.ONLINE)),
        instant_approval=Count("pk", filter=Q(instant_approval=True)),
        zero_visit=Count("pk", filter=Q(visits=0)),
    )
    certificate_free = items.certificate_free().count()
    by_department = list(
        Department.objects.annotate(
            total=Count("items", filter=Q(items__status=ItemStatus.PUBLISHED)),
            online_capable=Count(
                "items", filter=Q(items__status=ItemStatus.PUBLISHED, items__handling__in=ONLINE_CAPABLE)
            ),
        )
        .filter(total__gt=0)
        .order_by("-total", "sort_order")
        .values("code", "name", "total", "online_capable")
    )
    for row in by_department:
        row["online_rate"] = row["online_capable"] / row["total"]
    type_labels = dict(ItemType.choices)
    by_type = [
        {"code": row["item_type"], "name": type_labels.get(row["item_type"], row["item_type"]), "total": row["n"]}
        for row in items.values("item_type").annotate(n=Count("pk")).order_by("-n", "item_type")
    ]
    handling_labels = dict(Handling.choices)
    by_handling = [
        {"code": row["handling"], "name": handling_labels.get(row["handling"], row["handling"]), "total": row["n"]}
        for row in items.values("handling").annotate(n=Count("pk")).order_by("-n", "handling")
    ]
    return CatalogStats(
        certificate_free=certificate_free,
        by_department=by_department,
        by_type=by_type,
        by_handling=by_handling,
        **totals,
    )




# ---- import / export ---------------------------------------------------------------------------


def _lookups() -> Lookups:
    def both(rows) -> dict[str, str]:
        mapping = {}
        for code, name in rows:
            mapping[name] = code
            mapping[code] = code
        return mapping

    from onestop.certs.models import CertificateType

    return Lookups(
        departments=both(Department.objects.values_list("code", "name")),
        themes=_theme_lookup(),
        halls=both(Hall.objects.values_list("code", "name")),
        cert_types=frozenset(CertificateType.objects.values_list("name", flat=True)),
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
            annual_volume=i.annual_volume,
            status=i.status,
            themes=[t.code for t in i.themes.all()],
            halls=[h.code for h in i.halls.all()],
            materials=[
                MaterialRecord(m.name, m.form, m.count, m.required, m.ecert_type.name if m.ecert_type else None, m.note)
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
    """Departments that have published items, each with ``item_count``."""
    return list(
        Department.objects.annotate(item_count=Count("items", filter=Q(items__status=ItemStatus.PUBLISHED)))
        .filter(item_count__gt=0)
        .order_by("sort_order", "code")
    )
