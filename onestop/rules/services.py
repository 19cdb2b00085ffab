"""Rule-set versions (draft → published → retired), decisions stored with their inputs, replay,
and dry runs of a draft against past decisions. The evaluation itself is ``engine`` (pure)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from onestop.exchange import services as exchange
from onestop.exchange.registry import SOURCES

from . import engine
from .models import Decision, RuleSet

KNOWN_SOURCES = {s["code"]: s["name"] for s in SOURCES}
_parsed: dict[tuple, engine.RuleSet] = {}


class RuleSetProblem(Exception):
    def __init__(self, messages: list[str]):
        super().__init__("；".join(messages))
        self.messages = messages


def parse_definition(definition: dict) -> engine.RuleSet:
    try:
        return engine.parse_rule_set(definition, known_sources=KNOWN_SOURCES)
    except engine.RuleSetError as exc:
        raise RuleSetProblem(list(exc.messages)) from None


def parsed(rule_set: RuleSet) -> engine.RuleSet:
    """Compiled once per process. Published versions never change; the creation time is part of the
    key because a primary key can come back (SQLite reuses the highest one after a delete or a
    rolled-back insert), and then it names another definition."""
    key = (rule_set.pk, rule_set.status, rule_set.created_at)
    if key not in _parsed:
        _parsed[key] = parse_definition(rule_set.definition)
    return _parsed[key]


def published_for(item) -> RuleSet | None:
    return RuleSet.objects.filter(item=item, status=RuleSet.Status.PUBLISHED).select_related("item").first()


@transaction.atomic
def create_draft(item, definition: dict, *, user=None, note: str = "") -> RuleSet:
    parse_definition(definition)
    version = (RuleSet.objects.filter(item=item).aggregate(m=Max("version"))["m"] or 0) + 1
    return RuleSet.objects.create(item=item, version=version, definition=definition, note=note, created_by=user)


@transaction.atomic
def publish_rule_set(rule_set: RuleSet, *, user=None) -> RuleSet:
    rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    if rule_set.status != RuleSet.Status.DRAFT:
        raise RuleSetProblem(["只有草稿可以发布"])
    compiled = parse_definition(rule_set.definition)
    granted = exchange.authorised_sources(rule_set.item)
    missing = [KNOWN_SOURCES.get(code, code) for code in compiled.sources if code not in granted]
    if missing:
        raise RuleSetProblem([f"该事项未获授权读取：{'、'.join(missing)}（请先在“数据使用授权”中登记）"])
    RuleSet.objects.filter(item=rule_set.item, status=RuleSet.Status.PUBLISHED).update(status=RuleSet.Status.RETIRED)
    rule_set.status, rule_set.published_at, rule_set.published_by = RuleSet.Status.PUBLISHED, timezone.now(), user
    rule_set.save()
    return rule_set


def source_value(ok: bool, record: dict | None, reason: str = "") -> engine.SourceValue:
    """What the exchange layer read from one source, as the engine takes it."""
    return engine.SourceValue.ok(record or {"found": False}) if ok else engine.SourceValue.unavailable(reason)


def snapshot(compiled: engine.RuleSet | None, *, today: str, applicant: dict, form: dict, sources: dict,
             earlier: dict | None = None) -> dict:
    """The inputs of one decision in the engine's snapshot format (``engine.snapshot``): the one format
    that is stored with the decision and that replay, dry runs and the property tests evaluate."""
    if compiled is None:  # the rule set does not parse: nothing to project the inputs for
        return {"today": today, "applicant": applicant, "form": form, "sources": {}}
    return engine.snapshot(compiled, today=today, applicant=applicant, form=form, sources=sources, earlier=earlier)


def _detailed(reasons: list[str], compiled: engine.RuleSet, snapshot: dict) -> list[str]:
    """The engine names an unavailable source; the exchange layer knows why (超时, 熔断中 …)."""
    details = {}
    for code, value in snapshot.get("sources", {}).items():
        reason = value.get("reason", "")
        if value.get("status") != "ok" and reason.startswith("数据源不可用") and code in compiled.source_labels:
            details[f"数据源不可用：{compiled.source_labels[code]}"] = reason
    return [details.get(r, r) for r in reasons]


def decide(rule_set: RuleSet, *, case_number: str, snapshot: dict) -> Decision:
    """Evaluates the snapshot (``engine.replay``, the same path as every replay) and stores the
    decision with it; a rule set that cannot run refers."""
    started = time.perf_counter()
    try:
        compiled = parsed(rule_set)
        result = engine.replay(compiled, snapshot).to_dict()
        reasons = _detailed(result.get("reasons", []), compiled, snapshot)
    except RuleSetProblem as exc:
        result = {"outcome": "refer", "reasons": [f"规则集无法执行：{m}" for m in exc.messages], "trace": []}
        reasons = result["reasons"]
    return Decision.objects.create(
        rule_set=rule_set, case_number=case_number, outcome=result["outcome"], reasons=reasons,
        trace=result, snapshot=snapshot, elapsed_ms=(time.perf_counter() - started) * 1000,
    )


def replay(decision: Decision) -> dict:
    """Evaluates the stored snapshot again with the stored rule-set version."""
    return engine.replay(parse_definition(decision.rule_set.definition), decision.snapshot).to_dict()


@dataclass(frozen=True)
class DryRunRow:
    decision: Decision
    new_outcome: str
    new_reasons: list

    @property
    def new_outcome_label(self) -> str:
        return Decision.Outcome(self.new_outcome).label

    @property
    def changed(self) -> bool:
        return self.new_outcome != self.decision.outcome


def dry_run(rule_set: RuleSet, limit: int = 500) -> list[DryRunRow]:
    """What the (draft) rule set would have decided for the item's latest past decisions."""
    compiled = parse_definition(rule_set.definition)
    rows = []
    for decision in Decision.objects.filter(rule_set__item=rule_set.item).select_related("rule_set").order_by("-decided_at")[:limit]:
        result = engine.replay(compiled, decision.snapshot).to_dict()
        rows.append(DryRunRow(decision, result["outcome"], result.get("reasons", [])))
    return rows
