"""企业开办 on the self-service kiosk, in a real browser at its 1080×1920 portrait screen: a founder
logs in with 身份证 + 短信验证码 on the keypad, declares a name, fills one screen per step (a
missing field answered on its screen, 上一步 keeping what was typed), checks and submits, watches a
real step worker run the branches against their simulators to completion, and prints the licence.

Its demo founder and supervisor are used by no other browser test."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from onestop.cases.models import Case, Channel
from onestop.kiosk.models import PrintRecord
from tests.subprocesses import committed

from .test_kiosk import check, enrol, id_login, kiosk_screen  # noqa: F401 - fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

FOUNDER = ("谭*芳", "440781199103217587", "13800003661")  # 谭燕芳
SUPERVISOR = ("温思颖", "440403199812265949")
COMPANY_NAME = "珠海市斗门区燕澜餐饮有限公司"
CASE_URL = re.compile(r".*/kiosk/startup/case/(\w+)/$")


def _kiosk_case(number: str) -> tuple[str, int]:
    case = Case.objects.select_related("startup").get(number=number)
    return case.channel, PrintRecord.objects.filter(certificate_id=case.startup.licence_id).count()


def next_step(page, url: str) -> None:
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url(url)


def declare_name(page) -> None:
    main = page.locator("main")
    main.get_by_label("拟申报的企业名称").fill(COMPANY_NAME)
    main.get_by_role("button", name="查询名称").click()
    verdict = main.locator("#name-verdict")
    expect(verdict).to_contain_text("可以申报")
    expect(main.get_by_label("字号", exact=True)).to_have_value("燕澜")
    check(page, "startup-name-verdict")
    for box in verdict.get_by_role("checkbox").all():  # a warning, if the register holds a near name
        box.check()
    main.get_by_role("button", name="申报并保留名称").click()
    page.wait_for_url("**/kiosk/startup/company/")
    expect(page.locator(".k-notice")).to_contain_text(f"名称“{COMPANY_NAME}”已申报保留")


def fill_company(page) -> None:
    main = page.locator("main")
    expect(main.locator(".k-company-name")).to_contain_text(COMPANY_NAME)
    main.get_by_label("有限责任公司（自然人独资）").check()
    main.get_by_label("注册资本（出资额，元）").fill("100000")
    main.get_by_label("井岸镇").check()
    main.get_by_label("从业人数").fill("3")
    main.get_by_label("餐饮服务（许可项目）").check()
    main.get_by_label("食品销售（许可项目）").check()
    expect(main.get_by_label("联系手机")).to_have_value(FOUNDER[2])
    # The address left out: this screen says so on the field and keeps what was typed.
    main.get_by_role("button", name="下一步").click()
    expect(main.locator(".k-field-error", has_text="请填写住所的详细地址")).to_be_visible()
    expect(main.get_by_label("注册资本（出资额，元）")).to_have_value("100000")
    check(page, "startup-company-error")
    main.get_by_label("详细地址").fill("井湾路 123 号 2 栋 301 房")
    next_step(page, "**/kiosk/startup/members/")


def fill_members(page) -> None:
    rows = page.locator("main fieldset.k-member")
    founder = rows.nth(0)
    expect(founder.get_by_label("姓名")).to_have_value("谭燕芳")
    founder.get_by_label("身份证号码").fill(FOUNDER[1])
    founder.get_by_label("认缴出资（元）").fill("100000")
    founder.get_by_label("执行董事").check()
    founder.get_by_label("经理").check()
    supervisor = rows.nth(1)
    supervisor.get_by_label("姓名").fill(SUPERVISOR[0])
    supervisor.get_by_label("身份证号码").fill(SUPERVISOR[1])
    supervisor.get_by_label("认缴出资（元）").fill("0")
    supervisor.get_by_label("监事").check()
    check(page, "startup-members")
    # 上一步 and back again: both screens show what was typed.
    page.get_by_role("button", name="上一步").click()
    page.wait_for_url("**/kiosk/startup/company/")
    expect(page.get_by_label("详细地址")).to_have_value("井湾路 123 号 2 栋 301 房")
    expect(page.get_by_label("井岸镇")).to_be_checked()
    next_step(page, "**/kiosk/startup/members/")
    expect(rows.nth(1).get_by_label("身份证号码")).to_have_value(SUPERVISOR[1])
    next_step(page, "**/kiosk/startup/branches/")


def fill_branches(page) -> None:
    main = page.locator("main")
    main.get_by_label("中国工商银行珠海斗门支行").check()
    main.get_by_role("group", name=re.compile("^开户预约日期")).get_by_role("radio").first.check()
    main.get_by_label("斗门区井岸镇印章刻制服务点").check()
    expect(main.get_by_label("公章", exact=True)).to_be_checked()
    check(page, "startup-branches")
    next_step(page, "**/kiosk/startup/review/")


def test_a_founder_opens_a_company_at_the_kiosk(kiosk_screen, live_url, sms_server, step_worker):  # noqa: F811
    page = kiosk_screen
    enrol(page, live_url)
    page.get_by_role("link", name=re.compile("^企业开办")).click()
    page.wait_for_url("**/kiosk/startup/")
    check(page, "startup-intro")
    page.get_by_role("link", name="登录后开始办理").click()
    page.wait_for_url("**/kiosk/login/?next=/kiosk/startup/name/")
    masked, id_number, mobile = FOUNDER
    id_login(page, sms_server, id_number, mobile)
    expect(page.locator("#kiosk-account-name")).to_have_text(masked)
    page.get_by_role("button", name="是我本人，继续办理").click()
    page.wait_for_url("**/kiosk/startup/name/")
    expect(page.locator(".k-steps [aria-current=step]")).to_contain_text("名称申报")
    check(page, "startup-name")

    declare_name(page)
    page.goto(live_url + "/kiosk/startup/review/")  # skipping ahead: sent back to the first open step
    page.wait_for_url("**/kiosk/startup/company/")
    fill_company(page)
    fill_members(page)
    fill_branches(page)

    main = page.locator("main")
    expect(main.locator("#summary-name")).to_have_text(COMPANY_NAME)
    expect(main).to_contain_text("100,000 元")
    expect(main).to_contain_text("中国工商银行珠海斗门支行")
    expect(main).to_contain_text("440781********7587")
    expect(main).not_to_contain_text(SUPERVISOR[1])
    check(page, "startup-review")
    main.get_by_role("button", name="确认无误，提交申请").click()
    page.wait_for_url(CASE_URL)
    number = CASE_URL.match(page.url).group(1)
    expect(main.locator("#startup-progress")).to_be_visible()
    check(page, "startup-progress-running")

    # The list refreshes itself (htmx) while the worker registers the company and runs the branches.
    expect(main.locator("#case-status")).to_have_text("已办结", timeout=90_000)
    for title in ("设立登记及营业执照", "公章刻制备案", "银行开户预约", "税务登记及新办纳税人套餐", "社保及住房公积金登记"):
        expect(main.locator("li.k-branch", has_text=title).locator(".k-branch-state")).to_have_text("已完成")
    assert re.fullmatch(r"91440403MB\d{6}[0-9A-HJ-NPQRTUWXY]{2}", main.locator("#company-uscc").inner_text())
    check(page, "startup-progress-done")

    main.get_by_role("link", name="领取营业执照（打印）").click()
    page.wait_for_url(f"**/kiosk/startup/case/{number}/licence/")
    expect(page.locator(".k-steps [aria-current=step]")).to_contain_text("领取执照")
    expect(page.frame_locator("#kiosk-print-face").locator("body")).to_contain_text(COMPANY_NAME)
    check(page, "startup-licence")
    page.get_by_role("button", name="打印", exact=True).click()
    expect(page.locator("#kiosk-print-status")).to_contain_text("打印记录已保存")
    check(page, "startup-licence-printed")
    assert committed(_kiosk_case, number) == (Channel.KIOSK, 1)
