"""A citizen's walk through the portal in a real browser, at desktop and phone width."""

import pytest

from .conftest import check_accessibility, screenshot

# django_db makes pytest-django create the test database that the server process reads.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


# A function, not an expression: Playwright evaluates expressions with eval, which the CSP forbids.
COUNT_CHANGED = "before => document.querySelector('.result-count strong').textContent != before"

def assert_accessible(page):
    violations = check_accessibility(page)
    assert violations == [], violations


def assert_no_horizontal_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"page is {overflow}px wider than the viewport"


def test_home_search_item_department_statistics(page, live_url):
    page.goto(live_url + "/")
    assert page.get_by_role("heading", name="按主题办事").is_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "home")

    page.get_by_label("搜索办事事项").fill("高龄津贴")
    page.get_by_role("button", name="搜索").first.click()
    page.wait_for_url("**/items/?q=*")
    first = page.locator(".item-card h3 a").first
    assert first.inner_text() == "80周岁以上老年人高龄津贴发放"
    assert_accessible(page)
    screenshot(page, "search")

    first.click()
    page.wait_for_url("**/items/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "80周岁以上老年人高龄津贴发放"
    for heading in ("基本信息", "申请材料", "办理地点"):
        assert page.get_by_role("heading", name=heading).is_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "item")

    page.locator(".breadcrumb a", has_text="区民政局").click()
    page.wait_for_url("**/departments/*/")
    assert "珠海市斗门区民政局" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator(".item-card").count() > 0
    assert_accessible(page)
    screenshot(page, "department")

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="统计公开").click()
    page.wait_for_url("**/stats/")
    assert page.locator("#stat-total").inner_text() == "1138"
    page.wait_for_selector("#chart-types canvas")
    assert_accessible(page)
    screenshot(page, "stats")


def test_filters_narrow_the_list_without_a_page_reload(page, live_url):
    page.goto(live_url + "/items/")
    total = int(page.locator(".result-count strong").inner_text())
    filters = page.locator("details.filter-more")
    if filters.get_attribute("open") is None:  # closed on a phone, so that results come first
        filters.locator("summary").click()
    page.get_by_label("服务对象").select_option("company")
    page.wait_for_function(COUNT_CHANGED, arg=total)
    narrowed = int(page.locator(".result-count strong").inner_text())
    assert 0 < narrowed < total
    assert "audience=company" in page.url  # htmx pushed the filter into the address bar
    page.get_by_label("特色服务").select_option("instant_approval")
    page.wait_for_function(COUNT_CHANGED, arg=narrowed)
    assert page.locator(".item-card .badge-instant").count() == page.locator(".item-card").count()


def test_elderly_mode_switches_on_and_off(page, live_url):
    page.goto(live_url + "/items/?q=社保")
    normal_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="长者模式").click()
    page.wait_for_selector("html.elderly")
    assert page.url.endswith("/items/?q=%E7%A4%BE%E4%BF%9D")
    large_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert large_size >= normal_size * 1.25
    assert_accessible(page)
    screenshot(page, "elderly")
    page.goto(live_url + "/stats/")
    assert page.evaluate("document.documentElement.classList.contains('elderly')")
    page.get_by_role("button", name="退出长者模式").click()
    page.wait_for_selector("html:not(.elderly)")
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == normal_size


def test_unknown_item_shows_a_chinese_not_found_page(page, live_url):
    response = page.goto(live_url + "/items/NO-SUCH-ITEM/")
    assert response.status == 404
    assert "您访问的页面不存在" in page.content()
    assert_accessible(page)
