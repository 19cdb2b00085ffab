"""Staff console: the department's queue (overdue flagged), a report's page with reply and 转办."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from onestop.accounts import permissions
from onestop.catalog.models import Department

from . import presentation, services
from .models import Category, Report
from .services import Actor, ComplaintError

FLAG_LABELS = {"overdue": "已超期", "due_soon": "即将到期", "on_time": "期限内"}


def _profile(request):
    profile = permissions.staff_profile(request.user)
    if profile is None:
        return None
    if not permissions.can_handle_cases(request.user):
        raise PermissionDenied
    return profile


def queue(request):
    profile = _profile(request)
    if profile is None:
        return redirect(f"/accounts/staff-login/?next={request.path}")
    status = request.GET.get("status", "")
    status = status if status in Report.Status.values else ""
    today = timezone.localdate()
    rows = [{"report": r, "flag": flag, "flag_label": FLAG_LABELS.get(flag, "")}
            for r, flag in services.queue(profile.department, today, status or None)]
    return render(request, "complaints/console_queue.html", {
        "profile": profile, "rows": rows, "status": status, "statuses": Report.Status.choices,
        "overdue": sum(1 for r in rows if r["flag"] == "overdue")})


@require_http_methods(["GET", "POST"])
def report_page(request, number: str):
    profile = _profile(request)
    if profile is None:
        return redirect(f"/accounts/staff-login/?next={request.path}")
    report = get_object_or_404(Report.objects.select_related("category", "department"), number=number)
    if report.department_id != profile.department_id:
        raise Http404  # staff see only their department's messages
    errors: dict[str, str] = {}
    actor = Actor(f"{profile.department.name} {profile.name}", request.user)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "reply":
                services.reply(report, text=request.POST.get("reply", ""), actor=actor)
                messages.success(request, "答复已发送。")
                return redirect("complaints:console-report", number=number)
            if action == "reroute":
                category = Category.objects.filter(code=request.POST.get("category", "")[:8]).first()
                department = Department.objects.filter(code=request.POST.get("department", "")[:20]).first()
                services.reroute(report, category=category, department=department,
                                 reason=request.POST.get("reason", ""), actor=actor)
                messages.success(request, "已转办。")
                return redirect("complaints:console-queue")
        except ComplaintError as exc:
            errors[exc.field or "form"] = exc.message
    flag = None
    if report.status == Report.Status.PROCESSING:
        flag = services.workdays.deadline_status(report.due_date, timezone.localdate())
    return render(request, "complaints/console_report.html", {
        "report": report, "events": report.events.select_related("from_department", "to_department"),
        "photos": report.photos.all(), "errors": errors, "data": request.POST, "flag": flag,
        "flag_label": FLAG_LABELS.get(flag, ""), "groups": presentation.category_groups(),
        "departments": Department.objects.order_by("sort_order", "code"), "mobile": presentation.mask_text(report.mobile)},
        status=422 if errors else 200)
