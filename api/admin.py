from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "channel", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "digest", "scopes", "created_by", "last_used_at")
    exclude = ()
