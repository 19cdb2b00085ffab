"""Capacity, the working-day calendar, one booking a day, change, cancel and the no-show rule."""

import datetime as dt

import pytest

from onestop.appointments import services
from onestop.appointments.models import Appointment, Slot
from onestop.appointments.services import BookingError

from .helpers import at, make_citizen, make_hall, make_item, make_window

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 12, 7)
NOW = at(dt.date(2026, 12, 3), 10)  # a Thursday


@pytest.fixture
def setup():
    hall = make_hall()
    item = make_item(hall)
    make_window(hall, "1号窗口", places=2)
    return hall, item


def test_capacity_is_the_serving_windows_times_their_places(setup):
    hall, item = setup
    make_window(hall, "2号窗口", places=3)
    make_window(hall, "3号窗口", prefix="A", places=1, departments=(), serves_all=True)
    make_window(hall, "4号窗口", prefix="C", places=5, departments=("D002",))  # another department: not counted
    assert services.capacity(hall, item) == 2 + 3 + 1
    slots = services.day_slots(hall, item, MONDAY, NOW)
    assert {s.capacity for s in slots} == {6}
    assert slots[0].starts_at == at(MONDAY, 9) and slots[-1].ends_at == at(MONDAY, 17)


def test_an_inactive_window_gives_no_places(setup):
    hall, item = setup
    hall.windows.update(is_active=False)
    assert services.capacity(hall, item) == 0
    assert services.bookable_halls(item) == []


def test_holidays_are_never_offered_and_a_make_up_saturday_is():
    # 2026: 国庆 1–7 October off; Sunday 20 September and Saturday 10 October are worked (调休).
    days = services.open_days(at(dt.date(2026, 9, 19), 8))
    assert dt.date(2026, 9, 20) in days
    days = services.open_days(at(dt.date(2026, 9, 30), 8))
    assert not any(dt.date(2026, 10, 1) <= d <= dt.date(2026, 10, 7) for d in days)
    assert dt.date(2026, 10, 10) in days and dt.date(2026, 10, 11) not in days
    assert days[:3] == [dt.date(2026, 9, 30), dt.date(2026, 10, 8), dt.date(2026, 10, 9)]


def test_a_holiday_has_no_slots_even_when_asked_for(setup):
    hall, item = setup
    assert services.day_slots(hall, item, dt.date(2026, 10, 2), at(dt.date(2026, 9, 30), 8)) == []
    with pytest.raises(BookingError) as refused:
        services.book(make_citizen(), item, hall, at(dt.date(2026, 10, 2), 9), now=at(dt.date(2026, 9, 30), 8))
    assert refused.value.code == "no_such_slot"


def test_days_of_a_year_without_a_published_calendar_are_not_offered():
    days = services.open_days(at(dt.date(2026, 12, 28), 8))
    assert days == [dt.date(2026, 12, 28), dt.date(2026, 12, 29), dt.date(2026, 12, 30), dt.date(2026, 12, 31)]


def test_a_full_slot_refuses_the_next_person(setup):
    hall, item = setup
    start = at(MONDAY, 9)
    for _ in range(2):
        services.book(make_citizen(), item, hall, start, now=NOW)
    with pytest.raises(BookingError) as refused:
        services.book(make_citizen(), item, hall, start, now=NOW)
    assert refused.value.code == "slot_full"
    assert Slot.objects.get(hall=hall, item=item, starts_at=start).booked == 2


def test_one_active_booking_per_person_item_and_day(setup):
    hall, item = setup
    user = make_citizen()
    services.book(user, item, hall, at(MONDAY, 9), now=NOW)
    with pytest.raises(BookingError) as refused:
        services.book(user, item, hall, at(MONDAY, 15), now=NOW)
    assert refused.value.code == "already_booked"
    other_day = services.book(user, item, hall, at(MONDAY + dt.timedelta(days=1), 9), now=NOW)
    assert other_day.status == Appointment.Status.BOOKED


