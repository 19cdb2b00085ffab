"""Every change of a case's state, one named function each, in one transaction, through the
transition table (``workflow.py``), with notifications sent after commit (DESIGN §3). Pages, the
console, the process engine and tests all call these."""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from onestop.accounts.models import Company
from onestop.accounts.permissions import staff_profile, verified_person
from onestop.catalog.models import ItemStatus, ServiceItem
from onestop.certs import consent as consents
from onestop.certs.models import Certificate
from onestop.core import workdays
from onestop.exchange import services as exchange

from . import forms, instant_step, material_files, uploads, workflow
from .models import Case, CaseMaterial, Channel, Status
from .workflow import CaseError, locked

__all__ = ["CaseError", "locked"]  # re-exported: callers catch services.CaseError
log = logging.getLogger(__name__)
# 《行政许可法》第三十二条: incomplete applications are told once, within five days, what to add.
ACCEPTANCE_WORKING_DAYS = 5


@dataclass
class Applicant:
    """Who applies: a person, or a company through its legal representative (acting for it)."""

    user: object
    person: object | None
    company: Company | None = None

    @property
    def name(self) -> str:
        return self.company.name if self.company else self.person.name


def applicant_for(user, company_uscc: str = "") -> Applicant:
    person = verified_person(user)
    if person is None:
        raise CaseError("not_real_name", "请先完成实名认证")
    if not company_uscc:
        return Applicant(user, person)
    company = Company.objects.filter(uscc=company_uscc, legal_representative=person).first()
    if company is None:
        raise CaseError("not_representative", "您不是该企业的法定代表人，不能以企业名义申请")
    return Applicant(user, person, company)


def represented_companies(user) -> list[Company]:
    person = verified_person(user)
    return list(Company.objects.filter(legal_representative=person).order_by("name")) if person else []


def actor_label(user) -> str:
    profile = staff_profile(user)
    if profile:
        return f"{profile.department.name} {profile.name}"
    person = getattr(user, "person", None)
    return f"申请人 {person.name}" if person else str(user)


# --- what the applicant may attach without paper (免证) --------------------------------------

@dataclass(frozen=True)
class MaterialOption:
    material: object
    certificate: Certificate | None  # a valid certificate that satisfies the material, if held

    @property
    def online_form(self) -> bool:
        return is_online_form(self.material)

    @property
    def consent_fields(self) -> list[str]:
        """Labels of the fields the department may read if the applicant uses the certificate."""
        if self.certificate is None:
            return []
        return consents.field_labels(self.certificate.cert_type, consents.fields_needed(self.material))


ONLINE_FORM_NAME = re.compile(r"(表|申请书)$")


def is_online_form(material) -> bool:
    """The catalogue lists the application form itself as a material (“……申请表”); online, the
    form the applicant fills in is that material."""
    return material.ecert_type_id is None and bool(ONLINE_FORM_NAME.search(material.name.strip()))


def case_consent_terms() -> dict:
    """How long and how often a consent given with an application may be used (shown before submitting)."""
    until = timezone.localdate() + dt.timedelta(days=consents.CASE_CONSENT_MAX_DAYS)
    return {"uses": consents.CASE_CONSENT_USES, "until": until}


def material_options(item: ServiceItem, applicant: Applicant) -> list[MaterialOption]:
    held = held_certificates(applicant)
    return [MaterialOption(m, held.get(m.ecert_type_id) if m.ecert_type_id else None)
            for m in item.materials.select_related("ecert_type")]


def held_certificates(applicant: Applicant) -> dict[int, Certificate]:
    """Valid certificates of the applicant (or the company), latest per type, by type id."""
    holder = {"holder_company": applicant.company} if applicant.company else {"holder_person": applicant.person}
    today = timezone.localdate()
    held = {}
    for cert in Certificate.objects.filter(**holder, revoked_at__isnull=True).select_related("cert_type").order_by("issued_at"):
        if cert.valid_until is None or cert.valid_until >= today:
            held[cert.cert_type_id] = cert
    if applicant.company:  # the representative's own identity documents count too
        for cert in Certificate.objects.filter(holder_person=applicant.person, revoked_at__isnull=True).select_related("cert_type"):
            if cert.valid_until is None or cert.valid_until >= today:
                held.setdefault(cert.cert_type_id, cert)
    return held


