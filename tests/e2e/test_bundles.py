"""出生一件事 in a real browser, at desktop and phone width: a parent logs in with an SMS code, opens
the bundle from the home page, fills the one form, submits and sees the combined status; with a real
step worker (its own process) the 区卫生健康局 reviewer approves the birth certificate in the
console, the three other parts appear in their departments' queues (a 秒批 part may already be
decided, which the test accepts) and are approved there, and the parent sees the bundle completed.

Each viewport has its own demo parent (household heads with a mobile, used by no other browser test)."""

from __future__ import annotations

import io
import os
import re
import signal
import time

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.simulator_fixtures import TOKEN
from tests.subprocesses import database_url, start_worker

from .conftest import screenshot
from .test_accounts_certificates import RESIDENTS, assert_accessible, assert_no_horizontal_scroll, login_by_sms
from .test_applications import control, staff_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PARENT = {"desktop": "440403199902203450", "phone": "440403199307148346"}  # 杨宇熙 (father), 李少萍 (mother)
OTHER_PARENT = {"desktop": "林晓彤", "phone": "黄志成"}
STAFF_PASSWORD = "onestop-demo-2026"
BIRTH_CERTIFICATE_REVIEWER = "d003-reviewer"  # 区卫生健康局
DEPENDANTS = {"household": "d009-reviewer", "medical_insurance": "d023-reviewer", "social_security_card": "d007-reviewer"}
STATUS_URL = re.compile(r".*/my/bundles/(YJS\d+)/$")


def _png() -> bytes:
    """A real, decodable scan-sized PNG (uploads are decoded before they are accepted)."""
    out = io.BytesIO()
    Image.new("L", (240, 320), 255).save(out, format="PNG")
    return out.getvalue()


PNG = _png()


@pytest.fixture
def step_worker(live_url, tmp_path, population_server, register_servers):
    """A step worker of its own, reading the registers the 秒批 parts ask (as the server does)."""
    env = {**os.environ, "DATABASE_URL": database_url(), "ONESTOP_DEV": "1", "SIM_TOKEN": TOKEN,
           "ONESTOP_POPULATION_URL": population_server.base_url,
           **{f"ONESTOP_{code.upper()}_URL": client.base_url for code, client in register_servers.items()}}
    log_path = tmp_path / "steps.log"
    with open(log_path, "wb") as log:
        worker = start_worker("run_steps", env, log)
        yield log_path
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=20)


def check_page(page, name: str) -> None:
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, name)
    if page.viewport_name == "phone":  # also at 390 px, the width of most phones sold today
        size = page.viewport_size
        page.set_viewport_size({"width": 390, "height": size["height"]})
        assert_no_horizontal_scroll(page)
        screenshot(page, f"{name}-390")
        page.set_viewport_size(size)


def part(page, step: str):
    return page.locator(f"main table.bundle-parts tr[data-part={step}]")


def wait_for_part(page, step: str, status: str, seconds: float = 90) -> None:
    """Reloads the status page until the part shows ``status`` (the worker moves it meanwhile)."""
    deadline = time.monotonic() + seconds
    while part(page, step).locator(".part-status").inner_text() != status:
        assert time.monotonic() < deadline, f"{step}: still {part(page, step).inner_text()!r}"
        time.sleep(1)
        page.reload()


def case_number(page, step: str) -> str:
    return part(page, step).locator(".case-number").inner_text().removeprefix("办件编号 ")


def approve_in_console(staff, live_url, username: str, number: str, shots: str | None = None) -> None:
    staff_login(staff, live_url, username, STAFF_PASSWORD)
    main = staff.locator("main")
    main.get_by_role("link", name=re.compile("^待办件")).click()
    staff.wait_for_url("**/console/cases/")
    main.locator("#queue tbody tr").get_by_role("link", name=number).click()
    staff.wait_for_url(f"**/console/cases/{number}/")
    if shots:
        check_page(staff, shots)
    if main.locator("#case-status").inner_text() == "已提交":
        main.get_by_role("button", name="受理", exact=True).click()
        expect(main.locator("#case-status")).to_have_text("已受理")
    main.get_by_role("button", name="准予批准").click()
    expect(main.locator("#case-status")).to_have_text("已办结")
    staff.context.clear_cookies()


def test_a_parent_applies_for_the_newborn_bundle_with_one_form(page, staff_page, live_url, sms_server, step_worker):
    parent = RESIDENTS[PARENT[page.viewport_name]]
    login_by_sms(page, live_url, sms_server, parent["mobile"])
    main = page.locator("main")
    page.goto(live_url + "/")
    main.locator("section[aria-labelledby=bundles-title]").get_by_role("link", name="出生一件事").click()
    page.wait_for_url("**/bundles/newborn/apply/")
    expect(main.get_by_role("heading", level=1)).to_have_text("出生一件事")
    expect(control(main, "申请人（监护人）")).to_have_value(parent["name"])
    expect(control(main, "落户户号")).to_have_value(parent["household_number"])
    check_page(page, "bundle-apply")

    control(main, "新生儿姓名").fill("杨小禾" if parent["gender"] == "男" else "黄小禾")
    control(main, "新生儿性别").select_option("女")
    control(main, "出生日期").fill("2026-11-28")
    control(main, "接生机构").select_option("珠海市斗门区妇幼保健院")
    mother, father = ((OTHER_PARENT["desktop"], parent["name"]) if parent["gender"] == "男"
                      else (parent["name"], OTHER_PARENT["phone"]))
    control(main, "母亲姓名").fill(mother)
    control(main, "父亲姓名").fill(father)
    control(main, "随父或随母落户").select_option("随父" if parent["gender"] == "男" else "随母")
    control(main, "医保参保年度").fill("2026")
    control(main, "社会保障卡发卡银行").select_option("珠海农村商业银行")
    control(main, "社会保障卡领取方式").select_option("银行网点领取")
    for li in main.locator(".material-list li").all():
        upload = li.locator("input[type=file]")
        if upload.count() and "（必要）" in li.locator("p").first.inner_text():
            upload.set_input_files({"name": "photo.png", "mimeType": "image/png", "buffer": PNG})
    main.get_by_role("button", name="提交申请").click()
    page.wait_for_url(STATUS_URL)
    expect(main.get_by_role("heading", level=1)).to_have_text("出生一件事")
    expect(main.locator(".bundle-state")).to_have_text("办理中")
    wait_for_part(page, "birth_certificate", "已提交")
    for step in DEPENDANTS:
        expect(part(page, step).locator(".part-status")).to_have_text("待前序事项办结后自动申请")
    check_page(page, "bundle-status-submitted")

    approve_in_console(staff_page, live_url, BIRTH_CERTIFICATE_REVIEWER, case_number(page, "birth_certificate"),
                       shots="bundle-console-birth-certificate")
    wait_for_part(page, "birth_certificate", "已办结")
    expect(part(page, "birth_certificate")).to_contain_text("出生医学证明")
    for step, reviewer in DEPENDANTS.items():
        deadline = time.monotonic() + 90
        while not part(page, step).locator(".case-number").count():
            assert time.monotonic() < deadline, f"{step} was not opened"
            time.sleep(1)
            page.reload()
        if part(page, step).locator(".part-status").inner_text() != "已办结":  # 秒批 may have decided it
            approve_in_console(staff_page, live_url, reviewer, case_number(page, step))
    for step in DEPENDANTS:
        wait_for_part(page, step, "已办结")
    expect(main.locator(".bundle-state")).to_have_text("已全部办结")
    check_page(page, "bundle-status-completed")
