"""Plain records of catalogue items, as read from import files or demo data, and how they are saved."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .models import Department, Hall, ItemStatus, Material, ServiceItem, Theme, certificate_type_model
from .search import build_search_text


@dataclass
class MaterialRecord:
    name: str
    form: str = Material.Form.ORIGINAL
    count: int = 1
    required: bool = True
    ecert: str | None = None  # CertificateType.name
    note: str = ""
    # Certificate fields the item reads (Material.ecert_fields); None: not stated by the source (a
    # spreadsheet has no column for it), so an existing material of that name and type keeps its own.
    ecert_fields: list[str] | None = None


@dataclass
class ItemRecord:
    code: str
    name: str
    department: str  # Department.code
    item_type: str
    handling: str
    for_person: bool = True
    for_company: bool = False
    basic_code: str = ""
    statutory_days: int | None = None
    promised_days: int | None = None
    fee_fen: int = 0
    fee_note: str = ""
    legal_basis: str = ""
    conditions: str = ""
    procedure: list[str] = field(default_factory=list)
    visits: int | None = None
    instant_approval: bool = False
    process_key: str = ""
    annual_volume: int = 0
    status: str = ItemStatus.PUBLISHED
    themes: list[str] = field(default_factory=list)  # Theme.code
    halls: list[str] = field(default_factory=list)  # Hall.code
    materials: list[MaterialRecord] = field(default_factory=list)


_SCALAR_FIELDS = (
    "basic_code name item_type handling for_person for_company statutory_days promised_days fee_fen fee_note "
    "legal_basis conditions procedure visits instant_approval process_key annual_volume status"
).split()


@transaction.atomic
def save_records(records: list[ItemRecord]) -> tuple[int, int]:
    """Create or update items by code, replacing their materials, themes and halls.

    Runs in one transaction: either every record is saved or none is. A changed published item gets
    the next version number. Returns (created, updated).
    """
    departments = {d.code: d for d in Department.objects.all()}
    themes = {t.code: t for t in Theme.objects.all()}
    halls = {h.code: h for h in Hall.objects.all()}
    cert_types = {c.name: c for c in certificate_type_model().objects.all()}
    existing = {i.code: i for i in ServiceItem.objects.filter(code__in=[r.code for r in records])}
    created = updated = 0
    now = timezone.now()
    for record in records:
        item = existing.get(record.code) or ServiceItem(code=record.code)
        department = departments[record.department]
        before = _snapshot(item) if item.pk else None
        for name in _SCALAR_FIELDS:
            setattr(item, name, getattr(record, name))
        item.department = department
        item.search_text = build_search_text(record.name, department.name, department.full_name)
        if item.status == ItemStatus.PUBLISHED and item.published_at is None:
            item.published_at = now
        is_new = item.pk is None
        if not is_new and before != _snapshot(item, record):
            item.version += 1
        item.save()
        kept: dict = {}
        if is_new:
            created += 1
        else:
            updated += 1
            kept = {(m.name, m.ecert_type_id): m.ecert_fields for m in item.materials.all()}
            item.materials.all().delete()
        Material.objects.bulk_create(
            Material(
                item=item,
                position=position,
                name=m.name,
                form=m.form,
                count=m.count,
                required=m.required,
                ecert_type=cert_types[m.ecert] if m.ecert else None,
                ecert_fields=_ecert_fields(m, cert_types, kept),
                note=m.note,
            )
            for position, m in enumerate(record.materials, start=1)
        )
        item.themes.set([themes[c] for c in record.themes])
        item.halls.set([halls[c] for c in record.halls])
    return created, updated


def _ecert_fields(record: MaterialRecord, cert_types: dict, kept: dict) -> list[str]:
    if not record.ecert:
        return []
    if record.ecert_fields is not None:
        return list(record.ecert_fields)
    return kept.get((record.name, cert_types[record.ecert].pk), [])


def _snapshot(item: ServiceItem, record: ItemRecord | None = None) -> tuple:
    scalars = tuple(getattr(item, name) for name in _SCALAR_FIELDS) + (item.department_id,)
    if record is None and item.pk:
        related = (
            sorted(item.themes.values_list("code", flat=True)),
            sorted(item.halls.values_list("code", flat=True)),
            [
                (m.name, m.form, m.count, m.required, m.ecert_type.name if m.ecert_type else None, m.note)
                for m in item.materials.select_related("ecert_type")
            ],
        )
    elif record is not None:
        related = (
            sorted(record.themes),
            sorted(record.halls),
            [(m.name, m.form, m.count, m.required, m.ecert, m.note) for m in record.materials],
        )
    else:
        related = ()
    return scalars + related
