"""The applicant's pages: apply for an item (form pre-filled, certificates instead of paper),
follow the case, withdraw it, answer a request for more material, download own files."""

from __future__ import annotations

import io
import secrets

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from onestop.accounts.permissions import citizen_required
from onestop.catalog import guide_check
from onestop.catalog.models import ItemStatus, ServiceItem
from onestop.core.protection import ProtectedValueError

from . import forms, material_files, review, services, workflow
from .models import FINAL_STATUSES, Case, CaseMaterial, Status


def _item(code: str) -> ServiceItem:
    return get_object_or_404(ServiceItem.objects.select_related("department"), code=code, status=ItemStatus.PUBLISHED)


def _own_case(request, number: str) -> Case:
    case = Case.objects.select_related("item", "department", "decision__rule_set", "result_certificate").filter(number=number).first()
    if case is None or case.applicant_user_id != request.user.pk:
        raise Http404  # someone else's case number reveals nothing
    return case


def form_context(item, applicant, *, values=None, sources=None, errors=None, chosen=None, key=None, staff_user=None,
                 prefill_token="") -> dict:
    schema = forms.schema_for(item)
    if values is None:  # first showing: fill from the profile, certificates and data sources
        prefilled = services.prefill_for(item, applicant, staff_user=staff_user)
        values, sources, prefill_token = prefilled.values, prefilled.sources, services.sign_prefill(prefilled)
    elif sources is None:  # shown again after an error: still mark the values that are as pre-filled
        sources = services.prefilled_sources(prefill_token, values)
    return {
        "item": item, "applicant": applicant, "fields": forms.fields(schema), "values": values,
        "sources": sources or {}, "errors": errors or {}, "prefill_token": prefill_token,
        "materials": services.material_options(item, applicant),
        "chosen": chosen or set(),  # nothing is pre-ticked: using a certificate is consent
        "consent_terms": services.case_consent_terms(),
        "idempotency_key": key or secrets.token_urlsafe(16),
    }


def submission_from(request, item, applicant, **extra) -> services.Submission:
    uploads, use = {}, set()
    for material in item.materials.all():
        if request.POST.get(f"use_cert_{material.pk}") == "on":
            use.add(material.pk)
        if f"material_{material.pk}" in request.FILES:
            uploads[material.pk] = request.FILES[f"material_{material.pk}"]
    return services.Submission(item=item, applicant=applicant, form=request.POST, uploads=uploads, use_certificates=use,
                               idempotency_key=request.POST.get("idempotency_key", ""),
                               prefill_token=request.POST.get("prefill_token", ""), **extra)


@citizen_required
def apply(request, code: str):
    item = _item(code)
    if not guide_check.item_online_ready(item):
        # An incomplete guide or a window-only item: the guide offers 咨询 and 12345 instead.
        messages.error(request, "该事项暂不支持网上申请，请查看办事指南中的咨询方式，或拨打 12345 政务服务便民热线。")
        return redirect(item.get_absolute_url())
    companies = services.represented_companies(request.user)
    as_company = request.POST.get("company") or request.GET.get("company") or ""
    if not item.for_person and not as_company:
        if not companies:
            messages.error(request, "该事项须由企业法定代表人以企业名义申请")
            return redirect(item.get_absolute_url())
        as_company = companies[0].uscc
    try:
        applicant = services.applicant_for(request.user, as_company)
    except services.CaseError as exc:
        messages.error(request, exc.message)
        return redirect(item.get_absolute_url())
    context = {"companies": companies, "as_company": as_company}
    if request.method == "POST":
        try:
            case = services.submit_application(submission_from(request, item, applicant))
        except services.CaseError as exc:
            chosen = {int(k[9:]) for k in request.POST if k.startswith("use_cert_") and k[9:].isdigit()}
            context.update(form_context(item, applicant, values=request.POST, errors=exc.errors, chosen=chosen,
                                        key=request.POST.get("idempotency_key"), prefill_token=request.POST.get("prefill_token", "")))
            context["error_message"] = exc.message
            context["files_lost"] = bool(request.FILES)
            return render(request, "cases/apply.html", context, status=400)
        return redirect("cases:case", number=case.number)
    context.update(form_context(item, applicant))
    return render(request, "cases/apply.html", context)


@citizen_required
def my_cases(request):
    cases = Case.objects.filter(applicant_user=request.user).select_related("item").order_by("-submitted_at")[:100]
    return render(request, "cases/my_cases.html", {"cases": cases})


