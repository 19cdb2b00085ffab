"""政务公开 in a real browser: an editor drafts an article in the admin and submits it for review, a
reviewer (another account) publishes it with the admin action; the public list finds it by a word of
its body, the article page and the RSS feed show it; the public pages are axe-clean on desktop and
a 390-px phone."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from onestop.accounts.demo.loader import DEMO_STAFF_PASSWORD
from tests.e2e.conftest import check_accessibility, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

TITLES = {"desktop": "斗门区启动2026年冬季送温暖活动", "phone": "斗门区启动2026年冬季慰问困难群众活动"}


def admin_login(page, live_url, username):
    page.goto(live_url + "/admin/login/?next=/admin/news/article/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_STAFF_PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/news/article/")


def run_action(page, title, action_label):
    page.get_by_role("row").filter(has_text=title).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label=action_label)
    page.locator("button[name=index]").click()


def assert_accessible(page, name):
    screenshot(page, name)
    assert check_accessibility(page) == []


def test_editor_drafts_reviewer_publishes_and_the_public_finds_it(page, staff_page, live_url):
    title = TITLES[page.viewport_name]
    if page.viewport_name == "phone":
        page.set_viewport_size({"width": 390, "height": 844})
    admin_login(staff_page, live_url, "news-editor")
    staff_page.goto(live_url + "/admin/news/article/add/")
    staff_page.get_by_label("栏目").select_option(label="新闻动态")
    staff_page.get_by_label("标题").fill(title)
    staff_page.get_by_label("发布部门").select_option(label="区民政局")
    staff_page.get_by_label("正文").fill("12月3日，区民政局联合各镇（街道）走访慰问低保、特困等困难群众120户。\n"
                                       "走访中，工作人员逐户核实救助政策落实情况。")
    staff_page.locator("input[name=_save]").click()
    expect(staff_page.locator(".messagelist")).to_contain_text(title)
    run_action(staff_page, title, "提交审核")
    expect(staff_page.locator(".messagelist")).to_contain_text("已提交审核 1 条")
    run_action(staff_page, title, "审核通过并发布")  # an editor may not publish
    expect(staff_page.locator(".messagelist")).to_contain_text("只有审核人员可以审核发布")
    staff_page.context.clear_cookies()

    admin_login(staff_page, live_url, "news-reviewer")
    run_action(staff_page, title, "审核通过并发布")
    expect(staff_page.locator(".messagelist")).to_contain_text("已发布 1 条")

    page.goto(live_url + "/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="政务公开").click()
    page.get_by_label("关键词").fill("走访慰问")
    page.get_by_role("button", name="检索").click()
    expect(page.locator(".news-list")).to_contain_text(title)
    assert_accessible(page, "news-list")
    page.get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".news-body")).to_contain_text("逐户核实")
    assert_accessible(page, "news-article")
    page.goto(live_url + "/news/policies/")
    expect(page.locator("table")).to_contain_text("斗府〔2026〕12号")
    assert_accessible(page, "news-policies")

    # The guide of the item the policy concerns lists it (demo data: 斗府〔2026〕12号 and 高龄津贴).
    page.goto(live_url + "/items/?q=高龄津贴")
    page.get_by_role("link", name="80周岁以上老年人高龄津贴发放").first.click()
    expect(page.locator("#item-policies + ul")).to_contain_text("斗门区高龄老人津贴发放管理办法")
    assert_accessible(page, "news-guide-policies")

    feed = page.request.get(live_url + "/news/rss.xml")
    assert feed.ok
    assert title in [item.findtext("title") for item in ET.fromstring(feed.body()).iter("item")]
