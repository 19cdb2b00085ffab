"""Staff console for cases: the department queue (by deadline), a case with its actions, 一窗受理
(a window clerk files a case for a visitor whose certificate QR was just verified), and the data
sources' status page for administrators."""

from __future__ import annotations

import time

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from onestop.accounts.models import Person
from onestop.accounts.permissions import (
    can_handle_cases,
    can_review_cases,
    can_see_data_sources,
    staff_profile,
    staff_required,
)
from onestop.cases import review, services, workflow
from onestop.cases.models import Case, Channel, Status
from onestop.cases.views import case_page_context, form_context, submission_from
from onestop.catalog.models import ItemStatus, ServiceItem
from onestop.certs import audit
from onestop.core import workdays
from onestop.exchange import services as exchange

VISITOR_SESSION_KEY = "window_visitor"
VISITOR_TTL_SECONDS = 30 * 60  # a verified visitor stays selected for half an hour


@staff_required(can_review_cases)
def queue(request):
    profile = staff_profile(request.user)
    status = request.GET.get("status", "")
    if status and status not in Status.values:
        status = ""
    rows = review.department_queue(profile.department, status=status)
    warnings = workdays.calendar_warnings(services.today())
    return render(request, "console/case_queue.html", {
        "rows": rows, "profile": profile, "status": status, "warnings": warnings,
        "statuses": [(s, Status(s).label) for s in workflow.OPEN],  # the states a case waits in
    })


def _department_case(request, number: str) -> Case:
    case = Case.objects.select_related("item", "department", "decision__rule_set__item", "result_certificate__cert_type",
                                       "applicant_person", "applicant_company").filter(number=number).first()
    if case is None or not review.can_see(request.user, case):
        raise Http404
    return case


@staff_required(can_handle_cases)
def case_detail(request, number: str):
    case = _department_case(request, number)
    context = case_page_context(case)
    actions = review.actions_for(case) if review.can_review(request.user, case) else []
    context.update({"actions": actions, "profile": staff_profile(request.user),
                    "reason_for": "、".join(a.label for a in actions if a.reason_required)})
    return render(request, "console/case.html", context)


@staff_required(can_review_cases)
@require_POST
def case_action(request, number: str):
    case = _department_case(request, number)
    try:
        review.act(case, request.user, request.POST.get("action", ""), request.POST.get("reason", ""))
        messages.success(request, "已办理")
    except services.CaseError as exc:
        messages.error(request, exc.message)
    return redirect("console:case", number=case.number)


# --- 一窗受理 --------------------------------------------------------------------------------

def remember_visitor(request, verdict) -> None:
    """Called after a valid scan of a person's certificate: the clerk may now file for that person."""
    certificate = verdict.certificate
    if verdict.code == "valid" and certificate is not None and certificate.holder_person_id:
        request.session[VISITOR_SESSION_KEY] = {"person": certificate.holder_person_id, "at": time.time()}


def _visitor(request) -> Person:
    data = request.session.get(VISITOR_SESSION_KEY) or {}
    if not data or time.time() - data.get("at", 0) > VISITOR_TTL_SECONDS:
        raise PermissionDenied("请先扫描办事人的电子证照二维码，核验通过后再受理")
    person = Person.objects.select_related("user").filter(pk=data["person"]).first()
    if person is None or person.user is None:
        raise PermissionDenied("该办事人尚未注册账号，请引导其先完成实名注册")
    return person


@staff_required(can_handle_cases)
def window_start(request):
    if not request.session.get(VISITOR_SESSION_KEY):  # the tile's first step is identifying the visitor
        messages.info(request, "请先扫描办事人的电子证照二维码，核验通过后再受理")
        return redirect("console:scan")
    person = _visitor(request)
    profile = staff_profile(request.user)
    items = ServiceItem.objects.filter(department=profile.department, status=ItemStatus.PUBLISHED, for_person=True).order_by("name")
    return render(request, "console/window_start.html", {"person": person, "items": items, "profile": profile})


@staff_required(can_handle_cases)
def window_apply(request, code: str):
    person = _visitor(request)
    profile = staff_profile(request.user)
    item = get_object_or_404(ServiceItem, code=code, status=ItemStatus.PUBLISHED, department=profile.department)
    applicant = services.Applicant(person.user, person)
    if request.method == "POST":
        try:
            sub = submission_from(request, item, applicant, channel=Channel.WINDOW, staff_user=request.user)
            case = services.submit_application(sub)
        except services.CaseError as exc:
            chosen = {int(k[9:]) for k in request.POST if k.startswith("use_cert_") and k[9:].isdigit()}
            context = form_context(item, applicant, values=request.POST, errors=exc.errors, chosen=chosen,
                                   key=request.POST.get("idempotency_key"), prefill_token=request.POST.get("prefill_token", ""))
            context |= {"person": person, "error_message": exc.message, "window": True}
            return render(request, "console/window_apply.html", context, status=400)
        request.session.pop(VISITOR_SESSION_KEY, None)
        messages.success(request, f"已为 {person.name} 提交申请，办件编号 {case.number}")
        return redirect("console:case", number=case.number)
    # Pre-filling a visitor's form reads their data on their behalf: recorded like any staff read.
    audit.append_records([audit.data_read_record(
        source_code="profile", source_name="实名信息", actor=f"{profile.department.name} {profile.name}",
        purpose=f"一窗受理“{item.name}”", outcome="ok", holder_person_id=person.pk, actor_user=request.user,
        actor_department=profile.department, service_item_code=item.code,
    )])
    context = form_context(item, applicant, staff_user=request.user) | {"person": person, "window": True}
    return render(request, "console/window_apply.html", context)


@staff_required(can_see_data_sources)
def data_sources(request):
    return render(request, "console/data_sources.html", {"rows": exchange.health_overview()})
