"""Accounts and 电子证照 in a real browser, at desktop and phone width: real-name registration and
SMS-code login (the server talks to the population-register, carrier and SMS-gateway simulators),
the window clerk's identity check of an account the carrier did not confirm, 亮证 with
an online and an offline QR code, staff 扫码查验 from a screenshot of that code, 谁查看了我的证照,
我的消息, and who may open which page.

The server commits to the test database, so every test that writes uses its own resident and
mobile number, and no mobile is sent two codes in one run (one SMS per mobile per 60 s)."""

from __future__ import annotations

import json
import re
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import expect

from onestop.certs import qr

from .conftest import ROOT, SCREENSHOTS, check_accessibility, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

RESIDENTS = {
    row["id_number"]: row
    for row in json.loads((ROOT / "simulators" / "population_register" / "residents.json").read_text(encoding="utf-8"))["residents"]
}
STAFF_USER, STAFF_PASSWORD = "d009-window", "onestop-demo-2026"  # 区公安分局, window role (demo data)

# Adults without a mobile get no account from the demo loader: free to register, one per viewport,
# with the number the carrier simulator has in their name (simulators/carrier/make_subscribers.py).
UNREGISTERED = {"desktop": ("440403194004034250", "17700001001"), "phone": ("440403193709018037", "17700001003")}
MISMATCH_ID = "440403193709018037"  # 赵耀池; given a wrong name here, which stops before anything is made
NO_CARRIER_RECORD_ID = "440403193605167396"  # 何添林: no mobile in his name, verified at the window
# Adults with a mobile (demo accounts): a different one for every test and viewport.
SCAN_HOLDER = {"desktop": "440403198406039810", "phone": "440403198612307361"}  # 卢建斌, 叶少芳
OFFLINE_HOLDER = {"desktop": "440403198807042738", "phone": "440403199007217725"}  # 杨俊雄, 邓淑芳
ACCESS_HOLDER = {"desktop": "440403199506139696", "phone": "440403199511272686"}  # 苏智轩, 卢思彤

# Fresh fictitious mobiles (1390000xxxx, outside the residents' 138/159/186 ranges), new every run.
_RUN = secrets.randbelow(2000) * 4


def fresh_mobile(viewport: str, slot: int) -> str:
    return f"1390000{_RUN + 2 * slot + (viewport == 'phone'):04d}"


def masked(id_number: str) -> str:
    return id_number[:6] + "********" + id_number[-4:]


# ---- helpers -----------------------------------------------------------------------------------


def assert_accessible(page) -> None:
    violations = check_accessibility(page)
    assert violations == [], f"{page.url}: {violations}"


def assert_no_horizontal_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the viewport"


def messages_to(sms_server, mobile: str) -> list[dict]:
    return sms_server.get(f"/v1/messages?to={mobile}&limit=1").body["messages"]


def otp_for(sms_server, mobile: str) -> str:
    messages = messages_to(sms_server, mobile)
    assert messages, f"the SMS simulator recorded no message to {mobile}"
    assert messages[0]["template"] == "otp"
    return messages[0]["params"]["code"]


def login_by_sms(page, live_url, sms_server, mobile: str, *, shots: str | None = None) -> None:
    """Logs a demo citizen in with an SMS code; ends on 我的证照."""
    page.goto(live_url + "/accounts/login/")
    main = page.locator("main")
    main.get_by_label("手机号码").fill(mobile)
    if shots:
        assert_accessible(page)
        screenshot(page, f"{shots}-login")
    main.get_by_role("button", name="获取短信验证码").click()
    page.wait_for_url("**/accounts/login/verify/")
    expect(main.get_by_text(f"如 {mobile[:3]}****{mobile[-4:]} 已注册，验证码已发送至该号码")).to_be_visible()
    main.get_by_label("短信验证码").fill(otp_for(sms_server, mobile))
    if shots:
        assert_accessible(page)
        screenshot(page, f"{shots}-login-code")
    main.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r".*/my/$"))
    expect(main.get_by_role("heading", level=1)).to_have_text("我的证照")


