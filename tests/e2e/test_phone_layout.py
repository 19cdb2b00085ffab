"""The item list on a phone (390×844), in the normal and the elderly mode (issue 13): the header takes
at most 15 % of the first screen, the first result shows without scrolling, nothing spills out of its
box, and axe finds no serious problem."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import check_accessibility, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PHONE = {"width": 390, "height": 844}

# Elements whose right edge must stay inside their parent's box (and the page's width).
OVERFLOW_JS = """() => {
  const out = [];
  const width = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll('.site-header a, .site-header button, .search-row button, .badge, .item-card h3')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0) continue;
    const parent = el.parentElement.getBoundingClientRect();
    const scroller = el.closest('.main-nav, .account-links');  // these scroll sideways on purpose
    if (!scroller && (box.right > parent.right + 1 || box.left < parent.left - 1 || box.right > width + 1)) {
      out.push(el.outerHTML.slice(0, 80));
    }
  }
  return out;
}"""


@pytest.mark.parametrize("elderly", [False, True], ids=["normal", "elderly"])
def test_item_list_fits_a_phone(browser, live_url, elderly):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    if elderly:
        context.add_cookies([{"name": "elderly", "value": "1", "url": live_url}])
    page = context.new_page()
    page.viewport_name = "phone"
    page.goto(live_url + "/items/")
    header = page.locator("header.site-header").bounding_box()
    first = page.locator(".item-card").first.bounding_box()
    screenshot(page, f"phone-items-{'elderly' if elderly else 'normal'}")
    assert header["height"] <= 0.15 * PHONE["height"], f"header {header['height']} px"
    assert first["y"] + 40 <= PHONE["height"], f"first result at y={first['y']}"
    assert page.locator("details.filter-more").get_attribute("open") is None, "filters start closed"
    search = page.locator(".search-row button").bounding_box()
    assert search["height"] < 2 * 1.7 * (21 if elderly else 16), "搜索 stays on one line"
    assert page.evaluate(OVERFLOW_JS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert check_accessibility(page) == []
    context.close()


def test_filters_open_on_a_wide_screen(browser, live_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_url + "/items/")
    assert page.locator("details.filter-more").get_attribute("open") is not None
    assert page.locator("#id_theme").is_visible()
    context.close()
