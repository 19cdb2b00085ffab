"""The date functions added to CEL: age_on (周岁), months_between, days_between."""

import cel
import pytest

from onestop.rules.functions import (
    FUNCTIONS,
    FunctionError,
    age_on,
    days_between,
    months_between,
    take_function_error,
)


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        ("1944-11-28", "2026-11-27", 81),  # the day before the birthday
        ("1944-11-27", "2026-11-27", 82),  # on the birthday
        ("1944-11-26", "2026-11-27", 82),
        ("2000-02-29", "2001-02-28", 1),  # no 29 February: the period ends on the month's last day (民法典 第二百零三条)
        ("2000-02-29", "2004-02-28", 3),  # a leap year has its own 29 February
        ("2000-02-29", "2004-02-29", 4),
        ("2026-11-27", "2026-11-27", 0),
        ("1900-01-01", "2026-11-27", 126),
    ],
)
def test_age_on(birth, on, age):
    assert age_on(birth, on) == age


@pytest.mark.parametrize(
    ("a", "b", "months"),
    [
        ("2026-01-15", "2026-02-15", 1),
        ("2026-01-15", "2026-02-14", 0),
        ("2026-01-31", "2026-02-28", 1),  # month end
        ("2026-01-31", "2026-02-27", 0),
        ("2024-01-31", "2024-02-29", 1),
        ("2024-01-31", "2024-02-28", 0),
        ("2025-06-30", "2026-11-27", 16),
        ("2026-03-15", "2026-01-15", -2),
        ("2026-03-15", "2026-01-16", -1),
        ("2026-11-27", "2026-11-27", 0),
    ],
)
def test_months_between(a, b, months):
    assert months_between(a, b) == months


def test_days_between():
    assert days_between("2026-11-27", "2026-12-01") == 4
    assert days_between("2026-12-01", "2026-11-27") == -4
    assert days_between("2024-02-28", "2024-03-01") == 2


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "日期为空"),
        (19440501, "日期须为 YYYY-MM-DD 文字，得到 int"),
        ("1944-5-1", "日期格式不正确：1944-5-1"),
        ("1944-05-01T00:00", "日期格式不正确：1944-05-01T00:00"),
        ("1944-02-30", "日期不存在：1944-02-30"),
        ("１９４４-05-01", "日期格式不正确：１９４４-05-01"),  # full-width digits are not a date here
    ],
)
def test_bad_dates_are_errors_with_a_chinese_message(value, message):
    with pytest.raises(FunctionError, match=message):
        age_on(value, "2026-11-27")
    take_function_error()


def test_birth_after_the_date_is_an_error():
    with pytest.raises(FunctionError, match="出生日期 2027-01-01 晚于计算日期 2026-11-27"):
        age_on("2027-01-01", "2026-11-27")
    take_function_error()


def test_in_cel_a_failing_function_returns_null_and_reports_quietly(caplog):
    """The library logs every exception of an added function at WARNING with its text (a birth date
    is personal data): the registered functions return null and leave the message for the engine."""
    program = cel.compile("age_on(b, '2026-11-27')")
    take_function_error()
    assert program.execute(cel.Context({"b": "1944-13-01"}, FUNCTIONS)) is None
    assert take_function_error() == "日期不存在：1944-13-01"
    assert take_function_error() is None
    assert "1944-13-01" not in caplog.text
    assert program.execute(cel.Context({"b": "1944-11-27"}, FUNCTIONS)) == 82
    assert take_function_error() is None