def open_certificate(page, name: str) -> int:
    """From 我的证照, opens the certificate card called ``name``; returns its pk."""
    page.locator("main .cert-grid").get_by_role("link", name=re.compile("^" + name)).click()
    page.wait_for_url(re.compile(r".*/my/certificates/\d+/$"))
    expect(page.locator("main").get_by_role("heading", level=1)).to_have_text(name)
    return int(re.search(r"/certificates/(\d+)/", page.url).group(1))


def show_code(page, button: str, cert_name: str, qr_path: Path) -> bytes:
    """Clicks 出示二维码 or the offline button; saves the QR image element's screenshot."""
    main = page.locator("main")
    main.get_by_role("button", name=button).click()
    image = main.get_by_role("img", name=f"{cert_name}亮证二维码")
    expect(image).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    png = image.screenshot(path=str(qr_path))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / qr_path.name).write_bytes(png)
    return png


def staff_login(page, live_url) -> None:
    page.goto(live_url + "/accounts/staff-login/")
    main = page.locator("main")
    main.get_by_label("用户名").fill(STAFF_USER)
    main.get_by_label("密码").fill(STAFF_PASSWORD)
    main.get_by_role("button", name="登录").click()
    page.wait_for_url("**/console/")
    expect(main.get_by_role("heading", level=1)).to_have_text("工作台")


def scan_upload(page, image_path: Path, expected: str) -> None:
    main = page.locator("main")
    main.get_by_label("拍摄或上传二维码图片").set_input_files(str(image_path))
    main.get_by_role("button", name="查验").click()
    expect(main.get_by_role("status").locator("#verdict")).to_have_text(expected)


def verdict_fact(page, label: str) -> str:
    return page.locator("main .verdict dl > div").filter(has=page.locator("dt", has_text=label)).locator("dd").inner_text()



# ---- 1. registration ----------------------------------------------------------------------------


def test_register_with_real_name_and_sms_code(page, live_url, sms_server):
    viewport = page.viewport_name
    id_number, mobile = UNREGISTERED[viewport]
    resident = RESIDENTS[id_number]
    page.goto(live_url + "/")
    page.locator("header").get_by_role("link", name="注册").click()
    page.wait_for_url("**/accounts/register/")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("实名注册")
    main.get_by_label("姓名").fill(resident["name"])
    main.get_by_label("身份证号码").fill(resident["id_number"])
    main.get_by_label("手机号码").fill(mobile)
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "register")

    main.get_by_role("button", name="核验身份并获取验证码").click()
    page.wait_for_url("**/accounts/register/verify/")
    expect(main.get_by_text(f"验证码已发送至 {mobile[:3]}****{mobile[-4:]}")).to_be_visible()
    code = otp_for(sms_server, mobile)
    assert re.fullmatch(r"\d{6}", code)
    main.get_by_label("短信验证码").fill(code)
    assert_accessible(page)
    screenshot(page, "register-code")

    main.get_by_role("button", name="完成注册").click()
    page.wait_for_url(re.compile(r".*/my/$"))
    expect(main.get_by_role("heading", level=1)).to_have_text("我的证照")
    expect(main.get_by_role("status")).to_contain_text("注册成功，已为您登录。")
    expect(main.get_by_text(f"{resident['name']}（{masked(resident['id_number'])}）")).to_be_visible()
    expect(main.locator(".cert-grid").get_by_role("link", name=re.compile("^居民身份证"))).to_be_visible()
    # The header now offers the wallet and logout instead of login and registration.
    expect(page.locator("header").get_by_role("button", name="退出")).to_be_visible()
    screenshot(page, "register-wallet")
    # The flash message fails axe (test_flash_message_is_accessible); check the wallet without it.
    page.reload()
    expect(main.get_by_role("status")).to_have_count(0)
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


