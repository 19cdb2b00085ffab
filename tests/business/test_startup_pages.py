"""The start-up pages through Django's test client: the form, a submission, the founder's page of
the case, and the staff queue with its actions."""

import pytest
from django.test import Client
from django.urls import reverse

from onestop.accounts.models import User
from onestop.business.startup.services import process_for
from onestop.cases.models import Case, Status
from onestop.processes.models import StepState
from onestop.processes.worker import run_until_idle

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_of(founder):
    client = Client()
    client.force_login(founder.user)
    return client


def test_without_a_reserved_name_the_page_sends_the_founder_to_name_declaration(client_of):
    response = client_of.get(reverse("business:startup"))
    assert response.status_code == 200
    assert "您还没有保留期内、尚未使用的企业名称" in response.content.decode()


def test_a_bad_post_answers_400_with_the_fields_message_and_makes_nothing(client_of, post, founder):
    response = client_of.post(reverse("business:startup"), {**post, "town": "", "idempotency_key": "page-key-0001"})
    assert response.status_code == 400
    assert "请选择住所所在的镇（街道）" in response.content.decode()
    assert not Case.objects.filter(applicant_user=founder.user).exists()


def test_a_submission_shows_the_case_page_refreshing_until_done(client_of, post, standin_process, founder):
    response = client_of.post(reverse("business:startup"), {**post, "idempotency_key": "page-key-0002"})
    case = Case.objects.get(applicant_user=founder.user)
    assert response.status_code == 302 and response.url == reverse("business:startup-case", args=[case.number])
    again = client_of.post(reverse("business:startup"), {**post, "idempotency_key": "page-key-0002"})
    assert again.url == response.url and Case.objects.filter(applicant_user=founder.user).count() == 1
    page = client_of.get(response.url).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page and "设立登记及营业执照" in page
    run_until_idle("test-worker")
    page = client_of.get(response.url).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "下载营业执照（PDF）" in page and "企业开办用时" in page and "已完成" in page
    assert "企业开办用时" in Client().get(reverse("stats:catalog")).content.decode()


def test_someone_elses_case_page_is_not_found(client_of, post, standin_process, founder, supervisor):
    client_of.post(reverse("business:startup"), {**post, "idempotency_key": "page-key-0003"})
    number = Case.objects.get(applicant_user=founder.user).number
    other = Client()
    other.force_login(User.objects.filter(kind=founder.user.kind).exclude(pk=founder.user_id)
                      .filter(person__isnull=False).first())
    assert other.get(reverse("business:startup-case", args=[number])).status_code == 404


def test_the_market_regulators_reviewer_sees_the_referral_and_approves_it(client_of, post, standin_process, founder):
    post = {**post, "registered_capital_yuan": "200000000", "m-0-contribution_yuan": "200000000"}
    client_of.post(reverse("business:startup"), {**post, "idempotency_key": "page-key-0004"})
    run_until_idle("test-worker")
    case = Case.objects.get(applicant_user=founder.user)
    step = process_for(case).steps.get(name="register")
    clerk = Client()
    clerk.force_login(User.objects.get(username="d002-reviewer"))
    queue = clerk.get(reverse("business:startup-staff")).content.decode()
    assert "需人工审核：注册资本超过 1 亿元，须核实出资安排" in queue and "审核通过并登记" in queue
    response = clerk.post(reverse("business:startup-staff-action", args=[step.pk]), {"action": "approve"})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.state == StepState.READY
    run_until_idle("test-worker")
    assert Case.objects.get(pk=case.pk).status == Status.COMPLETED


def test_the_police_window_cannot_open_the_queue(client_of):
    clerk = Client()
    clerk.force_login(User.objects.get(username="d009-window"))
    assert clerk.get(reverse("business:startup-staff")).status_code == 403
