"""Platform admin: the sync's rows, read-only. Tokens are never shown: allauth's own
SocialToken admin is taken away, and nothing here displays one."""

from allauth.socialaccount.models import SocialToken
from django.contrib import admin

from portal.admin import ReadOnlyMixin

from .models import TwitchChange, TwitchDrift, TwitchLink, TwitchRoleStatus

if admin.site.is_registered(SocialToken):
    admin.site.unregister(SocialToken)


@admin.register(TwitchLink)
class TwitchLinkAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "channel",
        "broadcaster_login",
        "broadcaster_id",
        "linked_at",
        "token_checked_at",
        "token_lost_at",
    ]
    fields = [
        "channel",
        "broadcaster_login",
        "broadcaster_id",
        "linked_by",
        "linked_at",
        "token_checked_at",
        "token_lost_at",
        "token_scopes",
    ]
    search_fields = ["broadcaster_login", "channel__slug"]


@admin.register(TwitchRoleStatus)
class TwitchRoleStatusAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["channel", "role", "status"]


@admin.register(TwitchChange)
class TwitchChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "channel",
        "label",
        "from_status",
        "to_status",
        "state",
        "attempts",
        "steps_done",
        "created_at",
    ]
    list_filter = ["state"]
    search_fields = ["label", "channel__slug"]


@admin.register(TwitchDrift)
class TwitchDriftAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["channel", "login", "expected_status", "actual_status", "state"]
    list_filter = ["state"]
