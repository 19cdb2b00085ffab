"""Booking (预约): windows, slots and their capacity, book / change / cancel, the no-show rule.

Every change of state is one function in one transaction. The place in a slot is taken by a
conditional UPDATE (``booked < capacity``): PostgreSQL locks the row and re-checks the condition, so
of two people booking the last place at once exactly one gets it; SQLite serialises the writes."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from onestop.accounts.permissions import verified_person
from onestop.catalog.models import Hall, ServiceItem
from onestop.core import workdays

from . import hours, notices, policy
from .models import Appointment, ServiceWindow, Slot

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud at a counter


class BookingError(Exception):
    """A booking refused for a reason the citizen can read; ``code`` is stable (API, tests)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class SlotView:
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    remaining: int
    bookable: bool  # open for booking now (not too late) and not full


def windows_serving(hall: Hall, item: ServiceItem):
    return ServiceWindow.objects.filter(hall=hall, is_active=True).filter(
        Q(serves_all=True) | Q(departments=item.department_id) | Q(items=item)).distinct()


def capacity(hall: Hall, item: ServiceItem) -> int:
    """Places per slot: the windows serving the item here × each window's places per slot."""
    ids = windows_serving(hall, item).values_list("pk", flat=True)
    return ServiceWindow.objects.filter(pk__in=ids).aggregate(n=Sum("slot_capacity"))["n"] or 0


def bookable_halls(item: ServiceItem) -> list[Hall]:
    """The halls that handle the item (the guide's 办理地点) and have a window serving it."""
    return [hall for hall in item.halls.all() if windows_serving(hall, item).exists()]


def is_bookable(item: ServiceItem) -> bool:
    return bool(bookable_halls(item))


def open_days(now: dt.datetime | None = None) -> list[dt.date]:
    """The next BOOKING_WORKING_DAYS working days from today. A day of a year whose working calendar
    is not published yet is never offered: its holidays are unknown."""
    calendar = workdays.current_calendar()
    day = timezone.localdate(now or timezone.now())
    days = []
    for _ in range(400):
        if len(days) == policy.BOOKING_WORKING_DAYS or not calendar.covers(day):
            break
        if calendar.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _aware(day: dt.date, at: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, at))


def day_slots(hall: Hall, item: ServiceItem, day: dt.date, now: dt.datetime | None = None) -> list[SlotView]:
    """The day's slots with the places left; empty on a day that is not open for booking."""
    now = now or timezone.now()
    if day not in open_days(now):
        return []
    places = capacity(hall, item)
    times = [(_aware(day, a), _aware(day, b)) for a, b in hours.day_slots(hours.working_day_hours(hall.opening_hours))]
    taken = dict(Slot.objects.filter(hall=hall, item=item, starts_at__in=[s for s, _ in times])
                 .values_list("starts_at", "booked"))
    latest = now + dt.timedelta(minutes=policy.BOOKING_LEAD_MINUTES)
    views = []
    for start, end in times:
        remaining = max(places - taken.get(start, 0), 0)
        views.append(SlotView(start, end, places, remaining, remaining > 0 and start >= latest))
    return views


def booking_ban(person, now: dt.datetime | None = None) -> dt.date | None:
    """The day from which ``person`` may book again, when the no-show rule stops them today."""
    now = now or timezone.now()
    mark_missed(now, person=person)
    since = timezone.localdate(now) - dt.timedelta(days=policy.NO_SHOW_WINDOW_DAYS + policy.BAN_DAYS)
    days = Appointment.objects.filter(person=person, status=Appointment.Status.NO_SHOW, day__gte=since)
    until = policy.ban_until(days.values_list("day", flat=True))
    return until if until and until > timezone.localdate(now) else None


def mark_missed(now: dt.datetime | None = None, *, person=None) -> int:
    """Appointments whose slot ended without a check-in become no-shows (爽约)."""
    now = now or timezone.now()
    missed = Appointment.objects.filter(status=Appointment.Status.BOOKED, slot__ends_at__lte=now)
    if person is not None:
        missed = missed.filter(person=person)
    return missed.update(status=Appointment.Status.NO_SHOW, no_show_at=now)


def _slot_start(hall: Hall, item: ServiceItem, starts_at: dt.datetime, now: dt.datetime) -> SlotView:
    if not windows_serving(hall, item).exists() or not item.halls.filter(pk=hall.pk).exists():
        raise BookingError("not_bookable", f"{hall.name}暂未开放该事项的网上预约，请选择其他大厅或拨打 12345 咨询")
    day = timezone.localdate(starts_at)
    view = next((s for s in day_slots(hall, item, day, now) if s.starts_at == starts_at), None)
    if view is None:
        raise BookingError("no_such_slot", "所选时段不在可预约范围内（仅工作日办公时间），请重新选择")
    if view.starts_at < now + dt.timedelta(minutes=policy.BOOKING_LEAD_MINUTES):
        raise BookingError("too_late", f"该时段开始前 {policy.BOOKING_LEAD_MINUTES} 分钟内不能再预约，请选择其他时段")
    if view.remaining <= 0:
        raise BookingError("slot_full", "该时段已约满，请选择其他时段")
    return view


