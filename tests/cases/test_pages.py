"""The pages around cases, and who may see what: applicants their own cases and files only,
reviewers their department's only, the window clerk only after a verified scan."""

import pytest

from onestop.accounts.models import User
from onestop.cases.models import Case, Channel, Status
from onestop.catalog.models import Hall
from onestop.certs.models import Certificate
from onestop.certs.services import create_online_presentation

from .conftest import pdf


def test_apply_page_shows_prefilled_fields_with_their_source(client, citizen, item):
    client.force_login(citizen)
    html = client.get(f"/items/{item.code}/apply/").content.decode()
    assert f'value="{citizen.person.name}"' in html
    assert "已自动填写 · 来源：实名信息" in html
    assert 'name="idempotency_key"' in html


def test_apply_posts_a_case_and_double_post_gives_the_same_case(client, citizen, item):
    client.force_login(citizen)
    material = item.materials.first()
    data = {"contact_name": "张三", "contact_phone": "13800138000", "description": "申请临时救助", "idempotency_key": "page-key-000001"}
    first = client.post(f"/items/{item.code}/apply/", {**data, f"material_{material.pk}": pdf()})
    second = client.post(f"/items/{item.code}/apply/", {**data, f"material_{material.pk}": pdf()})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Case.objects.filter(idempotency_key="page-key-000001").count() == 1
    page = client.get(first["Location"]).content.decode()
    assert "已提交" in page and "办理过程" in page


def test_apply_with_errors_answers_400_in_chinese_and_keeps_input(client, citizen, item):
    client.force_login(citizen)
    response = client.post(f"/items/{item.code}/apply/", {"contact_name": "张三", "contact_phone": "123", "idempotency_key": "page-key-000002"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "联系电话：格式不正确" in html and "收入情况说明：请上传，或选用电子证照" in html
    assert 'value="张三"' in html
    assert not Case.objects.filter(idempotency_key="page-key-000002").exists()


def test_apply_needs_login(client, item):
    response = client.get(f"/items/{item.code}/apply/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_cannot_apply_as_a_citizen(client, item):
    client.force_login(User.objects.get(username="d008-window"))
    assert client.get(f"/items/{item.code}/apply/").status_code == 403


def test_applicant_sees_only_own_cases_and_files(client, submit, citizen, other_citizen):
    case = submit()
    token = case.materials.get().token
    client.force_login(other_citizen)
    assert client.get(f"/my/cases/{case.number}/").status_code == 404
    assert client.get(f"/my/cases/{case.number}/files/{token}/").status_code == 404
    assert case.number not in client.get("/my/cases/").content.decode()
    assert client.post(f"/my/cases/{case.number}/withdraw/").status_code == 404
    client.force_login(citizen)
    assert case.number in client.get("/my/cases/").content.decode()
    response = client.get(f"/my/cases/{case.number}/files/{token}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"


def test_uploads_are_not_reachable_anonymously_or_by_another_department(client, submit):
    case = submit()
    token = case.materials.get().token
    assert client.get(f"/my/cases/{case.number}/files/{token}/").status_code == 404
    client.force_login(User.objects.get(username="d009-reviewer"))
    assert client.get(f"/my/cases/{case.number}/files/{token}/").status_code == 404
    client.force_login(User.objects.get(username="d008-reviewer"))
    assert client.get(f"/my/cases/{case.number}/files/{token}/").status_code == 200


def test_reviewer_queue_and_case_are_department_only(client, submit):
    case = submit()
    client.force_login(User.objects.get(username="d008-reviewer"))
    assert case.number in client.get("/console/cases/").content.decode()
    assert client.get(f"/console/cases/{case.number}/").status_code == 200
    client.force_login(User.objects.get(username="d009-reviewer"))
    assert case.number not in client.get("/console/cases/").content.decode()
    assert client.get(f"/console/cases/{case.number}/").status_code == 404
    assert client.post(f"/console/cases/{case.number}/action/", {"action": "accept"}).status_code == 404
    assert Case.objects.get(pk=case.pk).status == Status.SUBMITTED


def test_reviewer_acts_from_the_console(client, submit):
    case = submit()
    client.force_login(User.objects.get(username="d008-reviewer"))
    response = client.post(f"/console/cases/{case.number}/action/", {"action": "request_supplement", "reason": "请补充收入证明"}, follow=True)
    assert "已办理" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == Status.NEEDS_SUPPLEMENT
    response = client.post(f"/console/cases/{case.number}/action/", {"action": "accept"}, follow=True)
    assert "不能“受理”" in response.content.decode()


def test_citizen_cannot_open_the_console_queue(client, citizen):
    client.force_login(citizen)
    assert client.get("/console/cases/").status_code in (302, 403)


def test_window_clerk_files_a_case_only_after_a_verified_scan(client, item):
    clerk = User.objects.get(username="d008-window")
    client.force_login(clerk)
    hall = Hall.objects.order_by("pk").first()
    client.post("/console/window/", {"action": "desk", "hall": hall.pk, "window_label": "综合窗口 1 号"})
    assert client.get(f"/console/window/items/{item.code}/").status_code == 302  # nobody identified yet
    visitor = Certificate.objects.filter(cert_type__name="居民身份证", holder_person__user__isnull=False,
                                         revoked_at__isnull=True).select_related("holder_person").first()
    code, _ = create_online_presentation(visitor)
    assert client.post("/console/scan/", {"code": code, "purpose": "一窗受理"}).status_code == 200
    page = client.get("/console/window/", {"q": item.name}).content.decode()
    assert visitor.holder_person.name in page and item.name in page
    form = client.get(f"/console/window/items/{item.code}/").content.decode()
    assert f'value="{visitor.holder_person.name}"' in form
    response = client.post(f"/console/window/items/{item.code}/", {
        "contact_name": visitor.holder_person.name, "contact_phone": "13800138000", "description": "窗口代办",
        "visitor_mobile": "13800138000", "idempotency_key": "window-key-00001", "decision": "accept",
        f"check_{item.materials.first().pk}": "paper"})
    assert response.status_code == 302
    case = Case.objects.get(idempotency_key="window-key-00001")
    assert case.channel == Channel.WINDOW and case.created_by == clerk and case.applicant_person == visitor.holder_person
    assert "代为提交" in case.events.first().actor and case.status == Status.ACCEPTED
    assert client.get(f"/console/window/items/{item.code}/").status_code == 302  # the visitor is cleared after filing


@pytest.mark.parametrize("username, allowed", [("d008-department", True), ("d008-reviewer", False)])
def test_data_source_page_is_for_administrators(db, client, username, allowed):
    client.force_login(User.objects.get(username=username))
    response = client.get("/console/data-sources/")
    assert (response.status_code == 200) is allowed
    if allowed:
        assert "户籍人口库" in response.content.decode()
