"""Tickets: numbers per letter, appointments ahead of walk-ins, calling, recall, 办结 / 过号, the screen."""

import datetime as dt

import pytest

from onestop.appointments import queue, services
from onestop.appointments.models import Appointment, Ticket
from onestop.appointments.services import BookingError
from onestop.catalog.models import Department

from .helpers import at, make_citizen, make_hall, make_item, make_window

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 12, 7)  # a Monday


@pytest.fixture
def hall():
    return make_hall()


def _booked(hall, item, hour):
    return services.book(make_citizen(), item, hall, at(DAY, hour), now=at(DAY - dt.timedelta(days=3), 9))


def test_numbers_count_per_letter_and_day(hall):
    make_window(hall, "1号窗口", prefix="B")
    make_window(hall, "2号窗口", prefix="C", departments=("D002",))
    civil, market = Department.objects.get(code="D008"), Department.objects.get(code="D002")
    numbers = [queue.take_ticket(hall, d, now=at(DAY, 9, i)).number for i, d in enumerate([civil, civil, market])]
    assert numbers == ["B001", "B002", "C001"]
    assert queue.take_ticket(hall, civil, now=at(DAY + dt.timedelta(days=1), 9)).number == "B001"


def test_a_department_without_its_own_window_takes_the_comprehensive_windows_letter(hall):
    make_window(hall, "1号窗口", prefix="A", departments=(), serves_all=True)
    make_window(hall, "2号窗口", prefix="B")
    assert queue.prefix_for(hall, Department.objects.get(code="D008")) == "B"
    assert queue.prefix_for(hall, Department.objects.get(code="D009")) == "A"


def test_a_hall_without_a_serving_window_gives_no_ticket(hall):
    make_window(hall, "1号窗口", prefix="B")
    with pytest.raises(BookingError) as refused:
        queue.take_ticket(hall, Department.objects.get(code="D009"), now=at(DAY, 9))
    assert refused.value.code == "no_window"


def test_check_in_opens_an_hour_before_the_slot_and_closes_at_its_end(hall):
    item = make_item(hall)
    make_window(hall)
    appointment = _booked(hall, item, 10)
    with pytest.raises(BookingError) as refused:
        queue.check_in(appointment, now=at(DAY, 8, 59))
    assert refused.value.code == "too_early"
    ticket = queue.check_in(appointment, now=at(DAY, 9, 0))
    assert ticket.kind == Ticket.Kind.APPOINTMENT and ticket.appointment == appointment
    assert queue.check_in(appointment, now=at(DAY, 9, 5)) == ticket  # a second tap shows the same ticket
    late = _booked(hall, item, 11)
    with pytest.raises(BookingError) as refused:
        queue.check_in(late, now=at(DAY, 11, 30))
    assert refused.value.code == "too_late"


def test_appointments_are_called_before_walk_ins_in_slot_order(hall):
    item = make_item(hall)
    window = make_window(hall, places=5)
    civil = Department.objects.get(code="D008")
    walk_in_1 = queue.take_ticket(hall, civil, now=at(DAY, 9, 0))
    later_slot = _booked(hall, item, 10)
    earlier_slot = _booked(hall, item, 9)
    walk_in_2 = queue.take_ticket(hall, civil, now=at(DAY, 9, 2))
    t_later = queue.check_in(later_slot, now=at(DAY, 9, 5))
    t_earlier = queue.check_in(earlier_slot, now=at(DAY, 9, 6))
    assert queue.ahead_of(walk_in_1) == 2 and queue.ahead_of(t_earlier) == 0
    called = []
    for minute in range(10, 14):
        ticket = queue.call_next(window, now=at(DAY, 9, minute))
        called.append(ticket.number)
        queue.finish(window, served=True, now=at(DAY, 9, minute, ))
    assert called == [t_earlier.number, t_later.number, walk_in_1.number, walk_in_2.number]
    assert queue.call_next(window, now=at(DAY, 9, 20)) is None
    assert set(Appointment.objects.filter(pk__in=[later_slot.pk, earlier_slot.pk]).values_list("status", flat=True)) \
        == {Appointment.Status.SERVED}


def test_a_window_calls_only_what_it_serves_and_never_twice(hall):
    civil_window = make_window(hall, "1号窗口", prefix="B")
    market_window = make_window(hall, "2号窗口", prefix="C", departments=("D002",))
    comprehensive = make_window(hall, "3号窗口", prefix="A", departments=(), serves_all=True)
    market = queue.take_ticket(hall, Department.objects.get(code="D002"), now=at(DAY, 9))
    civil = queue.take_ticket(hall, Department.objects.get(code="D008"), now=at(DAY, 9, 1))
    assert queue.call_next(civil_window, now=at(DAY, 9, 5)) == civil
    assert queue.call_next(comprehensive, now=at(DAY, 9, 6)) == market
    assert queue.call_next(market_window, now=at(DAY, 9, 7)) is None


def test_a_window_must_finish_its_ticket_before_calling_the_next(hall):
    window = make_window(hall)
    civil = Department.objects.get(code="D008")
    for minute in range(2):
        queue.take_ticket(hall, civil, now=at(DAY, 9, minute))
    queue.call_next(window, now=at(DAY, 9, 5))
    with pytest.raises(BookingError) as refused:
        queue.call_next(window, now=at(DAY, 9, 6))
    assert refused.value.code == "ticket_open"


def test_recall_counts_and_no_show_marks_the_appointment(hall):
    item = make_item(hall)
    window = make_window(hall)
    appointment = _booked(hall, item, 9)
    queue.check_in(appointment, now=at(DAY, 8, 30))
    queue.call_next(window, now=at(DAY, 9))
    assert queue.recall(window, now=at(DAY, 9, 2)).call_count == 2
    ticket = queue.finish(window, served=False, now=at(DAY, 9, 5))
    assert ticket.status == Ticket.Status.NO_SHOW
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.NO_SHOW


def test_the_screen_shows_the_latest_calls_first_with_their_windows(hall):
    first = make_window(hall, "1号窗口")
    second = make_window(hall, "2号窗口")
    civil = Department.objects.get(code="D008")
    for minute in range(3):
        queue.take_ticket(hall, civil, now=at(DAY, 9, minute))
    queue.call_next(first, now=at(DAY, 9, 10))
    queue.call_next(second, now=at(DAY, 9, 11))
    queue.recall(first, now=at(DAY, 9, 12))
    shown = queue.screen(hall, DAY)
    assert [(t.number, t.window.number) for t in shown["called"]] == [("B001", "1号窗口"), ("B002", "2号窗口")]
    assert shown["waiting"] == 1