@citizen_required
def case_detail(request, number: str):
    case = _own_case(request, number)
    link = reverse("certs:certificate", args=[case.result_certificate_id]) if case.result_certificate_id else ""
    return render(request, "cases/case_detail.html", case_page_context(case) | {"can_withdraw": case.is_open, "result_link": link})


def case_page_context(case: Case) -> dict:
    schema = forms.schema_for(case.item)
    titles = {f.name: f.title for f in forms.fields(schema)}
    form_rows = [(titles.get(k, k), "是" if v is True else "否" if v is False else v, case.field_sources.get(k, ""))
                 for k, v in case.form_data.items()]
    trace = (case.decision.trace or {}) if case.decision_id else {}
    return {
        "case": case, "events": timeline_events(case), "materials": case.materials.select_related("certificate__cert_type"),
        "form_rows": form_rows, "trace": trace.get("trace", []), "decision": case.decision,
        "steps": timeline_steps(case), "supplement_request": supplement_request(case),
    }


def timeline_events(case: Case) -> list:
    """The case's events, each with the label the transition table gives its action."""
    events = list(case.events.all())
    for event in events:
        event.action_label = workflow.ACTIONS.get(event.action, "")
    return events


def timeline_steps(case: Case) -> list[dict]:
    """The progress bar: the table's main path 已提交 → 已受理 → 审查中 → 已办结, ending in the state the
    case ended in if it ended otherwise. A case that is or was in 需补正 shows that step after the step
    it was asked from (done once the applicant has supplied the material)."""
    events = list(case.events.all())
    reached = {e.to_status for e in events}
    *order, end = workflow.PROGRESS
    order.append(case.status if case.status in FINAL_STATUSES else end)
    furthest = max((i for i, s in enumerate(order) if s in reached), default=0)  # a step passed over counts as done
    steps = [{"label": Status(s).label, "done": i <= furthest, "current": s == case.status} for i, s in enumerate(order)]
    asked = [e for e in events if e.to_status == Status.NEEDS_SUPPLEMENT]
    if asked or case.status == Status.NEEDS_SUPPLEMENT:
        origin = asked[-1].from_status if asked else Status.SUBMITTED
        after = order.index(origin) + 1 if origin in order else 1
        current = case.status == Status.NEEDS_SUPPLEMENT
        steps.insert(after, {"label": Status.NEEDS_SUPPLEMENT.label, "done": True, "current": current,
                             "supplement": True})
        if current:  # nothing after the request is done while the material is awaited
            for step in steps[after + 1:]:
                step["done"] = False
    return steps


def supplement_request(case: Case):
    """The reviewer's latest request for more material (its reason and time), while it is open."""
    if case.status != Status.NEEDS_SUPPLEMENT:
        return None
    return next((e for e in reversed(list(case.events.all())) if e.to_status == Status.NEEDS_SUPPLEMENT), None)


@citizen_required
@require_POST
def withdraw(request, number: str):
    case = _own_case(request, number)
    try:
        services.withdraw_case(case, request.user, request.POST.get("reason", ""))
        messages.success(request, "办件已撤回")
    except services.CaseError as exc:
        messages.error(request, exc.message)
    return redirect("cases:case", number=case.number)


@citizen_required
@require_POST
def supplement(request, number: str):
    case = _own_case(request, number)
    try:
        services.supplement_case(case, request.user, note=request.POST.get("note", ""), files=request.FILES.getlist("files"))
        messages.success(request, "补正材料已提交")
    except services.CaseError as exc:
        messages.error(request, exc.message)
    return redirect("cases:case", number=case.number)


def material_file(request, number: str, token: str):
    """Uploads are served only to the applicant and the department's staff, never by a public URL."""
    if not request.user.is_authenticated:
        raise Http404
    material = CaseMaterial.objects.select_related("case").filter(case__number=number, token=token, kind=CaseMaterial.Kind.UPLOAD).first()
    if material is None or not material.file or not review.can_see(request.user, material.case):
        raise Http404
    try:
        data = material_files.read(material)
    except (OSError, ProtectedValueError):
        # Tampered with, or written under another key: said on the case page, never a 500.
        messages.error(request, f"材料“{material.name}”的文件无法读取，请联系受理部门重新提交。")
        mine = material.case.applicant_user_id == request.user.pk
        return redirect("cases:case" if mine else "console:case", number=number)
    response = FileResponse(io.BytesIO(data), content_type=material.content_type, as_attachment=True,
                            filename=material.original_name or f"{material.token}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
