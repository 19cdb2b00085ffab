from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .forms import AdminLoginForm
from .models import Company, IdentityVerification, Person, StaffProfile, User

# The admin login goes through the same login policy as the staff login (login_policy.PolicyBackend);
# this form only words a refusal as a lock instead of a wrong password.
admin.site.login_form = AdminLoginForm


@admin.register(User)
class OnestopUserAdmin(UserAdmin):
    list_display = ("username", "kind", "mobile", "is_staff", "is_active")
    list_filter = ("kind", "is_staff", "is_active")
    fieldsets = UserAdmin.fieldsets + (("一网通办", {"fields": ("kind", "mobile")}),)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    # The ID number is shown masked only; the clear number never reaches an admin page.
    list_display = ("name", "id_masked", "gender", "birth_date", "real_name_verified_at")
    search_fields = ("name",)
    readonly_fields = ("id_masked", "real_name_verified_at", "created_at")
    exclude = ("id_number_encrypted", "id_hash")


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "uscc", "legal_representative")
    search_fields = ("name", "uscc")


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "department", "roles")
    list_filter = ("department",)


@admin.register(IdentityVerification)
class IdentityVerificationAdmin(admin.ModelAdmin):
    """The audit of account bindings: read only."""

    list_display = ("at", "person", "user", "method", "clerk", "detail")
    list_filter = ("method",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
