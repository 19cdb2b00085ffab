"""我的消息 and 通知设置 in a real browser, desktop and phone: the unread count in the header, opening
a notice (it is read, and links to what it is about), mark all read, and choosing channels per
kind of notice, which the next notice honours.

The server commits to the test database: each viewport uses its own demo resident, one no other
browser test uses (any ID number written in tests/e2e is left alone), and removes what it made."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from onestop.accounts.models import Person
from onestop.notifications import services
from onestop.notifications.models import Notice, Preference
from tests.subprocesses import committed

from .conftest import check_accessibility, screenshot, unnamed_resident

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]



def _prepare(slot: int) -> tuple[Person, str]:
    person = unnamed_resident(slot)
    Notice.objects.filter(user=person.user).delete()
    Preference.objects.filter(user=person.user).delete()
    services.notify(person.user, "case.accepted", {"item": "高龄津贴申领", "number": "44040320261203000017", "due": "2026年12月17日"},
                    link="/my/cases/")
    services.notify(person.user, "cert.scanned", {"time": "12月03日 09:42", "verifier": "区公安分局 窗口核验",
                                                  "cert_type": "居民身份证", "verdict": "有效"}, link="/my/access-history/")
    client = Client()
    client.force_login(person.user)
    return person, client.cookies["sessionid"].value


def _cleanup(person: Person) -> None:
    Notice.objects.filter(user=person.user).delete()
    Preference.objects.filter(user=person.user).delete()


def _channels_of_next_notice(person: Person) -> dict[str, set[str]]:
    case = services.notify(person.user, "case.submitted", {"item": "高龄津贴申领", "number": "44040320261203000018"})
    scan = services.notify(person.user, "cert.scanned", {"time": "12月03日 10:00", "verifier": "区民政局", "cert_type": "户口簿",
                                                         "verdict": "有效"})
    return {"case": set(case.deliveries.values_list("channel", flat=True)),
            "cert_access": set(scan.deliveries.values_list("channel", flat=True))}


def _accessible(page) -> None:
    violations = check_accessibility(page)
    assert violations == [], f"{page.url}: {violations}"
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the viewport"


def test_inbox_unread_count_open_read_and_preferences(page, live_url):
    slot = 0 if page.viewport_name == "desktop" else 1
    person, session = committed(_prepare, slot)
    try:
        page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_url}])
        page.goto(live_url + "/my/")
        header = page.locator("header")
        expect(header.get_by_role("link", name=re.compile("我的消息"))).to_contain_text("2")
        header.get_by_role("link", name=re.compile("我的消息")).click()
        page.wait_for_url("**/my/messages/")
        main = page.locator("main")
        expect(main.get_by_role("heading", level=1)).to_have_text("我的消息")
        expect(main.locator(".message-list li.unread")).to_have_count(2)
        expect(main.get_by_text("您有 2 条未读消息。")).to_be_visible()
        _accessible(page)
        screenshot(page, "notices-inbox")

        main.get_by_role("link", name=re.compile("您的电子证照被查验")).click()
        page.wait_for_url(re.compile(r".*/my/messages/\d+/$"))
        expect(main.get_by_role("heading", level=1)).to_have_text("您的电子证照被查验")
        expect(main).to_contain_text("12月03日 09:42，区公安分局 窗口核验查验了您的居民身份证，结果：有效。")
        _accessible(page)
        screenshot(page, "notices-detail")
        main.get_by_role("link", name="查看证照使用记录").click()
        page.wait_for_url("**/my/access-history/")
        expect(header.get_by_role("link", name=re.compile("我的消息"))).to_contain_text("1")

        page.goto(live_url + "/my/messages/")
        expect(main.locator(".message-list li.unread")).to_have_count(1)
        main.get_by_role("button", name="全部标为已读").click()
        expect(page.get_by_role("status")).to_contain_text("已将 1 条消息标为已读。")
        expect(main.locator(".message-list li.unread")).to_have_count(0)
        expect(header.locator(".unread-count")).to_have_count(0)

        main.get_by_role("link", name="通知设置（短信、电子邮件）").click()
        page.wait_for_url("**/my/messages/preferences/")
        case_box = main.get_by_role("group", name="办件进度")
        scan_box = main.get_by_role("group", name="证照查验与用证")
        expect(case_box.get_by_label("短信")).to_be_checked()
        expect(case_box.get_by_label("站内消息（始终开启）")).to_be_disabled()
        _accessible(page)
        screenshot(page, "notices-preferences")
        case_box.get_by_label("短信").uncheck()
        scan_box.get_by_label("短信").check()
        main.get_by_role("button", name="保存设置").click()
        expect(page.get_by_role("status")).to_contain_text("已保存您的通知设置。")
        expect(case_box.get_by_label("短信")).not_to_be_checked()
        expect(scan_box.get_by_label("短信")).to_be_checked()
        _accessible(page)
        screenshot(page, "notices-preferences-saved")

        assert committed(_channels_of_next_notice, person) == {"case": {"inbox"}, "cert_access": {"inbox", "sms"}}
    finally:
        committed(_cleanup, person)
