"""The working calendar: real 2026 cases, the 2027 fallback, properties, the notice import, the health check."""

import time
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.core import workdays
from onestop.core.holiday_notice import (
    NoticeRejected,
    format_notice,
    library_entries,
    library_years,
    notice_days,
    parse_notice,
)
from onestop.core.models import CalendarDay, CalendarSource, CalendarYear, DayKind
from onestop.core.workdays import (
    NEXT_YEAR_MISSING,
    THIS_YEAR_MISSING,
    Deadline,
    WorkingCalendar,
    add_working_days,
    calendar_warnings,
    deadline_status,
    is_working_day,
    working_days_between,
)
from onestop.core.working_calendar import import_holiday_notice, seed_from_library

EXAMPLE_FILE = Path(__file__).resolve().parents[2] / "onestop/core/data/holiday_notice_2026_example.csv"
IMPORT_URL = "/admin/core/calendaryear/import/"
# Test data, not an official notice: only 元旦 on 1 January, which 《全国年节及纪念日放假办法》 fixes by date.
TEST_NOTICE_2027 = "开始日期,结束日期,名称,类型\n2027-01-01,2027-01-01,元旦,休\n"


def library_calendar() -> WorkingCalendar:
    """The calendar straight from chinese-calendar, without the database."""
    days = [
        (record.date, record.is_working_day)
        for year in library_years()
        for record in notice_days(year, library_entries(year))
    ]
    return WorkingCalendar.from_days(library_years(), days)


LIBRARY = library_calendar()


def rejected(year: int, text: str) -> list[str]:
    with pytest.raises(NoticeRejected) as caught:
        parse_notice(year, text)
    return [str(error) for error in caught.value.errors]


# Real cases (chinese-calendar 1.11.0, 2026) --------------------------------------------------------


@pytest.mark.django_db
def test_the_spring_festival_week_2026_is_skipped_and_its_saturdays_worked():
    # Friday 13 Feb; Saturday 14 Feb is a 调休 working day; 15–23 Feb off; Tuesday 24 Feb back at work.
    assert add_working_days(date(2026, 2, 13), 1) == Deadline(date(2026, 2, 14), estimated=False)
    assert add_working_days(date(2026, 2, 14), 1) == Deadline(date(2026, 2, 24), estimated=False)
    assert add_working_days(date(2026, 2, 13), 3) == Deadline(date(2026, 2, 25), estimated=False)
    assert add_working_days(date(2026, 2, 24), 4) == Deadline(date(2026, 2, 28), estimated=False)  # 调休 Saturday


@pytest.mark.django_db
def test_the_national_day_week_2026_is_skipped():
    # 1–7 Oct off; Saturday 10 Oct worked.
    assert [add_working_days(date(2026, 9, 30), n).date for n in (1, 2, 3, 4)] == [
        date(2026, 10, 8),
        date(2026, 10, 9),
        date(2026, 10, 10),
        date(2026, 10, 12),
    ]
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 12)) == 4


@pytest.mark.django_db
def test_a_tiaoxiu_saturday_is_a_working_day_and_a_holiday_monday_is_not():
    assert is_working_day(date(2026, 2, 28))  # Saturday, 调休上班
    assert is_working_day(date(2026, 1, 4))  # Sunday, 调休上班
    assert not is_working_day(date(2026, 2, 16))  # Monday in the Spring Festival
    assert not is_working_day(date(2026, 2, 21))  # Saturday in the Spring Festival
    assert not is_working_day(date(2026, 3, 7))  # an ordinary Saturday
    assert is_working_day(date(2026, 3, 9))  # an ordinary Monday


@pytest.mark.django_db
def test_counting_starts_on_the_day_after_the_start():
    assert add_working_days(date(2026, 3, 2), 1).date == date(2026, 3, 3)  # Monday → Tuesday
    assert add_working_days(date(2026, 3, 6), 1).date == date(2026, 3, 9)  # Friday → Monday
    assert add_working_days(date(2026, 3, 7), 1).date == date(2026, 3, 9)  # accepted on a Saturday
    assert add_working_days(date(2026, 3, 6), 0) == Deadline(date(2026, 3, 6), estimated=False)  # 即办
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 6), -1)


