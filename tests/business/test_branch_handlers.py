"""Each branch handler against its real simulator subprocess: what it sends and returns, that a
repeated attempt makes no second order, and which failures are retryable and which go to staff."""

from __future__ import annotations

import socket

import pytest

from onestop.accounts.models import Person
from onestop.business.branches import bank, seal, social_insurance, tax
from onestop.business.branches.handlers import DEPARTMENT_OF_STEP
from onestop.processes.handlers import PermanentFailure, RetryableFailure, StepContext
from tests.business.startup import BRANCHES, ORDER_PATHS, new_company, startup_inputs

HANDLERS = {"seal": seal.order_seals, "bank": bank.book_account_opening, "tax": tax.register_taxpayer,
            "social_insurance": social_insurance.register_employer}


def _context(step: str, company: dict | None = None, attempt: int = 1, **inputs) -> StepContext:
    company = company or new_company()
    registered = {**company, "company_id": 1, "licence_certificate_id": 1, "registered_on": "2026-12-02"}
    return StepContext(process_id=1, step=step, subject="case:1", inputs=startup_inputs(company, **inputs),
                       upstream={"register": registered}, attempt=attempt,
                       idempotency_key=f"test-{company['uscc']}-{step}")


def _orders(client, step, uscc):
    return client.get(f"{ORDER_PATHS[step]}?uscc={uscc}").body["orders"]


@pytest.mark.parametrize("step", BRANCHES)
def test_a_branch_returns_its_reference_and_a_summary_and_a_retry_makes_no_second_order(branch_systems, step):
    ctx = _context(step)
    first = HANDLERS[step](ctx)
    again = HANDLERS[step](_context(step, ctx.upstream["register"], attempt=2))
    assert again == first and first["summary"]
    orders = _orders(branch_systems[step], step, ctx.upstream["register"]["uscc"])
    assert len(orders) == 1


def test_seal_summary_names_the_seals_the_date_and_the_place(branch_systems):
    out = seal.order_seals(_context("seal"))
    assert set(out["filing_numbers"]) == {"official", "finance", "invoice"}
    assert out["summary"].startswith("印章已刻制备案（公章、财务专用章、发票专用章），可于 ")
    assert out["summary"].endswith("起到斗门区井岸镇印章刻制服务点领取")


@pytest.mark.django_db
def test_the_representatives_seal_carries_the_name_of_the_person(branch_systems):
    person = Person.objects.order_by("pk").first()
    ctx = _context("seal", representative_person_id=person.pk,
                   seal={"maker_code": "seal_centre", "kinds": ["official", "representative"]})
    seal.order_seals(ctx)
    [order] = _orders(branch_systems["seal"], "seal", ctx.upstream["register"]["uscc"])
    assert order["representative_name"] == person.name


@pytest.mark.django_db
def test_a_representatives_seal_without_a_known_person_goes_to_staff(branch_systems):
    ctx = _context("seal", representative_person_id=None, seal={"maker_code": "seal_centre",
                                                                "kinds": ["official", "representative"]})
    with pytest.raises(PermanentFailure, match="未找到法定代表人的实名信息"):
        seal.order_seals(ctx)


def test_bank_tax_and_social_insurance_summaries(branch_systems):
    booking = bank.book_account_opening(_context("bank"))
    assert "开立基本存款账户，预约号 KH" in booking["summary"] and "中国工商银行珠海斗门支行" in booking["summary"]
    taxes = tax.register_taxpayer(_context("tax"))
    assert taxes["summary"] == "已办理新办纳税人登记（小规模纳税人），可开具数电发票（普通发票），每月开票额度 10万元"
    insured = social_insurance.register_employer(_context("social_insurance"))
    assert "住房公积金单位缴存登记（单位账号 " in insured["summary"]
    alone = social_insurance.register_employer(_context("social_insurance",
                                                        social_insurance={"employees": 0, "housing_fund": False}))
    assert alone["housing_fund_account"] is None and "公积金" not in alone["summary"]


@pytest.mark.parametrize("step", BRANCHES)
def test_a_system_that_is_down_is_a_retryable_failure(branch_systems, step):
    branch_systems[step].post("/_sim/faults", {"fail_rate": 1, "status": 503})
    with pytest.raises(RetryableFailure, match=r"暂时无法受理（HTTP 503）"):
        HANDLERS[step](_context(step))


