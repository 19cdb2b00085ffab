"""综合窗口 in a real browser, at desktop and phone width: a clerk of 区市场监管局 identifies a visitor
by their ID card, finds an item of 区民政局 (临时救助), checks the materials, accepts it and prints
the receipt (page and PDF whose QR opens the progress lookup); the visitor then looks up the case
on the portal with the number and their mobile, and sees no personal data. A second journey: a
missing material cannot be accepted, and the clerk refuses with a reason and prints the notice.

The server commits to the test database, so each test uses demo residents no other browser test
uses (one per viewport)."""

from __future__ import annotations

import io
import re
import urllib.parse

import pypdfium2
import pytest
from playwright.sync_api import expect

from onestop.certs import qr

from .conftest import screenshot
from .test_accounts_certificates import assert_accessible, assert_no_horizontal_scroll, messages_to
from .test_applications import staff_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

CLERK, PASSWORD = "d002-window", "onestop-demo-2026"  # 区市场监管局: not the item's department
ITEM = "临时救助"  # 区民政局, 10 working days, the generic form
# (name, ID number, mobile) of demo residents with an account, used by no other browser test.
ACCEPTED = {"desktop": ("陈惠娟", "440403197105081447", "15900008317"),
            "phone": ("区俊强", "440403197104268250", "15900001741")}
REFUSED = {"desktop": ("梁淑萍", "441802197510123205", "18600008981"),
           "phone": ("陈志华", "440403197202161916", "13800004540")}
RECEIPT_URL = re.compile(r".*/console/window/receipts/(\d+)/$")


def open_desk_for(page, live_url: str, name: str, id_number: str) -> None:
    staff_login(page, live_url, CLERK, PASSWORD)
    page.goto(live_url + "/console/window/")
    main = page.locator("main")
    main.get_by_label("服务大厅").select_option(index=1)
    main.get_by_label("窗口号").fill("综合窗口 3 号")
    main.get_by_role("button", name="确定").click()
    expect(main.locator("#desk-now")).to_contain_text("综合窗口 3 号")
    main.get_by_label("身份证号码").fill(id_number)
    main.get_by_label("已核对身份证原件与办事人本人一致").check()
    main.get_by_role("button", name="核验").click()
    expect(main.locator("#visitor")).to_contain_text(name)
    main.get_by_label("搜索事项（全区各部门）").fill(ITEM)
    main.get_by_role("button", name="搜索").click()
    result = main.locator("#window-results li").filter(has=page.get_by_role("link", name=ITEM, exact=True))
    expect(result).to_contain_text("区民政局")


def open_counter(page) -> None:
    page.locator("#window-results").get_by_role("link", name=ITEM, exact=True).click()
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(f"综合窗口受理：{ITEM}")
    expect(main).not_to_contain_text("您的实名信息")
    main.get_by_label("申请事项说明").fill("家中房屋因台风受损，生活暂时困难，申请临时救助")


def tick(page, material: str, choice: str) -> None:
    page.locator("#checklist fieldset").filter(has_text=material).get_by_label(choice).check()


def qr_in_pdf(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=200 / 72).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    [text] = qr.read(out.getvalue())
    return text


def test_the_window_accepts_another_departments_item_and_the_visitor_follows_it(page, staff_page, live_url, sms_server):
    name, id_number, mobile = ACCEPTED[page.viewport_name]
    open_desk_for(staff_page, live_url, name, id_number)
    screenshot(staff_page, "window-desk")
    assert_accessible(staff_page)
    assert_no_horizontal_scroll(staff_page)

    open_counter(staff_page)
    for material in ("申请人身份证件", "导致困难的相关证明", "家庭经济状况声明及核对授权书"):
        tick(staff_page, material, "已收取纸质材料")
    screenshot(staff_page, "window-counter")
    assert_accessible(staff_page)
    assert_no_horizontal_scroll(staff_page)
    staff_page.get_by_role("button", name="受理并出具回执").click()
    staff_page.wait_for_url(RECEIPT_URL)
    number = RECEIPT_URL.match(staff_page.url).group(1)
    main = staff_page.locator("main")
    expect(main.locator("#receipt-number")).to_have_text(number)
    expect(main.locator("#receipt-deadline")).to_contain_text("10 个工作日")
    expect(main.locator("#receipt-doc")).to_contain_text("区民政局")
    code = main.locator("#receipt-code").inner_text()
    screenshot(staff_page, "window-receipt")
    assert_accessible(staff_page)
    assert_no_horizontal_scroll(staff_page)

    pdf = staff_page.request.get(live_url + f"/console/window/receipts/{number}/pdf/")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    link = urllib.parse.urlsplit(qr_in_pdf(pdf.body()))
    assert f"{link.scheme}://{link.netloc}{link.path}" == live_url + "/progress/"
    assert urllib.parse.parse_qs(link.query) == {"number": [number], "code": [code]}
    sms = messages_to(sms_server, mobile)[0]
    assert sms["template"] == "notice" and number in sms["text"] and code in sms["text"]

    # The visitor, at home, without logging in.
    page.goto(live_url + "/")
    page.locator("#progress-link").click()
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("办件进度查询")
    main.get_by_label("办件编号").fill(number)
    main.get_by_label("手机号码").fill(mobile)
    main.get_by_role("button", name="查询").click()
    expect(main.locator("#progress-status")).to_have_text("已受理")
    expect(main.locator("#progress-due")).to_contain_text("前")
    body = main.inner_text()
    assert name not in body and id_number[-4:] not in body and mobile not in body and "台风" not in body
    screenshot(page, "progress-result")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


def test_a_missing_material_is_refused_at_the_window_with_a_notice(page, live_url):
    name, id_number, _ = REFUSED[page.viewport_name]
    open_desk_for(page, live_url, name, id_number)
    open_counter(page)
    tick(page, "申请人身份证件", "已收取纸质材料")
    tick(page, "导致困难的相关证明", "缺")
    tick(page, "家庭经济状况声明及核对授权书", "已收取纸质材料")
    page.get_by_role("button", name="受理并出具回执").click()
    main = page.locator("main")
    expect(main.get_by_role("alert")).to_contain_text("“导致困难的相关证明”未提交，不能受理")
    expect(main.locator("#checklist fieldset").filter(has_text="导致困难的相关证明").get_by_label("缺")).to_be_checked()

    main.locator("details.refusal summary").click()
    main.get_by_label("不予受理原因").select_option(label="申请材料不齐全或者不符合法定形式，经一次性告知后未能补正")
    main.get_by_label("具体说明（选择“其他原因”时必填）").fill("办事人暂无法提供导致困难的相关证明")
    screenshot(page, "window-refusal-form")
    assert_accessible(page)
    main.get_by_role("button", name="不予受理并出具告知书").click()
    page.wait_for_url(RECEIPT_URL)
    number = RECEIPT_URL.match(page.url).group(1)
    doc = main.locator("#receipt-doc")
    expect(doc.get_by_role("heading", level=1)).to_have_text("不予受理告知书")
    expect(doc).to_contain_text("办事人暂无法提供导致困难的相关证明")
    expect(doc).to_contain_text("《社会救助暂行办法》第四十七条")
    expect(doc).to_contain_text("行政复议")
    screenshot(page, "window-refusal-notice")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)

    page.goto(live_url + "/console/window/queue/?status=refused")
    row = page.locator("#window-queue tr").filter(has_text=number)
    expect(row).to_contain_text("不予受理")
    screenshot(page, "window-queue")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
