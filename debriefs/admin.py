"""Platform admins read debriefs (they are the team's own record: nothing is edited here)."""

from django.contrib import admin

from .models import Debrief


@admin.register(Debrief)
class DebriefAdmin(admin.ModelAdmin):
    list_display = ("title", "channel", "author_name", "happened_at", "lessons_agreed_at")
    list_filter = ("happened_at",)
    search_fields = ("title", "channel__name", "author_name")
    list_select_related = ("channel",)
    readonly_fields = [field.name for field in Debrief._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