def test_a_slot_outside_the_hours_or_too_soon_is_refused(setup):
    hall, item = setup
    with pytest.raises(BookingError) as refused:
        services.book(make_citizen(), item, hall, at(MONDAY, 12, 30), now=NOW)
    assert refused.value.code == "no_such_slot"
    with pytest.raises(BookingError) as refused:
        services.book(make_citizen(), item, hall, at(NOW.date(), 10, 15), now=NOW)
    assert refused.value.code == "no_such_slot"  # 10:15 is not a slot start
    with pytest.raises(BookingError) as refused:
        services.book(make_citizen(), item, hall, at(NOW.date(), 10, 0), now=NOW)
    assert refused.value.code == "too_late"


def test_change_moves_the_place_and_cancel_gives_it_back(setup):
    hall, item = setup
    user = make_citizen()
    appointment = services.book(user, item, hall, at(MONDAY, 9), now=NOW)
    code = appointment.code
    services.change(appointment, hall, at(MONDAY, 14), now=NOW)
    appointment.refresh_from_db()
    assert appointment.code == code and appointment.slot.starts_at == at(MONDAY, 14)
    slots = dict(Slot.objects.filter(hall=hall).values_list("starts_at", "booked"))
    assert slots == {at(MONDAY, 9): 0, at(MONDAY, 14): 1}
    services.cancel(appointment, now=NOW)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert Slot.objects.get(pk=appointment.slot_id).booked == 0
    again = services.book(user, item, hall, at(MONDAY, 9), now=NOW)  # cancelled: the day is free again
    assert again.status == Appointment.Status.BOOKED


def test_change_and_cancel_stop_an_hour_before_the_slot(setup):
    hall, item = setup
    appointment = services.book(make_citizen(), item, hall, at(MONDAY, 9), now=NOW)
    late = at(MONDAY, 8, 1)
    with pytest.raises(BookingError) as refused:
        services.cancel(appointment, now=late)
    assert refused.value.code == "too_late_to_change"
    with pytest.raises(BookingError):
        services.change(appointment, hall, at(MONDAY, 14), now=late)
    services.cancel(appointment, now=at(MONDAY, 8))


def test_a_full_new_slot_leaves_the_old_booking_in_place(setup):
    hall, item = setup
    mine = services.book(make_citizen(), item, hall, at(MONDAY, 9), now=NOW)
    for _ in range(2):
        services.book(make_citizen(), item, hall, at(MONDAY, 10), now=NOW)
    with pytest.raises(BookingError) as refused:
        services.change(mine, hall, at(MONDAY, 10), now=NOW)
    assert refused.value.code == "slot_full"
    mine.refresh_from_db()
    assert mine.slot.starts_at == at(MONDAY, 9) and mine.slot.booked == 1


def test_three_missed_appointments_in_90_days_stop_booking_for_30_days(setup):
    hall, item = setup
    user = make_citizen()
    days = [dt.date(2026, 11, 2), dt.date(2026, 11, 16), dt.date(2026, 11, 30)]
    for day in days:
        services.book(user, item, hall, at(day, 9), now=at(day, 8))
    person = user.person
    assert services.booking_ban(person, at(days[-1], 9, 15)) is None  # the third slot has not ended
    assert services.booking_ban(person, NOW) == dt.date(2026, 12, 30)
    assert Appointment.objects.filter(person=person, status=Appointment.Status.NO_SHOW).count() == 3
    with pytest.raises(BookingError) as refused:
        services.book(user, item, hall, at(MONDAY, 9), now=NOW)
    assert refused.value.code == "banned" and "2026年12月30日" in refused.value.message
    after = services.book(user, item, hall, at(dt.date(2026, 12, 30), 9), now=at(dt.date(2026, 12, 30), 8))
    assert after.status == Appointment.Status.BOOKED


def test_an_unverified_account_cannot_book(setup):
    hall, item = setup
    user = make_citizen()
    user.person.real_name_verified_at = None
    user.person.save()
    with pytest.raises(BookingError) as refused:
        services.book(user, item, hall, at(MONDAY, 9), now=NOW)
    assert refused.value.code == "not_verified"
