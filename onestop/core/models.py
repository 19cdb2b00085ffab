from django.db import models


class IdempotencyRecord(models.Model):
    """The first answer to a POST with an Idempotency-Key, replayed for any retry with the same key."""

    scope = models.CharField(max_length=100)  # who sent it: e.g. "api-client:12" or "user:5"
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="one_answer_per_key")]


class DayKind(models.TextChoices):
    WORKDAY = "workday", "工作日"
    WEEKEND = "weekend", "周末"
    HOLIDAY = "holiday", "法定节假日"  # a day off in a holiday period (放假调休), weekend days inside it included
    MAKEUP = "makeup", "调休上班"  # a Saturday or Sunday worked in exchange for a day off

    @property
    def is_working(self) -> bool:
        return self in (DayKind.WORKDAY, DayKind.MAKEUP)


class CalendarSource(models.TextChoices):
    LIBRARY = "chinese-calendar", "chinese-calendar"
    NOTICE = "notice", "国务院通知导入"
    ADMIN = "admin", "管理员修改"


class CalendarYear(models.Model):
    """One year of the working calendar; `complete` says every day of it is known from an authoritative source."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=20, choices=CalendarSource.choices)
    complete = models.BooleanField("完整", default=False)  # False: only some days are known; deadlines are estimated
    notice_title = models.CharField("通知标题", max_length=200, blank=True)  # e.g. 国务院办公厅关于2026年部分节假日安排的通知
    notice_reference = models.CharField("文号或出处", max_length=100, blank=True)  # e.g. 国办发明电〔2025〕7号
    imported_at = models.DateTimeField("导入时间")
    updated_at = models.DateTimeField("更新时间", auto_now=True)  # part of the calendar's generation (cache key)

    class Meta:
        ordering = ["-year"]
        verbose_name = verbose_name_plural = "工作日历年度"

    def __str__(self) -> str:
        return f"{self.year} 年"


class CalendarDay(models.Model):
    """A day of the working calendar. Complete years have one row per day; SLA deadlines count working days."""

    date = models.DateField("日期", unique=True)
    is_working_day = models.BooleanField("工作日")  # derived from kind; stored for plain queries and reports
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    holiday_name = models.CharField("节日", max_length=50, blank=True)  # for 法定节假日 and 调休上班: 春节, 国庆节 …
    source = models.CharField("来源", max_length=20, choices=CalendarSource.choices)
    updated_at = models.DateTimeField("更新时间", auto_now=True, db_index=True)  # part of the generation (cache key)

    class Meta:
        ordering = ["date"]
        verbose_name = verbose_name_plural = "工作日历"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(is_working_day=True, kind__in=[DayKind.WORKDAY, DayKind.MAKEUP])
                    | models.Q(is_working_day=False, kind__in=[DayKind.WEEKEND, DayKind.HOLIDAY])
                ),
                name="calendar_day_kind_matches_working",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}"
