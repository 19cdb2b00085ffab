"""The consent as the holder reads it: on the apply page before submitting (never pre-ticked, with
the department, item, fields, until when and uses), in 用证授权 afterwards (with the case number,
withdrawable), and at the window, where the clerk confirms that the visitor agreed."""

import re

import pytest

from onestop.accounts.models import User
from onestop.cases.models import Case
from onestop.catalog.models import Hall, Material
from onestop.certs.models import Certificate, CertificateType, Consent
from onestop.certs.services import create_online_presentation

from .conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def id_card_material(item) -> Material:
    return Material.objects.create(item=item, name="申请人居民身份证", form=Material.Form.ELECTRONIC, required=True,
                                   ecert_type=CertificateType.objects.get(name="居民身份证"),
                                   ecert_fields=["holder_name", "address"])


def use_box(html: str, material: Material) -> str:
    return re.search(rf'<input type="checkbox" name="use_cert_{material.pk}"[^>]*>', html).group(0)


def form_data(item, material, key: str, *, tick: bool) -> dict:
    upload = item.materials.exclude(pk=material.pk).get()
    data = {"contact_name": "张三", "contact_phone": "13800138000", "description": "申请临时救助",
            "idempotency_key": key, f"material_{upload.pk}": pdf()}
    return data | ({f"use_cert_{material.pk}": "on"} if tick else {})


def test_the_apply_page_shows_the_consent_unticked_with_what_would_be_given(client, citizen, item, id_card_material):
    client.force_login(citizen)
    html = client.get(f"/items/{item.code}/apply/").content.decode()
    assert "checked" not in use_box(html, id_card_material)
    terms = re.search(rf'<dl class="consent-terms[^"]*" id="consent_{id_card_material.pk}">(.*?)</dl>', html, re.S).group(1)
    assert item.department.full_name in terms and item.name in terms
    assert "<dd>持证人姓名、住址</dd>" in terms
    assert "至本办件办结、不予受理、不予批准或撤回时终止" in terms and "最多 10 次" in terms


def test_an_error_keeps_the_applicants_own_ticks_only(client, citizen, item, id_card_material):
    client.force_login(citizen)
    data = form_data(item, id_card_material, "page-consent-0001", tick=True) | {"contact_phone": "123"}
    html = client.post(f"/items/{item.code}/apply/", data).content.decode()
    assert "checked" in use_box(html, id_card_material)
    data = form_data(item, id_card_material, "page-consent-0002", tick=False) | {"contact_phone": "123"}
    html = client.post(f"/items/{item.code}/apply/", data).content.decode()
    assert "checked" not in use_box(html, id_card_material)


def test_a_malformed_certificate_choice_is_an_error_page_not_a_crash(client, citizen, item, id_card_material):
    client.force_login(citizen)
    data = form_data(item, id_card_material, "page-consent-0003", tick=False) | {"contact_phone": "1", "use_cert_x": "on"}
    response = client.post(f"/items/{item.code}/apply/", data)
    assert response.status_code == 400 and "联系电话：格式不正确" in response.content.decode()


def test_the_holder_sees_the_exact_consent_and_withdraws_it(client, citizen, item, id_card_material):
    client.force_login(citizen)
    response = client.post(f"/items/{item.code}/apply/", form_data(item, id_card_material, "page-consent-0004", tick=True))
    assert response.status_code == 302
    case = Case.objects.get(idempotency_key="page-consent-0004")
    case_page = client.get(f"/my/cases/{case.number}/").content.decode()
    assert "电子证照“居民身份证”（免证，已授权本办件调用）" in case_page
    row = Consent.objects.get(case_number=case.number)
    html = client.get("/my/consents/").content.decode()
    cells = {label: text.strip() for label, text in re.findall(r'<td data-label="([^"]+)">(.*?)</td>', html, re.S)}
    assert cells["被授权部门"] == item.department.full_name and cells["事项"] == item.name
    assert cells["办件编号"] == case.number and cells["可调用的信息"] == "持证人姓名、住址"
    assert cells["有效期至"].startswith("办件终结时，最迟 ") and cells["已用/可用"] == "0 / 10"
    assert cells["状态"].startswith("有效")
    assert client.post(f"/my/consents/{row.pk}/withdraw/").status_code == 302
    row.refresh_from_db()
    assert row.withdrawn_at is not None and "已撤回" in client.get("/my/consents/").content.decode()


def test_the_consents_page_says_when_a_consent_ended_with_its_case(client, citizen, item, id_card_material):
    client.force_login(citizen)
    client.post(f"/items/{item.code}/apply/", form_data(item, id_card_material, "page-consent-0005", tick=True))
    case = Case.objects.get(idempotency_key="page-consent-0005")
    client.post(f"/my/cases/{case.number}/withdraw/", {"reason": "不再办理"})
    html = client.get("/my/consents/").content.decode()
    assert "已随办件终止" in html and "撤回授权</button>" not in html
    case_page = client.get(f"/my/cases/{case.number}/").content.decode()
    assert "电子证照“居民身份证”（免证，调用授权已随办件终止）" in case_page


def test_at_the_window_the_clerk_confirms_the_visitors_agreement(client, item, id_card_material):
    clerk = User.objects.get(username="d008-window")
    client.force_login(clerk)
    hall = Hall.objects.order_by("pk").first()
    client.post("/console/window/", {"action": "desk", "hall": hall.pk, "window_label": "综合窗口 1 号"})
    visitor = Certificate.objects.filter(cert_type__name="居民身份证", holder_person__user__isnull=False,
                                         revoked_at__isnull=True).select_related("holder_person").first()
    code, _ = create_online_presentation(visitor)
    assert client.post("/console/scan/", {"code": code, "purpose": "一窗受理"}).status_code == 200
    html = client.get(f"/console/window/items/{item.code}/").content.decode()
    radio = re.search(rf'<input type="radio" name="check_{id_card_material.pk}" value="ecert"[^>]*>', html).group(0)
    assert "checked" not in radio and "办事人已当面同意授权" in html
    upload = item.materials.exclude(pk=id_card_material.pk).get()
    response = client.post(f"/console/window/items/{item.code}/", {
        "contact_name": "张三", "contact_phone": "13800138000", "description": "申请临时救助",
        "visitor_mobile": "13800138000", "idempotency_key": "window-consent-01", "decision": "accept",
        f"check_{id_card_material.pk}": "ecert", f"check_{upload.pk}": "paper"})
    assert response.status_code == 302
    case = Case.objects.get(idempotency_key="window-consent-01")
    row = Consent.objects.get(case_number=case.number)
    assert row.holder == visitor.holder_person and row.department == item.department
    assert row.fields == ["address", "holder_name"] and row.confirmed_by.startswith(item.department.name)
    client.force_login(visitor.holder_person.user)
    assert f"窗口受理：{row.confirmed_by} 确认您当面同意" in client.get("/my/consents/").content.decode()
