"""综合窗口 (无差别受理): a window clerk of any department accepts any department's item for a
visitor, checks each material against the guide, and either accepts the case (受理: it goes to the
department's back office with its deadline) or refuses it at the counter (不予受理, with a reason
and the legal basis). Each outcome is one Reception row, written in the transaction that moves the
case; the visitor's notice goes into the outbox in the same transaction (``notices.py``).

Idempotent: the form carries a key; the same request twice (a double click, a retry) finds the case
by (applicant, key) and its reception by the case (a one-to-one column), never a second case."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from onestop.accounts import services as accounts
from onestop.accounts.models import Person
from onestop.accounts.permissions import can_accept_at_window, staff_profile
from onestop.cases import forms as case_forms
from onestop.cases import services as cases
from onestop.cases import workflow
from onestop.cases.models import Case, Channel, Status
from onestop.catalog.models import Hall, ServiceItem
from onestop.certs import audit
from onestop.core import protection

from . import notices
from .models import Reception

CaseError = cases.CaseError
PAPER, ECERT, FORM, MISSING = "paper", "ecert", "form", "missing"
MATERIAL_STATES = {PAPER: "收取纸质材料", ECERT: "调取电子证照", FORM: "当场填写", MISSING: "缺"}
LOOKUP_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed from paper
LOOKUP_CODE_LENGTH = 8  # 40 bits; the lookup is rate-limited as well
LAW = "《中华人民共和国行政许可法》"
# 不予受理: the common reasons at a window, each with the general basis printed when the item names none.
REFUSAL_REASONS: dict[str, tuple[str, str]] = {
    "not_required": ("申请事项依法不需要取得行政许可", f"{LAW}第三十二条第一款第（一）项"),
    "not_competent": ("申请事项依法不属于本行政机关职权范围", f"{LAW}第三十二条第一款第（二）项"),
    "materials_not_corrected": ("申请材料不齐全或者不符合法定形式，经一次性告知后未能补正",
                                f"{LAW}第三十二条第一款第（四）项"),
    "not_eligible": ("申请人不符合该事项规定的申请条件", ""),
    "other": ("其他原因", ""),
}


@dataclass(frozen=True)
class ChecklistRow:
    material: object
    certificate: object | None  # the visitor's valid certificate that may stand for it (免证)
    online_form: bool  # the application form itself: filled in at the counter


def checklist(item: ServiceItem, applicant: cases.Applicant) -> list[ChecklistRow]:
    return [ChecklistRow(o.material, o.certificate, o.online_form) for o in cases.material_options(item, applicant)]


def identify_by_id_number(clerk, id_number: str) -> Person:
    """The visitor whose ID card the clerk holds: found by the number's keyed hash, the look-up
    recorded in the access log like any staff read of a person's data."""
    id_number = (id_number or "").strip().upper()
    try:
        accounts.validate_identity("办事人", id_number)
    except accounts.AccountError as error:
        raise CaseError("invalid_id_number", error.message) from None
    person = Person.objects.with_id_number(id_number).select_related("user").first()
    if person is None:
        raise CaseError("unknown_person", "未查到该身份证号码的实名信息，请核对号码，或引导办事人先完成实名注册")
    if person.user_id is None:
        raise CaseError("no_account", "该办事人尚未注册账号，请引导其先完成实名注册（可在“身份核验”中绑定）")
    profile = staff_profile(clerk)
    audit.append_records([audit.data_read_record(
        source_code="profile", source_name="实名信息", actor=f"{profile.department.name} {profile.name}",
        purpose="综合窗口核验身份证", outcome="ok", holder_person_id=person.pk, actor_user=clerk,
        actor_department=profile.department,
    )])
    return person


@dataclass
class CounterRequest:
    """What the clerk submits at the counter for one visitor and one item."""

    item: ServiceItem
    person: Person
    clerk: object
    form: dict  # posted strings
    idempotency_key: str
    materials: dict = field(default_factory=dict)  # material id → PAPER / ECERT / MISSING
    mobile: str = ""  # where the receipt SMS goes
    hall: Hall | None = None
    window_label: str = ""
    progress_url: str = ""  # the public progress lookup's address, printed and sent in the SMS


def _check_clerk(req: CounterRequest):
    if not can_accept_at_window(req.clerk):
        raise CaseError("not_window_staff", "仅窗口工作人员可在综合窗口受理")
    label = req.window_label.strip()
    if not 1 <= len(label) <= 40:
        raise CaseError("window_required", "请先选择您所在的服务大厅并填写窗口号")
    return staff_profile(req.clerk), label


