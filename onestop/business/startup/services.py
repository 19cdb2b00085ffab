"""Submitting the start-up form: one case, the name marked as used, the process started, in one
transaction, idempotent on the founder's Idempotency-Key."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from onestop.accounts.permissions import verified_person
from onestop.business.branches import options
from onestop.cases import services as cases
from onestop.cases.models import Case, Channel
from onestop.catalog.models import ItemStatus, ServiceItem
from onestop.core import protection
from onestop.processes import services as processes
from onestop.processes.models import Process

from ..models import StartupApplication, StartupMember
from .form import StartupData
from .process import PROCESS_KEY


class StartupError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def startup_item() -> ServiceItem | None:
    return ServiceItem.objects.filter(process_key=PROCESS_KEY, status=ItemStatus.PUBLISHED).first()


def process_inputs(case: Case, app: StartupApplication) -> dict:
    """The inputs of contract.md: no ID numbers (a branch reads the Person when it needs one)."""
    return {
        "case_id": case.pk,
        "company": {"name": app.company_name, "company_type": app.company_type,
                    "registered_capital_fen": app.registered_capital_fen, "address": app.address,
                    "town": app.town, "scope": list(app.scope), "employees": app.employees},
        "representative_person_id": app.founder_id,
        "contact_mobile": app.contact_mobile,
        **app.branches,
    }


def _form_record(data: StartupData) -> dict:
    """What the case shows as its application form: the choices with their labels, IDs masked."""
    b = data.branches
    return {
        "company_name": data.reservation.entry.name, "company_type": data.company_type,
        "registered_capital_fen": data.registered_capital_fen, "town": data.town,
        "address_detail": data.address_detail, "scope": list(data.scope), "employees": data.employees,
        "contact_mobile": data.contact_mobile,
        "members": [{"name": m.name, "id_masked": protection.mask_id_number(m.id_number),
                     "contribution_fen": m.contribution_fen, "roles": list(m.roles)} for m in data.members],
        "bank": options.BANKS[b["bank"]["bank_code"]], "bank_appointment": b["bank"]["appointment_date"],
        "seal_maker": options.SEAL_MAKERS[b["seal"]["maker_code"]],
        "seals": [options.SEAL_KINDS[k] for k in b["seal"]["kinds"]],
        "taxpayer_type": options.TAXPAYER_TYPES[b["tax"]["taxpayer_type"]],
        "invoice_kinds": [options.INVOICE_KINDS[k] for k in b["tax"]["invoice_kinds"]],
        "housing_fund": b["social_insurance"]["housing_fund"],
    }


def case_for_key(user, idempotency_key: str) -> Case | None:
    if not idempotency_key:
        return None
    return Case.objects.filter(applicant_user=user, idempotency_key=idempotency_key).first()


def submit_startup(user, data: StartupData, idempotency_key: str, channel: str = Channel.ONLINE) -> Case:
    """Creates the case of 企业开办 (submitted on ``channel``: the portal, or a kiosk), marks the
    reserved name as used by it and starts process ``company_startup``, all in one transaction. The same (founder, key) again, even at the same
    moment, returns the first case: the case's unique constraint keeps one, and the loser reads it."""
    existing = case_for_key(user, idempotency_key)
    if existing:
        return existing
    founder = verified_person(user)
    if founder is None:
        raise StartupError("not_real_name", "请先完成实名认证")
    if data.reservation.applicant_id != user.pk:
        raise StartupError("not_your_name", "该名称不是您保留的名称")
    if data.reservation.expires_on <= timezone.localdate():
        raise StartupError("name_expired", "该名称已过保留期，请重新申报名称")
    item = startup_item()
    if item is None:
        raise StartupError("item_unavailable", "企业开办事项暂未开放，请稍后再试")
    try:
        with transaction.atomic():
            case = cases.open_process_case(item, cases.Applicant(user, founder), _form_record(data),
                                           idempotency_key, channel)
            app = StartupApplication.objects.create(
                case=case, reservation=data.reservation, founder=founder, company_type=data.company_type,
                registered_capital_fen=data.registered_capital_fen, town=data.town,
                address_detail=data.address_detail, scope=list(data.scope), employees=data.employees,
                contact_mobile=data.contact_mobile, branches=data.branches)
            StartupMember.objects.bulk_create([
                StartupMember(application=app, name=m.name, id_number_encrypted=protection.encrypt(m.id_number),
                              id_masked=protection.mask_id_number(m.id_number), contribution_fen=m.contribution_fen,
                              roles=list(m.roles)) for m in data.members])
            processes.start_process(PROCESS_KEY, f"case:{case.pk}", process_inputs(case, app),
                                    actor=cases.actor_label(user))
    except cases.CaseError as error:
        raise StartupError(error.code, error.message) from None
    except processes.ProcessError as error:
        raise StartupError(error.code, "企业开办流程暂未启用，请稍后再试") from None
    except IntegrityError:
        existing = Case.objects.filter(applicant_user=user, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
        if StartupApplication.objects.filter(reservation=data.reservation).exists():
            raise StartupError("name_used", "该名称已用于另一份企业开办申请") from None
        raise
    return case


def process_for(case: Case):
    return Process.objects.filter(key=PROCESS_KEY, subject=f"case:{case.pk}").first()
