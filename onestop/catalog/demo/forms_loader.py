"""Application forms of the demo items (forms/*.json: JSON Schema with UI hints)."""

from __future__ import annotations

import json
from pathlib import Path

from ..models import ServiceItem

FORMS = Path(__file__).with_name("forms")


def load_demo_forms() -> int:
    count = 0
    for path in sorted(FORMS.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        count += ServiceItem.objects.filter(name=spec["item"]).update(form_schema=spec["schema"])
    return count
