"""咨询投诉 in a real browser: an anonymous citizen verifies a mobile by SMS code, gets a suggested
category and a similar report nearby, submits; the department replies; the citizen says "not
resolved" (reopened once), the department replies again, the citizen rates it; the public list shows
it masked. Then the Open311 API driven by the georeport client."""

from __future__ import annotations

import re

import pytest
from georeport import GeoReport
from playwright.sync_api import expect

from onestop.accounts.demo.loader import DEMO_STAFF_PASSWORD
from tests.e2e.conftest import check_accessibility, screenshot
from tests.simulator_fixtures import last_otp

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

# Mobiles no other browser test uses (one per viewport: a code can be re-sent only after 60 s).
MOBILES = {"desktop": "13712349001", "phone": "13712349002"}


def staff_login(page, live_url):
    page.goto(live_url + "/accounts/staff-login/")
    main = page.locator("main")
    main.get_by_label("用户名").fill("d006-reviewer")
    main.get_by_label("密码").fill(DEMO_STAFF_PASSWORD)
    main.get_by_role("button", name="登录").click()
    page.wait_for_url("**/console/")


def assert_accessible(page, name):
    screenshot(page, name)
    assert check_accessibility(page) == []


def test_anonymous_complaint_reply_reopen_rating_and_public_list(page, staff_page, live_url, sms_server):
    mobile = MOBILES[page.viewport_name]
    # The first suggestion builds the server's router (jieba dictionary, cached passage embeddings);
    # on the loaded 2-core machine one e5 query embedding has taken seconds.
    page.set_default_timeout(60_000)
    staff_page.set_default_timeout(60_000)
    page.goto(live_url + "/complaints/new/")
    main = page.locator("main")
    main.get_by_label("手机号码", exact=True).fill(mobile)
    main.get_by_role("button", name="获取验证码").click()
    main.get_by_label("短信验证码").fill(last_otp(sms_server, mobile))
    main.get_by_role("button", name="验证", exact=True).click()
    expect(main.get_by_text("手机号码已验证")).to_be_visible()
    main.get_by_label("标题", exact=True).fill("村口垃圾好几天没人清运")
    main.get_by_label("诉求内容", exact=True).fill("乾务镇村口垃圾收集点的垃圾桶满了好几天没人清运，垃圾堆到路上，很臭。<b>请处理</b>")
    main.get_by_label("纬度（WGS-84）").fill("22.148400")
    main.get_by_label("经度（WGS-84）").fill("113.207600")
    main.get_by_role("button", name="下一步：确认分类").click()
    expect(main.locator("#suggested")).to_contain_text("城乡建设 › 市容环卫", timeout=180_000)
    expect(main.locator("#id_category option:checked")).to_contain_text("市容环卫")
    expect(main.locator("#similar-list")).to_contain_text("村口垃圾桶多日未清运")  # the demo report nearby
    assert_accessible(page, "complaints-confirm")
    main.get_by_label("同意在网站公开诉求和答复").check()
    main.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_url(re.compile(r".*/complaints/r/TS\d{13}/$"), timeout=180_000)
    number = main.locator("#report-number").inner_text()
    expect(main.locator("#report-department")).to_contain_text("城市管理")
    assert_accessible(page, "complaints-submitted")

    staff_login(staff_page, live_url)
    staff_page.goto(live_url + "/complaints/console/")
    expect(staff_page.locator("#complaint-queue")).to_contain_text(number)
    assert_accessible(staff_page, "complaints-console-queue")
    staff_page.get_by_role("link", name=number).click()
    staff = staff_page.locator("main")
    expect(staff).to_contain_text("<b>请处理</b>")  # HTML shown as text
    expect(staff).not_to_contain_text(mobile)  # masked in the console too
    staff.get_by_label("答复内容").fill("已通知乾务镇环卫所当天清运，并增加该点位每日清运频次。")
    staff.get_by_role("button", name="发送答复").click()
    expect(staff.locator("#console-status")).to_have_text("已答复")
    assert_accessible(staff_page, "complaints-console-replied")

    page.reload()
    expect(main.locator("#reply")).to_contain_text("乾务镇环卫所")
    main.get_by_label("不满意", exact=True).check()
    main.get_by_label(re.compile("未解决")).check()
    main.get_by_role("button", name="提交评价").click()
    expect(main.locator("#report-status")).to_have_text("办理中")

    staff_page.reload()
    expect(staff.locator("#console-status")).to_contain_text("重新办理")
    staff.get_by_label("答复内容").fill("经复查，环卫所已清理现场并冲洗地面，今后每日早晚各清运一次。")
    staff.get_by_role("button", name="发送答复").click()
    expect(staff.locator("#console-status")).to_have_text("已答复（重新办理后答复）")

    page.reload()
    main.get_by_label("满意", exact=True).check()
    main.get_by_role("button", name="提交评价").click()
    expect(main.locator("#report-status")).to_have_text("已办结")
    expect(main.locator("#rating")).to_contain_text("4 星")
    expect(main.get_by_label(re.compile("未解决"))).to_have_count(0)  # no second reopen
    assert_accessible(page, "complaints-rated")

    page.goto(live_url + "/complaints/")
    expect(page.locator("#public-reports")).to_contain_text("村口垃圾好几天没人清运")
    page.get_by_role("link", name="村口垃圾好几天没人清运").first.click()
    expect(page.locator("main")).not_to_contain_text(mobile)
    assert_accessible(page, "complaints-public")


def test_the_georeport_client_reads_services_definitions_and_published_requests(live_url):
    client = GeoReport(live_url + "/open311/v2")
    services = client.get_service_list()
    assert any(s["service_code"] == "010401" and s["group"] == "城乡建设" for s in services)
    definition = client.get_service_definition("010401")
    assert definition["attributes"][0]["code"] == "kind"
    published = client.get_service_requests(status="closed")
    assert published and all(r["status"] == "closed" for r in published)
    one = client.get_service_request(published[0]["service_request_id"])
    assert one["service_request_id"] == published[0]["service_request_id"]
    xml_client = GeoReport(live_url + "/open311/v2", output_format="xml")
    assert len(xml_client.get_service_list()) == len(services)
    assert xml_client.get_service_request(one["service_request_id"])["service_request_id"] == one["service_request_id"]
