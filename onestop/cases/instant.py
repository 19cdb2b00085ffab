"""Instant approval (秒批) of one case: read the rule set's data sources, evaluate, and carry out
the decision — approve and issue the result into the wallet, reject with the failed conditions, or
refer to the department's reviewers with the reasons. Idempotent: a case is decided once."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from onestop.accounts.services import register_company
from onestop.certs.models import CertificateType
from onestop.certs.services import issue_certificate
from onestop.exchange import services as exchange
from onestop.rules import engine
from onestop.rules import services as rules
from onestop.rules.models import Decision

from . import history, workflow
from .models import Case
from .results import issue_item_certificate
from .workflow import SYSTEM, SYSTEM_ACTOR

log = logging.getLogger(__name__)
NOTICE_TYPE = "审批结果通知书"


def applicant_facts(case: Case) -> dict:
    if case.applicant_company_id:
        c = case.applicant_company
        return {"kind": "company", "name": c.name, "uscc": c.uscc}
    p = case.applicant_person
    return {"kind": "person", "name": p.name, "gender": p.get_gender_display(), "birth_date": p.birth_date.isoformat(),
            "division_code": p.division_code}


def decide_instantly(case_id: int) -> Case:
    case = Case.objects.select_related("item", "department", "applicant_person", "applicant_company__legal_representative").get(pk=case_id)
    if not case.instant_pending:
        return case
    rule_set = rules.published_for(case.item)
    if rule_set is None:
        return refer(case.pk, "本事项暂无已发布的秒批规则")
    try:
        compiled = rules.parsed(rule_set)
    except rules.RuleSetProblem as exc:
        log.error("rule set %s of %s does not parse: %s", rule_set.pk, case.item.code, exc)
        compiled = None
    sources = {}
    if compiled is not None:
        # Outside any transaction: slow sources must not hold row locks.
        results = exchange.read_sources(list(compiled.sources), exchange.ReadRequest(
            item=case.item, purpose=f"秒批 {case.number}", actor=f"{case.department.name} {SYSTEM_ACTOR}",
            person=case.applicant_person, company=case.applicant_company, actor_department=case.department,
        ))
        sources = {code: rules.source_value(r.ok, r.record, r.reason) for code, r in results.items()}
    with transaction.atomic():
        case = _claim(case.pk)
        if case is None:
            return Case.objects.get(pk=case_id)  # another process decided it meanwhile
        earlier = None
        if compiled is not None and "earlier" in compiled.input_fields:
            # Read under the applicant's lock, in the transaction that approves: of two applications
            # for the same item decided at once, the second sees the first (cases/history.py).
            history.lock_applicant(case)
            earlier = history.earlier_cases(case)
        snapshot = rules.snapshot(compiled, today=timezone.localdate().isoformat(), applicant=applicant_facts(case),
                                  form=case.form_data, sources=sources, earlier=earlier)
        decision = rules.decide(rule_set, case_number=case.number, snapshot=snapshot)
        case.decision, case.instant_pending = decision, False
        if decision.outcome == Decision.Outcome.APPROVE:
            _approve(case, decision, rule_set.definition.get("result") or {})
        elif decision.outcome == Decision.Outcome.REJECT:
            workflow.transition(case, "reject", user=None, actor=SYSTEM_ACTOR, role=SYSTEM,
                                reason="；".join(decision.reasons) or "不符合秒批条件")
        else:
            case.review_reasons = decision.reasons
            workflow.transition(case, "refer", user=None, actor=SYSTEM_ACTOR, role=SYSTEM,
                                reason="转人工审核：" + ("；".join(decision.reasons) or "须由工作人员核实"))
    return case


def _claim(case_id: int) -> Case | None:
    """Takes the case's pending decision: a conditional UPDATE, the transaction's first statement. It
    locks the row on PostgreSQL and takes SQLite's write lock before anything is read, so the reads
    that follow see every decision committed before (a deferred SQLite transaction that read first
    could not write after another writer committed). None if another process decided it already."""
    if not Case.objects.filter(pk=case_id, instant_pending=True).update(instant_pending=False):
        return None
    return Case.objects.select_related("item", "department", "applicant_person", "applicant_company").get(pk=case_id)


def refer(case_id: int, reason: str) -> Case:
    """Hands a case still waiting for 秒批 to the department's reviewers with ``reason`` (no rule set
    to decide it, or deciding kept failing). Does nothing to a case already decided."""
    with transaction.atomic():
        case = workflow.locked(case_id)
        if not case.instant_pending:
            return case
        case.instant_pending, case.review_reasons = False, [reason]
        return workflow.transition(case, "refer", user=None, actor=SYSTEM_ACTOR, role=SYSTEM,
                                   reason=f"转人工审核：{reason}")


def _approve(case: Case, decision: Decision, result: dict) -> None:
    """受理 and 办结 in one write (the table's 秒批 approval): two timeline events, one notification."""
    text = result.get("text") or "经审核，您的申请符合条件，准予办理。"
    computed = decision.trace.get("result") or {}
    text = computed.get("text") or text
    case.result_certificate = issue_result(case, text=text, certificate=computed.get("fields"), result=result)
    case.result_text = text
    workflow.transition(case, "approve", user=None, actor=SYSTEM_ACTOR, role=SYSTEM, reason=text)


def reviewed_result(case: Case) -> tuple[dict, dict | None]:
    """For a case 秒批 referred and a reviewer approves: the rule set's result spec and the certificate
    fields computed from the decision's snapshot, so that the approval issues what 秒批 would have
    (a 营业执照 for the business it registers) rather than a notice. ({}, None) when there is none."""
    decision = case.decision
    if decision is None or (decision.rule_set.definition.get("result") or {}).get("kind") != "certificate":
        return {}, None
    computed = engine.replay(rules.parsed(decision.rule_set), decision.snapshot, reviewer_approved=True).result
    return decision.rule_set.definition["result"], (computed or {}).get("fields")


def issue_result(case: Case, *, text: str, result: dict | None = None, certificate: dict | None = None):
    """The signed result in the applicant's wallet: the certificate the rules produced, or an
    approval notice (审批结果通知书) from the deciding department."""
    holder = {"holder_company": case.applicant_company} if case.applicant_company_id else {"holder_person": case.applicant_person}
    result = result or {}
    if result.get("kind") == "certificate" and certificate:
        cert_type = CertificateType.objects.filter(name=result.get("certificate_type")).first()
        if cert_type is not None:
            expected = {f["key"] for f in cert_type.fields}
            fields = {k: str(v) for k, v in certificate.items() if k in expected}
            if cert_type.holder_kind == "company" and not case.applicant_company_id:
                # A person's approved registration (个体工商户) creates the market entity that holds the licence.
                company = register_company(
                    name=str(case.form_data.get("business_name") or f"{case.applicant_name}（个体工商户）"),
                    company_type=fields.get("company_type", "个体工商户"), representative=case.applicant_person,
                    address=fields.get("address", ""), scope=fields.get("scope", ""),
                )
                holder = {"holder_company": company}
                return issue_certificate(cert_type, **holder, fields=fields, number=company.uscc)
            return issue_certificate(cert_type, **holder, fields=fields)
    item_certificate = issue_item_certificate(case)  # the item's result is itself a certificate
    if item_certificate is not None:
        return item_certificate
    notice = CertificateType.objects.get(name=NOTICE_TYPE)
    fields = {"item_name": case.item.name, "case_number": case.number, "decision": "准予办理",
              "decided_on": timezone.localdate().isoformat(), "department": case.department.full_name, "text": text[:500]}
    return issue_certificate(notice, **holder, fields=fields, issuer=case.department)
