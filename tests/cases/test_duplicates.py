"""秒批 does not grant the same benefit twice: a rule set that reads ``earlier`` (the applicant's
other cases of the item) refuses while another is pending or approved, names that case in the trace,
and lets the applicant apply again once the earlier one was rejected, withdrawn or its result revoked.
The paying register (惠民惠农补贴发放记录) stops a subsidy that is already being paid."""

import secrets

import pytest
from django.utils import timezone

from onestop.accounts import identity
from onestop.accounts.models import IdentityVerification, Person, User
from onestop.cases import services
from onestop.cases.instant import decide_instantly
from onestop.cases.models import Case, Status
from onestop.catalog.models import Department, ItemStatus, ServiceItem
from onestop.certs.services import revoke_certificate
from onestop.exchange import services as exchange
from onestop.rules import services as rules
from onestop.rules.models import Decision

from .conftest import pdf
from .test_instant import ELDERLY_RULES, _person

# The test rule set of test_instant, with the check every demo subsidy rule set now has.
ONCE_RULES = {
    **ELDERLY_RULES,
    "facts": ELDERLY_RULES["facts"] + [
        {"name": "earlier_cases", "label": "本平台同一事项办件", "expr": "earlier.summary"},
        {"name": "duplicate_case", "label": "重复申请", "expr": "earlier.count > 0"},
    ],
    "checks": ELDERLY_RULES["checks"] + [
        {"id": "no_earlier_case", "indicator": "重复申请", "expr": "!duplicate_case",
         "pass_text": "本平台无在办或已核准的同一事项申请", "fail_text": "本平台已有{earlier_cases}，不重复核准",
         "basis": "高龄津贴不重复核准", "on_fail": "reject"},
    ],
}


def _item(definition) -> ServiceItem:
    item = ServiceItem.objects.create(
        code=f"TESTD{secrets.token_hex(4)}", name="测试高龄津贴", department=Department.objects.get(code="D008"),
        item_type="行政给付", for_person=True, handling="online", statutory_days=5, promised_days=1,
        status=ItemStatus.PUBLISHED, instant_approval=True,
    )
    exchange.grant(item, "population", "高龄津贴资格核验")
    rules.publish_rule_set(rules.create_draft(item, definition))
    return item


@pytest.fixture
def population_source(db, population, settings):
    settings.ONESTOP_DATA_SOURCE_URLS = {"population": population.base_url, "household": population.base_url}
    settings.ONESTOP_SIMULATOR_TOKEN = population.token


@pytest.fixture
def once_item(population_source):
    return _item(ONCE_RULES)


def _apply(item, person, *, decide_now=True):
    return services.submit_application(services.Submission(
        item=item, applicant=services.applicant_for(person.user), idempotency_key=secrets.token_urlsafe(12),
        form={"contact_name": person.name, "contact_phone": "13800138000", "description": "申请高龄津贴"}),
        decide_now=decide_now)


def _check(case, check_id):
    return next(t for t in case.decision.trace["trace"] if t["check"] == check_id)


def test_second_application_after_an_approval_is_rejected_naming_the_approved_case(once_item):
    person = _person(older_than=80)
    first = _apply(once_item, person)
    assert first.status == Status.COMPLETED
    second = _apply(once_item, person)
    assert second.status == Status.NOT_APPROVED and second.result_certificate is None
    assert second.decision.outcome == Decision.Outcome.REJECT
    check = _check(second, "no_earlier_case")
    assert check["outcome"] == "fail" and first.number in check["text"] and "已办结" in check["text"]
    assert any(first.number in r for r in second.decision.reasons)
    assert second.decision.snapshot["earlier"]["count"] == 1
    assert rules.replay(second.decision)["outcome"] == "reject"  # the stored snapshot holds what was read


def test_application_while_an_earlier_one_is_pending_is_rejected_and_the_earlier_one_still_approves(once_item):
    person = _person(older_than=80)
    pending = _apply(once_item, person, decide_now=False)
    assert pending.instant_pending
    later = _apply(once_item, person)
    assert later.status == Status.NOT_APPROVED
    assert pending.number in _check(later, "no_earlier_case")["text"]
    assert "已提交" in _check(later, "no_earlier_case")["text"]
    # The later case was rejected, so it does not stand in the way of the earlier one.
    assert decide_instantly(pending.pk).status == Status.COMPLETED
    cases = Case.objects.filter(item=once_item, applicant_person=person)
    assert cases.filter(status=Status.COMPLETED).count() == 1


def test_a_later_case_still_undecided_does_not_block_the_earlier_one(once_item):
    person = _person(older_than=80)
    first = _apply(once_item, person, decide_now=False)
    second = _apply(once_item, person, decide_now=False)
    assert decide_instantly(first.pk).status == Status.COMPLETED
    assert decide_instantly(second.pk).status == Status.NOT_APPROVED


