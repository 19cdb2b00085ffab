from django.contrib import admin

from .models import Appointment, ServiceWindow, Ticket


@admin.register(ServiceWindow)
class ServiceWindowAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "hall", "prefix", "serves_all", "slot_capacity", "is_active")
    list_filter = ("hall", "serves_all", "is_active")
    search_fields = ("number", "name")
    filter_horizontal = ("departments", "items")
    list_editable = ("is_active",)


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ("code", "item", "hall", "day", "status", "created_at")
    list_filter = ("status", "hall", "day")
    search_fields = ("code",)
    readonly_fields = [f.name for f in Appointment._meta.fields]

    def has_add_permission(self, request):
        return False  # bookings are made through the portal, where the capacity and the rules apply


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ("number", "hall", "day", "kind", "department", "status", "window", "called_at")
    list_filter = ("hall", "day", "status", "kind")
    readonly_fields = [f.name for f in Ticket._meta.fields]

    def has_add_permission(self, request):
        return False
