"""Seeds the taxonomy (data/taxonomy.json) into the database: idempotent, codes are stable paths."""

from __future__ import annotations

from django.db import transaction

from onestop.catalog.models import Department

from .models import Category
from .taxonomy import nodes, read_taxonomy


@transaction.atomic
def load_taxonomy() -> int:
    """Creates or updates every category (and the missing departments); returns the number of nodes."""
    for extra in read_taxonomy()["extra_departments"]:
        if not Department.objects.filter(name=extra["name"]).exists():
            Department.objects.update_or_create(code=extra["code"], defaults={
                "name": extra["name"], "full_name": extra["full_name"], "description": extra.get("description", ""),
                "phone": extra.get("phone", ""), "sort_order": 900 + int(extra["code"][1:])})
    departments = {d.name: d for d in Department.objects.all()}
    by_code: dict[str, Category] = {}
    all_nodes = nodes()
    for order, node in enumerate(all_nodes):
        department = departments.get(node["department"])
        if department is None:
            raise ValueError(f"data/taxonomy.json: unknown department {node['department']}")
        by_code[node["code"]], _ = Category.objects.update_or_create(code=node["code"], defaults={
            "name": node["name"], "level": node["level"], "parent": by_code.get(node["parent"]),
            "department": department, "description": node["description"], "keywords": node["keywords"],
            "sort_order": order})
    return len(all_nodes)
