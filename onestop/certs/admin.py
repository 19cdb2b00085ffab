from django.contrib import admin

from .models import Certificate, CertificateType, IssuerKey


@admin.register(CertificateType)
class CertificateTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "issuer", "holder_kind", "validity_years")
    search_fields = ("name", "code")
    list_select_related = ("issuer",)


@admin.register(IssuerKey)
class IssuerKeyAdmin(admin.ModelAdmin):
    list_display = ("kid", "department", "alg", "status", "created_at", "retired_at")
    list_filter = ("alg", "status")
    fields = ("kid", "department", "alg", "status", "created_at", "retired_at")
    readonly_fields = fields  # keys are made and rotated by onestop.certs.keys, never typed in

    def has_add_permission(self, request):
        return False


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("number", "cert_type", "holder_display", "issuer", "issued_at", "valid_until", "revoked_at")
    list_filter = ("cert_type", "issuer")
    search_fields = ("number", "identifier")
    list_select_related = ("cert_type", "issuer", "holder_person", "holder_company")
    readonly_fields = [f.name for f in Certificate._meta.fields]

    @admin.display(description="持证主体")
    def holder_display(self, obj):
        return obj.holder_name

    def has_add_permission(self, request):
        return False