def test_a_system_that_does_not_answer_in_time_is_retryable(branch_systems, settings):
    settings.ONESTOP_BRANCH_TIMEOUT_SECONDS = 0.3
    branch_systems["tax"].post("/_sim/faults", {"delay_ms": 1000})
    with pytest.raises(RetryableFailure, match=r"电子税务局在 0.3 秒内未答复"):
        tax.register_taxpayer(_context("tax"))


def test_a_system_that_refuses_connections_is_retryable(branch_systems, settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    settings.ONESTOP_BRANCH_URLS = {**settings.ONESTOP_BRANCH_URLS, "bank": f"http://127.0.0.1:{closed}"}
    with pytest.raises(RetryableFailure, match=r"银行开户预约系统暂时无法连接（ConnectError）"):
        bank.book_account_opening(_context("bank"))


def test_an_answer_lost_after_the_order_was_made_is_retried_into_the_same_order(branch_systems, settings):
    settings.ONESTOP_BRANCH_TIMEOUT_SECONDS = 0.5
    branch_systems["social_insurance"].post("/_sim/faults", {"hold_response_ms": 1500})
    ctx = _context("social_insurance")
    with pytest.raises(RetryableFailure):
        social_insurance.register_employer(ctx)
    branch_systems["social_insurance"].request("DELETE", "/_sim/faults")
    out = social_insurance.register_employer(_context("social_insurance", ctx.upstream["register"], attempt=2))
    [order] = _orders(branch_systems["social_insurance"], "social_insurance", ctx.upstream["register"]["uscc"])
    assert out["registration_id"] == order["registration_id"]


@pytest.mark.parametrize(("step", "inputs", "reason"), [
    ("seal", {"seal": {"maker_code": "seal_nowhere", "kinds": ["official"]}},
     "公章刻制备案系统不予受理：刻章单位不存在（可选：seal_jingan、seal_baiteng、seal_centre）。"
     "所选刻章单位未在公安机关备案，请与申请人另选刻章单位"),
    ("bank", {"bank": {"bank_code": "icbc_doumen", "appointment_date": "2020-01-06"}}, "请与申请人另约日期"),
    ("tax", {"tax": {"taxpayer_type": "individual", "invoice_kinds": ["digital_ordinary"],
                     "monthly_invoice_limit_fen": 100}}, "请与申请人核对纳税人类型"),
    ("social_insurance", {"social_insurance": {"employees": -2}}, "请与申请人核对职工人数"),
])
def test_a_refusal_goes_to_staff_with_what_to_do(branch_systems, step, inputs, reason):
    with pytest.raises(PermanentFailure) as refused:
        HANDLERS[step](_context(step, **inputs))
    assert reason in refused.value.reason


def test_a_missing_choice_goes_to_staff_without_calling_the_system(branch_systems):
    ctx = _context("bank", bank={"bank_code": "icbc_doumen"})
    with pytest.raises(PermanentFailure, match=r"申请表中缺少“bank.appointment_date”"):
        bank.book_account_opening(ctx)
    assert _orders(branch_systems["bank"], "bank", ctx.upstream["register"]["uscc"]) == []


def test_without_a_registered_company_nothing_is_ordered(branch_systems):
    ctx = StepContext(process_id=1, step="tax", subject="case:1", inputs=startup_inputs(new_company()),
                      upstream={"register": {}}, idempotency_key="k")
    with pytest.raises(PermanentFailure, match="设立登记未给出统一社会信用代码"):
        tax.register_taxpayer(ctx)


def test_a_rejected_token_goes_to_staff_for_the_administrator(branch_systems, settings):
    settings.ONESTOP_BRANCH_TOKENS = {**settings.ONESTOP_BRANCH_TOKENS, "seal": "not-the-token"}
    with pytest.raises(PermanentFailure, match=r"拒绝了平台的访问令牌（invalid_token），请系统管理员核对"):
        seal.order_seals(_context("seal"))


def test_each_branch_names_the_department_that_handles_it():
    assert DEPARTMENT_OF_STEP == {"seal": "D009", "bank": "D002", "tax": "D026", "social_insurance": "D007"}
