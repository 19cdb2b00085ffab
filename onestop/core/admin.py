"""Working calendar administration (Chinese): years and their sources, single days, the State Council notice import."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .holiday_notice import DAY_OFF, DAY_ON, HEADER, MAX_RANGE_DAYS, NoticeRejected, kind_fits_weekday, weekday_name
from .models import CalendarDay, CalendarYear, DayKind
from .workdays import NEXT_YEAR_MISSING, THIS_YEAR_MISSING, calendar_warnings
from .working_calendar import MAX_YEAR, MIN_YEAR, import_holiday_notice, set_calendar_day

MAX_NOTICE_BYTES = 100_000

# The admin's name in its header, page titles and login page (Django's own default is "Django administration").
admin.site.site_header = _("一网通办管理后台")
admin.site.site_title = _("一网通办管理后台")
admin.site.index_title = _("管理首页")


def warning_text(warning: str, today: date) -> str:
    return {
        THIS_YEAR_MISSING: f"{today.year} 年的工作日历不完整：本年的办件期限只按周一至周五估算。请导入国务院办公厅 {today.year} 年节假日安排通知。",
        NEXT_YEAR_MISSING: f"{today.year + 1} 年的工作日历尚未导入：跨年的办件期限只按周一至周五估算。通知发布后请尽快导入。",
    }.get(warning, warning)


class NoticeImportForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=MIN_YEAR, max_value=MAX_YEAR)
    title = forms.CharField(label="通知标题", max_length=200, required=False, help_text="留空则为“国务院办公厅关于XXXX年部分节假日安排的通知”。")
    reference = forms.CharField(label="文号或网址", max_length=100, required=False, help_text="例如 国办发明电〔……〕……号，或中国政府网的通知网址。")
    text = forms.CharField(label="粘贴安排", widget=forms.Textarea(attrs={"rows": 16, "cols": 60}), required=False)
    file = forms.FileField(label="或上传文件", required=False, help_text="UTF-8 编码的 .csv 或 .txt，最大 100 KB；与粘贴内容二选一。")
    replace = forms.BooleanField(label="替换已有的年度日历", required=False, help_text="该年度已完整时（例如来自 chinese-calendar）必须勾选才会替换。")

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload and text:
            raise ValidationError("请只粘贴或只上传一种，不要同时提供。")
        if upload:
            if upload.size > MAX_NOTICE_BYTES:
                raise ValidationError("文件超过 100 KB。")
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError("文件不是 UTF-8 编码的文本。") from None
        if not text.strip():
            raise ValidationError("请粘贴节假日安排，或上传文件。")
        data["notice_text"] = text
        return data


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "complete", "source", "notice_title", "notice_reference", "imported_at")
    list_filter = ("source", "complete")
    fields = ("year", "source", "complete", "notice_title", "notice_reference", "imported_at", "updated_at")
    readonly_fields = ("year", "source", "complete", "imported_at", "updated_at")
    change_list_template = "admin/core/calendaryear/change_list.html"

    def has_add_permission(self, request):
        return False  # years come from chinese-calendar or from a notice import

    def has_delete_permission(self, request, obj=None):
        return False  # a wrong year is corrected by importing the notice again with "replace"

    def changelist_view(self, request, extra_context=None):
        today = timezone.localdate()
        for warning in calendar_warnings(today):
            self.message_user(request, warning_text(warning, today), messages.WARNING)
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="core_calendaryear_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_change_permission(request):
            return redirect(reverse("admin:core_calendaryear_changelist"))
        errors = []
        initial = {"year": timezone.localdate().year + 1}
        form = NoticeImportForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                summary = import_holiday_notice(
                    data["year"], data["notice_text"], title=data["title"], reference=data["reference"], replace=data["replace"]
                )
            except NoticeRejected as rejected:
                errors = rejected.errors
            else:
                self.message_user(
                    request,
                    f"已导入 {summary.year} 年工作日历：放假 {summary.days_off} 天（含其中的周末），调休上班 {summary.makeup_days} 天"
                    f"{'，已替换原有日历' if summary.replaced else ''}。",
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:core_calendaryear_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "导入国务院节假日安排通知",
            "form": form,
            "errors": errors,
            "opts": self.model._meta,
            "header": HEADER,
            "day_off": DAY_OFF,
            "day_on": DAY_ON,
            "max_range_days": MAX_RANGE_DAYS,
        }
        status = 400 if errors or (request.method == "POST" and not form.is_valid()) else 200
        return render(request, "admin/core/calendaryear/import.html", context, status=status)


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ("date", "kind", "holiday_name")

    def clean(self):
        data = super().clean()
        day, kind = data.get("date") or self.instance.date, data.get("kind")
        if day and kind:
            if reason := kind_fits_weekday(day, kind):
                self.add_error("kind", reason)
            self.instance.is_working_day = DayKind(kind).is_working
        return data


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """One day at a time, for corrections; a whole year comes from a notice import."""

    form = CalendarDayForm
    list_display = ("date", "weekday", "kind", "is_working_day", "holiday_name", "source")
    list_filter = ("kind", "source", "is_working_day")
    search_fields = ("holiday_name",)
    date_hierarchy = "date"
    readonly_fields = ("is_working_day", "source", "updated_at")

    @admin.display(description="星期")
    def weekday(self, obj):
        return weekday_name(obj.date)

    def get_readonly_fields(self, request, obj=None):
        return ("date", *self.readonly_fields) if obj else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False  # change the day's type instead

    def save_model(self, request, obj, form, change):
        saved = set_calendar_day(obj.date, obj.kind, obj.holiday_name)
        obj.pk, obj.is_working_day, obj.source, obj.updated_at = saved.pk, saved.is_working_day, saved.source, saved.updated_at
