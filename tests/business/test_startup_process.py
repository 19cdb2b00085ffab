"""Submitting the start-up form and running its process: one case, the name used, the process
started with the contract's inputs; register and complete idempotent; the licence, its USCC and the
QR of its PDF; a non-standard application with 区市场监督管理局's staff."""

import io
import json

import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse

from onestop.accounts.models import User
from onestop.business.models import NameEvent, NameStatus, StartupApplication
from onestop.business.startup import handlers, staff, timing
from onestop.business.startup.form import bind_forms
from onestop.business.startup.process import PROCESS_KEY
from onestop.business.startup.services import StartupError, process_for, submit_startup
from onestop.cases.models import Case, Status
from onestop.certs import qr
from onestop.core.identifiers import check_uscc
from onestop.processes.handlers import PermanentFailure, StepContext
from onestop.processes.models import Process, ProcessState, StepState
from onestop.processes.worker import run_until_idle

pytestmark = pytest.mark.django_db


def data_from(post, founder):
    form, members = bind_forms(post, user=founder.user, founder=founder)
    assert form.is_valid() and members.is_valid(), (form.errors, members.non_form_errors())
    return form.startup_data(members.members())


@pytest.fixture
def startup_data(standin_process, post, founder):
    return data_from(post, founder)


@pytest.fixture
def submitted(startup_data, founder):
    return submit_startup(founder.user, startup_data, "startup-key-0001")


def test_submission_makes_the_case_uses_the_name_and_starts_the_process(submitted, founder, reservation):
    case = submitted
    assert case.status == Status.SUBMITTED and case.item.process_key == PROCESS_KEY
    assert case.item.department.code == "D002"
    app = StartupApplication.objects.get(case=case)
    assert app.reservation == reservation and app.founder == founder
    process = process_for(case)
    assert process.state == ProcessState.RUNNING
    assert dict(process.steps.values_list("name", "state")) == {
        "register": StepState.READY, "seal": StepState.WAITING, "bank": StepState.WAITING, "tax": StepState.WAITING,
        "social_insurance": StepState.WAITING, "complete": StepState.WAITING}
    inputs = process.inputs
    assert inputs["case_id"] == case.pk and inputs["representative_person_id"] == founder.pk
    assert inputs["company"] == {"name": reservation.entry.name, "company_type": "有限责任公司（自然人独资）",
                                 "registered_capital_fen": 10_000_000, "address": "珠海市斗门区井岸镇井湾路 123 号 2 栋 301 房",
                                 "town": "井岸镇", "scope": ["餐饮服务", "食品销售"], "employees": 3}
    assert inputs["bank"]["bank_code"] == "icbc_doumen" and inputs["social_insurance"]["housing_fund"] is True
    stored = json.dumps([inputs, case.form_data], ensure_ascii=False)
    assert founder.id_number() not in stored  # ID numbers only encrypted, on the member rows
    assert app.members.first().id_masked == founder.id_masked


def test_the_same_key_again_returns_the_first_case(submitted, startup_data, founder):
    again = submit_startup(founder.user, startup_data, "startup-key-0001")
    assert again == submitted
    assert Case.objects.filter(applicant_user=founder.user).count() == 1
    assert Process.objects.filter(key=PROCESS_KEY, subject=f"case:{submitted.pk}").count() == 1


def test_a_used_name_cannot_open_a_second_company(submitted, startup_data, founder):
    with pytest.raises(StartupError) as error:
        submit_startup(founder.user, startup_data, "startup-key-0002")
    assert error.value.code == "name_used"
    assert Case.objects.filter(applicant_user=founder.user).count() == 1


def test_the_full_path_registers_licenses_runs_the_branches_and_completes(submitted, founder, reservation):
    run_until_idle("test-worker")
    case = Case.objects.get(pk=submitted.pk)
    app = StartupApplication.objects.select_related("company", "licence").get(case=case)
    assert process_for(case).state == ProcessState.DONE
    assert case.status == Status.COMPLETED and case.accepted_at and case.finished_at
    company = app.company
    assert check_uscc(company.uscc) is None and company.uscc.startswith("91440403MB")
    assert company.legal_representative == founder and company.name == reservation.entry.name
    licence = app.licence
    assert licence.cert_type.name == "营业执照" and licence.holder_company == company and licence.number == company.uscc
    assert licence.fields["registered_capital"] == "人民币10万元"
    assert licence.fields["address"] == "珠海市斗门区井岸镇井湾路 123 号 2 栋 301 房"
    assert licence.fields["scope"].startswith("许可项目：餐饮服务；食品销售。")
    assert case.result_certificate == licence
    for title in ("公章刻制备案", "银行开户预约", "税务登记及新办纳税人套餐", "社保及住房公积金登记"):
        assert title in case.result_text
    reservation.entry.refresh_from_db()
    assert reservation.entry.status == NameStatus.REGISTERED
    assert NameEvent.objects.filter(entry=reservation.entry, action="registered").exists()
    assert [e.to_status for e in case.events.all()] == [Status.SUBMITTED, Status.ACCEPTED, Status.COMPLETED]
    stats = timing.opening_stats()
    assert case.number in [c.case_number for c in stats.cases] and stats.average_seconds >= 0


