"""Every catalogue change that a page shows moves the generation that the caches follow, through the
database: an app server that built its index and cached a guide before an edit made by another
server answers with the new names at once, as a server started after the edit does — not five
minutes later (the guide cache) or after the next item change (the search index)."""

import pytest
from django.core.cache import cache
from django.test import Client

from onestop.catalog import search_index
from onestop.catalog.models import Hall, ServiceItem, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_guide_cache():
    # The per-process cache outlives each test's rolled-back transaction; a guide rendered from
    # rolled-back data must not be found by the next test under the same revision number.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def item():
    return ServiceItem.objects.published().filter(halls__isnull=False, themes__isnull=False).first()


def _page(url: str) -> str:
    return Client().get(url).content.decode()


def test_a_renamed_department_reaches_the_cached_guide_the_list_and_search(item):
    url = item.get_absolute_url()
    assert item.department.name in _page(url)  # the guide is now cached, the index built
    department = item.department
    department.name, department.full_name = "区测试更名局", "斗门区测试更名局"
    department.save()
    assert "斗门区测试更名局" in _page(url)
    assert search_index.by_code(item.code).department_name == "区测试更名局"
    assert "区测试更名局" in _page("/items/?q=" + item.name)
    assert "区测试更名局" in _page("/departments/")


def test_a_changed_hall_reaches_the_cached_guide(item):
    url = item.get_absolute_url()
    hall = item.halls.first()
    assert hall.opening_hours in _page(url)
    hall.opening_hours = "周一至周六 8:30-12:00（测试调整）"
    hall.save()
    assert "周一至周六 8:30-12:00（测试调整）" in _page(url)


def test_a_renamed_theme_reaches_the_cached_guide(item):
    url = item.get_absolute_url()
    theme = item.themes.first()
    assert theme.name in _page(url)
    theme.name = "测试主题更名"
    theme.save()
    assert "测试主题更名" in _page(url)


def test_a_hall_added_to_an_item_reaches_the_cached_guide(item):
    url = item.get_absolute_url()
    other = Hall.objects.create(code="HTEST01", name="测试便民服务站", level=Hall.Level.TOWN,
                                division_code="440403100000", address="斗门区测试路1号", opening_hours="周一至周五")
    assert other.name not in _page(url)
    item.halls.add(other)
    assert other.name in _page(url)


def test_the_generation_is_read_from_the_database_and_moves_with_a_theme_edit():
    # generation() is what every process compares its index and cache keys against.
    before = search_index.generation()
    Theme.objects.first().save()
    assert search_index.generation() != before
