"""Rows of the tests' own: a hall, an item served there, windows and verified residents, so that no
count ever includes rows that the demo data or the browser tests' server committed."""

from __future__ import annotations

import datetime as dt
import secrets

from django.utils import timezone

from onestop.accounts.models import Person, User
from onestop.appointments.models import ServiceWindow
from onestop.catalog.models import Department, Hall, ItemStatus, ServiceItem
from onestop.core.models import CalendarSource, CalendarYear


def make_hall(hours: str = "周一至周五 9:00-12:00，14:00-17:00") -> Hall:
    code = f"HT{secrets.token_hex(4)}"
    return Hall.objects.create(code=code, name=f"测试大厅{code}", level=Hall.Level.TOWN, division_code="440403",
                               address="珠海市斗门区测试路1号", opening_hours=hours)


def make_item(hall: Hall, department_code: str = "D008") -> ServiceItem:
    item = ServiceItem.objects.create(
        code=f"TESTA{secrets.token_hex(4)}", name="测试事项（预约）", department=Department.objects.get(code=department_code),
        item_type="行政确认", for_person=True, handling="window", statutory_days=5, promised_days=1,
        status=ItemStatus.PUBLISHED)
    item.halls.add(hall)
    return item


def make_window(hall: Hall, number: str = "1号窗口", *, prefix: str = "B", places: int = 2, departments=("D008",),
                serves_all: bool = False) -> ServiceWindow:
    window = ServiceWindow.objects.create(hall=hall, number=number, name="测试窗口", prefix=prefix,
                                          slot_capacity=places, serves_all=serves_all)
    window.departments.set(Department.objects.filter(code__in=departments))
    return window


def make_citizen(mobile: str = "") -> User:
    token = secrets.token_hex(6)
    user = User.objects.create(username=f"t{token}", kind=User.Kind.CITIZEN)
    person = Person(user=user, name="测试居民", gender="F", birth_date=dt.date(1990, 1, 1), mobile=mobile,
                    real_name_verified_at=timezone.now())
    person.set_id_number(f"440403{secrets.randbelow(10**12):012d}")
    person.save()
    return user


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def assume_next_year_if_needed(min_open_days: int) -> int | None:
    """Booking offers only days of years whose working calendar is published. In the last weeks of a
    year, before the State Council's notice for the next one is imported, fewer than `min_open_days`
    remain and the page tests would fail for the calendar, not for the code: then this marks next year
    as known with weekends off only (a test assumption, never shipped data) and returns the year it
    added, for the caller to remove if it committed it; None when nothing was needed."""
    from onestop.appointments import services

    if len(services.open_days()) >= min_open_days:
        return None
    year = timezone.localdate().year + 1
    _, created = CalendarYear.objects.get_or_create(
        year=year, defaults={"source": CalendarSource.ADMIN, "complete": True, "imported_at": timezone.now(),
                             "notice_title": "测试假定：仅周末休息（尚未导入国务院节假日通知）"})
    return year if created else None
