"""一件事 at run time: the shared form and the materials given once, submitting (idempotent, one
transaction that also starts the bundle's process), and the combined status of its parts. Each part
is an ordinary department case, opened by the step handler in ``handlers.py`` when the parts it
depends on are done; cases.workflow.finish() signals each case's outcome back to its step."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from onestop.cases import forms, material_files, uploads
from onestop.cases import services as cases
from onestop.cases.models import Case
from onestop.catalog.bundles import Bundle, BundleError, parse_bundle
from onestop.catalog.models import ItemStatus, LifeEventBundle, ServiceItem
from onestop.processes import services as processes
from onestop.processes.models import StepRun

from .models import BundleApplication, BundleFile

OPEN_MEMBER = "bundles.open_member"


def member_schema(item_name: str) -> dict | None:
    item = ServiceItem.objects.filter(name=item_name, status=ItemStatus.PUBLISHED).first()
    return forms.schema_for(item) if item else None


def parse(bundle: LifeEventBundle) -> Bundle:
    return parse_bundle(bundle.spec, member_schema)


def member_items(definition: Bundle) -> dict[str, ServiceItem]:
    names = {m.item for m in definition.members}
    by_name = {i.name: i for i in ServiceItem.objects.filter(name__in=names, status=ItemStatus.PUBLISHED)
               .select_related("department")}
    return {m.step: by_name[m.item] for m in definition.members}


def process_key(bundle: LifeEventBundle) -> str:
    return f"bundle_{bundle.code}"


def process_spec(bundle: LifeEventBundle, definition: Bundle) -> dict:
    """The engine's step graph: one step per member, opening its case; a day's lease, since opening a
    case is quick and its outcome is awaited without a lease."""
    items = member_items(definition)
    return {"title": bundle.title, "steps": [
        {"name": m.step, "title": items[m.step].name[:100], "handler": OPEN_MEMBER, "depends_on": list(m.depends_on),
         "retry": {"max_attempts": 5, "base_delay_seconds": 2, "max_delay_seconds": 120}, "timeout_seconds": 120}
        for m in definition.members]}


# --- materials given once ------------------------------------------------------------------

@dataclass
class SharedMaterial:
    name: str
    required: bool
    note: str
    items: list[str] = field(default_factory=list)
    certificate: object | None = None  # held by the applicant: used for every part that lists it
    from_step: str = ""  # produced by a part of the bundle itself


def shared_name(material) -> str:
    """The name a material is given once under: its certificate type's where it has one (parts call the
    same 不动产权证书 “经营场所使用证明” and “设置载体产权证明或使用协议”), else its own."""
    return material.ecert_type.name if material.ecert_type_id else material.name


def shared_materials(bundle: LifeEventBundle, applicant: cases.Applicant) -> list[SharedMaterial]:
    """Every material the parts list, once each: by certificate type where it has one, else by name.
    The parts' own application forms are the shared form and are not listed."""
    definition = parse(bundle)
    items = member_items(definition)
    produced = {items[m.step].name: m.step for m in definition.members}
    held = cases.held_certificates(applicant)
    seen: dict[str, SharedMaterial] = {}
    for member in definition.members:
        item = items[member.step]
        for material in item.materials.select_related("ecert_type"):
            if cases.is_online_form(material) or material.form == material.Form.ORIGINAL:
                continue
            ecert = material.ecert_type
            key = f"cert:{ecert.name}" if ecert else material.name
            row = seen.setdefault(key, SharedMaterial(shared_name(material), False, material.note))
            row.required = row.required or material.required
            row.items.append(item.name)
            if ecert and ecert.pk in held:
                row.certificate = held[ecert.pk]
            elif ecert and ecert.holder_kind == "company" and member.company_from:
                row.from_step = member.company_from  # the licence the upstream part issues, held by the new company
            elif ecert:
                row.from_step = next((step for name, step in produced.items() if ecert.name in name), "")
    return list(seen.values())


# --- submitting ----------------------------------------------------------------------------

class BundleApplicationError(cases.CaseError):
    pass


@dataclass
class BundleSubmission:
    bundle: LifeEventBundle
    applicant: cases.Applicant
    form: dict  # posted strings of the shared form
    idempotency_key: str
    uploads: dict = field(default_factory=dict)  # shared material name → UploadedFile


