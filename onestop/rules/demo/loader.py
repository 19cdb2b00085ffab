"""Demo rule sets (rulesets/*.json, documented in docs/instant-approval-rules.md): each item is
authorised to read the sources its rules name, then the rule set is published as version 1."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from onestop.catalog.models import ServiceItem
from onestop.exchange import services as exchange

from .. import services
from ..models import RuleSet

RULESETS = Path(__file__).with_name("rulesets")


def rule_set_files() -> list[Path]:
    return sorted(RULESETS.glob("*.json"))


@transaction.atomic
def load_demo_rule_sets() -> int:
    loaded = 0
    for path in rule_set_files():
        definition = json.loads(path.read_text(encoding="utf-8"))
        item = ServiceItem.objects.filter(name=definition["item"]).order_by("code").first()
        if item is None or RuleSet.objects.filter(item=item).exists():
            continue
        for code in definition.get("sources", []):
            exchange.grant(item, code, purpose=f"“{item.name}”秒批规则核验申请条件")
        rule_set = services.create_draft(item, definition, note=f"初始版本（{path.name}）")
        services.publish_rule_set(rule_set)
        loaded += 1
    return loaded
