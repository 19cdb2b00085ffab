"""Rule sets in the admin: drafts checked on save, published versions read-only, publish action,
dry run page; and the version rules of the service layer."""

import datetime as dt
import json

import pytest

from onestop.accounts.models import User
from onestop.catalog.models import ServiceItem
from onestop.rules import services
from onestop.rules.models import RuleSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.get(username="admin"))
    return client


@pytest.fixture
def published():
    return RuleSet.objects.filter(status=RuleSet.Status.PUBLISHED, item__name="80周岁以上老年人高龄津贴发放").get()


def test_demo_rule_sets_are_published_one_per_item():
    rows = RuleSet.objects.filter(status=RuleSet.Status.PUBLISHED)
    assert rows.count() >= 17
    assert rows.values("item").distinct().count() == rows.count()
    names = set(rows.values_list("item__name", flat=True))
    assert {"举办营业性演出审批", "80周岁以上老年人高龄津贴发放", "个体工商户设立登记", "生育登记", "居住证办理"} <= names
    assert any("人才引进" in n for n in names)


def test_a_draft_with_a_bad_expression_is_refused_with_the_reason(admin_client, published):
    bad = {**published.definition, "checks": [{**published.definition["checks"][0], "expr": "age >= "}]}
    response = admin_client.post("/admin/rules/ruleset/add/", {"item": published.item.pk, "note": "坏规则", "definition": json.dumps(bad)})
    assert response.status_code == 200
    assert "表达式" in response.content.decode()
    assert RuleSet.objects.filter(item=published.item).count() == 1


def test_new_draft_gets_the_next_version_and_publishing_retires_the_old(admin_client, published):
    response = admin_client.post("/admin/rules/ruleset/add/", {"item": published.item.pk, "note": "调整文字",
                                                                "definition": json.dumps(published.definition)})
    assert response.status_code == 302
    draft = RuleSet.objects.get(item=published.item, status=RuleSet.Status.DRAFT)
    assert draft.version == published.version + 1
    response = admin_client.post("/admin/rules/ruleset/", {"action": "publish", "_selected_action": [draft.pk]})
    assert response.status_code == 302
    published.refresh_from_db()
    draft.refresh_from_db()
    assert (published.status, draft.status) == (RuleSet.Status.RETIRED, RuleSet.Status.PUBLISHED)


def test_a_published_version_cannot_be_edited(admin_client, published):
    page = admin_client.get(f"/admin/rules/ruleset/{published.pk}/change/").content.decode()
    assert 'name="definition"' not in page
    before = published.definition
    admin_client.post(f"/admin/rules/ruleset/{published.pk}/change/", {"item": published.item.pk, "note": "x", "definition": "{}"})
    published.refresh_from_db()
    assert published.definition == before


def test_dry_run_page_lists_past_decisions(admin_client, published):
    response = admin_client.get(f"/admin/rules/ruleset/{published.pk}/dry-run/")
    assert response.status_code == 200
    assert "试运行" in response.content.decode()


def test_only_drafts_can_be_published():
    rule_set = RuleSet.objects.filter(status=RuleSet.Status.PUBLISHED).first()
    with pytest.raises(services.RuleSetProblem):
        services.publish_rule_set(rule_set)


def test_every_instant_demo_item_has_a_rule_set():
    # An item run by a process decides in its own step (企业开办: business/startup/review.py).
    instant = ServiceItem.objects.filter(instant_approval=True, status="published", process_key="")
    missing = [i.name for i in instant if services.published_for(i) is None]
    assert missing == []


def test_compiled_rule_sets_are_not_mixed_up_when_a_primary_key_comes_back():
    """SQLite hands out the highest primary key again after a delete or a rolled-back insert: the
    process cache of compiled rule sets must then compile the new definition, not return the old one."""
    first = {"item": "甲", "title": "甲", "checks": [{"id": "a", "indicator": "甲", "expr": "true"}],
             "result": {"kind": "notice", "title": "甲", "text": "甲"}}
    second = {**first, "title": "乙"}
    at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)
    old = RuleSet(pk=987_654, status=RuleSet.Status.PUBLISHED, definition=first, created_at=at)
    new = RuleSet(pk=987_654, status=RuleSet.Status.PUBLISHED, definition=second, created_at=at + dt.timedelta(seconds=1))
    assert services.parsed(old).title == "甲"
    assert services.parsed(new).title == "乙"


def test_migration_converts_stored_snapshots_to_the_engine_format_that_replay_reads():
    import importlib

    from onestop.rules import engine

    migration = importlib.import_module("onestop.rules.migrations.0002_decision_snapshots_in_engine_format")
    old_ok = {"ok": True, "record": {"found": True, "birth_date": "1938-11-17"}, "reason": "", "name": "户籍人口库"}
    old_down = {"ok": False, "record": None, "reason": "数据源不可用：户籍人口库（响应超时）", "name": "户籍人口库"}
    assert migration._source(old_ok) == {"status": "ok", "record": {"found": True, "birth_date": "1938-11-17"}}
    assert migration._source(old_down) == {"status": "unavailable", "reason": "数据源不可用：户籍人口库（响应超时）"}
    assert migration._source({"ok": True, "record": None}) == {"status": "ok", "record": {"found": False}}
    new = migration._source(old_ok)
    assert migration._source(new) == new  # converting twice changes nothing
    assert engine.SourceValue.from_dict(new) == engine.SourceValue.ok(old_ok["record"])
