from django.contrib import admin

from .models import DataSource, Grant, SourceHealth


class GrantInline(admin.TabularInline):
    model = Grant
    extra = 0
    autocomplete_fields = ["item"]


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "provider", "kind", "subject", "timeout_ms", "enabled"]
    list_editable = ["timeout_ms", "enabled"]
    readonly_fields = ["code", "kind", "subject", "path", "schema"]
    inlines = [GrantInline]


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ["item", "source", "purpose", "granted_at"]
    list_filter = ["source"]
    search_fields = ["item__name", "item__code"]
    autocomplete_fields = ["item"]


@admin.register(SourceHealth)
class SourceHealthAdmin(admin.ModelAdmin):
    list_display = ["source", "consecutive_failures", "open_until", "failures", "last_error", "last_success_at"]
    readonly_fields = [f.name for f in SourceHealth._meta.fields]

    def has_add_permission(self, request):
        return False
