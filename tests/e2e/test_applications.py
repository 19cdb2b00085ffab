"""Applications (办件) in a real browser, at desktop and phone width: a 秒批 item decided and issued
while the applicant waits (pre-filled form, 免证 with an e-certificate, the rule trace, the result
notice in the wallet), a normal item that a reviewer accepts and approves in the console, and the
form's validation messages.

The server commits to the test database, so every test uses its own demo residents (one per
viewport, none used by the other browser tests): each is sent one SMS login code per run."""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.parse
import urllib.request

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import screenshot
from .test_accounts_certificates import RESIDENTS, assert_accessible, assert_no_horizontal_scroll, login_by_sms

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

SENIOR_ALLOWANCE = "80周岁以上老年人高龄津贴发放"  # 秒批, 区民政局
MINIMUM_LIVING = "最低生活保障"  # 区民政局, reviewed by staff
REVIEWER, REVIEWER_PASSWORD = "d008-reviewer", "onestop-demo-2026"  # 区民政局 reviewer (demo data)

# Demo residents with a mobile (so with an account), a different one for every test and viewport.
# Aged 80+ with 斗门 hukou, household heads (they hold 居民户口簿) with a 社会保障卡: the 高龄津贴
# rules approve them (docs/instant-approval-rules.md).
SENIOR = {"desktop": "440403193811171935", "phone": "44040319350428741X"}  # 谭棠祥 88, 李汝生 91
# 最低生活保障 applicants: a household head, and a spouse without 居民户口簿 (uploads it instead).
LOW_INCOME = {"desktop": "440403197211086778", "phone": "440403197610205009"}  # 赵伟坚, 谭少娟
# The senior's e-certificates, and the fields the item declares it needs from each (guides.json).
CONSENTS = [("老年人居民身份证", "居民身份证", "证照编号、持证人姓名、出生"),
            ("居民户口簿", "居民户口簿", "证照编号、户号、住址"),
            ("社会保障卡（金融账户）", "社会保障卡", "社会保障号码、发卡银行")]
VALIDATION = {"desktop": "440783199309235951", "phone": "440403199604013341"}  # 李家辉, 李诗妍

# The smallest file the server accepts as a PDF (it sniffs the content, not the name).
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
CASE_URL = re.compile(r".*/my/cases/(\d+)/$")


def item_code(live_url: str, name: str) -> str:
    """Through the catalogue API, as another system would: a query on the test database from inside
    Playwright's event loop would open a second connection that outlives the test database."""
    query = urllib.parse.urlencode({"q": name, "page_size": 50})
    with urllib.request.urlopen(f"{live_url}/api/items?{query}", timeout=10) as response:
        results = json.load(response)["results"]
    return next(r["code"] for r in results if r["name"] == name)


def age_today(birth_date: str) -> int:
    born, today = dt.date.fromisoformat(birth_date), timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def check_page(page, name: str) -> None:
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, name)


def control(scope, label: str):
    """The form control labelled ``label`` (a required field's label ends in a hidden “*”)."""
    return scope.get_by_label(re.compile("^" + re.escape(label) + r"\*?$"))


def field(page, label: str):
    """The ``div.field`` of the apply form holding the control labelled ``label``."""
    return page.locator("main form.apply-form div.field").filter(has=control(page, label))


def material(page, name: str):
    return page.locator("main .material-list li").filter(has=page.locator("strong", has_text=re.compile(f"^{name}$")))


def trace_line(page, indicator: str):
    """The line of the 自动审核结果 for one check."""
    strong = page.locator("strong", has_text=re.compile(f"^{indicator}$"))
    return page.locator("main ol.trace > li").filter(has=strong)


def open_apply_form(page, live_url, item_name: str) -> None:
    """From the item's guide page, 在线申请."""
    code = item_code(live_url, item_name)
    page.goto(f"{live_url}/items/{code}/")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(item_name)
    main.get_by_role("link", name="在线申请").click()
    page.wait_for_url(f"**/items/{code}/apply/")
    expect(main.get_by_role("heading", level=1)).to_have_text(f"在线申请：{item_name}")


def submit(page) -> str:
    """Submits the apply form; returns the new case's number from the case page."""
    page.locator("main form.apply-form").get_by_role("button", name="提交申请").click()
    page.wait_for_url(CASE_URL)
    number = CASE_URL.match(page.url).group(1)
    expect(page.locator("#case-number")).to_have_text(number)
    return number


