"""Catalogue administration (Chinese): departments, themes, items with materials; import/export.
Halls are administered by the hall map (onestop/halls/admin.py)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone

from . import services
from .models import Department, ItemStatus, Material, ServiceItem, Theme
from .transfer import FORMATS, MAX_FILE_BYTES, ImportRejected

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "full_name", "phone", "sort_order")
    search_fields = ("code", "name", "full_name")
    ordering = ("sort_order", "code")


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "audience", "sort_order")
    list_filter = ("audience",)


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = ("position", "name", "form", "count", "required", "ecert_type", "ecert_fields", "note")
    autocomplete_fields = ("ecert_type",)


class ImportForm(forms.Form):
    file = forms.FileField(label="事项文件", help_text="支持 CSV、Excel（.xlsx）、JSON；最大 20 MB。整份文件校验通过后才会导入。")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        fmt = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if fmt not in FORMATS:
            raise forms.ValidationError("仅支持 .csv、.xlsx、.json 文件。")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("文件超过 20 MB。")
        upload.format = fmt
        return upload


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "department", "item_type", "handling", "instant_approval", "status", "version")
    list_filter = ("status", "item_type", "handling", "instant_approval", "department")
    search_fields = ("name", "code")
    list_select_related = ("department",)
    autocomplete_fields = ("department",)
    filter_horizontal = ("themes", "halls")
    readonly_fields = ("version", "published_at", "updated_at")
    inlines = [MaterialInline]
    actions = ["publish", "unpublish", "export_csv", "export_xlsx", "export_json"]
    change_list_template = "admin/catalog/serviceitem/change_list.html"
    fieldsets = (
        (None, {"fields": ("name", "code", "basic_code", "department", "item_type", ("for_person", "for_company"))}),
        ("办理", {"fields": ("handling", ("statutory_days", "promised_days"), "visits", "instant_approval", "themes", "halls")}),
        ("收费与依据", {"fields": ("fee_fen", "fee_note", "legal_basis", "conditions", "procedure")}),
        ("发布", {"fields": ("status", "version", "published_at", "updated_at", "annual_volume")}),
    )

    def save_model(self, request, obj, form, change):
        if obj.status == ItemStatus.PUBLISHED and obj.published_at is None:
            obj.published_at = timezone.now()
        services.save_item(obj)

    @admin.action(description="发布所选事项")
    def publish(self, request, queryset):
        count = services.publish_items(queryset)
        self.message_user(request, f"已发布 {count} 个事项。", messages.SUCCESS)

    @admin.action(description="撤回为草稿")
    def unpublish(self, request, queryset):
        count = services.unpublish_items(queryset)
        self.message_user(request, f"已撤回 {count} 个事项。", messages.SUCCESS)

    def _export(self, queryset, fmt):
        response = HttpResponse(services.export_catalog(fmt, queryset), content_type=CONTENT_TYPES[fmt])
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="catalog-{stamp}.{fmt}"'
        return response

    @admin.action(description="导出所选事项（CSV）")
    def export_csv(self, request, queryset):
        return self._export(queryset, "csv")

    @admin.action(description="导出所选事项（Excel）")
    def export_xlsx(self, request, queryset):
        return self._export(queryset, "xlsx")

    @admin.action(description="导出所选事项（JSON）")
    def export_json(self, request, queryset):
        return self._export(queryset, "json")

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="catalog_serviceitem_import"),
            path("export/<str:fmt>/", self.admin_site.admin_view(self.export_view), name="catalog_serviceitem_export"),
            *super().get_urls(),
        ]

    def export_view(self, request, fmt: str):
        if not self.has_view_permission(request) or fmt not in FORMATS:
            return redirect(reverse("admin:catalog_serviceitem_changelist"))
        return self._export(ServiceItem.objects.all(), fmt)

    def import_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            return redirect(reverse("admin:catalog_serviceitem_changelist"))
        errors = []
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                created, updated = services.import_catalog(upload.read(), upload.format)
            except ImportRejected as rejected:
                errors = rejected.errors
            else:
                self.message_user(request, f"导入成功：新增 {created} 个事项，更新 {updated} 个事项。", messages.SUCCESS)
                return redirect(reverse("admin:catalog_serviceitem_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "导入事项",
            "form": form,
            "errors": errors,
            "opts": self.model._meta,
        }
        return render(request, "admin/catalog/serviceitem/import.html", context, status=400 if errors else 200)
