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
    assert found and all(("社保" in n or "保险" in n or "社会" in n or "参保" in n) for n in found[:5])


def test_a_query_matching_nothing_returns_nothing():
    assert find_items(ItemFilters(q="量子纠缠望远镜")) == []


def test_filters_combine():
    items = find_items(ItemFilters(audience="company", item_type="licensing", department="D002"))
    assert len(items) > 0
    assert all(i.for_company and i.item_type == "licensing" and i.department == "D002" for i in items)


def test_certificate_free_filter_only_returns_items_with_an_ecert_material():
    found = {e.pk for e in find_items(ItemFilters(certificate_free=True))}
    expected = set(
        ServiceItem.objects.filter(status=ItemStatus.PUBLISHED, materials__ecert_type__isnull=False).values_list("pk", flat=True)
    )
    assert found and found == expected


def test_drafts_are_not_found_or_shown():
    item = ServiceItem.objects.get(name="80周岁以上老年人高龄津贴发放")
    item.status = ItemStatus.DRAFT
    item.save()
    assert "80周岁以上老年人高龄津贴发放" not in names(ItemFilters(q="高龄津贴"))
    assert item_detail(item.code) is None


def test_a_change_in_the_database_is_seen_by_the_next_search():
    item = ServiceItem.objects.get(name="80周岁以上老年人高龄津贴发放")
    assert names(ItemFilters(q="长寿补贴"), 50).count("长寿补贴发放") == 0
    item.name = "长寿补贴发放"
    item.save()
    assert names(ItemFilters(q="长寿补贴"))[0] == "长寿补贴发放"


def test_without_query_items_are_ordered_by_use():
    volumes = [i.annual_volume for i in find_items(ItemFilters())[:20]]
    assert volumes == sorted(volumes, reverse=True)


@pytest.mark.parametrize("query, expected", [
    ("社保卡", "社会保障卡申领"),
    ("饭店", "食品(含保健食品)经营许可核发"),
    ("餐饮", "食品(含保健食品)经营许可核发"),
    ("新生儿", "《出生医学证明》首次签发"),
    ("开饭店要办什么", "食品(含保健食品)经营许可核发"),
    ("孩子上户口", "户口登记"),
    ("社保卡丢了怎么办", "社会保障卡申领"),
])
def test_short_everyday_words_find_the_item_people_mean(query, expected):
    assert expected in names(ItemFilters(q=query), 10)
