"""Staff console for cases: the department queue (by deadline), a case with its actions, and the
data sources' status page for administrators. 一窗受理 (the comprehensive window) is onestop.window."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from onestop.accounts.permissions import (
    can_handle_cases,
    can_review_cases,
    can_see_data_sources,
    staff_profile,
    staff_required,
)
from onestop.cases import review, services, workflow
from onestop.cases.models import Case, Status
from onestop.cases.views import case_page_context
from onestop.core import workdays
from onestop.exchange import services as exchange


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


@staff_required(can_see_data_sources)
def data_sources(request):
    return render(request, "console/data_sources.html", {"rows": exchange.health_overview()})