def _mobile(req: CounterRequest) -> str:
    try:
        return accounts.normalise_mobile(req.mobile or req.person.mobile or req.person.user.mobile or "")
    except accounts.AccountError:
        raise CaseError("invalid_mobile", "请填写办事人的11位手机号码，用于接收受理回执短信",
                        {"mobile": "请填写11位手机号码"}) from None


def _material_rows(req: CounterRequest) -> tuple[list[dict], set[int], list[str]]:
    """The checklist as recorded, the materials to satisfy with a certificate, and what is missing."""
    rows, use, missing = [], set(), []
    for row in checklist(req.item, cases.Applicant(req.person.user, req.person)):
        m = row.material
        state = FORM if row.online_form else req.materials.get(m.pk, "")
        if state == ECERT and row.certificate is None:
            state = ""  # ticked, but the visitor holds no valid certificate of that type
        if state not in MATERIAL_STATES:
            raise CaseError("material_unchecked", f"请核验材料“{m.name}”：收取纸质材料、调取电子证照或记为缺",
                            {f"material_{m.pk}": "请选择核验结果"})
        if state == ECERT:
            use.add(m.pk)
        if state == MISSING and m.required:
            missing.append(m.name)
        rows.append({"name": m.name, "required": m.required, "status": state,
                     "certificate": row.certificate.number if state == ECERT else ""})
    return rows, use, missing


def accept(req: CounterRequest) -> Reception:
    """受理 at the counter: the case is created (validated like any application) and accepted with
    the clerk, window and time recorded; its deadline runs in working days from now."""
    profile, label = _check_clerk(req)
    rows, use, missing = _material_rows(req)
    if missing:
        raise CaseError("materials_missing", f"必要材料“{'、'.join(missing)}”未提交，不能受理；"
                        "请一次性告知办事人补正，或作不予受理")
    mobile = _mobile(req)
    case = cases.submit_application(cases.Submission(
        item=req.item, applicant=cases.Applicant(req.person.user, req.person), form=req.form,
        idempotency_key=req.idempotency_key, use_certificates=use, channel=Channel.WINDOW, staff_user=req.clerk,
    ))
    received = sum(1 for r in rows if r["status"] == PAPER)
    ecerts = sum(1 for r in rows if r["status"] == ECERT)
    code = _lookup_code()
    try:
        with transaction.atomic():
            case = workflow.locked(case.pk)
            existing = Reception.objects.filter(case=case).first()
            if existing is not None:
                return existing  # the same request again: its receipt, not a second acceptance
            if case.status == Status.SUBMITTED and not case.instant_pending:
                workflow.transition(case, "accept", user=req.clerk, actor=f"{profile.department.name} {profile.name}"
                                    f"（{label}）", role=workflow.WINDOW,
                                    reason=f"综合窗口受理：收取纸质材料 {received} 项，调取电子证照 {ecerts} 项")
            reception = Reception.objects.create(
                case=case, outcome=Reception.Outcome.ACCEPTED, clerk=req.clerk, clerk_name=profile.name,
                clerk_department=profile.department, hall=req.hall, window_label=label, at=timezone.now(),
                materials=rows, lookup_code_encrypted=protection.encrypt(code),
                lookup_code_hash=lookup_hash(code), mobile_hash=mobile_hash(mobile),
            )
            notices.tell_visitor(case.applicant_user, mobile, notices.ACCEPTED, receipt_context(reception, code, req.progress_url))
    except IntegrityError:
        # Two identical requests at once: the other one's reception is the answer.
        return Reception.objects.get(case__applicant_user=req.person.user, case__idempotency_key=req.idempotency_key)
    return reception