def staff_login(page, live_url, username: str, password: str) -> None:
    page.goto(live_url + "/accounts/staff-login/")
    main = page.locator("main")
    main.get_by_label("用户名").fill(username)
    main.get_by_label("密码").fill(password)
    main.get_by_role("button", name="登录").click()
    page.wait_for_url("**/console/")
    expect(main.get_by_role("heading", level=1)).to_have_text("工作台")


def open_result_certificate(page, case_number: str, item_name: str) -> None:
    """On a completed case page, follows the result link to the 审批结果通知书 in the wallet."""
    main = page.locator("main")
    result = main.locator("section.result")
    expect(result).to_contain_text("结果已签发至电子证照：审批结果通知书")
    result.get_by_role("link", name="在“我的证照”中查看").click()
    page.wait_for_url(re.compile(r".*/my/certificates/\d+/$"))
    expect(main.get_by_role("heading", level=1)).to_have_text("审批结果通知书")
    face = main.locator("dl.facts")
    expect(face).to_contain_text(case_number)
    expect(face).to_contain_text(item_name)
    expect(face).to_contain_text("准予办理")
    expect(face).to_contain_text("斗门区民政局")



# ---- 1. 秒批 -------------------------------------------------------------------------------------


def test_senior_allowance_is_approved_instantly_with_prefill_and_e_certificates(page, live_url, sms_server):
    senior = RESIDENTS[SENIOR[page.viewport_name]]
    age = age_today(senior["birth_date"])
    assert age >= 80, senior
    login_by_sms(page, live_url, sms_server, senior["mobile"])
    open_apply_form(page, live_url, SENIOR_ALLOWANCE)
    main = page.locator("main")
    expect(main.get_by_text("符合条件的申请提交后即时办结")).to_be_visible()

    # 免填: from the real-name profile, the population register and the 社会保障卡.
    prefilled = {
        "老年人姓名": (senior["name"], "实名信息"),
        "出生日期": (senior["birth_date"], "实名信息"),
        "现居住地址": (senior["address"], "户籍信息"),
        "联系电话": (senior["mobile"], "实名信息"),
        "发放账户（社会保障卡开户银行）": ("中国工商银行珠海斗门支行", "电子证照：社会保障卡"),
    }
    for label, (value, source) in prefilled.items():
        expect(control(main, label)).to_have_value(value)
        expect(field(page, label).locator(".prefilled")).to_have_text(f"已自动填写 · 来源：{source}")
    expect(field(page, "申请方式").locator(".prefilled")).to_have_count(0)  # only the applicant knows

    # 免证: the materials the senior holds as e-certificates are offered, never ticked: ticking one
    # is the consent, and what it gives is written next to it (the fields the item declares).
    for name, cert, fields in CONSENTS:
        use = material(page, name).get_by_role("checkbox", name=re.compile(f"^使用电子证照“{cert}”"))
        expect(use).not_to_be_checked()
        terms = material(page, name).locator("dl.consent-terms")
        expect(terms).to_contain_text("珠海市斗门区民政局")
        expect(terms).to_contain_text(f"可调用的信息{fields}")
        expect(terms).to_contain_text("至本办件办结、不予受理、不予批准或撤回时终止")
        expect(terms).to_contain_text("最多 10 次")
        use.check()
    expect(material(page, "高龄津贴申请表")).to_contain_text("即本页填写的申请信息，无需另行上传。")

    control(main, "申请方式").select_option("本人申请")
    check_page(page, "apply-instant")

    number = submit(page)
    expect(main.locator("#case-status")).to_have_text("已办结")
    expect(main.locator(".progress li[aria-current=step]")).to_have_text("已办结")
    expect(main.get_by_role("heading", name="自动审核结果：准予批准")).to_be_visible()
    trace = main.locator("ol.trace > li")
    expect(trace).to_have_count(5)
    expect(trace.locator(".trace-mark")).to_have_text(["✓"] * 5)
    expect(trace_line(page, "年龄")).to_contain_text(f"年龄 {age} 周岁，满足 80 周岁以上")
    expect(trace_line(page, "年龄")).not_to_contain_text("年龄：年龄")
    expect(trace_line(page, "年龄")).to_contain_text(f"{age} 周岁（来源：户籍人口库）")
    expect(trace_line(page, "户籍")).to_contain_text("户籍：斗门区户籍")
    expect(trace_line(page, "发放账户")).to_contain_text("发放账户：已持有社会保障卡")
    expect(trace_line(page, "重复申请")).to_contain_text("本平台无在办或已核准的高龄津贴申请")
    expect(trace_line(page, "重复享受")).to_contain_text("惠民惠农补贴发放记录中无正在发放的高龄津贴")
    # The form's values keep where they came from; the materials are the e-certificates (免证).
    expect(main.locator("#form-h + dl.facts")).to_contain_text("（来源：户籍信息）")
    expect(main.get_by_text("老年人居民身份证：电子证照“居民身份证”（免证，调用授权已随办件终止）")).to_be_visible()
    expect(main.locator("form[action$='/withdraw/']")).to_have_count(0)  # finished: nothing to withdraw
    check_page(page, "case-instant-approved")

    # 用证授权: exactly what was given, for this case, ended with it.
    page.goto(f"{live_url}/my/consents/")
    for _, cert, fields in CONSENTS:
        row = main.locator("#consents tbody tr").filter(has=page.get_by_text(cert, exact=True))
        expect(row).to_have_count(1)
        expect(row.locator("td[data-label=办件编号]")).to_have_text(number)
        expect(row.locator("td[data-label=被授权部门]")).to_have_text("珠海市斗门区民政局")
        expect(row.locator("td[data-label=事项]")).to_have_text(SENIOR_ALLOWANCE)
        expect(row.locator("td[data-label=可调用的信息]")).to_have_text(fields)
        expect(row.locator("td[data-label=状态]")).to_have_text("已随办件终止")
    check_page(page, "consents-ended-with-case")
    page.go_back()

    open_result_certificate(page, number, SENIOR_ALLOWANCE)
    check_page(page, "result-notice-instant")

    page.locator("header").get_by_role("link", name="我的办件").click()
    page.wait_for_url("**/my/cases/")
    row = main.locator("table tbody tr").filter(has=page.get_by_role("link", name=number))
    expect(row).to_have_count(1)
    expect(row).to_contain_text(SENIOR_ALLOWANCE)
    expect(row.locator(".status")).to_have_text("已办结")
    check_page(page, "my-cases")

    # Applying again for the same allowance: not granted twice, and the page names the approved case.
    open_apply_form(page, live_url, SENIOR_ALLOWANCE)
    for name, cert, _ in CONSENTS:  # the earlier consents ended with that case: asked again, unticked
        use = material(page, name).get_by_role("checkbox", name=re.compile(f"^使用电子证照“{cert}”"))
        expect(use).not_to_be_checked()
        use.check()
    control(main, "申请方式").select_option("本人申请")
    again = submit(page)
    assert again != number
    expect(main.locator("#case-status")).to_have_text("不予批准")
    expect(main.get_by_role("heading", name="自动审核结果：不予批准")).to_be_visible()
    expect(trace_line(page, "重复申请")).to_contain_text(f"本平台已有{number}")
    expect(trace_line(page, "重复申请")).to_contain_text("已办结），不重复核准")
    check_page(page, "case-instant-duplicate")


