"""好差评 in a real browser: a citizen rates a finished case 不满意 with a reason; the department's
reviewer sees the follow-up (整改) in the console and replies; axe-clean at desktop and phone width."""

from __future__ import annotations

import re
import secrets

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from onestop.accounts.models import Person
from onestop.cases import services as cases
from onestop.cases.models import Case, Status
from onestop.catalog.models import Department, ItemStatus, ServiceItem
from tests.e2e.conftest import screenshot

from .test_accounts_certificates import assert_accessible, login_by_sms
from .test_applications import REVIEWER, REVIEWER_PASSWORD, staff_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def finished_case_of(user) -> Case:
    """A case of 区民政局 already finished (the case's own path has its browser tests)."""
    item = ServiceItem.objects.create(code=f"E2E{secrets.token_hex(4)}", name="临时救助申请（好差评测试）",
                                      department=Department.objects.get(code="D008"), item_type="公共服务", for_person=True,
                                      handling="online", statutory_days=10, promised_days=5, status=ItemStatus.PUBLISHED)
    applicant = cases.applicant_for(user)
    case = cases.submit_application(cases.Submission(
        item=item, applicant=applicant, idempotency_key=secrets.token_urlsafe(12),
        form={"contact_name": applicant.person.name, "contact_phone": user.mobile, "description": "申请临时救助"}, uploads={}))
    Case.objects.filter(pk=case.pk).update(status=Status.COMPLETED, finished_at=timezone.now())
    return case


def test_a_bad_rating_reaches_the_department_and_is_replied(page, staff_page, live_url, sms_server):
    # The last demo residents with a mobile, one per viewport: no other browser test logs them in.
    people = Person.objects.filter(user__mobile__isnull=False).select_related("user").order_by("-pk")
    user = people[0 if page.viewport_name == "desktop" else 1].user
    case = finished_case_of(user)
    login_by_sms(page, live_url, sms_server, user.mobile)
    page.goto(f"{live_url}/my/cases/{case.number}/")
    main = page.locator("main")
    form = main.locator("section", has=page.get_by_role("heading", name="服务评价（好差评）"))
    assert_accessible(page)
    screenshot(page, "ratings-form")
    form.get_by_label("不满意", exact=True).check()
    form.get_by_label("一次性告知不到位").check()
    form.get_by_label("文字评价（选填，不超过500字）").fill("第一次去窗口没有一次说清要带哪些材料")
    form.get_by_role("button", name="提交评价").click()
    expect(main.get_by_text("办理部门正在核实整改")).to_be_visible()
    assert_accessible(page)

    staff_login(staff_page, live_url, REVIEWER, REVIEWER_PASSWORD)
    staff_page.locator("main").get_by_role("link", name=re.compile("^差评整改")).click()
    staff_page.wait_for_url("**/console/ratings/")
    staff_main = staff_page.locator("main")
    assert_accessible(staff_page)
    screenshot(staff_page, "ratings-console")
    staff_main.get_by_role("link", name=f"办件 {case.number}").click()
    staff_main.get_by_label("核实整改情况（不超过2000字）").fill("经核实，窗口未一次性告知材料；已对窗口人员培训并更新告知单。")
    staff_main.get_by_label("回复评价人（不超过1000字，将以站内消息和短信发送）").fill("已整改，感谢您的监督。")
    assert_accessible(staff_page)
    staff_main.get_by_role("button", name="记录整改并回复").click()
    expect(staff_main.get_by_text("整改情况已记录，回复已发送给评价人。")).to_be_visible()

    page.goto(f"{live_url}/my/cases/{case.number}/")
    expect(main.get_by_text("部门已整改回复：已整改，感谢您的监督。")).to_be_visible()
