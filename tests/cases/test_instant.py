"""秒批 end to end at the service level: data from the population-register simulator, CEL rules,
approve / reject / refer, the result in the wallet, replay and dry run, and every failure → refer."""

import datetime as dt
import secrets

import pytest
from django.utils import timezone

from onestop.accounts.models import Person
from onestop.cases import instant_step, services
from onestop.cases.instant import decide_instantly
from onestop.cases.models import Case, Status
from onestop.catalog.models import Department, ItemStatus, ServiceItem
from onestop.certs.models import AccessRecord
from onestop.exchange import services as exchange
from onestop.exchange.models import SourceHealth
from onestop.processes.models import StepRun, StepState
from onestop.processes.transitions import claim_steps
from onestop.processes.worker import run_claimed
from onestop.rules import services as rules
from onestop.rules.models import Decision, RuleSet

ELDERLY_RULES = {
    "item": "测试高龄津贴",
    "title": "高龄津贴秒批规则（测试）",
    "sources": ["population"],
    "params": [{"name": "min_age", "label": "起始年龄", "unit": "周岁", "value": 80, "effective_from": "2020-01-01",
                "basis": "《珠海市高龄老人津贴发放办法》"}],
    "facts": [
        {"name": "age", "label": "年龄", "unit": "周岁", "expr": "age_on(population.birth_date, today)"},
        {"name": "local_hukou", "label": "户籍所在地", "expr": "population.division_code.startsWith('440403')",
         "display": {"true": "斗门区户籍", "false": "非斗门区户籍"}},
    ],
    "checks": [
        {"id": "age", "indicator": "年龄", "expr": "age >= min_age", "pass_text": "年龄 {age} 周岁，满足 ≥{min_age} 周岁",
         "fail_text": "年龄 {age} 周岁，未满 {min_age} 周岁", "basis": "《珠海市高龄老人津贴发放办法》", "on_fail": "reject"},
        {"id": "hukou", "indicator": "户籍", "expr": "local_hukou", "pass_text": "{local_hukou}，符合",
         "fail_text": "{local_hukou}，须由窗口核实", "on_fail": "refer"},
    ],
    "result": {"kind": "notice", "title": "高龄津贴核准通知书", "text": "经审核，您符合高龄津贴发放条件，自次月起按月发放。"},
}


@pytest.fixture
def instant_item(db, population, settings):
    settings.ONESTOP_DATA_SOURCE_URLS = {"population": population.base_url, "household": population.base_url}
    settings.ONESTOP_SIMULATOR_TOKEN = population.token
    item = ServiceItem.objects.create(
        code=f"TESTI{secrets.token_hex(4)}", name="测试高龄津贴", department=Department.objects.get(code="D008"),
        item_type="行政给付", for_person=True, handling="online", statutory_days=5, promised_days=1,
        status=ItemStatus.PUBLISHED, instant_approval=True,
    )
    exchange.grant(item, "population", "高龄津贴资格核验")
    rules.publish_rule_set(rules.create_draft(item, ELDERLY_RULES))
    return item


def _person(older_than: int | None = None, younger_than: int | None = None) -> Person:
    today = timezone.localdate()
    people = Person.objects.filter(user__isnull=False)
    if older_than:
        people = people.filter(birth_date__lte=today.replace(year=today.year - older_than))
    if younger_than:
        people = people.filter(birth_date__gt=today.replace(year=today.year - younger_than))
    return people.order_by("pk").first()


def _apply(item, person, **kw):
    return services.submit_application(services.Submission(
        item=item, applicant=services.applicant_for(person.user), idempotency_key=secrets.token_urlsafe(12),
        form={"contact_name": person.name, "contact_phone": "13800138000", "description": "申请高龄津贴"}, **kw))