def _take_place(hall: Hall, item: ServiceItem, view: SlotView) -> Slot:
    """One place in the slot, or BookingError if someone else took the last one first."""
    slot, _ = Slot.objects.get_or_create(hall=hall, item=item, starts_at=view.starts_at,
                                         defaults={"ends_at": view.ends_at})
    if not Slot.objects.filter(pk=slot.pk, booked__lt=view.capacity).update(booked=F("booked") + 1):
        raise BookingError("slot_full", "该时段已约满，请选择其他时段")
    return slot


def _release_place(slot: Slot) -> None:
    Slot.objects.filter(pk=slot.pk, booked__gt=0).update(booked=F("booked") - 1)


def _same_day_conflict(person, item, day, exclude=None) -> bool:
    active = Appointment.objects.filter(person=person, item=item, day=day, status__in=Appointment.ACTIVE)
    return active.exclude(pk=getattr(exclude, "pk", None)).exists()


def book(user, item: ServiceItem, hall: Hall, starts_at: dt.datetime, *, now: dt.datetime | None = None) -> Appointment:
    """预约: a place in the slot, a booking code, an SMS receipt after commit."""
    now = now or timezone.now()
    person = verified_person(user)
    if person is None:
        raise BookingError("not_verified", "请先完成实名认证后再预约")
    banned = booking_ban(person, now)
    if banned:
        raise BookingError("banned", f"您在 {policy.NO_SHOW_WINDOW_DAYS} 天内爽约已达 {policy.NO_SHOW_LIMIT} 次，"
                                     f"{banned:%Y年%-m月%-d日}起可再次网上预约；如需办理，请到大厅现场取号")
    view = _slot_start(hall, item, starts_at, now)
    day = timezone.localdate(starts_at)
    if _same_day_conflict(person, item, day):
        raise BookingError("already_booked", "您当天已预约过该事项，如需调整时间请改约")
    try:
        with transaction.atomic():
            slot = _take_place(hall, item, view)
            appointment = Appointment.objects.create(
                code=_new_code(), user=user, person=person, mobile=person.mobile or user.mobile or "",
                item=item, hall=hall, slot=slot, day=day)
            notices.send(appointment, notices.BOOKED)
    except IntegrityError:
        # The partial unique constraint: the same person booked the item for that day a moment ago.
        raise BookingError("already_booked", "您当天已预约过该事项，如需调整时间请改约") from None
    return appointment


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def _locked(appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update().select_related("slot", "hall", "item").get(pk=appointment.pk)


def _check_changeable(appointment: Appointment, now: dt.datetime) -> None:
    if appointment.status != Appointment.Status.BOOKED:
        raise BookingError("not_changeable", f"该预约{appointment.get_status_display()}，不能再改约或取消")
    if appointment.slot.starts_at - now < dt.timedelta(minutes=policy.CHANGE_CUTOFF_MINUTES):
        raise BookingError("too_late_to_change",
                           f"预约时段开始前 {policy.CHANGE_CUTOFF_MINUTES} 分钟内不能改约或取消，请按时到大厅签到")


def change(appointment: Appointment, hall: Hall, starts_at: dt.datetime, *, now: dt.datetime | None = None) -> Appointment:
    """改约: the new place is taken before the old one is given back, in one transaction."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = _locked(appointment)
        _check_changeable(appointment, now)
        if appointment.hall_id == hall.pk and appointment.slot.starts_at == starts_at:
            raise BookingError("same_slot", "新时段与原预约相同，请选择其他时段")
        view = _slot_start(hall, appointment.item, starts_at, now)
        day = timezone.localdate(starts_at)
        if _same_day_conflict(appointment.person, appointment.item, day, exclude=appointment):
            raise BookingError("already_booked", "您当天已预约过该事项")
        old = appointment.slot
        appointment.slot = _take_place(hall, appointment.item, view)
        _release_place(old)
        appointment.hall, appointment.day, appointment.changed_at = hall, day, now
        appointment.save(update_fields=["slot", "hall", "day", "changed_at"])
        notices.send(appointment, notices.CHANGED)
    return appointment


def cancel(appointment: Appointment, *, now: dt.datetime | None = None) -> Appointment:
    """取消预约: the place goes back to the slot."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = _locked(appointment)
        _check_changeable(appointment, now)
        appointment.status, appointment.cancelled_at = Appointment.Status.CANCELLED, now
        appointment.save(update_fields=["status", "cancelled_at"])
        _release_place(appointment.slot)
        notices.send(appointment, notices.CANCELLED)
    return appointment


def appointments_of(user):
    return Appointment.objects.filter(user=user).select_related("item", "hall", "slot", "ticket")
