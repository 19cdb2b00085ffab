"""Opening hours: the text parser and the open / closed rules, with a calendar given as a value."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from onestop.halls.hours import DayCalendar, HoursError, open_status, parse_closures, parse_hours, plan_for

TZ = ZoneInfo("Asia/Shanghai")
TOWN = parse_hours("周一至周五 8:30-12:00，14:30-17:30")
DISTRICT = parse_hours("周一至周五 8:30-12:00，14:30-17:30；周六 9:00-12:00（部分窗口）")
# 2026-10-01..07 国庆节 (a Thursday to a Wednesday); 2026-10-10 (Saturday) is a 调休 working day.
HOLIDAYS = {date(2026, 10, d): "国庆节" for d in range(1, 8)}
MAKEUP = {date(2026, 10, 10)}


def is_working_day(day: date) -> bool:
    if day in HOLIDAYS:
        return False
    return day in MAKEUP or day.weekday() < 5


CALENDAR = DayCalendar(is_working_day, HOLIDAYS)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=TZ)


def test_it_reads_days_ranges_and_notes():
    assert DISTRICT.for_weekday(0) == ((510, 720), (870, 1050))
    assert DISTRICT.for_weekday(5) == ((540, 720),)
    assert DISTRICT.for_weekday(6) == ()
    assert DISTRICT.notes == ("部分窗口",)


def test_it_reads_lists_every_day_and_full_days():
    hours = parse_hours("周一、周三 9:00-17:00；周五 全天")
    assert [bool(d) for d in hours.days] == [True, False, True, False, True, False, False]
    assert hours.for_weekday(4) == ((0, 1440),)
    assert all(d == ((0, 1440),) for d in parse_hours("每天 0:00-24:00").days)


@pytest.mark.parametrize("text, words", [
    ("", "请填写办公时间"),
    ("周一至周五", "应以星期开头"),
    ("周一至周五 8:30-25:00", "不是有效的时间"),
    ("周一至周五 12:00-8:30", "结束时间应晚于开始时间"),
    ("周一至周五 8:30-12:00，11:00-17:30", "重叠"),
    ("周五至周一 8:30-12:00", "颠倒"),
    ("周一至周五 8:30-12:00；周五 14:00-17:00", "周五在"),
    ("上午 8:30-12:00", "不是星期"),
    ("周一至周五 8点半到12点", "应以星期开头"),
])
def test_unreadable_hours_get_a_chinese_reason(text, words):
    with pytest.raises(HoursError, match=words):
        parse_hours(text)


def test_open_on_a_weekday_morning_until_noon():
    status = open_status(at(2026, 12, 3, 10, 0), TOWN, CALENDAR)
    assert status.is_open and status.closes_at == at(2026, 12, 3, 12, 0)
    assert status.label == "正在办公，12:00 结束"


def test_closed_at_lunch_and_open_again_at_half_past_two():
    status = open_status(at(2026, 12, 3, 12, 30), TOWN, CALENDAR)
    assert not status.is_open and status.next_open == at(2026, 12, 3, 14, 30)
    assert status.label == "已休息，今天 14:30 开放"


def test_closed_on_a_statutory_holiday_even_on_a_weekday():
    status = open_status(at(2026, 10, 5, 10, 0), TOWN, CALENDAR)  # Monday of the National Day week
    assert not status.is_open
    assert status.today.reason == "国庆节放假"
    assert status.next_open == at(2026, 10, 8, 8, 30)  # Thursday after the holiday


def test_a_holiday_saturday_closes_a_hall_that_opens_on_saturdays():
    assert plan_for(date(2026, 10, 3), DISTRICT, CALENDAR).intervals == ()
    assert plan_for(date(2026, 12, 5), DISTRICT, CALENDAR).intervals == ((540, 720),)  # an ordinary Saturday


def test_a_makeup_saturday_opens_with_working_day_hours():
    status = open_status(at(2026, 10, 10, 15, 0), TOWN, CALENDAR)
    assert status.is_open and status.today.reason == "调休上班"
    assert plan_for(date(2026, 10, 10), DISTRICT, CALENDAR).intervals == ((510, 720), (870, 1050))


def test_an_ordinary_weekend_closes_a_town_centre_until_monday():
    status = open_status(at(2026, 12, 4, 18, 0), TOWN, CALENDAR)  # Friday evening
    assert not status.is_open and status.next_open == at(2026, 12, 7, 8, 30)
    assert status.label == "已休息，12月7日（周一）8:30 开放"
    assert open_status(at(2026, 12, 5, 10, 0), TOWN, CALENDAR).label == "已休息，后天 8:30 开放"


def test_a_24_hour_bank_area_ignores_the_calendar():
    hours = parse_hours("每天 0:00-24:00")
    status = open_status(at(2026, 10, 1, 3, 0), hours, CALENDAR, follows_calendar=False)
    assert status.is_open and status.label == "全天开放"


def test_an_extra_closure_day_closes_the_hall():
    closures = parse_closures("2026-12-03 设备检修")
    status = open_status(at(2026, 12, 3, 10, 0), TOWN, CALENDAR, closures=closures)
    assert not status.is_open and status.today.reason == "临时闭厅：设备检修"
    assert status.next_open == at(2026, 12, 4, 8, 30)


@pytest.mark.parametrize("text, words", [("12月10日 检修", "应写作"), ("2026-02-30", "不存在")])
def test_bad_closure_lines_are_named(text, words):
    with pytest.raises(HoursError, match=words):
        parse_closures(text)


def test_a_hall_never_open_reports_no_next_opening():
    hours = parse_hours("周六 9:00-12:00")
    always_holiday = DayCalendar(lambda d: False, {date(2026, 12, 1) + timedelta(days=i): "" for i in range(40)})
    status = open_status(at(2026, 12, 1, 10, 0), hours, always_holiday)
    assert not status.is_open and status.next_open is None and status.label == "暂停办公"