# ---- 2. a reviewed item ------------------------------------------------------------------------


def test_minimum_living_allowance_is_accepted_and_approved_by_a_reviewer(page, staff_page, live_url, sms_server):
    applicant = RESIDENTS[LOW_INCOME[page.viewport_name]]
    login_by_sms(page, live_url, sms_server, applicant["mobile"])
    open_apply_form(page, live_url, MINIMUM_LIVING)
    main = page.locator("main")
    expect(control(main, "申请人姓名")).to_have_value(applicant["name"])
    control(main, "共同生活家庭成员人数").fill("3")
    control(main, "家庭月总收入（元）").fill("1500")
    control(main, "申请理由").fill("家中一人长期患病，一人失业，收入低于当地最低生活保障标准。")
    main.get_by_label("授权核对家庭经济状况").check()

    # The application itself is the form; every other required material is an e-certificate held
    # (the applicant ticks it: that is the consent) or a PDF to upload.
    uploaded = []
    for li in main.locator(".material-list li").all():
        name = li.locator("strong").inner_text()
        if li.get_by_text("即本页填写的申请信息").count():
            continue
        use = li.locator("input[type=checkbox][name^=use_cert_]")
        if use.count():
            expect(use).not_to_be_checked()
            use.check()
            continue
        if "（必要）" in li.locator("p").first.inner_text():
            li.locator("input[type=file]").set_input_files(
                {"name": f"{name}.pdf", "mimeType": "application/pdf", "buffer": PDF})
            uploaded.append(name)
    assert "家庭经济状况声明及核对授权书" in uploaded
    check_page(page, "apply-reviewed")

    number = submit(page)
    expect(main.locator("#case-status")).to_have_text("已提交")
    expect(main.get_by_text("受理期限")).to_be_visible()
    for name in uploaded:
        expect(main.get_by_role("link", name=f"{name}.pdf")).to_be_visible()
    check_page(page, "case-submitted")

    # The reviewer of 区民政局 finds it among the cases to do, accepts it, then approves it.
    staff_login(staff_page, live_url, REVIEWER, REVIEWER_PASSWORD)
    staff = staff_page.locator("main")
    staff.get_by_role("link", name=re.compile("^待办件")).click()
    staff_page.wait_for_url("**/console/cases/")
    expect(staff.get_by_role("heading", level=1)).to_have_text("待办件")
    row = staff.locator("#queue tbody tr").filter(has=staff_page.get_by_role("link", name=number))
    expect(row).to_have_count(1)
    expect(row).to_contain_text(MINIMUM_LIVING)
    expect(row).to_contain_text(applicant["name"])
    expect(row).to_contain_text("已提交")
    check_page(staff_page, "console-queue")

    row.get_by_role("link", name=number).click()
    staff_page.wait_for_url(f"**/console/cases/{number}/")
    expect(staff.locator("#case-status")).to_have_text("已提交")
    check_page(staff_page, "console-case-submitted")

    staff.get_by_role("button", name="受理", exact=True).click()
    staff_page.wait_for_url(f"**/console/cases/{number}/")
    expect(staff.locator("#case-status")).to_have_text("已受理")
    expect(staff.get_by_role("status")).to_contain_text("已办理")
    # The buttons are the transition table's reviewer rows for 已受理.
    buttons = staff.locator("form .actions button")
    expect(buttons).to_have_text(["开始审查", "准予批准", "需补正", "不予批准"])
    check_page(staff_page, "console-case-accepted")

    opinion = "经入户调查和家庭经济状况核对，符合最低生活保障条件，准予批准。"
    staff.get_by_label(re.compile("^审查意见")).fill(opinion)
    staff.get_by_role("button", name="准予批准").click()
    staff_page.wait_for_url(f"**/console/cases/{number}/")
    expect(staff.locator("#case-status")).to_have_text("已办结")
    expect(staff.locator("section.result")).to_contain_text(opinion)
    expect(staff.get_by_role("button", name="准予批准")).to_have_count(0)
    check_page(staff_page, "console-case-approved")

    # Back with the applicant: finished, with the notice in the wallet.
    page.reload()
    expect(main.locator("#case-status")).to_have_text("已办结")
    expect(main.locator("section.result")).to_contain_text(opinion)
    expect(main.locator("ol.events")).to_contain_text("区民政局")
    expect(main.locator("ol.events")).to_contain_text("受理，状态变为“已受理”")
    expect(main.locator("ol.events")).to_contain_text("准予批准，状态变为“已办结”")
    check_page(page, "case-approved-by-reviewer")
    open_result_certificate(page, number, MINIMUM_LIVING)


