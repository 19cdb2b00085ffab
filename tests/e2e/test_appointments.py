"""预约取号 in a real browser: book from an item's guide → change → cancel; check in → ticket; the
window clerk calls the next ticket → the hall screen shows it (TV 1920×1080); walk-in and check-in
at the kiosk. Desktop and phone width, axe-clean.

The server commits to the test database: each test uses its own demo residents (no other browser
test uses them) and its own hall and window, so that ticket numbers start at 001."""

from __future__ import annotations

import datetime as dt
import re
import secrets

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from onestop.accounts.models import OtpChallenge, Person
from onestop.appointments.models import Appointment, ServiceWindow, Slot
from onestop.catalog.models import Department, Hall, ServiceItem
from onestop.core.models import CalendarYear
from onestop.kiosk import devices
from onestop.kiosk.models import Kiosk
from tests.appointments.helpers import assume_next_year_if_needed
from tests.subprocesses import committed

from .conftest import _csp_violations, check_accessibility, screenshot
from .test_accounts_certificates import assert_no_horizontal_scroll, login_by_sms
from .test_applications import staff_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _enough_open_days():
    # The server reads the committed calendar; a year this test added is removed after it.
    added = committed(assume_next_year_if_needed, 3)
    yield
    if added:
        committed(lambda: CalendarYear.objects.filter(year=added).delete())

BOOKER = {"desktop": ("440403195601101284", "13800004189"), "phone": ("440403198204301921", "15900002559")}  # 罗好莲, 黄淑芳
VISITOR = {"desktop": ("440403199203232228", "18600001849"), "phone": ("440403194212061800", "15900004182")}  # 刘少霞, 陈凤妹
KIOSK_VISITOR = "440403194409297913"  # 卢树林: booked, checks in at the kiosk without logging in
ITEM = "中国内地公民婚姻登记"  # 区民政局, at the district centre
CLERK, CLERK_PASSWORD = "d008-window", "onestop-demo-2026"
DETAIL_URL = re.compile(r".*/my/appointments/([0-9A-Z]{8})/$")


def assert_accessible(page):
    violations = check_accessibility(page)
    assert violations == [], violations


def _item_code() -> str:
    return ServiceItem.objects.filter(name=ITEM, halls__code="H440403000").values_list("code", flat=True).first()


def _hall_with_appointment(id_number: str) -> dict:
    """A hall of the test's own with one 区民政局 window, and an appointment there starting in 5 minutes."""
    code = f"HE{secrets.token_hex(3).upper()}"
    hall = Hall.objects.create(code=code, name=f"测试便民服务中心{code[-4:]}", level=Hall.Level.TOWN,
                               division_code="440403", address="珠海市斗门区井岸镇测试路1号",
                               opening_hours="周一至周五 9:00-12:00，14:00-17:30")
    window = ServiceWindow.objects.create(hall=hall, number="1号窗口", name="民政、人社、医保窗口", prefix="B")
    window.departments.set([Department.objects.get(code="D008")])
    item = ServiceItem.objects.get(code=_item_code())
    person = Person.objects.with_id_number(id_number).get()
    now = timezone.now()
    slot = Slot.objects.create(hall=hall, item=item, starts_at=now + dt.timedelta(minutes=5),
                               ends_at=now + dt.timedelta(minutes=35), booked=1)
    appointment = Appointment.objects.create(
        code=secrets.token_hex(4).upper(), user=person.user, person=person, mobile=person.mobile, item=item, hall=hall,
        slot=slot, day=timezone.localdate(slot.starts_at))
    return {"hall": code, "hall_name": hall.name, "code": appointment.code, "window": window.pk}


