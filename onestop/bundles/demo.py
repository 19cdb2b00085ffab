"""The demo 一件事 (onestop/catalog/demo/bundles.json), each checked against the catalogue it names."""

from __future__ import annotations

import json
from pathlib import Path

from onestop.catalog.bundles import parse_bundle
from onestop.catalog.models import ItemStatus, LifeEventBundle

from .services import member_schema

BUNDLES = Path(__file__).resolve().parents[1] / "catalog" / "demo" / "bundles.json"


def load_demo_bundles() -> int:
    count = 0
    for row in json.loads(BUNDLES.read_text(encoding="utf-8")):
        parse_bundle(row["spec"], member_schema)  # a bundle naming a missing item or field is not loaded
        LifeEventBundle.objects.update_or_create(code=row["code"], defaults={**row, "status": ItemStatus.PUBLISHED})
        count += 1
    return count