# ---- 3. validation -----------------------------------------------------------------------------


def test_a_required_field_left_empty_is_reported_and_no_case_is_created(page, live_url, sms_server):
    applicant = RESIDENTS[VALIDATION[page.viewport_name]]
    login_by_sms(page, live_url, sms_server, applicant["mobile"])
    open_apply_form(page, live_url, MINIMUM_LIVING)
    main = page.locator("main")
    name = control(main, "申请人姓名")
    expect(name).to_have_value(applicant["name"])
    name.fill("")
    control(main, "共同生活家庭成员人数").fill("2")
    control(main, "家庭月总收入（元）").fill("900")
    control(main, "申请理由").fill("失业，无固定收入。")
    main.get_by_label("授权核对家庭经济状况").check()
    main.get_by_role("button", name="提交申请").click()

    page.wait_for_load_state()
    assert page.url.endswith("/apply/"), page.url
    expect(main.get_by_role("alert")).to_contain_text("申请信息有误，请按提示修改")
    expect(name).to_have_attribute("aria-invalid", "true")
    error = main.locator("#" + name.get_attribute("aria-describedby"))
    expect(error).to_have_text("申请人姓名：此项为必填项")
    expect(field(page, "申请人姓名").locator(".field-message")).to_have_text("申请人姓名：此项为必填项")
    # What was typed is kept for correction; the other fields are not marked.
    expect(control(main, "申请理由")).to_have_value("失业，无固定收入。")
    expect(control(main, "家庭月总收入（元）")).not_to_have_attribute("aria-invalid", "true")
    check_page(page, "apply-invalid")

    page.locator("header").get_by_role("link", name="我的办件").click()
    page.wait_for_url("**/my/cases/")
    expect(main.get_by_text("您还没有办件。")).to_be_visible()
    expect(main.locator("table")).to_have_count(0)