def test_register_with_a_wrong_name_is_refused_and_creates_nothing(page, live_url, sms_server):
    viewport = page.viewport_name
    resident = RESIDENTS[MISMATCH_ID]
    mobile = fresh_mobile(viewport, 1)
    page.goto(live_url + "/accounts/register/")
    main = page.locator("main")
    main.get_by_label("姓名").fill("王" + resident["name"][1:])  # right number, someone else's name
    main.get_by_label("身份证号码").fill(resident["id_number"])
    main.get_by_label("手机号码").fill(mobile)
    main.get_by_role("button", name="核验身份并获取验证码").click()

    page.wait_for_load_state()
    assert page.url.endswith("/accounts/register/")
    id_field = main.get_by_label("身份证号码")
    expect(id_field).to_have_attribute("aria-invalid", "true")
    error = main.locator("#" + id_field.get_attribute("aria-describedby"))
    expect(error).to_have_text("姓名与身份证号码不一致，请核对后重新输入")
    expect(id_field).to_have_value(resident["id_number"])  # the entries are kept for correction
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "register-mismatch")

    # Nothing was sent and no account exists: the login answers as for any number, and sends nothing.
    assert messages_to(sms_server, mobile) == []
    page.goto(live_url + "/accounts/login/")
    main.get_by_label("手机号码").fill(mobile)
    main.get_by_role("button", name="获取短信验证码").click()
    page.wait_for_url("**/accounts/login/verify/")
    expect(main.get_by_text(f"如 {mobile[:3]}****{mobile[-4:]} 已注册，验证码已发送至该号码")).to_be_visible()
    assert messages_to(sms_server, mobile) == []


@pytest.fixture
def desktop_pages(browser):
    """A citizen's and a clerk's browser at desktop width (the window check happens at a desk)."""
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN") for _ in range(2)]
    pages = [context.new_page() for context in contexts]
    for one in pages:
        one.viewport_name = "desktop"
    yield pages
    for context in contexts:
        context.close()


def test_a_mobile_not_in_ones_name_sees_nothing_until_a_window_clerk_checks_the_id_card(desktop_pages, live_url,
                                                                                          sms_server):
    page, staff = desktop_pages
    resident = RESIDENTS[NO_CARRIER_RECORD_ID]
    mobile = fresh_mobile("desktop", 5)
    page.goto(live_url + "/accounts/register/")
    main = page.locator("main")
    main.get_by_label("姓名").fill(resident["name"])
    main.get_by_label("身份证号码").fill(resident["id_number"])
    main.get_by_label("手机号码").fill(mobile)
    main.get_by_role("button", name="核验身份并获取验证码").click()
    page.wait_for_url("**/accounts/register/verify/")
    expect(main.get_by_role("note")).to_contain_text("运营商实名登记信息与您填写的身份不一致")
    assert_accessible(page)
    screenshot(page, "register-unverified-code")
    main.get_by_label("短信验证码").fill(otp_for(sms_server, mobile))
    main.get_by_role("button", name="完成注册").click()

    page.wait_for_url("**/accounts/unverified/")
    expect(main.get_by_role("heading", level=1)).to_have_text("您的身份尚未核验")
    expect(main).to_contain_text("身份证原件")
    expect(main).not_to_contain_text(resident["address"])
    page.goto(live_url + "/my/")  # the wallet shows nothing: it sends the account back to the notice
    page.wait_for_url("**/accounts/unverified/")
    page.reload()  # without the flash message
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "register-unverified")

    staff_login(staff, live_url)
    staff.goto(live_url + "/accounts/window-verify/")
    desk = staff.locator("main")
    desk.get_by_label("注册手机号码").fill(mobile)
    desk.get_by_label("身份证号码").fill(resident["id_number"])
    desk.get_by_role("button", name="核验并绑定").click()
    expect(desk.locator("#id_face_confirmed-error")).to_have_text("请先核对办事人与身份证照片是否为同一人")
    assert_accessible(staff)
    desk.get_by_label("已核对办事人与身份证照片为同一人").check()
    desk.get_by_role("button", name="核验并绑定").click()
    expect(staff.get_by_role("status")).to_contain_text(f"已核验 {resident['name']}（{masked(resident['id_number'])}）")
    screenshot(staff, "window-verify")

    page.goto(live_url + "/my/")
    expect(main.get_by_role("heading", level=1)).to_have_text("我的证照")
    expect(main.get_by_text(f"{resident['name']}（{masked(resident['id_number'])}）")).to_be_visible()


# ---- 2 and 3. 亮证 and staff 扫码查验 --------------------------------------------------------------


