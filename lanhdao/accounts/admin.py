from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from .models import RoleAssignment, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("lanhdao", {"fields": ("full_name", "position", "phone", "clearance", "must_change_password")}),
    )
    list_display = ["username", "full_name", "clearance", "is_active", "is_superuser"]

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # saved
            services.password_set_in_admin(actor=request.user, user=User.objects.get(pk=id))
        return response


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
