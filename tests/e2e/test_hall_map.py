"""The service-hall map in a real browser, at desktop and phone width: from an item's guide to the
halls that handle it (list and map markers), the nearest open hall from the browser's (faked)
geolocation, and the list with JavaScript switched off. Every page is checked with axe-core.

Open / closed depends on the server's clock, so the located visitor stands at a 24-hour bank
self-service area: it is the nearest open hall at any hour."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from onestop.catalog.models import Hall, ServiceItem

from .conftest import _csp_violations, screenshot
from .test_accounts_certificates import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}
ICBC = "B440403001"  # 中国工商银行珠海斗门支行 24 小时自助服务区, open day and night


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


def new_page(browser, viewport: str, **options):
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN", **options)
    page = context.new_page()
    page.viewport_name = viewport
    return context, page, _csp_violations(page)


def test_the_guide_leads_to_the_halls_that_handle_the_item(browser, live_url, viewport):
    item = ServiceItem.objects.get(name="个体工商户设立登记")
    halls = list(item.halls.values_list("name", flat=True))
    context, page, violations = new_page(browser, viewport)
    page.goto(f"{live_url}/items/{item.code}/")
    page.locator("#halls-on-map").click()
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("服务大厅地图")
    expect(main.locator(".notice")).to_contain_text("个体工商户设立登记")
    expect(main.locator(".hall-card")).to_have_count(len(halls))
    for name in halls:
        expect(main.locator(".hall-card h3 a", has_text=name)).to_be_visible()
    expect(page.locator("#hall-map")).to_be_visible()
    expect(page.locator("#hall-map path.leaflet-interactive")).to_have_count(len(halls))
    page.locator("#hall-map path.leaflet-interactive").first.click(force=True)
    expect(page.locator(".leaflet-popup-content")).to_be_visible()
    # Leaflet fades the popup in: checked half-faded, its link fails the contrast check.
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "halls-item-filter")
    # The same page filters by department instead: the market-supervision offices and the centre.
    main.get_by_label("办理事项").fill("")
    page.evaluate("document.getElementById('id_item') && document.getElementById('id_item').remove()")
    main.get_by_label("进驻部门").select_option(label="区市场监管局")
    main.get_by_role("button", name="查找大厅").click()
    expect(main.locator(".hall-card")).to_have_count(Hall.objects.filter(departments__code="D002").count())
    context.close()
    assert violations == []


def test_nearest_open_hall_from_the_browsers_location(browser, live_url, viewport):
    hall = Hall.objects.get(code=ICBC)
    context, page, violations = new_page(
        browser, viewport, geolocation={"latitude": float(hall.latitude) + 0.0004, "longitude": float(hall.longitude)},
        permissions=["geolocation"],
    )
    page.goto(f"{live_url}/halls/?item_q=社会保障卡申领")
    main = page.locator("main")
    expect(main.locator(".notice")).to_contain_text("社会保障卡申领")
    main.get_by_role("button", name="用我的位置查找最近的大厅").click()
    expect(page).to_have_url(re.compile(r"[?&]lat=22\.29"))
    expect(main.locator("#nearest-title")).to_have_text("离您的位置最近、正在办公的大厅")
    expect(main.locator("#nearest-hall")).to_contain_text(hall.name)
    expect(main.locator("#nearest-hall")).to_contain_text("米")
    expect(main.locator(".hall-card").first).to_contain_text(hall.name)
    expect(page.locator(".leaflet-tooltip", has_text="您的位置")).to_be_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "halls-nearest")
    context.close()
    assert violations == []


def test_a_refused_location_asks_for_the_town_instead(browser, live_url, viewport):
    context, page, violations = new_page(browser, viewport)  # no geolocation permission
    page.goto(f"{live_url}/halls/")
    page.get_by_role("button", name="用我的位置查找最近的大厅").click()
    expect(page.locator("#locate-status")).to_contain_text("请选择所在镇街或输入地址")
    context.close()
    assert violations == []


def test_the_list_works_without_javascript(browser, live_url, viewport):
    context, page, violations = new_page(browser, viewport, java_script_enabled=False)
    page.goto(f"{live_url}/halls/")
    main = page.locator("main")
    expect(page.locator("#hall-map")).to_be_hidden()
    expect(main.get_by_role("button", name="用我的位置查找最近的大厅")).to_be_hidden()
    expect(main.locator(".hall-card")).to_have_count(Hall.objects.count())
    main.get_by_label("我在哪个镇街").select_option(label="乾务镇")
    main.get_by_label("进驻部门").select_option(label="区市场监管局")
    main.get_by_role("button", name="查找大厅").click()
    expect(main.locator("#nearest-title")).to_contain_text("离乾务镇最近")
    expect(main.locator(".hall-card").first).to_contain_text("乾务市场监管所")
    expect(main.locator(".hall-card").first.locator(".distance")).to_be_visible()
    screenshot(page, "halls-list-no-js")
    url = page.url
    # The same page typed as an address, then checked with axe (which needs JavaScript to run).
    main.get_by_label("我在哪个镇街").select_option(label="请选择")
    main.get_by_label("或输入地址、村居").fill("斗门镇小濠冲村")
    main.get_by_role("button", name="查找大厅").click()
    expect(main.locator("#nearest-title")).to_contain_text("离斗门镇最近")
    context.close()
    context, page, more = new_page(browser, viewport)
    page.goto(url)
    assert_accessible(page)
    page.goto(f"{live_url}/halls/{ICBC}/")
    expect(page.locator("main h1")).to_have_text(Hall.objects.get(code=ICBC).name)
    expect(page.locator("#hall-status")).to_be_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "halls-detail")
    page.goto(f"{live_url}/halls/H440403105/")
    screenshot(page, "halls-detail-qianwu")
    assert_accessible(page)
    context.close()
    assert violations == [] and more == []