def test_show_qr_staff_scans_it_then_replay_and_holder_sees_the_scans(page, staff_page, live_url, sms_server, tmp_path):
    viewport = page.viewport_name
    holder = RESIDENTS[SCAN_HOLDER[viewport]]
    login_by_sms(page, live_url, sms_server, holder["mobile"], shots="citizen")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "wallet")

    open_certificate(page, "居民身份证")
    main = page.locator("main")
    expect(main.get_by_text(masked(holder["id_number"]))).to_be_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "certificate")

    qr_path = tmp_path / f"qr-online-{viewport}.png"
    png = show_code(page, "出示二维码", "居民身份证", qr_path)
    texts = qr.read(png)
    assert len(texts) == 1 and texts[0].startswith("OSQ:"), texts
    assert texts[0] == main.locator("img.qr-image").get_attribute("data-code")
    expect(main.get_by_text(re.compile("亮证码有效期至 .*每 60 秒自动更新"))).to_be_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "certificate-qr")

    staff_login(staff_page, live_url)
    staff_page.locator("main").get_by_role("link", name=re.compile("^扫码查验")).click()
    staff_page.wait_for_url("**/console/scan/")
    assert_accessible(staff_page)
    assert_no_horizontal_scroll(staff_page)
    screenshot(staff_page, "scan")

    scan_upload(staff_page, qr_path, "有效")
    assert verdict_fact(staff_page, "证照名称") == "居民身份证"
    assert verdict_fact(staff_page, "持证主体") == holder["name"]
    holder_id = verdict_fact(staff_page, "证件号码")
    assert "********" in holder_id and holder_id == masked(holder["id_number"])
    assert holder["id_number"] not in staff_page.content()
    assert_accessible(staff_page)
    assert_no_horizontal_scroll(staff_page)
    screenshot(staff_page, "scan-valid")

    scan_upload(staff_page, qr_path, "已使用（重放）")
    expect(staff_page.locator("main .verdict")).to_contain_text("请持证人刷新后重新出示")
    assert_accessible(staff_page)
    screenshot(staff_page, "scan-replayed")

    # The holder sees both reads, and was told of them.
    page.goto(live_url + "/my/")
    main.get_by_role("link", name="谁查看了我的证照").click()
    page.wait_for_url("**/my/access-history/")
    rows = main.locator("table tbody tr")
    expect(rows).to_have_count(2)
    outcomes = sorted(rows.locator("td:nth-child(6)").all_inner_texts())
    assert outcomes == sorted(["有效", "已使用（重放）"])
    for row in rows.all():
        cells = row.locator("td").all_inner_texts()
        assert cells[1].startswith("区公安分局") and cells[2] == "扫码查验" and cells[3] == "居民身份证" and cells[4] == "窗口核验", cells
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "access-history-scans")

    page.goto(live_url + "/my/")
    main.get_by_role("link", name="我的消息（2 条未读）").click()
    page.wait_for_url("**/my/messages/")
    items = main.locator(".message-list li")
    expect(items).to_have_count(2)
    expect(items.get_by_role("heading", name="您的电子证照被查验")).to_have_count(2)
    expect(items.filter(has_text="结果：有效。")).to_have_count(1)
    expect(items.filter(has_text="结果：已使用（重放）。")).to_have_count(1)
    expect(items.first).to_contain_text("区公安分局")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "messages")


# ---- 4. offline code ---------------------------------------------------------------------------


def test_offline_code_is_valid_once(page, staff_page, live_url, sms_server, tmp_path):
    viewport = page.viewport_name
    holder = RESIDENTS[OFFLINE_HOLDER[viewport]]
    login_by_sms(page, live_url, sms_server, holder["mobile"])
    open_certificate(page, "社会保障卡")
    qr_path = tmp_path / f"qr-offline-{viewport}.png"
    png = show_code(page, "无网络环境？出示离线码", "社会保障卡", qr_path)
    texts = qr.read(png)
    assert len(texts) == 1 and texts[0].startswith("OS1:"), texts
    expect(page.locator("main").get_by_text("离线码可在无网络的场所查验")).to_be_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "certificate-offline-qr")

    staff_login(staff_page, live_url)
    staff_page.goto(live_url + "/console/scan/")
    scan_upload(staff_page, qr_path, "有效")
    assert verdict_fact(staff_page, "证照名称") == "社会保障卡"
    assert verdict_fact(staff_page, "持证主体") == holder["name"]
    assert_accessible(staff_page)
    screenshot(staff_page, "scan-offline-valid")

    scan_upload(staff_page, qr_path, "已使用（重放）")


