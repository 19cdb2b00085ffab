"""Guides that tell the truth, in a real browser at desktop and phone width (issue 13): an incomplete
guide offers consultation and 12345 instead of an online application; a search that finds nothing
says so and suggests a spelling, 一件事 and the assistant; a valid 电子居民身份证 is offered for
无犯罪记录证明; a case in 需补正 shows its reason and the 补正 form first on a phone. Axe-clean.

The server commits to the test database: each viewport uses its own demo resident, one no other
browser test names, and the case made here is removed afterwards."""

from __future__ import annotations

import re
import secrets

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from playwright.sync_api import expect

from onestop.accounts.models import User
from onestop.cases import review
from onestop.cases import services as cases
from onestop.cases.models import Case
from onestop.catalog import search_index
from onestop.catalog.models import Handling, ServiceItem
from tests.subprocesses import committed

from .conftest import check_accessibility, screenshot, unnamed_resident

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
# Slots among the residents no browser test names (counted from the newest), apart from those the
# notification tests take (0 and 1).
SLOTS = {"ecert": {"desktop": 2, "phone": 3}, "supplement": {"desktop": 4, "phone": 5}}


def _accessible(page) -> None:
    violations = check_accessibility(page)
    assert violations == [], f"{page.url}: {violations}"
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the viewport"



def _session(slot: int) -> str:
    client = Client()
    client.force_login(unnamed_resident(slot).user)
    return client.cookies["sessionid"].value


def _incomplete_online_item() -> tuple[str, str]:
    entry = next(e for e in search_index.entries() if e.missing_parts and e.handling == Handling.ONLINE)
    return entry.code, entry.name


def test_an_incomplete_guide_offers_consultation_and_the_hotline_not_an_application(page, live_url):
    code, name = committed(_incomplete_online_item)
    page.goto(f"{live_url}/items/{code}/")
    main = page.locator("main")
    notice = main.locator("#guide-incomplete")
    expect(notice).to_contain_text("本事项办事指南尚未公布完整")
    expect(notice).to_contain_text("以下内容尚未公布：申请材料、受理条件")
    expect(main.locator("#apply-online")).to_have_count(0)
    expect(main).not_to_contain_text("以窗口告知为准")
    expect(notice.get_by_role("link", name="拨打 12345 政务服务便民热线")).to_have_attribute("href", "tel:12345")
    _accessible(page)
    screenshot(page, "guide-incomplete")
    notice.get_by_role("link", name="在线咨询").click()
    page.wait_for_url(re.compile(r".*/complaints/new/\?kind=consultation&title=.+"))
    expect(page.locator("main h1")).to_have_text("我要咨询投诉")


def test_a_search_that_finds_nothing_suggests_a_spelling_themes_the_assistant_and_12345(page, live_url):
    page.goto(f"{live_url}/items/?q=%E9%A5%AD%E7%82%B9")  # 饭点, meant 饭店
    main = page.locator("main")
    found = main.locator("#nothing-found")
    expect(found.get_by_role("heading")).to_have_text("没有找到与“饭点”相关的事项")
    expect(found.locator("#spelling-suggestions").get_by_role("link", name="饭店")).to_be_visible()
    expect(found.get_by_role("link", name="向智能问答提问“饭点”")).to_have_attribute("href", re.compile(r"/assistant/\?q="))
    expect(found.get_by_role("link", name="12345")).to_have_attribute("href", "tel:12345")
    _accessible(page)
    screenshot(page, "search-nothing-found")
    found.locator("#spelling-suggestions").get_by_role("link", name="饭店").click()
    expect(main.get_by_role("link", name="食品(含保健食品)经营许可核发").first).to_be_visible()


def test_a_valid_electronic_id_card_is_offered_for_the_criminal_record_certificate(page, live_url):
    session = committed(_session, SLOTS["ecert"][page.viewport_name])
    code = committed(lambda: ServiceItem.objects.get(name="无犯罪记录证明").code)
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_url}])
    page.goto(f"{live_url}/items/{code}/apply/")
    main = page.locator("main")
    offer = main.get_by_label(re.compile("使用电子证照“居民身份证”"))
    expect(offer).to_be_visible()
    expect(offer).not_to_be_checked()  # using a certificate is consent: never pre-ticked
    offer.check()
    _accessible(page)
    screenshot(page, "ecert-offer-id-card")


def _case_in_supplement(slot: int) -> tuple[str, str, int]:
    person = unnamed_resident(slot)
    item = next(
        ServiceItem.objects.get(pk=e.pk) for e in search_index.entries()
        if e.online_ready and e.for_person and not e.instant_approval
        and not ServiceItem.objects.get(pk=e.pk).form_schema.get("properties")
        and not ServiceItem.objects.get(pk=e.pk).process_key
    )
    applicant = cases.applicant_for(person.user)
    uploads = {m.pk: SimpleUploadedFile("材料.pdf", PDF, "application/pdf") for m in item.materials.all()}
    case = cases.submit_application(cases.Submission(
        item=item, applicant=applicant, idempotency_key=secrets.token_urlsafe(12), uploads=uploads,
        form={"contact_name": person.name, "contact_phone": "13800138000", "description": "申请办理，材料见附件"},
    ))
    reviewer = User.objects.get(username=f"{item.department.code.lower()}-reviewer")
    review.act(case, reviewer, "request_supplement", "请补充近三个月的收入证明原件扫描件")
    client = Client()
    client.force_login(person.user)
    return case.number, client.cookies["sessionid"].value, case.pk


def test_a_case_in_supplement_shows_the_reason_and_the_form_first(page, live_url):
    number, session, pk = committed(_case_in_supplement, SLOTS["supplement"][page.viewport_name])
    try:
        page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_url}])
        page.goto(f"{live_url}/my/cases/{number}/")
        main = page.locator("main")
        request = main.locator("#supplement-request")
        expect(request).to_contain_text("请补充近三个月的收入证明原件扫描件")
        expect(main.locator(".progress li.current")).to_have_text("需补正")
        # First on the screen: the request starts above the progress bar and the application data.
        top = request.bounding_box()["y"]
        assert top < main.locator(".progress").bounding_box()["y"] < main.locator("#form-h").bounding_box()["y"]
        if page.viewport_name == "phone":
            assert top < page.viewport_size["height"], "the 补正 request should be on the first screen"
        _accessible(page)
        screenshot(page, "case-supplement-first")
    finally:
        committed(lambda: Case.objects.filter(pk=pk).delete())
