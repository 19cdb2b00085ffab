"""企业开办 pages: the one form, the founder's page of the case (company, licence, every branch),
and the staff queue of start-up steps that need a person."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from onestop.accounts.permissions import citizen_required, staff_profile, staff_required, verified_person
from onestop.cases.models import Case
from onestop.processes import services as processes
from onestop.processes.models import ProcessState, StepState

from .startup import staff, timing
from .startup.form import bind_forms
from .startup.services import StartupError, case_for_key, process_for, startup_item, submit_startup

REFRESH_SECONDS = 3


@citizen_required
def startup_form(request):
    founder = verified_person(request.user)
    item = startup_item()
    resent = case_for_key(request.user, request.POST.get("idempotency_key", "")) if request.method == "POST" else None
    if resent is not None:  # the same submission again (a double click, a reload): its case
        return redirect("business:startup-case", number=resent.number)
    form, members = bind_forms(request.POST if request.method == "POST" else None, user=request.user,
                               founder=founder)
    key = request.POST.get("idempotency_key") or secrets.token_urlsafe(16)
    error = ""
    if request.method == "POST":
        members_ok = members.is_valid()  # run both, so every field's message shows at once
        if form.is_valid() and members_ok:
            try:
                case = submit_startup(request.user, form.startup_data(members.members()), key)
            except StartupError as exc:
                error = exc.message
            else:
                return redirect("business:startup-case", number=case.number)
        error = error or "申请信息有误，请按提示修改"
    context = {"form": form, "members": members, "item": item, "idempotency_key": key, "error_message": error,
               "has_reservation": form.fields["reservation"].queryset.exists()}
    return render(request, "business/startup_form.html", context, status=400 if error else 200)


@citizen_required
def startup_case(request, number: str):
    case = Case.objects.select_related("item", "startup__company", "startup__licence__cert_type").filter(
        number=number, applicant_user=request.user, startup__isnull=False).first()
    if case is None:
        raise Http404
    process = process_for(case)
    own_events, branches = processes.timeline(process) if process else ([], [])
    running = process is not None and process.state == ProcessState.RUNNING
    labels = dict(StepState.choices)
    for branch in branches:  # the founder reads 已完成, not done
        for event in branch.events:
            event.state_label = labels.get(event.to_state, event.to_state)
    context = {"case": case, "app": case.startup, "process": process, "branches": branches,
               "process_events": own_events, "refresh": REFRESH_SECONDS if running else None,
               "opening": timing.opening_time(case, process)}
    return render(request, "business/startup_case.html", context)


@staff_required(staff.can_handle_startup)
def staff_queue(request):
    profile = staff_profile(request.user)
    return render(request, "business/startup_staff.html",
                  {"profile": profile, "steps": staff.queue_for(profile.department.code)})


@staff_required(staff.can_handle_startup)
@require_POST
def staff_action(request, step_id: int):
    profile = staff_profile(request.user)
    try:
        done = staff.act(step_id, profile, request.POST.get("action", ""), request.POST.get("note", ""))
        messages.success(request, done)
    except staff.StaffActionError as exc:
        messages.error(request, exc.message)
    return redirect("business:startup-staff")
