"""Queue tickets (取号叫号): check-in of an appointment, walk-in tickets, calling at a window, the screen.

Numbers are a letter per group of windows and a daily sequence (A001, A002 …), drawn from a counter
row raised by UPDATE in the transaction that creates the ticket. Two windows calling at once never
get the same ticket: a ticket moves from waiting to called only by a conditional UPDATE."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from onestop.catalog.models import Department, Hall

from . import policy
from .models import Appointment, ServiceWindow, Ticket, TicketCounter
from .services import BookingError

SCREEN_ROWS = 8


def prefix_for(hall: Hall, department: Department) -> str:
    """The letter of the first window of the department at the hall; a 综合窗口's if none is its own."""
    windows = ServiceWindow.objects.filter(hall=hall, is_active=True).filter(
        Q(departments=department) | Q(serves_all=True)).order_by("serves_all", "sort_order", "number")
    window = windows.first()
    if window is None:
        raise BookingError("no_window", f"{hall.name}暂无受理{department.name}事项的窗口，请咨询大厅工作人员")
    return window.prefix


def walk_in_departments(hall: Hall) -> list[Department]:
    """The departments a walk-in can take a ticket for at the hall (those a window serves)."""
    windows = ServiceWindow.objects.filter(hall=hall, is_active=True)
    if windows.filter(serves_all=True).exists():
        return list(Department.objects.filter(items__halls=hall).distinct().order_by("sort_order", "code"))
    return list(Department.objects.filter(windows__in=windows).distinct().order_by("sort_order", "code"))


def _issue(hall: Hall, department: Department, now: dt.datetime, **fields) -> Ticket:
    day = timezone.localdate(now)
    prefix = prefix_for(hall, department)
    counter, _ = TicketCounter.objects.get_or_create(hall=hall, day=day, prefix=prefix)
    TicketCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)  # holds the row lock to commit
    counter.refresh_from_db(fields=["last"])
    return Ticket.objects.create(hall=hall, day=day, number=f"{prefix}{counter.last:03d}", department=department,
                                 issued_at=now, **fields)


def check_in(appointment: Appointment, *, now: dt.datetime | None = None) -> Ticket:
    """预约签到: from CHECK_IN_EARLY_MINUTES before the slot until its end; the ticket goes ahead of walk-ins."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().select_related("slot", "hall", "item").get(
            pk=appointment.pk)
        if appointment.status == Appointment.Status.CHECKED_IN:
            return appointment.ticket
        if appointment.status != Appointment.Status.BOOKED:
            raise BookingError("not_checkable", f"该预约{appointment.get_status_display()}，不能签到")
        slot = appointment.slot
        if now < slot.starts_at - dt.timedelta(minutes=policy.CHECK_IN_EARLY_MINUTES):
            opens = timezone.localtime(slot.starts_at - dt.timedelta(minutes=policy.CHECK_IN_EARLY_MINUTES))
            raise BookingError("too_early", f"请于{opens:%-m月%-d日 %H:%M}以后签到")
        if now >= slot.ends_at:
            raise BookingError("too_late", "预约时段已过，请在大厅现场取号")
        ticket = _issue(appointment.hall, appointment.item.department, now, kind=Ticket.Kind.APPOINTMENT,
                        item=appointment.item, appointment=appointment, priority=0, queue_at=slot.starts_at)
        appointment.status, appointment.checked_in_at = Appointment.Status.CHECKED_IN, now
        appointment.save(update_fields=["status", "checked_in_at"])
    return ticket


def appointment_by_code(hall: Hall, code: str) -> Appointment | None:
    code = (code or "").strip().upper()
    return Appointment.objects.filter(hall=hall, code=code).select_related("item", "slot").first() if code else None


def take_ticket(hall: Hall, department: Department, *, now: dt.datetime | None = None) -> Ticket:
    """现场取号 at the kiosk."""
    now = now or timezone.now()
    with transaction.atomic():
        return _issue(hall, department, now, kind=Ticket.Kind.WALK_IN, priority=1, queue_at=now)


def _served_by(window: ServiceWindow):
    waiting = Ticket.objects.filter(hall=window.hall_id, status=Ticket.Status.WAITING)
    if window.serves_all:
        return waiting
    return waiting.filter(Q(department__in=window.departments.all()) | Q(item__in=window.items.all()))


def waiting_for(window: ServiceWindow, day: dt.date):
    return _served_by(window).filter(day=day).select_related("item", "department")


def current(window: ServiceWindow) -> Ticket | None:
    return Ticket.objects.filter(window=window, status=Ticket.Status.CALLED).select_related("item", "department").first()


def call_next(window: ServiceWindow, *, now: dt.datetime | None = None) -> Ticket | None:
    """叫号: the first waiting ticket this window serves (appointments first), or None."""
    now = now or timezone.now()
    if current(window) is not None:
        raise BookingError("ticket_open", "请先将当前号码办结或标记过号，再叫下一位")
    for ticket in waiting_for(window, timezone.localdate(now))[:20]:
        taken = Ticket.objects.filter(pk=ticket.pk, status=Ticket.Status.WAITING).update(
            status=Ticket.Status.CALLED, window=window, called_at=now, call_count=1)
        if taken:  # else another window called it a moment ago: try the next
            ticket.refresh_from_db()
            return ticket
    return None


def recall(window: ServiceWindow, *, now: dt.datetime | None = None) -> Ticket:
    """重呼: the current ticket is announced again and moves to the top of the screen."""
    ticket = current(window)
    if ticket is None:
        raise BookingError("no_ticket", "当前没有已叫的号码")
    Ticket.objects.filter(pk=ticket.pk).update(called_at=now or timezone.now(), call_count=F("call_count") + 1)
    ticket.refresh_from_db()
    return ticket


def finish(window: ServiceWindow, served: bool, *, now: dt.datetime | None = None) -> Ticket:
    """办结 (served) or 过号 (no-show) of the window's current ticket; its appointment follows."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().filter(window=window, status=Ticket.Status.CALLED).first()
        if ticket is None:
            raise BookingError("no_ticket", "当前没有已叫的号码")
        ticket.status = Ticket.Status.SERVED if served else Ticket.Status.NO_SHOW
        ticket.finished_at = now
        ticket.save(update_fields=["status", "finished_at"])
        if ticket.appointment_id:
            status = Appointment.Status.SERVED if served else Appointment.Status.NO_SHOW
            Appointment.objects.filter(pk=ticket.appointment_id).update(
                status=status, no_show_at=None if served else now)
    return ticket


def screen(hall: Hall, day: dt.date) -> dict:
    """What the hall screen shows: the latest calls (newest first) and how many are waiting."""
    called = (Ticket.objects.filter(hall=hall, day=day, called_at__isnull=False)
              .select_related("window").order_by("-called_at", "-id")[:SCREEN_ROWS])
    waiting = Ticket.objects.filter(hall=hall, day=day, status=Ticket.Status.WAITING).count()
    return {"called": list(called), "waiting": waiting}


def ahead_of(ticket: Ticket) -> int:
    """Waiting tickets of the same department called before this one."""
    if ticket.status != Ticket.Status.WAITING:
        return 0
    earlier = Q(priority__lt=ticket.priority) | Q(priority=ticket.priority, queue_at__lt=ticket.queue_at) | Q(
        priority=ticket.priority, queue_at=ticket.queue_at, id__lt=ticket.id)
    return Ticket.objects.filter(hall=ticket.hall_id, day=ticket.day, department=ticket.department_id,
                                 status=Ticket.Status.WAITING).filter(earlier).count()
