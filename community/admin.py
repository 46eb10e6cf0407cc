from django.contrib import admin

from .models import Announcement, PlatformAnnouncement, Profile, ProfileLanguage, ProfilePlatform


class ProfileLanguageInline(admin.TabularInline):
    model = ProfileLanguage
    extra = 0


class ProfilePlatformInline(admin.TabularInline):
    model = ProfilePlatform
    extra = 0


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "open_to_channels", "accepts_invitations", "away_until", "updated_at"]
    list_filter = ["open_to_channels", "accepts_invitations"]
    search_fields = ["user__username", "user__display_name"]
    raw_id_fields = ["user"]
    inlines = [ProfileLanguageInline, ProfilePlatformInline]


@admin.register(PlatformAnnouncement)
class PlatformAnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "is_published", "created_at", "created_by"]
    list_filter = ["is_published"]
    search_fields = ["title", "body"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    """Read-only: channel announcements are the team's own; the admin oversees them."""

    list_display = ["title", "channel", "author", "is_pinned", "created_at"]
    list_filter = ["is_pinned"]
    search_fields = ["title", "channel__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
