"""A hall's opening hours on a working day, and the half-hour slots inside them (pure, no database).

Halls keep their hours as the text they publish ("周一至周五 8:30-12:00，14:30-17:30；周六 9:00-12:00
（部分窗口）"). Appointments are offered on working days only, so only the first part (the weekday
hours) counts; a 调休 Saturday is a working day and has the weekday hours. A hall without readable
hours gets the default 9:00–12:00 and 14:00–17:30."""

from __future__ import annotations

import datetime as dt
import re

SLOT_MINUTES = 30
DEFAULT_HOURS: tuple[tuple[dt.time, dt.time], ...] = ((dt.time(9), dt.time(12)), (dt.time(14), dt.time(17, 30)))
_RANGE = re.compile(r"(\d{1,2})[:：](\d{2})\s*[-–—~至到]\s*(\d{1,2})[:：](\d{2})")


def working_day_hours(text: str) -> tuple[tuple[dt.time, dt.time], ...]:
    """The opening periods on a working day, read from the first part of ``text`` (up to "；")."""
    first = re.split(r"[；;]", text or "", maxsplit=1)[0]
    periods = []
    for h1, m1, h2, m2 in _RANGE.findall(first):
        try:
            start, end = dt.time(int(h1), int(m1)), dt.time(int(h2), int(m2))
        except ValueError:
            continue
        if start < end and (not periods or periods[-1][1] <= start):
            periods.append((start, end))
    return tuple(periods) or DEFAULT_HOURS


def day_slots(periods, minutes: int = SLOT_MINUTES) -> list[tuple[dt.time, dt.time]]:
    """Whole slots of ``minutes`` inside each period (a period of 8:30–12:00 gives 8:30 … 11:30)."""
    slots = []
    step = dt.timedelta(minutes=minutes)
    for start, end in periods:
        at = dt.datetime.combine(dt.date.min, start)
        stop = dt.datetime.combine(dt.date.min, end)
        while at + step <= stop:
            slots.append((at.time(), (at + step).time()))
            at += step
    return slots


def format_hours(periods) -> str:
    return "，".join(f"{a:%-H:%M}–{b:%-H:%M}" for a, b in periods)
