"""企业开办 in a real browser, at desktop and phone width: a founder with a reserved name fills the
one form (a missing field answered with its message first), submits, and watches the case page
while a real step worker (its own process) registers the company, issues the licence and runs the
four branches against their simulators (seal maker, bank, tax, social insurance) to completion; the licence PDF's QR opens
the public verify page; the statistics page shows the opening time.

Each viewport has its own demo founder (none used by other browser tests): one SMS login per run."""

from __future__ import annotations

import io
import re

import pypdfium2
import pytest
from playwright.sync_api import expect

from onestop.accounts.models import Person
from onestop.certs import qr
from tests.business.conftest import make_reservation, next_working_day
from tests.subprocesses import committed

from .conftest import screenshot
from .test_accounts_certificates import assert_accessible, assert_no_horizontal_scroll, login_by_sms
from .test_applications import control

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

FOUNDER = {"desktop": ("440403199001149119", "18600007291"), "phone": ("440403196602036917", "15900002503")}
SUPERVISOR = {"desktop": ("440403199112255520", "刘雪霞"), "phone": ("440403196705191645", "谭惠红")}
CASE_URL = re.compile(r".*/business/startup/(\d+)/$")


def _reserve(id_number: str):
    person = Person.objects.with_id_number(id_number).select_related("user").get()
    reservation = make_reservation(person.user)
    shown = f"{reservation.entry.name}（保留至 {reservation.expires_on:%Y年%m月%d日} 前）"
    return person.name, reservation.entry.name, shown


def check_page(page, name: str) -> None:
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, name)


def member(page, n: int):
    return page.locator("main fieldset.member-row").nth(n)


def fill_form(page, reserved: str, supervisor: tuple[str, str], founder_id: str) -> None:
    main = page.locator("main")
    control(main, "企业名称").select_option(label=reserved)
    control(main, "企业类型").select_option("有限责任公司（自然人独资）")
    control(main, "注册资本（出资额，元）").fill("100000")
    control(main, "住所所在镇（街道）").select_option("井岸镇")
    control(main, "从业人数").fill("3")
    main.get_by_label("餐饮服务（许可项目）").check()
    main.get_by_label("食品销售（许可项目）").check()
    founder_row = member(page, 0)
    founder_row.get_by_label("身份证号码").fill(founder_id)
    founder_row.get_by_label("认缴出资（元）").fill("100000")
    founder_row.get_by_label("执行董事").check()
    founder_row.get_by_label("经理").check()
    row = member(page, 1)
    row.get_by_label("姓名").fill(supervisor[1])
    row.get_by_label("身份证号码").fill(supervisor[0])
    row.get_by_label("认缴出资（元）").fill("0")
    row.get_by_label("监事").check()
    control(main, "开户银行").select_option(label="中国工商银行珠海斗门支行")
    control(main, "开户预约日期").fill(next_working_day().isoformat())
    control(main, "刻章服务点").select_option(label="斗门区井岸镇印章刻制服务点")


def first_page_png(pdf: bytes) -> bytes:
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=200 / 72).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_a_founder_opens_a_company_with_one_form(page, live_url, sms_server, step_worker):
    founder_id, mobile = FOUNDER[page.viewport_name]
    founder_name, company_name, reserved = committed(_reserve, founder_id)
    login_by_sms(page, live_url, sms_server, mobile)
    page.goto(live_url + "/business/startup/")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("企业开办一表申请")
    expect(member(page, 0).get_by_label("姓名")).to_have_value(founder_name)
    fill_form(page, reserved, SUPERVISOR[page.viewport_name], founder_id)
    check_page(page, "startup-form")

    # The address left out: the page says so on the field, keeps what was typed, and nothing is made.
    main.get_by_role("button", name="提交申请").click()
    expect(main.locator(".field-message", has_text="请填写住所的详细地址")).to_be_visible()
    expect(control(main, "注册资本（出资额，元）")).to_have_value("100000")
    check_page(page, "startup-form-error")
    control(main, "详细地址").fill("井湾路 123 号 2 栋 301 房")
    main.get_by_role("button", name="提交申请").click()
    page.wait_for_url(CASE_URL)
    expect(main.get_by_role("heading", level=1)).to_have_text(f"企业开办：{company_name}")
    screenshot(page, "startup-case-running")

    # The page refreshes itself while the worker registers the company and the branches run.
    expect(main.locator("#case-status")).to_have_text("已办结", timeout=90_000)
    for title in ("设立登记及营业执照", "公章刻制备案", "银行开户预约", "税务登记及新办纳税人套餐", "社保及住房公积金登记"):
        expect(main.locator("li.branch", has_text=title).locator(".branch-state")).to_have_text("已完成")
    # What the outside systems answered, in the founder's words.
    expect(main.locator("li.branch", has_text="公章刻制备案")).to_contain_text("印章已刻制备案")
    uscc = main.locator("#company-uscc").inner_text()
    assert re.fullmatch(r"91440403MB\d{6}[0-9A-HJ-NPQRTUWXY]{2}", uscc)
    expect(main.locator("#result-text")).to_contain_text(uscc)
    expect(main.locator("#opening-time")).to_have_text(re.compile(r"^\d+\.\d 秒$"))
    check_page(page, "startup-case-done")

    pdf_link = main.get_by_role("link", name="下载营业执照（PDF）")
    response = page.request.get(live_url + pdf_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    texts = qr.read(first_page_png(response.body()))
    assert len(texts) == 1 and texts[0].startswith(live_url + "/verify/?c=")
    page.goto(texts[0])
    expect(page.locator("main")).to_contain_text(company_name)
    screenshot(page, "startup-licence-verified")

    page.goto(live_url + "/stats/")
    count = int(page.locator("#stat-opening-count").inner_text())
    assert count >= 1
    expect(page.locator("#stat-opening-average")).to_have_text(re.compile(r"^\d+\.\d (秒|分钟|小时)$"))
    check_page(page, "startup-stats")
