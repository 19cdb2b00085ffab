"""预约签到 and 现场取号 at the kiosk: no login needed; the ticket shows nothing personal."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from onestop.appointments import queue
from onestop.appointments.models import Ticket
from onestop.appointments.services import BookingError
from onestop.catalog.models import Department

from .sessions import kiosk_required

LAST_TICKET = "kiosk_last_ticket"


@kiosk_required
def queue_home(request):
    return render(request, "kiosk/queue_home.html")


@kiosk_required
def check_in(request):
    error, code = None, ""
    if request.method == "POST":
        code = request.POST.get("code", "").strip().upper()
        appointment = queue.appointment_by_code(request.kiosk.hall, code)
        if appointment is None:
            error = f"未找到在{request.kiosk.hall.name}的该预约码，请核对短信中的8位预约码"
        else:
            try:
                ticket = queue.check_in(appointment)
            except BookingError as refused:
                error = refused.message
            else:
                request.session[LAST_TICKET] = ticket.pk
                return redirect("kiosk:queue-ticket")
    return render(request, "kiosk/queue_check_in.html", {"error": error, "code": code}, status=400 if error else 200)


@kiosk_required
def walk_in(request):
    hall = request.kiosk.hall
    departments = queue.walk_in_departments(hall)
    error = None
    if request.method == "POST":
        department = Department.objects.filter(pk=request.POST.get("department") or 0).first()
        if department is None or department not in departments:
            error = "请选择要办理业务的部门"
        else:
            try:
                ticket = queue.take_ticket(hall, department)
            except BookingError as refused:
                error = refused.message
            else:
                request.session[LAST_TICKET] = ticket.pk
                return redirect("kiosk:queue-ticket")
    return render(request, "kiosk/queue_walk_in.html", {"departments": departments, "error": error},
                  status=400 if error else 200)


@kiosk_required
def ticket(request):
    found = Ticket.objects.filter(pk=request.session.get(LAST_TICKET) or 0, hall=request.kiosk.hall).select_related(
        "department", "item").first()
    if found is None:
        return redirect("kiosk:queue")
    return render(request, "kiosk/queue_ticket.html", {"ticket": found, "ahead": queue.ahead_of(found)})


@require_POST
@kiosk_required
def done(request):
    request.session.pop(LAST_TICKET, None)
    return redirect("kiosk:home")
