"""A year's holiday arrangement (国务院办公厅关于XXXX年部分节假日安排的通知) as plain data.

The text format, one line per range of days (UTF-8; a header line and lines starting with # are ignored)::

    开始日期,结束日期,名称,类型
    2026-02-15,2026-02-23,春节,休
    2026-02-14,2026-02-14,春节,班

- 开始日期, 结束日期: YYYY-MM-DD, both included; a single day has the same start and end.
- 名称: the holiday as the notice names it (元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 …).
- 类型: 休 = days off (放假, weekend days inside the holiday period included);
  班 = a Saturday or Sunday worked in exchange (调休上班).
- Every date lies in the notice's year, except that the 元旦 arrangement may begin in December of the
  previous year (the notices for 2012 and 2019 did: e.g. 2018-12-29 班, 2018-12-30 to 2019-01-01 休).
- Ranges never overlap; one range spans at most 31 days (a guard against typing errors).
- Days the file does not list follow the week: Monday–Friday 工作日, Saturday and Sunday 周末.

Parsing and validation are pure (no database); `working_calendar.py` writes the result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

from .models import DayKind

HEADER = "开始日期,结束日期,名称,类型"
DAY_OFF, DAY_ON = "休", "班"
MAX_RANGE_DAYS = 31
MAX_NAME_LENGTH = 50
WEEKDAY_NAMES = "一二三四五六日"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LIBRARY_NAMES = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}


@dataclass(frozen=True)
class NoticeEntry:
    """One line of a notice: a range of days off (休) or of make-up working days (班)."""

    start: date
    end: date
    name: str
    day_off: bool
    line: int = 0  # line number in the file; 0 when the entry did not come from a file

    def dates(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


@dataclass(frozen=True)
class NoticeError:
    line: int | None  # None: the error concerns the whole file
    reason: str

    def __str__(self) -> str:
        return f"第 {self.line} 行：{self.reason}" if self.line else self.reason


class NoticeRejected(Exception):
    """The notice has errors; nothing was imported."""

    def __init__(self, errors: list[NoticeError]):
        super().__init__(f"{len(errors)} 处错误")
        self.errors = errors


@dataclass(frozen=True)
class DayRecord:
    date: date
    kind: DayKind
    holiday_name: str = ""

    @property
    def is_working_day(self) -> bool:
        return DayKind(self.kind).is_working


def weekday_name(day: date) -> str:
    return f"星期{WEEKDAY_NAMES[day.weekday()]}"


def kind_fits_weekday(day: date, kind: str) -> str | None:
    """Why `kind` cannot describe `day`, or None when it can."""
    weekend = day.weekday() >= 5
    if kind == DayKind.WORKDAY and weekend:
        return f"{day.isoformat()} 是{weekday_name(day)}：周六、周日上班请选“调休上班”"
    if kind == DayKind.WEEKEND and not weekend:
        return f"{day.isoformat()} 是{weekday_name(day)}，不是周末"
    if kind == DayKind.MAKEUP and not weekend:
        return f"{day.isoformat()} 是{weekday_name(day)}，本来就是工作日，不能标为“调休上班”（调休上班只用于周六、周日）"
    return None


def _parse_date(text: str, label: str, errors: list[str]) -> date | None:
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    errors.append(f"{label}“{text}”无效，应为 YYYY-MM-DD 格式的真实日期")
    return None


def _in_notice_year(day: date, year: int) -> bool:
    return day.year == year or (day.year == year - 1 and day.month == 12)


def parse_notice(year: int, text: str) -> list[NoticeEntry]:
    """Every entry of a notice for `year`, or NoticeRejected listing every error by line."""
    errors: list[NoticeError] = []
    entries: list[NoticeEntry] = []
    seen: dict[date, int] = {}  # date -> line that listed it
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.replace("，", ",").strip()
        if not line or line.startswith("#") or line.replace(" ", "") == HEADER:
            continue
        fields = [field.strip() for field in line.split(",")]
        if len(fields) != 4:
            errors.append(NoticeError(number, f"应为 4 列（开始日期,结束日期,名称,休/班），实际为 {len(fields)} 列"))
            continue
        problems: list[str] = []
        start = _parse_date(fields[0], "开始日期", problems)
        end = _parse_date(fields[1], "结束日期", problems)
        name, kind = fields[2], fields[3]
        if not name:
            problems.append("缺少节日名称")
        elif len(name) > MAX_NAME_LENGTH:
            problems.append(f"节日名称超过 {MAX_NAME_LENGTH} 个字")
        if kind not in (DAY_OFF, DAY_ON):
            problems.append(f"类型“{kind}”无效，应为“休”（放假）或“班”（调休上班）")
        if start and end:
            if end < start:
                problems.append(f"结束日期 {end} 早于开始日期 {start}")
            elif (end - start).days + 1 > MAX_RANGE_DAYS:
                problems.append(f"{start} 至 {end} 共 {(end - start).days + 1} 天，超过 {MAX_RANGE_DAYS} 天，请检查日期是否输错")
            for day in (start, end):
                if not _in_notice_year(day, year):
                    problems.append(
                        f"日期 {day} 不在 {year} 年内（除上一年 12 月的元旦调休安排外，通知中的日期都应在 {year} 年）"
                    )
                    break
        if problems:
            errors.extend(NoticeError(number, problem) for problem in problems)
            continue
        entry = NoticeEntry(start, end, name, kind == DAY_OFF, number)
        line_errors = []
        for day in entry.dates():
            if not entry.day_off and (reason := kind_fits_weekday(day, DayKind.MAKEUP)):
                line_errors.append(reason)
            if day in seen:
                line_errors.append(f"{day} 已在第 {seen[day]} 行出现，日期区间不能重叠")
        if line_errors:
            errors.extend(NoticeError(number, reason) for reason in line_errors)
            continue
        seen.update(dict.fromkeys(entry.dates(), number))
        entries.append(entry)
    if not errors and not any(entry.day_off for entry in entries):
        errors.append(NoticeError(None, "没有任何“休”的安排：一份节假日安排通知至少有一段放假日期"))
    if errors:
        raise NoticeRejected(errors)
    return entries


def notice_days(year: int, entries: list[NoticeEntry]) -> list[DayRecord]:
    """Every day of `year`, plus the December days of the year before that the entries name, in date order."""
    marked = {
        day: DayRecord(day, DayKind.HOLIDAY if entry.day_off else DayKind.MAKEUP, entry.name)
        for entry in entries
        for day in entry.dates()
    }
    first, last = date(year, 1, 1), date(year, 12, 31)
    records = [marked[day] for day in sorted(marked) if day < first]
    day = first
    while day <= last:
        records.append(marked.get(day) or DayRecord(day, DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKDAY))
        day += timedelta(days=1)
    return records


def format_notice(year: int, entries: list[NoticeEntry], comment: str = "") -> str:
    lines = [f"# {part}" for part in comment.splitlines()] + [HEADER]
    for entry in sorted(entries, key=lambda e: (e.start, not e.day_off)):
        lines.append(f"{entry.start},{entry.end},{entry.name},{DAY_OFF if entry.day_off else DAY_ON}")
    return "\n".join(lines) + "\n"


# chinese-calendar ------------------------------------------------------------------------------

LIBRARY_VERSION = chinese_calendar.__version__


def library_years() -> range:
    """The years the installed chinese-calendar knows (1.11.0: 2004–2026)."""
    years = {day.year for day in chinese_calendar.holidays}
    return range(min(years), max(years) + 1)


def library_entries(year: int) -> list[NoticeEntry]:
    """The library's days off and make-up days of `year`, as notice entries."""
    days = [(day, _LIBRARY_NAMES[name], True) for day, name in chinese_calendar.holidays.items() if day.year == year]
    days += [(day, _LIBRARY_NAMES[name], False) for day, name in chinese_calendar.workdays.items() if day.year == year]
    return entries_from_days(days)


def entries_from_days(days: Iterable[tuple[date, str, bool]]) -> list[NoticeEntry]:
    """(date, holiday name, day off?) triples merged into ranges of consecutive days with the same name and type."""
    days = list(days)
    entries: list[NoticeEntry] = []
    for day_off in (True, False):
        run: list[date] = []
        name = ""
        for day, day_name, _ in sorted(d for d in days if d[2] == day_off):
            if run and (day_name != name or day != run[-1] + timedelta(days=1)):
                entries.append(NoticeEntry(run[0], run[-1], name, day_off))
                run = []
            run.append(day)
            name = day_name
        if run:
            entries.append(NoticeEntry(run[0], run[-1], name, day_off))
    return sorted(entries, key=lambda e: (e.start, not e.day_off))
