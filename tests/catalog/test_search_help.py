"""A search that finds nothing says so and offers a way on (issue 13)."""

import pytest
from django.test import Client

from onestop.catalog import search_help, search_index
from onestop.catalog.models import Theme

pytestmark = pytest.mark.django_db


def test_a_wrong_character_typed_by_pinyin_finds_the_item_that_sounds_alike():
    names = [e.name for e in search_help.sound_alike("设会保障卡", search_index.entries())]
    assert "社会保障卡申领" in names


def test_a_single_syllable_suggests_nothing():
    assert search_help.sound_alike("卡", search_index.entries()) == []


def test_themes_sharing_a_word_with_the_query_are_suggested():
    theme = Theme.objects.filter(keywords__contains="婚").first() or Theme.objects.filter(name__contains="婚").first()
    assert theme is not None, "the demo has a marriage theme"
    assert theme.code in {t.code for t in search_help.related_themes("结婚", Theme.objects.all())}


def test_the_empty_result_page_offers_look_alikes_hotline_and_departments():
    page = Client().get("/items/", {"q": "设保卡"}).content.decode()
    assert "没有找到与“设保卡”相关的事项" in page
    assert "您是不是要找" in page and "社会保障卡申领" in page
    assert 'href="tel:12345"' in page


def test_the_empty_result_says_when_filters_hid_the_results():
    page = Client().get("/items/", {"q": "护照", "audience": "company"}).content.decode()
    assert "不限筛选条件时有" in page


@pytest.mark.parametrize(("typed", "meant"), [("设保卡", "社保卡"), ("饭点", "饭店"), ("婚姻等记", "婚姻登记"), ("营业质照", "营业执照")])
def test_a_misspelt_word_suggests_the_word_of_the_index_it_sounds_or_reads_like(typed, meant):
    assert meant in search_help.spellings(typed)


def test_spellings_suggest_only_words_that_find_something_and_nothing_for_nonsense():
    assert search_help.spellings("xyzq") == []
    from onestop.catalog.services import ItemFilters, find_items
    assert all(find_items(ItemFilters(q=word)) for word in search_help.spellings("社保咔"))


def test_bundles_sharing_a_word_with_the_query_are_offered():
    from onestop.catalog.models import LifeEventBundle
    bundles = LifeEventBundle.objects.filter(status="published")
    assert "newborn" in {b.code for b in search_help.related_bundles("新生儿", bundles)}
    assert "restaurant" in {b.code for b in search_help.related_bundles("餐饮店", bundles)}


def test_the_empty_result_page_suggests_a_spelling_and_the_assistant_with_the_query():
    page = Client().get("/items/", {"q": "饭点"}).content.decode()
    assert 'id="spelling-suggestions"' in page and "?q=%E9%A5%AD%E5%BA%97" in page  # 饭店
    assert 'id="ask-assistant" href="/assistant/?q=%E9%A5%AD%E7%82%B9"' in page
