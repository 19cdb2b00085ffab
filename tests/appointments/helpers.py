"""Rows of the tests' own: a hall, an item served there, windows and verified residents, so that no
count ever includes rows that the demo data or the browser tests' server committed."""

from __future__ import annotations

import datetime as dt
import secrets

from django.utils import timezone

from onestop.accounts.models import Person, User
from onestop.appointments.models import ServiceWindow
from onestop.catalog.models import Department, Hall, ItemStatus, ServiceItem


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
