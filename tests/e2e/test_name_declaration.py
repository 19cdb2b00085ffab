"""企业名称自主申报 in a real browser, at desktop and phone width: a conflicting name is refused with
the name it conflicts with and the article; a homophone is a warning that, accepted, reserves the
name; malformed names each get their reason and reserve nothing; a good name is reserved and leads
to 设立登记. The demo register holds the demo companies (珠海市斗门区鸿运物流有限公司 among them).

The server commits to the test database: each viewport has its own founder and its own names."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .test_accounts_certificates import RESIDENTS, assert_accessible, assert_no_horizontal_scroll, login_by_sms

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

FOUNDER = {"desktop": "440403198207187730", "phone": "440403198403314207"}  # 赵志涛, 叶惠玲
GOOD_NAME = {"desktop": "珠海市斗门区澜湾科技有限公司", "phone": "珠海市斗门区澜汐科技有限公司"}
HOMOPHONE = {"desktop": "珠海市宏运物流有限公司", "phone": "珠海市红运物流有限公司"}


def check(page, name: str) -> None:
    main = page.locator("main")
    main.get_by_label("拟申报的企业名称").fill(name)
    main.get_by_role("button", name="查询名称").click()
    page.wait_for_load_state("domcontentloaded")


def test_a_founder_checks_names_and_reserves_one(page, live_url, sms_server):
    viewport = page.viewport_name
    login_by_sms(page, live_url, sms_server, RESIDENTS[FOUNDER[viewport]]["mobile"])
    page.goto(live_url + "/business/names/")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("企业名称自主申报")
    assert_accessible(page)

    # Identical trade name and industry, differing only in region: Art. 17 blocks it.
    check(page, "珠海市鸿运物流有限公司")
    expect(main.get_by_text("该名称不能使用")).to_be_visible()
    expect(main.locator(".reason-blocked .conflict", has_text="珠海市斗门区鸿运物流有限公司")).to_be_visible()
    expect(main.locator(".reason-blocked")).to_contain_text("第十七条")
    expect(main.get_by_role("button", name="申报并保留该名称")).to_have_count(0)
    expect(main.get_by_label("字号", exact=True)).to_have_value("鸿运")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "names-blocked")

    # Malformed names: each its own reason.
    for name, words in [("珠海市ABC科技有限公司", "字母"), ("珠海市華瀾科技有限公司", "繁体"),
                        ("珠" * 200, "名称过长")]:
        check(page, name)
        expect(main.locator(".error-box, .name-verdict").first).to_contain_text(words)

    # A homophone: a warning to accept before the name can be reserved.
    check(page, HOMOPHONE[viewport])
    expect(main.get_by_text("该名称可以申报，但有以下提示")).to_be_visible()
    expect(main.locator(".reason-warning .conflict", has_text="珠海市斗门区鸿运物流有限公司")).to_be_visible()
    screenshot(page, "names-warning")
    main.get_by_role("button", name="申报并保留该名称").click()
    expect(main.get_by_role("alert")).to_contain_text("请阅读提示并确认")
    # (On the second viewport the first viewport's reservation is a second similar name to accept.)
    for box in main.get_by_label(re.compile("已知悉并确认")).all():
        box.check()
    main.get_by_role("button", name="申报并保留该名称").click()
    page.wait_for_url(re.compile(r".*/business/names/\d+/$"))
    expect(main.get_by_role("heading", level=1)).to_have_text("名称已保留")
    expect(main.get_by_text(HOMOPHONE[viewport])).to_be_visible()

    # A good name: reserved at once, listed, and the next step is 设立登记.
    page.goto(live_url + "/business/names/")
    check(page, GOOD_NAME[viewport])
    expect(main.get_by_text("未发现不能使用的情形，可以申报保留")).to_be_visible()
    main.get_by_role("button", name="申报并保留该名称").click()
    page.wait_for_url(re.compile(r".*/business/names/\d+/$"))
    expect(main.get_by_text("保留期至")).to_be_visible()
    expect(main.get_by_role("link", name="下一步：办理设立登记")).to_have_attribute("href", "/business/startup/")
    assert_accessible(page)
    screenshot(page, "names-reserved")
    main.get_by_role("link", name="我的名称").click()
    expect(main.locator("tbody tr")).to_have_count(2)
    expect(main.get_by_text(GOOD_NAME[viewport])).to_be_visible()