def test_qualifying_resident_is_approved_in_the_same_call_with_trace_and_wallet_result(instant_item):
    person = _person(older_than=80)
    case = _apply(instant_item, person)
    assert case.status == Status.COMPLETED and not case.instant_pending
    decision = case.decision
    assert decision.outcome == Decision.Outcome.APPROVE
    texts = [t["text"] for t in decision.trace["trace"]]
    today = timezone.localdate()
    age = today.year - person.birth_date.year - ((today.month, today.day) < (person.birth_date.month, person.birth_date.day))
    assert age >= 80 and f"年龄 {age} 周岁，满足 ≥80 周岁" in texts, texts
    cert = case.result_certificate
    assert cert.holder_person == person and cert.cert_type.name == "审批结果通知书" and cert.signed
    assert [e.to_status for e in case.events.all()] == [Status.SUBMITTED, Status.ACCEPTED, Status.COMPLETED]
    # The read of the population register is in the access log, for the holder to see.
    assert AccessRecord.objects.filter(action="data_read", holder_person=person, certificate_type="户籍人口库").exists()


def test_too_young_is_rejected_citing_the_failed_condition(instant_item):
    person = _person(younger_than=60)
    case = _apply(instant_item, person)
    assert case.status == Status.NOT_APPROVED
    assert any("未满 80 周岁" in r for r in case.decision.reasons)
    assert case.result_certificate is None


def test_source_down_refers_with_the_reason_never_fails(instant_item, population):
    population.post("/_sim/faults", {"fail_rate": 1.0, "status": 503})
    case = _apply(instant_item, _person(older_than=80))
    assert case.status == Status.SUBMITTED and not case.instant_pending
    assert case.decision.outcome == Decision.Outcome.REFER
    assert any("数据源不可用" in r and "户籍人口库" in r for r in case.review_reasons)
    assert case.events.last().action == "refer"


def test_slow_source_times_out_and_refers(instant_item, population):
    from onestop.exchange.models import DataSource

    DataSource.objects.filter(code="population").update(timeout_ms=300)
    population.post("/_sim/faults", {"delay_ms": 1500})
    case = _apply(instant_item, _person(older_than=80))
    assert case.decision.outcome == Decision.Outcome.REFER
    assert any("响应超时" in r for r in case.review_reasons)


def test_repeated_failures_open_the_breaker_and_later_calls_skip_the_source(instant_item, population):
    population.post("/_sim/faults", {"fail_rate": 1.0, "status": 500})
    for _ in range(exchange.FAILURE_THRESHOLD):
        _apply(instant_item, _person(older_than=80))
    health = SourceHealth.objects.get(source__code="population")
    assert health.open_until and health.open_until > timezone.now()
    failures = health.failures
    case = _apply(instant_item, _person(older_than=80))  # the source still fails, but is not even tried
    assert any("熔断中" in r for r in case.review_reasons)
    assert SourceHealth.objects.get(source__code="population").failures == failures
    population.request("DELETE", "/_sim/faults")
    SourceHealth.objects.filter(source__code="population").update(open_until=timezone.now() - dt.timedelta(seconds=1))
    case = _apply(instant_item, _person(older_than=80))  # half-open: one call goes through and closes it
    assert case.status == Status.COMPLETED
    assert SourceHealth.objects.get(source__code="population").consecutive_failures == 0


def test_rule_set_that_fails_to_evaluate_refers_never_approves(instant_item):
    broken = {**ELDERLY_RULES, "facts": [{"name": "age", "label": "年龄", "unit": "周岁",
                                          "expr": "age_on(population.no_such_field, today)"}] + ELDERLY_RULES["facts"][1:]}
    rules.publish_rule_set(rules.create_draft(instant_item, broken))
    case = _apply(instant_item, _person(older_than=80))
    assert case.decision.outcome == Decision.Outcome.REFER
    assert case.status == Status.SUBMITTED


