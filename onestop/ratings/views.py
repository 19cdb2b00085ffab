"""Pages of 好差评: the citizen rates a finished case; department staff work their follow-ups (整改)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from onestop.accounts.permissions import can_review_cases, citizen_required, staff_profile, staff_required
from onestop.cases.models import Case

from . import services
from .models import FollowUp


@citizen_required
@require_POST
def rate_case(request, number: str):
    case = Case.objects.select_related("item", "department").filter(number=number).first()
    if case is None or case.applicant_user_id != request.user.pk:
        raise Http404  # someone else's case number reveals nothing
    try:
        services.rate_case(case, rater=request.user, grade=request.POST.get("grade"),
                           reasons=request.POST.getlist("reasons"), comment=request.POST.get("comment", ""))
    except services.RatingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "感谢您的评价。差评将由办理部门核实整改，并在规定期限内回复您。")
    return redirect("cases:case", number=case.number)


@staff_required(can_review_cases)
def follow_ups(request):
    profile = staff_profile(request.user)
    rows = services.follow_ups_of([profile.department_id], timezone.localdate())
    return render(request, "ratings/follow_ups.html", {"rows": rows, "profile": profile})


@staff_required(can_review_cases)
def follow_up(request, pk: int):
    profile = staff_profile(request.user)
    row = FollowUp.objects.select_related("rating", "rating__item", "department").filter(pk=pk, department=profile.department).first()
    if row is None:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            services.reply_follow_up(row, rectification=request.POST.get("rectification", ""), reply=request.POST.get("reply", ""),
                                     staff=request.user)
        except services.RatingError as refused:
            error = refused.message
        else:
            messages.success(request, "整改情况已记录，回复已发送给评价人。")
            return redirect("ratings:follow-ups")
    return render(request, "ratings/follow_up.html", {"row": row, "error": error, "values": request.POST,
                                                      "overdue": row.status == FollowUp.Status.OPEN and row.due_date < timezone.localdate()},
                  status=400 if error else 200)