def refuse(req: CounterRequest, reason_code: str, reason_text: str) -> Reception:
    """不予受理 at the counter, with a reason from the list (and words of the clerk's own for
    “其他”) and the legal basis: the item's own where it publishes one."""
    profile, label = _check_clerk(req)
    if reason_code not in REFUSAL_REASONS:
        raise CaseError("reason_required", "请选择不予受理的原因", {"reason_code": "请选择原因"})
    reason_label, general_basis = REFUSAL_REASONS[reason_code]
    reason_text = reason_text.strip()
    if reason_code == "other" and len(reason_text) < 4:
        raise CaseError("reason_required", "选择“其他原因”时，请写明不予受理的具体理由",
                        {"reason_text": "请写明具体理由"})
    if len(reason_text) > 500:
        raise CaseError("reason_too_long", "说明不能超过500字", {"reason_text": "不能超过500字"})
    rows = _material_rows_for_refusal(req)
    mobile = _mobile(req)
    existing = Reception.objects.filter(case__applicant_user=req.person.user,
                                        case__idempotency_key=req.idempotency_key).first()
    if existing is not None:
        return existing
    reason = reason_label + (f"：{reason_text}" if reason_text else "")
    basis = "；".join(b for b in (req.item.legal_basis.strip(), general_basis) if b)
    code = _lookup_code()
    data = case_forms.coerce(case_forms.schema_for(req.item), req.form)
    try:
        with transaction.atomic():
            case = cases.open_unchecked_case(req.item, cases.Applicant(req.person.user, req.person), data,
                                             req.idempotency_key, staff_user=req.clerk)
            workflow.transition(case, "refuse", user=req.clerk, role=workflow.WINDOW, reason=reason,
                                actor=f"{profile.department.name} {profile.name}（{label}）")
            reception = Reception.objects.create(
                case=case, outcome=Reception.Outcome.REFUSED, clerk=req.clerk, clerk_name=profile.name,
                clerk_department=profile.department, hall=req.hall, window_label=label, at=timezone.now(),
                materials=rows, lookup_code_encrypted=protection.encrypt(code), lookup_code_hash=lookup_hash(code),
                mobile_hash=mobile_hash(mobile), reason_code=reason_code, reason_text=reason, legal_basis=basis,
            )
            notices.tell_visitor(case.applicant_user, mobile, notices.REFUSED, receipt_context(reception, code, req.progress_url))
    except IntegrityError:
        return Reception.objects.get(case__applicant_user=req.person.user, case__idempotency_key=req.idempotency_key)
    return reception


def _material_rows_for_refusal(req: CounterRequest) -> list[dict]:
    """At a refusal the checklist may be unfinished: what was not ticked counts as not received."""
    states = {k: v for k, v in req.materials.items() if v in (PAPER, ECERT, MISSING)}
    filled = CounterRequest(**{**req.__dict__, "materials": states})
    for row in checklist(req.item, cases.Applicant(req.person.user, req.person)):
        filled.materials.setdefault(row.material.pk, MISSING)
    rows, _, _ = _material_rows(filled)
    return rows


def _lookup_code() -> str:
    return "".join(secrets.choice(LOOKUP_ALPHABET) for _ in range(LOOKUP_CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:20]


def lookup_hash(code: str) -> str:
    return protection.lookup_hash(f"progress-code:{normalise_code(code)}")


def mobile_hash(mobile: str) -> str:
    return protection.lookup_hash(f"progress-mobile:{mobile}")


def lookup_code(reception: Reception) -> str:
    return protection.decrypt(reception.lookup_code_encrypted) if reception.lookup_code_encrypted else ""


def working_days(item: ServiceItem) -> int:
    return item.promised_days if item.promised_days is not None else (
        item.statutory_days if item.statutory_days is not None else workflow.DEFAULT_WORKING_DAYS)


def receipt_context(reception: Reception, code: str | None = None, url: str = "") -> dict:
    """What the receipt, the refusal notice and the SMS say."""
    case = reception.case
    return {
        "number": case.number, "item": case.item.name, "department": case.department.full_name,
        "applicant": case.applicant_name, "at": timezone.localtime(reception.at),
        "due_date": case.due_date if reception.outcome == Reception.Outcome.ACCEPTED else None,
        "due_estimated": case.due_estimated, "working_days": working_days(case.item),
        "received": [r for r in reception.materials if r["status"] in (PAPER, ECERT)],
        "missing": [r for r in reception.materials if r["status"] == MISSING],
        "code": code if code is not None else lookup_code(reception), "url": url,
        "reason": reception.reason_text, "legal_basis": reception.legal_basis,
    }


# --- the clerk's queue ----------------------------------------------------------------------

@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def clerk_queue(clerk, filters: QueueFilters, limit: int = 200) -> list[Reception]:
    """The cases this clerk accepted or refused, newest first, each marked when past its deadline."""
    rows = Reception.objects.filter(clerk=clerk).select_related("case__item", "case__department", "hall")
    if filters.status in Status.values:
        rows = rows.filter(case__status=filters.status)
    if filters.since:
        rows = rows.filter(at__date__gte=filters.since)
    if filters.until:
        rows = rows.filter(at__date__lte=filters.until)
    today = timezone.localdate()
    found = list(rows[:limit])
    for reception in found:
        case: Case = reception.case
        reception.overdue = bool(case.is_open and case.due_date and case.due_date < today)
    return found
