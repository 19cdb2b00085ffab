"""Every page and API endpoint tried as each role and anonymously: nobody reads another person's
certificates or another department's data, and every form needs its CSRF token."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from onestop.accounts.models import User
from onestop.cases import services as cases
from onestop.catalog.models import Department, ItemStatus, Material, ServiceItem
from onestop.certs import consent, services
from onestop.certs.models import Certificate

pytestmark = pytest.mark.django_db

ALLOWED, LOGIN, FORBIDDEN, NOT_FOUND = "allowed", "login", "forbidden", "not_found"


@pytest.fixture
def world():
    citizen_a = User.objects.filter(kind="citizen", person__certificates__isnull=False).order_by("pk").first()
    citizen_b = User.objects.filter(kind="citizen", person__certificates__isnull=False).exclude(pk=citizen_a.pk).order_by("pk").first()
    cert_a = Certificate.objects.filter(holder_person__user=citizen_a, cert_type__name="居民身份证").first()  # issued by D009
    market_cert = Certificate.objects.filter(issuer__code="D002").first()
    item = cert_a.cert_type.materials.first().item
    consent_a = consent.grant_consent(holder=cert_a.holder_person, certificate=cert_a, department=item.department,
                                      service_item=item, fields=["address"], purpose="测试授权", days=1, max_uses=1)
    users = {
        "anonymous": None,
        "citizen_a": citizen_a,
        "citizen_b": citizen_b,
        "police_window": User.objects.get(username="d009-window"),
        "police_reviewer": User.objects.get(username="d009-reviewer"),
        "market_admin": User.objects.get(username="d002-department"),
        "platform_admin": User.objects.get(username="admin"),
    }
    police_item = ServiceItem.objects.create(
        code="TESTSEC0001", name="测试事项：户籍证明", department=Department.objects.get(code="D009"), item_type="公共服务",
        for_person=True, handling="online", statutory_days=5, promised_days=3, status=ItemStatus.PUBLISHED,
    )
    Material.objects.create(item=police_item, name="相关证明材料", form=Material.Form.ELECTRONIC, required=True)
    case_a = cases.submit_application(cases.Submission(
        item=police_item, applicant=cases.applicant_for(citizen_a), idempotency_key="matrix-case-0001",
        form={"contact_name": "测试", "contact_phone": "13800138000", "description": "开具户籍证明"},
        uploads={police_item.materials.get().pk: SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n%%EOF\n")},
    ))
    return {"users": users, "cert_a": cert_a, "market_cert": market_cert, "consent_a": consent_a, "case_a": case_a,
            "police_item": police_item}


def outcome(response) -> str:
    if response.status_code in (200, 201):
        return ALLOWED
    if response.status_code == 302:
        return LOGIN if "login" in response["Location"] else ALLOWED
    if response.status_code in (401, 403):
        return FORBIDDEN if response.status_code == 403 or response.wsgi_request.user.is_authenticated else LOGIN
    if response.status_code == 404:
        return NOT_FOUND
    return f"HTTP {response.status_code}"


# (page, {role: expected}); a role not listed must not be ALLOWED.
def pages(world):
    a = world["cert_a"].pk
    m = world["market_cert"].pk
    n = world["case_a"].number
    token = world["case_a"].materials.get().token
    return [
        ("/my/", {"citizen_a": ALLOWED, "citizen_b": ALLOWED}),
        (f"/my/certificates/{a}/", {"citizen_a": ALLOWED}),
        (f"/my/certificates/{a}/qr/", {"citizen_a": ALLOWED}),
        (f"/my/certificates/{a}/offline-qr/", {"citizen_a": ALLOWED}),
        (f"/my/certificates/{a}/pdf/", {"citizen_a": ALLOWED}),
        (f"/my/certificates/{a}/consent/", {"citizen_a": ALLOWED}),
        ("/my/access-history/", {"citizen_a": ALLOWED, "citizen_b": ALLOWED}),
        ("/my/consents/", {"citizen_a": ALLOWED, "citizen_b": ALLOWED}),
        ("/my/messages/", {"citizen_a": ALLOWED, "citizen_b": ALLOWED}),
        ("/console/", {"police_window": ALLOWED, "police_reviewer": ALLOWED, "market_admin": ALLOWED, "platform_admin": ALLOWED}),
        ("/console/scan/", {"police_window": ALLOWED, "police_reviewer": ALLOWED, "market_admin": ALLOWED}),
        ("/console/certificates/", {"police_window": ALLOWED, "market_admin": ALLOWED}),
        (f"/console/certificates/{a}/", {"police_window": ALLOWED}),  # a police certificate: police only
        (f"/console/certificates/{m}/", {"market_admin": ALLOWED}),
        ("/console/certificates/issue/", {"police_window": ALLOWED, "market_admin": ALLOWED}),
        ("/admin/", {"market_admin": ALLOWED, "platform_admin": ALLOWED}),
        (f"/items/{world['police_item'].code}/apply/", {"citizen_a": ALLOWED, "citizen_b": ALLOWED}),
        ("/my/cases/", {"citizen_a": ALLOWED, "citizen_b": ALLOWED}),
        (f"/my/cases/{n}/", {"citizen_a": ALLOWED}),
        (f"/my/cases/{n}/files/{token}/", {"citizen_a": ALLOWED, "police_window": ALLOWED, "police_reviewer": ALLOWED}),
        ("/console/cases/", {"police_reviewer": ALLOWED, "market_admin": ALLOWED}),
        (f"/console/cases/{n}/", {"police_window": ALLOWED, "police_reviewer": ALLOWED}),  # a police case: police only
        ("/console/window/", {"police_window": ALLOWED}),  # the comprehensive window: window staff only
        ("/console/window/queue/", {"police_window": ALLOWED}),
        ("/console/data-sources/", {"market_admin": ALLOWED, "platform_admin": ALLOWED}),
        ("/admin/rules/ruleset/", {"platform_admin": ALLOWED}),
        ("/admin/exchange/datasource/", {"platform_admin": ALLOWED}),
    ]


ROLES = ["anonymous", "citizen_a", "citizen_b", "police_window", "police_reviewer", "market_admin", "platform_admin"]


@pytest.mark.parametrize("role", ROLES)
def test_pages_answer_each_role_as_expected(world, role):
    client = Client()
    if world["users"][role]:
        client.force_login(world["users"][role])
    wrong = []
    for url, expected in pages(world):
        got = outcome(client.get(url))
        want = expected.get(role)
        if want is None and got == ALLOWED or want is not None and got != want:
            wrong.append(f"{url}: {got}, expected {want or 'denied'}")
    assert wrong == []


def test_another_holders_certificate_is_never_shown_or_shown_as_qr(world):
    client = Client()
    client.force_login(world["users"]["citizen_b"])
    a = world["cert_a"].pk
    for url in (f"/my/certificates/{a}/", f"/my/certificates/{a}/qr/", f"/my/certificates/{a}/offline-qr/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert world["cert_a"].holder_person.name not in response.content.decode()


def test_a_holder_cannot_withdraw_someone_elses_consent(world):
    client = Client()
    client.force_login(world["users"]["citizen_b"])
    assert client.post(f"/my/consents/{world['consent_a'].pk}/withdraw/").status_code == 404
    world["consent_a"].refresh_from_db()
    assert world["consent_a"].withdrawn_at is None


def test_only_department_admins_revoke_and_only_their_own_departments_certificates(world):
    cert = world["cert_a"]
    window = Client()
    window.force_login(world["users"]["police_window"])
    assert window.post(f"/console/certificates/{cert.pk}/revoke/", {"reason": "测试"}).status_code == 403
    market = Client()
    market.force_login(world["users"]["market_admin"])
    assert market.post(f"/console/certificates/{cert.pk}/revoke/", {"reason": "测试"}).status_code == 404
    cert.refresh_from_db()
    assert cert.revoked_at is None


def test_the_api_refuses_reads_without_the_right_credentials(world, client):
    code = services.create_online_presentation(world["cert_a"])[0]
    assert client.post("/api/certs/verify", {"code": code}, content_type="application/json").status_code == 401
    client.force_login(world["users"]["citizen_b"])
    assert client.post("/api/certs/verify", {"code": code}, content_type="application/json").status_code == 403
    assert client.post("/api/certs/query", {}, content_type="application/json").status_code == 401


FORMS = [
    "/accounts/register/", "/accounts/login/", "/accounts/staff-login/", "/preferences/elderly-mode/",
]


@pytest.mark.parametrize("url", FORMS)
def test_public_forms_need_a_csrf_token(url):
    assert Client(enforce_csrf_checks=True).post(url, {"mobile": "13800000000"}).status_code == 403


def test_every_form_on_the_signed_in_pages_carries_a_csrf_token(world):
    client = Client()
    client.force_login(world["users"]["citizen_a"])
    a = world["cert_a"].pk
    for url in ("/my/", f"/my/certificates/{a}/", f"/my/certificates/{a}/consent/", "/my/consents/"):
        html = client.get(url).content.decode()
        forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>.*?</form>", html, flags=re.S)
        assert forms, f"{url}: no POST form found, so nothing was checked"
        for form in forms:
            assert "csrfmiddlewaretoken" in form, (url, form[:120])
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world["users"]["citizen_a"])
    assert strict.post(f"/my/consents/{world['consent_a'].pk}/withdraw/").status_code == 403
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(world["users"]["police_window"])
    assert staff.post("/console/scan/", {"code": "OSQ:X", "purpose": "测试"}).status_code == 403


def test_staff_password_login_locks_after_five_failures():
    client = Client()
    for _ in range(5):
        assert client.post("/accounts/staff-login/", {"username": "d009-window", "password": "wrong"}).status_code == 400
    response = client.post("/accounts/staff-login/", {"username": "d009-window", "password": "onestop-demo-2026"})
    assert response.status_code == 429 and "暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
