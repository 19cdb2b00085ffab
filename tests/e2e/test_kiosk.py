"""The self-service kiosk (智能服务一体机) in a real browser at its 1080×1920 portrait screen: a
terminal enrolled by its one-time link, 扫码登录 with a second browser as the citizen's phone (the
QR read from a screenshot with zxing-cpp), 身份证 + 短信验证码 typed on the on-screen keypad (the
code read from the SMS-gateway simulator), 证照打印, 退出, and the idle timeout.

The server commits to the test database: each test enrols its own terminal and uses its own demo
resident (none of them used by the other browser tests, so no mobile gets two codes a minute)."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from onestop.catalog.models import Hall
from onestop.certs import qr
from onestop.kiosk import devices
from onestop.kiosk.models import Kiosk
from tests.subprocesses import committed

from .conftest import SCREENSHOTS, _csp_violations, check_accessibility, screenshot
from .test_accounts_certificates import login_by_sms, otp_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PORTRAIT = {"width": 1080, "height": 1920}
QR_CITIZEN = ("黄*悦", "15900003051")  # 黄诗悦, logs in on her phone
ID_CITIZEN = ("周*妹", "44040319521113948X", "15900004486")  # 周金妹: her number ends in X
IDLE_CITIZEN = ("罗*林", "440403195204301119", "18600007027")  # 罗汝林


def _make_kiosk(idle_prompt: int, countdown: int) -> str:
    hall = Hall.objects.get(code="H440403000")
    kiosk = Kiosk.objects.create(code=f"DM-E{secrets.token_hex(3).upper()}", hall=hall, location="一楼大厅东侧",
                                 idle_prompt_seconds=idle_prompt, countdown_seconds=countdown)
    return f"/kiosk/enrol/{devices.issue_enrolment_code(kiosk)}/"


@pytest.fixture
def kiosk_screen(browser):
    context = browser.new_context(viewport=PORTRAIT, locale="zh-CN")
    page = context.new_page()
    page.viewport_name = "kiosk"
    violations = _csp_violations(page)
    yield page
    context.close()
    assert violations == [], "the Content-Security-Policy blocked something on these pages"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    page = context.new_page()
    page.viewport_name = "phone"
    yield page
    context.close()


def enrol(page, live_url, idle_prompt: int = 90, countdown: int = 30) -> None:
    page.goto(live_url + "/kiosk/")
    expect(page.get_by_role("heading", level=1)).to_have_text("本页面供政务服务大厅自助服务终端使用")
    page.goto(live_url + committed(_make_kiosk, idle_prompt, countdown))
    page.get_by_role("button", name="确认登记本机").click()
    page.wait_for_url(re.compile(r".*/kiosk/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("您好，请选择要办理的业务")


def assert_accessible(page) -> None:
    violations = check_accessibility(page)
    assert violations == [], f"{page.url}: {violations}"


def assert_fits_the_screen(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the kiosk screen"


def assert_touch_targets(page) -> None:
    """Every button and link a finger is meant to hit is at least 64 × 64 CSS pixels."""
    small = page.evaluate("""() => [...document.querySelectorAll(
        '.k-main a, .k-main button, .k-bar a, .k-bar button, .k-key')]
      .filter(e => e.offsetParent !== null)
      .map(e => [e.textContent.trim(), e.getBoundingClientRect()])
      .filter(([, r]) => r.width < 64 || r.height < 64).map(([t, r]) => `${t}: ${r.width}×${r.height}`)""")
    assert small == [], f"{page.url}: touch targets under 64 px: {small}"


def check(page, name: str) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert_touch_targets(page)
    screenshot(page, f"kiosk-{name}")


def tap_keys(page, text: str) -> None:
    pad = page.get_by_role("group", name="屏幕数字键盘")
    for key in text:
        pad.get_by_role("button", name=key, exact=True).click()


def id_login(page, sms_server, id_number: str, mobile: str, shots: bool = False) -> None:
    page.get_by_role("link", name=re.compile("身份证 \\+ 短信验证码")).click()
    page.wait_for_url("**/kiosk/login/id/")
    tap_keys(page, id_number)
    expect(page.get_by_label("身份证号码（18位）")).to_have_value(id_number)
    if shots:
        check(page, "id-number")
    page.get_by_role("button", name="获取短信验证码").click()
    page.wait_for_url("**/kiosk/login/id/code/")
    expect(page.locator("#code-sent")).to_contain_text(f"{mobile[:3]}****{mobile[-4:]}")
    tap_keys(page, otp_for(sms_server, mobile))
    if shots:
        check(page, "sms-code")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url("**/kiosk/welcome/**")


def test_qr_login_then_print_a_certificate_and_exit(kiosk_screen, phone, live_url, sms_server, tmp_path):
    page = kiosk_screen
    enrol(page, live_url)
    check(page, "home")
    page.get_by_role("link", name=re.compile("^证照打印")).click()
    page.wait_for_url("**/kiosk/login/?next=/kiosk/print/")
    check(page, "login-choice")
    page.get_by_role("link", name=re.compile("手机扫码登录")).click()
    page.wait_for_url("**/kiosk/login/qr/")
    image = page.get_by_role("img", name="扫码登录二维码")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    check(page, "qr")
    (url,) = qr.read(image.screenshot(path=str(tmp_path / "kiosk-qr.png")))
    assert re.fullmatch(re.escape(live_url) + r"/kiosk/confirm/[A-Za-z0-9_-]{40,}/", url)

    name, mobile = QR_CITIZEN
    login_by_sms(phone, live_url, sms_server, mobile)
    phone.goto(url)
    main = phone.locator("main")
    expect(main).to_contain_text("斗门区行政服务中心")
    expect(main).to_contain_text("一楼大厅东侧")
    expect(main).to_contain_text(f"您的账号（{name}）")
    screenshot(phone, "kiosk-phone-confirm")
    main.get_by_role("button", name="在自助终端登录").click()
    expect(main.get_by_role("status")).to_contain_text("已确认")

    page.wait_for_url("**/kiosk/welcome/**")  # the poll (htmx) logged the kiosk in
    expect(page.locator("#kiosk-account-name")).to_have_text(name)
    check(page, "welcome")
    page.get_by_role("button", name="是我本人，继续办理").click()
    page.wait_for_url("**/kiosk/print/")
    check(page, "print-list")
    page.locator(".k-card-link").first.click()
    page.wait_for_url(re.compile(r".*/kiosk/print/\d+/$"))
    frame = page.frame_locator("#kiosk-print-face")
    expect(frame.locator("body")).to_contain_text(name[0])
    page.evaluate("() => { window.printed = 0; }")
    page.get_by_role("button", name="打印", exact=True).click()
    expect(page.locator("#kiosk-print-status")).to_contain_text("打印记录已保存")
    check(page, "printed")

    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/kiosk/?bye=1")
    expect(page.locator("main")).to_contain_text("您已安全退出，本次办理信息已清除。")
    check(page, "goodbye")
    # The back button shows nothing of the person who left: the print result (a POST answer, never
    # stored) cannot be shown again, and the list before it is asked for anew and refused.
    with pytest.raises(PlaywrightError, match="ERR_CACHE_MISS"):
        page.go_back()
    page.wait_for_load_state()
    expect(page.locator("body")).not_to_contain_text(name)
    expect(page.locator("body")).not_to_contain_text("打印记录已保存")
    page.go_back()
    page.wait_for_url("**/kiosk/login/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("请选择登录方式")
    expect(page.locator("body")).not_to_contain_text(name)


def test_id_card_number_and_sms_code_on_the_keypad(kiosk_screen, live_url, sms_server):
    page = kiosk_screen
    enrol(page, live_url)
    page.get_by_role("link", name=re.compile("^企业开办")).click()
    page.wait_for_url("**/kiosk/startup/")
    expect(page.get_by_role("link", name="登录后开始办理")).to_have_attribute("href", "/kiosk/startup/name/")
    check(page, "startup")
    page.get_by_role("link", name="首页").click()
    page.get_by_role("link", name="登录", exact=True).click()
    name, id_number, mobile = ID_CITIZEN
    id_login(page, sms_server, id_number, mobile, shots=True)
    expect(page.locator("#kiosk-account-name")).to_have_text(name)
    expect(page.locator("main")).to_contain_text(f"{id_number[:6]}********{id_number[-4:]}")
    page.get_by_role("button", name="不是我本人，退出").click()
    page.wait_for_url("**/kiosk/?bye=1")
    page.goto(live_url + "/kiosk/cases/")
    page.wait_for_url("**/kiosk/login/?next=/kiosk/cases/")


def test_idle_kiosk_asks_to_continue_then_logs_out(kiosk_screen, live_url, sms_server):
    page = kiosk_screen
    enrol(page, live_url, idle_prompt=3, countdown=4)
    page.get_by_role("link", name=re.compile("^办件进度查询")).click()
    page.get_by_role("link", name=re.compile("身份证 \\+ 短信验证码")).wait_for()
    name, id_number, mobile = IDLE_CITIZEN
    id_login(page, sms_server, id_number, mobile)
    page.get_by_role("button", name="是我本人，继续办理").click()
    page.wait_for_url("**/kiosk/cases/")
    dialog = page.get_by_role("alertdialog", name="继续办理？")
    expect(dialog).to_be_visible(timeout=6000)
    assert_accessible(page)
    screenshot(page, "kiosk-idle-prompt")
    dialog.get_by_role("button", name="继续办理").click()
    expect(dialog).to_be_hidden()
    expect(page).to_have_url(re.compile(r".*/kiosk/cases/$"))
    expect(dialog).to_be_visible(timeout=6000)  # no touch again
    page.wait_for_url("**/kiosk/?bye=1", timeout=8000)
    page.goto(live_url + "/kiosk/cases/")
    page.wait_for_url("**/kiosk/login/?next=/kiosk/cases/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
