"""What pages show: category choices grouped by first level, and the public (masked) view of a report."""

from __future__ import annotations

import re
from dataclasses import dataclass

from onestop.core.protection import mask_id_numbers_in

from .models import Category, Report

RATINGS = [(5, "非常满意"), (4, "满意"), (3, "基本满意"), (2, "不满意"), (1, "非常不满意")]
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-?)\d{3,4}(\d{4})(?!\d)")
_PLATE = re.compile(r"([\u4e00-\u9fff][A-Z])[A-Z0-9]{3}([A-Z0-9]{2})")


def category_groups() -> list[tuple[str, list[Category]]]:
    """[(first-level name, [its second- and third-level nodes])] for a <select> with <optgroup>s."""
    nodes = list(Category.objects.select_related("parent").order_by("code"))
    groups: list[tuple[str, list[Category]]] = []
    for node in nodes:
        if node.level == 1:
            groups.append((node.name, []))
        else:
            groups[-1][1].append(node)
    return groups


def mask_text(text: str) -> str:
    """Phone numbers, ID numbers and plate numbers in free text, masked for the public list."""
    text = mask_id_numbers_in(text)
    text = _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
    text = _LANDLINE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
    return _PLATE.sub(lambda m: f"{m.group(1)}***{m.group(2)}", text)


def mask_name(name: str) -> str:
    name = name.strip()
    return (name[0] + "*" * (len(name) - 1)) if name else "市民"


@dataclass(frozen=True)
class PublicView:
    number: str
    kind: str
    category: str
    department: str
    title: str
    description: str
    who: str
    created_at: object
    replied_at: object
    reply: str
    rating: int | None
    address: str


def public_view(report: Report) -> PublicView:
    """Never the mobile, the account or the photos; the text with contact numbers masked."""
    return PublicView(
        number=report.number, kind=report.get_kind_display(), category=report.category.path_label,
        department=report.department.full_name, title=mask_text(report.title), description=mask_text(report.description),
        who=mask_name(report.contact_name), created_at=report.created_at, replied_at=report.replied_at,
        reply=mask_text(report.reply), rating=report.rating, address=mask_text(report.address))