def prefill_for(item: ServiceItem, applicant: Applicant, *, staff_user=None) -> forms.Prefill:
    """Values for the form's ``x-prefill`` fields: the profile, the applicant's certificates, and the
    data sources the item is authorised to read (each such read audited, purpose 申请表预填)."""
    schema = forms.schema_for(item)
    held = held_certificates(applicant)
    certificates = {c.cert_type.name: {**c.fields, "number": c.number} for c in held.values()}
    person = applicant.person
    household = certificates.get("居民户口簿", {})
    records = {"population": {"name": person.name, "address": person.address, "division_code": person.division_code,
                              "household_number": household.get("household_number", "")}}
    wanted = {f.prefill.split(".", 1)[0][7:] for f in forms.fields(schema) if f.prefill.startswith("source:")}
    codes = sorted(wanted & set(exchange.authorised_sources(item)))
    if codes:
        results = exchange.read_sources(codes, exchange.ReadRequest(
            item=item, purpose="申请表预填", actor=(actor_label(staff_user) + " 一窗受理") if staff_user else actor_label(applicant.user),
            person=person, company=applicant.company, actor_user=staff_user or applicant.user,
            actor_department=getattr(staff_profile(staff_user), "department", None),
        ))
        records.update({code: r.record for code, r in results.items() if r.ok and r.record and r.record.get("found")})
    return forms.prefill(schema, person=person, company=applicant.company, user=applicant.user, certificates=certificates,
                         records=records)


PREFILL_SALT = "onestop.cases.prefill"


def sign_prefill(prefill: forms.Prefill) -> str:
    """Carried in the form, so the submission knows which values came from where without reading again."""
    return signing.dumps({"values": prefill.values, "sources": prefill.sources}, salt=PREFILL_SALT, compress=True)


def prefilled_sources(token: str, data: dict) -> dict:
    try:
        signed = signing.loads(token, salt=PREFILL_SALT, max_age=24 * 3600) if token else {}
    except signing.BadSignature:
        return {}
    values, sources = signed.get("values", {}), signed.get("sources", {})
    return {k: sources[k] for k in sources if k in data and str(data[k]) == str(values.get(k))}


# --- submission ------------------------------------------------------------------------------

@dataclass
class Submission:
    item: ServiceItem
    applicant: Applicant
    form: dict  # posted strings
    idempotency_key: str
    uploads: dict = field(default_factory=dict)  # material id → UploadedFile
    use_certificates: set = field(default_factory=set)  # material ids to satisfy with a held certificate
    channel: str = Channel.ONLINE
    staff_user: object | None = None  # window staff creating the case for a visitor
    prefill_token: str = ""  # sign_prefill() of what the form page showed


