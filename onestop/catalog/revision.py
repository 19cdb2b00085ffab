"""The catalogue's revision counter (models.CatalogRevision), moved by every saved or deleted
department, theme, hall or material and by every change of an item's halls or themes. It is part of
search_index.generation(), which the search index and the cached guide fragments follow, so two app
servers never answer differently about the same data. Item rows themselves are followed through
their count, latest update and version sum (they are also changed by bulk updates)."""

from __future__ import annotations

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import CatalogRevision, Department, Hall, Material, ServiceItem, Theme

SHOWN_MODELS = (Department, Theme, Hall, Material)


def bump(**kwargs) -> None:
    """One UPDATE in the caller's transaction: the change and the new revision commit together."""
    if kwargs.get("raw"):  # loaddata: fixtures bump nothing
        return
    if not CatalogRevision.objects.filter(pk=1).update(number=F("number") + 1):
        CatalogRevision.objects.get_or_create(pk=1, defaults={"number": 1})


def current() -> int:
    return CatalogRevision.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def _m2m_changed(action: str, **kwargs) -> None:
    if action.startswith("post_"):
        bump()


def _department_saved(instance: Department, raw: bool = False, **kwargs) -> None:
    """Its items' search text carries the department's names: refreshed with the rename."""
    if raw:
        return
    from .services import refresh_search_text

    items = list(instance.items.select_related("department"))
    for item in items:
        refresh_search_text(item)
    ServiceItem.objects.bulk_update(items, ["search_text"], batch_size=500)


def connect() -> None:
    post_save.connect(_department_saved, sender=Department, dispatch_uid="catalog-department-search-text")
    for model in SHOWN_MODELS:
        post_save.connect(bump, sender=model, dispatch_uid=f"catalog-revision-save-{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"catalog-revision-delete-{model.__name__}")
    for through in (ServiceItem.halls.through, ServiceItem.themes.through):
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"catalog-revision-{through.__name__}")
