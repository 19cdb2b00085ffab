import datetime as dt

from onestop.appointments.policy import ban_until

D = dt.date


def test_three_no_shows_within_90_days_stop_booking_for_30_days_from_the_third():
    assert ban_until([D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 20)]) == D(2026, 12, 20)


def test_two_no_shows_never_stop_booking():
    assert ban_until([D(2026, 11, 1), D(2026, 11, 2)]) is None
    assert ban_until([]) is None


def test_no_shows_spread_over_more_than_90_days_do_not_count_together():
    assert ban_until([D(2026, 1, 1), D(2026, 3, 1), D(2026, 4, 1)]) is None  # 90 days from 1 Jan to 1 Apr


def test_the_latest_window_of_three_decides():
    days = [D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3), D(2026, 6, 1), D(2026, 6, 2), D(2026, 6, 3)]
    assert ban_until(days) == D(2026, 7, 3)