def submit_application(sub: Submission, *, decide_now: bool = True) -> Case:
    """Creates the case (idempotent on the applicant and key) and, for a 秒批 item, starts its
    process in the same transaction (an outbox: nothing accepted is lost), then runs the decision
    within the same call, so the applicant sees the outcome at once."""
    item = sub.item
    if item.status != ItemStatus.PUBLISHED:
        raise CaseError("item_unavailable", "该事项暂不可申请")
    if not 8 <= len(sub.idempotency_key) <= 100:
        raise CaseError("invalid_idempotency_key", "提交标识无效，请刷新页面后重试")
    existing = Case.objects.filter(applicant_user=sub.applicant.user, idempotency_key=sub.idempotency_key).first()
    if existing:
        return existing
    if sub.applicant.company and not item.for_company or not sub.applicant.company and not item.for_person:
        raise CaseError("wrong_audience", "该事项不面向此类申请人" if item.for_person else "该事项须以企业名义申请")
    schema = forms.schema_for(item)
    data = forms.coerce(schema, sub.form)
    errors = forms.validate(schema, data)
    attached = _materials(sub, errors)
    if errors:
        raise CaseError("invalid_application", "申请信息有误，请按提示修改", errors)
    field_sources = prefilled_sources(sub.prefill_token, data)
    now = timezone.now()
    process = None
    try:
        with transaction.atomic():
            case = Case.objects.create(
                number=secrets.token_hex(8), item=item, department=item.department, applicant_user=sub.applicant.user,
                applicant_person=sub.applicant.person, applicant_company=sub.applicant.company,
                applicant_name=sub.applicant.name, channel=sub.channel, created_by=sub.staff_user, form_data=data,
                field_sources=field_sources, idempotency_key=sub.idempotency_key, submitted_at=now,
                instant_pending=item.instant_approval, status=workflow.NEW,
            )
            _number_and_acceptance_deadline(case, now)
            for material, certificate, upload in attached:
                _attach(case, material, certificate, upload, sub.applicant, staff_user=sub.staff_user)
            actor = actor_label(sub.staff_user) + " 代为提交" if sub.staff_user else actor_label(sub.applicant.user)
            workflow.transition(case, "submit", user=sub.staff_user or sub.applicant.user, actor=actor,
                                reason="窗口受理" if sub.channel == Channel.WINDOW else "",
                                role=workflow.WINDOW if sub.staff_user else workflow.APPLICANT)
            if case.instant_pending:
                process = instant_step.start(case, decided_in_request=decide_now)
    except IntegrityError:
        # The same submission arrived twice at once: the other request's case is the answer.
        existing = Case.objects.filter(applicant_user=sub.applicant.user, idempotency_key=sub.idempotency_key).first()
        if existing is None:
            raise
        return existing
    if process is not None and decide_now:
        try:
            instant_step.decide_now(process)
        except Exception:
            # The case and its step are saved; a process worker decides it: the applicant gets the case, not an error.
            log.exception("instant decision of case %s failed in the request; left to the process engine", case.number)
        case = Case.objects.select_related("item", "department").get(pk=case.pk)
    return case


def _materials(sub: Submission, errors: dict) -> list[tuple]:
    """(material, certificate, upload) for each material given; problems go into ``errors``."""
    held = held_certificates(sub.applicant)
    attached: list[tuple] = []
    for material in sub.item.materials.select_related("ecert_type"):
        upload = sub.uploads.get(material.pk)
        if is_online_form(material):
            continue
        if material.pk in sub.use_certificates and material.ecert_type_id in held:
            attached.append((material, held[material.ecert_type_id], None))
        elif upload is not None:
            problem = uploads.check(upload)
            if problem:
                errors[f"material_{material.pk}"] = f"{material.name}：{problem}"
            else:
                attached.append((material, None, upload))
        elif material.required and sub.channel == Channel.ONLINE and material.form != material.Form.ORIGINAL:
            errors[f"material_{material.pk}"] = f"{material.name}：请上传，或选用电子证照"
    return attached


def open_process_case(item: ServiceItem, applicant: Applicant, form_data: dict, idempotency_key: str,
                      channel: str = Channel.ONLINE) -> Case:
    """A case whose form another app validated and whose work runs on a process (the item's
    ``process_key``), e.g. 企业开办's nested form. Run inside the caller's transaction, which starts
    the process; a duplicate (applicant, key) raises IntegrityError there, as in submit_application."""
    if item.status != ItemStatus.PUBLISHED or not item.process_key:
        raise CaseError("item_unavailable", "该事项暂不可申请")
    if not 8 <= len(idempotency_key) <= 100:
        raise CaseError("invalid_idempotency_key", "提交标识无效，请刷新页面后重试")
    now = timezone.now()
    case = Case.objects.create(
        # department_id, not department: a read before the first write would make SQLite's deferred
        # transaction upgrade its lock, which fails at once when another writer holds it.
        number=secrets.token_hex(8), item=item, department_id=item.department_id, applicant_user=applicant.user,
        applicant_person=applicant.person, applicant_company=applicant.company, applicant_name=applicant.name,
        channel=channel, form_data=form_data, idempotency_key=idempotency_key, submitted_at=now, status=workflow.NEW)
    _number_and_acceptance_deadline(case, now)
    workflow.transition(case, "submit", user=applicant.user, actor=actor_label(applicant.user), role=workflow.APPLICANT)
    return case


