"""The language switch (issue 13): Chinese first whatever the browser prefers; English on request, kept
across pages by a cookie, in the normal and the elderly mode; back to Chinese with one click."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import check_accessibility, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"])
def test_switch_to_english_and_back(browser, live_url, viewport):
    # An English-language browser still gets Chinese first.
    context = browser.new_context(viewport=viewport, locale="en-US")
    page = context.new_page()
    page.viewport_name = "phone" if viewport["width"] < 600 else "desktop"
    page.goto(live_url + "/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").inner_text() == "登录"

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.url.endswith("/accounts/login/")  # the same page, now in English
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Log in"
    # On a phone the current language's button is hidden, only the other one is offered.
    assert page.locator('.site-header .language-switch button[value="en"]').get_attribute("aria-pressed") == "true"
    assert check_accessibility(page) == []
    screenshot(page, "language-english-login")

    # The choice is kept on the next page, and in the elderly mode.
    page.goto(live_url + "/accounts/register/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "中文" not in page.locator("h1").inner_text()
    page.locator("form.elderly-toggle button").click()
    page.wait_for_load_state()
    assert "elderly" in (page.locator("html").get_attribute("class") or "")
    assert page.locator("html").get_attribute("lang") == "en"
    assert check_accessibility(page) == []

    page.get_by_role("button", name="中文").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").inner_text() == "实名注册"
    context.close()
