"""Date functions added to CEL for 秒批 rules. Dates are YYYY-MM-DD strings. Whole months and years
follow 《民法典》第二百零三条: a period ends on the corresponding day of the last month, or on that
month's last day when it has no corresponding day (born 2000-02-29: one year old on 2001-02-28).
Age (周岁) is reached on the birthday. There is deliberately no function that reads the clock or the
working-day calendar: a decision depends only on its inputs, so it can be replayed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import threading

DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")  # \d would also accept full-width digits

_failure = threading.local()


class FunctionError(ValueError):
    pass


def _fail(message: str):
    if getattr(_failure, "message", None) is None:
        _failure.message = message
    raise FunctionError(message)


def take_function_error() -> str | None:
    """The Chinese message of the first added function that failed in this thread since the last call."""
    message = getattr(_failure, "message", None)
    _failure.message = None
    return message


def parse_date(value) -> dt.date:
    if type(value) is not str:
        _fail("日期为空" if value is None else f"日期须为 YYYY-MM-DD 文字，得到 {type(value).__name__}")
    date = _dates.get(value)
    if date is None:
        if not DATE.match(value):
            _fail(f"日期格式不正确：{value[:20]}")
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            _fail(f"日期不存在：{value}")
        if len(_dates) >= 50_000:  # bounded; a batch over a population sees each birth date once
            _dates.clear()
        _dates[value] = date
    return date


_dates: dict[str, dt.date] = {}  # valid dates already parsed (pure: the same text is the same date)


def _whole_months(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day and end.day != calendar.monthrange(end.year, end.month)[1]:
        months -= 1
    return months


def months_between(a, b) -> int:
    """Whole months from a to b (negative when b is before a)."""
    start, end = parse_date(a), parse_date(b)
    return _whole_months(start, end) if end >= start else -_whole_months(end, start)


def days_between(a, b) -> int:
    """b − a in days."""
    return (parse_date(b) - parse_date(a)).days


def age_on(birth_date, date) -> int:
    """Age in whole years (周岁) on `date`."""
    birth, on = parse_date(birth_date), parse_date(date)
    if on < birth:
        _fail(f"出生日期 {birth_date} 晚于计算日期 {date}")
    return _whole_months(birth, on) // 12


def _quiet(function):
    """Report a data problem through `take_function_error()` and return null instead of raising: the
    library logs every exception of an added function at WARNING level with its message, which would
    put birth dates into the logs. The engine treats any expression during which a function failed as
    not evaluable, whatever it returned."""

    def wrapper(*args):
        try:
            return function(*args)
        except FunctionError:
            return None

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


FUNCTIONS = {f.__name__: _quiet(f) for f in (age_on, days_between, months_between)}