def open_unchecked_case(item: ServiceItem, applicant: Applicant, form_data: dict, idempotency_key: str, *,
                        staff_user) -> Case:
    """A case a window clerk opens only to refuse it at the counter (不予受理): the form as far as the
    visitor got, not validated, since a refusal is usually for what is missing. Run inside the
    caller's transaction; a duplicate (applicant, key) raises IntegrityError there."""
    if not 8 <= len(idempotency_key) <= 100:
        raise CaseError("invalid_idempotency_key", "提交标识无效，请刷新页面后重试")
    now = timezone.now()
    case = Case.objects.create(
        number=secrets.token_hex(8), item=item, department_id=item.department_id, applicant_user=applicant.user,
        applicant_person=applicant.person, applicant_name=applicant.name, channel=Channel.WINDOW,
        created_by=staff_user, form_data=form_data, idempotency_key=idempotency_key, submitted_at=now,
        status=workflow.NEW)
    _number_and_acceptance_deadline(case, now)
    workflow.transition(case, "submit", user=staff_user, actor=actor_label(staff_user) + " 代为提交",
                        reason="窗口受理", role=workflow.WINDOW)
    return case


def _number_and_acceptance_deadline(case: Case, now: dt.datetime) -> None:
    """The case number from its row id, and the deadline for accepting it (saved with its first event)."""
    case.number = f"{settings.ONESTOP_AREA_CODE}{timezone.localtime(now):%Y%m%d}{case.pk:07d}"
    deadline = workdays.add_working_days(timezone.localdate(now), ACCEPTANCE_WORKING_DAYS)
    case.due_date, case.due_estimated = deadline.date, deadline.estimated


def _attach(case: Case, material, certificate, upload, applicant: Applicant, *, staff_user=None) -> CaseMaterial:
    row = CaseMaterial(case=case, material=material, name=material.name if material else "补正材料",
                       token=secrets.token_hex(16))
    if certificate is not None:
        # The applicant ticked “use this certificate” (at the window: the clerk confirmed that the
        # visitor agreed): a consent for this case only, ended by workflow.finish() when the case ends.
        consent = consents.grant_case_consent(
            holder=applicant.person, certificate=certificate, department=case.department, service_item=case.item,
            case_number=case.number, fields=consents.fields_needed(material),
            confirmed_by=actor_label(staff_user) if staff_user else "",
        )
        row.kind, row.certificate, row.consent = CaseMaterial.Kind.CERTIFICATE, certificate, consent
    else:
        row.kind = CaseMaterial.Kind.UPLOAD
        _store_upload(row, upload)
    row.save()
    return row


def _store_upload(row: CaseMaterial, upload) -> None:
    """Describes the file on the row and stores it under the row's random token (saved with the row)."""
    info = uploads.describe(upload)
    row.original_name, row.content_type, row.size, row.sha256 = info.name, info.content_type, info.size, info.sha256
    material_files.store(row, upload)


def withdraw_case(case: Case, user, reason: str = "") -> Case:
    with transaction.atomic():
        case = locked(case.pk)
        if case.applicant_user_id != user.pk:
            raise CaseError("not_applicant", "只有申请人可以撤回")
        if (case.status, "withdraw") not in workflow.MOVES:
            raise CaseError("cannot_withdraw", "该办件已办结或已撤回，不能撤回")
        case.instant_pending = False  # a 秒批 step that runs later finds nothing to decide
        return workflow.transition(case, "withdraw", user=user, actor=actor_label(user), reason=reason,
                                   role=workflow.APPLICANT)


def supplement_case(case: Case, user, *, note: str, files: list) -> Case:
    """The applicant answers a request for more material (补正); the case goes back to where it was."""
    note = note.strip()
    if not files and len(note) < 2:
        raise CaseError("empty_supplement", "请上传补正材料或填写补正说明")
    for f in files:
        problem = uploads.check(f)
        if problem:
            raise CaseError("invalid_file", f"{f.name}：{problem}")
    with transaction.atomic():
        case = locked(case.pk)
        if case.applicant_user_id != user.pk:
            raise CaseError("not_applicant", "只有申请人可以补正")
        if case.status != Status.NEEDS_SUPPLEMENT:
            raise CaseError("not_waiting", "该办件当前无需补正")
        for f in files:
            row = CaseMaterial(case=case, name="补正材料", kind=CaseMaterial.Kind.UPLOAD, token=secrets.token_hex(16), supplement=True)
            _store_upload(row, f)
            row.save()
        return workflow.transition(case, "supplement", user=user, actor=actor_label(user), reason=note,
                                   role=workflow.APPLICANT)


def today() -> dt.date:
    return timezone.localdate()
