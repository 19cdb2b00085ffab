"""Keeping the stored index current: a saved or deleted item, material or FAQ entry marks its entry
for re-indexing once the transaction commits (index_store.refresh_after_commit)."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save


def _item_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    from . import index_store

    index_store.refresh_after_commit()


def connect() -> None:
    from onestop.catalog.models import Material, ServiceItem

    from .models import FaqEntry

    for model in (ServiceItem, Material, FaqEntry):
        post_save.connect(_item_changed, sender=model, dispatch_uid=f"assistant-index-save-{model.__name__}")
        post_delete.connect(_item_changed, sender=model, dispatch_uid=f"assistant-index-delete-{model.__name__}")
    m2m_changed.connect(_item_changed, sender=ServiceItem.themes.through, dispatch_uid="assistant-index-themes")