@pytest.mark.django_db
def test_a_deadline_reaching_into_2027_is_estimated_from_weekends_only():
    deadline = add_working_days(date(2026, 12, 20), 15)
    # 21–25 and 28–31 Dec (9 days), then Friday 1 Jan 2027 (元旦, unknown to the table) and 4–8 Jan.
    assert deadline == Deadline(date(2027, 1, 8), estimated=True)
    assert is_working_day(date(2027, 1, 1))  # the fallback knows only weekends
    assert not is_working_day(date(2027, 1, 2))
    assert add_working_days(date(2026, 12, 1), 5) == Deadline(date(2026, 12, 8), estimated=False)
    assert add_working_days(date(2026, 12, 31), 1).estimated  # the only counted day is in 2027
    assert not add_working_days(date(2026, 12, 31), 0).estimated


@pytest.mark.django_db
def test_the_table_agrees_with_chinese_calendar_on_every_day_it_knows():
    calendar = workdays.current_calendar()
    assert calendar.covered_years == frozenset(library_years())
    day, last = date(library_years().start, 1, 1), date(library_years().stop - 1, 12, 31)
    disagreements = []
    while day <= last:
        if calendar.is_working_day(day) != chinese_calendar.is_workday(day):
            disagreements.append(day)
        day += timedelta(days=1)
    assert disagreements == []
    assert CalendarDay.objects.count() == (last - date(library_years().start, 1, 1)).days + 1
    festival = CalendarDay.objects.get(date=date(2026, 2, 17))
    assert (festival.kind, festival.holiday_name, festival.source) == (DayKind.HOLIDAY, "春节", CalendarSource.LIBRARY)
    assert CalendarDay.objects.get(date=date(2026, 2, 14)).kind == DayKind.MAKEUP


@pytest.mark.django_db
def test_deadline_status_counts_working_days_left():
    assert deadline_status(date(2026, 10, 9), date(2026, 9, 30)) == "due_soon"  # 9 calendar days, 2 working days
    assert deadline_status(date(2026, 10, 12), date(2026, 9, 30)) == "on_time"  # 4 working days
    assert deadline_status(date(2026, 10, 12), date(2026, 10, 12)) == "due_soon"  # the due day itself
    assert deadline_status(date(2026, 10, 12), date(2026, 10, 13)) == "overdue"
    assert deadline_status(date(2026, 3, 11), date(2026, 3, 6)) == "on_time"  # Mon, Tue, Wed left: 3
    assert deadline_status(date(2026, 3, 10), date(2026, 3, 6)) == "due_soon"  # Mon, Tue left: 2


# Properties ----------------------------------------------------------------------------------------

