from django.contrib import admin, messages
from django.urls import reverse

from . import devices
from .models import Kiosk, PrintRecord


@admin.register(Kiosk)
class KioskAdmin(admin.ModelAdmin):
    list_display = ["code", "hall", "location", "is_active", "enrolled_at"]
    list_filter = ["hall", "is_active"]
    search_fields = ["code", "location"]
    readonly_fields = ["enrolled_at"]
    actions = ["make_enrolment_link"]

    @admin.action(description="生成终端登记链接（30 分钟内有效，仅可使用一次）")
    def make_enrolment_link(self, request, queryset):
        for kiosk in queryset:
            code = devices.issue_enrolment_code(kiosk)
            link = request.build_absolute_uri(reverse("kiosk:enrol", args=[code]))
            # Shown this once only; the database keeps its hash.
            messages.success(request, f"{kiosk}：请在该终端的浏览器中打开 {link}")


@admin.register(PrintRecord)
class PrintRecordAdmin(admin.ModelAdmin):
    list_display = ["printed_at", "kiosk", "certificate", "user"]
    list_filter = ["kiosk__hall", "kiosk"]
    date_hierarchy = "printed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
