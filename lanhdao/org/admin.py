from django.contrib import admin

from .models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """Read-only in the admin: units change through the product's pages, which check scope and audit."""

    list_display = ["code", "name", "kind", "depth", "archived_at"]
    list_filter = ["kind", "depth"]
    search_fields = ["code", "search_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