DATES = st.dates(min_value=date(2002, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=300, deadline=None)
@given(start=DATES, n=st.integers(min_value=1, max_value=400))
def test_a_deadline_is_a_working_day_n_working_days_after_the_start(start, n):
    deadline = LIBRARY.add_working_days(start, n)
    assert deadline.date > start
    assert LIBRARY.is_working_day(deadline.date)
    assert LIBRARY.working_days_between(start, deadline.date) == n
    assert LIBRARY.working_days_between(start, deadline.date - timedelta(days=1)) == n - 1
    counted_years = range((start + timedelta(days=1)).year, deadline.date.year + 1)
    assert deadline.estimated == any(year not in library_years() for year in counted_years)


@settings(max_examples=200, deadline=None)
@given(
    exceptions=st.dictionaries(DATES, st.booleans(), max_size=60),
    start=DATES,
    end=DATES,
)
def test_counting_between_two_days_matches_counting_day_by_day(exceptions, start, end):
    calendar = WorkingCalendar(range(2004, 2027), exceptions)
    low, high = min(start, end), max(start, end)
    naive = sum(calendar.is_working_day(low + timedelta(days=i)) for i in range(1, (high - low).days + 1))
    assert calendar.working_days_between(start, end) == (naive if end >= start else -naive)


@pytest.mark.django_db
def test_the_database_calendar_inverts_add_working_days():
    calendar = workdays.current_calendar()

    @settings(max_examples=200, deadline=None)
    @given(start=DATES, n=st.integers(min_value=0, max_value=120))
    def check(start, n):
        assert calendar.working_days_between(start, calendar.add_working_days(start, n).date) == n

    check()


# Speed and cache --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_after_the_first_load_each_call_costs_one_small_query(django_assert_num_queries):
    add_working_days(date(2026, 1, 5), 20)  # loads the calendar
    with django_assert_num_queries(1):
        assert add_working_days(date(2026, 9, 30), 1).date == date(2026, 10, 8)
    with django_assert_num_queries(1):
        assert deadline_status(date(2026, 10, 9), date(2026, 9, 30)) == "due_soon"


@pytest.mark.django_db
def test_a_thousand_deadlines_take_well_under_a_second():
    starts = [date(2025, 1, 1) + timedelta(days=i % 700) for i in range(1000)]
    began = time.perf_counter()
    calendar = workdays.current_calendar()
    deadlines = [calendar.add_working_days(start, 1 + i % 40) for i, start in enumerate(starts)]
    elapsed = time.perf_counter() - began
    assert all(calendar.is_working_day(d.date) for d in deadlines)
    assert elapsed < 0.3, f"1,000 deadlines took {elapsed:.3f} s"


@pytest.mark.django_db
def test_the_process_calendar_follows_a_notice_import():
    assert add_working_days(date(2026, 12, 20), 15) == Deadline(date(2027, 1, 8), estimated=True)
    import_holiday_notice(2027, TEST_NOTICE_2027, title="测试")
    assert add_working_days(date(2026, 12, 20), 15) == Deadline(date(2027, 1, 11), estimated=False)
    assert not is_working_day(date(2027, 1, 1))


# Notice format ------------------------------------------------------------------------------------


def test_every_year_of_chinese_calendar_passes_the_notice_checks():
    for year in library_years():
        entries = parse_notice(year, format_notice(year, library_entries(year)))
        for record in notice_days(year, entries):
            assert record.is_working_day == chinese_calendar.is_workday(record.date), record


def test_the_shipped_example_is_generated_from_chinese_calendar():
    text = EXAMPLE_FILE.read_text(encoding="utf-8")
    data_lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert "\n".join(data_lines) + "\n" == format_notice(2026, library_entries(2026))
    parsed = [(e.start, e.end, e.name, e.day_off) for e in parse_notice(2026, text)]
    assert parsed == [(e.start, e.end, e.name, e.day_off) for e in library_entries(2026)]


def test_the_admin_page_example_lines_come_from_chinese_calendar():
    template = Path(__file__).resolve().parents[2] / "onestop/core/templates/admin/core/calendaryear/import.html"
    shown = [line for line in template.read_text(encoding="utf-8").splitlines() if line.startswith("2026-")]
    shown[-1] = shown[-1].removesuffix("</pre>")
    assert len(shown) == 5
    assert set(shown) <= set(format_notice(2026, library_entries(2026)).splitlines())


def test_the_notice_may_start_in_the_previous_december_for_new_year():
    # The shape of the 2019 notice: 29 Dec 2018 worked, 30 Dec 2018 – 1 Jan 2019 off.
    entries = parse_notice(2019, "2018-12-29,2018-12-29,元旦,班\n2018-12-30,2019-01-01,元旦,休\n")
    records = notice_days(2019, entries)
    assert [(r.date, r.kind) for r in records[:4]] == [
        (date(2018, 12, 29), DayKind.MAKEUP),
        (date(2018, 12, 30), DayKind.HOLIDAY),
        (date(2018, 12, 31), DayKind.HOLIDAY),
        (date(2019, 1, 1), DayKind.HOLIDAY),
    ]
    assert len(records) == 365 + 3


BAD_NOTICES = [
    pytest.param("2027-01-01,2027-01-01,元旦\n", "第 1 行：应为 4 列（开始日期,结束日期,名称,休/班），实际为 3 列", id="columns"),
    pytest.param("2027-02-30,2027-03-01,春节,休\n", "第 1 行：开始日期“2027-02-30”无效，应为 YYYY-MM-DD 格式的真实日期", id="impossible-date"),
    pytest.param("2027-01-01,27-1-3,元旦,休\n", "第 1 行：结束日期“27-1-3”无效，应为 YYYY-MM-DD 格式的真实日期", id="date-format"),
    pytest.param("2027-01-03,2027-01-01,元旦,休\n", "第 1 行：结束日期 2027-01-01 早于开始日期 2027-01-03", id="end-before-start"),
    pytest.param("2027-01-01,2027-03-01,元旦,休\n", "第 1 行：2027-01-01 至 2027-03-01 共 60 天，超过 31 天，请检查日期是否输错", id="range-too-long"),
    pytest.param(
        "2027-01-01,2027-01-01,元旦,休\n2026-10-01,2026-10-03,国庆节,休\n",
        "第 2 行：日期 2026-10-01 不在 2027 年内（除上一年 12 月的元旦调休安排外，通知中的日期都应在 2027 年）",
        id="outside-year",
    ),
    pytest.param("2027-01-01,2027-01-01,元旦,放\n", "第 1 行：类型“放”无效，应为“休”（放假）或“班”（调休上班）", id="bad-type"),
    pytest.param("2027-01-01,2027-01-01,,休\n", "第 1 行：缺少节日名称", id="no-name"),
    pytest.param(
        "2027-01-01,2027-01-01,元旦,休\n2027-01-04,2027-01-04,元旦,班\n",
        "第 2 行：2027-01-04 是星期一，本来就是工作日，不能标为“调休上班”（调休上班只用于周六、周日）",
        id="makeup-on-weekday",
    ),
    pytest.param(
        "开始日期,结束日期,名称,类型\n2027-10-01,2027-10-07,国庆节,休\n2027-10-07,2027-10-08,中秋节,休\n",
        "第 3 行：2027-10-07 已在第 2 行出现，日期区间不能重叠",
        id="overlap",
    ),
    pytest.param("# 只有调休\n2027-01-02,2027-01-02,元旦,班\n", "没有任何“休”的安排：一份节假日安排通知至少有一段放假日期", id="no-days-off"),
]


@pytest.mark.parametrize(("text", "message"), BAD_NOTICES)
def test_each_kind_of_error_is_named_by_line(text, message):
    assert message in rejected(2027, text)


def test_every_bad_line_is_reported_at_once():
    errors = rejected(2027, "2027-01-01,2027-01-01,元旦,休\nxx\n2027-02-30,2027-02-30,,放\n")
    assert errors == [
        "第 2 行：应为 4 列（开始日期,结束日期,名称,休/班），实际为 1 列",
        "第 3 行：开始日期“2027-02-30”无效，应为 YYYY-MM-DD 格式的真实日期",
        "第 3 行：结束日期“2027-02-30”无效，应为 YYYY-MM-DD 格式的真实日期",
        "第 3 行：缺少节日名称",
        "第 3 行：类型“放”无效，应为“休”（放假）或“班”（调休上班）",
    ]


def test_full_width_commas_a_header_comments_and_a_bom_are_accepted():
    entries = parse_notice(2027, "\ufeff# 注释\n开始日期,结束日期,名称,类型\n\n2027-01-01，2027-01-01，元旦，休\n")
    assert [(e.start, e.end, e.name, e.day_off, e.line) for e in entries] == [
        (date(2027, 1, 1), date(2027, 1, 1), "元旦", True, 4)
    ]


# Admin ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_imports_a_pasted_notice(admin_client):
    page = admin_client.get(IMPORT_URL)
    assert page.status_code == 200 and "开始日期,结束日期,名称,类型" in page.content.decode()
    response = admin_client.post(
        IMPORT_URL, {"year": 2027, "text": TEST_NOTICE_2027, "reference": "测试文号", "title": ""}
    )
    assert response.status_code == 302
    year = CalendarYear.objects.get(year=2027)
    assert (year.complete, year.source, year.notice_reference) == (True, CalendarSource.NOTICE, "测试文号")
    assert year.notice_title == "国务院办公厅关于2027年部分节假日安排的通知"
    assert CalendarDay.objects.filter(date__year=2027).count() == 365
    new_year = CalendarDay.objects.get(date=date(2027, 1, 1))
    assert (new_year.kind, new_year.is_working_day, new_year.source) == (DayKind.HOLIDAY, False, CalendarSource.NOTICE)
    assert CalendarDay.objects.get(date=date(2027, 1, 2)).kind == DayKind.WEEKEND
    assert CalendarDay.objects.get(date=date(2027, 1, 4)).kind == DayKind.WORKDAY
    changelist = admin_client.get("/admin/core/calendaryear/")
    assert "已导入 2027 年工作日历：放假 1 天" in changelist.content.decode()


@pytest.mark.django_db
def test_admin_replaces_a_library_year_with_an_uploaded_notice_only_when_asked(admin_client):
    def upload():
        return SimpleUploadedFile("2026.csv", EXAMPLE_FILE.read_bytes(), content_type="text/csv")

    refused = admin_client.post(IMPORT_URL, {"year": 2026, "file": upload()})
    assert refused.status_code == 400
    assert "2026 年的工作日历已完整（来源：chinese-calendar）" in refused.content.decode()
    assert CalendarYear.objects.get(year=2026).source == CalendarSource.LIBRARY

    response = admin_client.post(IMPORT_URL, {"year": 2026, "file": upload(), "replace": "on"})
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2026).source == CalendarSource.NOTICE
    assert CalendarDay.objects.filter(date__year=2026, source=CalendarSource.NOTICE).count() == 365
    calendar = workdays.current_calendar()
    assert all(
        calendar.is_working_day(date(2026, 1, 1) + timedelta(days=i)) == chinese_calendar.is_workday(date(2026, 1, 1) + timedelta(days=i))
        for i in range(365)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "message"), BAD_NOTICES)