# ---- 5. who may open what ------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(page, live_url):
    page.goto(live_url + "/my/")
    assert page.url == live_url + "/accounts/login/?next=/my/"
    expect(page.locator("main").get_by_role("heading", level=1)).to_have_text("登录")
    assert page.locator("main input[name=next]").input_value() == "/my/"
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "login-required")


def test_citizen_cannot_scan_and_staff_cannot_open_a_citizens_certificate(page, staff_page, live_url, sms_server):
    holder = RESIDENTS[ACCESS_HOLDER[page.viewport_name]]
    login_by_sms(page, live_url, sms_server, holder["mobile"])
    pk = open_certificate(page, "居民身份证")

    response = page.goto(live_url + "/console/scan/")
    assert response.status == 403
    assert page.get_by_label("拍摄或上传二维码图片").count() == 0
    assert_accessible(page)
    screenshot(page, "forbidden-scan")

    staff_login(staff_page, live_url)
    for path in (f"/my/certificates/{pk}/", f"/my/certificates/{pk}/qr/", "/my/"):
        response = staff_page.goto(live_url + path)
        assert response.status in (403, 404), path
        assert holder["name"] not in staff_page.content()
    assert_accessible(staff_page)
    screenshot(staff_page, "forbidden-certificate")


def test_flash_message_is_accessible(page, live_url):
    staff_login(page, live_url)
    page.locator("header").get_by_role("button", name="退出").click()
    page.wait_for_url(live_url + "/")
    expect(page.locator("main").get_by_role("status")).to_have_text("您已安全退出。")
    screenshot(page, "logout-flash")
    assert_accessible(page)


def test_forbidden_page_is_in_chinese(page, live_url):
    staff_login(page, live_url)
    response = page.goto(live_url + "/my/")
    assert response.status == 403
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("header").get_by_role("link", name=re.compile("斗门区政务服务网")).count() == 1
    assert re.search(r"[\u4e00-\u9fff]", page.locator("main").inner_text())


# ---- 6. consent for a department (免证办) ----------------------------------------------------------

CONSENT_HOLDER = {"desktop": "440403199207142158", "phone": "440403199203232228"}  # 莫家涛, 刘少霞


def test_holder_grants_a_department_consent_and_withdraws_it(page, live_url, sms_server):
    holder = RESIDENTS[CONSENT_HOLDER[page.viewport_name]]
    login_by_sms(page, live_url, sms_server, holder["mobile"])
    open_certificate(page, "居民身份证")
    main = page.locator("main")
    main.get_by_role("link", name="授权部门使用本证照").click()
    page.wait_for_url(re.compile(r".*/consent/$"))
    expect(main.get_by_role("heading", level=1)).to_have_text("授权部门使用居民身份证")
    assert_accessible(page)
    screenshot(page, "consent-form")

    main.get_by_role("button", name="确认授权").click()  # nothing chosen: refused with reasons
    expect(main.locator(".field-message").first).to_be_visible()

    item = main.get_by_label("办理事项（被授权部门）")
    item.select_option(index=1)
    chosen = item.locator("option:checked").inner_text()
    main.get_by_label("住址").check()
    main.get_by_role("button", name="确认授权").click()
    page.wait_for_url("**/my/consents/")
    expect(main.get_by_role("status")).to_contain_text("已授权")
    row = main.locator("tbody tr").first
    expect(row).to_contain_text(chosen.split("（")[0])
    expect(row).to_contain_text("0 / 1")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "consents")

    row.get_by_role("button", name="撤回授权").click()
    page.wait_for_url("**/my/consents/")
    expect(main.locator("tbody tr").first).to_contain_text("已撤回")
