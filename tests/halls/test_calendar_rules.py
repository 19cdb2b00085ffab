"""Halls against the project's working calendar (the CalendarDay table seeded from chinese-calendar):
closed on a statutory holiday, open on a 调休 Saturday, Saturday hours kept on ordinary Saturdays."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from onestop.catalog.models import Hall
from onestop.halls import services

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def status(code: str, *moment):
    at = datetime(*moment, tzinfo=TZ)
    return services.status_of(Hall.objects.get(code=code), at, services.day_calendar(at.date()))


def test_the_district_centre_is_closed_on_national_day_although_it_opens_on_saturdays():
    result = status("H440403000", 2026, 10, 3, 10, 0)  # Saturday inside the National Day holiday
    assert not result.is_open
    assert result.today.reason == "国庆节放假"
    assert result.next_open == datetime(2026, 10, 8, 8, 30, tzinfo=TZ)


def test_a_town_centre_opens_on_the_makeup_saturday_before_spring_festival():
    result = status("H440403107", 2026, 2, 14, 10, 0)  # 2026-02-14: a 调休 working Saturday
    assert result.is_open
    assert result.today.reason == "调休上班"


def test_the_district_centre_keeps_its_saturday_morning_on_an_ordinary_saturday():
    assert status("H440403000", 2026, 12, 5, 10, 0).is_open
    assert not status("H440403107", 2026, 12, 5, 10, 0).is_open


def test_the_bank_self_service_area_stays_open_on_a_holiday():
    assert status("B440403001", 2026, 10, 3, 3, 0).is_open
