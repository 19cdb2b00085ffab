"""Changes to the working calendar: seeding from chinese-calendar, importing a State Council notice, editing a day.

Each change runs in one transaction and saves the `CalendarYear` row of every year it touches. Readers
(`workdays.py`) notice every change through the tables' generation (the years' count and latest
`updated_at`, the days' latest `updated_at`), so no process keeps serving an old calendar. Change
the tables only through these functions (or the admin, which calls them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .holiday_notice import (
    LIBRARY_VERSION,
    DayRecord,
    NoticeEntry,
    NoticeError,
    NoticeRejected,
    entries_from_days,
    kind_fits_weekday,
    library_entries,
    library_years,
    notice_days,
    parse_notice,
)
from .models import CalendarDay, CalendarSource, CalendarYear, DayKind

MIN_YEAR, MAX_YEAR = 2000, 2100


def default_notice_title(year: int) -> str:
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


def _replace_days(day_model, year: int, records: list[DayRecord], source: str) -> None:
    """Delete the year's rows (and any other rows the records name), then write the records."""
    day_model.objects.filter(date__year=year).delete()
    day_model.objects.filter(date__in=[r.date for r in records if r.date.year != year]).delete()
    day_model.objects.bulk_create(
        day_model(
            date=r.date,
            is_working_day=r.is_working_day,
            kind=str(r.kind),
            holiday_name=r.holiday_name,
            source=source,
        )
        for r in records
    )


def seed_from_library(day_model=CalendarDay, year_model=CalendarYear) -> list[int]:
    """Write every year chinese-calendar knows that the table does not hold complete; return those years.

    Years already complete (from the library, a notice import or an earlier run) are left alone, so the
    command is idempotent and never overwrites an imported notice. Takes the model classes so that the
    data migration can pass its historical models.
    """
    written = []
    now = timezone.now()
    with transaction.atomic():
        complete = set(year_model.objects.filter(complete=True).values_list("year", flat=True))
        for year in library_years():
            if year in complete:
                continue
            _replace_days(day_model, year, notice_days(year, library_entries(year)), CalendarSource.LIBRARY.value)
            year_model.objects.update_or_create(
                year=year,
                defaults={
                    "source": CalendarSource.LIBRARY.value,
                    "complete": True,
                    "notice_title": f"{year}年节假日安排（chinese-calendar {LIBRARY_VERSION} 收录）",
                    "notice_reference": f"chinese-calendar {LIBRARY_VERSION}",
                    "imported_at": now,
                },
            )
            written.append(year)
    return written


@dataclass(frozen=True)
class ImportSummary:
    year: int
    days: int  # rows written
    days_off: int  # 法定节假日 rows (weekends inside holiday periods included)
    makeup_days: int  # 调休上班 rows
    replaced: bool  # the year was complete before


def import_holiday_notice(
    year: int, text: str, *, title: str = "", reference: str = "", replace: bool = False
) -> ImportSummary:
    """Import a year's notice in the documented text format; NoticeRejected (nothing changed) on any error."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise NoticeRejected([NoticeError(None, f"年份 {year} 超出范围（{MIN_YEAR}–{MAX_YEAR}）")])
    entries = parse_notice(year, text)
    records = notice_days(year, entries)
    with transaction.atomic():
        existing = CalendarYear.objects.select_for_update().filter(year=year).first()
        if existing and existing.complete and not replace:
            raise NoticeRejected(
                [
                    NoticeError(
                        None,
                        f"{year} 年的工作日历已完整（来源：{existing.get_source_display()}）。"
                        "如要用这份通知替换，请勾选“替换已有的年度日历”。",
                    )
                ]
            )
        _replace_days(CalendarDay, year, records, CalendarSource.NOTICE.value)
        CalendarYear.objects.update_or_create(
            year=year,
            defaults={
                "source": CalendarSource.NOTICE.value,
                "complete": True,
                "notice_title": title.strip() or default_notice_title(year),
                "notice_reference": reference.strip(),
                "imported_at": timezone.now(),
            },
        )
    return ImportSummary(
        year=year,
        days=len(records),
        days_off=sum(r.kind == DayKind.HOLIDAY for r in records),
        makeup_days=sum(r.kind == DayKind.MAKEUP for r in records),
        replaced=bool(existing and existing.complete),
    )


def set_calendar_day(day: date, kind: str, holiday_name: str = "") -> CalendarDay:
    """An administrator's correction of one day. A year not yet in the table is recorded as incomplete."""
    if kind not in DayKind.values:
        raise ValidationError({"kind": f"未知的类型“{kind}”"})
    if reason := kind_fits_weekday(day, kind):
        raise ValidationError({"kind": reason})
    name = holiday_name.strip() if kind in (DayKind.HOLIDAY, DayKind.MAKEUP) else ""
    with transaction.atomic():
        row, _ = CalendarDay.objects.update_or_create(
            date=day,
            defaults={
                "kind": kind,
                "is_working_day": DayKind(kind).is_working,
                "holiday_name": name,
                "source": CalendarSource.ADMIN.value,
            },
        )
        year, created = CalendarYear.objects.get_or_create(
            year=day.year,
            defaults={"source": CalendarSource.ADMIN.value, "complete": False, "imported_at": timezone.now()},
        )
        if not created:
            year.save(update_fields=["updated_at"])  # the calendar's generation moves with every change
    return row


def notice_entries_from_table(year: int) -> list[NoticeEntry]:
    """The year's days off and make-up days as they stand in the table, in the notice format's entries."""
    rows = CalendarDay.objects.filter(date__year=year, kind__in=[DayKind.HOLIDAY, DayKind.MAKEUP])
    return entries_from_days(
        (day, name or "（未命名）", kind == DayKind.HOLIDAY) for day, name, kind in rows.values_list("date", "holiday_name", "kind")
    )
