"""The knowledge base as documents: published catalogue items and published FAQ entries.

An item's document id is ``item:<实施编码>``, an FAQ entry's ``faq:<key>``; the same ids appear in
the stored index, the answer log and the JSONL export the evaluation command reads.
"""

from __future__ import annotations

import json

from onestop.catalog.models import ServiceItem

from .models import FaqEntry
from .retrieval import Document

ITEM_PREFIX = "item:"
FAQ_PREFIX = "faq:"


def item_document(item: ServiceItem, materials: list[str], themes: list[str]) -> Document:
    parts = [item.department.name, "、".join(themes), item.conditions, "申请材料：" + "、".join(materials) if materials else "",
             "、".join(str(step) for step in item.procedure or [])]
    return Document(id=ITEM_PREFIX + item.code, title=item.name, text="。".join(p for p in parts if p))


def faq_document(entry: FaqEntry) -> Document:
    return Document(id=FAQ_PREFIX + entry.key, title=entry.title, text=entry.answer, question=entry.question)


def documents() -> list[Document]:
    """Every published item and FAQ entry, in a stable order (items by code, then FAQ by key)."""
    items = list(ServiceItem.objects.published().select_related("department").order_by("code"))
    materials: dict[int, list[str]] = {}
    for item_id, name in ServiceItem.materials.rel.related_model.objects.filter(
        item__in=items
    ).order_by("item_id", "position", "id").values_list("item_id", "name"):
        materials.setdefault(item_id, []).append(name)
    themes: dict[int, list[str]] = {}
    for item_id, name in ServiceItem.themes.through.objects.filter(
        serviceitem__in=items
    ).values_list("serviceitem_id", "theme__name"):
        themes.setdefault(item_id, []).append(name)
    docs = [item_document(i, materials.get(i.pk, []), themes.get(i.pk, [])) for i in items]
    docs += [faq_document(e) for e in FaqEntry.objects.filter(published=True).order_by("key")]
    return docs


def to_jsonl(docs: list[Document]) -> str:
    """The export the evaluation command reads: {"id", "question"?, "title"?, "text"} per line."""
    lines = []
    for d in docs:
        row = {"id": d.id}
        if d.question:
            row["question"] = d.question
        if d.title:
            row["title"] = d.title
        row["text"] = d.text
        lines.append(json.dumps(row, ensure_ascii=False))
    return "\n".join(lines) + "\n"
