from urllib.parse import unquote

import pytest

from onestop.catalog.forms import ItemSearchForm
from onestop.catalog.models import ServiceItem

pytestmark = pytest.mark.django_db


def test_home_page_offers_search_audiences_themes_departments_and_top_items(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("个人办事", "法人办事", "生育收养", "开办企业", "婚姻登记", "高频事项", "区市场监管局", 'type="search"'):
        assert text in html, text


def test_search_results_page_lists_matches(client):
    response = client.get("/items/", {"q": "高龄津贴"})
    assert response.status_code == 200
    assert "80周岁以上老年人高龄津贴发放" in response.content.decode()


def test_item_list_paginates(client):
    first = client.get("/items/").content.decode()
    second = client.get("/items/", {"page": 2}).content.decode()
    assert "第 1 / 57 页" in first and "第 2 / 57 页" in second


def test_a_page_past_the_end_shows_the_last_page(client):
    assert "第 57 / 57 页" in client.get("/items/", {"page": 999}).content.decode()


@pytest.mark.parametrize(
    "params",
    [{"page": "abc"}, {"audience": "alien"}, {"item_type": "x"}, {"q": "a\x00b"}, {"q": "长" * 80}, {"department": "<x>"}],
)
def test_malformed_filters_get_a_chinese_400_page(client, params):
    response = client.get("/items/", params)
    html = response.content.decode()
    assert response.status_code == 400
    assert "筛选条件有误" in html
    label = ItemSearchForm.base_fields[next(iter(params))].label
    assert f"<li>{label}：" in html


def test_item_page_is_a_complete_guide(client):
    item = ServiceItem.objects.get(name="80周岁以上老年人高龄津贴发放")
    html = client.get(item.get_absolute_url()).content.decode()
    for text in (item.code, item.get_item_type_display(), "区民政局", "法定办结时限", "承诺办结时限", "收费标准", "设定依据", "受理条件", "申请材料", "办理地点", "斗门区行政服务中心"):
        assert text in html, text


def test_item_page_marks_certificate_free_materials(client):
    item = ServiceItem.objects.filter(materials__ecert_type__isnull=False).first()
    html = client.get(item.get_absolute_url()).content.decode()
    assert "免证办" in html and "可用电子" in html


def test_unknown_item_code_gets_a_chinese_404_page(client):
    response = client.get("/items/NO-SUCH-CODE/")
    assert response.status_code == 404
    assert "您访问的页面不存在" in response.content.decode()


def test_department_page_lists_only_its_items(client):
    html = client.get("/departments/D008/").content.decode()
    assert "珠海市斗门区民政局" in html and "80周岁以上老年人高龄津贴发放" in html
    assert client.get("/departments/D999/").status_code == 404


def test_department_index_counts_items(client):
    html = client.get("/departments/").content.decode()
    assert "区人力资源社会保障局" in html and "个事项" in html


def test_statistics_page_shows_figures_from_records(client):
    html = client.get("/stats/").content.decode()
    assert 'id="stat-total">1138<' in html
    assert "网办率" in html and "按部门" in html and "按事项类型" in html


def test_elderly_mode_toggles_with_a_cookie_and_returns_to_the_page(client):
    response = client.post("/preferences/elderly-mode/", {"next": "/items/?q=社保"})
    assert response.status_code == 302 and unquote(response["Location"]) == "/items/?q=社保"
    assert '<html lang="zh-Hans" class="elderly">' in client.get("/").content.decode()
    client.post("/preferences/elderly-mode/", {"next": "/"})
    assert '<html lang="zh-Hans" class="">' in client.get("/").content.decode()


def test_elderly_mode_never_redirects_off_site(client):
    response = client.post("/preferences/elderly-mode/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_elderly_toggle_requires_csrf_token():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/preferences/elderly-mode/", {"next": "/"}).status_code == 403


def test_htmx_requests_get_only_the_results_fragment(client):
    html = client.get("/items/", {"q": "社保"}, headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith('<div id="results"') and "<html" not in html


def test_api_docs_are_served_without_a_cdn(client):
    html = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle" in html and "cdn." not in html
