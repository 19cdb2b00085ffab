"""Opening hours (办公时间) of a hall: parsed from the text an administrator writes, and "open now" /
"next open" against the working-day calendar. Pure: no database (the calendar comes in as a value).

The text is what a government page prints, so it is both what citizens read and what the code
computes from:

    周一至周五 8:30-12:00，14:30-17:30；周六 9:00-12:00（部分窗口）
    每天 0:00-24:00
    周一、周三、周五 9:00-17:00

Segments are separated by "；" (or ";" or a new line); each names days (周一…周日 / 星期一…, ranges
with 至 or -, lists with 、, 每天 / 工作日) and one or more time ranges (, ， 、). A note in brackets
at the end of a segment is kept for display. Days not named are closed.

Calendar rule for halls that follow it (government halls): closed on statutory holidays (放假, weekend
days inside a holiday period included); open on 调休 make-up Saturdays and Sundays with the hours of
an ordinary working day (the first of Monday–Friday that has hours); ordinary weekends use the
Saturday / Sunday hours, if any. Halls that do not follow it (24-hour bank self-service areas) keep
their weekly hours every day. Extra closure dates (检修, 搬迁) close a hall whatever the calendar says.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

WEEKDAY_NAMES = "一二三四五六日"
DAY_LABELS = tuple(f"周{c}" for c in WEEKDAY_NAMES)
_DAY_CHARS = {c: i for i, c in enumerate(WEEKDAY_NAMES)} | {"天": 6, "七": 6}
_SEGMENT_SPLIT = re.compile(r"[；;\n]+")
_NOTE = re.compile(r"[（(]([^）)]*)[）)]\s*$")
_DAY_TOKEN = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天七])")
_TIME = r"(\d{1,2})[:：](\d{2})"
_RANGE = re.compile(rf"^{_TIME}\s*[-–—~～至到]\s*{_TIME}$")
SEARCH_DAYS = 31  # how far ahead "next open" looks


class HoursError(ValueError):
    """The opening-hours text cannot be read; the message says where, in Chinese."""


Interval = tuple[int, int]  # minutes after midnight, start < end, end ≤ 1440


@dataclass(frozen=True)
class WeeklyHours:
    days: tuple[tuple[Interval, ...], ...]  # index 0 = Monday
    notes: tuple[str, ...] = ()

    def for_weekday(self, weekday: int) -> tuple[Interval, ...]:
        return self.days[weekday]

    @property
    def working_day_hours(self) -> tuple[Interval, ...]:
        """What a 调休 Saturday or Sunday uses: an ordinary working day's hours."""
        return next((d for d in self.days[:5] if d), ())

    @property
    def is_empty(self) -> bool:
        return not any(self.days)


def _minutes(hours: str, minutes: str, text: str) -> int:
    h, m = int(hours), int(minutes)
    if m > 59 or h > 24 or (h == 24 and m):
        raise HoursError(f"“{text}”不是有效的时间")
    return h * 60 + m


def _parse_ranges(text: str, segment: str) -> list[Interval]:
    ranges = []
    for part in re.split(r"[,，、]", text):
        part = part.strip()
        if not part:
            continue
        if part in ("全天", "24小时"):
            ranges.append((0, 1440))
            continue
        match = _RANGE.match(part)
        if not match:
            raise HoursError(f"“{segment}”中的“{part}”不是时间段（应写作 8:30-12:00）")
        start, end = _minutes(*match.group(1, 2), part), _minutes(*match.group(3, 4), part)
        if start >= end:
            raise HoursError(f"“{part}”的结束时间应晚于开始时间")
        ranges.append((start, end))
    if not ranges:
        raise HoursError(f"“{segment}”缺少时间段")
    ranges.sort()
    for (_, end), (start, _) in zip(ranges, ranges[1:]):
        if start < end:
            raise HoursError(f"“{segment}”中的时间段有重叠")
    return ranges


def _parse_days(text: str, segment: str) -> list[int]:
    text = text.strip()
    if text in ("每天", "每日", "全年", "全年无休"):
        return list(range(7))
    if text in ("工作日", "周一至周五"):
        return list(range(5))
    days: list[int] = []
    for part in re.split(r"[、,，]", text):
        tokens = _DAY_TOKEN.findall(part)
        rest = _DAY_TOKEN.sub("", part).strip()
        if len(tokens) == 2 and rest in ("至", "到", "-", "–", "—", "~", "～"):
            first, last = _DAY_CHARS[tokens[0]], _DAY_CHARS[tokens[1]]
            if last < first:
                raise HoursError(f"“{part}”的起止星期颠倒")
            days += range(first, last + 1)
        elif len(tokens) == 1 and not rest:
            days.append(_DAY_CHARS[tokens[0]])
        else:
            raise HoursError(f"“{segment}”中的“{part or text}”不是星期（应写作 周一至周五、周六 或 每天）")
    return days


def parse_hours(text: str) -> WeeklyHours:
    """The weekly hours written in ``text``; ``HoursError`` with a Chinese reason otherwise."""
    days: list[list[Interval]] = [[] for _ in range(7)]
    notes = []
    segments = [s.strip() for s in _SEGMENT_SPLIT.split(text or "") if s.strip()]
    if not segments:
        raise HoursError("请填写办公时间，例如“周一至周五 8:30-12:00，14:30-17:30”")
    for segment in segments:
        body = segment
        note = _NOTE.search(body)
        if note:
            notes.append(note.group(1).strip())
            body = body[: note.start()].strip()
        match = re.match(r"^(.*?)\s*((?:\d{1,2}[:：]\d{2}|全天|24小时).*)$", body)
        if not match or not match.group(1):
            raise HoursError(f"“{segment}”应以星期开头，再写时间段（如“周六 9:00-12:00”）")
        ranges = _parse_ranges(match.group(2), segment)
        for day in _parse_days(match.group(1), segment):
            if days[day]:
                raise HoursError(f"{DAY_LABELS[day]}在“{segment}”中重复出现")
            days[day] = list(ranges)
    return WeeklyHours(tuple(tuple(d) for d in days), tuple(n for n in notes if n))


