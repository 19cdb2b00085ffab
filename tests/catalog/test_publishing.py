import pytest

from onestop.catalog.models import ItemStatus, ServiceItem
from onestop.catalog.services import publish_items, save_item, unpublish_items

pytestmark = pytest.mark.django_db


def test_publishing_a_draft_gives_it_the_next_version():
    item = ServiceItem.objects.first()
    unpublish_items(ServiceItem.objects.filter(pk=item.pk))
    version = ServiceItem.objects.get(pk=item.pk).version
    assert publish_items(ServiceItem.objects.filter(pk=item.pk)) == 1
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    assert item.version == version + 1
    assert item.published_at is not None


def test_editing_a_published_item_bumps_its_version_and_search_text():
    item = ServiceItem.objects.first()
    version = item.version
    item.name = "测试改名后的事项"
    save_item(item)
    item.refresh_from_db()
    assert item.version == version + 1
    assert "测试改名后的事项" in item.search_text


def test_publishing_twice_changes_nothing_the_second_time():
    item = ServiceItem.objects.first()
    assert publish_items(ServiceItem.objects.filter(pk=item.pk)) == 0
