"""The engine step that opens a member's department case and awaits its outcome. Idempotent: the
case is created under the step's idempotency key, so a repeated attempt (a worker killed after the
case was created) finds the same case instead of opening a second one."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from onestop.cases import material_files
from onestop.cases import services as cases
from onestop.cases.models import Channel
from onestop.catalog.bundles import member_form
from onestop.processes.handlers import AwaitOutcome, PermanentFailure, StepContext, step_handler

from .models import BundleApplication
from .services import OPEN_MEMBER, member_items, parse, shared_name


def _posted(data: dict) -> dict:
    """Typed shared answers back to the strings a form posts (booleans as a ticked checkbox)."""
    return {k: ("on" if v is True else "" if v is False else v) for k, v in data.items()}


@step_handler(OPEN_MEMBER)
def open_member(ctx: StepContext) -> AwaitOutcome:
    application = BundleApplication.objects.select_related("bundle", "applicant_user").get(
        pk=ctx.inputs["application_id"])
    definition = parse(application.bundle)
    member = definition.member(ctx.step)
    item = member_items(definition)[member.step]
    company = ctx.upstream.get(member.company_from, {}).get("certificate_number", "") if member.company_from else ""
    try:
        applicant = cases.applicant_for(application.applicant_user, company)
    except cases.CaseError as err:
        raise PermanentFailure(f"{item.name}：{err.message}") from None
    held = cases.held_certificates(applicant)
    files = {f.material_name: f for f in application.files.all()}
    use, attached = set(), {}
    for material in item.materials.select_related("ecert_type"):
        if material.ecert_type_id in held:
            use.add(material.pk)
        elif shared_name(material) in files:
            row = files[shared_name(material)]
            attached[material.pk] = SimpleUploadedFile(row.original_name, material_files.read(row), row.content_type)
    form = member_form(member, _posted(application.form_data), ctx.upstream)
    try:
        case = cases.submit_application(cases.Submission(
            item=item, applicant=applicant, form=form, idempotency_key=ctx.idempotency_key, uploads=attached,
            use_certificates=use, channel=Channel.ONLINE))
    except cases.CaseError as err:
        details = "；".join(err.errors.values())
        raise PermanentFailure(f"{item.name}未能提交：{err.message}" + (f"（{details}）" if details else "")) from None
    return AwaitOutcome(f"case:{case.pk}", {"case_number": case.number, "department": item.department.name})
