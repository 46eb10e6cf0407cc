"""Platform admin for the community app. Profiles and channel announcements are their
owners' (read here, never edited); platform announcements are written here, through the
same service code path as any other write."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from portal.admin import ReadOnlyMixin

from .models import Announcement, PlatformAnnouncement, Profile, ProfileLanguage, ProfilePlatform
from .services.announcements import platform_announcement_delete, platform_announcement_save


class ProfileLanguageInline(ReadOnlyMixin, admin.TabularInline):
    model = ProfileLanguage
    extra = 0


class ProfilePlatformInline(ReadOnlyMixin, admin.TabularInline):
    model = ProfilePlatform
    extra = 0


@admin.register(Profile)
class ProfileAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: only the moderator edits their profile (profile_update checks the actor)."""

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
    fields = ["title", "body", "is_published", "created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            saved = platform_announcement_save(
                actor=request.user,
                announcement=obj if change else None,
                title=data["title"],
                body=data["body"],
                is_published=data["is_published"],
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        platform_announcement_delete(actor=request.user, announcement=obj)

    def delete_queryset(self, request, queryset):
        for announcement in queryset:
            platform_announcement_delete(actor=request.user, announcement=announcement)


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: channel announcements are the team's own, posted, pinned and deleted through
    the services (audited in the channel's log); the admin oversees them."""

    list_display = ["title", "channel", "author", "is_pinned", "created_at"]
    list_filter = ["is_pinned"]
    search_fields = ["title", "channel__name"]
