from django.contrib import admin

from .models import CertificateType


@admin.register(CertificateType)
class CertificateTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "issuer_name", "holder_kind")
    search_fields = ("name", "code")
