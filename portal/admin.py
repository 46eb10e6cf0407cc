from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


class ReadOnlyMixin:
    """Viewable and searchable, never edited here: writes with side effects go through the
    services (so they are audited), and records like audit events and the outbox stay true."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Portal", {"fields": ("display_name", "time_zone")}),
    )
    list_display = ("username", "email", "display_name", "is_active", "is_staff", "date_joined")
    search_fields = ("username", "email", "display_name")
