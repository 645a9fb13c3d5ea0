from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import RoleAssignment, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("lanhdao", {"fields": ("full_name", "position", "phone", "clearance", "must_change_password")}),
    )
    list_display = ["username", "full_name", "clearance", "is_active", "is_superuser"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "granted_at", "revoked_at"]
    list_filter = ["role"]
    raw_id_fields = ["user", "unit", "granted_by", "revoked_by"]

    def has_delete_permission(self, request, obj=None):
        return False


# Second-factor devices change only through accounts.second_factor, which audits and ends the account's sessions:
# not by hand in the admin, where a device removed would leave the sessions it verified standing.
for _device in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device):
        admin.site.unregister(_device)
