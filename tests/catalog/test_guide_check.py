"""Honest guides: which parts are unpublished, what an incomplete guide offers, and 网办率."""

import dataclasses

import pytest

from onestop.accounts.models import Person
from onestop.catalog import guide_check, search_index
from onestop.catalog.models import Handling, ItemStatus, ServiceItem
from onestop.catalog.services import ONLINE_RATE_DEFINITION, catalog_stats

pytestmark = pytest.mark.django_db

COMPLETE = guide_check.GuideFacts(has_materials=True, conditions="条件", legal_basis="《条例》第三条", statutory_days=10,
                                  promised_days=5, fee_fen=0, fee_note="不收费", has_halls=True)


def _facts(**changes):
    return dataclasses.replace(COMPLETE, **changes)


def test_a_complete_guide_misses_nothing():
    assert guide_check.missing_parts(COMPLETE) == ()


@pytest.mark.parametrize(("change", "part"), [
    ({"has_materials": False}, "materials"), ({"conditions": "  "}, "conditions"), ({"legal_basis": ""}, "legal_basis"),
    ({"statutory_days": None, "promised_days": None}, "time_limit"), ({"fee_note": ""}, "fee"), ({"has_halls": False}, "place"),
])
def test_each_unpublished_part_is_named(change, part):
    assert guide_check.missing_parts(_facts(**change)) == (part,)


def test_a_time_limit_of_zero_days_and_a_fee_without_note_count_as_published():
    assert guide_check.missing_parts(_facts(statutory_days=0, promised_days=None, fee_fen=1000, fee_note="")) == ()


def test_online_ready_needs_online_handling_a_complete_guide_and_a_form():
    assert guide_check.online_ready(Handling.ONLINE, (), True)
    assert not guide_check.online_ready(Handling.WINDOW, (), True)
    assert not guide_check.online_ready(Handling.ONLINE, ("fee",), True)
    assert not guide_check.online_ready(Handling.ONLINE, (), False)
    assert not guide_check.has_online_form({}, "", False, False)  # only the free-text form
    assert guide_check.has_online_form({"properties": {"a": {}}}, "", False, False)


def _incomplete_online_item() -> ServiceItem:
    return next(ServiceItem.objects.get(pk=e.pk) for e in search_index.entries()
                if e.missing_parts and e.handling == Handling.ONLINE)


def test_an_incomplete_guide_says_what_is_missing_and_offers_consultation_not_application(client):
    item = _incomplete_online_item()
    html = client.get(item.get_absolute_url()).content.decode()
    assert "本事项办事指南尚未公布完整" in html
    assert "以下内容尚未公布：申请材料、受理条件、设定依据、办结时限、收费标准" in html
    assert 'id="consult"' in html and "kind=consultation" in html and 'href="tel:12345"' in html
    assert 'id="apply-online"' not in html
    assert "以窗口告知为准" not in html and "不收费" not in html


def test_the_apply_page_of_an_incomplete_guide_sends_the_citizen_back_to_the_guide(client):
    item = _incomplete_online_item()
    client.force_login(Person.objects.filter(user__isnull=False).order_by("pk").first().user)
    response = client.get(f"/items/{item.code}/apply/", follow=True)
    assert response.redirect_chain[-1][0] == item.get_absolute_url()
    assert "暂不支持网上申请" in response.content.decode()


def test_a_complete_guide_still_offers_online_application(client):
    entry = next(e for e in search_index.entries() if e.online_ready and e.name == "80周岁以上老年人高龄津贴发放")
    html = client.get(entry.get_absolute_url()).content.decode()
    assert 'id="apply-online"' in html and 'id="guide-incomplete"' not in html


def test_online_rate_counts_only_items_that_can_really_be_applied_for_online():
    stats = catalog_stats()
    ready = [e for e in search_index.entries() if e.online_ready]
    assert stats.online_ready == len(ready) < stats.online_capable
    assert all(e.guide_complete and e.handling in (Handling.ONLINE, Handling.ONE_VISIT) for e in ready)
    assert stats.online_rate == pytest.approx(len(ready) / stats.total)
    assert stats.guide_complete == sum(e.guide_complete for e in search_index.entries())
    assert sum(row["online_ready"] for row in stats.by_department) == stats.online_ready


def test_completing_a_guide_raises_the_rate():
    before = catalog_stats()
    item = ServiceItem.objects.get(pk=_incomplete_online_item().pk)
    item.conditions, item.legal_basis, item.statutory_days, item.fee_note = "条件", "《条例》", 20, "不收费"
    item.save()
    item.materials.create(name="申请表")
    item.halls.add(*ServiceItem.objects.filter(status=ItemStatus.PUBLISHED).exclude(halls=None).first().halls.all()[:1])
    assert catalog_stats().online_ready == before.online_ready + 1


def test_home_and_statistics_pages_show_the_same_rate_and_the_definition(client):
    percent = catalog_stats().online_rate_percent
    home = client.get("/").content.decode()
    page = client.get("/stats/").content.decode()
    assert f'id="home-online-rate">{percent}%' in home
    assert f'id="stat-online-rate">{percent}%' in page
    assert str(ONLINE_RATE_DEFINITION)[:20] in page


def test_the_api_says_whether_an_item_can_really_be_applied_for_online(client):
    item = _incomplete_online_item()
    body = client.get(f"/api/items/{item.code}").json()
    assert body["online_capable"] is True and body["online_ready"] is False
    assert body["missing_parts"] == ["materials", "conditions", "legal_basis", "time_limit", "fee"]
    listed = client.get("/api/items", {"q": "高龄津贴"}).json()["results"]
    assert any(r["online_ready"] and r["missing_parts"] == [] for r in listed)


def test_an_incomplete_guide_carries_no_online_badge(client):
    item = _incomplete_online_item()
    html = client.get(item.get_absolute_url()).content.decode()
    assert "badge-online" not in html and "办事指南公布完整后开通网上申请" in html


def test_the_assistant_offers_no_application_link_for_an_incomplete_guide():
    from onestop.assistant import services as assistant

    item = _incomplete_online_item()
    answer = assistant._item_answers([(item.code, 1.0)], None)[0]
    assert answer.apply_url is None and answer.time_limit.startswith("暂未公布")
