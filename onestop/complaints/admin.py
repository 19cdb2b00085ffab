from django.contrib import admin, messages

from . import keys
from .models import Category, Open311Key, Report, ReportEvent


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "department")
    list_filter = ("level", "department")
    search_fields = ("code", "name", "keywords")
    list_select_related = ("department",)


class EventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "actor", "from_department", "to_department", "note", "at")

    def has_add_permission(self, request, obj=None):
        return False  # the audit trail is written by services.py only


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "kind", "department", "status", "due_date", "public")
    list_filter = ("status", "kind", "public", "channel", "department")
    search_fields = ("number", "title")
    inlines = [EventInline]
    exclude = ("mobile", "token")  # the citizen's number stays in the console, not in lists and exports

    def has_change_permission(self, request, obj=None):
        return False  # changes go through the console (reply, 转办) so that they are audited

    def has_add_permission(self, request):
        return False


@admin.register(Open311Key)
class Open311KeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "active", "created_at", "last_used_at")
    fields = ("name", "active")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        row, key = keys.make_key(obj.name)
        obj.pk, obj.key_hash, obj.prefix, obj.created_at = row.pk, row.key_hash, row.prefix, row.created_at
        if not obj.active:
            Open311Key.objects.filter(pk=row.pk).update(active=False)
        messages.warning(request, f"新密钥（只显示这一次，请妥善保存）：{key}")
