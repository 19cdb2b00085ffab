import datetime as dt

from onestop.appointments.hours import DEFAULT_HOURS, day_slots, working_day_hours

T = dt.time


def test_it_reads_the_weekday_part_of_published_hours():
    text = "周一至周五 8:30-12:00，14:30-17:30；周六 9:00-12:00（部分窗口）"
    assert working_day_hours(text) == ((T(8, 30), T(12)), (T(14, 30), T(17, 30)))


def test_a_hall_without_readable_hours_gets_the_default():
    assert working_day_hours("") == DEFAULT_HOURS == ((T(9), T(12)), (T(14), T(17, 30)))
    assert working_day_hours("以公告为准") == DEFAULT_HOURS
    assert working_day_hours("25:00-26:00") == DEFAULT_HOURS


def test_it_refuses_overlapping_or_reversed_periods():
    assert working_day_hours("9:00-12:00，11:00-13:00，17:00-14:00") == ((T(9), T(12)),)


def test_slots_are_whole_half_hours_inside_each_period():
    slots = day_slots(((T(8, 30), T(10, 15)), (T(14), T(15))))
    assert slots == [(T(8, 30), T(9)), (T(9), T(9, 30)), (T(9, 30), T(10)), (T(14), T(14, 30)), (T(14, 30), T(15))]
    assert len(day_slots(DEFAULT_HOURS)) == 6 + 7
