"""Citizen pages: book from an item's guide, 我的预约, change, cancel, check in (签到取号)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from onestop.accounts.permissions import citizen_required, verified_person
from onestop.catalog.models import Hall, ServiceItem

from . import policy, queue, services
from .models import Appointment


def _chooser(request, item: ServiceItem, now: dt.datetime, current: Appointment | None = None) -> dict:
    """The hall, the day and that day's slots chosen by ?hall= and ?day= (defaults: first of each)."""
    halls = services.bookable_halls(item)
    wanted = request.GET.get("hall") or (current.hall.code if current else "")
    hall = next((h for h in halls if h.code == wanted), halls[0] if halls else None)
    days = services.open_days(now)
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = None
    if day not in days:
        day = days[0] if days else None
    slots = services.day_slots(hall, item, day, now) if hall and day else []
    return {"item": item, "halls": halls, "hall": hall, "days": days, "day": day, "slots": slots,
            "any_free": any(s.bookable for s in slots), "rules": policy.RULES_TEXT}


def _start(request) -> dt.datetime | None:
    try:
        start = dt.datetime.fromisoformat(request.POST.get("start", ""))
    except ValueError:
        return None
    return start if timezone.is_aware(start) else None


def _hall(request) -> Hall | None:
    return Hall.objects.filter(code=request.POST.get("hall", "")).first()


@citizen_required
def book(request, code: str):
    item = get_object_or_404(ServiceItem.objects.select_related("department"), code=code)
    now = timezone.now()
    error = None
    if request.method == "POST":
        start, hall = _start(request), _hall(request)
        if start is None or hall is None:
            error = "请选择办理大厅和预约时段"
        else:
            try:
                appointment = services.book(request.user, item, hall, start, now=now)
            except services.BookingError as refused:
                error = refused.message
            else:
                messages.success(request, "预约成功，预约码已通过短信发送到您的手机")
                return redirect("appointments:detail", appointment.code)
    context = _chooser(request, item, now)
    context.update(error=error, ban=services.booking_ban(verified_person(request.user), now), action="book")
    return render(request, "appointments/book.html", context, status=400 if error else 200)


def _own(request, code: str) -> Appointment:
    appointment = services.appointments_of(request.user).filter(code=code.upper()).first()
    if appointment is None:
        raise Http404
    return appointment


@citizen_required
def mine(request):
    services.mark_missed(person=verified_person(request.user))
    appointments = services.appointments_of(request.user).order_by("-slot__starts_at")[:50]
    return render(request, "appointments/mine.html", {"appointments": appointments, "rules": policy.RULES_TEXT})


@citizen_required
def detail(request, code: str):
    appointment = _own(request, code)
    now = timezone.now()
    ticket = getattr(appointment, "ticket", None)
    start = appointment.slot.starts_at
    return render(request, "appointments/detail.html", {
        "a": appointment, "ticket": ticket, "ahead": queue.ahead_of(ticket) if ticket else 0,
        "changeable": appointment.status == Appointment.Status.BOOKED
        and start - now >= dt.timedelta(minutes=policy.CHANGE_CUTOFF_MINUTES),
        "checkin_open": appointment.status == Appointment.Status.BOOKED
        and start - dt.timedelta(minutes=policy.CHECK_IN_EARLY_MINUTES) <= now < appointment.slot.ends_at,
        "rules": policy.RULES_TEXT})


@citizen_required
def change(request, code: str):
    appointment = _own(request, code)
    now = timezone.now()
    error = None
    if request.method == "POST":
        start, hall = _start(request), _hall(request)
        if start is None or hall is None:
            error = "请选择新的办理大厅和预约时段"
        else:
            try:
                services.change(appointment, hall, start, now=now)
            except services.BookingError as refused:
                error = refused.message
            else:
                messages.success(request, "改约成功，新的预约时间已通过短信发送到您的手机")
                return redirect("appointments:detail", appointment.code)
    context = _chooser(request, appointment.item, now, current=appointment)
    context.update(error=error, current=appointment, action="change")
    return render(request, "appointments/book.html", context, status=400 if error else 200)


@require_POST
@citizen_required
def cancel(request, code: str):
    appointment = _own(request, code)
    try:
        services.cancel(appointment)
    except services.BookingError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "预约已取消")
    return redirect("appointments:detail", appointment.code)


@require_POST
@citizen_required
def check_in(request, code: str):
    appointment = _own(request, code)
    try:
        ticket = queue.check_in(appointment)
    except services.BookingError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"签到成功，您的排队号是 {ticket.number}")
    return redirect("appointments:detail", appointment.code)