def test_book_from_the_guide_then_change_then_cancel(page, live_url, sms_server):
    _, mobile = BOOKER[page.viewport_name]
    login_by_sms(page, live_url, sms_server, mobile)
    main = page.locator("main")
    page.goto(live_url + f"/items/{committed(_item_code)}/")
    main.get_by_role("link", name="预约办理").click()
    page.wait_for_url("**/appointment/")
    expect(main.get_by_role("heading", level=1)).to_have_text("预约办理")
    expect(main.get_by_role("heading", name="预约须知")).to_be_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "appointment-book")

    main.locator(".appt-days a").nth(1).click()  # tomorrow's or the next working day's slots are all open
    page.wait_for_url(re.compile(r".*day=\d{4}-\d{2}-\d{2}$"))
    first = main.locator(".appt-slots button:not([disabled])").first
    booked_time = first.locator("strong").inner_text()
    first.click()
    page.wait_for_url(DETAIL_URL)
    code = DETAIL_URL.match(page.url).group(1)
    expect(main.get_by_text("预约成功，预约码已通过短信发送到您的手机")).to_be_visible()
    expect(page.locator("#booking-status")).to_have_text("已预约")
    expect(page.locator("#booking-code")).to_have_text(code)
    expect(page.locator("#booking-time")).to_contain_text(booked_time.split("–")[0])
    sms = sms_server.get(f"/v1/messages?to={mobile}&limit=1").body["messages"][0]
    assert sms["template"] == "notice" and code in sms["text"]
    assert f"预约码{code}" in sms["text"]
    assert_accessible(page)
    screenshot(page, "appointment-booked")

    main.get_by_role("link", name="改约").click()
    page.wait_for_url("**/change/")
    expect(main.get_by_text(f"（预约码 {code}）")).to_be_visible()
    main.locator(".appt-days a").nth(2).click()
    page.wait_for_url(re.compile(r".*day=\d{4}-\d{2}-\d{2}$"))
    last = main.locator(".appt-slots button:not([disabled])").last
    new_time = last.locator("strong").inner_text()
    assert_accessible(page)
    screenshot(page, "appointment-change")
    last.click()
    page.wait_for_url(DETAIL_URL)
    expect(main.get_by_text("改约成功")).to_be_visible()
    expect(page.locator("#booking-time")).to_contain_text(new_time.split("–")[0])
    changed = sms_server.get(f"/v1/messages?to={mobile}&limit=1").body["messages"][0]
    assert changed["template"] == "notice" and "预约已改为" in changed["text"]

    main.get_by_role("button", name="取消预约").click()
    page.wait_for_url(DETAIL_URL)
    expect(page.locator("#booking-status")).to_have_text("已取消")
    expect(main.get_by_role("link", name="改约")).to_have_count(0)
    screenshot(page, "appointment-cancelled")

    page.get_by_role("link", name="我的预约").first.click()
    page.wait_for_url("**/my/appointments/")
    expect(main.get_by_role("row", name=re.compile(code))).to_contain_text("已取消")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "appointment-mine")