def test_decision_replays_exactly_and_dry_run_shows_changes(instant_item):
    old = _apply(instant_item, _person(older_than=80))
    assert rules.replay(old.decision)["outcome"] == old.decision.outcome
    assert rules.replay(old.decision)["trace"] == old.decision.trace["trace"]
    stricter = {**ELDERLY_RULES, "params": [{**ELDERLY_RULES["params"][0], "value": 120}]}
    draft = rules.create_draft(instant_item, stricter)
    rows = rules.dry_run(draft)
    row = next(r for r in rows if r.decision.pk == old.decision.pk)
    assert row.changed and row.new_outcome == "reject"
    assert RuleSet.objects.get(pk=draft.pk).status == RuleSet.Status.DRAFT  # a dry run publishes nothing


def test_publishing_needs_a_grant_for_every_source(instant_item):
    with_marriage = {**ELDERLY_RULES, "sources": ["population", "marriage"]}
    draft = rules.create_draft(instant_item, with_marriage)
    with pytest.raises(rules.RuleSetProblem) as exc:
        rules.publish_rule_set(draft)
    assert "婚姻登记信息" in exc.value.messages[0]


def test_rule_set_cannot_run_code():
    evil = {**ELDERLY_RULES, "facts": [{"name": "age", "label": "年龄", "expr": "__import__('os').system('touch /tmp/pwned')"}]}
    with pytest.raises(rules.RuleSetProblem):
        rules.parse_definition(evil)


def test_undecided_case_is_decided_once_even_if_asked_twice(instant_item):
    person = _person(older_than=80)
    case = services.submit_application(services.Submission(
        item=instant_item, applicant=services.applicant_for(person.user), idempotency_key=secrets.token_urlsafe(12),
        form={"contact_name": person.name, "contact_phone": "13800138000", "description": "申请"}), decide_now=False)
    assert case.instant_pending and case.status == Status.SUBMITTED
    first = decide_instantly(case.pk)
    second = decide_instantly(case.pk)
    assert first.decision_id == second.decision_id
    assert Decision.objects.filter(case_number=case.number).count() == 1
    assert Case.objects.get(pk=case.pk).status == Status.COMPLETED


def test_demo_senior_allowance_reads_the_certificate_library_by_type_name(db, registers):
    """The demo rule set checks '社会保障卡' in certificates: the certificate source must answer keyed by type."""
    item = ServiceItem.objects.get(name="80周岁以上老年人高龄津贴发放")
    person = Person.objects.get(name="谭棠祥")
    applicant = services.applicant_for(person.user)
    options = services.material_options(item, applicant)
    case = services.submit_application(services.Submission(
        item=item, applicant=applicant, idempotency_key=secrets.token_urlsafe(12),
        form={"name": person.name, "birth_date": person.birth_date.isoformat(), "mobile": person.mobile, "applicant_role": "本人申请"},
        use_certificates={o.material.pk for o in options if o.certificate}))
    assert case.decision.outcome == Decision.Outcome.APPROVE, case.decision.reasons
    account = next(t for t in case.decision.trace["trace"] if t["check"] == "account")
    assert account["outcome"] == "pass"
    assert case.materials.filter(kind="certificate").count() >= 2  # 免证: e-certificates attached with consent


def test_an_unexpected_failure_while_deciding_leaves_the_case_queued_not_an_error(instant_item, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("signing service down")

    monkeypatch.setattr("onestop.cases.instant.rules.decide", broken)
    case = _apply(instant_item, _person(older_than=80))
    assert case.pk and case.instant_pending and case.status == Status.SUBMITTED
    step = StepRun.objects.get(process__subject=instant_step.subject(case.pk))
    assert step.state == StepState.READY and "RuntimeError" in step.reason  # retried after a back-off
    monkeypatch.undo()
    [claim] = claim_steps("worker", now=step.next_attempt_at)  # what a process worker does later
    assert run_claimed(claim)
    assert Case.objects.get(pk=case.pk).status == Status.COMPLETED
