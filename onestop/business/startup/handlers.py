"""The start-up's own steps on the process engine: ``business.register`` (rules, company, USCC,
licence, the case accepted) and ``business.complete`` (the case finished with every branch's
outcome). Both are idempotent per (process, step): their effects are keyed on the case."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from onestop.accounts.services import register_company
from onestop.cases.models import Status
from onestop.certs.models import CertificateType
from onestop.certs.services import issue_certificate
from onestop.processes.handlers import PermanentFailure, StepContext, step_handler

from ..models import NameEvent, NameStatus, StartupApplication
from . import case_moves, choices
from .process import BRANCHES, DEFINITION
from .review import referral_reasons

LICENCE_TYPE = "营业执照"
COMPANY_REGISTRY = "91"  # GB 32100: 9 = registered by market regulation, 1 = enterprise
STEP_TITLES = {s["name"]: s["title"] for s in DEFINITION["steps"]}


def capital_text(fen: int) -> str:
    """As the licence prints it: 人民币壹拾万元 is written here in figures, 人民币10万元."""
    wan = fen / 100 / 10000
    return f"人民币{wan:,.6f}".rstrip("0").rstrip(".") + "万元"


def scope_text(scope: list[str]) -> str:
    general = [w for w in scope if choices.SCOPE_KIND.get(w) != "许可项目"]
    licensed = [w for w in scope if choices.SCOPE_KIND.get(w) == "许可项目"]
    parts = []
    if general:
        parts.append("一般项目：" + "；".join(general) + "。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）")
    if licensed:
        parts.append("许可项目：" + "；".join(licensed) + "。（依法须经批准的项目，经相关部门批准后方可开展经营活动，"
                     "具体经营项目以相关部门批准文件或许可证件为准）")
    return "".join(parts)


def register_outputs(app: StartupApplication) -> dict:
    return {"uscc": app.company.uscc, "company_id": app.company_id, "company_name": app.company.name,
            "licence_certificate_id": app.licence_id, "registered_on": app.registered_on.isoformat()}


@step_handler("business.register")
def register(ctx: StepContext) -> dict:
    """Registers the company of the case's application, or refers it to a clerk. A second run (a
    worker killed after the commit) finds the company on the application row and returns it."""
    case_id = ctx.inputs["case_id"]
    with transaction.atomic():
        app = (StartupApplication.objects.select_for_update(of=("self",))
               .select_related("reservation__entry", "founder", "company").get(case_id=case_id))
        if app.company_id:
            return register_outputs(app)
        today = timezone.localdate()
        reasons = [] if app.approved_by else referral_reasons(app, today)
        if reasons:
            raise PermanentFailure("需人工审核：" + "；".join(reasons))
        company = register_company(name=app.company_name, company_type=app.company_type, representative=app.founder,
                                   address=app.address, scope="；".join(app.scope), registry=COMPANY_REGISTRY)
        licence = issue_certificate(
            CertificateType.objects.get(name=LICENCE_TYPE), holder_company=company, number=company.uscc,
            fields={"company_type": app.company_type, "legal_representative": app.founder.name,
                    "registered_capital": capital_text(app.registered_capital_fen),
                    "established_on": today.isoformat(), "address": app.address, "scope": scope_text(app.scope)})
        app.company, app.licence, app.registered_on = company, licence, today
        app.save(update_fields=["company", "licence", "registered_on"])
        _register_name(app, today)
        case = case_moves.locked_case(case_id)
        how = f"经{app.approved_by}审核" if app.approved_by else "符合即时登记条件"
        case_moves.accept(case, f"{how}，准予设立登记，统一社会信用代码 {company.uscc}，已核发营业执照及电子营业执照")
    return register_outputs(app)


def _register_name(app: StartupApplication, today) -> None:
    """The reserved name becomes a registered one (Art. 17 now counts it as registered)."""
    entry = app.reservation.entry
    entry.status, entry.status_date = NameStatus.REGISTERED, today
    entry.save(update_fields=["status", "status_date"])
    NameEvent.objects.create(at=timezone.now(), actor=None, action="registered", entry=entry,
                             details={"uscc": app.company.uscc, "case": app.case.number})


def branch_lines(upstream: dict[str, dict]) -> list[str]:
    return [f"{STEP_TITLES[b]}：{upstream.get(b, {}).get('summary') or '已完成'}" for b in BRANCHES]


@step_handler("business.complete")
def complete(ctx: StepContext) -> dict:
    """Finishes the case with the outcome of every branch; a second run finds it finished."""
    case_id = ctx.inputs["case_id"]
    with transaction.atomic():
        case = case_moves.locked_case(case_id)
        if case.status == Status.COMPLETED:
            return {"case_number": case.number, "result_text": case.result_text}
        # complete depends on the branches only: the registration's outcome is on the application.
        app = StartupApplication.objects.select_related("company").get(case_id=case_id)
        lines = [f"营业执照已核发（统一社会信用代码 {app.company.uscc}）", *branch_lines(ctx.upstream)]
        case.result_text = "企业开办已办结。" + "；".join(lines) + "。"
        case.result_certificate_id = app.licence_id
        case = case_moves.complete(case, case.result_text)
    return {"case_number": case.number, "result_text": case.result_text}
