"""Administration of the service halls (服务大厅): fields checked with the same rules as the import
(办公时间 is parsed, coordinates must be WGS-84 in China), and import / export as CSV or Excel."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone

from onestop.catalog.models import Hall
from onestop.catalog.transfer import ImportRejected

from . import transfer, validation

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class HallForm(forms.ModelForm):
    class Meta:
        model = Hall
        fields = "__all__"
        help_texts = {
            "opening_hours": "如“周一至周五 8:30-12:00，14:30-17:30；周六 9:00-12:00（部分窗口）”。地图按此计算是否正在办公。",
            "latitude": "WGS-84（GPS）坐标，如 22.2934", "longitude": "WGS-84（GPS）坐标，如 113.2956",
        }

    def clean(self):
        data = super().clean()
        checks = (
            ("opening_hours", validation.check_hours), ("closed_days", validation.check_closures),
            ("phone", validation.check_phone),
        )
        for name, check in checks:
            if data.get(name):
                problem = check(data[name])
                if problem:
                    self.add_error(name, problem)
        problem = validation.check_point(data.get("latitude"), data.get("longitude"))
        if problem:
            self.add_error("latitude", problem)
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label="大厅文件", help_text="支持 CSV、Excel（.xlsx）；最大 2 MB。整份文件校验通过后才会导入。")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        fmt = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if fmt not in transfer.FORMATS:
            raise forms.ValidationError("仅支持 .csv、.xlsx 文件。")
        if upload.size > transfer.MAX_FILE_BYTES:
            raise forms.ValidationError("文件超过 2 MB。")
        upload.format = fmt
        return upload


@admin.register(Hall)
class HallAdmin(admin.ModelAdmin):
    form = HallForm
    list_display = ("code", "name", "kind", "address", "opening_hours", "follows_calendar")
    list_filter = ("kind", "level", "follows_calendar")
    search_fields = ("code", "name", "address")
    filter_horizontal = ("departments",)
    change_list_template = "admin/catalog/hall/change_list.html"
    fieldsets = (
        (None, {"fields": ("code", "name", "kind", "level", "division_code", "sort_order")}),
        ("地址与联系", {"fields": ("address", "phone", ("latitude", "longitude"))}),
        ("办公时间", {"fields": ("opening_hours", "follows_calendar", "closed_days")}),
        ("业务", {"fields": ("departments",)}),
        ("来源", {"fields": ("source",)}),
    )

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="catalog_hall_import"),
            path("export/<str:fmt>/", self.admin_site.admin_view(self.export_view), name="catalog_hall_export"),
            *super().get_urls(),
        ]

    def export_view(self, request, fmt: str):
        if not self.has_view_permission(request) or fmt not in transfer.FORMATS:
            return redirect(reverse("admin:catalog_hall_changelist"))
        response = HttpResponse(transfer.export_halls(fmt), content_type=CONTENT_TYPES[fmt])
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="halls-{stamp}.{fmt}"'
        return response

    def import_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            return redirect(reverse("admin:catalog_hall_changelist"))
        errors = []
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = transfer.import_halls(upload.read(), upload.format)
            except ImportRejected as rejected:
                errors = rejected.errors
            else:
                self.message_user(request, f"导入成功：新增 {result.created} 个大厅，更新 {result.updated} 个大厅。",
                                  messages.SUCCESS)
                return redirect(reverse("admin:catalog_hall_changelist"))
        context = {**self.admin_site.each_context(request), "title": "导入服务大厅", "form": form, "errors": errors,
                   "opts": self.model._meta, "columns": transfer.COLUMNS}
        return render(request, "admin/catalog/hall/import.html", context, status=400 if errors else 200)