def test_check_in_then_the_clerk_calls_and_the_hall_screen_shows_it(page, staff_page, browser, live_url, sms_server):
    id_number, mobile = VISITOR[page.viewport_name]
    made = committed(_hall_with_appointment, id_number)
    # The booking test logged this visitor in by SMS moments ago: on a fast machine that is within the
    # 60-second resend interval, and the login page would (rightly) refuse a new code.
    committed(lambda: OtpChallenge.objects.filter(mobile=mobile).delete())
    login_by_sms(page, live_url, sms_server, mobile)
    main = page.locator("main")
    page.goto(live_url + f"/my/appointments/{made['code']}/")
    main.get_by_role("button", name="我已到大厅，签到取号").click()
    page.wait_for_url(DETAIL_URL)
    expect(page.locator("#ticket-number")).to_have_text("B001")
    expect(main.get_by_text("前面还有 0 位")).to_be_visible()
    expect(page.locator("#booking-status")).to_have_text("已签到取号")
    assert_accessible(page)
    screenshot(page, "appointment-ticket")

    staff_login(staff_page, live_url, CLERK, CLERK_PASSWORD)
    staff_page.goto(live_url + "/console/tickets/")
    desk = staff_page.locator("main")
    desk.get_by_label("所在窗口").select_option(str(made["window"]))
    desk.get_by_role("button", name="确定").click()
    expect(desk.get_by_role("heading", name=f"{made['hall_name']} · 1号窗口")).to_be_visible()
    expect(desk.get_by_role("row", name=re.compile("B001"))).to_contain_text("预约")
    desk.get_by_role("button", name="呼叫下一位").click()
    expect(staff_page.locator("#current-number")).to_have_text("B001")
    expect(desk.get_by_text("已呼叫 B001")).to_be_visible()
    assert_accessible(staff_page)
    assert_no_horizontal_scroll(staff_page)
    screenshot(staff_page, "appointment-desk")

    page.reload()
    expect(main.get_by_text("请到 1号窗口 办理")).to_be_visible()

    tv_context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    tv = tv_context.new_page()
    tv.viewport_name = f"tv-{page.viewport_name}"
    violations = _csp_violations(tv)
    response = tv.goto(live_url + f"/halls/{made['hall']}/screen/")
    assert response.headers["refresh"] == "5"  # reloads itself without JavaScript
    expect(tv.locator("#latest-call")).to_contain_text("B001")
    expect(tv.locator("#latest-call")).to_contain_text("1号窗口")
    number_px = tv.evaluate("parseFloat(getComputedStyle(document.querySelector('#latest-call .number')).fontSize)")
    assert number_px >= 150, number_px  # read from across the hall
    assert tv.evaluate("document.documentElement.scrollHeight") <= 1080  # one TV screen, no scrolling
    assert_accessible(tv)
    screenshot(tv, "hall-screen")
    tv_context.close()
    assert violations == []

    desk.get_by_role("button", name="办结").click()
    expect(desk.get_by_text("B001 已办结")).to_be_visible()
    expect(staff_page.locator("#current-number")).to_have_text("当前无号码")


def _kiosk_with_appointment(id_number: str) -> dict:
    made = _hall_with_appointment(id_number)
    kiosk = Kiosk.objects.create(code=f"DM-Q{secrets.token_hex(3).upper()}", hall=Hall.objects.get(code=made["hall"]),
                                 location="一楼取号区")
    return {**made, "enrol": f"/kiosk/enrol/{devices.issue_enrolment_code(kiosk)}/"}


@pytest.fixture
def kiosk_screen(browser):
    context = browser.new_context(viewport={"width": 1080, "height": 1920}, locale="zh-CN")
    page = context.new_page()
    page.viewport_name = "kiosk"
    violations = _csp_violations(page)
    yield page
    context.close()
    assert violations == []


def test_kiosk_check_in_by_code_and_walk_in_ticket(kiosk_screen, live_url):
    page = kiosk_screen
    made = committed(_kiosk_with_appointment, KIOSK_VISITOR)
    page.goto(live_url + made["enrol"])
    page.get_by_role("button", name="确认登记本机").click()
    page.wait_for_url(re.compile(r".*/kiosk/$"))
    page.get_by_role("link", name=re.compile("预约签到 · 取号")).click()
    page.wait_for_url("**/kiosk/queue/")
    assert_accessible(page)
    screenshot(page, "kiosk-queue")

    page.get_by_role("link", name=re.compile("预约签到")).first.click()
    page.get_by_label("预约码").fill("ZZZZ2222")
    page.get_by_role("button", name="签到取号").click()
    expect(page.get_by_role("alert")).to_contain_text("未找到")
    page.get_by_label("预约码").fill(made["code"].lower())
    page.get_by_role("button", name="签到取号").click()
    page.wait_for_url("**/kiosk/queue/ticket/")
    expect(page.locator("#ticket-number")).to_have_text("B001")
    expect(page.get_by_text("签到成功")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "kiosk-ticket-appointment")
    page.get_by_role("button", name="完成").click()
    page.wait_for_url(re.compile(r".*/kiosk/$"))

    page.goto(live_url + "/kiosk/queue/walk-in/")
    page.get_by_role("button", name="区民政局").click()
    page.wait_for_url("**/kiosk/queue/ticket/")
    expect(page.locator("#ticket-number")).to_have_text("B002")
    expect(page.get_by_text("前面还有 1 位")).to_be_visible()  # the appointment goes first
    assert_accessible(page)
    screenshot(page, "kiosk-ticket-walk-in")