def test_admin_shows_each_error_and_changes_nothing(admin_client, text, message):
    days_before = CalendarDay.objects.count()
    response = admin_client.post(IMPORT_URL, {"year": 2027, "text": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "未导入，共发现" in html
    line, _, reason = message.partition("：") if message.startswith("第 ") else ("", "", message)
    assert reason in html and f"<td>{line or '—'}</td><td>{reason}</td>" in html
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert CalendarDay.objects.count() == days_before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": 2027, "text": ""}, "请粘贴节假日安排，或上传文件。"),
        ({"year": 1990, "text": TEST_NOTICE_2027}, "2000"),
        ({"year": 2027, "text": TEST_NOTICE_2027, "file": "x"}, "请只粘贴或只上传一种"),
        ({"year": 2027, "file": "gbk"}, "文件不是 UTF-8 编码的文本。"),
    ],
    ids=["empty", "year-out-of-range", "text-and-file", "not-utf8"],
)
def test_admin_refuses_an_empty_a_doubled_or_a_badly_encoded_form(admin_client, data, message):
    if data.get("file") == "x":
        data["file"] = SimpleUploadedFile("a.csv", TEST_NOTICE_2027.encode(), content_type="text/csv")
    elif data.get("file") == "gbk":
        data["file"] = SimpleUploadedFile("a.csv", TEST_NOTICE_2027.encode("gbk"), content_type="text/csv")
    response = admin_client.post(IMPORT_URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.django_db
def test_admin_corrects_one_day_of_an_uncovered_year(admin_client):
    response = admin_client.post(
        "/admin/core/calendarday/add/", {"date": "2027-01-01", "kind": DayKind.HOLIDAY, "holiday_name": "元旦"}
    )
    assert response.status_code == 302
    day = CalendarDay.objects.get(date=date(2027, 1, 1))
    assert (day.is_working_day, day.source) == (False, CalendarSource.ADMIN)
    assert CalendarYear.objects.get(year=2027).complete is False
    # Still an estimate (2027 is incomplete), but the known holiday is used.
    assert add_working_days(date(2026, 12, 20), 15) == Deadline(date(2027, 1, 11), estimated=True)


@pytest.mark.django_db
def test_admin_refuses_a_day_type_that_does_not_fit_the_weekday(admin_client):
    response = admin_client.post(f"/admin/core/calendarday/{CalendarDay.objects.get(date=date(2026, 3, 9)).pk}/change/", {"kind": DayKind.MAKEUP})
    assert response.status_code == 200
    assert "2026-03-09 是星期一，本来就是工作日" in response.content.decode()
    assert CalendarDay.objects.get(date=date(2026, 3, 9)).kind == DayKind.WORKDAY


@pytest.mark.django_db
def test_admin_calendar_pages_render(admin_client):
    assert admin_client.get("/admin/core/calendaryear/").status_code == 200
    assert admin_client.get("/admin/core/calendarday/?date__year=2026").status_code == 200
    assert admin_client.get(f"/admin/core/calendaryear/{CalendarYear.objects.get(year=2026).pk}/change/").status_code == 200


# Commands -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_import_command_imports_a_file(tmp_path, capsys):
    notice = tmp_path / "2027.csv"
    notice.write_text(TEST_NOTICE_2027, encoding="utf-8")
    call_command("import_holiday_notice", "2027", str(notice), "--reference", "测试")
    assert "Imported 2027: 365 days, 1 days off, 0 make-up working days" in capsys.readouterr().out
    assert CalendarYear.objects.get(year=2027).notice_reference == "测试"


@pytest.mark.django_db
def test_the_import_command_reports_errors_and_changes_nothing(tmp_path, capsys):
    notice = tmp_path / "2027.csv"
    notice.write_text("2027-01-03,2027-01-01,元旦,休\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing imported: 1 errors"):
        call_command("import_holiday_notice", "2027", str(notice))
    assert "第 1 行：结束日期 2027-01-01 早于开始日期 2027-01-03" in capsys.readouterr().err
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.django_db
def test_sync_fills_missing_years_and_keeps_imported_notices(capsys):
    assert seed_from_library() == []
    CalendarYear.objects.filter(year=2020).delete()
    CalendarDay.objects.filter(date__year=2020).delete()
    import_holiday_notice(2026, "2026-10-01,2026-10-08,国庆节,休\n", replace=True)  # differs from the library
    call_command("sync_working_calendar")
    assert "added 2020" in capsys.readouterr().out
    assert CalendarDay.objects.filter(date__year=2020).count() == 366
    assert CalendarYear.objects.get(year=2026).source == CalendarSource.NOTICE
    assert not is_working_day(date(2026, 10, 8))  # the notice, not the library, decides 2026


@pytest.mark.django_db
def test_the_export_command_writes_the_import_format(tmp_path):
    out = tmp_path / "2026.csv"
    call_command("export_holiday_notice", "2026", "--output", str(out))
    assert out.read_text(encoding="utf-8") == format_notice(2026, library_entries(2026))


# Health check ---------------------------------------------------------------------------------------


def _today(monkeypatch, day: date):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


@pytest.mark.django_db
def test_health_warns_from_december_first_when_next_year_is_missing(client, monkeypatch):
    _today(monkeypatch, date(2026, 11, 30))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "warnings": []}

    _today(monkeypatch, date(2026, 12, 1))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["warnings"] == [NEXT_YEAR_MISSING]

    import_holiday_notice(2027, TEST_NOTICE_2027)
    assert client.get("/healthz").json()["warnings"] == []


@pytest.mark.django_db
def test_calendar_warnings_name_a_missing_current_year():
    assert calendar_warnings(date(2027, 3, 1)) == [THIS_YEAR_MISSING]
    assert calendar_warnings(date(2027, 12, 1)) == [THIS_YEAR_MISSING, NEXT_YEAR_MISSING]
    assert calendar_warnings(date(2025, 12, 31)) == []


@pytest.mark.django_db
def test_the_year_list_shows_the_warning_in_chinese(admin_client, monkeypatch):
    _today(monkeypatch, date(2026, 12, 2))
    html = admin_client.get("/admin/core/calendaryear/").content.decode()
    assert "2027 年的工作日历尚未导入" in html