@pytest.mark.parametrize("end", ["withdraw", "revoke"])
def test_after_the_earlier_case_ended_the_applicant_may_apply_again(once_item, end):
    person = _person(older_than=80)
    if end == "withdraw":
        first = _apply(once_item, person, decide_now=False)
        services.withdraw_case(first, person.user, "申请信息填写有误")
    else:
        first = _apply(once_item, person)
        revoke_certificate(first.result_certificate, "户籍迁出本区，停发高龄津贴")
    again = _apply(once_item, person)
    assert again.status == Status.COMPLETED, again.decision.reasons
    assert _check(again, "no_earlier_case")["text"] == "本平台无在办或已核准的同一事项申请"


def test_a_rejected_earlier_case_does_not_count(once_item):
    person = _person(older_than=80)
    rules.publish_rule_set(rules.create_draft(once_item, {
        **ONCE_RULES, "params": [{**ONCE_RULES["params"][0], "value": 120}]}))
    assert _apply(once_item, person).status == Status.NOT_APPROVED
    rules.publish_rule_set(rules.create_draft(once_item, ONCE_RULES))
    assert _apply(once_item, person).status == Status.COMPLETED


def test_other_people_and_other_items_do_not_count(once_item):
    person = _person(older_than=80)
    today = timezone.localdate()
    other = Person.objects.filter(user__isnull=False, birth_date__lte=today.replace(year=today.year - 80)).exclude(
        pk=person.pk).order_by("pk").first()
    assert _apply(once_item, person).status == Status.COMPLETED
    assert _apply(once_item, other).status == Status.COMPLETED
    case = _apply(_item(ONCE_RULES), person)
    assert case.status == Status.COMPLETED, case.decision.reasons


def test_a_rule_set_that_does_not_read_earlier_cases_is_unchanged(population_source):
    instant_item = _item(ELDERLY_RULES)
    person = _person(older_than=80)
    assert _apply(instant_item, person).status == Status.COMPLETED
    second = _apply(instant_item, person)
    assert second.status == Status.COMPLETED  # ELDERLY_RULES declares no such check
    assert "earlier" not in second.decision.snapshot


def _account_for(name: str) -> Person:
    person = Person.objects.get(name=name)
    if person.user_id is None:
        # A citizen account bound to the person, as a window clerk's check of the ID card would bind it.
        user = User.objects.create_user(username=f"test-{secrets.token_hex(4)}", kind=User.Kind.CITIZEN)
        identity.bind(user, person, person.name, person.id_number(), {})
        identity.record(user, person, IdentityVerification.Method.WINDOW, "测试：窗口核验身份证原件")
    return person


def _demo_senior_allowance(person):
    item = ServiceItem.objects.get(name="80周岁以上老年人高龄津贴发放")
    applicant = services.applicant_for(person.user)
    options = services.material_options(item, applicant)
    return services.submit_application(services.Submission(
        item=item, applicant=applicant, idempotency_key=secrets.token_urlsafe(12),
        form={"name": person.name, "birth_date": person.birth_date.isoformat(), "mobile": person.mobile or "13800138000",
              "applicant_role": "本人申请"},
        use_certificates={o.material.pk for o in options if o.certificate},
        uploads={o.material.pk: pdf() for o in options if not o.certificate and not o.online_form}))


def test_demo_senior_allowance_already_paid_by_the_register_is_rejected(db, registers):
    case = _demo_senior_allowance(_account_for("陈根生"))  # 一卡通: 高龄津贴 发放中 since 2020-05
    assert case.decision.outcome == Decision.Outcome.REJECT, case.decision.reasons
    paid = _check(case, "not_paid")
    assert paid["outcome"] == "fail" and "正在发放" in paid["text"]


def test_demo_senior_allowance_stopped_in_the_register_may_be_granted_again(db, registers):
    case = _demo_senior_allowance(_account_for("赵福池"))  # 一卡通: 高龄津贴 已停发 2025-06
    assert _check(case, "not_paid")["outcome"] == "pass", case.decision.reasons
    assert _check(case, "no_earlier_case")["outcome"] == "pass"


def test_demo_senior_allowance_twice_gives_one_approval(db, registers):
    person = Person.objects.get(name="谭棠祥")
    first, second = _demo_senior_allowance(person), _demo_senior_allowance(person)
    assert first.decision.outcome == Decision.Outcome.APPROVE, first.decision.reasons
    assert second.decision.outcome == Decision.Outcome.REJECT
    assert first.number in _check(second, "no_earlier_case")["text"]


def test_paying_register_down_refers_never_approves(db, registers):
    registers["subsidy_payments"].post("/_sim/faults", {"fail_rate": 1.0, "status": 503})
    case = _demo_senior_allowance(Person.objects.get(name="谭棠祥"))
    assert case.decision.outcome == Decision.Outcome.REFER
    assert any("惠民惠农补贴发放记录" in r for r in case.review_reasons)