def format_intervals(intervals: tuple[Interval, ...] | list[Interval]) -> str:
    if list(intervals) == [(0, 1440)]:
        return "全天"
    return "，".join(f"{_clock(a)}-{_clock(b)}" for a, b in intervals)


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


@dataclass(frozen=True)
class DayCalendar:
    """What the hall rules need to know about days: working day or not, and the statutory holidays
    (with their names) — a holiday Saturday and an ordinary Saturday differ only in the latter."""

    is_working_day: Callable[[date], bool]
    holidays: Mapping[date, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DayPlan:
    day: date
    intervals: tuple[Interval, ...]
    reason: str = ""  # why closed or special: 国庆节放假 / 调休上班 / 临时闭厅：设备检修


def plan_for(day: date, hours: WeeklyHours, calendar: DayCalendar, *, follows_calendar: bool = True,
             closures: Mapping[date, str] | None = None) -> DayPlan:
    """The hall's hours on ``day``, and the reason when the calendar changed them."""
    if closures and day in closures:
        return DayPlan(day, (), f"临时闭厅：{closures[day]}" if closures[day] else "临时闭厅")
    weekly = hours.for_weekday(day.weekday())
    if not follows_calendar:
        return DayPlan(day, weekly)
    if day in calendar.holidays:
        name = calendar.holidays[day]
        return DayPlan(day, (), f"{name}放假" if name else "法定节假日休息")
    working = calendar.is_working_day(day)
    if day.weekday() < 5:
        return DayPlan(day, weekly if working else (), "" if working else "休息日")
    if working:  # a 调休 Saturday or Sunday
        return DayPlan(day, hours.working_day_hours, "调休上班")
    return DayPlan(day, weekly)


@dataclass(frozen=True)
class OpenStatus:
    is_open: bool
    closes_at: datetime | None  # when open: the end of the current interval
    next_open: datetime | None  # when closed: the start of the next interval within SEARCH_DAYS
    today: DayPlan

    @property
    def label(self) -> str:
        if self.is_open:
            return f"正在办公，{_clock_of(self.closes_at)} 结束" if self.closes_at else "全天开放"
        if self.next_open is None:
            return "暂停办公"
        return f"已休息，{describe_moment(self.next_open, self.today.day)}开放"


def _clock_of(moment: datetime) -> str:
    if moment.time() == time(0, 0):
        return "24:00"
    return f"{moment.hour}:{moment.minute:02d}"


def describe_moment(moment: datetime, today: date) -> str:
    """今天 14:30 / 明天 8:30 / 12月7日（周一）8:30."""
    days = (moment.date() - today).days
    when = {0: "今天", 1: "明天", 2: "后天"}.get(days) or (
        f"{moment.month}月{moment.day}日（{DAY_LABELS[moment.weekday()]}）"
    )
    return f"{when}{' ' if days < 3 else ''}{_clock_of(moment)} "


def open_status(at: datetime, hours: WeeklyHours, calendar: DayCalendar, *, follows_calendar: bool = True,
                closures: Mapping[date, str] | None = None) -> OpenStatus:
    """Open at ``at`` (a local, aware datetime)? If so until when; if not, when next."""
    day = at.date()
    minute = at.hour * 60 + at.minute
    today = plan_for(day, hours, calendar, follows_calendar=follows_calendar, closures=closures)

    def moment(d: date, minutes: int) -> datetime:
        return datetime.combine(d, time(0), tzinfo=at.tzinfo) + timedelta(minutes=minutes)

    for start, end in today.intervals:
        if start <= minute < end:
            closes = _closing(day, end, hours, calendar, follows_calendar, closures)
            return OpenStatus(True, closes if closes is None else moment(*closes), None, today)
    for start, _ in today.intervals:
        if start > minute:
            return OpenStatus(False, None, moment(day, start), today)
    for offset in range(1, SEARCH_DAYS + 1):
        d = day + timedelta(days=offset)
        plan = plan_for(d, hours, calendar, follows_calendar=follows_calendar, closures=closures)
        if plan.intervals:
            return OpenStatus(False, None, moment(d, plan.intervals[0][0]), today)
    return OpenStatus(False, None, None, today)


def _closing(day, end, hours, calendar, follows_calendar, closures) -> tuple[date, int] | None:
    """Where an interval ending at midnight runs on into the next day (24-hour halls), the real
    closing time; None when it never closes within SEARCH_DAYS."""
    for _ in range(SEARCH_DAYS):
        if end < 1440:
            return day, end
        day += timedelta(days=1)
        plan = plan_for(day, hours, calendar, follows_calendar=follows_calendar, closures=closures)
        if not plan.intervals or plan.intervals[0][0] != 0:
            return day, 0
        end = plan.intervals[0][1]
    return None


def parse_closures(text: str) -> dict[date, str]:
    """Extra closure days, one a line: ``2026-12-10 设备检修`` (the reason optional)."""
    closures = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(.*))?$", line)
        if not match:
            raise HoursError(f"第 {number} 行“{line[:30]}”应写作“2026-12-10 设备检修”")
        try:
            day = date(*(int(g) for g in match.group(1, 2, 3)))
        except ValueError:
            raise HoursError(f"第 {number} 行的日期“{line[:10]}”不存在") from None
        reason = (match.group(4) or "").strip()
        if len(reason) > 40:
            raise HoursError(f"第 {number} 行的原因不能超过 40 个字")
        closures[day] = reason
    return closures