def submit_bundle(sub: BundleSubmission) -> BundleApplication:
    """Checks the shared form and materials, then in one transaction stores the application and its
    files and starts the bundle's process. The same key again (or twice at once) → the first one."""
    if sub.bundle.status != ItemStatus.PUBLISHED:
        raise BundleApplicationError("bundle_unavailable", "该一件事暂不可申请")
    if not 8 <= len(sub.idempotency_key) <= 100:
        raise BundleApplicationError("invalid_idempotency_key", "提交标识无效，请刷新页面后重试")
    user = sub.applicant.user
    existing = BundleApplication.objects.filter(applicant_user=user, idempotency_key=sub.idempotency_key).first()
    if existing:
        return existing
    try:
        definition = parse(sub.bundle)
    except BundleError as err:
        raise BundleApplicationError("bundle_unavailable", f"该一件事暂不可申请：{err.message}") from None
    schema = definition.fields
    data = forms.coerce(schema, sub.form)
    errors = forms.validate(schema, data)
    files = []
    for material in shared_materials(sub.bundle, sub.applicant):
        upload = sub.uploads.get(material.name)
        if material.certificate is not None or material.from_step:
            continue
        if upload is not None:
            problem = uploads.check(upload)
            if problem:
                errors[f"material:{material.name}"] = f"{material.name}：{problem}"
            else:
                files.append((material.name, upload))
        elif material.required:
            errors[f"material:{material.name}"] = f"{material.name}：请上传"
    if errors:
        raise BundleApplicationError("invalid_application", "申请信息有误，请按提示修改", errors)
    spec = process_spec(sub.bundle, definition)
    processes.publish_definition(process_key(sub.bundle), spec)  # the same spec is stored once
    try:
        with transaction.atomic():
            application = BundleApplication.objects.create(
                number=secrets.token_hex(8), bundle=sub.bundle, applicant_user=user,
                applicant_person=sub.applicant.person, form_data=data, idempotency_key=sub.idempotency_key)
            application.number = f"YJS{settings.ONESTOP_AREA_CODE}{timezone.localtime():%Y%m%d}{application.pk:06d}"
            for name, upload in files:
                row = BundleFile(application=application, material_name=name, token=secrets.token_hex(16),
                                 original_name=uploads.describe(upload).name, content_type=uploads.describe(upload).content_type)
                material_files.store(row, upload)
                row.save()
            application.process = processes.start_process(
                process_key(sub.bundle), f"bundle:{application.pk}", {"application_id": application.pk},
                actor=cases.actor_label(user))
            application.save(update_fields=["number", "process"])
    except IntegrityError:
        existing = BundleApplication.objects.filter(applicant_user=user, idempotency_key=sub.idempotency_key).first()
        if existing is None:
            raise
        return existing
    return application


# --- combined status -----------------------------------------------------------------------

@dataclass(frozen=True)
class Part:
    title: str
    department: str
    step: StepRun
    case: Case | None

    @property
    def status_label(self) -> str:
        if self.case is not None:
            return self.case.get_status_display()
        return {"waiting": "待前序事项办结后自动申请", "ready": "正在提交", "running": "正在提交",
                "cancelled": "未申请（前序事项未通过）", "needs_attention": "提交遇到问题，工作人员正在处理"}.get(
                    self.step.state, self.step.get_state_display())


@dataclass(frozen=True)
class BundleStatus:
    application: BundleApplication
    parts: list[Part]
    label: str
    problem: str  # which part failed and why


def bundle_status(application: BundleApplication) -> BundleStatus:
    definition = parse(application.bundle)
    items = member_items(definition)
    application.process.refresh_from_db()  # the engine moves it in other transactions
    steps = {s.name: s for s in application.process.steps.all()}
    keys = {s.idempotency_key: name for name, s in steps.items()}
    found = Case.objects.filter(applicant_user=application.applicant_user, idempotency_key__in=list(keys)) \
        .select_related("department", "result_certificate")
    by_step = {keys[c.idempotency_key]: c for c in found}
    parts = [Part(items[m.step].name, items[m.step].department.name, steps[m.step], by_step.get(m.step))
             for m in definition.members]
    failed = [p for p in parts if p.step.state in ("failed", "needs_attention")]
    problem = "；".join(f"{p.title}：{p.step.reason}" for p in failed)
    state = application.process.state
    label = {"done": "已全部办结", "failed": "部分事项未通过", "cancelled": "已撤销",
             "needs_attention": "办理中（有事项待工作人员处理）"}.get(state, "办理中")
    return BundleStatus(application, parts, label, problem)