def _register_context(case) -> StepContext:
    process = process_for(case)
    return StepContext(process_id=process.pk, step="register", subject=process.subject, inputs=process.inputs,
                       idempotency_key=f"process-{process.pk}-register")


def test_register_run_twice_returns_the_first_company_and_licence(submitted):
    first = handlers.register(_register_context(submitted))
    second = handlers.register(_register_context(submitted))
    assert first == second
    assert StartupApplication.objects.get(case=submitted).company.uscc == first["uscc"]
    assert Case.objects.get(pk=submitted.pk).events.filter(action="accept").count() == 1
    assert set(first) == {"uscc", "company_id", "company_name", "licence_certificate_id", "registered_on"}


def test_complete_run_twice_finishes_the_case_once(submitted):
    run_until_idle("test-worker")
    process = process_for(submitted)
    upstream = dict(process.steps.values_list("name", "outputs"))
    ctx = StepContext(process_id=process.pk, step="complete", subject=process.subject, inputs=process.inputs,
                      upstream=upstream)
    assert handlers.complete(ctx)["result_text"] == Case.objects.get(pk=submitted.pk).result_text
    assert Case.objects.get(pk=submitted.pk).events.filter(action="complete").count() == 1


@pytest.fixture
def big(standin_process, post, founder):
    """Capital above 1 亿元 (and the money split so) is not the standard case."""
    post = {**post, "registered_capital_yuan": "200000000", "m-0-contribution_yuan": "200000000"}
    return submit_startup(founder.user, data_from(post, founder), "startup-key-big1")


def test_a_non_standard_application_goes_to_the_market_regulators_staff(big):
    with pytest.raises(PermanentFailure) as failure:
        handlers.register(_register_context(big))
    assert failure.value.reason == "需人工审核：注册资本超过 1 亿元，须核实出资安排"
    run_until_idle("test-worker")
    step = process_for(big).steps.get(name="register")
    assert step.state == StepState.NEEDS_ATTENTION and step.reason.startswith("需人工审核：注册资本超过 1 亿元")
    assert StartupApplication.objects.get(case=big).company is None
    assert [r.step.pk for r in staff.queue_for("D002")] == [step.pk]
    assert staff.queue_for("D009") == []  # 公安分局 answers for the seal only


def test_a_clerk_who_approves_it_registers_the_company(big):
    run_until_idle("test-worker")
    clerk = User.objects.get(username="d002-reviewer").staff_profile
    step = process_for(big).steps.get(name="register")
    assert staff.act(step.pk, clerk, "approve", "出资安排已核实") == "已审核通过，“设立登记及营业执照”将重新执行"
    run_until_idle("test-worker")
    case = Case.objects.get(pk=big.pk)
    assert case.status == Status.COMPLETED
    assert "经区市场监管局" in case.events.get(action="accept").reason


def test_a_clerk_who_gives_up_ends_the_case_not_approved_with_the_reason(big):
    run_until_idle("test-worker")
    clerk = User.objects.get(username="d002-reviewer").staff_profile
    step = process_for(big).steps.get(name="register")
    with pytest.raises(staff.StaffActionError, match="终止办理须填写原因"):
        staff.act(step.pk, clerk, "give_up", " ")
    staff.act(step.pk, clerk, "give_up", "出资来源说明不足")
    case = Case.objects.get(pk=big.pk)
    assert case.status == Status.NOT_APPROVED and "出资来源说明不足" in case.events.last().reason
    assert process_for(big).state == ProcessState.FAILED


def test_another_departments_clerk_cannot_act_on_the_step(big):
    run_until_idle("test-worker")
    police = User.objects.get(username="d009-window").staff_profile
    step = process_for(big).steps.get(name="register")
    with pytest.raises(staff.StaffActionError, match="不在本部门的待处理列表中"):
        staff.act(step.pk, police, "retry", "")


def _first_page_png(pdf: bytes, dpi: int = 200) -> bytes:
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_the_licence_pdf_carries_a_qr_that_opens_the_public_verify_page(submitted, founder):
    run_until_idle("test-worker")
    licence = StartupApplication.objects.get(case=submitted).licence
    client = Client()
    client.force_login(founder.user)
    response = client.get(reverse("certs:certificate-pdf", args=[licence.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    texts = qr.read(_first_page_png(response.content))
    verify = "http://testserver" + reverse("verify")
    assert len(texts) == 1 and texts[0].startswith(verify + "?c=")
    page = Client().get(texts[0].removeprefix("http://testserver"))
    assert page.status_code == 200
    assert licence.holder_company.name in page.content.decode()
