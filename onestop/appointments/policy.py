"""The booking rules people are told on the page, as numbers and one pure function (no database)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

BOOKING_WORKING_DAYS = 10  # slots are offered on the next 10 working days, today included
BOOKING_LEAD_MINUTES = 30  # a slot can be booked until 30 minutes before it starts
CHANGE_CUTOFF_MINUTES = 60  # change or cancel until 60 minutes before the slot
CHECK_IN_EARLY_MINUTES = 60  # check in from 60 minutes before the slot until its end
NO_SHOW_LIMIT = 3  # this many no-shows …
NO_SHOW_WINDOW_DAYS = 90  # … within 90 days …
BAN_DAYS = 30  # … and no booking for 30 days from the last of them

RULES_TEXT = (
    f"可预约今天起 {BOOKING_WORKING_DAYS} 个工作日内的时段，最晚在时段开始前 {BOOKING_LEAD_MINUTES} 分钟预约；"
    f"同一事项每人每天限预约 1 次。",
    f"如需改约或取消，请在预约时段开始前 {CHANGE_CUTOFF_MINUTES} 分钟办理。",
    f"请在预约时段开始前 {CHECK_IN_EARLY_MINUTES} 分钟至时段结束前签到取号，预约号优先叫号；过时未签到记爽约一次。",
    f"{NO_SHOW_WINDOW_DAYS} 天内爽约累计 {NO_SHOW_LIMIT} 次的，自第 {NO_SHOW_LIMIT} 次爽约之日起 {BAN_DAYS} 天内不能网上预约，"
    f"仍可到大厅现场取号。",
)


def ban_until(no_show_days: Iterable[dt.date]) -> dt.date | None:
    """The first day someone may book again after their no-shows, or None if the rule never bit:
    each time a no-show is the NO_SHOW_LIMIT-th within NO_SHOW_WINDOW_DAYS, booking stops for BAN_DAYS."""
    days = sorted(no_show_days)
    until = None
    for i in range(NO_SHOW_LIMIT - 1, len(days)):
        if (days[i] - days[i - NO_SHOW_LIMIT + 1]).days < NO_SHOW_WINDOW_DAYS:
            until = days[i] + dt.timedelta(days=BAN_DAYS)
    return until
