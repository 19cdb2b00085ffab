import pytest

from onestop.catalog.models import ItemStatus, ServiceItem
from onestop.catalog.services import ItemFilters, find_items, item_detail

pytestmark = pytest.mark.django_db


def names(filters, n=5):
    return [i.name for i in find_items(filters)[:n]]


def test_the_whole_query_in_a_name_ranks_first():
    assert names(ItemFilters(q="高龄津贴"))[0] == "80周岁以上老年人高龄津贴发放"


def test_pinyin_finds_an_item():
    assert "80周岁以上老年人高龄津贴发放" in names(ItemFilters(q="gaoling"))


def test_everyday_word_finds_catalogue_wording():
    found = names(ItemFilters(q="社保"), 20)
    assert found and all(("社保" in n or "保险" in n or "社会" in n) for n in found[:5])


def test_a_query_matching_nothing_returns_nothing():
    assert find_items(ItemFilters(q="量子纠缠望远镜")).count() == 0


def test_filters_combine():
    items = find_items(ItemFilters(audience="company", item_type="licensing", department="D002"))
    assert items.exists()
    assert all(i.for_company and i.item_type == "licensing" and i.department.code == "D002" for i in items)


def test_certificate_free_filter_only_returns_items_with_an_ecert_material():
    items = list(find_items(ItemFilters(certificate_free=True)))
    assert items
    for item in items:
        assert item.materials.filter(ecert_type__isnull=False).exists()


def test_drafts_are_not_found_or_shown():
    item = ServiceItem.objects.get(name="80周岁以上老年人高龄津贴发放")
    item.status = ItemStatus.DRAFT
    item.save()
    assert "80周岁以上老年人高龄津贴发放" not in names(ItemFilters(q="高龄津贴"))
    assert item_detail(item.code) is None


def test_without_query_items_are_ordered_by_use():
    volumes = [i.annual_volume for i in find_items(ItemFilters())[:20]]
    assert volumes == sorted(volumes, reverse=True)
